import { type FileTime, fromIso, parseDuration } from '@mqsim/filetime';
import { type CachePolicy, WINDOWS_DNS_CLIENT_DEFAULTS } from '@mqsim/name-cache';
import { didYouMeanHint } from './did-you-mean.js';
import { normalizeTimeline } from './normalize-timeline.js';
import {
  dnsName,
  dnsRecord,
  msmqHost,
  readHostsFile,
  readLink,
  readNat,
  reportRepeats,
  type ScenarioTables,
  withinRun,
  zoneOf,
} from './scenario-checks.js';
import { NameTable, ScenarioContext } from './scenario-context.js';
import { quote } from './scenario-error.js';
import type {
  RawCount,
  RawExpectation,
  RawHost,
  RawNameCache,
  RawNat,
  RawNetwork,
  RawScenario,
  RawWorkload,
} from './scenario-schema.js';
import { SCENARIO_LIMITS } from './scenario-schema.js';
import type { ScenarioPath, ScenarioSource } from './scenario-source.js';
import type {
  CountRange,
  Scenario,
  ScenarioConsumer,
  ScenarioDestination,
  ScenarioDirectory,
  ScenarioDns,
  ScenarioExpectation,
  ScenarioHost,
  ScenarioInterface,
  ScenarioMsmqSettings,
  ScenarioQueue,
  ScenarioRegistryValue,
  ScenarioWorkload,
  ScenarioZone,
} from './scenario-types.js';
import {
  parseAddress,
  parseDestination,
  parseEndpoint,
  parseQueuePath,
  parseRegistryValue,
  parseSize,
  roughly,
} from './scenario-values.js';

const MAX_DURATION_TICKS = parseDuration(SCENARIO_LIMITS.maxDuration);
const MIN_SEND_INTERVAL = Number(parseDuration(SCENARIO_LIMITS.minSendInterval));
const SECOND = 10_000_000;

/** `msmq` settings that are registry values too: set one or the other, not both. */
const MSMQ_REGISTRY_TWINS: Readonly<Record<string, string>> = {
  waitTime: 'WaitTime',
  ignoreOsNameValidation: 'IgnoreOSNameValidation',
  bindInterfaceIp: 'BindInterfaceIP',
  machineQuota: 'MachineQuota',
};

/**
 * Checks what the schema cannot (values, cross references, sizes) and builds the normalized
 * {@link Scenario}; `undefined` when any problem was found (they are in `context.problems`).
 */
