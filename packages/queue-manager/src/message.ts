/**
 * How MSMQ keeps a message until it is delivered:
 * - `express` — in memory only: lost when the service on the machine holding it stops or crashes.
 * - `recoverable` — written to disk: survives restarts and crashes.
 * - `transactional` — recoverable, and delivered exactly once and in order per sender and
 *   destination queue (MSMQ's exactly-once-in-order delivery, EOD).
 */
export type DeliveryKind = 'express' | 'recoverable' | 'transactional';

/** Every {@link DeliveryKind}. */
export const DELIVERY_KINDS: readonly DeliveryKind[] = Object.freeze([
  'express',
  'recoverable',
  'transactional',
]);

/**
 * The class MSMQ records on a message that went to a dead-letter queue (PROPID_M_CLASS), named
 * after the `MQMSG_CLASS_NACK_*` constants.
 */
export type DeadLetterClass =
  | 'NACK_REACH_QUEUE_TIMEOUT'
  | 'NACK_RECEIVE_TIMEOUT'
  | 'NACK_RECEIVE_TIMEOUT_AT_SENDER'
  | 'NACK_BAD_DST_Q'
  | 'NACK_Q_EXCEED_QUOTA'
  | 'NACK_NOT_TRANSACTIONAL_Q'
  | 'NACK_NOT_TRANSACTIONAL_MSG'
  /** The destination queue was purged before the message was received (MQMSG_CLASS_NACK_PURGED). */
  | 'NACK_PURGED';

/**
 * What an application sets when it sends. Each numeric option says its unit; the older names
 * without one are deprecated aliases, and the new name wins when both are given.
 */
export interface SendOptions {
  /** Default `recoverable` (what NServiceBus uses). */
  readonly delivery?: DeliveryKind;
  /** Size on the wire and in storage, bytes. Default 1024. */
  readonly sizeBytes?: number;
  /** @deprecated Use {@link SendOptions.sizeBytes} (same value); the new name wins when both are given. */
  readonly size?: number;
  readonly label?: string;
  readonly body?: unknown;
  /**
   * Seconds the message may take to reach the destination queue (PROPID_M_TIME_TO_REACH_QUEUE).
   * Default: the enterprise's LONG_LIVED, the queue manager's `defaultTimeToReachQueueSeconds`
   * (4 days on MSMQ 3.0 and later, 90 days in older enterprises; facts file §8). `Infinity` for no limit.
   */
  readonly timeToReachQueueSeconds?: number;
  /** @deprecated Use {@link SendOptions.timeToReachQueueSeconds} (same value); the new name wins when both are given. */
  readonly timeToReachQueue?: number;
  /**
   * MQMSG_DEADLETTER (PROPID_M_JOURNAL): on failure (a time limit passed, the destination
   * refused it) the message goes to a dead-letter queue — a non-transactional one to the
   * non-transactional DLQ of the machine that could not deliver it, a transactional one to the
   * transactional DLQ (the source's, for failures its sender sees). Default false
   * (MQMSG_JOURNAL_NONE): a failed message is discarded and counted (`accounting().discarded`).
   */
  readonly deadLetter?: boolean;
  /** Seconds from sending until it must have been received by an application (PROPID_M_TIME_TO_BE_RECEIVED). Default: no limit. */
  readonly timeToBeReceivedSeconds?: number;
  /** @deprecated Use {@link SendOptions.timeToBeReceivedSeconds} (same value); the new name wins when both are given. */
  readonly timeToBeReceived?: number;
}

/**
 * One message, as the queue managers move it. It is also the frame sent on a session, so
 * delivery allocates nothing beyond it. Fields are public for speed; treat them as read-only.
 */
export class Message {
  /** Per-sender number, increasing in send order (survives restarts); with `from`, unique. */
  readonly id: number;
  /** The sending machine. */
  readonly from: string;
  /** The destination format name, as the sender wrote it. */
  readonly destination: string;
  /** The sender's outgoing-queue key for that destination (case-insensitive form). */
  readonly destinationKey: string;
  /** The destination queue's path key, e.g. `private$\orders`. */
  readonly queue: string;
  readonly delivery: DeliveryKind;
  readonly size: number;
  readonly label: string;
  readonly body: unknown;
  /** Clock tick it was sent. */
  readonly sentAt: number;
  /** Tick by which it must reach the queue (`Infinity`: no limit). */
  readonly reachBy: number;
  /** Tick by which it must be received (`Infinity`: no limit). */
  readonly receiveBy: number;
  /** Sent with MQMSG_DEADLETTER ({@link SendOptions.deadLetter}). */
  deadLetter: boolean;
  /** Times the sender put it on a session; more than one means it was resent after a broken session. */
  transmissions: number;
  /**
   * The state only some messages have — what end-to-end acknowledgements need (transactional
   * messages, those sent with MQMSG_DEADLETTER) and the class of a failed one — in one object
   * made when first needed, so a plain message costs nothing more. Read it through
   * {@link Message.sourceQmId}, {@link Message.sequence}, {@link Message.deadLetterClass}, … .
   */
  extras: MessageExtras | undefined;

