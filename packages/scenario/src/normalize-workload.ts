import { parseDurationTicks } from '@mqsim/filetime';
import { didYouMeanHint } from './did-you-mean.js';
import { msmqHost, type ScenarioTables, withinRun } from './scenario-checks.js';
import { quote } from './scenario-error.js';
import { SCENARIO_LIMITS } from './scenario-limits.js';
import type { RawHost, RawWorkload } from './scenario-schema.js';
import type { ScenarioPath } from './scenario-source.js';
import type { ScenarioDestination, ScenarioHost, ScenarioWorkload } from './scenario-types.js';
import { parseDestination, parseQueuePath, parseSize, roughly } from './scenario-values.js';

const MIN_SEND_INTERVAL = parseDurationTicks(SCENARIO_LIMITS.minSendInterval);

export function readWindow(
  tables: ScenarioTables,
  path: ScenarioPath,
  startText: string | undefined,
  stopText: string | undefined,
): { readonly start: number; readonly stop: number } {
  const { context, duration } = tables;
  const start = startText === undefined ? 0 : context.ticks([...path, 'start'], startText);
  const stop = stopText === undefined ? duration : context.ticks([...path, 'stop'], stopText);
  withinRun(tables, [...path, 'start'], start, startText ?? '0s');
  withinRun(tables, [...path, 'stop'], stop, stopText ?? '');
  if (stopText !== undefined && stop <= start) {
    context.problem(
      [...path, 'stop'],
      `stop (${roughly(stop)}) is not after start (${roughly(start)})`,
      'a stop after the start',
    );
  }
  return { start, stop };
}

/** Resolves destinations and local queues against the hosts, DNS records and hosts files. */
export class DestinationResolver {
  readonly #tables: ScenarioTables;
  readonly #hosts: ReadonlyMap<string, ScenarioHost>;
  readonly #addressHost: ReadonlyMap<string, string>;

  constructor(
    tables: ScenarioTables,
    hosts: ReadonlyMap<string, ScenarioHost>,
    addressHost: ReadonlyMap<string, string>,
  ) {
    this.#tables = tables;
    this.#hosts = hosts;
    this.#addressHost = addressHost;
  }

