import type { TraceEvent } from '@mqsim/filetime';

/**
 * The line an admin would want in a run's timeline for `event`, or `undefined` for the many
 * events that only matter in the full trace (every packet, every cache hit, every message).
 */
export function describeEvent(event: TraceEvent): string | undefined {
  const field = (name: string) => String(event[name] ?? '');
  switch (event.type) {
    case 'qm.service.started':
      return `MSMQ started, listening on ${listOf(event.addresses)}:1801`;
    case 'qm.service.stopped':
      return `MSMQ stopped${Number(event.expressLost) > 0 ? `; ${field('expressLost')} express messages lost` : ''}`;
    case 'qm.service.crashed':
      return `MSMQ crashed${Number(event.expressLost) > 0 ? `; ${field('expressLost')} express messages lost` : ''}`;
    case 'qm.outgoing.state':
      return `outgoing queue ${field('queue')}: ${stateLabel(field('state'))}${event.nextHop === undefined ? '' : `, next hop ${field('nextHop')}`}, ${field('count')} waiting`;
    case 'qm.session.rejected':
      return event.side === 'receiver'
        ? `refused a session from ${field('from')}: ${field('reason')}`
        : `session to ${field('to')} refused by the receiver: ${field('reason')}`;
    case 'qm.session.failed':
      return `cannot deliver to ${field('to')}: ${field('reason')}; retry in ${field('retryInSeconds')} s`;
    case 'qm.session.established':
      return `session to ${field('to')} at ${field('address')} established`;
    case 'dns.record.changed':
      return `DNS: ${field('name')} ${field('recordType')} ${listOf(event.before) || '(none)'} → ${listOf(event.after) || '(none)'}`;
    case 'cache.flushed':
      return event.layer === 'os-cache'
        ? `DNS client cache flushed (${plural(Number(event.entries), 'entry', 'entries')})`
        : `${field('process') || 'process'} name cache emptied by ${field('reason')} (${field('entries')} entries)`;
    case 'net.address.changed':
      return `${field('interface')}: ${listOf(event.removed) || '(none)'} → ${listOf(event.added) || '(none)'}`;
    case 'net.partitioned':
      return `network partition ${field('name')}`;
    case 'net.healed':
      return `partition ${field('name')} healed`;
    case 'ds.refresh.succeeded':
      return `${field('list')} list refreshed from the directory`;
    case 'ds.refresh.failed':
      return `${field('list')} list refresh failed: ${field('error')}`;
    case 'dns.server.availability':
      return `DNS server ${event.available ? 'back' : 'down'}`;
    case 'app.send.failed':
      return `the application could not send to ${field('destination')}: MSMQ is stopped`;
    default:
      return undefined;
  }
}

function stateLabel(state: string): string {
  return state === 'Waiting' ? 'Waiting to connect' : state === 'OnHold' ? 'On hold' : state;
}

function listOf(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
