/**
 * An outgoing queue's state, with the names of `OutgoingQueue.State` ([MS-MQAC] QUEUE_STATE):
 * - `Connected` — a session to the destination queue manager is up.
 * - `Waiting` — messages wait while the queue manager resolves, connects or waits to retry
 *   (the MMC's "Waiting to connect").
 * - `Inactive` — no session and nothing to send (idle sessions are closed after `CleanupInterval`).
 * - `OnHold` — paused by an administrator.
 * `Disconnected` (offline mode), `NeedValidation` and `Locked` are not modelled.
 */
export type OutgoingState = 'Connected' | 'Waiting' | 'Inactive' | 'OnHold';

/**
 * Every outgoing queue state as `Get-MsmqOutgoingQueue` names them ([MS-MQAC] QUEUE_STATE),
 * the modelled {@link OutgoingState}s first: what an expectation or a reader of real output may
 * name, whether or not the model produces it.
 */
export type OutgoingStateName =
  | OutgoingState
  | 'Disconnected'
  | 'Disconnecting'
  | 'NeedValidation'
  | 'Locked';

/**
 * Every {@link OutgoingStateName}.
 *
 * @example
 * ```ts
 * OUTGOING_STATE_NAMES.includes('Waiting'); // => true
 * ```
 */
export const OUTGOING_STATE_NAMES: readonly OutgoingStateName[] = Object.freeze([
  'Connected',
  'Waiting',
  'Inactive',
  'OnHold',
  'Disconnected',
  'Disconnecting',
  'NeedValidation',
  'Locked',
]);

/** What the MMC shows for each state. */
export const OUTGOING_STATE_LABELS: Readonly<Record<OutgoingState, string>> = Object.freeze({
  Connected: 'Connected',
  Waiting: 'Waiting to connect',
  Inactive: 'Inactive',
  OnHold: 'On hold',
});

/** One outgoing queue, as `Get-MsmqOutgoingQueue` reports it. */
export interface OutgoingQueueInfo {
  /** The destination format name, as the sender wrote it. */
  readonly queueName: string;
  readonly state: OutgoingState;
  /** The address being connected to or connected; `undefined` before the first resolution. */
  readonly nextHop: string | undefined;
  /**
   * NextHops ([MS-MQDMPR] 3.1.1.3, ms704940): every address the destination name resolved to
   * while the queue is being connected, the one address once it is connected; empty before the
   * first resolution. Each failed attempt moves `nextHop` to the next of them. Optional for
   * rows built by hand; `outgoingQueues()` always gives it.
   */
  readonly nextHops?: readonly string[];
  /**
   * *Number of messages*: waiting, plus sent but unacknowledged, plus (for messages sent with
   * MQMSG_DEADLETTER, as NServiceBus does) delivered but not yet processed at the destination.
   * Messages still to send = `messageCount − unprocessedCount` (Particular's guide; facts §9).
   */
  readonly messageCount: number;
  /** Bytes waiting to be sent. */
  readonly messageBytes: number;
  /**
   * Sent and not acknowledged: on the session without a session acknowledgement, or
   * transactional without an order acknowledgement (the sender's hidden copies).
   */
  readonly unacknowledgedCount: number;
  /**
   * *Unprocessed*: delivered messages sent with MQMSG_DEADLETTER whose final acknowledgement
   * (received, or failed at the destination) has not come back; always 0 without dead-lettering.
   * Optional for rows built by hand; `outgoingQueues()` always gives it.
   */
  readonly unprocessedCount?: number;
  /** Why the last connection attempt failed, while it is failing. */
  readonly lastFailure: string | undefined;
  /**
   * The last connection attempts, oldest first, at most {@link CONNECTION_HISTORY_LENGTH}: the
   * MMC's "Connection History" ([MS-MQQB] 3.1.5.2.3 appends to OutgoingQueue.ConnectionHistory at
   * every attempt; Particular's guide reads it with the State to find connectivity problems).
   * Optional for rows built by hand; the queue manager always fills it.
   */
  readonly connectionHistory?: readonly ConnectionAttempt[];
}

/** One connection attempt of an outgoing queue: when, to which address, and how it ended. */
export interface ConnectionAttempt {
  /** Clock ticks when the attempt ended (the session was accepted, or failed). */
  readonly t: number;
  /** The address dialled; `undefined` when the name did not resolve. */
  readonly address: string | undefined;
  /** `connected`: the receiver accepted the session; `failed`: refused, timed out, rejected, unresolved. */
  readonly result: 'connected' | 'failed';
  /** Why it failed (as `lastFailure` says it), for a failed attempt. */
  readonly reason: string | undefined;
}

/**
 * How many connection attempts an outgoing queue remembers. MSMQ's bound is not documented
 * (UNCERTAIN): 10 keeps the MMC-sized recent history.
 *
 * @example
 * ```ts
 * CONNECTION_HISTORY_LENGTH; // => 10
 * ```
 */
export const CONNECTION_HISTORY_LENGTH = 10;

/**
 * The state an admin sees, from whether the queue is held, where its session stands and how
 * many messages it has.
 *
 * @example
 * ```ts
 * outgoingState(false, 'waiting', 3); // => 'Waiting'
 * outgoingState(false, undefined, 0); // => 'Inactive'
 * ```
 */
export function outgoingState(
  held: boolean,
  phase: 'idle' | 'resolving' | 'connecting' | 'handshake' | 'ready' | 'waiting' | undefined,
  messages: number,
): OutgoingState {
  if (held) return 'OnHold';
  if (phase === 'ready') return 'Connected';
  if (phase === undefined || phase === 'idle') return messages > 0 ? 'Waiting' : 'Inactive';
  return messages > 0 || phase !== 'waiting' ? 'Waiting' : 'Inactive';
}

/**
 * A `Get-MsmqOutgoingQueue | Format-Table`-style text table, numbers right-aligned as
 * PowerShell aligns them. The `State` column shows the MMC's
 * labels ("Waiting to connect") by default; `{ stateNames: 'powershell' }` shows the
 * `OutgoingQueue.State` enum names PowerShell prints (`Waiting`, [MS-MQAC] QUEUE_STATE).
 *
 * @example
 * ```ts
 * const rows = [{ queueName: 'orders@APP01', state: 'Waiting', nextHop: '203.0.113.20', messageCount: 1200, messageBytes: 1228800, unacknowledgedCount: 0, lastFailure: undefined }] as const;
 * formatOutgoingQueues(rows).split('\n')[2]; // => 'orders@APP01  Waiting to connect  203.0.113.20          1200       1228800'
 * formatOutgoingQueues(rows, { stateNames: 'powershell' }).split('\n')[2]; // => 'orders@APP01  Waiting  203.0.113.20          1200       1228800'
 * ```
 */
export function formatOutgoingQueues(
  rows: readonly OutgoingQueueInfo[],
  options: { readonly stateNames?: 'mmc' | 'powershell' } = {},
): string {
  const header = ['QueueName', 'State', 'NextHops', 'MessageCount', 'MessageBytes'];
  const body = rows.map((row) => [
    row.queueName,
    options.stateNames === 'powershell' ? row.state : OUTGOING_STATE_LABELS[row.state],
    row.nextHop ?? '',
    String(row.messageCount),
    String(row.messageBytes),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  // Format-Table right-aligns numbers, their header and its underline with them.
  const numeric = (column: number) => column >= 3;
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(
      widths.map((width, column) =>
        '-'.repeat(numeric(column) ? (header[column] ?? '').length : width),
      ),
    ),
    ...body.map(line),
  ].join('\n');
}
