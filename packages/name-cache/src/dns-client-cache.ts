import { type Clock, TICKS, type TraceSink } from '@mqsim/filetime';
import type { AuthoritativeDns, DnsResponse } from './authoritative-dns.js';
import { formatDisplayDns } from './display-dns.js';
import { isSingleLabel, normalizeDnsName } from './dns-name.js';
import { NameCacheConfigError } from './errors.js';
import type { HostsEntry } from './hosts-file.js';
import { ipFamily } from './ip-address.js';
import {
  type AnswerMaps,
  answerAgeSeconds,
  answerTtl,
  createAnswerMaps,
  createLookupResult,
  type LookupCallback,
  type LookupResult,
  type NameResolver,
  relayer,
  unknownRecordType,
} from './lookup-result.js';
import { checkTtl, type DnsRecord, RECORD_TYPES, type RecordType } from './records.js';
import type {
  NameCacheTraceEvent,
  NameCacheTraceFields,
  NameCacheTraceType,
} from './trace-events.js';

/**
 * The Windows DNS Client service's settings (`HKLM\SYSTEM\CurrentControlSet\Services\Dnscache\Parameters`).
 * All durations in seconds, as in the registry.
 */
export interface DnsClientSettings {
  /** `MaxCacheTtl`: the longest a positive answer is kept, whatever its TTL. Default 86 400 (1 day; XP/2003 and later). */
  readonly maxCacheTtl?: number;
  /**
   * `MaxNegativeCacheTtl`: the longest "no such name" / "no such record" is kept; 0 turns negative
   * caching off. Default 900 (XP/2003 and later; Windows 2000's `NegativeCacheTime` was 300). Current
   * Windows versions are not documented: UNCERTAIN, hence a setting.
   */
  readonly maxNegativeCacheTtl?: number;
  /** `DNSQueryTimeouts`: how long each attempt waits before the next. Default 1, 2, 2, 4, 8 — about 17 s before a lookup fails. */
  readonly queryTimeouts?: readonly number[];
  /** The DNS suffix search list single-label names are completed with, in order, e.g. `['corp.example']`. */
  readonly suffixSearchList?: readonly string[];
}

/** Options of a {@link DnsClientCache}. */
export interface DnsClientCacheOptions extends DnsClientSettings {
  readonly clock: Clock;
  /** The DNS server this client asks. */
  readonly server: AuthoritativeDns;
  /** The machine this client runs on, for trace events. */
  readonly host?: string;
  readonly trace?: TraceSink;
  /** The hosts file, preloaded into the cache as Windows does. */
  readonly hosts?: readonly HostsEntry[];
  /** Whether the server can be reached from this host right now (wired to the network by the simulator). Default: always. */
  readonly reachable?: () => boolean;
}

/** The Windows defaults, each documented on {@link DnsClientSettings}. */
export const WINDOWS_DNS_CLIENT_DEFAULTS: Required<DnsClientSettings> = Object.freeze({
  maxCacheTtl: 86_400,
  maxNegativeCacheTtl: 900,
  queryTimeouts: Object.freeze([1, 2, 2, 4, 8]),
  suffixSearchList: Object.freeze([]),
});

type Waiting = { readonly callbacks: LookupCallback[]; readonly startedAt: number };

/**
 * The Windows DNS Client (Dnscache) service of one machine: the OS resolver cache every program
 * shares. Positive answers are kept for min(TTL, `MaxCacheTtl`), negative ones for
 * min(zone negative TTL, `MaxNegativeCacheTtl`); hosts-file entries are preloaded and win;
 * `flush()` is `ipconfig /flushdns`, `entries()` is what `ipconfig /displaydns` lists.
 * Concurrent lookups of one name share one query; an unreachable server makes a lookup wait
 * through every `DNSQueryTimeouts` attempt and end in `timeout`, which is not cached.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
 * const server = new AuthoritativeDns();
 * server.addZone('corp.example');
 * server.setRecords('app01.corp.example', 'A', ['10.0.0.5'], { ttl: 300 });
 * const os = new DnsClientCache({ clock, server });
 * const answers: LookupResult[] = [];
 * os.lookup('app01.corp.example', 'A', (result) => answers.push(result)); // => undefined
 * clock.run();
 * answers.map((answer) => answer.layer); // => ['dns']
 * os.lookup('app01.corp.example', 'A', () => {})?.layer; // => 'os-cache'
 * ```
 */
