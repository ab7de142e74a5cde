import {
  type Clock,
  type FileTime,
  FileTimeRangeError,
  nullTraceSink,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  type TimerId,
  type TraceSink,
  toClockTicks,
  toIso,
} from '@mqsim/filetime';
import {
  type DirectoryList,
  intervalHours,
  type MsmqRole,
  nextTimeValueName,
  type ParameterStore,
  type RefreshConfiguration,
  type RefreshSettings,
  usesList,
} from './parameters.js';
import { readRefreshConfiguration } from './read-configuration.js';
import type {
  DsRefreshTraceEvent,
  DsRefreshTraceFields,
  DsRefreshTraceType,
} from './trace-events.js';

/** Why a refresh runs (or is scheduled) when it does. */
export type RefreshReason =
  /** The next-time value did not exist at service start (deleted, or never written). */
  | 'missing'
  /** The persisted next time had passed at service start. */
  | 'due'
  /** A future persisted next time, read at service start. */
  | 'persisted'
  /** The regular interval after a successful refresh. */
  | 'interval'
  /** DSListRefreshErrorRetryInterval after a failed query. */
  | 'retry';

/**
 * Where `DSListRefreshErrorRetryInterval` is counted from after a failed query. Breakwell ("How
 * often does MSMQ crawl your forest?") documents it as the interval "in which the next update
 * (retry) … will take place in case the current update failed": from the **failure** (the
 * default). A failed query takes the DS error time-out to fail (10 min here), so counting from
 * the start of the failed **attempt** instead is the other reading; the source does not rule it
 * out (UNCERTAIN), so it is a setting.
 */
export type RetryCountedFrom = 'failure' | 'attempt';

const DEFAULT_RETRY_COUNTED_FROM: RetryCountedFrom = 'failure';

/** How a directory query ended. */
export type DirectoryQueryResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string };

/**
 * Asks the directory service (a domain controller) for a list and calls `done` once, later,
 * through the same clock — so a query takes simulated (or real) time.
 */
export type DirectoryQuery = (
  list: DirectoryList,
  done: (result: DirectoryQueryResult) => void,
) => void;

/** Options for {@link DsRefreshScheduler}. */
export interface DsRefreshSchedulerOptions {
  readonly clock: Clock;
  /** The `MSMQ\Parameters` values; read at every start, next times written after each success. */
  readonly store: ParameterStore;
  readonly role: MsmqRole;
  readonly query: DirectoryQuery;
  readonly trace?: TraceSink;
  /** Machine name put on trace events. */
  readonly host?: string;
  /**
   * Where the retry interval after a failed query is counted from: `'failure'` (default, as
   * documented) or the start of the failed `'attempt'`. A retry time already past when the
   * failure is known runs at once.
   */
  readonly retryCountedFrom?: RetryCountedFrom;
}

/** Where one list's schedule stands. */
export interface ListSchedule {
  readonly list: DirectoryList;
  /** `not-used`: a routing server's enterprise list. */
  readonly phase: 'stopped' | 'scheduled' | 'querying' | 'not-used';
  /** When the next query starts (regular or retry), while scheduled. */
  readonly nextQueryAt: FileTime | undefined;
  /** Why the next (or the running) query happens. */
  readonly reason: RefreshReason | undefined;
  /** Failed queries since the last success. */
  readonly consecutiveFailures: number;
}

interface ListState {
  phase: ListSchedule['phase'];
  timer: TimerId | undefined;
  nextQueryAt: FileTime | undefined;
  reason: RefreshReason | undefined;
  consecutiveFailures: number;
  /** When the query in flight started. */
  attemptStartedAt: FileTime | undefined;
}

const LISTS: readonly DirectoryList[] = ['site', 'enterprise'];

/**
 * MSMQ's directory-service list refresh, as the service runs it: at each start it reads the
 * intervals and the persisted next times; a list whose next time is missing or past refreshes at
 * once, a future one is simply scheduled — so **a restart alone never forces a refresh**. A
 * successful query writes next = completion + interval (REG_QWORD FILETIME); a failed one is
 * retried every `DSListRefreshErrorRetryInterval` without moving the persisted next time.
 * Routing servers keep no enterprise next time and run no enterprise schedule.
 *
 * Runs on any {@link Clock}: the virtual one in simulations, the system one in real time.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-11-23T00:00:00Z') });
 * const values = new Map<string, StoredValue>();
 * const store: ParameterStore = {
 *   get: (name) => values.get(name),
 *   set: (name, value) => void values.set(name, value),
 * };
 * const query: DirectoryQuery = (_list, done) => {
 *   clock.schedule(TICKS.perSecond, () => done({ ok: true }));
 * };
 * new DsRefreshScheduler({ clock, store, role: 'client', query }).start();
 * clock.runFor(2 * TICKS.perSecond);
 * values.get('DSNextSiteListRefreshTime');
 * // => { type: 'REG_QWORD', data: fromIso('2026-11-30T00:00:01Z').ticks }
 * ```
 */
