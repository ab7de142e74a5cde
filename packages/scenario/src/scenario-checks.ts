/** Checks and readers shared by the scenario sections and the timeline. */
import type { FileTime } from '@mqsim/filetime';
import {
  type DnsRecord,
  type HostsEntry,
  normalizeDnsName,
  parseHostsFile,
  toDnsRecord,
} from '@mqsim/name-cache';
import type { NameTable, ScenarioContext } from './scenario-context.js';
import { quote } from './scenario-error.js';
import type { RawHost, RawJitter, RawNat, RawNetwork } from './scenario-schema.js';
import { displayPath, type ScenarioPath } from './scenario-source.js';
import type {
  ScenarioInterface,
  ScenarioJitter,
  ScenarioLinkSettings,
  ScenarioNat,
  ScenarioQueue,
  ScenarioZone,
} from './scenario-types.js';
import {
  formatEndpoint,
  parseAddress,
  parseBandwidth,
  parseEndpoint,
  roughly,
} from './scenario-values.js';

/** What the checks of later sections need to know about the earlier ones. */
export interface ScenarioTables {
  readonly context: ScenarioContext;
  readonly start: FileTime;
  readonly duration: number;
  readonly networks: NameTable<RawNetwork>;
  readonly nats: NameTable<RawNat | undefined>;
  readonly hosts: NameTable<RawHost>;
  readonly zones: readonly ScenarioZone[];
  /** Lower-case owner names of every DNS record at the start. */
  readonly recordNames: ReadonlySet<string>;
  /** Per host (lower case): its interfaces by lower-case name. */
  readonly interfaces: ReadonlyMap<string, ReadonlyMap<string, ScenarioInterface>>;
  /** Per host (lower case): its queues by lower-case path. */
  readonly queues: ReadonlyMap<string, ReadonlyMap<string, ScenarioQueue>>;
}

/** Reports each name listed twice in one list (case-insensitively). */
export function reportRepeats(
  context: ScenarioContext,
  names: readonly string[],
  pathOf: (index: number) => ScenarioPath,
  kind: string,
): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    const key = name.toLowerCase();
    if (seen.has(key)) {
      context.problem(pathOf(index), `${kind} ${quote(name)} is listed twice`, `each ${kind} once`);
    }
    seen.add(key);
  });
}

/** Link settings in ticks, probabilities and bits per second; only those given. */
export function readLink(
  context: ScenarioContext,
  path: ScenarioPath,
  link: Pick<
    RawNetwork,
    'latency' | 'jitter' | 'loss' | 'duplicate' | 'reorder' | 'reorderDelay' | 'bandwidth'
  >,
): ScenarioLinkSettings {
  return {
    ...(link.latency === undefined
      ? {}
      : { latency: context.ticks([...path, 'latency'], link.latency) }),
    ...(link.jitter === undefined
      ? {}
      : { jitter: readJitter(context, [...path, 'jitter'], link.jitter) }),
    ...(link.loss === undefined ? {} : { loss: link.loss }),
    ...(link.duplicate === undefined ? {} : { duplicate: link.duplicate }),
    ...(link.reorder === undefined ? {} : { reorder: link.reorder }),
    ...(link.reorderDelay === undefined
      ? {}
      : { reorderDelay: context.ticks([...path, 'reorderDelay'], link.reorderDelay) }),
    ...(link.bandwidth === undefined
      ? {}
      : { bandwidth: context.take([...path, 'bandwidth'], parseBandwidth(link.bandwidth), 0) }),
  };
}

function readJitter(
  context: ScenarioContext,
  path: ScenarioPath,
  jitter: RawJitter,
): ScenarioJitter {
  if (typeof jitter === 'string')
    return { distribution: 'uniform', max: context.ticks(path, jitter) };
  switch (jitter.distribution) {
    case 'uniform':
      return { distribution: 'uniform', max: context.ticks([...path, 'max'], jitter.max) };
    case 'normal':
      return { distribution: 'normal', stddev: context.ticks([...path, 'stddev'], jitter.stddev) };
    case 'exponential':
      return { distribution: 'exponential', mean: context.ticks([...path, 'mean'], jitter.mean) };
    case 'pareto':
      return {
        distribution: 'pareto',
        scale: context.ticks([...path, 'scale'], jitter.scale),
        shape: jitter.shape,
      };
  }
}