export class DnsClientCache implements NameResolver {
  readonly #clock: Clock;
  readonly #server: AuthoritativeDns;
  readonly #host: string | undefined;
  readonly #trace: TraceSink | undefined;
  readonly #reachable: () => boolean;
  readonly #settings: Required<DnsClientSettings>;
  readonly #attemptTicks: readonly number[];
  readonly #totalTicks: number;
  readonly #cache: AnswerMaps = createAnswerMaps();
  readonly #waiting = new Map<string, Waiting>();
  #hosts: readonly HostsEntry[] = [];

  constructor(options: DnsClientCacheOptions) {
    this.#clock = options.clock;
    this.#server = options.server;
    this.#host = options.host;
    this.#trace = options.trace;
    this.#reachable = options.reachable ?? (() => true);
    this.#settings = checkSettings(options);
    this.#attemptTicks = this.#settings.queryTimeouts.map((seconds) => seconds * TICKS.perSecond);
    this.#totalTicks = this.#attemptTicks.reduce((sum, ticks) => sum + ticks, 0);
    this.setHosts(options.hosts ?? []);
  }

  /** The settings in force, defaults filled in. */
  get settings(): Required<DnsClientSettings> {
    return this.#settings;
  }

  /**
   * Resolves `name` for `type`: from the hosts file or the cache at once (returned), else by
   * asking the server (`undefined` returned, `callback` called from a clock event).
   *
   * @throws {DnsNameError} for a malformed name; {@link NameCacheConfigError} for an unknown type.
   */
  lookup(name: string, type: RecordType, callback: LookupCallback): LookupResult | undefined {
    const cache = this.#cache[type];
    const entry = cache?.get(name);
    // The hot path: one Map lookup and one comparison, for names already in canonical form.
    if (entry !== undefined && this.#clock.ticks() < entry.expiresAt) {
      if (this.#trace !== undefined) this.#emitHit(entry);
      return entry;
    }
    if (cache === undefined) throw unknownRecordType(type);
    const canonical = normalizeDnsName(name);
    const candidates =
      isSingleLabel(canonical) && this.#settings.suffixSearchList.length > 0
        ? this.#settings.suffixSearchList.map((suffix) => `${canonical}.${suffix}`)
        : [canonical];
    return this.#resolve(candidates, 0, type, callback);
  }

  /** `ipconfig /flushdns`: empties the cache; hosts-file entries stay (Windows preloads them again). Returns how many entries went. */
  flush(): number {
    let flushed = 0;
    for (const cache of Object.values(this.#cache)) {
      for (const [name, entry] of cache) {
        if (entry.layer === 'hosts') continue;
        cache.delete(name);
        flushed++;
      }
    }
    this.#emit('cache.flushed', { layer: 'os-cache', entries: flushed });
    return flushed;
  }

  /**
   * Replaces the hosts file. Its names answer from now on, before any cached DNS answer — the
   * DNS Client watches the file, no flush needed.
   */
  setHosts(entries: readonly HostsEntry[]): void {
    for (const cache of Object.values(this.#cache)) {
      for (const [name, entry] of cache) if (entry.layer === 'hosts') cache.delete(name);
    }
    this.#hosts = entries;
    const now = this.#clock.ticks();
    const grouped = new Map<string, string[]>();
    for (const entry of entries) {
      const type: RecordType = ipFamily(entry.address) === 6 ? 'AAAA' : 'A';
      for (const name of entry.names) {
        const key = `${type} ${name}`;
        const addresses = grouped.get(key) ?? [];
        if (!addresses.includes(entry.address)) addresses.push(entry.address);
        grouped.set(key, addresses);
      }
    }
    for (const [key, addresses] of grouped) {
      const [type, name] = key.split(' ') as [RecordType, string];
      const records = addresses.map(
        (data): DnsRecord => ({ name, type, ttl: HOSTS_DISPLAY_TTL, data }),
      );
      this.#cache[type].set(
        name,
        createLookupResult(
          name,
          type,
          'ok',
          addresses,
          records,
          'hosts',
          now,
          Number.POSITIVE_INFINITY,
        ),
      );
    }
  }

  /**
   * Whether a query would reach the server now: the server answers at all and the `reachable`
   * option (the route to it) says a packet gets there. Otherwise each attempt times out.
   *
   * @example
   * ```ts
   * const server = new AuthoritativeDns();
   * const os = new DnsClientCache({ clock: new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') }), server });
   * server.setAvailable(false);
   * os.serverReachable(); // => false
   * ```
   */
  serverReachable(): boolean {
    return this.#server.available && this.#reachable();
  }

  /** The hosts file in force. */
  get hosts(): readonly HostsEntry[] {
    return this.#hosts;
  }

  /** What `ipconfig /displaydns` would list now: live entries, hosts entries first, then by insertion. */
  entries(): LookupResult[] {
    const now = this.#clock.ticks();
    const live: LookupResult[] = [];
    for (const type of RECORD_TYPES) {
      for (const entry of this.#cache[type].values()) if (now < entry.expiresAt) live.push(entry);
    }
    return live.sort((a, b) => Number(b.layer === 'hosts') - Number(a.layer === 'hosts'));
  }

  /** `ipconfig /displaydns`: the {@link DnsClientCache.entries} as Windows prints them (CRLF line ends). */
  displayDns(): string {
    return formatDisplayDns(this.entries(), this.#clock.ticks());
  }

  #resolve(
    candidates: readonly string[],
    index: number,
    type: RecordType,
    callback: LookupCallback,
  ): LookupResult | undefined {
    for (let at = index; at < candidates.length; at++) {
      const name = candidates[at] as string;
      const last = at === candidates.length - 1;
      const cached = this.#cached(name, type);
      if (cached !== undefined) {
        if (cached.status === 'ok' || last) return cached;
        continue;
      }
      this.#query(name, type, (result) => {
        if (result.status === 'ok' || last) return callback(result);
        const next = this.#resolve(candidates, at + 1, type, callback);
        if (next !== undefined) callback(next);
      });
      return undefined;
    }
    return undefined;
  }

  #cached(name: string, type: RecordType): LookupResult | undefined {
    const cache = this.#cache[type];
    const entry = cache.get(name);
    if (entry !== undefined) {
      if (this.#clock.ticks() < entry.expiresAt) {
        if (this.#trace !== undefined) this.#emitHit(entry);
        return entry;
      }
      cache.delete(name);
      this.#emit('cache.expired', {
        layer: 'os-cache',
        name,
        recordType: type,
        status: entry.status,
      });
    }
    this.#emit('cache.miss', { layer: 'os-cache', name, recordType: type });
    return undefined;
  }

  #query(name: string, type: RecordType, callback: LookupCallback): void {
    const key = `${type} ${name}`;
    const waiting = this.#waiting.get(key);
    if (waiting !== undefined) {
      waiting.callbacks.push(callback);
      return;
    }
    this.#waiting.set(key, { callbacks: [callback], startedAt: this.#clock.ticks() });
    this.#attempt(name, type, 0);
  }

  #attempt(name: string, type: RecordType, attempt: number): void {
    const waiting = this.#waiting.get(`${type} ${name}`) as Waiting;
    const elapsed = this.#clock.ticks() - waiting.startedAt;
    this.#emit('dns.query', {
      name,
      recordType: type,
      attempt: attempt + 1,
      timeoutSeconds: this.#settings.queryTimeouts[attempt] as number,
    });
    if (this.serverReachable()) {
      // The server answers what it holds when the question arrives; a late answer still counts
      // until the last attempt's time-out, as the Windows client keeps listening.
      const response = this.#server.answer(name, type);
      const delay = Math.max(0, Math.round(this.#server.responseDelayMs * TICKS.perMillisecond));
      if (elapsed + delay <= this.#totalTicks) {
        this.#clock.schedule(delay, () => this.#settle(name, type, response));
      } else {
        this.#clock.schedule(this.#totalTicks - elapsed, () =>
          this.#timeout(name, type, 'the server answered too late'),
        );
      }
      return;
    }
    const wait = this.#attemptTicks[attempt] as number;
    if (attempt + 1 < this.#attemptTicks.length) {
      this.#clock.schedule(wait, () => this.#attempt(name, type, attempt + 1));
    } else {
      this.#clock.schedule(wait, () => this.#timeout(name, type, 'no DNS server answered'));
    }
  }

  #settle(name: string, type: RecordType, response: DnsResponse): void {
    const now = this.#clock.ticks();
    const values =
      response.status === 'ok'
        ? response.records.filter((record) => record.type === type).map((record) => record.data)
        : [];
    const keepSeconds =
      response.status === 'ok'
        ? Math.min(answerTtl(response.records), this.#settings.maxCacheTtl)
        : response.status === 'servfail'
          ? 0
          : Math.min(response.negativeTtl, this.#settings.maxNegativeCacheTtl);
    const expiresAt = now + keepSeconds * TICKS.perSecond;
    const answer = createLookupResult(
      name,
      type,
      response.status,
      values,
      response.records,
      'dns',
      now,
      expiresAt,
      response.reason,
    );
    this.#emit('dns.answer', {
      name,
      recordType: type,
      status: response.status,
      values,
      ttl: keepSeconds,
    });
    const cache = this.#cache[type];
    if (keepSeconds > 0 && cache.get(name)?.layer !== 'hosts')
      cache.set(name, relayer(answer, 'os-cache'));
    this.#finish(name, type, answer);
  }

  #timeout(name: string, type: RecordType, reason: string): void {
    const now = this.#clock.ticks();
    this.#emit('dns.timeout', { name, recordType: type, reason });
    const result = createLookupResult(name, type, 'timeout', [], [], 'dns', now, now, reason);
    this.#finish(name, type, result);
  }

  #finish(name: string, type: RecordType, result: LookupResult): void {
    const key = `${type} ${name}`;
    const waiting = this.#waiting.get(key);
    this.#waiting.delete(key);
    for (const callback of waiting?.callbacks ?? []) callback(result);
  }

  #emitHit(entry: LookupResult): void {
    this.#emit('cache.hit', {
      layer: entry.layer,
      name: entry.name,
      recordType: entry.type,
      status: entry.status,
      ageSeconds: answerAgeSeconds(entry, this.#clock),
    });
  }

  #emit<Type extends NameCacheTraceType>(type: Type, fields: NameCacheTraceFields<Type>): void {
    this.#trace?.emit({
      t: this.#clock.ticks(),
      ...(this.#host === undefined ? {} : { host: this.#host }),
      source: 'name-cache',
      type,
      ...fields,
    } as NameCacheTraceEvent);
  }
}

