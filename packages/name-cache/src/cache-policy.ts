import { TICKS } from '@mqsim/filetime';
import { NameCacheConfigError } from './errors.js';
import { MAX_TTL_SECONDS } from './records.js';

/**
 * How a process-local cache keeps a positive answer it got from the layer below.
 *
 * - `until-restart` — keeps it until the process restarts, whatever the TTL. This is the MSMQ
 *   service: `ipconfig /flushdns` does not reach it, only `net stop msmq && net start msmq` does.
 * - `respect-ttl` — keeps it until the record's TTL runs out, counted from when DNS gave the answer
 *   (not from when this process got it), optionally capped at `maxSeconds`. A well-behaved client,
 *   such as the database driver in the incident.
 * - `fixed-ttl` — keeps it for `seconds` from when this process got it, whatever the TTL (the JVM's
 *   `networkaddress.cache.ttl`, many connection pools).
 * - `never` — asks the layer below every time.
 * - `never-re-resolve` — MSMQ before the KB 833512 fix: like `until-restart`; the service never
 *   resolves a name again while it runs ("the sender does not retry name resolution").
 * - `re-resolve-on-failure` — MSMQ with the KB 833512 fix: keeps the answer like `until-restart`
 *   until its owner calls {@link ProcessNameCache.forget} for it — the queue manager does when
 *   delivery to that name fails — so the next retry resolves it again through the layer below.
 */
export type CachePolicy =
  | { readonly kind: 'until-restart' }
  | { readonly kind: 'never-re-resolve' }
  | { readonly kind: 're-resolve-on-failure' }
  | { readonly kind: 'respect-ttl'; readonly maxSeconds?: number }
  | { readonly kind: 'fixed-ttl'; readonly seconds: number }
  | { readonly kind: 'never' };

/** Every {@link CachePolicy} kind. */
export const CACHE_POLICY_KINDS: readonly CachePolicy['kind'][] = Object.freeze([
  'until-restart',
  'respect-ttl',
  'fixed-ttl',
  'never',
  'never-re-resolve',
  're-resolve-on-failure',
]);

/**
 * Checks a policy that came from outside (a scenario, an option) and returns it.
 *
 * @example
 * ```ts
 * checkCachePolicy({ kind: 'fixed-ttl', seconds: 30 }).kind; // 'fixed-ttl'
 * ```
 * @throws {NameCacheConfigError} naming the bad kind or number and what is allowed.
 */
export function checkCachePolicy(policy: CachePolicy): CachePolicy {
  const kind = (policy as { kind?: unknown } | undefined)?.kind;
  if (!CACHE_POLICY_KINDS.includes(kind as CachePolicy['kind'])) {
    throw new NameCacheConfigError(
      `cache policy ${JSON.stringify(kind)} is not one of ${CACHE_POLICY_KINDS.join(', ')}`,
      { value: kind, allowed: CACHE_POLICY_KINDS.join(', ') },
    );
  }
  if (policy.kind === 'fixed-ttl') checkSeconds(policy.seconds, 'fixed-ttl seconds');
  if (policy.kind === 'respect-ttl' && policy.maxSeconds !== undefined) {
    checkSeconds(policy.maxSeconds, 'respect-ttl maxSeconds');
  }
  return policy;
}

function checkSeconds(seconds: number, what: string): void {
  if (!(Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_TTL_SECONDS)) {
    throw new NameCacheConfigError(
      `${what} is ${String(seconds)}; use a whole number of seconds from 0 to ${MAX_TTL_SECONDS}`,
      {
        value: seconds,
        allowed: `0 to ${MAX_TTL_SECONDS} seconds`,
      },
    );
  }
}

/**
 * The clock tick until which a policy keeps an answer: `Infinity` for `until-restart`, `now` or
 * earlier when the answer must not be kept.
 *
 * @param obtainedAt - the tick at which DNS gave the answer.
 * @param ttlSeconds - the answer's TTL (the smallest of its records').
 * @param now - the tick at which this process got it.
 *
 * @example
 * ```ts
 * policyExpiry({ kind: 'respect-ttl' }, 0, 300, 100 * TICKS.perSecond); // => 300 * TICKS.perSecond
 * policyExpiry({ kind: 'until-restart' }, 0, 300, 0); // => Infinity
 * ```
 */
export function policyExpiry(
  policy: CachePolicy,
  obtainedAt: number,
  ttlSeconds: number,
  now: number,
): number {
  switch (policy.kind) {
    case 'until-restart':
    case 'never-re-resolve':
    case 're-resolve-on-failure':
      return Number.POSITIVE_INFINITY;
    case 'respect-ttl':
      return obtainedAt + Math.min(ttlSeconds, policy.maxSeconds ?? ttlSeconds) * TICKS.perSecond;
    case 'fixed-ttl':
      return now + policy.seconds * TICKS.perSecond;
    case 'never':
      return now;
  }
}
