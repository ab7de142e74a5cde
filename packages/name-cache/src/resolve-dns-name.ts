import type { TextReading } from '@mqsim/filetime';
import {
  canonicalAddress,
  firstTextIndex,
  isBlank,
  outputLines,
  ProblemList,
  reportedName,
  wholeNumber,
} from './internal/output-text.js';

/** What `Resolve-DnsName NAME` printed: the records it returned and the errors it wrote. */
export interface ResolveDnsNameReport {
  /** The records, in the order printed, from tables and list blocks alike. */
  readonly records: readonly ResolveDnsNameRecord[];
  /** The error records (`Resolve-DnsName : app02 : DNS name does not exist`), in order. */
  readonly errors: readonly ResolveDnsNameError[];
}

/** One DNS record as Resolve-DnsName shows it. */
export interface ResolveDnsNameRecord {
  /** The owner name, lower case; only its start when `truncated`. */
  readonly name: string;
  /** `true` when PowerShell cut the name to fit its column (`…long.na...`). */
  readonly truncated: boolean;
  /** `Type` or `QueryType`: `A`, `AAAA`, `CNAME`, `SOA`, … */
  readonly type: string;
  /** `TTL` in seconds, or `undefined` when not shown. */
  readonly ttl: number | undefined;
  /** `Section`: `Answer`, `Authority`, `Additional`, or `undefined` when not shown. */
  readonly section: string | undefined;
  /**
   * The record's data: `IPAddress`/`IP4Address`/`IP6Address` (canonical) for A and AAAA,
   * `NameHost` (lower case) for CNAME, PTR and NS, otherwise the first column after `Section`
   * (`PrimaryServer` for SOA), as printed.
   */
  readonly data: string | undefined;
}

/** How a Resolve-DnsName lookup failed, from its error record's `FullyQualifiedErrorId`. */
export type ResolveDnsNameErrorStatus =
  | 'nxdomain'
  | 'timeout'
  | 'servfail'
  | 'no-records'
  | 'other';

/** One PowerShell error record written by Resolve-DnsName. */
export interface ResolveDnsNameError {
  /** The name in the error (`app02`), lower case. */
  readonly name: string;
  /** The message after the name, as printed (localized: `Le nom DNS n’existe pas`). */
  readonly message: string;
  /** What the error means, from `errorId` (locale-independent), else from the English message. */
  readonly status: ResolveDnsNameErrorStatus;
  /** The `FullyQualifiedErrorId` before its comma (`DNS_ERROR_RCODE_NAME_ERROR`), if printed. */
  readonly errorId: string | undefined;
}

/** Options of {@link formatResolveDnsName}. */
export interface FormatResolveDnsNameOptions {
  /**
   * `table` (default): what `Resolve-DnsName NAME` prints on its own — a table for the records of
   * the first record's kind and a list block for each other record, as PowerShell's `Out-Default`
   * does; `list`: `Resolve-DnsName NAME | Format-List`.
   */
  readonly shape?: 'table' | 'list';
}

// The two table views of the DnsClient module, as Windows PowerShell 5.1 prints them (Microsoft
// Learn, "Troubleshoot DNS client resolution issues", and captures in __fixtures__/PROVENANCE.md):
// A/AAAA rows with a 46-character Name column, CNAME/PTR/NS rows with a 30-character one.
interface TableView {
  readonly nameWidth: number;
  readonly dataColumn: string;
}
const ADDRESS_VIEW: TableView = { nameWidth: 46, dataColumn: 'IPAddress' };
const NAME_VIEW: TableView = { nameWidth: 30, dataColumn: 'NameHost' };
const TYPE_WIDTH = 6;
const TTL_WIDTH = 5;
const SECTION_WIDTH = 10;
const NAME_TYPES = new Set(['CNAME', 'PTR', 'NS']);

function viewOf(type: string): TableView | undefined {
  if (type === 'A' || type === 'AAAA') return ADDRESS_VIEW;
  return NAME_TYPES.has(type) ? NAME_VIEW : undefined;
}

