import dns, { type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import {
  type Clock,
  MqsimError,
  SystemClock,
  TICKS,
  type TraceSink,
  ticksToSeconds,
} from '@mqsim/filetime';
import { type CachePolicy, checkCachePolicy, policyExpiry } from './cache-policy.js';
import { isSingleLabel, normalizeDnsName } from './dns-name.js';
import { NameCacheConfigError } from './errors.js';
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
 */
export type NodeLookupLayer = Exclude<AnswerLayer, 'hosts'> | 'literal';

/** An address with its family, as Node's `dns.lookup` hands it out with `all: true`. */
export interface NodeLookupAddress {
  readonly address: string;
  readonly family: IpFamily;
}

/**
 * What a {@link CachedLookup} knows about one name: every address (IPv4 first for DNS answers, the
 * OS's order for `dns.lookup` answers), which layer answered and when. Cached answers are handed
 * out as the very object the cache keeps, so a hit allocates nothing; it is immutable. Its age is
 * `clock.ticks() − obtainedAt` (see `answerAgeSeconds`).
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

/** Answers `dns.lookup` gives with `all: false`, plus what this cache knows about them. */
export type CachedLookupOneCallback = (
  error: NodeJS.ErrnoException | null,
  address: string,
  family: IpFamily,
  answer: NodeLookupAnswer,
) => void;

/** Answers `dns.lookup` gives with `all: true`, plus what this cache knows about them. */
export type CachedLookupAllCallback = (
  error: NodeJS.ErrnoException | null,
  addresses: LookupAddress[],
  family: undefined,
  answer: NodeLookupAnswer,
) => void;

/** Either callback, for options whose `all` is not known until run time. */
export type CachedLookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family: IpFamily | undefined,
  answer: NodeLookupAnswer,
) => void;

/**
 * A drop-in for Node's `dns.lookup`, with a cache behind it: pass it as `lookup` to
 * `net.connect`, `tls.connect`, `http.request` or `new http.Agent`. Callbacks get Node's
 * arguments, then a fourth, the {@link NodeLookupAnswer} saying which layer answered and how old
 * the answer is. Callbacks always run on a later tick (`process.nextTick`), as Node's do.
 */
export interface CachedLookup {
  (hostname: string, callback: CachedLookupOneCallback): void;
  (hostname: string, family: 0 | 4 | 6, callback: CachedLookupOneCallback): void;
  (hostname: string, options: LookupOneOptions, callback: CachedLookupOneCallback): void;
  (hostname: string, options: LookupAllOptions, callback: CachedLookupAllCallback): void;
  (hostname: string, options: dns.LookupOptions, callback: CachedLookupCallback): void;
  /** The policy this cache follows. */
  readonly policy: CachePolicy;
  /**
   * The answer a lookup of `hostname` would get from the cache now (`layer: 'process-cache'`),
   * or `undefined` when it would ask DNS or the OS; never asks anyone.
   * @throws {DnsNameError} for a malformed name.
   */
  peek(hostname: string): NodeLookupAnswer | undefined;
  /** Every live cached answer, by name. */
  entries(): NodeLookupAnswer[];
  /** Forgets every answer (an application-level "flush"), with a `cache.flushed` event; returns how many. */
  clear(): number;
}

/** A resolver that gives TTLs, such as `new dns.promises.Resolver()`. */
export interface TtlResolver {
  resolve4(hostname: string, options: { ttl: true }): Promise<dns.RecordWithTtl[]>;
  resolve6(hostname: string, options: { ttl: true }): Promise<dns.RecordWithTtl[]>;
}

/** The operating system's resolver, with `dns.lookup`'s signature for `all: true`. */
export type OsLookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** Options of {@link createCachedLookup}. */
export interface CachedLookupOptions {
  /** How long answers are kept. Default `{ kind: 'respect-ttl' }`. */
  readonly policy?: CachePolicy;
  /** Time for ages and expiry. Default a `SystemClock`; pass a `VirtualClock` to test expiry without waiting. */
  readonly clock?: Clock;
  /** Where names are asked, with TTLs. Default `new dns.promises.Resolver()` (the system's DNS servers). */
  readonly resolver?: TtlResolver;
  /**
   * Ask the OS (`dns.lookup`) for names DNS cannot answer: `localhost`, `*.localhost`, `*.local`
   * and single labels go there directly, other names when DNS fails. Default `true`.
   */
  readonly fallbackToLookup?: boolean;
  /** The OS resolver used for that. Default `dns.lookup`. */
  readonly osLookup?: OsLookup;
  /** The TTL (whole seconds) given to OS answers, which come without one. Default 60. */
  readonly fallbackTtlSeconds?: number;
  /** How long (whole seconds) "no such host" is remembered. Default 0: not at all. */
  readonly errorTtlSeconds?: number;
  /** The most names kept; past it the longest-held answer goes. Default 10 000. */
  readonly maxEntries?: number;
  /** The machine, for trace events. */
  readonly host?: string;
  /** Receives `dns.query`, `dns.answer`, `cache.hit`, `cache.miss`, `cache.expired`, `cache.flushed`. */
  readonly trace?: TraceSink;
}

