import { toIso, toUnixSeconds } from '@mqsim/filetime';
import type { PlanReport } from '../commands/ds-refresh-plan.js';
import { chartLibrary } from './chart-library.js';
import { escapeHtml, jsonForScript } from './html-escape.js';

const MAX_SERIES = 8;

/**
 * A self-contained HTML page (no network) with a chart of directory-service queries per hour on
 * the busiest domain controllers and in total, and a table of every DC. Every string that came
 * from input is escaped; the data travels as JSON inside a non-executable script element.
 */
export function renderPlanHtml(report: PlanReport): string {
  const { plan, settings } = report;
  const times = Array.from({ length: plan.buckets }, (_, bucket) =>
    toUnixSeconds(plan.start.plus(bucket * plan.bucketTicks)),
  );
  const total = new Array<number>(plan.buckets).fill(0);
  for (const dc of plan.domainControllers) {
    for (let bucket = 0; bucket < plan.buckets; bucket++)
      total[bucket] = (total[bucket] ?? 0) + (dc.queries[bucket] ?? 0);
  }
  const busiest = [...plan.domainControllers]
    .sort((a, b) => b.peakQueries - a.peakQueries || compareCodeUnits(a.name, b.name))
    .slice(0, MAX_SERIES);
  const data = {
    times,
    series: [
      { name: 'all DCs', values: total },
      ...busiest.map((dc) => ({ name: dc.name, values: Array.from(dc.queries) })),
    ],
    restartAt:
      report.input.massRestart === undefined
        ? null
        : toUnixSeconds(plan.start.plus(report.input.massRestart.atTicks)),
  };
  const { script, style } = chartLibrary();
  const rows = [...plan.domainControllers]
    .sort((a, b) => b.totalQueries - a.totalQueries || compareCodeUnits(a.name, b.name))
    .map(
      (dc) =>
        `<tr><td>${escapeHtml(dc.name)}</td><td>${escapeHtml(dc.site)}</td><td>${dc.totalQueries}</td>` +
        `<td>${dc.failedQueries}</td><td>${(dc.totalBytes / 1_048_576).toFixed(1)}</td><td>${dc.peakQueries}</td>` +
        `<td>${escapeHtml(toIso(plan.start.plus(dc.peakBucket * plan.bucketTicks)))}</td></tr>`,
    )
    .join('\n');
  const title = `DS list refresh load — ${plan.totals.machines} machines, ${plan.domainControllers.length} DCs`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .meta { color: #5b6475; margin: 0 0 16px; }
  table { border-collapse: collapse; margin-top: 16px; }
  th, td { padding: 3px 10px; border-bottom: 1px solid #e3e6ec; text-align: right; }
  th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
  #chart { min-height: 420px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">From ${escapeHtml(toIso(plan.start))}, per ${escapeHtml(String(plan.bucketTicks / 36_000_000_000))} h.
DSSiteListRefresh ${settings.siteListRefreshHours} h, DSEnterpriseListRefresh ${settings.enterpriseListRefreshHours} h,
DSListRefreshErrorRetryInterval ${settings.errorRetryMinutes} min.
Queries: ${plan.totals.siteQueries} site + ${plan.totals.enterpriseQueries} enterprise (${plan.totals.failedQueries} failed);
with MSMQ's defaults: ${report.baseline.totals.siteQueries + report.baseline.totals.enterpriseQueries}.</p>
<div id="chart" role="img" aria-label="queries per hour on the busiest domain controllers"></div>
<table id="dcs">
<thead><tr><th>DC</th><th>site</th><th>queries</th><th>failed</th><th>MiB</th><th>peak / bucket</th><th>peak at (UTC)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script type="application/json" id="plan-data">${jsonForScript(data)}</script>
<script>${script}</script>
<script>
  const data = JSON.parse(document.getElementById('plan-data').textContent);
  const palette = ['#1d2330', '#d1495b', '#00798c', '#edae49', '#66a182', '#8d6cab', '#2e4057', '#ff8c42', '#6c757d'];
  const restartLine = (u) => {
    if (data.restartAt === null) return;
    const x = u.valToPos(data.restartAt, 'x', true);
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#d1495b';
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.restore();
  };
  const chart = document.getElementById('chart');
  new uPlot({
    width: Math.max(640, chart.clientWidth),
    height: 420,
    scales: { x: { time: true } },
    axes: [{}, { label: 'queries per bucket', size: 80 }],
    series: [{}, ...data.series.map((s, i) => ({ label: s.name, stroke: palette[i % palette.length], width: i === 0 ? 2 : 1 }))],
    hooks: { draw: [restartLine] },
  }, [data.times, ...data.series.map((s) => s.values)], chart);
</script>
</body>
</html>
`;
}

/** Orders names by UTF-16 code unit, the same everywhere (a locale-aware compare depends on LANG). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
