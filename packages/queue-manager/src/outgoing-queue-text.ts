import type { TextReading } from '@mqsim/filetime';
import { canonicalIp } from '@mqsim/name-cache';
import { type FormatName, machineOf, parseFormatName } from './format-name.js';
import {
  type PrintedField,
  readCount,
  readObjects,
  readTransactional,
} from './internal/powershell-output.js';
import type { OutgoingQueueInfo, OutgoingStateName } from './outgoing-queue.js';

/** How {@link formatOutgoingQueueList} prints the times of the Connection History. */
export interface OutgoingQueueListOptions {
  /** The text of an attempt's time (clock ticks); the default prints the ticks. */
  readonly formatTime?: (t: number) => string;
}

/**
 * `Get-MsmqOutgoingQueue | Format-List`: one `Name : value` block per outgoing queue, as
 * PowerShell lists an object's properties, with the Connection History (the MMC's tab: each
 * attempt's time, address and result) as the last property, one attempt per line.
 *
 * @example
 * ```ts
 * const row = { queueName: 'orders@APP01', state: 'Waiting', nextHop: '10.0.0.20', nextHops: ['10.0.0.20', '10.0.0.21'], messageCount: 3, messageBytes: 3072, unacknowledgedCount: 0, lastFailure: undefined } as const;
 * formatOutgoingQueueList([row]).split('\n').slice(1, 4);
 * // => ['QueueName                  : orders@APP01', 'State                      : Waiting', 'NextHops                   : {10.0.0.20, 10.0.0.21}']
 * ```
 */
export function formatOutgoingQueueList(
  rows: readonly OutgoingQueueInfo[],
  options: OutgoingQueueListOptions = {},
): string {
  const formatTime = options.formatTime ?? ((t: number) => String(t));
  const blocks = rows.map((row) => {
    const history = (row.connectionHistory ?? []).map(
      (attempt) =>
        `${formatTime(attempt.t)}  ${attempt.address ?? '(unresolved)'}  ${
          attempt.result === 'connected' ? 'connected' : `failed: ${attempt.reason ?? ''}`
        }`,
    );
    const fields: [string, string[]][] = [
      ['QueueName', [row.queueName]],
      ['State', [row.state]],
      [
        'NextHops',
        [`{${(row.nextHops ?? (row.nextHop === undefined ? [] : [row.nextHop])).join(', ')}}`],
      ],
      ['MessageCount', [String(row.messageCount)]],
      ['MessageBytes', [String(row.messageBytes)]],
      ['UnacknowledgedMessageCount', [String(row.unacknowledgedCount)]],
      ['LastError', [row.lastFailure ?? '']],
      ['ConnectionHistory', history.length === 0 ? [''] : history],
    ];
    const width = Math.max(...fields.map(([name]) => name.length));
    return fields
      .flatMap(([name, values]) =>
        values.map((value, index) =>
          `${(index === 0 ? name : '').padEnd(width)} ${index === 0 ? ':' : ' '} ${value}`.trimEnd(),
        ),
      )
      .join('\n');
  });
  return `\n${blocks.join('\n\n')}\n`;
}

/** The properties of an outgoing queue that {@link readOutgoingQueues} reads. */
export type OutgoingQueueField =
  | 'queueName'
  | 'state'
  | 'nextHops'
  | 'messageCount'
  | 'messageBytes'
  | 'unacknowledgedCount'
  | 'unprocessedCount'
  | 'lastError'
  | 'transactional'
  | 'connectionHost'
  | 'connectionHistory';

/**
 * One outgoing queue as a saved `Get-MsmqOutgoingQueue` output shows it: what the text says, as
 * plain data, `undefined` where the output does not show a property (a table prints few of them).
 */
