import type { TextReading } from '@mqsim/filetime';
import {
  type PrintedField,
  readCount,
  readObjects,
  readTransactional,
} from './internal/powershell-output.js';

/**
 * One local queue as `Get-MsmqQueue` reports it (an `MsmqQueue` object's QueueName, MessageCount,
 * BytesInQueue, JournalMessageCount, BytesInJournal and Transactional properties).
 */
export interface LocalQueueInfo {
  /** The queue's path without the machine: `private$\orders`, `orders`. */
  readonly queueName: string;
  readonly messageCount: number;
  readonly bytesInQueue?: number;
  readonly journalMessageCount?: number;
  readonly bytesInJournal?: number;
  readonly transactional?: boolean;
}

/** A column {@link formatQueues} can print, named as the `MsmqQueue` property. */
export type LocalQueueColumn =
  | 'QueueName'
  | 'MessageCount'
  | 'BytesInQueue'
  | 'JournalMessageCount'
  | 'BytesInJournal'
  | 'Transactional';

const NUMERIC_COLUMNS: ReadonlySet<LocalQueueColumn> = new Set([
  'MessageCount',
  'BytesInQueue',
  'JournalMessageCount',
  'BytesInJournal',
]);

/** Every {@link LocalQueueColumn}, in the order {@link formatQueues} prints them. */
const QUEUE_COLUMNS: readonly LocalQueueColumn[] = [
  'QueueName',
  'MessageCount',
  'BytesInQueue',
  'JournalMessageCount',
  'BytesInJournal',
  'Transactional',
];

function cell(row: LocalQueueInfo, column: LocalQueueColumn): string {
  switch (column) {
    case 'QueueName':
      return row.queueName;
    case 'MessageCount':
      return String(row.messageCount);
    case 'BytesInQueue':
      return row.bytesInQueue === undefined ? '' : String(row.bytesInQueue);
    case 'JournalMessageCount':
      return row.journalMessageCount === undefined ? '' : String(row.journalMessageCount);
    case 'BytesInJournal':
      return row.bytesInJournal === undefined ? '' : String(row.bytesInJournal);
    case 'Transactional':
      // PowerShell prints a Boolean as True / False.
      return row.transactional === undefined ? '' : row.transactional ? 'True' : 'False';
  }
}

/**
 * A `Get-MsmqQueue | Format-Table QueueName, MessageCount`-style table of local queues: the
 * header, an underline as long as each header, one row per queue, columns two blanks apart,
 * numbers right-aligned under their header as PowerShell prints them.
 * `columns` picks others of the `MsmqQueue` properties (default `QueueName`, `MessageCount`).
 *
 * @example
 * ```ts
 * formatQueues([{ queueName: 'private$\\orders', messageCount: 3 }]).split('\n');
 * // => ['QueueName        MessageCount', '---------        ------------', 'private$\\orders             3']
 * ```
 */
export function formatQueues(
  rows: readonly LocalQueueInfo[],
  options: { readonly columns?: readonly LocalQueueColumn[] } = {},
): string {
  const header = QUEUE_COLUMNS.filter((column) =>
    (options.columns ?? ['QueueName', 'MessageCount']).includes(column),
  );
  const body = rows.map((row) => header.map((column) => cell(row, column)));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  // Format-Table right-aligns numbers, their header and its underline with them.
  const numeric = (column: number) => NUMERIC_COLUMNS.has(header[column] as LocalQueueColumn);
  const line = (cells: readonly string[]) =>
    cells
      .map((text, column) =>
        numeric(column) ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(header.map((title) => '-'.repeat(title.length))),
    ...body.map(line),
  ].join('\n');
}

/** The properties of a local queue that {@link readQueues} reads. */
export type LocalQueueField =
  | 'queueName'
  | 'formatName'
  | 'machineName'
  | 'messageCount'
  | 'bytesInQueue'
  | 'journalMessageCount'
  | 'bytesInJournal'
  | 'transactional';

