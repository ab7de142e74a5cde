import { defineTraceVocabulary, type TraceEvent } from '@mqsim/filetime';
import type { DeadLetterClass, DeliveryKind } from './message.js';
import type { OutgoingState } from './outgoing-queue.js';
import type { QueueManagerSettingsFinding } from './read-settings.js';
import type { EffectiveQueueManagerSettings } from './settings.js';

/**
 * The trace events a {@link QueueManager} emits (`source: 'queue-manager'`). Every event carries
 * `t` (clock ticks), `host` (the machine), `source` and `type`; the fields of each:
 *
 * | type | fields |
 * | --- | --- |
 * | `qm.settings.read` | `settings` in force (unit-suffixed names), `values`: the registry values that set them, `findings` — at start, when the registry holds any value the queue manager reads |
 * | `qm.service.started` | `addresses` it listens on (learned at start, or `BindInterfaceIP`), `names` it answers to (lower case), `qmId` (its `Machine Cache\QMId`) |
 * | `qm.qmid.reset` | `qmId` (the one in force), `next` — the QMId was reset; the new one takes effect at the next start |
 * | `qm.service.start-failed` | `reason` — it could not bind, and stays stopped |
 * | `qm.service.stopped` / `qm.service.crashed` | `expressLost`: express messages that died with the service |
 * | `qm.session.connecting` | `to` (the destination machine, lower case, or its address), `address` dialled |
 * | `qm.session.established` | `to`, `address` — the receiver accepted the session |
 * | `qm.session.rejected` | sender side: `side: 'sender'`, `to`, `address`, `reason`; receiver side: `side: 'receiver'`, `from`, `target` (the name or address the session was for), `reason`, `remote` (`address:port`) |
 * | `qm.session.accepted` | `from`, `target`, `remote` — at the receiver |
 * | `qm.session.failed` | `to`, `address`, `reason`, `retryInSeconds` — the outgoing queues wait to connect |
 * | `qm.session.ack-timeout` | `to`, `address`, `unacknowledged` — no session acknowledgement within `ackTimeoutSeconds` |
 * | `qm.session.idle-closed` | `to`, `address` — closed after `cleanupIntervalSeconds` with nothing to send |
 * | `qm.message.sent` | `id`, `destination` (as the application wrote it), `delivery`, `size` (bytes) |
 * | `qm.message.discarded` | `id`, `from`, `destination`, `class`, `reason` (`no-deadletter`), `side` (`source`: failed at its sender; `destination`: where it arrived) — failed like a dead letter, but sent without MQMSG_DEADLETTER: thrown away |
 * | `qm.message.delivered` | `id`, `from`, `queue` — stored in a local queue |
 * | `qm.message.received` | `id`, `from`, `queue` — taken by an application |
 * | `qm.message.acknowledged` | `id`, `destination`, `by` (`session`, or `order` for transactional messages) — released at the sender |
 * | `qm.message.rejected` | `id`, `from`, `destination`, `reason` (`not-this-machine`: KB 306785's name check; `old-sequence`: an exactly-once sequence older than the one in force; `out-of-order`: the one before it was not taken yet), `class` — the receiver did not take a transactional message and sent no order acknowledgement: its sender keeps it |
 * | `qm.message.returned` | `id`, `from`, `destination`, `class` — at the destination: a transactional MQMSG_DEADLETTER message failed here (time-to-be-received, a purge) and goes back to its source's transactional DLQ by a negative final acknowledgement |
 * | `qm.message.processed` | `id`, `destination`, `outcome` (`received`, or the `MQMSG_CLASS_NACK_*` class) — a final acknowledgement cleared a dead-letter-tracked message from the sender's Unprocessed count |
 * | `qm.outgoing.resend` | `queue`, `count`, `attempt`, `nextInSeconds` — transactional copies without an order acknowledgement go back to be sent again |
 * | `qm.ack.sent` | `kind` (`order` / `final`), `qmId` (the sender's), `address` it went to, `count` |
 * | `qm.ack.ignored` | `kind`, `qmId`, `queue`, `reason` (`other-qmid` / `unknown-queue` / `unknown-sequence`), `remote` — an acknowledgement this queue manager cannot match (a clone's, or a stale one) |
 * | `qm.send.refused` | `destination`, `error` (`MQ_ERROR_INSUFFICIENT_RESOURCES`), `storedBytes`, `quotaBytes`, `size` — the send failed at the API |
 * | `qm.queue.purged` | `queue`, `count` — an administrator purged a queue (its journal: `queue;journal`) |
 * | `qm.message.duplicate` | `id`, `from` — a resend the receiver already had, dropped |
 * | `qm.message.deadlettered` | `id`, `from`, `destination`, `class` (the `MQMSG_CLASS_NACK_*` name), `side` (`source` / `destination`, as for `qm.message.discarded`) |
 * | `qm.message.lost` | `id`, `from`, `destination`, `where` (`outgoing` / `in-flight` / `queue`), `reason` (`stop` / `crash`) |
 * | `qm.outgoing.state` | `queue` (format name), `state`, `nextHop`, `count` — emitted when state or next hop changes |
 * | `qm.outgoing.paused` | `queue`, `count` — an administrator suspended it (`Suspend-MsmqOutgoingQueue`, MSMQOutgoingQueueManagement.Pause): OnHold, nothing is sent |
 * | `qm.outgoing.resumed` | `queue`, `count` — resumed (`Resume-MsmqOutgoingQueue`): it sends again |
 *
 * `address` and `nextHop` are `undefined` before the destination was first resolved.
 *
 * @example
 * ```ts
 * const event = { t: 0, host: 'APP02', source: 'queue-manager', type: 'qm.session.failed', to: 'app01', address: '10.0.0.20', reason: 'connection to 10.0.0.20:1801 refused', retryInSeconds: 60 };
 * isQueueManagerTraceEvent(event) && event.type === 'qm.session.failed' ? event.retryInSeconds : 0; // => 60
 * ```
 */
