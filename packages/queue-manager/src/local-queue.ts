import { MessageFifo } from './message.js';

/** How a local queue is created. */
export interface QueueOptions {
  /** A transactional queue accepts only transactional messages, and only those. Default false. */
  readonly transactional?: boolean;
  /** Keep a copy of every received message in the queue's journal. Default false. */
  readonly journal?: boolean;
  /** Bytes the queue may hold (PROPID_Q_QUOTA); default no limit. Applies to arriving messages. */
  readonly quotaBytes?: number;
  /** @deprecated Use {@link QueueOptions.quotaBytes} (same value); the new name wins when both are given. */
  readonly quota?: number;
}

/** A queue on this machine: its messages, and its journal. */
export class LocalQueue {
  /** The path as created, e.g. `private$\orders`. */
  readonly path: string;
  readonly transactional: boolean;
  readonly journal: boolean;
  /** Bytes the queue may hold; `Infinity` for no limit. */
  readonly quota: number;
  readonly messages = new MessageFifo();
  readonly journalMessages = new MessageFifo();
  /** Whether it is one of the machine's dead-letter queues, which only MSMQ writes to. */
  readonly system: boolean;

  constructor(path: string, options: QueueOptions = {}, system = false) {
    this.path = path;
    this.transactional = options.transactional ?? false;
    this.journal = options.journal ?? false;
    this.quota = options.quotaBytes ?? options.quota ?? Number.POSITIVE_INFINITY;
    this.system = system;
  }
}

/** The case-insensitive key of a queue path: `Private$\Orders` and `private$\orders` are one queue. */
export function queueKey(path: string): string {
  return path.toLowerCase();
}

/** The key of the dead-letter queue for non-transactional messages. */
export const DEADLETTER_QUEUE = 'system$;deadletter';
/** The key of the dead-letter queue for transactional messages. */
export const DEADXACT_QUEUE = 'system$;deadxact';
