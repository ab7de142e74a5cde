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

/**
 * How long a sender may hold a message before it counts as delayed: 30 s. A message normally
 * leaves its sender within milliseconds; MSMQ's first retry after a failure comes after 60 s.
 */
export const DELAYED_AFTER_TICKS = 30 * 10_000_000;

/** Collects a {@link RunOutcome} from the trace of a run, as the run goes. */
export interface OutcomeMonitor {
  readonly sink: TraceSink;
  /** The outcome as of tick `now` (the end of the run, or where the shell stands). */
  outcome(now: number): RunOutcome;
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
  let backlog = 0;
  let peakBacklog = 0;
  let peakBacklogAt = 0;
  let lastDelayedRelease = 0;
  let maxAgeAtDelivery = 0;
  let refusedAttempts = 0;
  let timedOutAttempts = 0;
  const states = new Map<
    string,
    { host: string; queue: string; state: string; since: number; ticks: Record<string, number> }
  >();

  const heldBy = (host: string) => {
    let map = held.get(host);
    if (map === undefined) {
      map = new Map();
      held.set(host, map);
    }
    return map;
  };
  const release = (host: string, id: number, t: number) => {
    const map = held.get(host);
    const sentAt = map?.get(id);
    if (map === undefined || sentAt === undefined) return;
    map.delete(id);
    backlog--;
    if (t - sentAt > DELAYED_AFTER_TICKS) lastDelayedRelease = t;
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
          if (sentAt === undefined) return;
          maxAgeAtDelivery = Math.max(maxAgeAtDelivery, event.t - sentAt);
          // A local send is delivered in the tick it is sent, and never waits at its sender.
          if (event.from === event.host && sentAt === event.t)
            release(event.host, event.id, event.t);
          return;
        }
        case 'qm.message.acknowledged':
          release(event.host, event.id, event.t);
          return;
        case 'qm.message.lost':
          if (event.where !== 'queue') release(event.host, event.id, event.t);
          return;
        case 'qm.message.deadlettered':
        case 'qm.message.discarded':
          // Failed at its sender (a time limit, a negative acknowledgement), or locally.
          if (event.from === event.host) release(event.host, event.id, event.t);
          return;
        case 'tcp.refused':
          refusedAttempts++;
          return;
        case 'tcp.timeout':
          if (event.phase === 'connect') timedOutAttempts++;
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
            });
            return;
          }
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
