import {
  type FileTime,
  formatDuration,
  TICKS_PER_HOUR,
  TICKS_PER_SECOND,
  toIso,
} from '@mqsim/filetime';
import {
  type DirectoryList,
  intervalHours,
  intervalValueName,
  type MsmqRole,
  nextTimeValueName,
  type ParameterStore,
  type RefreshFinding,
  type RefreshSettings,
  usesList,
} from './parameters.js';
import { readRefreshConfiguration } from './read-configuration.js';

/** What one list's persisted value means at a given moment. */
export interface ListStatus {
  readonly list: DirectoryList;
  /** The value that holds its next time. */
  readonly valueName: string;
  readonly intervalHours: number;
  /**
   * `missing`: refreshes at the next service start. `due`: the time has passed, so it refreshes at
   * the next start (or is being retried, on a running service). `scheduled`: a future time.
   * `not-used`: a routing server's enterprise list.
   */
  readonly state: 'missing' | 'due' | 'scheduled' | 'not-used';
  readonly nextTime: FileTime | undefined;
  /** `nextTime − now` in ticks (negative when past). */
  readonly dueInTicks: bigint | undefined;
  /** One or two sentences an admin can act on. */
  readonly explanation: string;
}

/** The whole decoded picture: settings in force, each list, findings. */
export interface RefreshStatus {
  readonly now: FileTime;
  readonly role: MsmqRole;
  readonly settings: RefreshSettings;
  readonly lists: readonly ListStatus[];
  readonly findings: readonly RefreshFinding[];
}

/**
 * Decodes the refresh values as of `now`: when each list refreshes next, and why.
 *
 * @example
 * ```ts
 * const values = new Map([
 *   ['DSNextSiteListRefreshTime', { type: 'REG_QWORD', data: 134405210071234567n }],
 * ]);
 * const now = fromIso('2026-11-23T14:03:27Z');
 * const status = describeRefreshStatus({ get: (name) => values.get(name) }, 'client', now);
 * const [site, enterprise] = status.lists;
 * site?.state; // => 'scheduled'
 * site?.dueInTicks; // => parseDuration('7d123ms456us700ns')
 * enterprise?.state; // => 'missing'
 * ```
 */
export function describeRefreshStatus(
  store: Pick<ParameterStore, 'get'>,
  role: MsmqRole,
  now: FileTime,
): RefreshStatus {
  const { settings, nextTimes, findings } = readRefreshConfiguration(store, role);
  const lists = (['site', 'enterprise'] as const).map((list) =>
    describeList(list, role, settings, nextTimes[list], now),
  );
  return { now, role, settings, lists, findings };
}

function describeList(
  list: DirectoryList,
  role: MsmqRole,
  settings: RefreshSettings,
  nextTime: FileTime | undefined,
  now: FileTime,
): ListStatus {
  const valueName = nextTimeValueName(list);
  const hours = intervalHours(settings, list);
  const base = { list, valueName, intervalHours: hours };
  const name = `The ${list} list`;
  if (!usesList(role, list)) {
    return {
      ...base,
      state: 'not-used',
      nextTime: undefined,
      dueInTicks: undefined,
      explanation: `Routing servers keep no ${valueName} and run no ${list}-list schedule.`,
    };
  }
  if (nextTime === undefined) {
    return {
      ...base,
      state: 'missing',
      nextTime,
      dueInTicks: undefined,
      explanation:
        `${valueName} does not exist: ${name.toLowerCase()} refreshes as soon as MSMQ starts, ` +
        `and the value is then written as the completion time + ${hours} h (${intervalValueName(list)}).`,
    };
  }
  const dueIn = nextTime.since(now);
  if (dueIn <= 0n) {
    return {
      ...base,
      state: 'due',
      nextTime,
      dueInTicks: dueIn,
      explanation:
        `${name} was due at ${toIso(nextTime)} (${roughDuration(-dueIn)} ago): it refreshes at the next MSMQ start. ` +
        'On a running service a past time means the last query failed and is being retried every ' +
        `${settings.errorRetryMinutes} min (DSListRefreshErrorRetryInterval).`,
    };
  }
  const interval = BigInt(hours) * TICKS_PER_HOUR;
  const tooFar =
    dueIn > interval
      ? ` That is further away than one interval (${hours} h): the value was written by a clock that ` +
        'was ahead, or the interval has been shortened since; delete it to re-base the schedule.'
      : '';
  return {
    ...base,
    state: 'scheduled',
    nextTime,
    dueInTicks: dueIn,
    explanation:
      `${name} refreshes at ${toIso(nextTime)}, in ${roughDuration(dueIn)}. Restarting MSMQ does ` +
      `not bring it forward (the time persists); delete ${valueName} and restart MSMQ to force a refresh.${tooFar}`,
  };
}

/** A duration to the whole second, for sentences (the exact ticks stay in `dueInTicks`). */
function roughDuration(ticks: bigint): string {
  return formatDuration(ticks - (ticks % TICKS_PER_SECOND));
}