function listDataKey(type: string): string {
  if (type === 'A') return 'IP4Address';
  if (type === 'AAAA') return 'IP6Address';
  return NAME_TYPES.has(type) ? 'NameHost' : 'Data';
}

const ERROR_IDS: Readonly<Record<Exclude<ResolveDnsNameErrorStatus, 'other'>, string>> = {
  nxdomain: 'DNS_ERROR_RCODE_NAME_ERROR',
  timeout: 'ERROR_TIMEOUT',
  servfail: 'DNS_ERROR_RCODE_SERVER_FAILURE',
  // UNCERTAIN: the id Resolve-DnsName reports for a name with no record of the type asked.
  'no-records': 'DNS_INFO_NO_RECORDS',
};
// UNCERTAIN beyond nxdomain and timeout, whose categories Microsoft Learn shows.
const CATEGORIES: Readonly<Record<ResolveDnsNameErrorStatus, string>> = {
  nxdomain: 'ResourceUnavailable',
  timeout: 'OperationTimeout',
  servfail: 'NotSpecified',
  'no-records': 'NotSpecified',
  other: 'NotSpecified',
};

/**
 * The text Windows PowerShell 5.1 prints for `Resolve-DnsName NAME` (or, with `{ shape: 'list' }`,
 * `Resolve-DnsName NAME | Format-List`), with CRLF line ends: the records, then each error
 * record with its `At line:1 char:1`, `CategoryInfo` and `FullyQualifiedErrorId` lines. In a
 * table, names longer than the column end in `...`, and a TTL longer than its column wraps onto
 * the next line, as PowerShell prints them.
 *
 * @example
 * ```ts
 * const text = formatResolveDnsName({
 *   records: [{ name: 'app02.corp.example', truncated: false, type: 'A', ttl: 1200, section: 'Answer', data: '10.0.0.20' }],
 *   errors: [],
 * });
 * text.split('\r\n').slice(1, 4);
 * // => ['Name                                           Type   TTL   Section    IPAddress', '----                                           ----   ---   -------    ---------', 'app02.corp.example                             A      1200  Answer     10.0.0.20']
 * ```
 */