export function normalizeScenario(
  raw: RawScenario,
  source: ScenarioSource,
): {
  readonly scenario: Scenario | undefined;
  readonly problems: ScenarioContext['problems'];
} {
  const context = new ScenarioContext(source);
  const start = readStart(context, raw.start);
  const duration = readDuration(context, raw.duration);

  const networks = new NameTable<RawNetwork>(context, 'network', true);
  const normalizedNetworks = (raw.networks ?? []).map((network, index) => {
    networks.define(network.name, ['networks', index, 'name'], network);
    return {
      name: network.name,
      link: readLink(context, ['networks', index], network),
      location: context.location(['networks', index]),
    };
  });
  const networkName = (name: string, path: ScenarioPath) =>
    networks.resolve(name, path)?.name ?? name;

  const routerNames = new NameTable<null>(context, 'router', true);
  const routers = (raw.routers ?? []).map((router, index) => {
    routerNames.define(router.name, ['routers', index, 'name'], null);
    const joined = router.networks.map((name, at) =>
      networkName(name, ['routers', index, 'networks', at]),
    );
    reportRepeats(context, joined, (at) => ['routers', index, 'networks', at], 'network');
    return { name: router.name, networks: joined, location: context.location(['routers', index]) };
  });

  // Every address on each network, to report one used twice.
  const addressOwners = new Map<string, Map<string, ScenarioPath>>();
  const claimAddress = (network: string, address: string, path: ScenarioPath) => {
    const owners = addressOwners.get(network.toLowerCase()) ?? new Map<string, ScenarioPath>();
    addressOwners.set(network.toLowerCase(), owners);
    const first = owners.get(address);
    if (first !== undefined) {
      const line = context.source.locate(first).line;
      context.problem(
        path,
        `address ${address} is already used on network ${network} (line ${line})`,
        'an address used once per network',
      );
      return;
    }
    owners.set(address, path);
  };

  const hosts = new NameTable<RawHost>(context, 'host', true);
  raw.hosts.forEach((host, index) => {
    hosts.define(host.name, ['hosts', index, 'name'], host);
  });

  const interfaces = new Map<string, Map<string, ScenarioInterface>>();
  const addressHost = new Map<string, string>();
  raw.hosts.forEach((host, hostIndex) => {
    const table = new NameTable<null>(context, 'interface', true);
    const byName = new Map<string, ScenarioInterface>();
    host.interfaces.forEach((nic, index) => {
      const path = ['hosts', hostIndex, 'interfaces', index];
      table.define(nic.name, [...path, 'name'], null);
      const network = networkName(nic.network, [...path, 'network']);
      const addresses = (nic.addresses ?? []).map((text, at) => {
        const address = context.take([...path, 'addresses', at], parseAddress(text), text);
        claimAddress(network, address, [...path, 'addresses', at]);
        addressHost.set(address, host.name);
        return address;
      });
      const normalized = { name: nic.name, network, addresses, location: context.location(path) };
      if (!byName.has(nic.name.toLowerCase())) byName.set(nic.name.toLowerCase(), normalized);
    });
    if (!interfaces.has(host.name.toLowerCase())) interfaces.set(host.name.toLowerCase(), byName);
  });

  const nats = new NameTable<RawNat | undefined>(context, 'NAT', true);
  const normalizedNats = (raw.nats ?? []).map((nat, index) => {
    nats.define(nat.name, ['nats', index, 'name'], nat);
    const normalized = readNat(context, ['nats', index], nat, networkName);
    normalized.external.forEach((address, at) => {
      claimAddress(normalized.outside, address, ['nats', index, 'external', at]);
    });
    normalized.mappings.forEach((mapping, at) => {
      const internal = parseEndpoint(mapping.internal);
      const onInside = addressOwners.get(normalized.inside.toLowerCase());
      if (internal.ok && onInside?.has(internal.value.address) !== true) {
        context.problem(
          ['nats', index, 'mappings', at, 'internal'],
          `no interface on network ${normalized.inside} has address ${internal.value.address}`,
          `an address of a host on ${normalized.inside}`,
        );
      }
    });
    return { ...normalized, location: context.location(['nats', index]) };
  });

  const dns = readDns(context, raw, hosts);
  const recordNames = new Set(dns.records.map((record) => record.name));
  const directory = readDirectory(context, raw, hosts);

  const queues = new Map<string, Map<string, ScenarioQueue>>();
  const normalizedHosts = raw.hosts.map((host, index) => {
    const normalized = readHost(context, host, index, interfaces.get(host.name.toLowerCase()));
    if (!queues.has(host.name.toLowerCase())) {
      queues.set(
        host.name.toLowerCase(),
        new Map(normalized.queues.map((queue) => [queue.name.toLowerCase(), queue])),
      );
    }
    return normalized;
  });

  const tables: ScenarioTables = {
    context,
    start,
    duration,
    networks,
    nats,
    hosts,
    zones: dns.zones,
    recordNames,
    interfaces,
    queues,
  };
  const hostByName = new Map(normalizedHosts.map((host) => [host.name.toLowerCase(), host]));
  const destinations = new DestinationResolver(tables, hostByName, addressHost);

  const workload = (raw.workload ?? []).map((item, index) =>
    readWorkload(tables, destinations, item, index),
  );
  const consumers = (raw.consumers ?? []).map((consumer, index): ScenarioConsumer => {
    const path = ['consumers', index];
    const host = msmqHost(tables, consumer.host, [...path, 'host']);
    const queue = destinations.localQueue(host, consumer.queue, [...path, 'queue']);
    const window = readWindow(tables, path, consumer.start, consumer.stop);
    return {
      host: host?.name ?? consumer.host,
      queue,
      every:
        consumer.every === undefined ? 0 : readInterval(tables, [...path, 'every'], consumer.every),
      ...window,
      location: context.location(path),
    };
  });
  const timeline = normalizeTimeline(tables, raw.timeline ?? []);
  const expectations = (raw.expect ?? []).map((item, index) =>
    readExpectation(tables, destinations, workload, item, index),
  );

  const messages = workload.reduce((sum, item) => sum + item.messages, 0);
  if (messages > SCENARIO_LIMITS.maxMessages) {
    const biggest = [...workload].sort((a, b) => b.messages - a.messages)[0];
    const detail =
      biggest === undefined
        ? ''
        : `; the largest, from ${biggest.from} to ${biggest.to.text} every ${roughly(biggest.every)}, sends about ${biggest.messages.toExponential(1)}`;
    context.problem(
      ['workload'],
      `would send about ${messages.toExponential(1)} messages in ${roughly(duration)}${detail}`,
      `at most ${SCENARIO_LIMITS.maxMessages.toLocaleString('en-US')} messages per run: send less often, for less time, or give a count`,
      { key: true },
    );
  }

  if (context.problems.length > 0) return { scenario: undefined, problems: context.problems };
  return {
    scenario: {
      file: source.file,
      name: raw.name,
      description: (raw.description ?? '').trim(),
      start,
      seed: raw.seed ?? 1,
      duration,
      networks: normalizedNetworks,
      routers,
      nats: normalizedNats,
      dns,
      directory,
      hosts: normalizedHosts,
      workload,
      consumers,
      timeline,
      expectations,
      estimate: { messages },
    },
    problems: [],
  };
}