  constructor(
    id: number,
    from: string,
    destination: string,
    destinationKey: string,
    queue: string,
    delivery: DeliveryKind,
    size: number,
    label: string,
    body: unknown,
    sentAt: number,
    reachBy: number,
    receiveBy: number,
  ) {
    this.id = id;
    this.from = from;
    this.destination = destination;
    this.destinationKey = destinationKey;
    this.queue = queue;
    this.delivery = delivery;
    this.size = size;
    this.label = label;
    this.body = body;
    this.sentAt = sentAt;
    this.reachBy = reachBy;
    this.receiveBy = receiveBy;
    this.deadLetter = false;
    this.transmissions = 0;
    this.extras = undefined;
  }

  /** Set when it went to a dead-letter queue (or was discarded instead, without MQMSG_DEADLETTER). */
  get deadLetterClass(): DeadLetterClass | undefined {
    return this.extras?.deadLetterClass;
  }

  set deadLetterClass(klass: DeadLetterClass | undefined) {
    extrasOf(this).deadLetterClass = klass;
  }

  /**
   * The sending queue manager's QMId (`Machine Cache\QMId`) when it last put the message on a
   * session: the receiver addresses order and final acknowledgements to it ([MS-MQQB] 3.1.1.6.2).
   * `''` for a message without end-to-end acknowledgements.
   */
  get sourceQmId(): string {
    return this.extras?.sourceQmId ?? '';
  }

  set sourceQmId(qmId: string) {
    extrasOf(this).sourceQmId = qmId;
  }

  /** The exactly-once sequence (TxSequenceID) it was last sent in; 0 before. Transactional only. */
  get sequence(): number {
    return this.extras?.sequence ?? 0;
  }

  set sequence(sequence: number) {
    extrasOf(this).sequence = sequence;
  }

  /** The id of the message before it in its sequence (TxPreviousSequenceNumber); 0 for the first. */
  get previous(): number {
    return this.extras?.previous ?? 0;
  }

  set previous(previous: number) {
    extrasOf(this).previous = previous;
  }

  /** Why the receiver last turned it down without taking it (KB 306785: `NACK_BAD_DST_Q`), while its sender keeps resending. */
  get lastNack(): DeadLetterClass | undefined {
    return this.extras?.lastNack;
  }

  set lastNack(klass: DeadLetterClass | undefined) {
    extrasOf(this).lastNack = klass;
  }

  /** `from:id`, unique across the simulation. */
  get uid(): string {
    return `${this.from}:${this.id}`;
  }
}

// A function, not a private method: a class with private methods gives every instance a brand
// field, and a message's size is what the memory targets measure.
function extrasOf(message: Message): MessageExtras {
  message.extras ??= {
    sourceQmId: '',
    sequence: 0,
    previous: 0,
    lastNack: undefined,
    deadLetterClass: undefined,
  };
  return message.extras;
}

/** The state only some messages have ({@link Message.extras}). */
export interface MessageExtras {
  sourceQmId: string;
  sequence: number;
  previous: number;
  lastNack: DeadLetterClass | undefined;
  deadLetterClass: DeadLetterClass | undefined;
}

/**
 * A FIFO of messages with O(1) push, shift and unshift-of-a-batch, a running byte count, and a
 * lower bound of its messages' deadlines, so an expiry sweep can pass over a queue in which
 * nothing can have expired without reading its messages.
 */
export class MessageFifo {
  #items: (Message | undefined)[] = [];
  #head = 0;
  #bytes = 0;
  #earliestReachBy = Number.POSITIVE_INFINITY;
  #earliestReceiveBy = Number.POSITIVE_INFINITY;
  // Whether the deadlines never decrease from head to tail (a stream's messages with one time
  // limit, the usual case): then what has expired is a prefix, taken without reading the rest.
  #deadlinesInOrder = true;
  #receiveByInOrder = true;
  #lastDeadline = Number.NEGATIVE_INFINITY;
  #lastReceiveBy = Number.NEGATIVE_INFINITY;

