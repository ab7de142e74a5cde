import { type FileTime, MqsimError, TICKS, toSafeTicks } from '@mqsim/filetime';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RetryCountedFrom } from './ds-refresh-scheduler.js';
import {
  type DirectoryList,
  DS_REFRESH_DEFAULTS,
  type MsmqRole,
  type RefreshSettings,
  usesList,
} from './parameters.js';

/** A site and the domain controllers its machines query. */
export interface PlanSite {
  readonly name: string;
  readonly domainControllers: readonly string[];
}

/** Machines that share a role, a site and settings. */
export interface PlanMachineGroup {
  /** How many machines. */
  readonly count: number;
  readonly role: MsmqRole;
  /** The name of a {@link PlanSite}. */
  readonly site: string;
  /** Registry settings that differ from MSMQ's defaults. */
  readonly settings?: Partial<RefreshSettings>;
  /**
   * `steady` (default): the machines have run for a while, so their persisted next times are
   * spread evenly over one interval. `deleted`: the values were deleted and every machine starts at
   * the beginning of the plan, within `restartSpreadTicks` — the thundering herd.
   */
  readonly nextTimes?: 'steady' | 'deleted';
}

/** What one list query costs: bytes on the wire and how long it takes. */
export interface ListQueryCost {
  readonly bytes: number;
  readonly seconds: number;
}

/** A window during which a domain controller answers no queries. */
export interface PlanOutage {
  readonly domainController: string;
  /** Ticks from the plan start. */
  readonly fromTicks: number;
  readonly toTicks: number;
}

/** Everything {@link planRefreshLoad} needs. */
export interface PlanInput {
  readonly start: FileTime;
  /** Length of the plan in ticks, e.g. `parseDuration('365d')`. */
  readonly durationTicks: bigint | number;
  /** Width of one load bucket in ticks; default one hour. */
  readonly bucketTicks?: number;
  /** Seeds the spread of next times and DC choice; same seed, same plan. Default 1. */
  readonly seed?: number;
  readonly sites: readonly PlanSite[];
  readonly machines: readonly PlanMachineGroup[];
  /** Defaults (UNCERTAIN, so settings): site 4 KiB in 2 s, enterprise 64 KiB in 10 s. */
  readonly queryCost?: Partial<Record<DirectoryList, ListQueryCost>>;
  /** How long machines take to start when they start together; default 15 minutes. */
  readonly restartSpreadTicks?: number;
  /** Every machine restarts at `atTicks` (from the plan start), optionally after deleting the values. */
  readonly massRestart?: { readonly atTicks: number; readonly deleteValues: boolean };
  readonly outages?: readonly PlanOutage[];
  /** How long a query to a DC that is down takes to fail; default 10 minutes (see SimulatedDirectory). */
  readonly failureTicks?: number;
  /** Where the retry interval is counted from, as in `DsRefreshScheduler`; default `'failure'`. */
  readonly retryCountedFrom?: RetryCountedFrom;
}

/** The load one domain controller sees. */
export interface DomainControllerLoad {
  readonly name: string;
  readonly site: string;
  /** Queries started in each bucket (including failed ones). */
  readonly queries: Uint32Array;
  /** Bytes answered in each bucket. */
  readonly bytes: Float64Array;
  readonly totalQueries: number;
  readonly failedQueries: number;
  readonly totalBytes: number;
  /** The most queries in one bucket, and the bucket's index. */
  readonly peakQueries: number;
  readonly peakBucket: number;
}

/** The predicted load on every domain controller over the plan. */
export interface PlanResult {
  readonly start: FileTime;
  readonly bucketTicks: number;
  readonly buckets: number;
  readonly domainControllers: readonly DomainControllerLoad[];
  readonly totals: {
    readonly machines: number;
    readonly siteQueries: number;
    readonly enterpriseQueries: number;
    readonly failedQueries: number;
    readonly bytes: number;
  };
}

/** A plan input that cannot be planned. */
export class PlanInputError extends MqsimError {
  static override readonly code = 'ERR_DS_PLAN_INPUT';
}

const DEFAULT_COST: Record<DirectoryList, ListQueryCost> = {
  site: { bytes: 4096, seconds: 2 },
  enterprise: { bytes: 65_536, seconds: 10 },
};
const LISTS: readonly DirectoryList[] = ['site', 'enterprise'];

