import { defineTraceVocabulary, type TraceEvent } from '@mqsim/filetime';
import type { AnswerLayer, LookupStatus } from './lookup-result.js';
import type { RecordType } from './records.js';

/**
 * The trace events the name caches emit (`source: 'name-cache'`): `AuthoritativeDns`,
 * `DnsClientCache`, `ProcessNameCache` and `createCachedLookup`. Every event carries `t` (clock
 * ticks), `source` and `type`, and `host` when the component was given one; the fields of each:
 *
 * | type | fields |
 * | --- | --- |
 * | `dns.query` | `name`; `recordType` (not for `createCachedLookup`'s OS question); `attempt`, `timeoutSeconds` (`DnsClientCache`: the attempt and its time-out); `layer` (`createCachedLookup`: `dns` or `os-cache`, who is asked) |
 * | `dns.answer` | `name`, `status`, `values`; `recordType`; `ttl` (seconds kept, for an answer); `layer`, `code` (`createCachedLookup`: who answered, Node's error code) |
 * | `dns.timeout` | `name`, `recordType`, `reason` — no server answered within `DNSQueryTimeouts` |
 * | `dns.record.changed` | `name`, `recordType`, `before`, `after` (the records' data) — at the authoritative server |
 * | `dns.server.availability` | `available` |
 * | `cache.hit` | `layer`, `name`, `ageSeconds`; `recordType`; `status`; `values` (process caches); `origin` (`createCachedLookup`); `process` (`ProcessNameCache`) |
 * | `cache.miss` | `layer`, `name`; `recordType`; `process` |
 * | `cache.expired` | `layer`, `name`; `recordType`; `status`; `origin`, `ageSeconds` (`createCachedLookup`); `process` |
 * | `cache.flushed` | `layer`, `entries` (how many went); `reason` (`restart`, `flush`, `clear`; process caches); `process` |
 *
 * @example
 * ```ts
 * const event = { t: 0, source: 'name-cache', type: 'cache.hit', layer: 'process-cache', name: 'app01.corp.example', recordType: 'A', values: ['203.0.113.5'], ageSeconds: 3600 };
 * isNameCacheTraceEvent(event) && event.type === 'cache.hit' ? event.ageSeconds : 0; // => 3600
 * ```
 */
export type NameCacheTraceEvent =
  | DnsQueryEvent
  | DnsAnswerEvent
  | DnsTimeoutEvent
  | DnsRecordChangedEvent
  | DnsServerAvailabilityEvent
  | CacheHitEvent
  | CacheMissEvent
  | CacheExpiredEvent
  | CacheFlushedEvent;

/** Every `type` the name caches emit: the names of {@link NameCacheTraceEvent}. */
export type NameCacheTraceType = NameCacheTraceEvent['type'];

/** The member of {@link NameCacheTraceEvent} with one `type`, e.g. to type a handler of `cache.hit`. */
export type NameCacheTraceEventOf<Type extends NameCacheTraceType> = Extract<
  NameCacheTraceEvent,
  { readonly type: Type }
>;

/** The fields an event of `Type` carries besides `t`, `host`, `source` and `type`: what the emitter passes. */
export type NameCacheTraceFields<Type extends NameCacheTraceType> = Omit<
  NamedFields<NameCacheTraceEventOf<Type>>,
  't' | 'host' | 'source' | 'type'
>;

// Drops the index signature `TraceEvent` has, which `Omit` would keep instead of the named fields.
type NamedFields<Value> = {
  [Key in keyof Value as string extends Key ? never : Key]: Value[Key];
};

// Compile-time exhaustiveness: a key missing from this record, or one that is not a
// NameCacheTraceType, fails typechecking, so the list below and the union always agree.
const VOCABULARY = defineTraceVocabulary<NameCacheTraceEvent>('name-cache', {
  'dns.query': true,
  'dns.answer': true,
  'dns.timeout': true,
  'dns.record.changed': true,
  'dns.server.availability': true,
  'cache.hit': true,
  'cache.miss': true,
  'cache.expired': true,
  'cache.flushed': true,
});

/**
 * Every {@link NameCacheTraceType}, in the order of the table above, for consumers that check or
 * filter by type.
 *
 * @example
 * ```ts
 * NAME_CACHE_TRACE_TYPES.includes('cache.hit'); // => true
 * Object.isFrozen(NAME_CACHE_TRACE_TYPES); // => true
 * ```
 */
export const NAME_CACHE_TRACE_TYPES: readonly NameCacheTraceType[] = VOCABULARY.types;

/**
 * Whether a trace event is one the name caches emit, narrowing it to {@link NameCacheTraceEvent}
 * so its fields are typed.
 *
 * @example
 * ```ts
 * isNameCacheTraceEvent({ t: 0, source: 'name-cache', type: 'dns.server.availability', available: false }); // => true
 * isNameCacheTraceEvent({ t: 0, source: 'transport', type: 'tcp.refused' }); // => false
 * ```
 */
export function isNameCacheTraceEvent(event: TraceEvent): event is NameCacheTraceEvent {
  return VOCABULARY.is(event);
}

/** What every name-cache event has. */
interface NameCacheEventBase<Type extends string> extends TraceEvent<Type> {
  readonly source: 'name-cache';
}