/**
 * No address for a host name: DNS and the OS know no such name, it has no address of the asked
 * family, or it is not a valid name. Its `code` is Node's `ENOTFOUND`, not an `ERR_…` code, so that
 * code written for `dns.lookup` (HTTP clients, retry logic) treats it as it treats Node's own;
 * `cause` holds the underlying error.
 *
 * @example
 * ```ts
 * const error = new HostNotFoundError('app01.corp.example', 'DNS has no such name');
 * [error.code, error.hostname, error.syscall]; // => ['ENOTFOUND', 'app01.corp.example', 'getaddrinfo']
 * ```
 */
export class HostNotFoundError extends MqsimError {
  static override readonly code = 'ENOTFOUND';
  /** The host name as it was asked. */
  readonly hostname: string;
  /** What `dns.lookup` reports here, for log formats and checks written against it. */
  readonly syscall = 'getaddrinfo';

  constructor(hostname: string, why: string, cause?: unknown) {
    super(`lookup ENOTFOUND ${hostname}: ${why}`, {
      value: hostname,
      ...(cause === undefined ? {} : { cause }),
    });
    this.hostname = hostname;
  }
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
}

type Order = 'ipv4first' | 'ipv6first' | 'verbatim';

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA']);
const STATUS_BY_CODE: Readonly<Record<string, LookupStatus>> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ESERVFAIL: 'servfail',
  ETIMEOUT: 'timeout',
};
const DEFAULT_FALLBACK_TTL_SECONDS = 60;
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Makes a `lookup` function for Node's `net`, `tls` and `http` that asks DNS through `resolver`
 * (which gives TTLs, unlike `dns.lookup`), keeps answers by `policy` — the same policies as the
 * simulated caches, so a real program can reproduce or rule out a stale-address incident — and
 * shares one query among simultaneous lookups of a name. IP literals pass straight through.
 * Bad host names and unknown hosts come back as `ENOTFOUND` errors through the callback, as
 * `dns.lookup` reports them.
 *
 * @example
 * ```ts
 * const lookup = createCachedLookup({ policy: { kind: 'until-restart' } });
 * lookup.policy; // => { kind: 'until-restart' }
 * // net.connect({ host: 'app01.corp.example', port: 1801, lookup }) now resolves through it.
 * lookup('10.0.0.5', (error, address, family, answer) => {}); // next tick: '10.0.0.5', 4, layer 'literal'
 * lookup.peek('10.0.0.5'); // => undefined
 * ```
 * @throws {NameCacheConfigError} for an unknown policy or a bad TTL or `maxEntries`; the lookup
 *   function throws it for a `family` other than 0, 4 or 6 or a missing callback, as `dns.lookup` does.
 */
export function createCachedLookup(options: CachedLookupOptions = {}): CachedLookup {
  const cache = new NodeLookupCache(options);
  const lookup = (hostname: string, familyOrOptions: unknown, callback?: unknown): void =>
    cache.lookup(hostname, familyOrOptions, callback);
  return Object.defineProperties(lookup, {
    policy: { value: cache.policy, enumerable: true },
    peek: { value: (hostname: string) => cache.peek(hostname) },
    entries: { value: () => cache.entries() },
    clear: { value: () => cache.clear() },
  }) as unknown as CachedLookup;
}

class NodeLookupCache {
  readonly policy: CachePolicy;
  readonly #clock: Clock;
  readonly #resolver: TtlResolver;
  readonly #fallback: boolean;
  readonly #osLookup: OsLookup;
  readonly #fallbackTtl: number;
  readonly #errorTtl: number;
  readonly #maxEntries: number;
  readonly #host: string | undefined;
  readonly #trace: TraceSink | undefined;
  // Keyed by canonical name. Answers are re-inserted when renewed, so iteration order is the
  // order they were obtained in and the first key is the one to evict.
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<Entry>>();
  // Bumped by clear(): an answer to a question asked before the clear is delivered, not kept.
  #generation = 0;