function readStart(context: ScenarioContext, text: string): FileTime {
  try {
    return fromIso(text);
  } catch (error) {
    context.problem(
      ['start'],
      `start: ${error instanceof Error ? error.message : String(error)}`,
      'an ISO-8601 date-time with a zone, such as 2026-11-23T08:00:00Z',
    );
    return fromIso('2000-01-01T00:00:00Z');
  }
}

function readDuration(context: ScenarioContext, text: string): number {
  let ticks: bigint;
  try {
    ticks = parseDuration(text);
  } catch (error) {
    context.problem(
      ['duration'],
      `duration: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 0;
  }
  if (ticks > MAX_DURATION_TICKS || ticks === 0n) {
    context.problem(
      ['duration'],
      ticks === 0n
        ? 'duration is 0: nothing would happen'
        : `duration ${text} is ${roughly(ticks)}, longer than mqsim simulates`,
      `a duration above 0 and at most ${SCENARIO_LIMITS.maxDuration}`,
    );
    return 0;
  }
  return Number(ticks);
}

function readDns(
  context: ScenarioContext,
  raw: RawScenario,
  hosts: NameTable<RawHost>,
): ScenarioDns {
  const zoneTable = new NameTable<null>(context, 'zone', true);
  const zones = (raw.dns?.zones ?? []).map((zone, index): ScenarioZone => {
    const name = dnsName(context, ['dns', 'zones', index, 'name'], zone.name);
    zoneTable.define(name, ['dns', 'zones', index, 'name'], null);
    return {
      name,
      defaultTtl: zone.ttl ?? 3600,
      negativeTtl: zone.negativeTtl ?? 3600,
      location: context.location(['dns', 'zones', index]),
    };
  });
  const records = (raw.dns?.records ?? []).flatMap((record, index) => {
    const path = ['dns', 'records', index];
    const name = dnsName(context, [...path, 'name'], record.name);
    const zone = zoneOf(zones, name);
    if (zone === undefined) {
      context.problem(
        [...path, 'name'],
        `${name} is in no zone of dns.zones`,
        zones.length === 0
          ? 'add its zone to dns.zones'
          : `a name in ${zones.map((z) => z.name).join(', ')}`,
      );
      return [];
    }
    const made = dnsRecord(
      context,
      [...path, 'value'],
      {
        name,
        type: record.type,
        data: record.value,
        ...(record.ttl === undefined ? {} : { ttl: record.ttl }),
      },
      zone,
    );
    return made === undefined ? [] : [{ ...made, location: context.location(path) }];
  });
  const server = raw.dns?.server;
  return {
    server:
      server === undefined ? undefined : (hosts.resolve(server, ['dns', 'server'])?.name ?? server),
    zones,
    records,
  };
}

function readDirectory(
  context: ScenarioContext,
  raw: RawScenario,
  hosts: NameTable<RawHost>,
): ScenarioDirectory {
  const directory = raw.directory ?? {};
  const at = (key: string) => ['directory', key];
  return {
    controller:
      directory.controller === undefined
        ? undefined
        : (hosts.resolve(directory.controller, at('controller'))?.name ?? directory.controller),
    siteQueryTime:
      context.optionalTicks(at('siteQueryTime'), directory.siteQueryTime) ?? 2 * SECOND,
    enterpriseQueryTime:
      context.optionalTicks(at('enterpriseQueryTime'), directory.enterpriseQueryTime) ??
      10 * SECOND,
    failureTime: context.optionalTicks(at('failureTime'), directory.failureTime) ?? 600 * SECOND,
  };
}

function readHost(
  context: ScenarioContext,
  host: RawHost,
  index: number,
  interfaces: ReadonlyMap<string, ScenarioInterface> | undefined,
): ScenarioHost {
  const path = ['hosts', index];
  const role = host.role ?? 'client';
  const domain =
    host.domain === undefined ? undefined : dnsName(context, [...path, 'domain'], host.domain);
  const suffixes =
    host.dnsClient?.suffixes?.map((suffix, at) =>
      dnsName(context, [...path, 'dnsClient', 'suffixes', at], suffix),
    ) ?? (domain === undefined ? [] : [domain]);
  const hostInterfaces = [...(interfaces?.values() ?? [])];
  if (role === 'none') {
    for (const key of ['msmq', 'queues', 'registry'] as const) {
      if (host[key] !== undefined) {
        context.problem(
          [...path, key],
          `host ${host.name} has role none (no MSMQ), so it has no ${key}`,
          'remove it, or give the host an MSMQ role',
          { key: true },
        );
      }
    }
  }
  const registry = readRegistry(context, host, path);
  const msmq =
    role === 'none' ? undefined : readMsmq(context, host, path, hostInterfaces, registry);
  const queueTable = new NameTable<null>(context, 'queue', true);
  const queues = (host.queues ?? []).map((queue, at): ScenarioQueue => {
    const queuePath = [...path, 'queues', at];
    const parsed = context.take([...queuePath, 'name'], parseQueuePath(queue.name), {
      name: queue.name,
      private: false,
    });
    queueTable.define(parsed.name, [...queuePath, 'name'], null);
    return {
      name: parsed.name,
      private: parsed.private,
      transactional: queue.transactional ?? false,
      quota:
        queue.quota === undefined
          ? undefined
          : context.take([...queuePath, 'quota'], parseSize(queue.quota), 0),
      journal: queue.journal ?? false,
      location: context.location(queuePath),
    };
  });
  const dnsClient = host.dnsClient ?? {};
  return {
    name: host.name,
    role,
    domain,
    fqdn: domain === undefined ? undefined : `${host.name.toLowerCase()}.${domain}`,
    interfaces: hostInterfaces,
    dnsClient: {
      maxCacheTtl: dnsClient.maxCacheTtl ?? WINDOWS_DNS_CLIENT_DEFAULTS.maxCacheTtl,
      maxNegativeCacheTtl:
        dnsClient.maxNegativeCacheTtl ?? WINDOWS_DNS_CLIENT_DEFAULTS.maxNegativeCacheTtl,
      queryTimeouts: dnsClient.queryTimeouts ?? WINDOWS_DNS_CLIENT_DEFAULTS.queryTimeouts,
      suffixSearchList: suffixes,
    },
    hostsFile:
      host.hostsFile === undefined
        ? undefined
        : {
            text: host.hostsFile,
            entries: readHostsFile(context, [...path, 'hostsFile'], host.hostsFile),
          },
    msmq,
    registry,
    queues,
    location: context.location(path),
  };
}

function readRegistry(
  context: ScenarioContext,
  host: RawHost,
  path: ScenarioPath,
): ScenarioRegistryValue[] {
  const table = new NameTable<null>(context, 'registry value', true);
  return Object.entries(host.registry ?? {}).flatMap(([name, value]) => {
    const valuePath = [...path, 'registry', name];
    table.define(name, valuePath, null);
    const parsed = parseRegistryValue(value, context.source.sourceText([...valuePath, 'value']));
    if (!parsed.ok) {
      context.problem([...valuePath, 'value'], parsed.message, parsed.allowed);
      return [];
    }
    return [{ name, value: parsed.value, location: context.location(valuePath) }];
  });
}

function readMsmq(
  context: ScenarioContext,
  host: RawHost,
  path: ScenarioPath,
  interfaces: readonly ScenarioInterface[],
  registry: readonly ScenarioRegistryValue[],
): ScenarioMsmqSettings {
  const msmq = host.msmq ?? {};
  const at = (key: string) => [...path, 'msmq', key];
  for (const [key, valueName] of Object.entries(MSMQ_REGISTRY_TWINS)) {
    const twin = registry.find((value) => value.name.toLowerCase() === valueName.toLowerCase());
    if ((msmq as Record<string, unknown>)[key] !== undefined && twin !== undefined) {
      context.problem(
        at(key),
        `msmq.${key} and registry.${twin.name} set the same thing (line ${twin.location.line})`,
        'one of the two',
        { key: true },
      );
    }
  }
  let bindInterfaceIp: string | undefined;
  if (msmq.bindInterfaceIp !== undefined) {
    bindInterfaceIp = context.take(
      at('bindInterfaceIp'),
      parseAddress(msmq.bindInterfaceIp),
      msmq.bindInterfaceIp,
    );
    const own = interfaces.flatMap((nic) => nic.addresses);
    if (!own.includes(bindInterfaceIp)) {
      context.problem(
        at('bindInterfaceIp'),
        `${bindInterfaceIp} is not an address of ${host.name}`,
        own.length === 0 ? 'an address of the host' : `one of ${own.join(', ')}`,
      );
    }
  }
  return {
    running: msmq.running ?? true,
    nameCache: readNameCache(msmq.nameCache),
    waitTime: context.optionalTicks(at('waitTime'), msmq.waitTime),
    ignoreOsNameValidation: msmq.ignoreOsNameValidation ?? false,
    bindInterfaceIp,
    machineQuota:
      msmq.machineQuota === undefined
        ? 1024 ** 3
        : context.take(at('machineQuota'), parseSize(msmq.machineQuota), 0),
    qmId: msmq.qmId?.replace(/[{}]/g, '').toLowerCase(),
  };
}

function readNameCache(policy: RawNameCache | undefined): CachePolicy {
  if (policy === undefined) return { kind: 'until-restart' };
  if (typeof policy === 'string') return { kind: policy };
  if (policy.kind === 'respect-ttl' && policy.maxSeconds !== undefined) {
    return { kind: 'respect-ttl', maxSeconds: policy.maxSeconds };
  }
  if (policy.kind === 'fixed-ttl') return { kind: 'fixed-ttl', seconds: policy.seconds };
  return { kind: policy.kind };
}

function readWindow(
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
class DestinationResolver {
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
function readInterval(tables: ScenarioTables, path: ScenarioPath, text: string): number {
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

function readWorkload(
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

function readExpectation(
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
