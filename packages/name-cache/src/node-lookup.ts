import dns, { type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import os from 'node:os';
import { type Clock, SystemClock, TICKS, type TraceSink, ticksToSeconds } from '@mqsim/filetime';
import { type CachePolicy, policyExpiry } from './cache-policy.js';
import { isSingleLabel, normalizeDnsName } from './dns-name.js';
import { HostNotFoundError, LookupTimeoutError, NameCacheConfigError } from './errors.js';
import { installOnAgent, uninstallFromAgent } from './internal/agent-install.js';
import { queryNegativeTtl } from './internal/negative-ttl-query.js';
import {
  checkServers,
  type LookupSettings,
  toFamily,
  toLookupSettings,
} from './internal/node-lookup-options.js';
import type { IpFamily } from './ip-address.js';
import type { AnswerLayer, LookupStatus } from './lookup-result.js';
import { MAX_TTL_SECONDS } from './records.js';
import type {
  NameCacheTraceEvent,
  NameCacheTraceFields,
  NameCacheTraceType,
} from './trace-events.js';

/**
 * Who answered one call of a {@link CachedLookup}: this process's cache, DNS, the operating
 * system's resolver (`dns.lookup`: hosts file, OS cache, suffix search — Node cannot tell which),
 * or nobody, because the host name was already an IP address.
 *
 * @example
 * ```ts
 * const layer: NodeLookupLayer = 'process-cache';
 * layer; // => 'process-cache'
 * ```
 */
export type NodeLookupLayer = Exclude<AnswerLayer, 'hosts'> | 'literal';

/**
 * An address with its family, as Node's `dns.lookup` hands it out with `all: true`.
 *
 * @example
 * ```ts
 * const address: NodeLookupAddress = { address: '10.0.0.5', family: 4 };
 * address.family; // => 4
 * ```
 */
export interface NodeLookupAddress {
  readonly address: string;
  readonly family: IpFamily;
}

/**
 * What a {@link CachedLookup} knows about one name: every address (IPv4 first for DNS answers, the
 * OS's order for `dns.lookup` answers), which layer answered and when. Cached answers are handed
 * out as the very object the cache keeps, so a hit allocates nothing; it is immutable. Its age is
 * `clock.ticks() − obtainedAt` (see `answerAgeSeconds`).
 *
 * @example
 * ```ts
 * const lookup = createCachedLookup();
 * lookup.peek('app01.corp.example'); // => undefined
 * ```
 */
export interface NodeLookupAnswer {
  /** The name, canonical (lower case, no trailing dot); the address itself for a literal. */
  readonly name: string;
  readonly addresses: readonly NodeLookupAddress[];
  /** Which layer answered this call: `process-cache` for a hit. */
  readonly layer: NodeLookupLayer;
  /** Where the addresses came from before this cache kept them. */
  readonly origin: 'dns' | 'os-cache' | 'literal';
  /** The smallest TTL (seconds) of the DNS records, or `fallbackTtlSeconds` for OS answers. */
  readonly ttlSeconds: number;
  /** Clock tick at which the question was sent: the answer is at least this old. */
  readonly obtainedAt: number;
  /** Clock tick until which this cache keeps it; `Infinity` for `until-restart`. */
  readonly expiresAt: number;
}

/**
 * Answers `dns.lookup` gives with `all: false`, plus what this cache knows about them.
 *
 * @example
 * ```ts
 * const callback: CachedLookupOneCallback = (error, address, family) => {};
 * typeof callback; // => 'function'
 * ```
 */
export type CachedLookupOneCallback = (
  error: NodeJS.ErrnoException | null,
  address: string,
  family: IpFamily,
  answer: NodeLookupAnswer,
) => void;

/**
 * Answers `dns.lookup` gives with `all: true`, plus what this cache knows about them.
 *
 * @example
 * ```ts
 * const callback: CachedLookupAllCallback = (error, addresses) => {};
 * typeof callback; // => 'function'
 * ```
 */
export type CachedLookupAllCallback = (
  error: NodeJS.ErrnoException | null,
  addresses: LookupAddress[],
  family: undefined,
  answer: NodeLookupAnswer,
) => void;

/**
 * Either callback, for options whose `all` is not known until run time.
 *
 * @example
 * ```ts
 * const callback: CachedLookupCallback = (error, address, family) => {};
 * typeof callback; // => 'function'
 * ```
 */
export type CachedLookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family: IpFamily | undefined,
  answer: NodeLookupAnswer,
) => void;

/**
 * A drop-in for Node's `dns.lookup`, with a cache behind it: pass it as `lookup` to
 * `net.connect`, `tls.connect`, `http.request` or `new http.Agent`, or `install()` it on an agent.
 * Callbacks get Node's arguments, then a fourth, the {@link NodeLookupAnswer} saying which layer
 * answered and how old the answer is. Callbacks always run on a later tick (`process.nextTick`),
 * as Node's do. It type-checks as `net.LookupFunction`.
 *
 * @example
 * ```ts
 * const lookup: CachedLookup = createCachedLookup();
 * lookup.lookup === lookup; // => true
 * ```
 */
