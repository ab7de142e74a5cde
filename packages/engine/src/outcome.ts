import type { TraceEvent, TraceSink } from '@mqsim/filetime';
import type { RunTraceEvent } from './notable-events.js';

/** Time one outgoing queue spent in each state, in ticks. */
export interface QueueStateTime {
  readonly host: string;
  /** The destination format name, as the sender wrote it. */
  readonly queue: string;
  /** Ticks per state name (`Connected`, `Waiting`, `Inactive`, `OnHold`). */
  readonly ticks: Readonly<Record<string, number>>;
}

/**
 * How a run went, measured from its trace: what an admin would ask of an incident and of a fix.
 * Times are ticks from the start.
 */
export interface RunOutcome {
  /**
   * Time to drain: when the last *delayed* message — one its sender held longer than
   * {@link DELAYED_AFTER_TICKS} — left its sender (acknowledged, or failed there). After it every
   * message goes through at once. `null` when a sender still holds a delayed message at the end;
   * `0` when no message was ever delayed.
   */
  readonly drainedAt: number | null;
  /** The most messages held by senders at once (waiting, unacknowledged, awaiting an order ack). */
  readonly peakBacklog: number;
  /** When the peak was first reached. */
  readonly peakBacklogAt: number;
  /** Messages senders hold at the end. */
  readonly backlogAtEnd: number;
  /** The longest a message took from its send to its destination queue, in ticks; 0 when none arrived. */
  readonly maxAgeAtDelivery: number;
  /** Connection attempts refused (an RST: nothing listens on that address and port). */
  readonly refusedAttempts: number;
  /** Connection attempts that timed out (no answer: a dead address, a firewall, no route). */
  readonly timedOutAttempts: number;
  /** Time per outgoing-queue state, per queue, in the order the queues appeared. */
  readonly stateTime: readonly QueueStateTime[];
}

/** One outgoing queue's states over the run, for the HTML report's state bands. */
export interface QueueStateHistory {
  readonly host: string;
  /** The destination format name, as the sender wrote it. */
  readonly queue: string;
  /** Each change of state, in time order: from `t` on the queue is in `state`. */
  readonly changes: readonly { readonly t: number; readonly state: string }[];
}

/** A connection attempt that failed: refused (an RST) or timed out while connecting. */
export interface FailedAttempt {
  readonly t: number;
  /** The dialling host. */
  readonly host: string;
  /** The `address:port` it dialled. */
  readonly remote: string;
  readonly outcome: 'refused' | 'timed-out';
}

/** What happened over the run, for drawing it: each queue's states and the failed attempts. */
export interface RunHistory {
  /** Every outgoing queue's state changes, in the order the queues appeared. */
  readonly queues: readonly QueueStateHistory[];
  /** Failed connection attempts, in time order. */
  readonly attempts: readonly FailedAttempt[];
  /** Whether {@link HISTORY_LIMITS} dropped any. */
  readonly truncated: boolean;
}

/** What {@link OutcomeMonitor.history} keeps: enough to draw, bounded on a long run. */
export const HISTORY_LIMITS = {
  /** State changes kept per outgoing queue; later ones are dropped (the last state is kept). */
  changesPerQueue: 10_000,
  /** Failed connection attempts kept over the whole run. */
  attempts: 20_000,
} as const;

/**
 * How long a sender may hold a message before it counts as delayed: 30 s. A message normally
 * leaves its sender within milliseconds; MSMQ's first retry after a failure comes after 60 s.
 */
export const DELAYED_AFTER_TICKS = 30 * 10_000_000;

/**
 * Copies a sender gave up on after their destination had stored the message — *in doubt*: the
 * acknowledgement never reached the sender, so the same message is in two places (MSMQ's
 * in-doubt transactional messages; an express copy lost with its sender after delivery).
 */
export interface CopiesAfterDelivery {
  /** Lost with the sending service (stop or crash) after delivery. */
  readonly lost: number;
  /**
   * Not in doubt but counted twice all the same: express messages the destination lost with its
   * service while the sender still holds a copy to resend — stuck at the sender, not lost.
   */
  readonly lostWhileHeld: number;
  /** Failed at the sender and thrown away (sent without MQMSG_DEADLETTER). */
  readonly discarded: number;
  /** Dead-lettered at the sender, as `from:id`. */
  readonly deadLettered: ReadonlySet<string>;
  /**
   * Duplicates of a resend that another machine refused on arrival (its name resolved there
   * while the destination had stored the message) and dead-lettered there, as
   * `machine\u0000from:id`. Their discarded twins are in `discarded`.
   */
  readonly refusedDeadLetters: ReadonlySet<string>;
}