  get length(): number {
    return this.#items.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * At most the earliest `reachBy` of the messages in it (`Infinity` when none has one): exact
   * after {@link MessageFifo.removeWhere}, lower after messages have been shifted out.
   */
  get earliestReachBy(): number {
    return this.#earliestReachBy;
  }

  /** At most the earliest `receiveBy` of the messages in it, as {@link MessageFifo.earliestReachBy}. */
  get earliestReceiveBy(): number {
    return this.#earliestReceiveBy;
  }

  push(message: Message): void {
    this.#items.push(message);
    this.#bytes += message.size;
    this.#lower(message);
    this.#follow(message);
  }

  #lower(message: Message): void {
    if (message.reachBy < this.#earliestReachBy) this.#earliestReachBy = message.reachBy;
    if (message.receiveBy < this.#earliestReceiveBy) this.#earliestReceiveBy = message.receiveBy;
  }

  #follow(message: Message): void {
    const deadline = Math.min(message.reachBy, message.receiveBy);
    if (deadline < this.#lastDeadline) this.#deadlinesInOrder = false;
    else this.#lastDeadline = deadline;
    if (message.receiveBy < this.#lastReceiveBy) this.#receiveByInOrder = false;
    else this.#lastReceiveBy = message.receiveBy;
  }

  /**
   * Removes and returns, in order, every message whose deadline has come by `now`: either time
   * limit (`'either'`, an outgoing queue) or only time-to-be-received (`'receive'`, a local
   * queue). What {@link MessageFifo.removeWhere} with that test returns, in time proportional to
   * what expired when the deadlines are in queue order, and nothing read when none can have.
   */
  takeExpired(now: number, limit: 'either' | 'receive'): Message[] {
    const either = limit === 'either';
    const bound = either
      ? Math.min(this.#earliestReachBy, this.#earliestReceiveBy)
      : this.#earliestReceiveBy;
    if (bound > now) return [];
    const deadline = either
      ? (message: Message) => Math.min(message.reachBy, message.receiveBy)
      : (message: Message) => message.receiveBy;
    if (!(either ? this.#deadlinesInOrder : this.#receiveByInOrder))
      return this.removeWhere((message) => deadline(message) <= now);
    const expired: Message[] = [];
    for (let head = this.peek(); head !== undefined && deadline(head) <= now; head = this.peek())
      expired.push(this.shift() as Message);
    // In order, the head's deadline is the earliest left: the bound is exact again (and a
    // lower bound of each limit on its own, which is all the other field promises).
    const head = this.peek();
    if (head !== undefined) {
      if (either) {
        this.#earliestReachBy = deadline(head);
        this.#earliestReceiveBy = deadline(head);
      } else this.#earliestReceiveBy = head.receiveBy;
    }
    return expired;
  }

  /** Recounts bytes, bounds and order over the live messages (after rebuilding the array). */
  #recount(): void {
    this.#bytes = 0;
    this.#reset();
    for (let index = this.#head; index < this.#items.length; index++) {
      const message = this.#items[index] as Message;
      this.#bytes += message.size;
      this.#lower(message);
      this.#follow(message);
    }
  }

  #reset(): void {
    this.#earliestReachBy = Number.POSITIVE_INFINITY;
    this.#earliestReceiveBy = Number.POSITIVE_INFINITY;
    this.#deadlinesInOrder = true;
    this.#receiveByInOrder = true;
    this.#lastDeadline = Number.NEGATIVE_INFINITY;
    this.#lastReceiveBy = Number.NEGATIVE_INFINITY;
  }

  peek(): Message | undefined {
    return this.#items[this.#head];
  }

  shift(): Message | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const message = this.#items[this.#head] as Message;
    this.#items[this.#head++] = undefined;
    this.#bytes -= message.size;
    // Empty again: nothing to bound, and a new run of messages may be in order again.
    if (this.#head === this.#items.length) this.#reset();
    // Compact once the dead prefix dominates, so memory follows the live length.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return message;
  }

  /** Puts `messages` back at the front, in their order (resending after a failed session). */
  unshiftAll(messages: readonly Message[]): void {
    if (messages.length === 0) return;
    this.#items = [...messages, ...this.#items.slice(this.#head)];
    this.#head = 0;
    this.#recount();
  }

  /** Removes and returns every message for which `test` is true, keeping the order of the rest. */
  removeWhere(test: (message: Message) => boolean): Message[] {
    const removed: Message[] = [];
    const kept: Message[] = [];
    for (let index = this.#head; index < this.#items.length; index++) {
      const message = this.#items[index] as Message;
      (test(message) ? removed : kept).push(message);
    }
    this.#items = kept;
    this.#head = 0;
    this.#recount();
    return removed;
  }

  toArray(): Message[] {
    return this.#items.slice(this.#head) as Message[];
  }
}
