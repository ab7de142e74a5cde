import {
  DS_REFRESH_DEFAULTS,
  type PlanInput,
  type PlanMachineGroup,
  type PlanOutage,
  type PlanResult,
  planRefreshLoad,
  type RefreshSettings,
} from '@mqsim/ds-refresh';
import { formatDuration, fromIso, toIso } from '@mqsim/filetime';
import { CliInputError, parseDurationFlag, parseIntegerFlag } from '../cli-input.js';

/** The flags of `mqsim ds-refresh plan`, as commander hands them over (all text). */
export interface PlanFlags {
  readonly machines: string;
  readonly routingServers: string;
  readonly sites: string;
  readonly dcsPerSite: string;
  readonly siteHours: string;
  readonly enterpriseHours: string;
  readonly retryMinutes: string;
  readonly period: string;
  readonly bucket: string;
  readonly start: string;
  readonly seed: string;
  readonly massRestart?: string;
  readonly deleteValues?: boolean;
  readonly outage?: readonly string[];
  readonly siteBytes: string;
  readonly enterpriseBytes: string;
}

/** A plan, the same plan with MSMQ's defaults for comparison, and the inputs behind both. */
export interface PlanReport {
  readonly input: PlanInput;
  readonly settings: RefreshSettings;
  readonly plan: PlanResult;
  readonly baseline: PlanResult;
}

/**
 * Turns the flags into a plan input, runs it, and runs the defaults beside it.
 * @throws {CliInputError} for a flag value that cannot be used.
 */
export function runPlan(flags: PlanFlags): PlanReport {
  const machines = parseIntegerFlag('--machines', flags.machines, 0, 10_000_000);
  const routingServers = parseIntegerFlag('--routing-servers', flags.routingServers, 0, 10_000_000);
  const siteCount = parseIntegerFlag('--sites', flags.sites, 1, 10_000);
  const dcsPerSite = parseIntegerFlag('--dcs-per-site', flags.dcsPerSite, 1, 100);
  const settings: RefreshSettings = {
    siteListRefreshHours: parseIntegerFlag('--site-hours', flags.siteHours, 1, 87_600),
    enterpriseListRefreshHours: parseIntegerFlag(
      '--enterprise-hours',
      flags.enterpriseHours,
      1,
      87_600,
    ),
    errorRetryMinutes: parseIntegerFlag('--retry-minutes', flags.retryMinutes, 1, 10_080),
  };
  const sites = Array.from({ length: siteCount }, (_, site) => ({
    name: siteCount === 1 ? 'Site1' : `Site${site + 1}`,
    domainControllers: Array.from(
      { length: dcsPerSite },
      (_, dc) => `DC${site + 1}${dcLetter(dc)}`,
    ),
  }));
  const groups: PlanMachineGroup[] = [];
  for (const [index, site] of sites.entries()) {
    const share = (total: number) =>
      Math.floor(total / siteCount) + (index < total % siteCount ? 1 : 0);
    const nextTimes = flags.deleteValues && flags.massRestart === undefined ? 'deleted' : 'steady';
    groups.push({ count: share(machines), role: 'client', site: site.name, settings, nextTimes });
    if (routingServers > 0) {
      groups.push({
        count: share(routingServers),
        role: 'routing-server',
        site: site.name,
        settings,
        nextTimes,
      });
    }
  }
  const known = new Set(sites.flatMap((site) => site.domainControllers));
  const durationTicks = parseDurationFlag('--period', flags.period);
  const bucketTicks = parseDurationFlag('--bucket', flags.bucket);
  checkPlanSize(durationTicks, bucketTicks, known.size);
  const input: PlanInput = {
    start: parseStart(flags.start),
    durationTicks,
    bucketTicks,
    seed: parseIntegerFlag('--seed', flags.seed, 0, 2 ** 31 - 1),
    sites,
    machines: groups,
    queryCost: {
      site: { bytes: parseIntegerFlag('--site-bytes', flags.siteBytes, 0, 2 ** 31), seconds: 2 },
      enterprise: {
        bytes: parseIntegerFlag('--enterprise-bytes', flags.enterpriseBytes, 0, 2 ** 31),
        seconds: 10,
      },
    },
    ...(flags.massRestart === undefined
      ? {}
      : {
          massRestart: {
            atTicks: parseDurationFlag('--mass-restart', flags.massRestart),
            deleteValues: flags.deleteValues ?? false,
          },
        }),
    outages: (flags.outage ?? []).map((text) => parseOutage(text, known)),
  };
  const baseline = planRefreshLoad({
    ...input,
    machines: groups.map((group) => ({ ...group, settings: DS_REFRESH_DEFAULTS })),
  });
  return { input, settings, plan: planRefreshLoad(input), baseline };
}

