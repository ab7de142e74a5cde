// Checking and normalising the options of createCachedLookup, with the cacheable-lookup names
// (`maxTtl`, `errorTtl`, `fallbackDuration`, `lookup`) mapped onto this package's. Pure: it loads
// nothing of Node's, so the deprecated main-entry shim can check options before it loads
// `node:dns`.
import { type Clock, TICKS, type TraceSink } from '@mqsim/filetime';
import { type CachePolicy, checkCachePolicy } from '../cache-policy.js';
import { NameCacheConfigError } from '../errors.js';
import type {
  CachedLookupOptions,
  InterfaceAddresses,
  OsLookup,
  TtlResolver,
} from '../node-lookup.js';
import { MAX_TTL_SECONDS } from '../records.js';

/** The options, checked, with every alias resolved and every default applied but the Node ones. */
export interface LookupSettings {
  readonly policy: CachePolicy;
  readonly clock: Clock | undefined;
  /** The caller's resolver; `undefined`: make `new dns.promises.Resolver({ timeout, tries })`. */
  readonly resolver: TtlResolver | undefined;
  readonly timeoutMs: number;
  readonly tries: number;
  readonly servers: readonly string[] | undefined;
  readonly fallback: boolean;
  /** `undefined`: `dns.lookup`. */
  readonly osLookup: OsLookup | undefined;
  readonly fallbackTtlSeconds: number;
  /** The most a negative answer is kept, in ticks (0: not at all). */
  readonly errorTtlTicks: number;
  readonly maxEntries: number;
  /** `undefined`: `os.networkInterfaces`. */
  readonly networkInterfaces: (() => InterfaceAddresses) | undefined;
  readonly host: string | undefined;
  readonly trace: TraceSink | undefined;
}

/** Default resolver time-out per try (ms) and tries, when createCachedLookup makes the resolver. */
export const DEFAULT_TIMEOUT_MS = 2_000;
export const DEFAULT_TRIES = 2;
const DEFAULT_FALLBACK_TTL_SECONDS = 60;
const DEFAULT_MAX_ENTRIES = 10_000;

const KNOWN_OPTIONS = new Set([
  'policy',
  'maxTtl',
  'clock',
  'resolver',
  'servers',
  'timeout',
  'tries',
  'fallbackToLookup',
  'lookup',
  'osLookup',
  'fallbackTtlSeconds',
  'fallbackDuration',
  'errorTtlSeconds',
  'errorTtl',
  'maxEntries',
  'networkInterfaces',
  'host',
  'trace',
]);

/**
 * Checks `options` and resolves the aliases.
 * @throws {NameCacheConfigError} naming the first bad option and what it could be.
 */
export function toLookupSettings(options: CachedLookupOptions): LookupSettings {
  if (typeof options !== 'object' || options === null) {
    throw configError('options', options, 'an object of options, or nothing');
  }
  for (const key of Object.keys(options)) {
    if (key === 'cache') {
      throw configError(
        'cache',
        (options as Record<string, unknown>)[key],
        'nothing: to share one cache, make one createCachedLookup() and install() it on every agent (or pass the same lookup to each)',
      );
    }
    if (!KNOWN_OPTIONS.has(key)) {
      throw configError(key, (options as Record<string, unknown>)[key], 'a known option', [
        `createCachedLookup has no option ${JSON.stringify(key)}; known options are ${[...KNOWN_OPTIONS].join(', ')}`,
      ]);
    }
  }
  const policy = toPolicy(options);
  const resolver = options.resolver;
  if (
    resolver !== undefined &&
    (typeof resolver !== 'object' ||
      resolver === null ||
      typeof resolver.resolve4 !== 'function' ||
      typeof resolver.resolve6 !== 'function')
  ) {
    throw configError(
      'resolver',
      resolver,
      'an object with resolve4 and resolve6, such as new dns.promises.Resolver()',
    );
  }
  for (const name of ['timeout', 'tries'] as const) {
    if (resolver !== undefined && options[name] !== undefined) {
      throw configError(
        name,
        options[name],
        `nothing beside resolver: set ${name} on the resolver you pass (new dns.promises.Resolver({ ${name} }))`,
      );
    }
  }
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isInteger(timeoutMs) && timeoutMs >= 1)) {
    throw configError('timeout', options.timeout, 'a whole number of milliseconds ≥ 1');
  }
  const tries = options.tries ?? DEFAULT_TRIES;
  if (!(Number.isInteger(tries) && tries >= 1)) {
    throw configError('tries', options.tries, 'a whole number ≥ 1');
  }
  const servers = options.servers;
  if (servers !== undefined) checkServers(servers, 'servers');
  if (
    servers !== undefined &&
    resolver !== undefined &&
    typeof resolver.setServers !== 'function'
  ) {
    throw configError('servers', servers, 'nothing, for a resolver without setServers()');
  }

  const lookup = options.lookup;
  if (lookup !== undefined && lookup !== false && typeof lookup !== 'function') {
    throw configError('lookup', lookup, 'a function with dns.lookup’s signature, or false');
  }
  if (
    lookup !== undefined &&
    (options.osLookup !== undefined || options.fallbackToLookup !== undefined)
  ) {
    throw configError(
      'lookup',
      lookup,
      'nothing beside osLookup or fallbackToLookup (it is their cacheable-lookup name)',
    );
  }
  const osLookup = typeof lookup === 'function' ? lookup : options.osLookup;
  if (osLookup !== undefined && typeof osLookup !== 'function') {
    throw configError('osLookup', osLookup, 'a function with dns.lookup’s signature');
  }
  const fallbackToLookup = options.fallbackToLookup ?? lookup !== false;
  if (typeof fallbackToLookup !== 'boolean') {
    throw configError('fallbackToLookup', fallbackToLookup, 'true or false');
  }

  const fallbackTtlSeconds =
    alias(options, 'fallbackTtlSeconds', 'fallbackDuration') ?? DEFAULT_FALLBACK_TTL_SECONDS;
  checkWholeSeconds(
    fallbackTtlSeconds,
    options.fallbackDuration === undefined ? 'fallbackTtlSeconds' : 'fallbackDuration',
  );
  let errorTtlTicks = 0;
  if (options.errorTtl !== undefined) {
    if (options.errorTtlSeconds !== undefined) {
      throw configError(
        'errorTtl',
        options.errorTtl,
        'nothing beside errorTtlSeconds (it is its cacheable-lookup name)',
      );
    }
    const seconds = options.errorTtl;
    if (!(typeof seconds === 'number' && seconds >= 0 && seconds <= MAX_TTL_SECONDS)) {
      throw configError(
        'errorTtl',
        seconds,
        `a number of seconds from 0 to ${MAX_TTL_SECONDS}, fractions allowed (cacheable-lookup's default is 0.15)`,
      );
    }
    errorTtlTicks = Math.round(seconds * TICKS.perSecond);
  } else {
    const seconds = options.errorTtlSeconds ?? 0;
    checkWholeSeconds(seconds, 'errorTtlSeconds');
    errorTtlTicks = seconds * TICKS.perSecond;
  }

  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!(Number.isInteger(maxEntries) && maxEntries >= 1)) {
    throw configError('maxEntries', options.maxEntries, 'a whole number ≥ 1');
  }
  if (options.networkInterfaces !== undefined && typeof options.networkInterfaces !== 'function') {
    throw configError(
      'networkInterfaces',
      options.networkInterfaces,
      'a function like os.networkInterfaces',
    );
  }
  return {
    policy,
    clock: options.clock,
    resolver,
    timeoutMs,
    tries,
    servers,
    fallback: fallbackToLookup,
    osLookup,
    fallbackTtlSeconds,
    errorTtlTicks,
    maxEntries,
    networkInterfaces: options.networkInterfaces,
    host: options.host,
    trace: options.trace,
  };
}

