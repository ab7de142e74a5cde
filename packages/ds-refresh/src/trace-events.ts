import { defineTraceVocabulary, type TraceEvent } from '@mqsim/filetime';
import type { RefreshReason } from './ds-refresh-scheduler.js';
import type { DirectoryList } from './parameters.js';

/**
 * The trace events a `DsRefreshScheduler` emits (`source: 'ds-refresh'`). Every event carries
 * `t` (clock ticks), `source`, `type`, `host` when the scheduler was given one, and `list`
 * (`site` or `enterprise`); the fields of each:
 *
 * | type | fields |
 * | --- | --- |
 * | `ds.refresh.started` | `list`, `reason` (`missing`, `due`, `interval`, `retry`), `attempt` (1 + failures since the last success) — the query goes out |
 * | `ds.refresh.succeeded` | `list`, `nextTime` (ISO-8601, written to `DSNext…RefreshTime`) |
 * | `ds.refresh.failed` | `list`, `error`, `consecutiveFailures`, `retryAt` (ISO-8601) |
 * | `ds.refresh.scheduled` | `list`, `at` (ISO-8601), `reason` (`persisted`, `interval`, `retry`) |
 * | `ds.refresh.skipped` | `list`, `why` — a routing server's enterprise list |
 *
 * @example
 * ```ts
 * const event = { t: 0, source: 'ds-refresh', type: 'ds.refresh.failed', list: 'site', error: 'no DC', consecutiveFailures: 2, retryAt: '2026-11-23T02:00:00.0000000Z' };
 * isDsRefreshTraceEvent(event) && event.type === 'ds.refresh.failed' ? event.retryAt : ''; // => '2026-11-23T02:00:00.0000000Z'
 * ```
 */
export type DsRefreshTraceEvent =
  | RefreshStartedEvent
  | RefreshSucceededEvent
  | RefreshFailedEvent
  | RefreshScheduledEvent
  | RefreshSkippedEvent;

/** The trace event types the scheduler emits: the names of {@link DsRefreshTraceEvent}. */
export type DsRefreshTraceType = DsRefreshTraceEvent['type'];

/** The member of {@link DsRefreshTraceEvent} with one `type`, e.g. to type a handler of `ds.refresh.failed`. */
export type DsRefreshTraceEventOf<Type extends DsRefreshTraceType> = Extract<
  DsRefreshTraceEvent,
  { readonly type: Type }
>;

/** The fields an event of `Type` carries besides `t`, `host`, `source` and `type`: what the emitter passes. */
export type DsRefreshTraceFields<Type extends DsRefreshTraceType> = Omit<
  NamedFields<DsRefreshTraceEventOf<Type>>,
  't' | 'host' | 'source' | 'type'
>;

// Drops the index signature `TraceEvent` has, which `Omit` would keep instead of the named fields.
type NamedFields<Value> = {
  [Key in keyof Value as string extends Key ? never : Key]: Value[Key];
};

// Compile-time exhaustiveness: a key missing from this record, or one that is not a
// DsRefreshTraceType, fails typechecking, so the list below and the union always agree.
const VOCABULARY = defineTraceVocabulary<DsRefreshTraceEvent>('ds-refresh', {
  'ds.refresh.started': true,
  'ds.refresh.succeeded': true,
  'ds.refresh.failed': true,
  'ds.refresh.scheduled': true,
  'ds.refresh.skipped': true,
});

/**
 * Every {@link DsRefreshTraceType}, in the order of the table above, for consumers that check or
 * filter by type.
 *
 * @example
 * ```ts
 * DS_REFRESH_TRACE_TYPES.includes('ds.refresh.failed'); // => true
 * Object.isFrozen(DS_REFRESH_TRACE_TYPES); // => true
 * ```
 */
export const DS_REFRESH_TRACE_TYPES: readonly DsRefreshTraceType[] = VOCABULARY.types;

/**
 * Whether a trace event is one the scheduler emits, narrowing it to {@link DsRefreshTraceEvent}
 * so its fields are typed.
 *
 * @example
 * ```ts
 * isDsRefreshTraceEvent({ t: 0, source: 'ds-refresh', type: 'ds.refresh.succeeded', list: 'site', nextTime: '2026-11-30T00:00:00.0000000Z' }); // => true
 * isDsRefreshTraceEvent({ t: 0, source: 'transport', type: 'tcp.refused' }); // => false
 * ```
 */
export function isDsRefreshTraceEvent(event: TraceEvent): event is DsRefreshTraceEvent {
  return VOCABULARY.is(event);
}

/** What every scheduler event has: the source and the list it is about. */
interface DsRefreshEventBase<Type extends string> extends TraceEvent<Type> {
  readonly source: 'ds-refresh';
  readonly list: DirectoryList;
}

/** A query for the list goes to the directory service. */
interface RefreshStartedEvent extends DsRefreshEventBase<'ds.refresh.started'> {
  readonly reason: RefreshReason;
  /** 1 for the first query since the last success, then 2, 3, … for retries. */
  readonly attempt: number;
}

/** The query succeeded; the next time was written to the registry. */
interface RefreshSucceededEvent extends DsRefreshEventBase<'ds.refresh.succeeded'> {
  /** The new `DSNext…RefreshTime`, ISO-8601 with 7 fractional digits. */
  readonly nextTime: string;
}

/** The query failed; it is retried after `DSListRefreshErrorRetryInterval`. */
interface RefreshFailedEvent extends DsRefreshEventBase<'ds.refresh.failed'> {
  readonly error: string;
  readonly consecutiveFailures: number;
  /** When the retry runs, ISO-8601. */
  readonly retryAt: string;
}

/** The next query was scheduled. */
interface RefreshScheduledEvent extends DsRefreshEventBase<'ds.refresh.scheduled'> {
  /** When it runs, ISO-8601. */
  readonly at: string;
  readonly reason: RefreshReason;
}

/** The list is not refreshed at all (a routing server's enterprise list). */
interface RefreshSkippedEvent extends DsRefreshEventBase<'ds.refresh.skipped'> {
  readonly why: string;
}
