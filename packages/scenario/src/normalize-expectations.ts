import { didYouMeanHint } from './did-you-mean.js';
import type { DestinationResolver } from './normalize-workload.js';
import { msmqHost, type ScenarioTables, withinRun } from './scenario-checks.js';
import type { ScenarioContext } from './scenario-context.js';
import type { RawCount, RawExpectation } from './scenario-schema.js';
import type { ScenarioPath } from './scenario-source.js';
import type {
  CountRange,
  ScenarioDestination,
  ScenarioExpectation,
  ScenarioWorkload,
} from './scenario-types.js';
import { parseAddress, parseDestination, parseTicks } from './scenario-values.js';

function readCount(count: RawCount): CountRange {
  if (typeof count === 'number') return { min: count, max: count };
  return { min: count.min ?? 0, max: count.max ?? Number.POSITIVE_INFINITY };
}

function checkRange(context: ScenarioContext, path: ScenarioPath, range: CountRange): CountRange {
  if (range.min > range.max) {
    context.problem(path, `min ${range.min} is above max ${range.max}`, 'min ≤ max');
  }
  return range;
}

/** The tick an expectation looks at: a duration within the run. */
function lookAt(tables: ScenarioTables, path: ScenarioPath, text: string): number {
  const ticks = tables.context.take(path, parseTicks(text), 0);
  withinRun(tables, path, ticks, text);
  return ticks;
}

export function readExpectation(
  tables: ScenarioTables,
  destinations: DestinationResolver,
  workload: readonly ScenarioWorkload[],
  item: RawExpectation,
  index: number,
): ScenarioExpectation {
  const { context } = tables;
  const path = ['expect', index];
  const location = context.location(path);
  const count = (key: string, raw: RawCount) => checkRange(context, [...path, key], readCount(raw));
  if (item.lost !== undefined) return { check: 'lost', count: count('lost', item.lost), location };
  if (item.delivered !== undefined) {
    return {
      check: 'delivered',
      count: item.delivered === 'all' ? 'all' : count('delivered', item.delivered),
      location,
    };
  }
  if (item.deadLettered !== undefined) {
    return { check: 'deadLettered', count: count('deadLettered', item.deadLettered), location };
  }
  if (item.outgoing !== undefined) {
    const at = [...path, 'outgoing'];
    const { outgoing } = item;
    const host = msmqHost(tables, outgoing.host, [...at, 'host']);
    const parsed = parseDestination(outgoing.queue);
    let queue: ScenarioDestination | undefined;
    if (!parsed.ok) {
      context.problem([...at, 'queue'], parsed.message, parsed.allowed);
    } else if (host !== undefined) {
      queue = parsed.value;
      const sent = workload.filter(
        (stream) => stream.from.toLowerCase() === host.name.toLowerCase(),
      );
      const match = sent.find(
        (stream) => stream.to.formatName.toLowerCase() === parsed.value.formatName.toLowerCase(),
      );
      if (match === undefined) {
        const names = [...new Set(sent.map((stream) => stream.to.text))];
        context.problem(
          [...at, 'queue'],
          `no workload sends from ${host.name} to ${outgoing.queue}, so it has no such outgoing queue${didYouMeanHint(outgoing.queue, names)}`,
          names.length === 0 ? `a destination ${host.name} sends to` : `one of ${names.join(', ')}`,
        );
      }
    }
    return {
      check: 'outgoing',
      host: host?.name ?? outgoing.host,
      queue: queue ?? {
        text: outgoing.queue,
        formatName: outgoing.queue,
        protocol: 'os',
        host: '',
        queue: '',
      },
      state: outgoing.state,
      messages: outgoing.messages === undefined ? undefined : count('messages', outgoing.messages),
      unacknowledged:
        outgoing.unacknowledged === undefined
          ? undefined
          : count('unacknowledged', outgoing.unacknowledged),
      unprocessed:
        outgoing.unprocessed === undefined ? undefined : count('unprocessed', outgoing.unprocessed),
      at: outgoing.at === undefined ? undefined : lookAt(tables, [...at, 'at'], outgoing.at),
      nextHop:
        outgoing.nextHop === undefined
          ? undefined
          : context.take([...at, 'nextHop'], parseAddress(outgoing.nextHop), outgoing.nextHop),
      location,
    };
  }
  if (item.queue !== undefined) {
    const at = [...path, 'queue'];
    const host = msmqHost(tables, item.queue.host, [...at, 'host']);
    return {
      check: 'queue',
      host: host?.name ?? item.queue.host,
      queue: destinations.localQueue(host, item.queue.name, [...at, 'name']),
      messages: checkRange(context, [...at, 'messages'], readCount(item.queue.messages)),
      location,
    };
  }
  if (item.trace !== undefined) {
    const at = [...path, 'trace'];
    const host =
      item.trace.host === undefined
        ? undefined
        : tables.hosts.resolve(item.trace.host, [...at, 'host'])?.name;
    return {
      check: 'trace',
      type: item.trace.type,
      host: host ?? item.trace.host,
      count: checkRange(context, [...at, 'count'], readCount(item.trace.count)),
      location,
    };
  }
  if (item.drained !== undefined) {
    const by = context.take([...path, 'drained', 'by'], parseTicks(item.drained.by), 0);
    return { check: 'drained', by, location };
  }
  if (item.maxAge !== undefined) {
    const max = context.take([...path, 'maxAge', 'max'], parseTicks(item.maxAge.max), 0);
    return { check: 'maxAge', max, location };
  }
  const registry = item.registry as NonNullable<typeof item.registry>;
  const host = msmqHost(tables, registry.host, [...path, 'registry', 'host']);
  return {
    check: 'registry',
    host: host?.name ?? registry.host,
    name: registry.name,
    exists: registry.exists,
    location,
  };
}