export interface CachedLookup {
  (hostname: string, callback: CachedLookupOneCallback): void;
  (hostname: string, family: 0 | 4 | 6, callback: CachedLookupOneCallback): void;
  (hostname: string, options: LookupOneOptions, callback: CachedLookupOneCallback): void;
  (hostname: string, options: LookupAllOptions, callback: CachedLookupAllCallback): void;
  (hostname: string, options: dns.LookupOptions, callback: CachedLookupCallback): void;
  /** The policy this cache follows. */
  readonly policy: CachePolicy;
  /** The function itself, for code written for cacheable-lookup (`{ lookup: cacheable.lookup }`). */
  readonly lookup: CachedLookup;
  /**
   * The same lookup as a promise, like `dns.promises.lookup`: `{ address, family }`, or every
   * address with `all: true`; rejects with the error the callback would get.
   */
  lookupAsync(hostname: string, options?: LookupOneOptions | 0 | 4 | 6): Promise<LookupAddress>;
  lookupAsync(hostname: string, options: LookupAllOptions): Promise<LookupAddress[]>;
  lookupAsync(
    hostname: string,
    options: dns.LookupOptions,
  ): Promise<LookupAddress | LookupAddress[]>;
  /**
   * The answer a lookup of `hostname` would get from the cache now (`layer: 'process-cache'`),
   * or `undefined` when it would ask DNS or the OS; never asks anyone.
   * @throws {DnsNameError} for a malformed name.
   */
  peek(hostname: string): NodeLookupAnswer | undefined;
  /** Every live cached answer, by name. */
  entries(): NodeLookupAnswer[];
  /**
   * Forgets every answer (an application-level "flush"), or only `hostname`'s, with a
   * `cache.flushed` event; returns how many were dropped.
   * @throws {DnsNameError} for a malformed `hostname`.
   */
  clear(hostname?: string): number;
  /**
   * Makes `agent` (`http.Agent`, `https.Agent`, `http.globalAgent`…) use this lookup for every
   * connection whose request does not bring its own `lookup`. One lookup may be installed on many
   * agents: they then share its cache.
   * @throws {NameCacheConfigError} if a lookup is already installed on `agent`.
   */
  install(agent: InstallableAgent): void;
  /**
   * Undoes `install(agent)`; does nothing for an agent it is not installed on.
   * @throws {NameCacheConfigError} if another lookup is installed on `agent`.
   */
  uninstall(agent: InstallableAgent): void;
  /**
   * The resolver's DNS servers (`resolver.getServers()`); setting them calls
   * `resolver.setServers()` and clears the cache, as cacheable-lookup's setter does.
   * @throws {NameCacheConfigError} for a resolver without getServers/setServers, or a bad list.
   */
  servers: string[];
  /**
   * Reads the machine's addresses again (`os.networkInterfaces()`), which `hints: dns.ADDRCONFIG`
   * filters by; call it after a network change. Cached answers stay: the filter is applied to
   * each answer as it is handed out.
   */
  updateInterfaceInfo(): void;
}

/**
 * What `install()` takes: an `http.Agent`, an `https.Agent`, or anything else with Node's
 * `createConnection(options, callback)`.
 *
 * @example
 * ```ts
 * import { Agent } from 'node:http';
 *
 * const agent: InstallableAgent = new Agent();
 * typeof agent.createConnection; // => 'function'
 * ```
 */
export interface InstallableAgent {
  createConnection?: unknown;
}

/**
 * A resolver that gives TTLs, such as `new dns.promises.Resolver()`. With `getServers`, negative
 * answers can be kept for their SOA's negative TTL, and `servers` works.
 *
 * @example
 * ```ts norun
 * import { Resolver } from 'node:dns/promises';
 *
 * const resolver: TtlResolver = new Resolver({ timeout: 1_000, tries: 2 });
 * resolver.setServers?.(['127.0.0.1:5353']);
 * ```
 */
export interface TtlResolver {
  resolve4(hostname: string, options: { ttl: true }): Promise<dns.RecordWithTtl[]>;
  resolve6(hostname: string, options: { ttl: true }): Promise<dns.RecordWithTtl[]>;
  getServers?(): string[];
  setServers?(servers: readonly string[]): void;
}

/**
 * The operating system's resolver, with `dns.lookup`'s signature for `all: true`.
 *
 * @example
 * ```ts
 * const osLookup: OsLookup = (hostname, options, callback) =>
 *   process.nextTick(callback, null, [{ address: '192.0.2.7', family: 4 }]);
 * ```
 */
export type OsLookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * The machine's addresses by interface, as `os.networkInterfaces()` gives them (only `family`
 * and `internal` are read).
 *
 * @example
 * ```ts
 * const ipv4Only: InterfaceAddresses = { eth0: [{ family: 'IPv4', internal: false }] };
 * ```
 */
export type InterfaceAddresses = NodeJS.Dict<
  readonly { readonly family: string | number; readonly internal: boolean }[]
>;

/**
 * Options of {@link createCachedLookup}. The names `maxTtl`, `errorTtl`, `fallbackDuration`,
 * `lookup` and `resolver` mean what they mean to cacheable-lookup (README, "Migrating from
 * cacheable-lookup"); give either a name or its alias, not both.
 *
 * @example
 * ```ts
 * const options: CachedLookupOptions = { maxTtl: 300, errorTtl: 0.15, lookup: false };
 * createCachedLookup(options).policy; // => { kind: 'respect-ttl', maxSeconds: 300 }
 * ```
 */