/** The report as terminal text: totals, the busiest DCs, the comparison with the defaults. */
export function formatPlanReport(report: PlanReport, maxRows = 15): string {
  const { plan, baseline, settings, input } = report;
  const hoursPerBucket = plan.bucketTicks / 36_000_000_000;
  const n = (value: number) => new Intl.NumberFormat('en-US').format(Math.round(value));
  const mb = (bytes: number) =>
    bytes >= 1_073_741_824
      ? `${(bytes / 1_073_741_824).toFixed(1)} GiB`
      : `${(bytes / 1_048_576).toFixed(1)} MiB`;
  const queries = plan.totals.siteQueries + plan.totals.enterpriseQueries;
  const baselineQueries = baseline.totals.siteQueries + baseline.totals.enterpriseQueries;
  const lines = [
    `DS list refresh load: ${n(plan.totals.machines)} machines, ${input.sites.length} site(s), ` +
      `${plan.domainControllers.length} DC(s), ${formatDuration(BigInt(input.durationTicks))} from ${toIso(plan.start)}`,
    `settings: DSSiteListRefresh ${settings.siteListRefreshHours} h, DSEnterpriseListRefresh ` +
      `${settings.enterpriseListRefreshHours} h, DSListRefreshErrorRetryInterval ${settings.errorRetryMinutes} min`,
    '',
    `queries   ${n(plan.totals.siteQueries)} site + ${n(plan.totals.enterpriseQueries)} enterprise = ${n(queries)}` +
      ` (${n(plan.totals.failedQueries)} failed)`,
    `traffic   ${mb(plan.totals.bytes)} answered`,
    `defaults  ${n(baselineQueries)} queries, ${mb(baseline.totals.bytes)} — this setting is ×${(queries / Math.max(1, baselineQueries)).toFixed(2)} the queries`,
    '',
  ];
  const header = [
    'DC',
    'site',
    'queries',
    'failed',
    'traffic',
    `peak/${formatDuration(BigInt(plan.bucketTicks))}`,
    'peak at',
    'mean/h',
  ];
  const rows = [...plan.domainControllers]
    .sort((a, b) => b.peakQueries - a.peakQueries || compareCodeUnits(a.name, b.name))
    .slice(0, maxRows)
    .map((dc) => [
      dc.name,
      dc.site,
      n(dc.totalQueries),
      n(dc.failedQueries),
      mb(dc.totalBytes),
      n(dc.peakQueries),
      toIso(plan.start.plus(dc.peakBucket * plan.bucketTicks))
        .slice(0, 16)
        .replace('T', ' '),
      (dc.totalQueries / (plan.buckets * hoursPerBucket)).toFixed(1),
    ]);
  lines.push(...formatTable(header, rows));
  if (plan.domainControllers.length > maxRows) {
    lines.push(`… and ${plan.domainControllers.length - maxRows} more DCs (--json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report as plain JSON data (per-bucket arrays included). */
export function planReportToJson(report: PlanReport): unknown {
  const { plan, baseline, settings } = report;
  const summary = (result: PlanResult) => ({
    totals: result.totals,
    domainControllers: result.domainControllers.map((dc) => ({
      name: dc.name,
      site: dc.site,
      totalQueries: dc.totalQueries,
      failedQueries: dc.failedQueries,
      totalBytes: dc.totalBytes,
      peakQueries: dc.peakQueries,
      peakAt: toIso(result.start.plus(dc.peakBucket * result.bucketTicks)),
      queries: Array.from(dc.queries),
    })),
  });
  return {
    start: toIso(plan.start),
    bucket: formatDuration(BigInt(plan.bucketTicks)),
    buckets: plan.buckets,
    settings,
    plan: summary(plan),
    defaults: { settings: DS_REFRESH_DEFAULTS, totals: baseline.totals },
  };
}

function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function dcLetter(index: number): string {
  return index < 26 ? String.fromCharCode(97 + index) : `-${index + 1}`;
}

function parseStart(text: string) {
  try {
    return fromIso(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliInputError(`--start: ${reason}`, { value: text, cause: error });
  }
}

function parseOutage(text: string, known: ReadonlySet<string>): PlanOutage {
  const match = /^([^@]+)@([^+]+)\+(.+)$/.exec(text);
  const allowed = 'DC@START+LENGTH, e.g. DC1a@10d+6h (DC names: DC1a, DC1b, … per site)';
  if (match === null) {
    throw new CliInputError(`--outage ${JSON.stringify(text)} is not DC@START+LENGTH`, {
      value: text,
      allowed,
    });
  }
  const [, domainController = '', from = '', length = ''] = match;
  if (!known.has(domainController)) {
    const names = [...known];
    const allowed =
      names.length <= 6
        ? `one of ${names.join(', ')}`
        : `one of ${names.slice(0, 3).join(', ')} … ${names.at(-1)} (DC<site><letter>, from --sites and --dcs-per-site)`;
    throw new CliInputError(
      `--outage names unknown DC ${JSON.stringify(domainController)}; allowed: ${allowed}`,
      { value: domainController, allowed },
    );
  }
  const fromTicks = parseDurationFlag('--outage start', from);
  return {
    domainController,
    fromTicks,
    toTicks: fromTicks + parseDurationFlag('--outage length', length),
  };
}

/** The most per-DC load counters a plan may keep (DCs × buckets): about 400 MB of Float64s. */
const MAX_PLAN_CELLS = 50_000_000;

/**
 * Refuses a plan whose per-DC, per-bucket counters would not fit in memory, before allocating
 * them, with the estimate and what to change.
 * @throws {CliInputError} naming --bucket or --dcs-per-site.
 */
function checkPlanSize(
  durationTicks: number,
  bucketTicks: number,
  domainControllers: number,
): void {
  if (bucketTicks <= 0) {
    throw new CliInputError('--bucket must be longer than 0', {
      value: bucketTicks,
      allowed: 'a duration such as 1h',
    });
  }
  const buckets = Math.ceil(durationTicks / bucketTicks);
  const cells = buckets * domainControllers;
  if (cells <= MAX_PLAN_CELLS) return;
  const flag = buckets > MAX_PLAN_CELLS / 10 ? '--bucket' : '--dcs-per-site';
  throw new CliInputError(
    `${flag}: ${domainControllers.toLocaleString('en-US')} DCs × ${buckets.toLocaleString('en-US')} buckets is ${cells.toExponential(1)} counters (about ${Math.round((cells * 8) / 1e9)} GB); the limit is ${MAX_PLAN_CELLS.toLocaleString('en-US')}`,
    {
      value: cells,
      allowed: 'a longer --bucket, a shorter --period, or fewer --sites/--dcs-per-site',
    },
  );
}

/** Orders names by UTF-16 code unit, the same everywhere (a locale-aware compare depends on LANG). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
