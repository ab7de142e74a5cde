import { DELAYED_AFTER_TICKS, type RunTraceEvent } from '@mqsim/engine';
import type { TraceEvent, TraceSink } from '@mqsim/filetime';

/** A symptom an admin would notice, as seen in the trace of a run. */
export interface Symptom {
  /** Ticks from the start. */
  readonly t: number;
  /** The sending host it shows on. */
  readonly host: string;
  readonly text: string;
}

/** What {@link createSymptomWatch} saw over a run. */
export interface SymptomReport {
  /** The earliest symptom, or `undefined` when the run had none. */
  readonly first: Symptom | undefined;
  /** Every host that showed a symptom as a sender, in the order first seen. */
  readonly senders: readonly string[];
  /** Whether the MSMQ service of `host` was running at tick `t` (`undefined`: no MSMQ seen). */
  runningAt(host: string, t: number): boolean | undefined;
}

/** How long an outgoing queue must wait with messages before it counts as a symptom: 30 s. */
export const WAITING_SYMPTOM_TICKS = DELAYED_AFTER_TICKS;

/**
 * A trace sink that finds the symptoms of a run, the rule `mqsim fixes` picks its default fix
 * time by. A symptom is the earliest of:
 * - an outgoing queue in *Waiting to connect* with messages for longer than 30 s (at the tick it
 *   started waiting);
 * - a connection attempt refused, or timed out while connecting;
 * - a send the application could not make (`app.send.failed`);
 * - a message dead-lettered or discarded.
 */
export function createSymptomWatch(): {
  readonly sink: TraceSink;
  report(end: number): SymptomReport;
} {
  let first: Symptom | undefined;
  const senders: string[] = [];
  const waiting = new Map<string, { host: string; queue: string; since: number; count: number }>();
  const services = new Map<string, { t: number; running: boolean }[]>();
  const seen = (symptom: Symptom) => {
    if (!senders.includes(symptom.host)) senders.push(symptom.host);
    if (first === undefined || symptom.t < first.t) first = symptom;
  };
  const closeWaiting = (key: string, t: number) => {
    const entry = waiting.get(key);
    if (entry === undefined) return;
    waiting.delete(key);
    if (t - entry.since > WAITING_SYMPTOM_TICKS)
      seen({
        t: entry.since,
        host: entry.host,
        text: `outgoing queue ${entry.queue} on ${entry.host} waiting to connect with ${entry.count} message${entry.count === 1 ? '' : 's'}`,
      });
  };
  const service = (host: string, t: number, running: boolean) => {
    const list = services.get(host) ?? [];
    list.push({ t, running });
    services.set(host, list);
  };
  const sink: TraceSink = {
    emit(traceEvent: TraceEvent) {
      const event = traceEvent as RunTraceEvent;
      switch (event.type) {
        case 'qm.outgoing.state': {
          const key = `${event.host}\u0000${event.queue}`;
          if (event.state === 'Waiting' && event.count > 0) {
            if (!waiting.has(key))
              waiting.set(key, {
                host: event.host,
                queue: event.queue,
                since: event.t,
                count: event.count,
              });
          } else closeWaiting(key, event.t);
          return;
        }
        case 'tcp.refused':
          seen({
            t: event.t,
            host: event.host,
            text: `connection from ${event.host} to ${event.remote} refused`,
          });
          return;
        case 'tcp.timeout':
          if (event.phase === 'connect')
            seen({
              t: event.t,
              host: event.host,
              text: `connection from ${event.host} to ${event.remote} timed out`,
            });
          return;
        case 'app.send.failed':
          seen({
            t: event.t,
            host: event.host ?? '',
            text: `a send on ${event.host} to ${event.destination} failed (${event.reason})`,
          });
          return;
        case 'qm.message.deadlettered':
        case 'qm.message.discarded':
          seen({
            t: event.t,
            host: event.from,
            text: `a message from ${event.from} to ${event.destination} ${event.type === 'qm.message.deadlettered' ? 'dead-lettered' : 'discarded'}`,
          });
          return;
        case 'qm.service.started':
          service(event.host, event.t, true);
          return;
        case 'qm.service.stopped':
        case 'qm.service.crashed':
        case 'qm.service.start-failed':
          service(event.host, event.t, false);
          return;
        default:
          return;
      }
    },
  };
  return {
    sink,
    report(end) {
      for (const key of [...waiting.keys()]) closeWaiting(key, end);
      return {
        first,
        senders: [...senders],
        runningAt(host, t) {
          const list = services.get(host);
          if (list === undefined) return undefined;
          let running = false;
          for (const entry of list) if (entry.t <= t) running = entry.running;
          return running;
        },
      };
    },
  };
}