/** A machine's failure of a copy that arrived: discarded or dead-lettered, with its class. */
interface Failure {
  readonly host: string;
  readonly how: 'discarded' | 'deadLettered';
  readonly klass: string;
}

/** What a destination did with a message its sender still holds, and which machine did it. */
type Taken =
  | { readonly state: 'stored' | 'lost-there'; readonly host: string }
  | { readonly state: 'failed'; readonly host: string; readonly failure: Failure };

/** Collects a {@link RunOutcome} from the trace of a run, as the run goes. */
export interface OutcomeMonitor {
  readonly sink: TraceSink;
  /** The outcome as of tick `now` (the end of the run, or where the shell stands). */
  outcome(now: number): RunOutcome;
  /**
   * Whether message `id` sent by `host` is still held by its sender (awaiting an
   * acknowledgement) although its destination has stored it.
   */
  isDeliveredWhileHeld(host: string, id: number): boolean;
  /** The copies senders gave up on after their destination had stored the message. */
  copiesAfterDelivery(): CopiesAfterDelivery;
  /**
   * Each outgoing queue's state changes and the failed connection attempts, so far (within
   * {@link HISTORY_LIMITS}; `truncated` says whether any were dropped).
   */
  history(): RunHistory;
  /**
   * Transactional messages a destination failed and hands back to their source by a negative
   * final acknowledgement that has not arrived yet: in no queue anywhere, on their way.
   */
  returning(): number;
}

/**
 * A trace sink that measures a run's {@link RunOutcome}: it follows each message from its send
 * until it leaves its sender (acknowledged — end to end for transactional messages — or failed
 * there, or lost with the service), and each outgoing queue's state. Local sends, which never
 * wait at a sender, are recognised by their delivery in the same tick.
 *
 * @example
 * ```ts
 * const monitor = createOutcomeMonitor();
 * monitor.sink.emit({ t: 0, host: 'A', source: 'queue-manager', type: 'qm.message.sent', id: 1, destination: 'q@B', delivery: 'express', size: 1 });
 * monitor.sink.emit({ t: 5, host: 'B', source: 'queue-manager', type: 'qm.message.delivered', id: 1, from: 'A', queue: 'private$\\q' });
 * monitor.sink.emit({ t: 7, host: 'A', source: 'queue-manager', type: 'qm.message.acknowledged', id: 1, destination: 'q@B', by: 'session' });
 * const outcome = monitor.outcome(10);
 * [outcome.drainedAt, outcome.peakBacklog, outcome.maxAgeAtDelivery]; // => [0, 1, 5]
 * ```
 */
