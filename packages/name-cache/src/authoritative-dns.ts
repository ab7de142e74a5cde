import type { Clock, TraceSink } from '@mqsim/filetime';
import { normalizeDnsName } from './dns-name.js';
import { DnsRecordError } from './errors.js';
import { reverseName } from './ip-address.js';
import {
  checkTtl,
  type DnsRecord,
  type DnsRecordInput,
  type RecordType,
  toDnsRecord,
} from './records.js';
import type { NameCacheTraceEventOf } from './trace-events.js';

/** What a DNS server says to one question. */
export type DnsResponseStatus = 'ok' | 'nxdomain' | 'nodata' | 'servfail';

/** A DNS server's answer to one question (name, type). */
export interface DnsResponse {
  readonly status: DnsResponseStatus;
  /** The name asked for, canonical. */
  readonly name: string;
  readonly type: RecordType;
  /** The CNAME chain followed (in order), then the records of the asked type. */
  readonly records: readonly DnsRecord[];
  /** For `nxdomain` and `nodata`: how long (seconds) a resolver may remember that, from the zone. */
  readonly negativeTtl: number;
  /** For `servfail`: why, e.g. `CNAME loop a.corp.example → b.corp.example → a.corp.example`. */
  readonly reason?: string;
}

/** Per-zone settings. */
export interface ZoneOptions {
  /** TTL (seconds) of records added without one. Default 3600, Windows DNS Server's zone default. */
  readonly defaultTtl?: number;
  /** How long (seconds) resolvers may cache "no such name" from this zone (the SOA minimum). Default 3600. */
  readonly negativeTtl?: number;
}

/** A zone as configured. */
export interface Zone {
  /** The zone's origin, canonical, e.g. `corp.example`. */
  readonly origin: string;
  readonly defaultTtl: number;
  readonly negativeTtl: number;
}

/** Options of an {@link AuthoritativeDns}. */
export interface AuthoritativeDnsOptions {
  /** The server's name in trace events, e.g. `DC01`. Default `dns`. */
  readonly host?: string;
  /** Gives trace events their time; without it they carry `t: 0`. */
  readonly clock?: Clock;
  /** Receives `dns.record.changed` and `dns.server.availability` events. */
  readonly trace?: TraceSink;
}

/** The longest CNAME chain followed before giving up, as BIND does. */
export const MAX_CNAME_CHAIN = 16;

const DEFAULT_ZONE_TTL = 3600;

/**
 * The authoritative DNS for a simulated network: zones holding A, AAAA, CNAME and PTR records
 * that change at run time (that is how renumbering happens), answering questions exactly, with
 * CNAME chains followed and loops reported as `servfail`.
 *
 * `available` and `responseDelayMs` are the fault switches a resolver sees: an unavailable
 * server never answers, a slow one answers late (see {@link DnsClientCache}).
 *
 * @example
 * ```ts
 * const dns = new AuthoritativeDns();
 * dns.addZone('corp.example');
 * dns.setRecords('app01.corp.example', 'A', ['10.0.0.5'], { ttl: 1200 });
 * dns.answer('APP01.corp.example', 'A').records[0]?.data; // '10.0.0.5'
 * dns.answer('nope.corp.example', 'A').status; // 'nxdomain'
 * ```
 */
export class AuthoritativeDns {
  /** Whether the server answers at all; a resolver asking an unavailable server times out. */
  available = true;
  /** How long an answer takes to come back, in milliseconds. Default 1 (a LAN). */
  responseDelayMs = 1;

  readonly #zones = new Map<string, Zone>();
  readonly #names = new Map<string, Map<RecordType, DnsRecord[]>>();
  readonly #host: string;
  readonly #clock: Clock | undefined;
  readonly #trace: TraceSink | undefined;

  constructor(options: AuthoritativeDnsOptions = {}) {
    this.#host = options.host ?? 'dns';
    this.#clock = options.clock;
    this.#trace = options.trace;
  }

  /**
   * Adds a zone the server is authoritative for.
   * @throws {DnsNameError} for a malformed origin; {@link DnsRecordError} for a bad TTL or a duplicate zone.
   */
  addZone(origin: string, options: ZoneOptions = {}): Zone {
    const canonical = normalizeDnsName(origin);
    if (this.#zones.has(canonical)) {
      throw new DnsRecordError(`zone ${canonical} is already defined`, {
        value: origin,
        allowed: 'each zone once',
      });
    }
    const zone: Zone = {
      origin: canonical,
      defaultTtl: options.defaultTtl ?? DEFAULT_ZONE_TTL,
      negativeTtl: options.negativeTtl ?? DEFAULT_ZONE_TTL,
    };
    checkTtl(zone.defaultTtl, `defaultTtl of zone ${canonical}`);
    checkTtl(zone.negativeTtl, `negativeTtl of zone ${canonical}`);
    this.#zones.set(canonical, zone);
    return zone;
  }

