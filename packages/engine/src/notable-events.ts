import type { DsRefreshTraceEvent } from '@mqsim/ds-refresh';
import type { TraceEvent } from '@mqsim/filetime';
import { dateAndTime } from '@mqsim/filetime';
import type { NameCacheTraceEvent } from '@mqsim/name-cache';
import type { QueueManagerTraceEvent } from '@mqsim/queue-manager';
import type { TransportTraceEvent } from '@mqsim/transport';
import type { EngineTraceEvent } from './trace-events.js';

/**
 * Every event a run's trace can carry: the union of each package's typed events and the
 * engine's own. Readers of a trace narrow on `type` and get each event's fields typed.
 */
export type RunTraceEvent =
  | DsRefreshTraceEvent
  | NameCacheTraceEvent
  | QueueManagerTraceEvent
  | TransportTraceEvent
  | EngineTraceEvent;

/**
 * The line an admin would want in a run's timeline for `event`, or `undefined` for the many
 * events that only matter in the full trace (every packet, every cache hit, every message).
 *
 * @example
 * ```ts
 * describeEvent({ t: 0, host: 'APP02', source: 'queue-manager', type: 'qm.session.failed', to: 'app01', address: '10.0.0.20', reason: 'connection to 10.0.0.20:1801 refused', retryInSeconds: 60 });
 * // => 'cannot deliver to app01: connection to 10.0.0.20:1801 refused; retry in 60 s'
 * describeEvent({ t: 0, source: 'name-cache', type: 'cache.hit' }); // => undefined
 * ```
 */
export function describeEvent(traceEvent: TraceEvent): string | undefined {
  // A run's trace holds only these events (trace-types.test.ts checks every emitted type).
  const event = traceEvent as RunTraceEvent;
  switch (event.type) {
    case 'qm.service.started':
      return `MSMQ started, listening on ${event.addresses.join(', ')}:1801`;
    case 'qm.service.stopped':
      return `MSMQ stopped${lostExpress(event.expressLost)}`;
    case 'qm.service.crashed':
      return `MSMQ crashed${lostExpress(event.expressLost)}`;
    case 'qm.outgoing.state':
      return `outgoing queue ${event.queue}: ${stateLabel(event.state)}${event.nextHop === undefined ? '' : `, next hop ${event.nextHop}`}, ${event.count} waiting`;
    case 'qm.session.rejected':
      return event.side === 'receiver'
        ? `refused a session from ${event.from}: ${event.reason}`
        : `session to ${event.to} refused by the receiver: ${event.reason}`;
    case 'qm.session.failed':
      return `cannot deliver to ${event.to}: ${event.reason}; retry in ${event.retryInSeconds} s`;
    case 'qm.session.established':
      return `session to ${event.to} at ${event.address} established`;
    case 'dns.record.changed':
      return `DNS: ${event.name} ${event.recordType} ${event.before.join(', ') || '(none)'} → ${event.after.join(', ') || '(none)'}`;
    case 'cache.flushed':
      return event.layer === 'os-cache'
        ? `DNS client cache flushed (${plural(event.entries, 'entry', 'entries')})`
        : `${event.process || 'process'} name cache emptied by ${event.reason} (${event.entries} entries)`;
    case 'net.address.changed':
      return `${event.interface}: ${event.removed.join(', ') || '(none)'} → ${event.added.join(', ') || '(none)'}`;
    case 'net.partitioned':
      return `network partition ${event.name}`;
    case 'net.healed':
      return `partition ${event.name} healed`;
    case 'ds.refresh.scheduled':
      // Only the decision taken at service start; the regular interval is not news.
      return event.reason === 'persisted'
        ? `${event.list} list not due until ${dateAndTime(event.at).slice(0, -3)} (DSNext${event.list === 'site' ? 'Site' : 'Enterprise'}ListRefreshTime): nothing to refresh now`
        : undefined;
    case 'ds.refresh.started':
      return event.reason === 'missing'
        ? `${event.list} list refresh now: DSNext${event.list === 'site' ? 'Site' : 'Enterprise'}ListRefreshTime is missing`
        : event.reason === 'due'
          ? `${event.list} list refresh: its DSNext${event.list === 'site' ? 'Site' : 'Enterprise'}ListRefreshTime has come`
          : undefined;
    case 'ds.refresh.succeeded':
      return `${event.list} list refreshed from the directory`;
    case 'ds.refresh.failed':
      return `${event.list} list refresh failed: ${event.error}`;
    case 'dns.server.availability':
      return `DNS server ${event.available ? 'back' : 'down'}`;
    case 'app.send.failed':
      return event.reason === 'insufficient-resources'
        ? `the application could not send to ${event.destination}: Insufficient resources to perform operation (storage quota full)`
        : `the application could not send to ${event.destination}: MSMQ is stopped`;
    case 'qm.message.rejected':
      return event.reason === 'not-this-machine'
        ? `turned down a transactional message from ${event.from}: ${event.destination} does not name this machine (KB 306785)`
        : event.reason === 'old-sequence'
          ? `turned down a transactional message from ${event.from}: its sequence is older than one from the same QMId`
          : `turned down a transactional message from ${event.from}: the one before it has not arrived`;
    case 'qm.message.discarded':
      return event.class === 'NACK_BAD_DST_Q'
        ? `discarded a message from ${event.from} for ${event.destination}: not addressed to this machine (KB 306785)`
        : undefined;
    case 'qm.ack.ignored':
      return `ignored ${event.kind === 'order' ? 'an order' : 'a final'} acknowledgement for QMId ${event.qmId} from ${event.remote}: not for a sequence of this machine (${event.reason})`;
    case 'qm.outgoing.resend':
      return `outgoing queue ${event.queue}: no order acknowledgement, resending ${plural(event.count, 'message', 'messages')}`;
    case 'qm.queue.purged':
      return `${event.queue} purged (${plural(event.count, 'message', 'messages')})`;
    case 'qm.qmid.reset':
      return `QMId ${event.qmId} reset; ${event.next} from the next start`;

    default:
      return undefined;
  }
}

function lostExpress(count: number): string {
  return count > 0 ? `; ${count} express messages lost` : '';
}

function stateLabel(state: string): string {
  return state === 'Waiting' ? 'Waiting to connect' : state === 'OnHold' ? 'On hold' : state;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