/**
 * Checks a list of DNS servers as `dns.Resolver#setServers` takes it.
 * @throws {NameCacheConfigError} for anything but an array of strings.
 */
export function checkServers(servers: unknown, what: string): readonly string[] {
  if (!(Array.isArray(servers) && servers.every((server) => typeof server === 'string'))) {
    throw configError(
      what,
      servers,
      "an array of server addresses such as ['10.0.0.2', '127.0.0.1:5353', '[::1]:53']",
    );
  }
  return servers;
}

/**
 * Node's `family` argument as a number.
 * @throws {NameCacheConfigError} for anything but 0, 4, 6, 'IPv4' and 'IPv6'.
 */
export function toFamily(value: unknown): 0 | 4 | 6 {
  if (value === undefined || value === null || value === 0) return 0;
  if (value === 4 || value === 'IPv4') return 4;
  if (value === 6 || value === 'IPv6') return 6;
  throw new NameCacheConfigError(`lookup family ${JSON.stringify(value)} is not 0, 4 or 6`, {
    value,
    allowed: "0, 4, 6, 'IPv4' or 'IPv6'",
  });
}

function toPolicy(options: CachedLookupOptions): CachePolicy {
  const { maxTtl } = options;
  if (maxTtl === undefined) return checkCachePolicy(options.policy ?? { kind: 'respect-ttl' });
  if (options.policy !== undefined) {
    throw configError(
      'maxTtl',
      maxTtl,
      'nothing beside policy: maxTtl N is policy { kind: "respect-ttl", maxSeconds: N }',
    );
  }
  if (maxTtl === Number.POSITIVE_INFINITY) return { kind: 'respect-ttl' };
  if (!(Number.isInteger(maxTtl) && maxTtl >= 0 && maxTtl <= MAX_TTL_SECONDS)) {
    throw configError(
      'maxTtl',
      maxTtl,
      `Infinity or a whole number of seconds from 0 to ${MAX_TTL_SECONDS}`,
    );
  }
  return maxTtl === 0 ? { kind: 'never' } : { kind: 'respect-ttl', maxSeconds: maxTtl };
}

function alias(
  options: CachedLookupOptions,
  name: 'fallbackTtlSeconds',
  cacheableName: 'fallbackDuration',
): number | undefined {
  if (options[name] !== undefined && options[cacheableName] !== undefined) {
    throw configError(
      cacheableName,
      options[cacheableName],
      `nothing beside ${name} (it is its cacheable-lookup name)`,
    );
  }
  return options[name] ?? options[cacheableName];
}

function checkWholeSeconds(seconds: unknown, what: string): void {
  if (
    !(
      Number.isInteger(seconds) &&
      (seconds as number) >= 0 &&
      (seconds as number) <= MAX_TTL_SECONDS
    )
  ) {
    throw configError(what, seconds, `a whole number of seconds from 0 to ${MAX_TTL_SECONDS}`);
  }
}

function configError(
  option: string,
  value: unknown,
  allowed: string,
  message?: [string],
): NameCacheConfigError {
  const shown =
    typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
  return new NameCacheConfigError(
    message?.[0] ?? `createCachedLookup option ${option} is ${shown}; use ${allowed}`,
    {
      value,
      allowed,
    },
  );
}