/** The TTL `ipconfig /displaydns` shows for hosts-file entries, which never expire. UNCERTAIN: display only. */
const HOSTS_DISPLAY_TTL = 86_400;

function checkSettings(options: DnsClientSettings): Required<DnsClientSettings> {
  const settings = {
    maxCacheTtl: options.maxCacheTtl ?? WINDOWS_DNS_CLIENT_DEFAULTS.maxCacheTtl,
    maxNegativeCacheTtl:
      options.maxNegativeCacheTtl ?? WINDOWS_DNS_CLIENT_DEFAULTS.maxNegativeCacheTtl,
    queryTimeouts: options.queryTimeouts ?? WINDOWS_DNS_CLIENT_DEFAULTS.queryTimeouts,
    suffixSearchList: (options.suffixSearchList ?? []).map((suffix) => normalizeDnsName(suffix)),
  };
  for (const [key, value] of [
    ['maxCacheTtl', settings.maxCacheTtl],
    ['maxNegativeCacheTtl', settings.maxNegativeCacheTtl],
  ] as const) {
    try {
      checkTtl(value, key);
    } catch (error) {
      throw new NameCacheConfigError(error instanceof Error ? error.message : String(error), {
        value,
        allowed: '0 to 2147483647 seconds',
      });
    }
  }
  const timeouts = settings.queryTimeouts;
  if (
    timeouts.length === 0 ||
    timeouts.some((seconds) => !(Number.isFinite(seconds) && seconds > 0))
  ) {
    throw new NameCacheConfigError(
      `queryTimeouts ${JSON.stringify(timeouts)} must be one or more positive numbers of seconds`,
      {
        value: timeouts,
        allowed: 'e.g. [1, 2, 2, 4, 8] (the Windows default)',
      },
    );
  }
  return settings;
}