export function formatResolveDnsName(
  report: ResolveDnsNameReport,
  options: FormatResolveDnsNameOptions = {},
): string {
  // The blank line before the records is the success stream's; error records alone start at once.
  const lines: string[] = report.records.length > 0 ? [''] : [];
  const first = report.records[0];
  const view = options.shape === 'list' || first === undefined ? undefined : viewOf(first.type);
  let headed = false;
  let last: 'row' | 'list' | undefined;
  for (const record of report.records) {
    if (view !== undefined && viewOf(record.type) === view) {
      if (last === 'list') lines.push('');
      if (!headed) {
        lines.push(tableLine(view, 'Name', 'Type', 'TTL', 'Section', view.dataColumn));
        lines.push(
          tableLine(view, '----', '----', '---', '-------', '-'.repeat(view.dataColumn.length)),
        );
        headed = true;
      }
      lines.push(...tableRow(view, record));
      last = 'row';
      continue;
    }
    if (last === 'row') lines.push('');
    lines.push(...listBlock(record), '', '');
    last = 'list';
  }
  if (last === 'row') lines.push('', '');
  for (const error of report.errors) lines.push(...errorLines(error));
  return `${lines.join('\r\n')}\r\n`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function tableLine(view: TableView, ...cells: [string, string, string, string, string]): string {
  const [name, type, ttl, section, data] = cells;
  return `${pad(name, view.nameWidth)} ${pad(type, TYPE_WIDTH)} ${pad(ttl, TTL_WIDTH)} ${pad(section, SECTION_WIDTH)} ${data}`.trimEnd();
}

function tableRow(view: TableView, record: ResolveDnsNameRecord): string[] {
  const name =
    record.name.length > view.nameWidth
      ? `${record.name.slice(0, view.nameWidth - 3)}...`
      : record.name;
  const ttl = record.ttl === undefined ? '' : String(record.ttl);
  const row = tableLine(
    view,
    name,
    record.type,
    ttl.slice(0, TTL_WIDTH),
    record.section ?? '',
    record.data ?? '',
  );
  const rows = [row];
  // PowerShell wraps a cell that does not fit its column onto the next lines, under the column.
  for (let offset = TTL_WIDTH; offset < ttl.length; offset += TTL_WIDTH) {
    rows.push(
      `${' '.repeat(view.nameWidth + 1 + TYPE_WIDTH + 1)}${ttl.slice(offset, offset + TTL_WIDTH)}`,
    );
  }
  return rows;
}

function listBlock(record: ResolveDnsNameRecord): string[] {
  const pairs: [string, string][] = [
    ['Name', record.name],
    ['QueryType', record.type],
  ];
  if (record.ttl !== undefined) pairs.push(['TTL', String(record.ttl)]);
  if (record.section !== undefined) pairs.push(['Section', record.section]);
  if (record.data !== undefined) pairs.push([listDataKey(record.type), record.data]);
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${pad(key, width)} : ${value}`);
}

function errorLines(error: ResolveDnsNameError): string[] {
  const command = `Resolve-DnsName ${error.name}`;
  const id = error.errorId ?? (error.status === 'other' ? 'NotSpecified' : ERROR_IDS[error.status]);
  return [
    `Resolve-DnsName : ${error.name} : ${error.message}`,
    'At line:1 char:1',
    `+ ${command}`,
    `+ ${'~'.repeat(command.length)}`,
    `    + CategoryInfo          : ${CATEGORIES[error.status]}: (${error.name}:String) [Resolve-DnsName], Win32Exception`,
    `    + FullyQualifiedErrorId : ${id},Microsoft.DnsClient.Commands.ResolveDnsName`,
    // Windows PowerShell 5.1 ends an error record with a line of one space.
    ' ',
  ];
}

// Cells by the column's header: Name, Type, TTL, Section, and the data: the first other column
// (IPAddress, NameHost, PrimaryServer, …). Further columns (NameAdministrator, …) are skipped.
type ColumnRole = 'name' | 'type' | 'ttl' | 'section' | 'data' | 'other';

interface Column {
  readonly role: ColumnRole;
  readonly start: number;
  readonly end: number;
}

interface RecordDraft {
  name: string | undefined;
  truncated: boolean;
  type: string | undefined;
  ttl: string | undefined;
  section: string | undefined;
  data: string | undefined;
  index: number;
  line: string;
}

const DATA_KEYS = new Set(['ipaddress', 'ip4address', 'ip6address', 'namehost']);
const IGNORED_KEYS = new Set(['characterset', 'datalength']);

/**
 * Reads saved `Resolve-DnsName` output back into a {@link ResolveDnsNameReport}: the default
 * tables (`Name Type TTL Section IPAddress` over a `----` underline; columns are taken from the
 * underline's positions, so other views such as `NameHost` work too; names cut with `...` or `…`
 * are marked `truncated`; cells wrapped onto the next line are joined), the list blocks of
 * `Out-Default` and `| Format-List` (`Name : …`, `Type` or `QueryType`, `TTL`, `Section`,
 * `IPAddress`/`IP4Address`/`IP6Address`/`NameHost`; other properties are skipped), and error
 * records, classified by their `FullyQualifiedErrorId`. Lines it cannot place are reported with
 * their line and column.
 *
 * @example
 * ```ts
 * const { value } = readResolveDnsName([
 *   'Resolve-DnsName : app02 : DNS name does not exist',
 *   'At line:1 char:1',
 *   '+ Resolve-DnsName app02',
 *   '+ ~~~~~~~~~~~~~~~~~~~~~',
 *   '    + CategoryInfo          : ResourceUnavailable: (app02:String) [Resolve-DnsName], Win32Exception',
 *   '    + FullyQualifiedErrorId : DNS_ERROR_RCODE_NAME_ERROR,Microsoft.DnsClient.Commands.ResolveDnsName',
 * ].join('\r\n'));
 * value.errors; // => [{ name: 'app02', message: 'DNS name does not exist', status: 'nxdomain', errorId: 'DNS_ERROR_RCODE_NAME_ERROR' }]
 * ```
 */
export function readResolveDnsName(input: string | Uint8Array): TextReading<ResolveDnsNameReport> {
  const lines = outputLines(input);
  const problems = new ProblemList();
  const records: ResolveDnsNameRecord[] = [];
  const errors: ResolveDnsNameError[] = [];
  let columns: Column[] | undefined;
  let row: RecordDraft | undefined;
  let block: RecordDraft | undefined;
  let error: { name: string; message: string; errorId: string | undefined } | undefined;

  const finish = (draft: RecordDraft | undefined) => {
    if (draft === undefined) return;
    const record = toRecord(draft, problems);
    if (record !== undefined) records.push(record);
  };
  const finishError = () => {
    if (error === undefined) return;
    errors.push({ ...error, status: errorStatus(error.errorId, error.message) });
    error = undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (isBlank(line)) {
      finish(row);
      finish(block);
      row = undefined;
      block = undefined;
      finishError();
      continue;
    }
    const start = firstTextIndex(line);
    const text = line.slice(start).trimEnd();
    const header = /^resolve-dnsname\s*:\s*/i.exec(text);
    if (header !== null && start === 0) {
      finish(row);
      row = undefined;
      finishError();
      const rest = text.slice(header[0].length);
      const split = rest.indexOf(' : ');
      error = {
        name: reportedName(split < 0 ? '' : rest.slice(0, split)),
        message: split < 0 ? rest : rest.slice(split + 3),
        errorId: undefined,
      };
      continue;
    }
    if (error !== undefined) {
      const id = /^\+\s*FullyQualifiedErrorId\s*:\s*([^,\s]+)/.exec(text);
      if (id !== null) error.errorId = id[1];
      // "At line:1 char:1" (localized: "Au caractère Ligne:1 : 1"), the command, its underline,
      // CategoryInfo: the rest of the record.
      continue;
    }
    const underline = lines[index + 1];
    if (underline !== undefined && isUnderline(underline)) {
      finish(row);
      row = undefined;
      columns = toColumns(line, underline);
      index++;
      continue;
    }
    const pair = listPair(text);
    if (pair !== undefined && start === 0) {
      finish(row);
      row = undefined;
      if (block === undefined) block = newDraft(index, line);
      const key = pair.key.toLowerCase();
      if (key === 'name') setName(block, pair.value);
      else if (key === 'type' || key === 'querytype') block.type = pair.value;
      else if (key === 'ttl') block.ttl = pair.value;
      else if (key === 'section') block.section = pair.value;
      else if (DATA_KEYS.has(key)) block.data = pair.value;
      else if (block.data === undefined && !IGNORED_KEYS.has(key)) block.data = pair.value;
      continue;
    }
    if (columns !== undefined && block === undefined) {
      const cells = columns.map((column) => line.slice(column.start, column.end).trim());
      if (cells[0] === '' && row !== undefined) {
        // A wrapped row: each cell's text continues the cell above it.
        const draft = row;
        columns.forEach((column, at) => {
          const cell = cells[at] ?? '';
          if (cell !== '') appendCell(draft, column.role, cell);
        });
        continue;
      }
      finish(row);
      row = newDraft(index, line);
      const draft = row;
      columns.forEach((column, at) => {
        appendCell(draft, column.role, cells[at] ?? '');
      });
      continue;
    }
    problems.add(
      index,
      line,
      start,
      'expected a table header over a "----" underline, a table row, a "Name : value" line or a "Resolve-DnsName :" error',
    );
  }
  finish(row);
  finish(block);
  finishError();
  return problems.reading({ records, errors });
}

function newDraft(index: number, line: string): RecordDraft {
  return {
    name: undefined,
    truncated: false,
    type: undefined,
    ttl: undefined,
    section: undefined,
    data: undefined,
    index,
    line,
  };
}

function setName(draft: RecordDraft, text: string): void {
  let name = text;
  for (const ellipsis of ['...', '…']) {
    if (name.endsWith(ellipsis)) {
      name = name.slice(0, -ellipsis.length);
      draft.truncated = true;
    }
  }
  draft.name = name;
}

function appendCell(draft: RecordDraft, role: ColumnRole, cell: string): void {
  if (role === 'name') setName(draft, (draft.name ?? '') + cell);
  else if (role === 'type') draft.type = (draft.type ?? '') + cell;
  else if (role === 'ttl') draft.ttl = (draft.ttl ?? '') + cell;
  else if (role === 'section') draft.section = (draft.section ?? '') + cell;
  else if (role === 'data') draft.data = (draft.data ?? '') + cell;
}

function toRecord(draft: RecordDraft, problems: ProblemList): ResolveDnsNameRecord | undefined {
  const { name, type } = draft;
  if (name === undefined || name === '' || type === undefined || type === '') {
    problems.add(draft.index, draft.line, 0, 'expected a record with its Name and Type');
    return undefined;
  }
  let ttl: number | undefined;
  if (draft.ttl !== undefined && draft.ttl !== '') {
    ttl = wholeNumber(draft.ttl);
    if (ttl === undefined) {
      problems.add(
        draft.index,
        draft.line,
        0,
        `expected the TTL in seconds, found ${JSON.stringify(draft.ttl)}`,
      );
    }
  }
  let data = draft.data === '' ? undefined : draft.data;
  if (data !== undefined && (type === 'A' || type === 'AAAA')) {
    const address = canonicalAddress(data);
    if (address === undefined) {
      problems.add(
        draft.index,
        draft.line,
        0,
        `expected an IP address as the ${type} record's data, found ${JSON.stringify(data)}`,
      );
    } else data = address;
  } else if (data !== undefined && NAME_TYPES.has(type)) data = reportedName(data);
  return {
    name: reportedName(name),
    truncated: draft.truncated,
    type,
    ttl,
    section: draft.section === '' ? undefined : draft.section,
    data,
  };
}