  /** The zones, in the order they were added. */
  zones(): readonly Zone[] {
    return [...this.#zones.values()];
  }

  /**
   * Adds one record beside the existing ones of its name and type.
   * @throws {DnsRecordError} when no zone holds the name, the data does not fit the type, or a CNAME would share its name with other data.
   * @throws {DnsNameError} for a malformed name.
   */
  addRecord(input: DnsRecordInput): DnsRecord {
    const zone = this.#zoneOf(normalizeDnsName(input.name), input.name);
    const record = toDnsRecord(input, zone.defaultTtl);
    const existing = this.#names.get(record.name)?.get(record.type) ?? [];
    if (existing.some((other) => other.data === record.data)) return record;
    this.#replace(record.name, record.type, [...existing, record]);
    return record;
  }

  /**
   * Replaces every record of `type` at `name` with one record per item of `data` — what an admin
   * or DHCP does when a machine is renumbered. An empty `data` removes them.
   *
   * @example
   * ```ts
   * const dns = new AuthoritativeDns();
   * dns.addZone('corp.example');
   * dns.setRecords('app01.corp.example', 'A', ['10.0.0.5']);
   * dns.setRecords('app01.corp.example', 'A', ['192.168.1.5']);
   * dns.answer('app01.corp.example', 'A').records.map((r) => r.data); // ['192.168.1.5']
   * ```
   * @throws as {@link AuthoritativeDns.addRecord} does.
   */
  setRecords(
    name: string,
    type: RecordType,
    data: readonly string[],
    options: { readonly ttl?: number } = {},
  ): readonly DnsRecord[] {
    const canonical = normalizeDnsName(name);
    const zone = this.#zoneOf(canonical, name);
    const records: DnsRecord[] = [];
    for (const item of data) {
      const record = toDnsRecord(
        { name: canonical, type, data: item, ttl: options.ttl ?? zone.defaultTtl },
        zone.defaultTtl,
      );
      if (!records.some((other) => other.data === record.data)) records.push(record);
    }
    this.#replace(canonical, type, records);
    return records;
  }

  /**
   * Removes the records of `name` (of one `type`, or all); returns how many went.
   * @throws {DnsNameError} for a malformed name.
   */
  removeRecords(name: string, type?: RecordType): number {
    const canonical = normalizeDnsName(name);
    const node = this.#names.get(canonical);
    if (node === undefined) return 0;
    let removed = 0;
    for (const recordType of type === undefined ? [...node.keys()] : [type]) {
      removed += node.get(recordType)?.length ?? 0;
      this.#replace(canonical, recordType, []);
    }
    return removed;
  }

  /** Every record, or those of one name, in insertion order. */
  records(name?: string): readonly DnsRecord[] {
    const nodes =
      name === undefined ? [...this.#names.values()] : [this.#names.get(normalizeDnsName(name))];
    return nodes.flatMap((node) => (node === undefined ? [] : [...node.values()].flat()));
  }

  /**
   * The server's answer to (name, type), now. Follows CNAMEs (up to {@link MAX_CNAME_CHAIN}),
   * reports a loop as `servfail`; a name in no zone is `nxdomain` (this server is the whole DNS
   * of the simulation). Ignores `available`: that is the resolver's business.
   *
   * @throws {DnsNameError} for a malformed name.
   */
  answer(name: string, type: RecordType): DnsResponse {
    const asked = normalizeDnsName(name);
    const chain: DnsRecord[] = [];
    let current = asked;
    for (let hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
      const zone = this.#findZone(current);
      const node = zone === undefined ? undefined : this.#names.get(current);
      const negativeTtl = zone?.negativeTtl ?? DEFAULT_ZONE_TTL;
      if (node === undefined)
        return { status: 'nxdomain', name: asked, type, records: chain, negativeTtl };
      const alias = type === 'CNAME' ? undefined : node.get('CNAME')?.[0];
      if (alias !== undefined) {
        chain.push(alias);
        if (alias.data === asked || chain.some((link) => link.name === alias.data)) {
          const path = [asked, ...chain.map((link) => link.data)].join(' → ');
          return {
            status: 'servfail',
            name: asked,
            type,
            records: [],
            negativeTtl,
            reason: `CNAME loop ${path}`,
          };
        }
        current = alias.data;
        continue;
      }
      const found = node.get(type);
      if (found === undefined || found.length === 0) {
        return { status: 'nodata', name: asked, type, records: chain, negativeTtl };
      }
      return { status: 'ok', name: asked, type, records: [...chain, ...found], negativeTtl };
    }
    return {
      status: 'servfail',
      name: asked,
      type,
      records: [],
      negativeTtl: DEFAULT_ZONE_TTL,
      reason: `CNAME chain from ${asked} longer than ${MAX_CNAME_CHAIN}`,
    };
  }

  /**
   * Sets `available`, with a `dns.server.availability` trace event when it changes.
   */
  setAvailable(available: boolean): void {
    if (this.available === available) return;
    this.available = available;
    this.#trace?.emit({
      t: this.#clock?.ticks() ?? 0,
      host: this.#host,
      source: 'name-cache',
      type: 'dns.server.availability',
      available,
    } satisfies NameCacheTraceEventOf<'dns.server.availability'>);
  }