/** One local queue as a saved `Get-MsmqQueue` output shows it; `undefined` where not shown. */
export interface ObservedQueue {
  /** 1-based line where the queue's block (list) or row (table) starts. */
  readonly line: number;
  /** The line each property was read from. */
  readonly lines: Readonly<Partial<Record<LocalQueueField, number>>>;
  /** `QueueName` (`private$\orders`), else `PathName` or `Name`, as printed. */
  readonly queueName: string | undefined;
  /** `FormatName` as printed (`DIRECT=OS:app01\private$\orders`). */
  readonly formatName: string | undefined;
  /** `MachineName`. */
  readonly machineName: string | undefined;
  readonly messageCount: number | undefined;
  readonly bytesInQueue: number | undefined;
  readonly journalMessageCount: number | undefined;
  readonly bytesInJournal: number | undefined;
  readonly transactional: boolean | undefined;
  /** The properties PowerShell cut short (`...`): their value is only a prefix. */
  readonly truncated: readonly LocalQueueField[];
}

// The MsmqQueue properties published scripts select: QueueName, PathName, FormatName,
// MessageCount, BytesInQueue, BytesInJournal, JournalMessageCount, Transactional, MachineName
// (Get-MsmqQueue docs example 5; Hung Vo's MSMQ Prometheus exporter; PROVENANCE.md).
const QUEUE_FIELDS: ReadonlyMap<string, LocalQueueField> = new Map([
  ['queuename', 'queueName'],
  ['pathname', 'queueName'],
  ['name', 'queueName'],
  ['formatname', 'formatName'],
  ['machinename', 'machineName'],
  ['messagecount', 'messageCount'],
  ['bytesinqueue', 'bytesInQueue'],
  ['journalmessagecount', 'journalMessageCount'],
  ['bytesinjournal', 'bytesInJournal'],
  ['transactional', 'transactional'],
]);

/**
 * Reads a saved `Get-MsmqQueue` output (text or the file's bytes, any encoding PowerShell
 * writes), as `Format-List` blocks or a `Format-Table` table (columns found by the header and
 * its `----` underline, any order, extra columns ignored, cut cells flagged). Lines it cannot
 * place and counts it cannot read are `problems`; it never throws.
 *
 * @example
 * ```ts
 * const text = 'QueueName        MessageCount\n---------        ------------\nprivate$\\orders             3\n';
 * readQueues(text).value.map((queue) => [queue.queueName, queue.messageCount]);
 * // => [['private$\\orders', 3]]
 * ```
 */
export function readQueues(input: string | Uint8Array): TextReading<ObservedQueue[]> {
  try {
    return readQueuesUnsafe(input);
  } catch {
    // Defensive: the reader is written not to throw; a bug must not take the caller down.
    return {
      value: [],
      problems: [{ line: 1, column: 1, message: 'could not read the output', text: '' }],
    };
  }
}

function readQueuesUnsafe(input: string | Uint8Array): TextReading<ObservedQueue[]> {
  const { objects, problems, lineText } = readObjects(input, 'Get-MsmqQueue output');
  const value: ObservedQueue[] = [];
  for (const object of objects) {
    const read = new Map<LocalQueueField, PrintedField>();
    for (const [name, field] of object.fields) {
      const known = QUEUE_FIELDS.get(name);
      if (known !== undefined && !read.has(known)) read.set(known, field);
    }
    if (read.size === 0) continue;
    const lines: Partial<Record<LocalQueueField, number>> = {};
    const truncated: LocalQueueField[] = [];
    for (const [name, field] of read) {
      lines[name] = field.line;
      if (field.truncated) truncated.push(name);
    }
    const text = (name: LocalQueueField) => {
      const trimmed = read.get(name)?.value.trim();
      return trimmed === undefined || trimmed.length === 0 ? undefined : trimmed;
    };
    const count = (name: LocalQueueField, what: string) => {
      const field = read.get(name);
      return field === undefined ? undefined : readCount(field, what, problems, lineText);
    };
    const transactional = text('transactional');
    value.push({
      line: object.line,
      lines,
      queueName: text('queueName'),
      formatName: text('formatName'),
      machineName: text('machineName'),
      messageCount: count('messageCount', 'MessageCount'),
      bytesInQueue: count('bytesInQueue', 'BytesInQueue'),
      journalMessageCount: count('journalMessageCount', 'JournalMessageCount'),
      bytesInJournal: count('bytesInJournal', 'BytesInJournal'),
      transactional: transactional === undefined ? undefined : readTransactional(transactional),
      truncated,
    });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { value, problems };
}