export type QueueManagerTraceEvent =
  | SettingsReadEvent
  | ServiceStartedEvent
  | ServiceStartFailedEvent
  | ServiceStoppedEvent
  | ServiceCrashedEvent
  | SessionConnectingEvent
  | SessionEstablishedEvent
  | SessionRejectedBySenderEvent
  | SessionRejectedByReceiverEvent
  | SessionAcceptedEvent
  | SessionFailedEvent
  | SessionAckTimeoutEvent
  | SessionIdleClosedEvent
  | MessageDiscardedEvent
  | MessageSentEvent
  | MessageDeliveredEvent
  | MessageReceivedEvent
  | MessageAcknowledgedEvent
  | MessageDuplicateEvent
  | MessageDeadLetteredEvent
  | MessageReturnedEvent
  | MessageLostEvent
  | MessageRejectedEvent
  | MessageProcessedEvent
  | OutgoingResendEvent
  | AckSentEvent
  | AckIgnoredEvent
  | SendRefusedEvent
  | QueuePurgedEvent
  | QmIdResetEvent
  | OutgoingStateEvent
  | OutgoingPausedEvent
  | OutgoingResumedEvent;

/** Every `type` a queue manager emits: the names of {@link QueueManagerTraceEvent}. */
export type QueueManagerTraceType = QueueManagerTraceEvent['type'];

/** The member of {@link QueueManagerTraceEvent} with one `type`, e.g. to type a handler of `qm.session.failed`. */
export type QueueManagerTraceEventOf<Type extends QueueManagerTraceType> = Extract<
  QueueManagerTraceEvent,
  { readonly type: Type }
>;

/** The fields an event of `Type` carries besides `t`, `host`, `source` and `type`: what the emitter passes. */
export type QueueManagerTraceFields<Type extends QueueManagerTraceType> = FieldsOf<
  QueueManagerTraceEventOf<Type>
>;

// Distributes over the members (`qm.session.rejected` has two).
type FieldsOf<Event> = Event extends unknown
  ? Omit<NamedFields<Event>, 't' | 'host' | 'source' | 'type'>
  : never;

// Drops the index signature `TraceEvent` has, which `Omit` would keep instead of the named fields.
type NamedFields<Value> = {
  [Key in keyof Value as string extends Key ? never : Key]: Value[Key];
};

// Compile-time exhaustiveness: a key missing from this record, or one that is not a
// QueueManagerTraceType, fails typechecking, so the list below and the union always agree.
const VOCABULARY = defineTraceVocabulary<QueueManagerTraceEvent>('queue-manager', {
  'qm.settings.read': true,
  'qm.service.started': true,
  'qm.service.start-failed': true,
  'qm.service.stopped': true,
  'qm.service.crashed': true,
  'qm.session.connecting': true,
  'qm.session.established': true,
  'qm.session.rejected': true,
  'qm.session.accepted': true,
  'qm.session.failed': true,
  'qm.message.discarded': true,
  'qm.session.ack-timeout': true,
  'qm.session.idle-closed': true,
  'qm.message.sent': true,
  'qm.message.delivered': true,
  'qm.message.received': true,
  'qm.message.acknowledged': true,
  'qm.message.duplicate': true,
  'qm.message.deadlettered': true,
  'qm.message.lost': true,
  'qm.outgoing.state': true,
  'qm.outgoing.paused': true,
  'qm.outgoing.resumed': true,
  'qm.message.rejected': true,
  'qm.message.processed': true,
  'qm.message.returned': true,
  'qm.outgoing.resend': true,
  'qm.ack.sent': true,
  'qm.ack.ignored': true,
  'qm.send.refused': true,
  'qm.queue.purged': true,
  'qm.qmid.reset': true,
});

