import { dateAndTime, formatDuration, toIso, toUnixSeconds } from '@mqsim/filetime';
import type { PlanReport } from '../commands/ds-refresh-plan.js';
import { chartLibrary } from './chart-library.js';
import { CHART_SCRIPT } from './chart-script.js';
import { escapeHtml, jsonForScript } from './html-escape.js';

/** Domain controllers drawn one by one: the busiest by peak. The table lists them all. */
const TOP_DCS = 5;
/**
 * At most this many points per series: a year of hourly buckets (8,760) in a 1,300-pixel chart
 * is a solid band. Buckets are grouped by a whole number of hours, days or weeks, and each point
 * shows the group's busiest bucket (what a DC must stand) and its mean.
 */
const MAX_POINTS = 500;
const GROUPS = [1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168, 336, 672, 1344, 2688, 5376, 10752];

const number = (value: number) => Math.round(value).toLocaleString('en-US');

/** `2026-01-31 00:00` UTC. */
function minute(iso: string): string {
  return dateAndTime(iso).slice(0, 16);
}

/** Buckets per point: the smallest grouping that keeps `buckets` within {@link MAX_POINTS}. */
export function bucketsPerPoint(buckets: number): number {
  return (
    GROUPS.find((group) => Math.ceil(buckets / group) <= MAX_POINTS) ??
    Math.ceil(buckets / MAX_POINTS)
  );
}

/** The busiest bucket and the mean of each group of `group` buckets. */
function grouped(values: ArrayLike<number>, group: number): { peak: number[]; mean: number[] } {
  const peak: number[] = [];
  const mean: number[] = [];
  for (let from = 0; from < values.length; from += group) {
    let max = 0;
    let sum = 0;
    const to = Math.min(values.length, from + group);
    for (let index = from; index < to; index++) {
      const value = values[index] ?? 0;
      if (value > max) max = value;
      sum += value;
    }
    peak.push(max);
    mean.push(sum / (to - from));
  }
  return { peak, mean };
}

function totalPerBucket(plan: PlanReport['plan']): Float64Array {
  const total = new Float64Array(plan.buckets);
  for (const dc of plan.domainControllers)
    for (let bucket = 0; bucket < plan.buckets; bucket++)
      total[bucket] = (total[bucket] ?? 0) + (dc.queries[bucket] ?? 0);
  return total;
}

/**
 * A self-contained HTML page (no network) for a DS refresh load plan: the load on all DCs
 * together against the same estate with MSMQ's defaults (a grey band), the busiest DCs by peak,
 * mass restarts and outages marked with numbered badges and a legend, and a table of every DC.
 * Readable at 100,000 machines and 40 DCs over a year: long plans are drawn per group of
 * buckets (its busiest bucket and its mean). Times are UTC; numbers have thousands separators.
 * Every string that came from input is escaped; the data travels as JSON in a non-executable
 * script element.
 */