export interface CachedLookupOptions {
  /** How long answers are kept. Default `{ kind: 'respect-ttl' }`. */
  readonly policy?: CachePolicy;
  /**
   * cacheable-lookup's name: the most seconds a DNS answer is kept, `Infinity` (the default) for
   * its TTL, 0 for not at all. Same as `policy: { kind: 'respect-ttl', maxSeconds: maxTtl }`.
   */
  readonly maxTtl?: number;
  /** Time for ages and expiry. Default a `SystemClock`; pass a `VirtualClock` to test expiry without waiting. */
  readonly clock?: Clock;
  /**
   * Where names are asked, with TTLs. Default `new dns.promises.Resolver({ timeout, tries })`
   * with the system's DNS servers.
   */
  readonly resolver?: TtlResolver;
  /** DNS servers for the resolver (`resolver.setServers(servers)`), e.g. `['10.0.0.2', '127.0.0.1:5353']`. */
  readonly servers?: readonly string[];
  /**
   * Milliseconds the default resolver waits for each try, and for the SOA question of a negative
   * answer. Default 2000. Not with `resolver` (set it on yours).
   */
  readonly timeout?: number;
  /** Tries per server of the default resolver. Default 2. Not with `resolver`. */
  readonly tries?: number;
  /**
   * Ask the OS (`dns.lookup`) for names DNS cannot answer: `localhost`, `*.localhost`, `*.local`
   * and single labels go there directly, other names when DNS has no address. Default `true`.
   */
  readonly fallbackToLookup?: boolean;
  /** The OS resolver used for that. Default `dns.lookup`. */
  readonly osLookup?: OsLookup;
  /** cacheable-lookup's name: the OS resolver (`osLookup`), or `false` for no fallback. */
  readonly lookup?: OsLookup | false;
  /** The TTL (whole seconds) given to OS answers, which come without one. Default 60. */
  readonly fallbackTtlSeconds?: number;
  /** cacheable-lookup's name for `fallbackTtlSeconds`. */
  readonly fallbackDuration?: number;
  /**
   * The most whole seconds "no such name" / "no data" is remembered: it is kept for
   * min(SOA TTL, SOA MINIMUM) of the negative answer (RFC 2308 §5), capped by this. Default 0:
   * not at all.
   */
  readonly errorTtlSeconds?: number;
  /** cacheable-lookup's name for `errorTtlSeconds`; fractions of a second allowed. */
  readonly errorTtl?: number;
  /** The most names kept; past it the longest-held answer goes. Default 10 000. */
  readonly maxEntries?: number;
  /** The machine's addresses, for `hints: dns.ADDRCONFIG`. Default `os.networkInterfaces`. */
  readonly networkInterfaces?: () => InterfaceAddresses;
  /** The machine, for trace events. */
  readonly host?: string;
  /** Receives `dns.query`, `dns.answer`, `cache.hit`, `cache.miss`, `cache.expired`, `cache.flushed`. */
  readonly trace?: TraceSink;
}

/** What the cache holds for a name: addresses, or a "no such host" it remembers. */
interface Entry {
  readonly answer: NodeLookupAnswer;
  readonly v4: readonly NodeLookupAddress[];
  readonly v6: readonly NodeLookupAddress[];
  /** Address texts, for trace events. */
  readonly values: readonly string[];
  /** Set for a remembered "no such host": why. */
  readonly notFound: { readonly why: string; readonly cause: unknown } | undefined;
  /** For answers that failed in a way not worth remembering (time-outs, refusals). */
  readonly failure: unknown;
  /** A family whose query failed (0: none): the entry cannot answer a lookup that needs it. */
  readonly unknownFamily: 0 | 4 | 6;
}

type Order = 'ipv4first' | 'ipv6first' | 'verbatim';

/** One call, its arguments read. */
interface Request {
  readonly hostname: string;
  /** After `ADDRCONFIG` narrowed it; `-1` when `ADDRCONFIG` rules the asked family out. */
  readonly family: 0 | 4 | 6 | -1;
  readonly all: boolean;
  readonly order: Order | undefined;
  /** `V4MAPPED` with family 6; with `ALL` too, IPv6 and mapped IPv4 addresses together. */
  readonly mapped: 'none' | 'fallback' | 'all';
  readonly done: CachedLookupCallback;
}

/** One question to DNS in flight, shared by every lookup of the name meanwhile. */
interface Question {
  readonly waiters: Request[];
  /** Set as the A and AAAA answers arrive, so a lookup that needs one family need not wait. */
  early4: Entry | undefined;
  early6: Entry | undefined;
}

const { ADDRCONFIG, V4MAPPED, ALL } = dns;
const KNOWN_HINTS = ADDRCONFIG | V4MAPPED | ALL;
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA']);
const STATUS_BY_CODE: Readonly<Record<string, LookupStatus>> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ESERVFAIL: 'servfail',
  ETIMEOUT: 'timeout',
};

/**
 * Makes a `lookup` function for Node's `net`, `tls` and `http` that asks DNS through `resolver`
 * (which gives TTLs, unlike `dns.lookup`), keeps answers by `policy` — the same policies as the
 * simulated caches, so a real program can reproduce or rule out a stale-address incident — and
 * shares one query among simultaneous lookups of a name. IP literals pass straight through.
 * `hints` (`dns.ADDRCONFIG`, `dns.V4MAPPED`, `dns.ALL`) mean what they mean to `dns.lookup`.
 * Bad host names and unknown hosts come back as `ENOTFOUND` errors through the callback, a
 * silent DNS server as `ETIMEOUT`, as `dns.lookup` and `dns.Resolver` report them.
 *
 * @example
 * ```ts
 * const lookup = createCachedLookup({ policy: { kind: 'until-restart' } });
 * lookup.policy; // => { kind: 'until-restart' }
 * // net.connect({ host: 'app01.corp.example', port: 1801, lookup }) now resolves through it.
 * lookup('10.0.0.5', (error, address, family, answer) => {}); // next tick: '10.0.0.5', 4, layer 'literal'
 * lookup.peek('10.0.0.5'); // => undefined
 * createCachedLookup({ maxTtl: -1 }); // throws NameCacheConfigError
 * ```
 * @throws {NameCacheConfigError} for an unknown policy, a bad TTL, `maxEntries`, `timeout` or
 *   `tries`, an unknown option, or two names for one option; the lookup function throws it for a
 *   `family` other than 0, 4 or 6, unknown `hints` bits or a missing callback, as `dns.lookup` does.
 */