export function createOutcomeMonitor(): OutcomeMonitor {
  /** Per sending host, per message id: when it was sent. */
  const held = new Map<string, Map<number, number>>();
  /**
   * Per sending host: the held messages their destination has stored already — `stored`, or
   * `lost-there` when the destination then lost its copy (an express message in a queue of a
   * stopped service) while the sender still holds one, to be resent.
   */
  const deliveredHeld = new Map<string, Map<number, Taken>>();
  let lostThereWhileHeld = 0;
  /**
   * Express messages lost with their sender's service before their destination was known to
   * have them, as `from:id`: on a session, or back in the outgoing queue after one broke (sent
   * once already; the trace does not say which). A copy may still be on the wire.
   */
  const lostOnTheWire = new Set<string>();
  /** Transactional messages a destination failed and is handing back to their source, as `from:id`. */
  const returning = new Set<string>();
  let lostAfterDelivery = 0;
  let discardedAfterDelivery = 0;
  const deadLetteredAfterDelivery = new Set<string>();
  /** Dead-lettered duplicates a machine refused on arrival, as `machine\u0000from:id`. */
  const refusedDeadLetters = new Set<string>();
  let backlog = 0;
  let peakBacklog = 0;
  let peakBacklogAt = 0;
  let lastDelayedRelease = 0;
  let maxAgeAtDelivery = 0;
  let refusedAttempts = 0;
  let timedOutAttempts = 0;
  const states = new Map<
    string,
    {
      host: string;
      queue: string;
      state: string;
      since: number;
      ticks: Record<string, number>;
      /** The state changes kept for {@link OutcomeMonitor.history}. */
      changes: { t: number; state: string }[];
    }
  >();

  const heldBy = (host: string) => {
    let map = held.get(host);
    if (map === undefined) {
      map = new Map();
      held.set(host, map);
    }
    return map;
  };
  /**
   * Releases a held message — `failed` when its sender gave it up (lost, dead-lettered,
   * discarded) rather than saw it acknowledged — and says whether that leaves one message
   * counted twice: a failed copy whose destination had stored the message.
   */
  const release = (host: string, id: number, t: number, failed: boolean): boolean => {
    const map = held.get(host);
    const sentAt = map?.get(id);
    if (map === undefined || sentAt === undefined) return false;
    map.delete(id);
    backlog--;
    if (t - sentAt > DELAYED_AFTER_TICKS) lastDelayedRelease = t;
    const delivered = deliveredHeld.get(host);
    const taken = delivered?.get(id);
    if (taken === undefined) return false;
    delivered?.delete(id);
    // A copy whose destination lost the message since is in doubt all the same: the message
    // counts as lost there, where the destination's fate put it.
    if (taken.state === 'lost-there') lostThereWhileHeld--;
    return failed;
  };

  /**
   * Whether a dead-lettered or discarded message failed at its sender: a time limit there, a
   * negative acknowledgement, or a local send its queue refused (in the tick it was sent). A
   * message sent over the network to its own machine fails there as a destination, and its
   * sender still holds it until the acknowledgement.
   */
  const failedAtSender = (event: {
    readonly t: number;
    readonly host: string;
    readonly from: string;
    readonly id: number;
    readonly side?: 'source' | 'destination';
  }): boolean => {
    if (event.from !== event.host) return false;
    // Traces written before `side` existed took the sender's machine as the source.
    if (event.side === undefined || event.side === 'source') return true;
    return held.get(event.host)?.get(event.id) === event.t;
  };

  /**
   * A machine failed a copy of a message that is somewhere else already: a resend the
   * machine its name now resolves to refused, beside the copy stored at the destination.
   */
  const duplicateFailed = (sender: string, id: number, failure: Failure) => {
    if (failure.how === 'discarded') discardedAfterDelivery++;
    else refusedDeadLetters.add(`${failure.host}\u0000${sender}:${id}`);
  };

  /**
   * A destination took a message its sender still holds: stored it, or failed it there
   * (dead-lettered or discarded; `failure`). It counts where the destination put it from now
   * on — unless another destination decided first: then one of the two copies is a duplicate of
   * a resend, and the message counts where it was stored (or first failed).
   */
  const takenWhileHeld = (sender: string, id: number, host: string, failure?: Failure) => {
    if (held.get(sender)?.has(id) !== true) return;
    let delivered = deliveredHeld.get(sender);
    if (delivered === undefined) {
      delivered = new Map();
      deliveredHeld.set(sender, delivered);
    }
    const before = delivered.get(id);
    if (before !== undefined && before.state !== 'lost-there') {
      if (failure !== undefined) {
        // A stored copy fails in its queue only when its time to be received runs out; any
        // other failure, or one on another machine, is of a copy arriving.
        const storedCopyExpired =
          before.state === 'stored' &&
          before.host === host &&
          failure.klass === 'NACK_RECEIVE_TIMEOUT';
        if (!storedCopyExpired) {
          duplicateFailed(sender, id, failure);
          return;
        }
      } else if (before.state === 'failed') duplicateFailed(sender, id, before.failure);
    }
    if (before?.state === 'lost-there') lostThereWhileHeld--;
    delivered.set(
      id,
      failure === undefined ? { state: 'stored', host } : { state: 'failed', host, failure },
    );
  };

  /**
   * A destination failed a message (dead-lettered or discarded it there). A copy its stopped
   * sender counted lost on the wire arrived after all, and counts where it failed.
   */
  const arrivedAndFailed = (sender: string, id: number, failure: Failure) => {
    if (lostOnTheWire.delete(`${sender}:${id}`)) lostAfterDelivery++;
    arrivedAfterGivingUp(sender, id);
    takenWhileHeld(sender, id, failure.host, failure);
  };

  /**
   * Messages their sender gave up — discarded or dead-lettered at a time limit — while no copy
   * was known to be at the destination, by `from:id`: a copy already on the wire may still
   * arrive, and the message then counts where the destination put it.
   */
  const gaveUp = new Map<string, 'discarded' | 'deadLettered'>();
  const arrivedAfterGivingUp = (sender: string, id: number) => {
    const key = `${sender}:${id}`;
    const how = gaveUp.get(key);
    if (how === undefined) return;
    gaveUp.delete(key);
    failedAfterDelivery(key, how);
  };
  /** A copy its sender failed while the message is at its destination: in doubt. */
  const failedAfterDelivery = (key: string, how: 'discarded' | 'deadLettered') => {
    if (how === 'discarded') discardedAfterDelivery++;
    else deadLetteredAfterDelivery.add(key);
  };
  /** Releases a copy its sender failed; `how` it failed when no copy was known to be stored. */
  const failAtSender = (host: string, id: number, t: number, how: 'discarded' | 'deadLettered') => {
    const wasHeld = held.get(host)?.has(id) === true;
    // Its destination failed it and is handing it back (`returned`), and its sender gave up its
    // own copy first: the message ends where the sender put it, not in doubt.
    if (returning.delete(`${host}:${id}`)) {
      release(host, id, t, false);
      return;
    }
    if (release(host, id, t, true)) failedAfterDelivery(`${host}:${id}`, how);
    else if (wasHeld) gaveUp.set(`${host}:${id}`, how);
  };

  const attempts: FailedAttempt[] = [];
  let historyTruncated = false;
  const recordState = (changes: { t: number; state: string }[], t: number, state: string) => {
    const last = changes[changes.length - 1];
    if (last?.state === state) return;
    // Several changes in one tick: the last one is what the queue was in from then on.
    if (last !== undefined && last.t === t) {
      changes[changes.length - 1] = { t, state };
      return;
    }
    if (changes.length >= HISTORY_LIMITS.changesPerQueue) {
      historyTruncated = true;
      return;
    }
    changes.push({ t, state });
  };
  const recordAttempt = (attempt: FailedAttempt) => {
    if (attempts.length >= HISTORY_LIMITS.attempts) historyTruncated = true;
    else attempts.push(attempt);
  };

  const sink: TraceSink = {
    emit(traceEvent: TraceEvent) {
      const event = traceEvent as RunTraceEvent;
      switch (event.type) {
        case 'qm.message.sent':
          heldBy(event.host).set(event.id, event.t);
          backlog++;
          if (backlog > peakBacklog) {
            peakBacklog = backlog;
            peakBacklogAt = event.t;
          }
          return;
        case 'qm.message.delivered': {
          const sentAt = held.get(event.from)?.get(event.id);
          // A copy its stopped sender counted lost arrives after all: counted where it arrived.
          if (lostOnTheWire.delete(`${event.from}:${event.id}`)) lostAfterDelivery++;
          arrivedAfterGivingUp(event.from, event.id);
          if (sentAt === undefined) return;
          maxAgeAtDelivery = Math.max(maxAgeAtDelivery, event.t - sentAt);
          // A local send is delivered in the tick it is sent, and never waits at its sender.
          if (event.from === event.host && sentAt === event.t) {
            release(event.host, event.id, event.t, false);
            return;
          }
          takenWhileHeld(event.from, event.id, event.host);
          return;
        }
        case 'qm.message.acknowledged':
          release(event.host, event.id, event.t, false);
          return;
        case 'qm.message.returned':
          // Its sender dead-lettered its own copy before the destination failed it: that copy is
          // where the message ends, no longer in doubt. Otherwise it is on its way back.
          if (!deadLetteredAfterDelivery.delete(`${event.from}:${event.id}`))
            returning.add(`${event.from}:${event.id}`);
          return;
        case 'qm.message.processed':
          returning.delete(`${event.host}:${event.id}`);
          return;
        case 'qm.message.lost':
          if (event.where === 'queue') {
            // The sender's own dead-letter copy of a message its destination had stored, lost
            // with the service (an express dead letter is kept in memory): still in doubt, now
            // lost rather than dead-lettered, and the message still counts where it was stored.
            if (
              event.from === event.host &&
              deadLetteredAfterDelivery.delete(`${event.host}:${event.id}`)
            ) {
              lostAfterDelivery++;
              return;
            }
            // A refused duplicate's dead letter, lost with that machine's service: the same.
            if (refusedDeadLetters.delete(`${event.host}\u0000${event.from}:${event.id}`)) {
              lostAfterDelivery++;
              return;
            }
            const delivered = deliveredHeld.get(event.from);
            const taken = delivered?.get(event.id);
            if (taken !== undefined && taken.state !== 'lost-there' && taken.host === event.host) {
              delivered?.set(event.id, { state: 'lost-there', host: event.host });
              lostThereWhileHeld++;
            }
          } else if (release(event.host, event.id, event.t, true)) lostAfterDelivery++;
          // A copy never sent stays unknown to every destination, so it never leaves the set.
          else lostOnTheWire.add(`${event.host}:${event.id}`);
          return;
        case 'qm.message.deadlettered':
        case 'qm.message.discarded': {
          const how = event.type === 'qm.message.discarded' ? 'discarded' : 'deadLettered';
          // Failed at its sender (a time limit, a negative acknowledgement), or locally; a
          // message sent over the network to its own machine fails there as a destination.
          if (failedAtSender(event)) failAtSender(event.host, event.id, event.t, how);
          else
            arrivedAndFailed(event.from, event.id, { host: event.host, how, klass: event.class });
          return;
        }
        case 'tcp.refused':
          refusedAttempts++;
          recordAttempt({ t: event.t, host: event.host, remote: event.remote, outcome: 'refused' });
          return;
        case 'tcp.timeout':
          if (event.phase === 'connect') {
            timedOutAttempts++;
            recordAttempt({
              t: event.t,
              host: event.host,
              remote: event.remote,
              outcome: 'timed-out',
            });
          }
          return;
        case 'qm.outgoing.state': {
          const key = `${event.host}\u0000${event.queue}`;
          const entry = states.get(key);
          if (entry === undefined) {
            states.set(key, {
              host: event.host,
              queue: event.queue,
              state: event.state,
              since: event.t,
              ticks: {},
              changes: [{ t: event.t, state: event.state }],
            });
            return;
          }
          recordState(entry.changes, event.t, event.state);
          entry.ticks[entry.state] = (entry.ticks[entry.state] ?? 0) + (event.t - entry.since);
          entry.state = event.state;
          entry.since = event.t;
          return;
        }
        default:
          return;
      }
    },
  };

  return {
    sink,
    isDeliveredWhileHeld: (host, id) => {
      const state = deliveredHeld.get(host)?.get(id)?.state;
      return state === 'stored' || state === 'failed';
    },
    returning: () => returning.size,
    history: () => ({
      queues: [...states.values()].map((entry) => ({
        host: entry.host,
        queue: entry.queue,
        changes: [...entry.changes],
      })),
      attempts: [...attempts],
      truncated: historyTruncated,
    }),
    copiesAfterDelivery: () => ({
      lost: lostAfterDelivery,
      lostWhileHeld: lostThereWhileHeld,
      discarded: discardedAfterDelivery,
      deadLettered: deadLetteredAfterDelivery,
      refusedDeadLetters,
    }),
    outcome(now) {
      let delayedAtEnd = false;
      for (const map of held.values())
        for (const sentAt of map.values())
          if (now - sentAt > DELAYED_AFTER_TICKS) delayedAtEnd = true;
      return {
        drainedAt: delayedAtEnd ? null : lastDelayedRelease,
        peakBacklog,
        peakBacklogAt,
        backlogAtEnd: backlog,
        maxAgeAtDelivery,
        refusedAttempts,
        timedOutAttempts,
        stateTime: [...states.values()].map((entry) => ({
          host: entry.host,
          queue: entry.queue,
          ticks: {
            ...entry.ticks,
            [entry.state]: (entry.ticks[entry.state] ?? 0) + Math.max(0, now - entry.since),
          },
        })),
      };
    },
  };
}