export function renderPlanHtml(report: PlanReport): string {
  const { plan, settings, baseline } = report;
  const group = bucketsPerPoint(plan.buckets);
  const bucketHours = plan.bucketTicks / 36_000_000_000;
  const times = Array.from({ length: Math.ceil(plan.buckets / group) }, (_, point) =>
    toUnixSeconds(plan.start.plus(point * group * plan.bucketTicks)),
  );
  const total = grouped(totalPerBucket(plan), group);
  const defaults = grouped(totalPerBucket(baseline), group);
  const busiest = [...plan.domainControllers]
    .sort((a, b) => b.peakQueries - a.peakQueries || compareCodeUnits(a.name, b.name))
    .slice(0, TOP_DCS);
  const at = (ticks: number) => toUnixSeconds(plan.start.plus(ticks));
  const timeOf = (ticks: number) => minute(toIso(plan.start.plus(ticks)));
  const marks = [
    ...(report.input.massRestart === undefined
      ? []
      : [
          {
            at: at(report.input.massRestart.atTicks),
            to: null,
            kind: 'restart',
            label: `${timeOf(report.input.massRestart.atTicks)}: every machine restarts${report.input.massRestart.deleteValues ? ', its DSNext…RefreshTime values deleted (all refresh at once)' : ' (next times kept)'}`,
          },
        ]),
    ...(report.input.outages ?? []).map((outage) => ({
      at: at(outage.fromTicks),
      to: at(outage.toTicks),
      kind: 'outage',
      label: `${timeOf(outage.fromTicks)}: ${outage.domainController} answers nothing for ${formatDuration(outage.toTicks - outage.fromTicks)}`,
    })),
  ].sort((a, b) => a.at - b.at);
  const data = {
    times,
    total,
    defaults: defaults.peak,
    top: busiest.map((dc) => ({ name: dc.name, peak: grouped(dc.queries, group).peak })),
    marks: marks.map(({ at: from, to, kind }) => ({ at: from, to, kind })),
  };
  const per =
    group === 1
      ? `per ${formatHours(bucketHours)}`
      : `busiest ${formatHours(bucketHours)} and mean in each ${formatHours(bucketHours * group)}`;
  const { script, style } = chartLibrary();
  const rows = [...plan.domainControllers]
    .sort((a, b) => b.totalQueries - a.totalQueries || compareCodeUnits(a.name, b.name))
    .map(
      (dc) =>
        `<tr><td>${escapeHtml(dc.name)}</td><td>${escapeHtml(dc.site)}</td><td>${number(dc.totalQueries)}</td>` +
        `<td>${number(dc.failedQueries)}</td><td>${(dc.totalBytes / 1_048_576).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}</td><td>${number(dc.peakQueries)}</td>` +
        `<td>${escapeHtml(timeOf(dc.peakBucket * plan.bucketTicks))}</td></tr>`,
    )
    .join('\n');
  const queries = plan.totals.siteQueries + plan.totals.enterpriseQueries;
  const defaultQueries = baseline.totals.siteQueries + baseline.totals.enterpriseQueries;
  const ratio = defaultQueries === 0 ? '' : ` (×${(queries / defaultQueries).toFixed(2)})`;
  const peakTotal = Math.max(0, ...total.peak);
  const peakDefaults = Math.max(0, ...defaults.peak);
  const title = `DS list refresh load — ${number(plan.totals.machines)} machines, ${number(plan.domainControllers.length)} DCs`;
  const legend = marks
    .map(
      (mark, index) =>
        `<li class="${mark.kind}"><span class="badge">${index + 1}</span> ${escapeHtml(mark.label)}</li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; max-width: 1400px; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 6px; }
  .meta { color: #5b6475; margin: 0 0 8px; }
  .summary { display: flex; flex-wrap: wrap; gap: 8px 32px; margin: 8px 0 4px; }
  .summary div { font-variant-numeric: tabular-nums; } .summary b { font-size: 18px; }
  table { border-collapse: collapse; margin-top: 8px; font-variant-numeric: tabular-nums; }
  th, td { padding: 3px 10px; border-bottom: 1px solid #e3e6ec; text-align: right; }
  th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
  .chart { position: relative; min-height: 300px; }
  .markers { position: absolute; left: 0; top: 0; right: 0; pointer-events: none; }
  .badge { display: inline-block; min-width: 18px; height: 18px; line-height: 18px; border-radius: 9px; background: #b3261e; color: #fff; font-size: 11px; font-weight: 600; text-align: center; padding: 0 3px; box-sizing: border-box; }
  .outage .badge, .markers .badge.outage { background: #8a5a00; }
  .markers .badge { position: absolute; transform: translateX(-50%); }
  #marks { list-style: none; padding: 0; margin: 8px 0 0; }
  #marks li { margin: 0 0 4px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">From ${escapeHtml(minute(toIso(plan.start)))} UTC for ${escapeHtml(formatDuration(plan.buckets * plan.bucketTicks))}, counted per ${escapeHtml(formatHours(bucketHours))}.
DSSiteListRefresh ${number(settings.siteListRefreshHours)} h, DSEnterpriseListRefresh ${number(settings.enterpriseListRefreshHours)} h,
DSListRefreshErrorRetryInterval ${number(settings.errorRetryMinutes)} min.</p>
<div class="summary">
<div>queries<br><b>${number(queries)}</b>${escapeHtml(ratio)}</div>
<div>with MSMQ's defaults<br><b>${number(defaultQueries)}</b></div>
<div>site + enterprise<br>${number(plan.totals.siteQueries)} + ${number(plan.totals.enterpriseQueries)}</div>
<div>failed<br>${number(plan.totals.failedQueries)}</div>
<div>busiest ${escapeHtml(formatHours(bucketHours))}, all DCs<br><b>${number(peakTotal)}</b> (defaults ${number(peakDefaults)})</div>
</div>
<h2>All DCs <small class="meta">(${escapeHtml(per)}; grey: the same estate with MSMQ's defaults; UTC)</small></h2>
<div id="chart" class="chart" role="img" aria-label="queries on all domain controllers over time, against MSMQ's defaults"></div>
${legend === '' ? '' : `<ol id="marks">${legend}</ol>`}
<h2>Busiest ${busiest.length} DCs by peak <small class="meta">(busiest ${escapeHtml(formatHours(bucketHours))}${group === 1 ? '' : ` in each ${escapeHtml(formatHours(bucketHours * group))}`}; all DCs in the table below)</small></h2>
<div id="top-chart" class="chart" role="img" aria-label="queries on the busiest domain controllers over time"></div>
<h2>Every DC</h2>
<table id="dcs">
<thead><tr><th>DC</th><th>site</th><th>queries</th><th>failed</th><th>MiB</th><th>peak / ${escapeHtml(formatHours(bucketHours))}</th><th>peak at (UTC)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script type="application/json" id="plan-data">${jsonForScript(data)}</script>
<script>${script}</script>
<script>${CHART_SCRIPT}</script>
<script>
  const data = JSON.parse(document.getElementById('plan-data').textContent);
  const palette = ['#d1495b', '#00798c', '#edae49', '#66a182', '#8d6cab'];
  const span = data.times[data.times.length - 1] - data.times[0];
  const tick = (u, splits) => splits.map((s) => utcMinute(s).slice(5, span > 3 * 86400 ? 10 : 16));
  const numbers = (u, splits) => splits.map((v) => v.toLocaleString('en-US'));
  // Mass restarts (a dashed line) and outages (a shaded span), each with a numbered badge; a
  // badge that would touch the one before it goes a row lower, so none overlap.
  const mark = (withBadges) => (u) => {
    const ctx = u.ctx;
    ctx.save();
    for (const m of data.marks) {
      const x = u.valToPos(m.at, 'x', true);
      if (m.to !== null) {
        const x2 = Math.max(x + 2, u.valToPos(m.to, 'x', true));
        ctx.fillStyle = 'rgba(138, 90, 0, 0.18)';
        ctx.fillRect(x, u.bbox.top, x2 - x, u.bbox.height);
      } else {
        ctx.strokeStyle = '#b3261e';
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
      }
    }
    ctx.restore();
    if (!withBadges) return;
    placeBadges(u, data.marks.map((m) => m.at), (index) => data.marks[index].kind, () => '');
  };
  const common = (element, height) => ({
    width: Math.max(640, element.clientWidth),
    height,
    scales: { x: { time: true } },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
  });
  const totalChart = document.getElementById('chart');
  new uPlot({
    ...common(totalChart, 320),
    axes: [{ label: 'UTC', values: tick }, { label: 'queries', size: 80, values: numbers }],
    series: [
      { value: (u, v) => (v == null ? '--' : utcMinute(v) + ' UTC') },
      { label: 'MSMQ defaults (busiest)', stroke: '#9aa3b2', fill: 'rgba(154, 163, 178, 0.25)', width: 1, value: (u, v) => (v == null ? '--' : v.toLocaleString('en-US')) },
      { label: 'busiest', stroke: '#1d2330', width: 1, value: (u, v) => (v == null ? '--' : v.toLocaleString('en-US')) },
      { label: 'mean', stroke: '#00798c', width: 2, value: (u, v) => (v == null ? '--' : Math.round(v).toLocaleString('en-US')) },
    ],
    hooks: { draw: [mark(true)] },
  }, [data.times, data.defaults, data.total.peak, data.total.mean], totalChart);
  const topChart = document.getElementById('top-chart');
  new uPlot({
    ...common(topChart, 260),
    axes: [{ label: 'UTC', values: tick }, { label: 'queries', size: 80, values: numbers }],
    series: [
      { value: (u, v) => (v == null ? '--' : utcMinute(v) + ' UTC') },
      ...data.top.map((dc, i) => ({ label: dc.name, stroke: palette[i % palette.length], width: 1.5, value: (u, v) => (v == null ? '--' : v.toLocaleString('en-US')) })),
    ],
    hooks: { draw: [mark(false)] },
  }, [data.times, ...data.top.map((dc) => dc.peak)], topChart);
</script>
</body>
</html>
`;
}

/** `1 h`, `12 h`, `1 d`, `1 wk`: a bucket's length for a label. */
function formatHours(hours: number): string {
  if (hours % 168 === 0) return `${hours / 168} wk`;
  if (hours % 24 === 0) return `${hours / 24} d`;
  if (hours >= 1) return `${Number(hours.toFixed(2))} h`;
  return `${Number((hours * 60).toFixed(2))} min`;
}

/** Orders names by UTF-16 code unit, the same everywhere (a locale-aware compare depends on LANG). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