export function createCachedLookup(options: CachedLookupOptions = {}): CachedLookup {
  const cache = new NodeLookupCache(toLookupSettings(options));
  const lookup = (hostname: string, familyOrOptions: unknown, callback?: unknown): void =>
    cache.lookup(hostname, familyOrOptions, callback);
  return Object.defineProperties(lookup, {
    policy: { value: cache.policy, enumerable: true },
    lookup: { value: lookup },
    lookupAsync: {
      value: (hostname: string, lookupOptions?: unknown) =>
        new Promise((resolve, reject) =>
          cache.lookup(
            hostname,
            lookupOptions ?? {},
            (error: unknown, address: unknown, family: unknown) =>
              error === null
                ? resolve(Array.isArray(address) ? address : { address, family })
                : reject(error),
          ),
        ),
    },
    peek: { value: (hostname: string) => cache.peek(hostname) },
    entries: { value: () => cache.entries() },
    clear: { value: (hostname?: string) => cache.clear(hostname) },
    install: { value: (agent: InstallableAgent) => installOnAgent(agent, lookup) },
    uninstall: { value: (agent: InstallableAgent) => uninstallFromAgent(agent, lookup) },
    servers: {
      get: () => cache.servers(),
      set: (servers: unknown) => cache.setServers(servers),
      enumerable: false,
    },
    updateInterfaceInfo: { value: () => cache.updateInterfaceInfo() },
  }) as unknown as CachedLookup;
}

class NodeLookupCache {
  readonly policy: CachePolicy;
  readonly #clock: Clock;
  readonly #resolver: TtlResolver;
  readonly #timeoutMs: number;
  readonly #fallback: boolean;
  readonly #osLookup: OsLookup;
  readonly #fallbackTtl: number;
  readonly #errorTtlTicks: number;
  readonly #maxEntries: number;
  readonly #networkInterfaces: () => InterfaceAddresses;
  readonly #host: string | undefined;
  readonly #trace: TraceSink | undefined;
  // Keyed by canonical name. Answers are re-inserted when renewed, so iteration order is the
  // order they were obtained in and the first key is the one to evict.
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Question>();
  // Bumped by clear(): an answer to a question asked before the clear is delivered, not kept.
  #generation = 0;
  /** Which families the machine has a non-loopback address of; read when first needed. */
  #configured: { readonly v4: boolean; readonly v6: boolean } | undefined;

  constructor(settings: LookupSettings) {
    this.policy = settings.policy;
    this.#clock = settings.clock ?? new SystemClock();
    this.#resolver =
      settings.resolver ??
      new dns.promises.Resolver({ timeout: settings.timeoutMs, tries: settings.tries });
    if (settings.servers !== undefined) this.#resolver.setServers?.(settings.servers);
    this.#timeoutMs = settings.timeoutMs;
    this.#fallback = settings.fallback;
    this.#osLookup = settings.osLookup ?? dns.lookup;
    this.#fallbackTtl = settings.fallbackTtlSeconds;
    this.#errorTtlTicks = settings.errorTtlTicks;
    this.#maxEntries = settings.maxEntries;
    this.#networkInterfaces = settings.networkInterfaces ?? os.networkInterfaces;
    this.#host = settings.host;
    this.#trace = settings.trace;
  }