/**
 * Every {@link QueueManagerTraceType}, in the order of the table above, for consumers that check
 * or filter by type.
 *
 * @example
 * ```ts
 * QUEUE_MANAGER_TRACE_TYPES.includes('qm.outgoing.state'); // => true
 * Object.isFrozen(QUEUE_MANAGER_TRACE_TYPES); // => true
 * ```
 */
export const QUEUE_MANAGER_TRACE_TYPES: readonly QueueManagerTraceType[] = VOCABULARY.types;

/**
 * Whether a trace event is one a queue manager emits, narrowing it to {@link QueueManagerTraceEvent}
 * so its fields are typed.
 *
 * @example
 * ```ts
 * isQueueManagerTraceEvent({ t: 0, source: 'queue-manager', type: 'qm.service.stopped', expressLost: 0 }); // => true
 * isQueueManagerTraceEvent({ t: 0, source: 'transport', type: 'tcp.refused' }); // => false
 * ```
 */
export function isQueueManagerTraceEvent(event: TraceEvent): event is QueueManagerTraceEvent {
  return VOCABULARY.is(event);
}

/** What every queue-manager event has: the machine and the source. */
interface QueueManagerEventBase<Type extends string> extends TraceEvent<Type> {
  readonly host: string;
  readonly source: 'queue-manager';
}

/** At start, the service read its registry values (emitted only when there is one it reads). */
interface SettingsReadEvent extends QueueManagerEventBase<'qm.settings.read'> {
  /** The settings in force from this start on: registry values over the machine's settings. */
  readonly settings: EffectiveQueueManagerSettings;
  /** The registry values that took effect, e.g. `['WaitTime']`. */
  readonly values: readonly string[];
  /** What is wrong or worth knowing about the values, as {@link readQueueManagerSettings} reports it. */
  readonly findings: readonly QueueManagerSettingsFinding[];
}

/** `net start msmq` succeeded. */
interface ServiceStartedEvent extends QueueManagerEventBase<'qm.service.started'> {
  /** Its `Machine Cache\QMId`, lower case without braces. */
  readonly qmId: string;
  /** The addresses it listens on, port 1801. */
  readonly addresses: readonly string[];
  /** The names it answers to, lower case (NetBIOS and DNS). */
  readonly names: readonly string[];
}

/** `net start msmq` failed (a `BindInterfaceIP` the host does not have). */
interface ServiceStartFailedEvent extends QueueManagerEventBase<'qm.service.start-failed'> {
  readonly reason: string;
}

/** `net stop msmq`. */
interface ServiceStoppedEvent extends QueueManagerEventBase<'qm.service.stopped'> {
  /** Express messages lost with the service. */
  readonly expressLost: number;
}

/** The service died without a clean shutdown. */
interface ServiceCrashedEvent extends QueueManagerEventBase<'qm.service.crashed'> {
  /** Express messages lost with the service. */
  readonly expressLost: number;
}

/** The sender dials the destination queue manager. */
interface SessionConnectingEvent extends QueueManagerEventBase<'qm.session.connecting'> {
  /** The destination machine (lower case) or, for `DIRECT=TCP:`, its address. */
  readonly to: string;
  readonly address: string;
}

/** The receiver accepted the session; messages flow. */
interface SessionEstablishedEvent extends QueueManagerEventBase<'qm.session.established'> {
  readonly to: string;
  readonly address: string | undefined;
}

/** The sender learned that the receiver refused its session. */
interface SessionRejectedBySenderEvent extends QueueManagerEventBase<'qm.session.rejected'> {
  readonly side: 'sender';
  readonly to: string;
  readonly address: string | undefined;
  readonly reason: string;
}

/** The receiver refused a session addressed to a name or address that is not its own. */
interface SessionRejectedByReceiverEvent extends QueueManagerEventBase<'qm.session.rejected'> {
  readonly side: 'receiver';
  /** The sending machine. */
  readonly from: string;
  /** The name or address the session was addressed to. */
  readonly target: string;
  readonly reason: string;
  /** The sender's `address:port`, as the receiver sees it. */
  readonly remote: string;
}