/** A question goes out: to a DNS server, or (`createCachedLookup`) to the OS resolver. */
interface DnsQueryEvent extends NameCacheEventBase<'dns.query'> {
  readonly name: string;
  /** The record type asked for; absent for `createCachedLookup`'s `dns.lookup` (A and AAAA at once). */
  readonly recordType?: RecordType;
  /** `DnsClientCache`: 1 for the first attempt, then each retry of `DNSQueryTimeouts`. */
  readonly attempt?: number;
  /** `DnsClientCache`: how long this attempt waits, seconds. */
  readonly timeoutSeconds?: number;
  /** `createCachedLookup`: who is asked, `dns` (`resolve4`/`resolve6`) or `os-cache` (`dns.lookup`). */
  readonly layer?: 'dns' | 'os-cache';
}

/** An answer came back. */
interface DnsAnswerEvent extends NameCacheEventBase<'dns.answer'> {
  readonly name: string;
  /** The record type asked for; absent for `createCachedLookup`'s `dns.lookup`. */
  readonly recordType?: RecordType;
  /** How it ended; `failed` for a resolver error `createCachedLookup` has no status for. */
  readonly status: LookupStatus | 'failed';
  /** The data of the asked type (addresses for A/AAAA); empty unless `ok`. */
  readonly values: readonly string[];
  /** Seconds the answer is kept (`DnsClientCache`: after `MaxCacheTtl`); absent for failures. */
  readonly ttl?: number;
  /** `createCachedLookup`: who answered. */
  readonly layer?: 'dns' | 'os-cache';
  /** `createCachedLookup`: Node's error code (`ENOTFOUND`, `ETIMEOUT`, …) of a failed question. */
  readonly code?: string;
}

/** `DnsClientCache`: no server answered in time; the lookup ends in `timeout` (not cached). */
interface DnsTimeoutEvent extends NameCacheEventBase<'dns.timeout'> {
  readonly name: string;
  readonly recordType: RecordType;
  readonly reason: string;
}

/** `AuthoritativeDns`: the records of one name and type changed (a renumbering). */
interface DnsRecordChangedEvent extends NameCacheEventBase<'dns.record.changed'> {
  readonly name: string;
  readonly recordType: RecordType;
  /** The records' data before the change. */
  readonly before: readonly string[];
  /** The records' data after it. */
  readonly after: readonly string[];
}

/** `AuthoritativeDns`: the server went down or came back. */
interface DnsServerAvailabilityEvent extends NameCacheEventBase<'dns.server.availability'> {
  readonly available: boolean;
}

/** A cache layer answered from what it keeps. */
interface CacheHitEvent extends NameCacheEventBase<'cache.hit'> {
  /** The layer that answered (`hosts` for a hosts-file entry in the DNS Client cache). */
  readonly layer: AnswerLayer;
  readonly name: string;
  /** Absent for `createCachedLookup`, which keeps A and AAAA together. */
  readonly recordType?: RecordType;
  /** `DnsClientCache`: the kept answer's status (negative answers are cached too); `createCachedLookup`: `ok` or `nxdomain`. */
  readonly status?: LookupStatus;
  /** Process caches: the addresses handed out. */
  readonly values?: readonly string[];
  /** How old the answer is: seconds since DNS gave it. */
  readonly ageSeconds: number;
  /** `createCachedLookup`: where the addresses came from. */
  readonly origin?: 'dns' | 'os-cache' | 'literal';
  /** `ProcessNameCache`: the process, e.g. `mqsvc.exe`. */
  readonly process?: string;
}

/** A cache layer had nothing live for the name. */
interface CacheMissEvent extends NameCacheEventBase<'cache.miss'> {
  readonly layer: 'os-cache' | 'process-cache';
  readonly name: string;
  /** Absent for `createCachedLookup`. */
  readonly recordType?: RecordType;
  /** `ProcessNameCache`: the process. */
  readonly process?: string;
}

/** A cache layer dropped an entry whose time was up, on the lookup that found it so. */
interface CacheExpiredEvent extends NameCacheEventBase<'cache.expired'> {
  readonly layer: 'os-cache' | 'process-cache';
  readonly name: string;
  /** Absent for `createCachedLookup`. */
  readonly recordType?: RecordType;
  /** `DnsClientCache` and `createCachedLookup`: the status of the dropped answer. */
  readonly status?: LookupStatus;
  /** `createCachedLookup`: where the dropped addresses came from. */
  readonly origin?: 'dns' | 'os-cache' | 'literal';
  /** `createCachedLookup`: how old the dropped answer was, seconds. */
  readonly ageSeconds?: number;
  /** `ProcessNameCache`: the process. */
  readonly process?: string;
}

/** A cache layer was emptied: `ipconfig /flushdns`, a process restart, `clear()`. */
interface CacheFlushedEvent extends NameCacheEventBase<'cache.flushed'> {
  readonly layer: 'os-cache' | 'process-cache';
  /** How many entries went. */
  readonly entries: number;
  /** Process caches: `restart` or `flush` (`ProcessNameCache`), `clear` (`createCachedLookup`). */
  readonly reason?: 'restart' | 'flush' | 'clear';
  /** `ProcessNameCache`: the process. */
  readonly process?: string;
}