  /** The queue path on `host` as defined there; reports an unknown one with a did-you-mean. */
  localQueue(host: RawHost | undefined, text: string, path: ScenarioPath): string {
    const parsed = parseQueuePath(text);
    if (!parsed.ok) {
      this.#tables.context.problem(path, parsed.message, parsed.allowed);
      return text;
    }
    if (host === undefined) return parsed.value.name;
    const defined = this.#tables.queues.get(host.name.toLowerCase());
    const found = defined?.get(parsed.value.name.toLowerCase());
    if (found === undefined) {
      const names = [...(defined?.values() ?? [])].map((queue) => queue.name);
      const bare = (name: string) => name.replace(/^private\$\\/i, '').toLowerCase();
      const twin = names.find((name) => bare(name) === bare(parsed.value.name));
      const hint =
        twin === undefined
          ? didYouMeanHint(parsed.value.name, names)
          : `; ${host.name} has the ${parsed.value.private ? 'public' : 'private'} queue ${quote(twin)} (queue@HOST names a private queue, DIRECT=OS:HOST\\name a public one)`;
      this.#tables.context.problem(
        path,
        `host ${host.name} has no queue ${quote(parsed.value.name)}${hint}`,
        names.length === 0
          ? `add it to hosts[].queues of ${host.name}`
          : `one of ${names.join(', ')}`,
      );
      return parsed.value.name;
    }
    return found.name;
  }

  /**
   * A destination: parsed, its host known (a scenario host, a DNS record, a hosts-file entry of
   * `sender`, or any address for DIRECT=TCP), and its queue defined when the host is a scenario host.
   */
  destination(
    text: string,
    path: ScenarioPath,
    sender: RawHost | undefined,
  ): ScenarioDestination | undefined {
    const { context } = this.#tables;
    const parsed = parseDestination(text);
    if (!parsed.ok) {
      context.problem(path, `${parsed.message}`, parsed.allowed);
      return undefined;
    }
    const destination = parsed.value;
    const target = this.#target(destination);
    if (target !== undefined) {
      const raw = this.#tables.hosts.get(target.name)?.item;
      if (target.role === 'none') {
        context.problem(
          path,
          `${text}: host ${target.name} has role none, so it has no queues`,
          'a host with an MSMQ role',
        );
      } else {
        this.localQueue(raw, destination.queue, path);
      }
      return destination;
    }
    const from = sender === undefined ? undefined : this.#hosts.get(sender.name.toLowerCase());
    if (destination.protocol === 'os' && !this.#resolvable(destination.host, from)) {
      const names = [...this.#hosts.values()].map((host) => host.name);
      context.problem(
        path,
        `${text}: unknown host ${quote(destination.host)}: no host, DNS record or hosts-file entry has that name${didYouMeanHint(destination.host, names)}`,
        `a host (${names.join(', ')}) or a name with a DNS record`,
      );
    }
    return destination;
  }

  #target(destination: ScenarioDestination): ScenarioHost | undefined {
    if (destination.protocol === 'tcp') {
      const owner = this.#addressHost.get(destination.host);
      return owner === undefined ? undefined : this.#hosts.get(owner.toLowerCase());
    }
    const name = destination.host.toLowerCase();
    return this.#hosts.get(name) ?? [...this.#hosts.values()].find((host) => host.fqdn === name);
  }

  #resolvable(name: string, sender: ScenarioHost | undefined): boolean {
    const lower = name.toLowerCase();
    const candidates = [
      lower,
      ...(sender?.dnsClient.suffixSearchList ?? []).map((suffix) => `${lower}.${suffix}`),
    ];
    if (candidates.some((candidate) => this.#tables.recordNames.has(candidate))) return true;
    return (sender?.hostsFile?.entries ?? []).some((entry) =>
      candidates.some((candidate) => entry.names.includes(candidate)),
    );
  }
}

/** An interval between sends or receives: at least {@link SCENARIO_LIMITS}.minSendInterval. */
export function readInterval(tables: ScenarioTables, path: ScenarioPath, text: string): number {
  const every = tables.context.ticks(path, text);
  if (every < MIN_SEND_INTERVAL) {
    tables.context.problem(
      path,
      `every ${text} is shorter than mqsim simulates`,
      `at least ${SCENARIO_LIMITS.minSendInterval}`,
    );
  }
  return every;
}

export function readWorkload(
  tables: ScenarioTables,
  destinations: DestinationResolver,
  item: RawWorkload,
  index: number,
): ScenarioWorkload {
  const { context } = tables;
  const path = ['workload', index];
  const sender = msmqHost(tables, item.from, [...path, 'from']);
  const to = destinations.destination(item.to, [...path, 'to'], sender);
  const every = readInterval(tables, [...path, 'every'], item.every);
  const size =
    item.size === undefined ? 1024 : context.take([...path, 'size'], parseSize(item.size), 0);
  if (size > SCENARIO_LIMITS.maxMessageSize) {
    context.problem(
      [...path, 'size'],
      `size ${item.size} is larger than MSMQ allows`,
      'at most 4MB (MaxMessageSize)',
    );
  }
  const window = readWindow(tables, path, item.start, item.stop);
  const slots =
    every <= 0
      ? 0
      : Math.max(0, Math.ceil((window.stop - window.start) / Math.max(every, MIN_SEND_INTERVAL)));
  const messages = Math.min(slots, item.count ?? Number.POSITIVE_INFINITY);
  return {
    from: sender?.name ?? item.from,
    to: to ?? { text: item.to, formatName: item.to, protocol: 'os', host: '', queue: '' },
    kind: item.kind,
    every,
    count: item.count,
    size,
    ...window,
    timeToReachQueue: context.optionalTicks([...path, 'timeToReachQueue'], item.timeToReachQueue),
    timeToBeReceived: context.optionalTicks([...path, 'timeToBeReceived'], item.timeToBeReceived),
    deadLetter: item.deadLetter ?? false,
    messages,
    location: context.location(path),
  };
}