/** The receiver accepted a session addressed to it. */
interface SessionAcceptedEvent extends QueueManagerEventBase<'qm.session.accepted'> {
  readonly from: string;
  readonly target: string;
  readonly remote: string;
}

/** A connection attempt or a session failed; the outgoing queues wait to retry. */
interface SessionFailedEvent extends QueueManagerEventBase<'qm.session.failed'> {
  readonly to: string;
  readonly address: string | undefined;
  readonly reason: string;
  /** Seconds until the next attempt (`waitTimeSeconds`, or the retry schedule). */
  readonly retryInSeconds: number;
}

/** The receiver stopped acknowledging (a half-open session); the session is reset and its messages resent. */
interface SessionAckTimeoutEvent extends QueueManagerEventBase<'qm.session.ack-timeout'> {
  readonly to: string;
  readonly address: string | undefined;
  /** Messages sent and not acknowledged. */
  readonly unacknowledged: number;
}

/** An idle session was closed after the clean-up interval. */
interface SessionIdleClosedEvent extends QueueManagerEventBase<'qm.session.idle-closed'> {
  readonly to: string;
  readonly address: string | undefined;
}

/** An application sent a message. */
interface MessageSentEvent extends QueueManagerEventBase<'qm.message.sent'> {
  readonly id: number;
  /** The destination as the application wrote it. */
  readonly destination: string;
  readonly delivery: DeliveryKind;
  /** Bytes. */
  readonly size: number;
}

/** A message was stored in one of this machine's queues. */
interface MessageDeliveredEvent extends QueueManagerEventBase<'qm.message.delivered'> {
  readonly id: number;
  readonly from: string;
  /** The queue's path as created. */
  readonly queue: string;
}

/** An application took a message with `receive`. */
interface MessageReceivedEvent extends QueueManagerEventBase<'qm.message.received'> {
  readonly id: number;
  readonly from: string;
  readonly queue: string;
}

/** The receiver acknowledged a message; the sender lets it go. */
interface MessageAcknowledgedEvent extends QueueManagerEventBase<'qm.message.acknowledged'> {
  /** `session` (a session acknowledgement) or `order` (an end-to-end order acknowledgement, transactional). */
  readonly by: 'session' | 'order';
  readonly id: number;
  readonly destination: string;
}

/** A resent message the receiver already had was dropped. */
interface MessageDuplicateEvent extends QueueManagerEventBase<'qm.message.duplicate'> {
  readonly id: number;
  readonly from: string;
}

/**
 * A message failed (expired or rejected) and was thrown away, not dead-lettered: it was sent
 * without MQMSG_DEADLETTER (PROPID_M_JOURNAL's default, MQMSG_JOURNAL_NONE).
 */
interface MessageDiscardedEvent extends QueueManagerEventBase<'qm.message.discarded'> {
  readonly id: number;
  readonly from: string;
  readonly destination: string;
  /** The class it would have been dead-lettered with. */
  readonly class: DeadLetterClass;
  readonly reason: 'no-deadletter';
  /**
   * Where it failed: `source`, its sender (a time limit at the sender, a negative
   * acknowledgement), or `destination`, the machine it arrived at (or a local send).
   */
  readonly side: 'source' | 'destination';
}

/** A message went to a dead-letter queue. */
interface MessageDeadLetteredEvent extends QueueManagerEventBase<'qm.message.deadlettered'> {
  readonly id: number;
  readonly from: string;
  readonly destination: string;
  readonly class: DeadLetterClass;
  /** Where it failed: `source` (its sender) or `destination`; see `qm.message.discarded`. */
  readonly side: 'source' | 'destination';
}

/** An express message died with its service. */
interface MessageLostEvent extends QueueManagerEventBase<'qm.message.lost'> {
  readonly id: number;
  readonly from: string;
  readonly destination: string;
  /** Waiting in an outgoing queue, sent but unacknowledged, or in a local queue. */
  readonly where: 'outgoing' | 'in-flight' | 'queue';
  readonly reason: 'stop' | 'crash';
}

/** An outgoing queue changed state or next hop. */
interface OutgoingStateEvent extends QueueManagerEventBase<'qm.outgoing.state'> {
  /** The destination format name, as the sender wrote it. */
  readonly queue: string;
  readonly state: OutgoingState;
  readonly nextHop: string | undefined;
  /** Messages waiting in the outgoing queue. */
  readonly count: number;
}

/** An administrator suspended an outgoing queue (Suspend-MsmqOutgoingQueue). */
interface OutgoingPausedEvent extends QueueManagerEventBase<'qm.outgoing.paused'> {
  /** The destination format name, as the sender wrote it. */
  readonly queue: string;
  /** Messages waiting in the outgoing queue. */
  readonly count: number;
}