  lookup(hostname: string, familyOrOptions: unknown, maybeCallback: unknown): void {
    let family: 0 | 4 | 6 = 0;
    let all = false;
    let order: Order | undefined;
    let hints = 0;
    let callback = maybeCallback;
    if (typeof familyOrOptions === 'function') {
      callback = familyOrOptions;
    } else if (typeof familyOrOptions === 'object' && familyOrOptions !== null) {
      const given = familyOrOptions as dns.LookupOptions;
      family = toFamily(given.family);
      all = given.all === true;
      hints = given.hints ?? 0;
      // As in Node: `order` wins over the older `verbatim`, both over the process default.
      order =
        given.order ??
        (given.verbatim === undefined ? undefined : given.verbatim ? 'verbatim' : 'ipv4first');
    } else {
      family = toFamily(familyOrOptions);
    }
    if (typeof callback !== 'function') {
      throw new NameCacheConfigError('lookup needs a callback as its last argument', {
        value: callback,
        allowed: 'a function (error, address, family, answer) => void',
      });
    }
    const done = callback as CachedLookupCallback;
    const request: Request =
      hints === 0
        ? { hostname, family, all, order, mapped: 'none', done }
        : this.#withHints(hostname, family, all, order, hints, done);

    // The hot path: a name already in canonical form that the cache holds. Any string equal to a
    // key is a valid canonical name, so it needs no normalising.
    const now = this.#clock.ticks();
    const entry = this.#entries.get(hostname);
    if (entry !== undefined && now < entry.answer.expiresAt && answers(entry, request)) {
      if (this.#trace !== undefined) this.#emitHit(entry, now);
      deliver(entry, request);
      return;
    }
    this.#lookupSlowly(request, now);
  }

  peek(hostname: string): NodeLookupAnswer | undefined {
    if (isIP(hostname) !== 0) return undefined;
    const entry = this.#entries.get(normalizeDnsName(hostname));
    if (entry === undefined || entry.notFound !== undefined) return undefined;
    return this.#clock.ticks() < entry.answer.expiresAt ? entry.answer : undefined;
  }

  entries(): NodeLookupAnswer[] {
    const now = this.#clock.ticks();
    const live: NodeLookupAnswer[] = [];
    for (const entry of this.#entries.values()) {
      if (entry.notFound === undefined && now < entry.answer.expiresAt) live.push(entry.answer);
    }
    return live.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  clear(hostname?: string): number {
    let cleared: number;
    if (hostname === undefined) {
      cleared = this.#entries.size;
      this.#entries.clear();
      // Questions in flight still answer their callers, but later lookups ask afresh.
      this.#pending.clear();
      this.#generation++;
    } else {
      const name = normalizeDnsName(hostname);
      cleared = this.#entries.delete(name) ? 1 : 0;
      if (this.#pending.delete(name)) this.#generation++;
    }
    this.#emit('cache.flushed', { layer: 'process-cache', reason: 'clear', entries: cleared });
    return cleared;
  }

  servers(): string[] {
    if (typeof this.#resolver.getServers !== 'function') {
      throw new NameCacheConfigError('servers: the resolver given has no getServers()', {
        value: this.#resolver,
        allowed: 'a resolver with getServers(), such as dns.promises.Resolver',
      });
    }
    return this.#resolver.getServers();
  }

  setServers(servers: unknown): void {
    const checked = checkServers(servers, 'servers');
    if (typeof this.#resolver.setServers !== 'function') {
      throw new NameCacheConfigError('servers: the resolver given has no setServers()', {
        value: this.#resolver,
        allowed: 'a resolver with setServers(), such as dns.promises.Resolver',
      });
    }
    try {
      this.#resolver.setServers(checked);
    } catch (error) {
      throw new NameCacheConfigError(
        `servers ${JSON.stringify(checked)}: ${error instanceof Error ? error.message : String(error)}`,
        {
          value: checked,
          allowed: "IP addresses, optionally with a port: '10.0.0.2', '10.0.0.2:5353', '[::1]:53'",
          cause: error,
        },
      );
    }
    this.clear();
  }

  updateInterfaceInfo(): void {
    this.#configured = readConfiguredFamilies(this.#networkInterfaces());
  }

  /** Reads `hints` as `dns.lookup` does (getaddrinfo's AI_ADDRCONFIG, AI_V4MAPPED, AI_ALL). */
  #withHints(
    hostname: string,
    asked: 0 | 4 | 6,
    all: boolean,
    order: Order | undefined,
    hints: number,
    done: CachedLookupCallback,
  ): Request {
    if (!(Number.isInteger(hints) && (hints & ~KNOWN_HINTS) === 0)) {
      throw new NameCacheConfigError(`lookup hints ${String(hints)} has unknown bits`, {
        value: hints,
        allowed: 'dns.ADDRCONFIG, dns.V4MAPPED and dns.ALL, or-ed together',
      });
    }
    let family: Request['family'] = asked;
    if ((hints & ADDRCONFIG) !== 0) {
      this.#configured ??= readConfiguredFamilies(this.#networkInterfaces());
      const { v4, v6 } = this.#configured;
      // glibc's rule: narrow an unspecified family to the one the machine has; refuse a family
      // it has none of; a machine with neither (offline) narrows nothing.
      if (asked === 0) family = v4 === v6 ? 0 : v4 ? 4 : 6;
      else if ((asked === 4 && !v4) || (asked === 6 && !v6)) family = -1;
    }
    const mapped =
      family === 6 && (hints & V4MAPPED) !== 0
        ? (hints & ALL) !== 0
          ? 'all'
          : 'fallback'
        : 'none';
    return { hostname, family, all, order, mapped, done };
  }

  #lookupSlowly(request: Request, now: number): void {
    const { hostname } = request;
    const literalFamily = typeof hostname === 'string' ? isIP(hostname) : 0;
    if (literalFamily === 4 || literalFamily === 6) {
      // As dns.lookup does: an address is its own answer, whatever family or hints were asked.
      const address = { address: hostname, family: literalFamily } as const;
      const answer: NodeLookupAnswer = {
        name: hostname,
        addresses: [address],
        layer: 'literal',
        origin: 'literal',
        ttlSeconds: 0,
        obtainedAt: now,
        expiresAt: now,
      };
      if (request.all) process.nextTick(request.done, null, [{ ...address }], undefined, answer);
      else process.nextTick(request.done, null, hostname, literalFamily, answer);
      return;
    }
    let name: string;
    try {
      name = normalizeDnsName(hostname);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      process.nextTick(request.done, new HostNotFoundError(String(hostname), why, error));
      return;
    }
    if (request.family === -1) {
      // getaddrinfo refuses at once: no question can give an address the machine cannot use.
      deliver(emptyAnswerEntry, request);
      return;
    }
    const entry = this.#entries.get(name);
    if (entry !== undefined) {
      if (now < entry.answer.expiresAt && answers(entry, request)) {
        if (this.#trace !== undefined) this.#emitHit(entry, now);
        deliver(entry, request);
        return;
      }
      this.#entries.delete(name);
      this.#emit('cache.expired', {
        layer: 'process-cache',
        name,
        origin: entry.answer.origin,
        status: entry.notFound === undefined ? 'ok' : 'nxdomain',
        ageSeconds: Math.floor(ticksToSeconds(now - entry.answer.obtainedAt)),
      });
    } else {
      this.#emit('cache.miss', { layer: 'process-cache', name });
    }
    let question = this.#pending.get(name);
    if (question === undefined) {
      question = { waiters: [], early4: undefined, early6: undefined };
      this.#pending.set(name, question);
      void this.#ask(name, now, question);
    }
    if (!serveEarly(question, request)) question.waiters.push(request);
  }