  constructor(options: CachedLookupOptions) {
    this.policy = checkCachePolicy(options.policy ?? { kind: 'respect-ttl' });
    this.#clock = options.clock ?? new SystemClock();
    this.#resolver = options.resolver ?? new dns.promises.Resolver();
    this.#fallback = options.fallbackToLookup ?? true;
    this.#osLookup = options.osLookup ?? dns.lookup;
    this.#fallbackTtl = checkSeconds(
      options.fallbackTtlSeconds ?? DEFAULT_FALLBACK_TTL_SECONDS,
      'fallbackTtlSeconds',
    );
    this.#errorTtl = checkSeconds(options.errorTtlSeconds ?? 0, 'errorTtlSeconds');
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!(Number.isInteger(this.#maxEntries) && this.#maxEntries >= 1)) {
      throw new NameCacheConfigError(
        `maxEntries is ${String(options.maxEntries)}; use a whole number of at least 1`,
        { value: options.maxEntries, allowed: 'a whole number ≥ 1' },
      );
    }
    this.#host = options.host;
    this.#trace = options.trace;
  }

  lookup(hostname: string, familyOrOptions: unknown, maybeCallback: unknown): void {
    let family: 0 | 4 | 6 = 0;
    let all = false;
    let order: Order | undefined;
    let callback = maybeCallback;
    if (typeof familyOrOptions === 'function') {
      callback = familyOrOptions;
    } else if (typeof familyOrOptions === 'object' && familyOrOptions !== null) {
      const given = familyOrOptions as dns.LookupOptions;
      family = toFamily(given.family);
      all = given.all === true;
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

    // The hot path: a name already in canonical form that the cache holds. Any string equal to a
    // key is a valid canonical name, so it needs no normalising.
    const now = this.#clock.ticks();
    const entry = this.#entries.get(hostname);
    if (entry !== undefined && now < entry.answer.expiresAt) {
      if (this.#trace !== undefined) this.#emitHit(entry, now);
      deliver(entry, hostname, family, all, order, done);
      return;
    }
    this.#lookupSlowly(hostname, family, all, order, done, now);
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

  clear(): number {
    const cleared = this.#entries.size;
    this.#entries.clear();
    // Questions in flight still answer their callers, but later lookups ask afresh.
    this.#pending.clear();
    this.#generation++;
    this.#emit('cache.flushed', { layer: 'process-cache', reason: 'clear', entries: cleared });
    return cleared;
  }

  #lookupSlowly(
    hostname: string,
    family: 0 | 4 | 6,
    all: boolean,
    order: Order | undefined,
    done: CachedLookupCallback,
    now: number,
  ): void {
    const literalFamily = typeof hostname === 'string' ? isIP(hostname) : 0;
    if (literalFamily === 4 || literalFamily === 6) {
      // As dns.lookup does: an address is its own answer, whatever family was asked.
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
      if (all) process.nextTick(done, null, [{ ...address }], undefined, answer);
      else process.nextTick(done, null, hostname, literalFamily, answer);
      return;
    }
    let name: string;
    try {
      name = normalizeDnsName(hostname);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      process.nextTick(done, new HostNotFoundError(String(hostname), why, error));
      return;
    }
    const entry = this.#entries.get(name);
    if (entry !== undefined) {
      if (now < entry.answer.expiresAt) {
        if (this.#trace !== undefined) this.#emitHit(entry, now);
        deliver(entry, hostname, family, all, order, done);
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
    let pending = this.#pending.get(name);
    if (pending === undefined) {
      const asked = this.#ask(name, now).finally(() => {
        if (this.#pending.get(name) === asked) this.#pending.delete(name);
      });
      pending = asked;
      this.#pending.set(name, pending);
    }
    void pending.then((fresh) => deliver(fresh, hostname, family, all, order, done));
  }

  /** Asks DNS, then the OS if DNS cannot answer, and keeps the answer; never rejects. */
  async #ask(name: string, askedAt: number): Promise<Entry> {
    const generation = this.#generation;
    let fresh: Entry;
    try {
      if (this.#fallback && belongsToOs(name)) {
        fresh = await this.#askOs(name, askedAt);
      } else {
        fresh = await this.#askDns(name, askedAt);
        if (this.#fallback && fresh.answer.addresses.length === 0) {
          fresh = await this.#askOs(name, askedAt);
        }
      }
    } catch (error) {
      // Only an injected resolver or lookup that breaks its contract gets here.
      return this.#failed(name, error, askedAt);
    }
    if (generation === this.#generation && this.#clock.ticks() < fresh.answer.expiresAt) {
      this.#keep(name, fresh);
    }
    return fresh;
  }

  async #askDns(name: string, askedAt: number): Promise<Entry> {
    this.#emit('dns.query', { layer: 'dns', name, recordType: 'A' });
    this.#emit('dns.query', { layer: 'dns', name, recordType: 'AAAA' });
    const [a, aaaa] = await Promise.allSettled([
      this.#resolver.resolve4(name, { ttl: true }),
      this.#resolver.resolve6(name, { ttl: true }),
    ]);
    const v4 = this.#settleDns(name, 'A', a, 4);
    const v6 = this.#settleDns(name, 'AAAA', aaaa, 6);
    if (v4.length > 0 || v6.length > 0) {
      let ttl = Number.POSITIVE_INFINITY;
      for (const result of [a, aaaa]) {
        if (result.status === 'fulfilled')
          for (const record of result.value) ttl = Math.min(ttl, record.ttl);
      }
      return this.#positive(name, 'dns', [...v4, ...v6], ttl, askedAt);
    }
    const errors = [a, aaaa].map((result) =>
      result.status === 'rejected' ? result.reason : undefined,
    );
    if (errors.every((error) => error === undefined || NOT_FOUND_CODES.has(codeOf(error)))) {
      return this.#notFound(
        name,
        'DNS has no A or AAAA record for it',
        errors[0] ?? errors[1],
        askedAt,
      );
    }
    return this.#failed(
      name,
      errors.find((error) => !NOT_FOUND_CODES.has(codeOf(error))),
      askedAt,
    );
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
    let ttl = MAX_TTL_SECONDS;
    for (const record of result.value) ttl = Math.min(ttl, record.ttl);
    this.#emit('dns.answer', {
      layer: 'dns',
      name,
      recordType,
      status: values.length > 0 ? 'ok' : 'nodata',
      values,
      ttl: values.length > 0 ? ttl : 0,
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
      return this.#positive(name, 'os-cache', addresses, this.#fallbackTtl, askedAt);
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
      return this.#notFound(
        name,
        'neither DNS nor the OS resolver knows it',
        outcome.error,
        askedAt,
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
    };
  }

  /** "No such host", remembered for `errorTtlSeconds` (unless the policy keeps nothing). */
  #notFound(name: string, why: string, cause: unknown, askedAt: number): Entry {
    const keep = this.policy.kind === 'never' ? 0 : this.#errorTtl * TICKS.perSecond;
    return {
      answer: this.#emptyAnswer(name, askedAt, askedAt + keep),
      v4: [],
      v6: [],
      values: [],
      notFound: { why, cause },
      failure: undefined,
    };
  }

  #failed(name: string, failure: unknown, askedAt: number): Entry {
    return {
      answer: this.#emptyAnswer(name, askedAt, askedAt),
      v4: [],
      v6: [],
      values: [],
      notFound: undefined,
      failure,
    };
  }

  #emptyAnswer(name: string, askedAt: number, expiresAt: number): NodeLookupAnswer {
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
 * Calls back with what `entry` holds for the asked family, on the next tick like Node's own
 * lookup (`net` attaches its `lookup` listeners after calling us). For `all: false` this passes
 * cached strings and the cached answer: no allocation beyond `nextTick`'s own.
 */