/** An administrator resumed a suspended outgoing queue (Resume-MsmqOutgoingQueue). */
interface OutgoingResumedEvent extends QueueManagerEventBase<'qm.outgoing.resumed'> {
  /** The destination format name, as the sender wrote it. */
  readonly queue: string;
  /** Messages waiting in the outgoing queue. */
  readonly count: number;
}

/** The receiver did not take a transactional message, and sent no order acknowledgement for it. */
interface MessageRejectedEvent extends QueueManagerEventBase<'qm.message.rejected'> {
  readonly id: number;
  readonly from: string;
  readonly destination: string;
  /**
   * `not-this-machine`: the `DIRECT=OS:` name is not this machine's (KB 306785);
   * `old-sequence`: it belongs to an exactly-once sequence older than the one in force for its
   * sender's QMId ([MS-MQQB] 3.1.5.8.6), as when cloned machines share a QMId;
   * `out-of-order`: the message before it in its sequence has not been taken yet.
   */
  readonly reason: 'not-this-machine' | 'old-sequence' | 'out-of-order';
  /** The class its sender gives it if its time-to-reach-queue runs out (`NACK_BAD_DST_Q`), or `undefined`. */
  readonly class: DeadLetterClass | undefined;
}

/** A final acknowledgement reached the sender of a message sent with MQMSG_DEADLETTER. */
interface MessageProcessedEvent extends QueueManagerEventBase<'qm.message.processed'> {
  readonly id: number;
  readonly destination: string;
  /** `received` by an application, or the class it failed with at the destination. */
  readonly outcome: 'received' | DeadLetterClass;
}

/**
 * A transactional message sent with MQMSG_DEADLETTER failed at its destination (its
 * time-to-be-received, a purge): the destination keeps it nowhere and owes its source a negative
 * final acknowledgement, on which the source dead-letters it.
 */
interface MessageReturnedEvent extends QueueManagerEventBase<'qm.message.returned'> {
  readonly id: number;
  readonly from: string;
  readonly destination: string;
  readonly class: DeadLetterClass;
}

/** Transactional copies not order-acknowledged in time are sent again (Transactional Ack Wait Timer). */
interface OutgoingResendEvent extends QueueManagerEventBase<'qm.outgoing.resend'> {
  /** The destination format name, as the sender wrote it. */
  readonly queue: string;
  readonly count: number;
  /** How many resends this sequence has had without an order acknowledgement, this one included. */
  readonly attempt: number;
  /** Seconds until the next resend if this one is not acknowledged either. */
  readonly nextInSeconds: number;
}

/** The receiver sent order or final acknowledgements to the address its QMId cache holds. */
interface AckSentEvent extends QueueManagerEventBase<'qm.ack.sent'> {
  readonly kind: 'order' | 'final';
  /** The sender's QMId the acknowledgements are for. */
  readonly qmId: string;
  /** Where the QMId → address cache sent them. */
  readonly address: string;
  readonly count: number;
}

/** An acknowledgement arrived that this queue manager cannot match to a message it holds. */
interface AckIgnoredEvent extends QueueManagerEventBase<'qm.ack.ignored'> {
  readonly kind: 'order' | 'final';
  readonly qmId: string;
  /** The outgoing-queue key it names. */
  readonly queue: string;
  readonly reason: 'other-qmid' | 'unknown-queue' | 'unknown-sequence';
  /** `address:port` it came from. */
  readonly remote: string;
}

/** A send failed at the API: the machine's message storage is full. */
interface SendRefusedEvent extends QueueManagerEventBase<'qm.send.refused'> {
  readonly destination: string;
  readonly error: 'MQ_ERROR_INSUFFICIENT_RESOURCES';
  /** Bytes of messages the machine stores (queues, outgoing queues, journals, dead-letter queues). */
  readonly storedBytes: number;
  readonly quotaBytes: number;
  /** The refused message's size. */
  readonly size: number;
}

/** An administrator purged a queue. */
interface QueuePurgedEvent extends QueueManagerEventBase<'qm.queue.purged'> {
  /** The queue's path; its journal as `path;journal`. */
  readonly queue: string;
  readonly count: number;
}

/** The QMId was reset (Breakwell, "MSMQ prefers to be unique"). */
interface QmIdResetEvent extends QueueManagerEventBase<'qm.qmid.reset'> {
  /** The QMId in force until the next start. */
  readonly qmId: string;
  /** The QMId from the next start on. */
  readonly next: string;
}