  /** Asks DNS, then the OS if DNS has no address; keeps the answer and delivers it. */
  async #ask(name: string, askedAt: number, question: Question): Promise<void> {
    const generation = this.#generation;
    let fresh: Entry;
    try {
      if (this.#fallback && belongsToOs(name)) {
        fresh = await this.#askOs(name, askedAt);
      } else {
        fresh = await this.#askDns(name, askedAt, question);
        if (this.#fallback && fresh.answer.addresses.length === 0) {
          fresh = fromBoth(fresh, await this.#askOs(name, askedAt));
        }
      }
    } catch (error) {
      // Only an injected resolver or lookup that breaks its contract gets here.
      fresh = this.#failed(name, error, askedAt);
    }
    if (this.#pending.get(name) === question) this.#pending.delete(name);
    if (generation === this.#generation && this.#clock.ticks() < fresh.answer.expiresAt) {
      this.#keep(name, fresh);
    }
    for (const waiter of question.waiters) deliver(fresh, waiter);
    question.waiters.length = 0;
  }

  async #askDns(name: string, askedAt: number, question: Question): Promise<Entry> {
    this.#emit('dns.query', { layer: 'dns', name, recordType: 'A' });
    this.#emit('dns.query', { layer: 'dns', name, recordType: 'AAAA' });
    // Each family is handed to the lookups that need only it as soon as it arrives: a lookup of
    // family 4 does not wait for a slow or silent AAAA.
    const early = (family: IpFamily) => (records: dns.RecordWithTtl[]) => {
      if (records.length === 0) return;
      const addresses = records.map(({ address }) => Object.freeze({ address, family }));
      const entry = this.#positive(name, 'dns', addresses, smallestTtl(records), askedAt, 0);
      if (family === 4) question.early4 = entry;
      else question.early6 = entry;
      const waiting = question.waiters.splice(0);
      for (const waiter of waiting)
        if (!serveEarly(question, waiter)) question.waiters.push(waiter);
    };
    const [a, aaaa] = await Promise.allSettled([
      this.#resolver.resolve4(name, { ttl: true }).then((records) => {
        early(4)(records);
        return records;
      }),
      this.#resolver.resolve6(name, { ttl: true }).then((records) => {
        early(6)(records);
        return records;
      }),
    ]);
    const v4 = this.#settleDns(name, 'A', a, 4);
    const v6 = this.#settleDns(name, 'AAAA', aaaa, 6);
    const failedOf = (result: PromiseSettledResult<unknown>) =>
      result.status === 'rejected' && !NOT_FOUND_CODES.has(codeOf(result.reason));
    if (v4.length > 0 || v6.length > 0) {
      let ttl = Number.POSITIVE_INFINITY;
      for (const result of [a, aaaa]) {
        if (result.status === 'fulfilled') ttl = Math.min(ttl, smallestTtl(result.value));
      }
      // A family whose query failed is not "no address": the entry must not answer for it.
      const unknownFamily = failedOf(a) ? 4 : failedOf(aaaa) ? 6 : 0;
      return this.#positive(name, 'dns', [...v4, ...v6], ttl, askedAt, unknownFamily);
    }
    const errors = [a, aaaa].map((result) =>
      result.status === 'rejected' ? result.reason : undefined,
    );
    if (!failedOf(a) && !failedOf(aaaa)) {
      return this.#notFound(
        name,
        'DNS has no A or AAAA record for it',
        errors[0] ?? errors[1],
        askedAt,
        await this.#negativeTtlTicks(name),
      );
    }
    const [failure, syscall] = failedOf(a)
      ? [errors[0], 'queryA' as const]
      : [errors[1], 'queryAaaa' as const];
    return this.#failed(
      name,
      codeOf(failure) === 'ETIMEOUT' ? new LookupTimeoutError(name, syscall, failure) : failure,
      askedAt,
    );
  }

  /**
   * How long a negative answer may be kept: min(SOA TTL, SOA MINIMUM) of the SOA its server
   * sends with it (RFC 2308 §5), capped by `errorTtl`; 0 without a SOA or when nothing is kept.
   */
  async #negativeTtlTicks(name: string): Promise<number> {
    if (this.#errorTtlTicks === 0 || this.policy.kind === 'never') return 0;
    if (typeof this.#resolver.getServers !== 'function') return 0;
    const negative = await queryNegativeTtl(this.#resolver.getServers(), name, this.#timeoutMs);
    if (negative === undefined) return 0;
    return Math.min(negative.seconds * TICKS.perSecond, this.#errorTtlTicks);
  }

  #settleDns(
    name: string,
    recordType: 'A' | 'AAAA',
    result: PromiseSettledResult<dns.RecordWithTtl[]>,
    family: IpFamily,
  ): NodeLookupAddress[] {
    if (result.status === 'rejected') {
      const code = codeOf(result.reason);
      this.#emit('dns.answer', {
        layer: 'dns',
        name,
        recordType,
        status: STATUS_BY_CODE[code] ?? 'failed',
        code,
        values: [],
      });
      return [];
    }
    const values = result.value.map((record) => record.address);
    this.#emit('dns.answer', {
      layer: 'dns',
      name,
      recordType,
      status: values.length > 0 ? 'ok' : 'nodata',
      values,
      ttl: values.length > 0 ? smallestTtl(result.value) : 0,
    });
    return values.map((address) => Object.freeze({ address, family }));
  }

  async #askOs(name: string, askedAt: number): Promise<Entry> {
    this.#emit('dns.query', { layer: 'os-cache', name });
    const outcome = await new Promise<{ error: unknown; addresses: LookupAddress[] }>((resolve) => {
      try {
        this.#osLookup(name, { all: true, order: 'verbatim' }, (error, addresses) =>
          resolve({ error, addresses: error === null ? addresses : [] }),
        );
      } catch (error) {
        resolve({ error, addresses: [] });
      }
    });
    const addresses: NodeLookupAddress[] = [];
    for (const { address, family } of outcome.addresses) {
      if (family === 4 || family === 6) addresses.push(Object.freeze({ address, family }));
    }
    if (addresses.length > 0) {
      const values = addresses.map((address) => address.address);
      this.#emit('dns.answer', {
        layer: 'os-cache',
        name,
        status: 'ok',
        values,
        ttl: this.#fallbackTtl,
      });
      return this.#positive(name, 'os-cache', addresses, this.#fallbackTtl, askedAt, 0);
    }
    const code = outcome.error === null ? 'ENOTFOUND' : codeOf(outcome.error);
    this.#emit('dns.answer', {
      layer: 'os-cache',
      name,
      status: STATUS_BY_CODE[code] ?? 'failed',
      code,
      values: [],
    });
    if (NOT_FOUND_CODES.has(code)) {
      // The OS gives no negative TTL: kept only for the DNS answer's (fromBoth).
      return this.#notFound(
        name,
        'neither DNS nor the OS resolver knows it',
        outcome.error,
        askedAt,
        0,
      );
    }
    return this.#failed(name, outcome.error, askedAt);
  }

  #positive(
    name: string,
    origin: 'dns' | 'os-cache',
    addresses: readonly NodeLookupAddress[],
    ttlSeconds: number,
    askedAt: number,
    unknownFamily: 0 | 4 | 6,
  ): Entry {
    const expiresAt = policyExpiry(this.policy, askedAt, ttlSeconds, this.#clock.ticks());
    const answer: NodeLookupAnswer = Object.freeze({
      name,
      addresses: Object.freeze(addresses.slice()),
      layer: origin,
      origin,
      ttlSeconds,
      obtainedAt: askedAt,
      expiresAt,
    });
    return {
      answer,
      v4: addresses.filter((address) => address.family === 4),
      v6: addresses.filter((address) => address.family === 6),
      values: addresses.map((address) => address.address),
      notFound: undefined,
      failure: undefined,
      unknownFamily,
    };
  }

  /** "No such host", remembered for `keepTicks` (unless the policy keeps nothing). */
  #notFound(name: string, why: string, cause: unknown, askedAt: number, keepTicks: number): Entry {
    const keep = this.policy.kind === 'never' ? 0 : keepTicks;
    return {
      answer: emptyAnswer(name, askedAt, askedAt + keep),
      v4: [],
      v6: [],
      values: [],
      notFound: { why, cause },
      failure: undefined,
      unknownFamily: 0,
    };
  }

  #failed(name: string, failure: unknown, askedAt: number): Entry {
    return {
      answer: emptyAnswer(name, askedAt, askedAt),
      v4: [],
      v6: [],
      values: [],
      notFound: undefined,
      failure,
      unknownFamily: 0,
    };
  }

  #keep(name: string, fresh: Entry): void {
    const kept: Entry = {
      ...fresh,
      answer: Object.freeze({ ...fresh.answer, layer: 'process-cache' }),
    };
    this.#entries.delete(name);
    this.#entries.set(name, kept);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  #emitHit(entry: Entry, now: number): void {
    this.#emit('cache.hit', {
      layer: 'process-cache',
      name: entry.answer.name,
      origin: entry.answer.origin,
      status: entry.notFound === undefined ? 'ok' : 'nxdomain',
      values: entry.values,
      ageSeconds: Math.floor(ticksToSeconds(now - entry.answer.obtainedAt)),
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