export interface ObservedOutgoingQueue {
  /** 1-based line where the queue's block (list) or row (table) starts. */
  readonly line: number;
  /** The line each property was read from. */
  readonly lines: Readonly<Partial<Record<OutgoingQueueField, number>>>;
  /** The destination as printed (`DestinationQueueFormatName`, `QueueName` or `FormatName`). */
  readonly queueName: string | undefined;
  /** The destination parsed, when `parseFormatName` accepts it (not when it was cut short). */
  readonly formatName: FormatName | undefined;
  /** The destination computer: its name for `DIRECT=OS:`, its address for `DIRECT=TCP:`. */
  readonly machine: string | undefined;
  /** The state, whichever spelling was printed; `undefined` when absent or unknown. */
  readonly state: OutgoingStateName | undefined;
  /** The state as printed (`MQ_QUEUE_STATE_WAITING`, `Waiting to connect`, …). */
  readonly stateText: string | undefined;
  /** The next hops as plain addresses (`IP=10.0.0.20` → `10.0.0.20`); `[]` for `{}`. */
  readonly nextHops: readonly string[] | undefined;
  readonly messageCount: number | undefined;
  /** `BytesInQueue` (PowerShell) or `MessageBytes` (mqsim's table). */
  readonly messageBytes: number | undefined;
  readonly unacknowledgedCount: number | undefined;
  readonly unprocessedCount: number | undefined;
  /** `LastError`; `undefined` when empty. */
  readonly lastError: string | undefined;
  /** `Transactional`; `undefined` when absent or `MQ_XACT_STATUS_UNKNOWN`. */
  readonly transactional: boolean | undefined;
  /** `ConnectionHost`: the computer the queue connects to, as printed. */
  readonly connectionHost: string | undefined;
  /** `ConnectionHistory`, one entry per printed line. */
  readonly connectionHistory: readonly string[] | undefined;
  /** The properties PowerShell cut short (`...`): their value is only a prefix. */
  readonly truncated: readonly OutgoingQueueField[];
}

// Property names: mqsim's own (QueueName, MessageBytes) and the MsmqOutgoingQueue object's, as
// published scripts select them (DestinationQueueFormatName, BytesInQueue,
// UnacknowledgedMessageCount, UnprocessedMessageCount, ConnectionHost, Transactional, LastError:
// facts file §10; github.com/KristofferRisa gist 56e2b28c…, Hung Vo's MSMQ Prometheus exporter).
const OUTGOING_FIELDS: ReadonlyMap<string, OutgoingQueueField> = new Map([
  ['destinationqueueformatname', 'queueName'],
  ['queuename', 'queueName'],
  ['formatname', 'queueName'],
  ['destinationformatname', 'queueName'],
  ['state', 'state'],
  ['nexthops', 'nextHops'],
  ['nexthop', 'nextHops'],
  ['messagecount', 'messageCount'],
  ['bytesinqueue', 'messageBytes'],
  ['messagebytes', 'messageBytes'],
  ['unacknowledgedmessagecount', 'unacknowledgedCount'],
  ['unacknowledgemessagecount', 'unacknowledgedCount'],
  ['unacknowledgedcount', 'unacknowledgedCount'],
  ['unprocessedmessagecount', 'unprocessedCount'],
  ['unprocessedcount', 'unprocessedCount'],
  ['lasterror', 'lastError'],
  ['transactional', 'transactional'],
  ['transactionalstatus', 'transactional'],
  ['connectionhost', 'connectionHost'],
  ['connectionhistory', 'connectionHistory'],
]);