interface DcCounters {
  readonly queries: Uint32Array;
  readonly bytes: Float64Array;
  readonly outages: readonly PlanOutage[];
  failed: number;
}

/**
 * Predicts the directory-service queries and bytes each domain controller receives from MSMQ's
 * list refreshes: every machine's site and enterprise schedule, retries while a DC is down, and
 * the thundering herd after machines start with deleted next times — which then recurs every
 * interval, because the herd's next times are all written within the same few minutes.
 *
 * Each machine's schedule is an arithmetic walk, not an event queue, so 100 000 machines over a
 * year plan in well under a second.
 *
 * @example
 * ```ts
 * const plan = planRefreshLoad({
 *   start: fromIso('2026-01-01T00:00:00Z'),
 *   durationTicks: parseDuration('28d'),
 *   sites: [{ name: 'HQ', domainControllers: ['DC1'] }],
 *   machines: [{ count: 1000, role: 'client', site: 'HQ' }],
 * });
 * plan.totals.siteQueries; // => 4000
 * ```
 * @throws {PlanInputError} for unknown sites, empty sites, or sizes that are not positive.
 */
export function planRefreshLoad(input: PlanInput): PlanResult {
  const duration = toSafeTicks(BigInt(input.durationTicks));
  const bucketTicks = input.bucketTicks ?? TICKS.perHour;
  if (!(duration > 0 && bucketTicks > 0 && Number.isInteger(bucketTicks))) {
    throw new PlanInputError(
      `the plan needs a positive duration and bucket width (got ${duration} and ${bucketTicks} ticks)`,
      { allowed: 'durationTicks > 0 and an integer bucketTicks > 0' },
    );
  }
  const buckets = Math.ceil(duration / bucketTicks);
  const rng = xoroshiro128plus(input.seed ?? 1);
  const costs = { ...DEFAULT_COST, ...input.queryCost };
  const spread = input.restartSpreadTicks ?? 15 * TICKS.perMinute;
  const failureTicks = input.failureTicks ?? 10 * TICKS.perMinute;
  const retryFromAttempt = input.retryCountedFrom === 'attempt';

  const counters = new Map<string, DcCounters>();
  const sites = new Map<string, DcCounters[]>();
  for (const site of input.sites) {
    if (site.domainControllers.length === 0) {
      throw new PlanInputError(`site ${JSON.stringify(site.name)} has no domain controllers`, {
        value: site.name,
        allowed: 'at least one domain controller per site',
      });
    }
    sites.set(
      site.name,
      site.domainControllers.map((name) => {
        const dc: DcCounters = {
          queries: new Uint32Array(buckets),
          bytes: new Float64Array(buckets),
          outages: (input.outages ?? []).filter((outage) => outage.domainController === name),
          failed: 0,
        };
        counters.set(name, dc);
        return dc;
      }),
    );
  }

  const totals = { machines: 0, siteQueries: 0, enterpriseQueries: 0, failedQueries: 0, bytes: 0 };
  for (const group of input.machines) {
    const siteDcs = sites.get(group.site);
    if (siteDcs === undefined) {
      throw new PlanInputError(`machine group names unknown site ${JSON.stringify(group.site)}`, {
        value: group.site,
        allowed: `one of ${[...sites.keys()].map((name) => JSON.stringify(name)).join(', ')}`,
      });
    }
    if (!(Number.isInteger(group.count) && group.count >= 0)) {
      throw new PlanInputError(`machine count ${group.count} is not a whole number ≥ 0`, {
        value: group.count,
        allowed: 'an integer ≥ 0',
      });
    }
    const settings = { ...DS_REFRESH_DEFAULTS, ...group.settings };
    const retryTicks = settings.errorRetryMinutes * TICKS.perMinute;
    totals.machines += group.count;
    for (let machine = 0; machine < group.count; machine++) {
      const dc = siteDcs[Math.floor(uniformFloat64(rng) * siteDcs.length)] as DcCounters;
      for (const list of LISTS) {
        if (!usesList(group.role, list)) continue;
        const hours =
          list === 'site' ? settings.siteListRefreshHours : settings.enterpriseListRefreshHours;
        const walk: Walk = {
          intervalTicks: hours * TICKS.perHour,
          retryTicks,
          failureTicks,
          retryFromAttempt,
          cost: costs[list],
          duration,
          bucketTicks,
          firstDue:
            group.nextTimes === 'deleted'
              ? Math.floor(uniformFloat64(rng) * spread)
              : Math.floor(uniformFloat64(rng) * hours * TICKS.perHour),
          restartAt: input.massRestart?.atTicks ?? Number.POSITIVE_INFINITY,
          restartDelay: Math.floor(uniformFloat64(rng) * spread),
          restartDeletes: input.massRestart?.deleteValues ?? false,
        };
        const counts = walkSchedule(walk, dc);
        if (list === 'site') totals.siteQueries += counts.queries;
        else totals.enterpriseQueries += counts.queries;
        totals.failedQueries += counts.failed;
        totals.bytes += counts.bytes;
      }
    }
  }

  const domainControllers: DomainControllerLoad[] = [];
  for (const site of input.sites) {
    for (const name of site.domainControllers) {
      const dc = counters.get(name) as DcCounters;
      let peakQueries = 0;
      let peakBucket = 0;
      let totalQueries = 0;
      let totalBytes = 0;
      for (let bucket = 0; bucket < buckets; bucket++) {
        const queries = dc.queries[bucket] as number;
        totalQueries += queries;
        totalBytes += dc.bytes[bucket] as number;
        if (queries > peakQueries) {
          peakQueries = queries;
          peakBucket = bucket;
        }
      }
      domainControllers.push({
        name,
        site: site.name,
        queries: dc.queries,
        bytes: dc.bytes,
        totalQueries,
        failedQueries: dc.failed,
        totalBytes,
        peakQueries,
        peakBucket,
      });
    }
  }
  return { start: input.start, bucketTicks, buckets, domainControllers, totals };
}