/**
 * DNS had no address, so the OS was asked: its addresses if it has some; else DNS's failure if
 * DNS failed (a time-out stays a time-out, never "no such name"); else the OS's "not found",
 * kept as long as DNS's negative answer may be.
 */
function fromBoth(fromDns: Entry, fromOs: Entry): Entry {
  if (fromOs.answer.addresses.length > 0) return fromOs;
  if (fromDns.failure !== undefined) return fromDns;
  if (fromOs.notFound !== undefined && fromDns.notFound !== undefined) {
    return { ...fromOs, answer: fromDns.answer };
  }
  return fromOs;
}

function emptyAnswer(name: string, askedAt: number, expiresAt: number): NodeLookupAnswer {
  return Object.freeze({
    name,
    addresses: [],
    layer: 'dns',
    origin: 'dns',
    ttlSeconds: 0,
    obtainedAt: askedAt,
    expiresAt,
  });
}

function smallestTtl(records: readonly dns.RecordWithTtl[]): number {
  let ttl = MAX_TTL_SECONDS;
  for (const record of records) ttl = Math.min(ttl, record.ttl);
  return ttl;
}

/** Stands in for an answer when ADDRCONFIG rules the asked family out before any question. */
const emptyAnswerEntry: Entry = {
  answer: emptyAnswer('', 0, 0),
  v4: [],
  v6: [],
  values: [],
  notFound: undefined,
  failure: undefined,
  unknownFamily: 0,
};