// Every spelling of a state, normalised (lower case, `mq_queue_state_` and blanks, `_`, `-`
// removed): the OutgoingQueue.State names ([MS-MQDMPR] 3.1.1.3), the QUEUE_STATE constants
// ([MS-MQAC] 2.2.2.19, MQ_QUEUE_STATE_*; ms705730 also writes MQ_QUEUE_STATE_INACTIVE), the
// PROPID_MGMT_QUEUE_STATE strings ("NEED VALIDATION", "ONHOLD", ms703960), the MMC's labels
// ("Waiting to connect", "On hold") and the QUEUE_STATE numbers 1–8 (facts file §1, §10).
const STATE_SPELLINGS: ReadonlyMap<string, OutgoingStateName> = new Map([
  ['connected', 'Connected'],
  ['6', 'Connected'],
  ['waiting', 'Waiting'],
  ['waitingtoconnect', 'Waiting'],
  ['2', 'Waiting'],
  ['inactive', 'Inactive'],
  ['nonactive', 'Inactive'],
  ['5', 'Inactive'],
  ['onhold', 'OnHold'],
  ['4', 'OnHold'],
  ['disconnected', 'Disconnected'],
  ['1', 'Disconnected'],
  ['disconnecting', 'Disconnecting'],
  ['7', 'Disconnecting'],
  ['needvalidate', 'NeedValidation'],
  ['needvalidation', 'NeedValidation'],
  ['3', 'NeedValidation'],
  ['locked', 'Locked'],
  ['8', 'Locked'],
]);

const STATE_ALLOWED =
  'Connected, Waiting, Inactive, OnHold, Disconnected, Disconnecting, NeedValidation, Locked, their MQ_QUEUE_STATE_* constants or the MMC labels (Waiting to connect, On hold)';

/**
 * The outgoing-queue state a printed state names, in any of the spellings Windows tools print:
 * the `OutgoingQueue.State` names, the `MQ_QUEUE_STATE_*` constants, the management API's
 * strings and the MMC's labels; `undefined` for anything else.
 *
 * @example
 * ```ts
 * readOutgoingState('MQ_QUEUE_STATE_WAITING'); // => 'Waiting'
 * readOutgoingState('Waiting to connect'); // => 'Waiting'
 * readOutgoingState('On hold'); // => 'OnHold'
 * readOutgoingState('Sleeping'); // => undefined
 * ```
 */
export function readOutgoingState(text: string): OutgoingStateName | undefined {
  let key = text.trim().toLowerCase();
  if (key.startsWith('mq_queue_state_')) key = key.slice('mq_queue_state_'.length);
  key = key.replace(/[\s_-]/g, '');
  return STATE_SPELLINGS.get(key);
}

/** `{IP=10.0.0.20, IP=10.0.0.21}`, `{10.0.0.20}`, `IP = 10.0.0.20`, a bare list: plain addresses. */
function readNextHops(value: string): string[] {
  let text = value.trim();
  if (text.startsWith('{')) text = text.slice(1);
  if (text.endsWith('}')) text = text.slice(0, -1);
  const hops: string[] = [];
  for (const item of text.split(/[,;]/)) {
    let hop = item.trim();
    if (hop.length === 0) continue;
    const equals = hop.indexOf('=');
    // NextHops strings are `IP = <address>`, `IPX = …` or `FOREIGN = <GUID>` (ms704940); only the
    // IP ones lose their prefix, the others stay as printed.
    if (equals > 0 && hop.slice(0, equals).trim().toUpperCase() === 'IP') {
      hop = hop.slice(equals + 1).trim();
    }
    let address = hop;
    try {
      address = canonicalIp(hop);
    } catch {
      // not an IP address: kept as printed
    }
    hops.push(address);
  }
  return hops;
}

/**
 * Reads a saved `Get-MsmqOutgoingQueue` output, as text or as the bytes of the file (UTF-16LE
 * with a BOM from Windows PowerShell's `>`, UTF-8, CRLF), in either shape PowerShell prints:
 * `Format-List` (the default: `Name : value` blocks, long values continued on indented lines,
 * collections as `{a, b}` cut with `...`) or `Format-Table` (columns found by the header and its
 * `----` underline, in any order, with extra columns, cut cells and `-Wrap` continuation lines).
 * States are read in every spelling ({@link readOutgoingState}), next hops as plain addresses,
 * the destination format name with `parseFormatName`. Lines it cannot place and values it cannot
 * read are `problems` (line, column, what was expected); it goes on with the next line and never
 * throws.
 *
 * @example
 * ```ts
 * const text = '\r\nDestinationQueueFormatName : DIRECT=OS:app01\\private$\\orders\r\nState                      : MQ_QUEUE_STATE_WAITING\r\nNextHops                   : {IP=10.0.0.20}\r\nMessageCount               : 1200\r\n';
 * const { value, problems } = readOutgoingQueues(text);
 * [value[0]?.machine, value[0]?.state, value[0]?.nextHops, value[0]?.messageCount, problems.length];
 * // => ['app01', 'Waiting', ['10.0.0.20'], 1200, 0]
 * readOutgoingQueues('QueueName     State\n---------     -----\norders@APP01  Waiting to connect').value[0]?.state; // => 'Waiting'
 * ```
 */
