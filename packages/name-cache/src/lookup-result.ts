import { type Clock, ticksToSeconds } from '@mqsim/filetime';
import type { DnsResponseStatus } from './authoritative-dns.js';
import { NameCacheConfigError } from './errors.js';
import { type DnsRecord, RECORD_TYPES, type RecordType } from './records.js';

/** The layer that answered a lookup. */
export type AnswerLayer = 'hosts' | 'process-cache' | 'os-cache' | 'dns';

/** How a lookup ended: a DNS status, or `timeout` when no server answered in time. */
export type LookupStatus = DnsResponseStatus | 'timeout';

/**
 * The answer to one lookup, and where it came from. Cache layers hand out the very object they
 * keep (so a hit allocates nothing); it is immutable.
 */
export interface LookupResult {
  /** The name the answer is for, canonical — suffix-completed when a single label was asked. */
  readonly name: string;
  readonly type: RecordType;
  readonly status: LookupStatus;
  /** The data of the asked type: addresses for A/AAAA, names for PTR/CNAME. Empty unless `ok`. */
  readonly values: readonly string[];
  /** The CNAME chain followed, then the records of the asked type, with their DNS TTLs. */
  readonly records: readonly DnsRecord[];
  /** Which layer answered. */
  readonly layer: AnswerLayer;
  /** Clock tick at which the answer left DNS (or the hosts file was read): its age is `now − obtainedAt`. */
  readonly obtainedAt: number;
  /** Clock tick until which the answering layer keeps it; `Infinity` for "until restart". */
  readonly expiresAt: number;
  /** For `servfail` and `timeout`: why; `undefined` otherwise. */
  readonly reason: string | undefined;
}

/** Receives the result of a lookup that could not be answered at once. */
export type LookupCallback = (result: LookupResult) => void;

/**
 * Anything that resolves names: the DNS client cache, a process cache on top of it, or a test double.
 *
 * `lookup` returns the result at once when a cache or the hosts file can answer (the hot path:
 * no callback, no scheduled event), and otherwise returns `undefined` and calls `callback` later,
 * from a clock event — never both, never synchronously.
 */
export interface NameResolver {
  lookup(name: string, type: RecordType, callback: LookupCallback): LookupResult | undefined;
}

/**
 * How old an answer is, in whole seconds, on `clock`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
 * clock.runUntil(90 * TICKS.perSecond);
 * answerAgeSeconds({ obtainedAt: 0 }, clock); // => 90
 * ```
 */
export function answerAgeSeconds(
  result: Pick<LookupResult, 'obtainedAt'>,
  clock: Pick<Clock, 'ticks'>,
): number {
  return Math.floor(ticksToSeconds(clock.ticks() - result.obtainedAt));
}

/** The smallest TTL (seconds) among an answer's records; 0 when it has none. */
export function answerTtl(records: readonly DnsRecord[]): number {
  let ttl = Number.POSITIVE_INFINITY;
  for (const record of records) ttl = Math.min(ttl, record.ttl);
  return Number.isFinite(ttl) ? ttl : 0;
}

/**
 * Builds a {@link LookupResult}. Every result is made here, with every field in one order, so all
 * results share one hidden class and the hit path's property loads stay monomorphic (object
 * spreads produced a new shape per entry and made hits 5× slower).
 */
export function createLookupResult(
  name: string,
  type: RecordType,
  status: LookupStatus,
  values: readonly string[],
  records: readonly DnsRecord[],
  layer: AnswerLayer,
  obtainedAt: number,
  expiresAt: number,
  reason?: string,
): LookupResult {
  return { name, type, status, values, records, layer, obtainedAt, expiresAt, reason };
}

/** The same answer as kept by another layer, until `expiresAt`. */
export function relayer(
  result: LookupResult,
  layer: AnswerLayer,
  expiresAt = result.expiresAt,
): LookupResult {
  return createLookupResult(
    result.name,
    result.type,
    result.status,
    result.values,
    result.records,
    layer,
    result.obtainedAt,
    expiresAt,
    result.reason,
  );
}

/** One map of answers per record type: what each cache layer keeps, keyed by canonical name. */
export type AnswerMaps = Record<RecordType, Map<string, LookupResult>>;

/** Empty {@link AnswerMaps}, one `Map` per record type. */
export function createAnswerMaps(): AnswerMaps {
  return { A: new Map(), AAAA: new Map(), CNAME: new Map(), PTR: new Map() };
}

/** The error for a lookup of a type no cache keeps. */
export function unknownRecordType(type: unknown): NameCacheConfigError {
  return new NameCacheConfigError(
    `record type ${JSON.stringify(type)} cannot be looked up; use one of ${RECORD_TYPES.join(', ')}`,
    { value: type, allowed: RECORD_TYPES.join(', ') },
  );
}