export class DsRefreshScheduler {
  readonly #clock: Clock;
  readonly #store: ParameterStore;
  readonly #role: MsmqRole;
  readonly #query: DirectoryQuery;
  readonly #trace: TraceSink;
  readonly #host: string | undefined;
  readonly #retryCountedFrom: RetryCountedFrom;
  readonly #lists: Record<DirectoryList, ListState> = {
    site: newListState(),
    enterprise: newListState(),
  };
  #settings: RefreshSettings | undefined;
  // Bumped at every start and stop, so a query answered after a stop is ignored.
  #generation = 0;

  constructor(options: DsRefreshSchedulerOptions) {
    this.#clock = options.clock;
    this.#store = options.store;
    this.#role = options.role;
    this.#query = options.query;
    this.#trace = options.trace ?? nullTraceSink;
    this.#host = options.host;
    this.#retryCountedFrom = options.retryCountedFrom ?? DEFAULT_RETRY_COUNTED_FROM;
  }

  /** Whether the service is running (between `start` and `stop`). */
  get running(): boolean {
    return this.#settings !== undefined;
  }

  /**
   * Service start: reads the values and refreshes or schedules each list.
   * @returns what was read, with findings for the admin.
   */
  start(): RefreshConfiguration {
    if (this.running) this.stop();
    const configuration = readRefreshConfiguration(this.#store, this.#role);
    this.#settings = configuration.settings;
    this.#generation++;
    const now = this.#clock.now();
    for (const list of LISTS) {
      const state = this.#lists[list];
      state.consecutiveFailures = 0;
      if (!usesList(this.#role, list)) {
        state.phase = 'not-used';
        this.#emit('ds.refresh.skipped', {
          list,
          why: 'routing servers do not keep or use DSNextEnterpriseListRefreshTime',
        });
        continue;
      }
      const persisted = configuration.nextTimes[list];
      if (persisted === undefined) this.#refresh(list, 'missing');
      else if (!persisted.isAfter(now)) this.#refresh(list, 'due');
      else this.#scheduleAt(list, persisted, 'persisted');
    }
    return configuration;
  }

  /** Service stop (or crash): timers are dropped and answers to queries in flight are ignored. */
  stop(): void {
    this.#generation++;
    this.#settings = undefined;
    for (const list of LISTS) {
      const state = this.#lists[list];
      if (state.timer !== undefined) this.#clock.cancel(state.timer);
      Object.assign(state, newListState());
    }
  }

  /** Where `list`'s schedule stands now. */
  schedule(list: DirectoryList): ListSchedule {
    const { phase, nextQueryAt, reason, consecutiveFailures } = this.#lists[list];
    return { list, phase, nextQueryAt, reason, consecutiveFailures };
  }

  #refresh(list: DirectoryList, reason: RefreshReason): void {
    const state = this.#lists[list];
    state.timer = undefined;
    state.phase = 'querying';
    state.nextQueryAt = undefined;
    state.reason = reason;
    state.attemptStartedAt = this.#clock.now();
    this.#emit('ds.refresh.started', { list, reason, attempt: state.consecutiveFailures + 1 });
    const generation = this.#generation;
    this.#query(list, (result) => {
      if (generation !== this.#generation) return;
      if (result.ok) this.#succeeded(list);
      else this.#failed(list, result.error);
    });
  }

  #succeeded(list: DirectoryList): void {
    const settings = this.#settings as RefreshSettings;
    const state = this.#lists[list];
    state.consecutiveFailures = 0;
    const next = this.#clock.now().plus(BigInt(intervalHours(settings, list)) * TICKS_PER_HOUR);
    this.#store.set(nextTimeValueName(list), { type: 'REG_QWORD', data: next.ticks });
    this.#emit('ds.refresh.succeeded', { list, nextTime: toIso(next) });
    this.#scheduleAt(list, next, 'interval');
  }

  #failed(list: DirectoryList, error: string): void {
    const settings = this.#settings as RefreshSettings;
    const state = this.#lists[list];
    state.consecutiveFailures++;
    const from =
      this.#retryCountedFrom === 'attempt'
        ? (state.attemptStartedAt ?? this.#clock.now())
        : this.#clock.now();
    const retryAt = from.plus(BigInt(settings.errorRetryMinutes) * TICKS_PER_MINUTE);
    this.#emit('ds.refresh.failed', {
      list,
      error,
      consecutiveFailures: state.consecutiveFailures,
      retryAt: toIso(retryAt),
    });
    this.#scheduleAt(list, retryAt, 'retry');
  }

  #scheduleAt(list: DirectoryList, at: FileTime, reason: RefreshReason): void {
    const state = this.#lists[list];
    state.phase = 'scheduled';
    state.nextQueryAt = at;
    state.reason = reason;
    this.#emit('ds.refresh.scheduled', { list, at: toIso(at), reason });
    let delay: number;
    try {
      delay = Math.max(0, toClockTicks(this.#clock, at) - this.#clock.ticks());
    } catch (error) {
      // Further away than the clock can count (2^53 ticks, ~28.5 years): it never comes due here.
      if (FileTimeRangeError.isInstance(error)) return;
      throw error;
    }
    const nextReason = reason === 'retry' ? 'retry' : reason === 'persisted' ? 'due' : 'interval';
    state.timer = this.#clock.schedule(delay, () => this.#refresh(list, nextReason));
  }

  #emit<Type extends DsRefreshTraceType>(type: Type, fields: DsRefreshTraceFields<Type>): void {
    this.#trace.emit({
      t: this.#clock.ticks(),
      ...(this.#host === undefined ? {} : { host: this.#host }),
      source: 'ds-refresh',
      type,
      ...fields,
    } as DsRefreshTraceEvent);
  }
}

function newListState(): ListState {
  return {
    phase: 'stopped',
    timer: undefined,
    nextQueryAt: undefined,
    reason: undefined,
    consecutiveFailures: 0,
    attemptStartedAt: undefined,
  };
}