export function readOutgoingQueues(
  input: string | Uint8Array,
): TextReading<ObservedOutgoingQueue[]> {
  try {
    return readOutgoingQueuesUnsafe(input);
  } catch {
    // Defensive: the reader is written not to throw; a bug must not take the caller down.
    return {
      value: [],
      problems: [{ line: 1, column: 1, message: 'could not read the output', text: '' }],
    };
  }
}

function readOutgoingQueuesUnsafe(
  input: string | Uint8Array,
): TextReading<ObservedOutgoingQueue[]> {
  const { objects, problems, lineText } = readObjects(input, 'Get-MsmqOutgoingQueue output', [
    'connectionhistory',
  ]);
  const value: ObservedOutgoingQueue[] = [];
  for (const object of objects) {
    const read = new Map<OutgoingQueueField, PrintedField>();
    for (const [name, field] of object.fields) {
      const known = OUTGOING_FIELDS.get(name);
      if (known !== undefined && !read.has(known)) read.set(known, field);
    }
    if (read.size === 0) continue;
    const lines: Partial<Record<OutgoingQueueField, number>> = {};
    const truncated: OutgoingQueueField[] = [];
    for (const [name, field] of read) {
      lines[name] = field.line;
      if (field.truncated) truncated.push(name);
    }
    const text = (name: OutgoingQueueField) => {
      const field = read.get(name);
      if (field === undefined) return undefined;
      const trimmed = field.value.trim();
      return trimmed.length === 0 ? undefined : trimmed;
    };
    const count = (name: OutgoingQueueField, what: string) => {
      const field = read.get(name);
      return field === undefined ? undefined : readCount(field, what, problems, lineText);
    };
    const queueName = text('queueName');
    let formatName: FormatName | undefined;
    if (queueName !== undefined && !truncated.includes('queueName')) {
      try {
        formatName = parseFormatName(queueName);
      } catch {
        // A name MSMQ prints but the simulator does not model (PUBLIC=, MULTICAST=…): kept as text.
      }
    }
    const stateText = text('state');
    const state = stateText === undefined ? undefined : readOutgoingState(stateText);
    const stateField = read.get('state');
    if (
      stateText !== undefined &&
      state === undefined &&
      stateField !== undefined &&
      !stateField.truncated
    ) {
      problems.push({
        line: stateField.line,
        column: stateField.column,
        message: `expected an outgoing queue state (${STATE_ALLOWED}), found "${stateText.slice(0, 40)}"`,
        text: lineText(stateField.line),
      });
    }
    const hops = read.get('nextHops');
    const history = read.get('connectionHistory');
    const transactional = text('transactional');
    value.push({
      line: object.line,
      lines,
      queueName,
      formatName,
      machine: formatName === undefined ? undefined : machineOf(formatName),
      state,
      stateText,
      nextHops: hops === undefined ? undefined : readNextHops(hops.value),
      messageCount: count('messageCount', 'MessageCount'),
      messageBytes: count('messageBytes', 'BytesInQueue'),
      unacknowledgedCount: count('unacknowledgedCount', 'UnacknowledgedMessageCount'),
      unprocessedCount: count('unprocessedCount', 'UnprocessedMessageCount'),
      lastError: text('lastError'),
      transactional: transactional === undefined ? undefined : readTransactional(transactional),
      connectionHost: text('connectionHost'),
      connectionHistory: history === undefined ? undefined : history.parts,
      truncated,
    });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { value, problems };
}