/** Whether a kept entry can answer `request`: not if it needs a family whose query failed. */
function answers(entry: Entry, request: Request): boolean {
  if (entry.unknownFamily === 0) return true;
  if (request.family === -1) return true;
  if (request.family === 0 || request.mapped !== 'none') return false;
  return request.family !== entry.unknownFamily;
}

/** Delivers from a family's early answer if that is all `request` needs; whether it did. */
function serveEarly(question: Question, request: Request): boolean {
  const early =
    request.family === 4
      ? question.early4
      : request.family === 6 && request.mapped !== 'all'
        ? question.early6
        : undefined;
  if (early === undefined) return false;
  deliver(early, request);
  return true;
}

/**
 * Calls back with what `entry` holds for the request, on the next tick like Node's own lookup
 * (`net` attaches its `lookup` listeners after calling us). For `all: false` without hints this
 * passes cached strings and the cached answer: no allocation beyond `nextTick`'s own.
 */
function deliver(entry: Entry, request: Request): void {
  const { hostname, family, all, order, done } = request;
  if (entry.failure !== undefined) {
    process.nextTick(done, entry.failure as NodeJS.ErrnoException);
    return;
  }
  if (family === -1) {
    const why = 'this machine has no address of the asked family (hints: dns.ADDRCONFIG)';
    process.nextTick(done, new HostNotFoundError(hostname, why));
    return;
  }
  if (entry.notFound !== undefined || entry.answer.addresses.length === 0) {
    const why = entry.notFound?.why ?? 'no address';
    process.nextTick(done, new HostNotFoundError(hostname, why, entry.notFound?.cause));
    return;
  }
  if (request.mapped !== 'none') {
    const mapped = entry.v4.map(({ address }) => ({
      address: `::ffff:${address}`,
      family: 6 as const,
    }));
    const list =
      request.mapped === 'all' ? [...entry.v6, ...mapped] : entry.v6.length > 0 ? entry.v6 : mapped;
    deliverList(entry, request, list);
    return;
  }
  const first = family === 0 ? entry.v4 : family === 4 ? entry.v4 : entry.v6;
  const second = family === 0 ? entry.v6 : [];
  // DNS answers carry no preference of the OS, so `verbatim` keeps IPv4 first; OS answers keep
  // the OS's order unless an order was asked for.
  const effective = order ?? dns.getDefaultResultOrder();
  const flip = family === 0 && effective === 'ipv6first';
  const keepOsOrder =
    family === 0 && effective === 'verbatim' && entry.answer.origin === 'os-cache';
  if (!all) {
    const pick = keepOsOrder
      ? entry.answer.addresses[0]
      : flip
        ? (second[0] ?? first[0])
        : (first[0] ?? second[0]);
    if (pick === undefined) {
      process.nextTick(done, new HostNotFoundError(hostname, `it has no IPv${family} address`));
      return;
    }
    process.nextTick(done, null, pick.address, pick.family, entry.answer);
    return;
  }
  deliverList(
    entry,
    request,
    keepOsOrder ? entry.answer.addresses : flip ? [...second, ...first] : [...first, ...second],
  );
}

function deliverList(
  entry: Entry,
  { hostname, family, all, done }: Request,
  ordered: readonly NodeLookupAddress[],
): void {
  const first = ordered[0];
  if (first === undefined) {
    // Never an empty array: `net` reads `addresses[0]` when no address is usable.
    process.nextTick(done, new HostNotFoundError(hostname, `it has no IPv${family} address`));
    return;
  }
  if (!all) {
    process.nextTick(done, null, first.address, first.family, entry.answer);
    return;
  }
  // Fresh objects, as dns.lookup gives: callers may sort or annotate them.
  const addresses = ordered.map(({ address, family: kind }) => ({ address, family: kind }));
  process.nextTick(done, null, addresses, undefined, entry.answer);
}

/** Which families have a non-loopback address (RFC 3493's AI_ADDRCONFIG; link-local counts). */
function readConfiguredFamilies(interfaces: InterfaceAddresses): { v4: boolean; v6: boolean } {
  let v4 = false;
  let v6 = false;
  for (const addresses of Object.values(interfaces)) {
    for (const { family, internal } of addresses ?? []) {
      if (internal) continue;
      if (family === 'IPv4' || family === 4) v4 = true;
      if (family === 'IPv6' || family === 6) v6 = true;
    }
  }
  return { v4, v6 };
}

/** Names the OS resolves better than DNS: loopback (RFC 6761), mDNS (RFC 6762), suffix search. */
function belongsToOs(name: string): boolean {
  return (
    isSingleLabel(name) ||
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.endsWith('.local')
  );
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}