function isUnderline(line: string): boolean {
  const text = line.trim();
  if (text === '' || !text.startsWith('-')) return false;
  for (const char of text) if (char !== '-' && char !== ' ') return false;
  return true;
}

function toColumns(header: string, underline: string): Column[] {
  const starts: number[] = [];
  for (let index = 0; index < underline.length; index++) {
    if (underline[index] === '-' && (index === 0 || underline[index - 1] !== '-'))
      starts.push(index);
  }
  let data = false;
  return starts.map((start, at) => {
    const end = starts[at + 1] ?? Number.MAX_SAFE_INTEGER;
    const name = header.slice(start, end).trim().toLowerCase();
    let role: ColumnRole =
      name === 'name' || name === 'type' || name === 'ttl' || name === 'section' ? name : 'other';
    if (role === 'other' && !data) {
      role = 'data';
      data = true;
    }
    return { role, start, end };
  });
}

// "Key : value" with a one-word key padded to the block's longest (Format-List).
function listPair(text: string): { key: string; value: string } | undefined {
  let index = 0;
  while (index < text.length && /[A-Za-z0-9_]/.test(text[index] ?? '')) index++;
  if (index === 0) return undefined;
  const key = text.slice(0, index);
  while (text[index] === ' ') index++;
  if (text[index] !== ':' || (index + 1 < text.length && text[index + 1] !== ' ')) return undefined;
  return { key, value: text.slice(index + 1).trim() };
}

function errorStatus(errorId: string | undefined, message: string): ResolveDnsNameErrorStatus {
  for (const [status, id] of Object.entries(ERROR_IDS)) {
    if (id === errorId) return status as ResolveDnsNameErrorStatus;
  }
  if (errorId !== undefined) return 'other';
  const lower = message.toLowerCase();
  if (lower === 'dns name does not exist') return 'nxdomain';
  if (lower.includes('timeout period expired')) return 'timeout';
  return 'other';
}