/** A NAT's addresses and mappings, checked against each other; networks resolved. */
export function readNat(
  context: ScenarioContext,
  path: ScenarioPath,
  nat: RawNat,
  networkName: (name: string, path: ScenarioPath) => string,
): Omit<ScenarioNat, 'location'> {
  const inside = networkName(nat.inside, [...path, 'inside']);
  const outside = networkName(nat.outside, [...path, 'outside']);
  if (inside.toLowerCase() === outside.toLowerCase()) {
    context.problem(
      [...path, 'outside'],
      `NAT ${nat.name} has ${inside} on both sides`,
      'two different networks',
    );
  }
  const external = nat.external.map((text, index) =>
    context.take([...path, 'external', index], parseAddress(text), text),
  );
  reportRepeats(context, external, (index) => [...path, 'external', index], 'address');
  const mappings = (nat.mappings ?? []).map((mapping, index) => {
    const at = [...path, 'mappings', index];
    const outer = context.take([...at, 'external'], parseEndpoint(mapping.external), undefined);
    const inner = context.take([...at, 'internal'], parseEndpoint(mapping.internal), undefined);
    if (outer !== undefined && !external.includes(outer.address)) {
      context.problem(
        [...at, 'external'],
        `${outer.address} is not one of NAT ${nat.name}'s external addresses`,
        `one of ${external.join(', ')}`,
      );
    }
    if (
      outer !== undefined &&
      inner !== undefined &&
      (outer.port === undefined) !== (inner.port === undefined)
    ) {
      context.problem(
        [...at, 'internal'],
        'a mapping has ports on both sides (a port forward) or on neither (1:1 NAT)',
        'address ↔ address, or address:port ↔ address:port',
      );
    }
    return {
      external: outer === undefined ? mapping.external : formatEndpoint(outer),
      internal: inner === undefined ? mapping.internal : formatEndpoint(inner),
    };
  });
  return {
    name: nat.name,
    inside,
    outside,
    external,
    mappings,
    dynamic: nat.dynamic ?? true,
    hairpin: nat.hairpin ?? false,
  };
}

/** A DNS name in canonical form, or the text as written after reporting why it is not one. */
export function dnsName(context: ScenarioContext, path: ScenarioPath, text: string): string {
  try {
    return normalizeDnsName(text);
  } catch (error) {
    context.problem(
      path,
      `${error instanceof Error ? error.message : String(error)}`,
      'a DNS name such as app01.corp.example: labels of 1-63 letters, digits or hyphens',
    );
    return text.toLowerCase();
  }
}

/** The zone a DNS name belongs to (the longest matching origin), or `undefined`. */
export function zoneOf(zones: readonly ScenarioZone[], name: string): ScenarioZone | undefined {
  return zones
    .filter((zone) => name === zone.name || name.endsWith(`.${zone.name}`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

/**
 * A DNS name of a record and the zone it belongs to; `undefined` (with the problem reported at
 * `path`) when it is in none of the scenario's zones.
 */
export function zonedName(
  context: ScenarioContext,
  path: ScenarioPath,
  text: string,
  zones: readonly ScenarioZone[],
): { readonly name: string; readonly zone: ScenarioZone } | undefined {
  const name = dnsName(context, path, text);
  const zone = zoneOf(zones, name);
  if (zone !== undefined) return { name, zone };
  context.problem(
    path,
    `${name} is in no zone of dns.zones`,
    zones.length === 0
      ? 'add its zone to dns.zones'
      : `a name in ${zones.map((candidate) => candidate.name).join(', ')}`,
  );
  return undefined;
}

/** A record set value checked against its type, in canonical form. */
export function dnsRecord(
  context: ScenarioContext,
  path: ScenarioPath,
  input: {
    readonly name: string;
    readonly type: DnsRecord['type'];
    readonly data: string;
    readonly ttl?: number;
  },
  zone: ScenarioZone,
): DnsRecord | undefined {
  try {
    return toDnsRecord(input, zone.defaultTtl);
  } catch (error) {
    const allowed =
      input.type === 'A'
        ? 'an IPv4 address'
        : input.type === 'AAAA'
          ? 'an IPv6 address'
          : 'a DNS name';
    context.problem(path, error instanceof Error ? error.message : String(error), allowed);
    return undefined;
  }
}

/** A hosts file's entries, problems located at the text in the scenario. */
export function readHostsFile(
  context: ScenarioContext,
  path: ScenarioPath,
  text: string,
): readonly HostsEntry[] {
  try {
    return parseHostsFile(text, 'hosts');
  } catch (error) {
    const detail = error as { line?: number; allowed?: string; message?: string };
    context.problem(
      path,
      `hosts file line ${detail.line ?? 1}: ${String(detail.message).replace(/^hosts:\d+:\d+: /, '')}`,
      detail.allowed ?? 'lines of an address, then names',
    );
    return [];
  }
}

/** The host named at `path`, which must run MSMQ; reports an unknown host or one without MSMQ. */
export function msmqHost(
  tables: ScenarioTables,
  name: string,
  path: ScenarioPath,
): RawHost | undefined {
  const host = tables.hosts.resolve(name, path)?.item;
  if (host !== undefined && host.role === 'none') {
    tables.context.problem(
      path,
      `host ${host.name} has role none: it runs no MSMQ`,
      'a host with an MSMQ role',
    );
    return undefined;
  }
  return host;
}

/** Checks that `ticks` falls within the run. */
export function withinRun(
  tables: ScenarioTables,
  path: ScenarioPath,
  ticks: number,
  text: string,
): void {
  if (ticks > tables.duration && tables.duration > 0) {
    tables.context.problem(
      path,
      `${displayPath(path)}: ${text} is past the end of the run (duration ${roughly(tables.duration)})`,
      `from 0s to ${roughly(tables.duration)} after the start`,
    );
  }
}
