/**
 * The ds-refresh planner case: `planRefreshLoad` from `@mqsim/ds-refresh` predicting a year of
 * MSMQ directory-service list refreshes for 100 000 machines — the thundering herd after a mass
 * restart with deleted values, and a DC outage that the herd runs into — against the package's
 * promise that 100 000 machines over a year "plan in well under a second" (its TSDoc; its README
 * quotes ~0.15 s on an idle machine). Target: ≤ 1 s per plan.
 */
import { planRefreshLoad } from '@mqsim/ds-refresh';
import { fromIso, parseDurationTicks, TICKS } from '@mqsim/filetime';
import type { BenchCase, BenchSettings } from './bench-case.js';
import { measureRounds, median } from './measure.js';
import { type CaseResult, compare, headline, type Measurement, rateOf } from './report.js';

const SITES = 20;
const DCS_PER_SITE = 2;
const ROUTING_SERVERS_PER_SITE = 5;
const SEED = 2009;
const TARGET_SECONDS_PER_100K = 1;
const TARGET_NAME = `target ${TARGET_SECONDS_PER_100K} s per 100,000`;
const DAY = TICKS.perDay;
const HOUR = TICKS.perHour;

interface PlanRun {
  readonly seconds: number;
  /** Queries, failures and bytes planned: identical every round, or the planner is not deterministic. */
  readonly totals: string;
}

/**
 * `machines` machines, 5 routing servers per site and the rest clients, in 20 sites of 2 DCs, over 365 days in
 * hourly buckets, with MSMQ's default intervals.
 *
 * @example
 * ```ts
 * createDsRefreshPlannerCase(100_000).run({ rounds: 3, scale: 1, simpy: findSimPy() }).headline;
 * ```
 */
export function createDsRefreshPlannerCase(machines: number): BenchCase {
  const name = `ds-refresh planner, ${machines.toLocaleString('en-US')} machines × 1 year`;
  return { name, run: (settings) => runPlanner(name, machines, settings) };
}

function runPlanner(name: string, defaultMachines: number, settings: BenchSettings): CaseResult {
  const routingServers = SITES * ROUTING_SERVERS_PER_SITE;
  const machines = Math.max(routingServers + SITES, Math.round(defaultMachines * settings.scale));
  const clients = machines - routingServers;
  const input = buildInput(clients);
  const plan = (): PlanRun => {
    const started = process.hrtime.bigint();
    const result = planRefreshLoad(input);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, totals: JSON.stringify(result.totals) };
  };
  const runs = measureRounds({ planRefreshLoad: plan }, plan, plan, settings.rounds);
  const timed = runs.planRefreshLoad ?? [];
  const samples = timed.map((run) => machines / run.seconds);
  const measurements: Measurement[] = [
    { implementation: 'planRefreshLoad', rate: median(samples), samples },
    { implementation: TARGET_NAME, rate: 100_000 / TARGET_SECONDS_PER_100K, samples: [] },
  ];
  const totals = new Set(timed.map((run) => run.totals));
  const first = JSON.parse([...totals][0] ?? '{}') as { machines?: number; failedQueries?: number };
  const problems: string[] = [];
  if (totals.size > 1) problems.push(`plans differed between rounds: ${[...totals].join(' vs ')}`);
  if (first.machines !== machines) {
    problems.push(`planned ${first.machines} machines instead of ${machines}`);
  }
  if (!(first.failedQueries !== undefined && first.failedQueries > 0)) {
    problems.push('the outage failed no queries: the retry path was not exercised');
  }
  const rate = rateOf(measurements, 'planRefreshLoad');
  return {
    name,
    description: `planRefreshLoad over 365 days in hourly buckets: ${machines.toLocaleString('en-US')} machines (${clients.toLocaleString('en-US')} clients, ${routingServers} routing servers) in ${SITES} sites × ${DCS_PER_SITE} DCs, default intervals, mass restart with deleted values on day 90, one DC down 6 h as the herd returns; ${totals.size === 1 ? `totals ${[...totals][0]}` : 'totals differ'}; after a one-plan warm-up`,
    unit: 'machine-years/s',
    parameters: {
      machines,
      clients,
      sites: SITES,
      dcsPerSite: DCS_PER_SITE,
      days: 365,
      seed: SEED,
      targetSeconds: TARGET_SECONDS_PER_100K,
    },
    measurements,
    comparisons: [compare(measurements, 'planRefreshLoad', TARGET_NAME, 1)],
    problems,
    headline: [
      headline(
        `ds-refresh planner, ${machines.toLocaleString('en-US')} machines × 1 year`,
        rate === undefined ? undefined : machines / rate,
        's',
        { bound: 'at most', value: (TARGET_SECONDS_PER_100K * machines) / 100_000 },
      ),
    ],
  };
}

function buildInput(clients: number): Parameters<typeof planRefreshLoad>[0] {
  const sites = Array.from({ length: SITES }, (_, site) => ({
    name: `Site${site + 1}`,
    domainControllers: Array.from(
      { length: DCS_PER_SITE },
      (_, dc) => `DC${site + 1}${String.fromCharCode(65 + dc)}`,
    ),
  }));
  return {
    start: fromIso('2026-01-01T00:00:00Z'),
    durationTicks: parseDurationTicks('365d'),
    seed: SEED,
    sites,
    machines: sites.flatMap((site, index) => [
      {
        count: Math.floor(clients / SITES) + (index < clients % SITES ? 1 : 0),
        role: 'client' as const,
        site: site.name,
      },
      { count: ROUTING_SERVERS_PER_SITE, role: 'routing-server' as const, site: site.name },
    ]),
    massRestart: { atTicks: 90 * DAY, deleteValues: true },
    // The herd's site lists come due again 7 days (168 h) after day 90, at day 104, and so on.
    outages: [
      { domainController: 'DC1A', fromTicks: 104 * DAY - HOUR, toTicks: 104 * DAY + 5 * HOUR },
    ],
  };
}