interface Walk {
  readonly intervalTicks: number;
  readonly retryTicks: number;
  readonly failureTicks: number;
  readonly retryFromAttempt: boolean;
  readonly cost: ListQueryCost;
  readonly duration: number;
  readonly bucketTicks: number;
  readonly firstDue: number;
  readonly restartAt: number;
  readonly restartDelay: number;
  readonly restartDeletes: boolean;
}

/** Walks one machine's schedule for one list, adding its queries to `dc`. */
function walkSchedule(
  walk: Walk,
  dc: DcCounters,
): { queries: number; failed: number; bytes: number } {
  const answerTicks = walk.cost.seconds * TICKS.perSecond;
  let queries = 0;
  let failed = 0;
  let bytes = 0;
  let due = walk.firstDue;
  let retrying = false;
  let restartPending = walk.restartAt < walk.duration;
  // The restart check comes first: a machine whose next regular time lies past the end of the
  // plan still restarts (and, with the values deleted, refreshes) within it.
  for (;;) {
    if (restartPending && due >= walk.restartAt) {
      restartPending = false;
      // A restart re-runs the start-up logic: with the values deleted, or a retry pending (its
      // persisted time is already past), the list refreshes as the service comes up. Otherwise
      // the persisted time stands and nothing changes — a restart alone forces no refresh.
      if (walk.restartDeletes || retrying) {
        due = walk.restartAt + walk.restartDelay;
        continue;
      }
    }
    if (due >= walk.duration) break;
    const bucket = Math.floor(due / walk.bucketTicks);
    dc.queries[bucket] = (dc.queries[bucket] as number) + 1;
    queries++;
    if (isDown(dc.outages, due)) {
      failed++;
      dc.failed++;
      retrying = true;
      due += walk.retryFromAttempt
        ? Math.max(walk.failureTicks, walk.retryTicks)
        : walk.failureTicks + walk.retryTicks;
    } else {
      dc.bytes[bucket] = (dc.bytes[bucket] as number) + walk.cost.bytes;
      bytes += walk.cost.bytes;
      retrying = false;
      due += answerTicks + walk.intervalTicks;
    }
  }
  return { queries, failed, bytes };
}

function isDown(outages: readonly PlanOutage[], at: number): boolean {
  for (const outage of outages) {
    if (at >= outage.fromTicks && at < outage.toTicks) return true;
  }
  return false;
}