function deliver(
  entry: Entry,
  hostname: string,
  family: 0 | 4 | 6,
  all: boolean,
  order: Order | undefined,
  done: CachedLookupCallback,
): void {
  if (entry.failure !== undefined) {
    process.nextTick(done, entry.failure as NodeJS.ErrnoException);
    return;
  }
  if (entry.notFound !== undefined || entry.answer.addresses.length === 0) {
    const why = entry.notFound?.why ?? 'no address';
    process.nextTick(done, new HostNotFoundError(hostname, why, entry.notFound?.cause));
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
  const ordered = keepOsOrder
    ? entry.answer.addresses
    : flip
      ? [...second, ...first]
      : [...first, ...second];
  if (ordered.length === 0) {
    // Never an empty array: `net` reads `addresses[0]` when no address is usable.
    process.nextTick(done, new HostNotFoundError(hostname, `it has no IPv${family} address`));
    return;
  }
  // Fresh objects, as dns.lookup gives: callers may sort or annotate them.
  const addresses = ordered.map(({ address, family: kind }) => ({ address, family: kind }));
  process.nextTick(done, null, addresses, undefined, entry.answer);
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

function toFamily(value: unknown): 0 | 4 | 6 {
  if (value === undefined || value === null || value === 0) return 0;
  if (value === 4 || value === 'IPv4') return 4;
  if (value === 6 || value === 'IPv6') return 6;
  throw new NameCacheConfigError(`lookup family ${JSON.stringify(value)} is not 0, 4 or 6`, {
    value,
    allowed: "0, 4, 6, 'IPv4' or 'IPv6'",
  });
}

function checkSeconds(seconds: number, what: string): number {
  if (!(Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_TTL_SECONDS)) {
    throw new NameCacheConfigError(
      `${what} is ${String(seconds)}; use a whole number of seconds from 0 to ${MAX_TTL_SECONDS}`,
      { value: seconds, allowed: `0 to ${MAX_TTL_SECONDS} seconds` },
    );
  }
  return seconds;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}