  #replace(name: string, type: RecordType, records: DnsRecord[]): void {
    let node = this.#names.get(name);
    const before = node?.get(type) ?? [];
    if (records.length > 0) {
      if (node === undefined) {
        node = new Map();
        this.#names.set(name, node);
      }
      const others = [...node.keys()].filter(
        (other) => other !== type && (node?.get(other)?.length ?? 0) > 0,
      );
      if (
        (type === 'CNAME' && others.length > 0) ||
        (type !== 'CNAME' && others.includes('CNAME'))
      ) {
        throw new DnsRecordError(
          `${name} cannot hold a CNAME beside other records (it has ${type === 'CNAME' ? others.join(', ') : 'CNAME'}); RFC 1034 §3.6.2`,
          { value: name, allowed: 'either one CNAME or other record types at a name' },
        );
      }
      if (type === 'CNAME' && records.length > 1) {
        throw new DnsRecordError(`${name} cannot hold more than one CNAME`, {
          value: name,
          allowed: 'one CNAME per name',
        });
      }
      node.set(type, records);
    } else if (node !== undefined) {
      node.delete(type);
      if (node.size === 0) this.#names.delete(name);
    }
    if (sameRecords(before, records)) return;
    this.#trace?.emit({
      t: this.#clock?.ticks() ?? 0,
      host: this.#host,
      source: 'name-cache',
      type: 'dns.record.changed',
      name,
      recordType: type,
      before: before.map((record) => record.data),
      after: records.map((record) => record.data),
    } satisfies NameCacheTraceEventOf<'dns.record.changed'>);
  }

  #zoneOf(canonical: string, original: string): Zone {
    const zone = this.#findZone(canonical);
    if (zone === undefined) {
      const zones = [...this.#zones.keys()];
      throw new DnsRecordError(
        `no zone holds ${JSON.stringify(original)}; ${zones.length === 0 ? 'add a zone first' : `zones: ${zones.join(', ')}`}`,
        {
          value: original,
          allowed:
            zones.length === 0
              ? 'a name inside a zone added with addZone'
              : `a name inside ${zones.join(', ')}`,
        },
      );
    }
    return zone;
  }

  #findZone(name: string): Zone | undefined {
    for (let suffix = name; ; ) {
      const zone = this.#zones.get(suffix);
      if (zone !== undefined) return zone;
      const dot = suffix.indexOf('.');
      if (dot < 0) return undefined;
      suffix = suffix.slice(dot + 1);
    }
  }
}

/**
 * A PTR record for `address`, pointing at `target` — sugar for reverse zones.
 *
 * @example
 * ```ts
 * ptrRecord('10.0.0.5', 'app01.corp.example');
 * // => { name: '5.0.0.10.in-addr.arpa', type: 'PTR', data: 'app01.corp.example' }
 * ```
 * @throws {DnsRecordError} when `address` is not an IP address.
 */
export function ptrRecord(address: string, target: string, ttl?: number): DnsRecordInput {
  const name = reverseName(address);
  return ttl === undefined
    ? { name, type: 'PTR', data: target }
    : { name, type: 'PTR', data: target, ttl };
}

function sameRecords(a: readonly DnsRecord[], b: readonly DnsRecord[]): boolean {
  return (
    a.length === b.length &&
    a.every((record, index) => record.data === b[index]?.data && record.ttl === b[index]?.ttl)
  );
}
