import { bigintAsString, type RunResult } from '@mqsim/engine';
import { isoParts, toIso, toUnixSeconds } from '@mqsim/filetime';
import { OUTGOING_STATE_LABELS } from '@mqsim/queue-manager';
import { chartLibrary } from './chart-library.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { totalsParts } from './totals-text.js';

/**
 * The run as one self-contained HTML page (no network): the scenario's explanation, a chart of
 * every outgoing queue's depth over time with the timeline's actions marked, the refresh events,
 * the host tables, the expectations, and the timeline and trace with a search box. Every string
 * that came from the scenario is escaped; data travels as JSON in a non-executable script element.
 */
export function renderRunHtml(
  result: RunResult,
  options: {
    /** Each timeline entry's effect in words (by its index), from replaying the run without it. */
    readonly effects?: ReadonlyMap<number, string>;
  } = {},
): string {
  const { scenario } = result;
  const seconds = (t: number) => toUnixSeconds(scenario.start.plus(t));
  const data = {
    times: result.depth.times.map(seconds),
    series: result.depth.series.map((series) => ({ name: series.label, values: series.values })),
    actions: result.timeline
      .filter((entry) => entry.kind === 'action')
      .map((entry) => ({ at: seconds(entry.t), host: entry.host, text: entry.text })),
    trace: result.trace.map(
      (event) => JSON.parse(JSON.stringify(event, bigintAsString)) as unknown,
    ),
  };
  const { script, style } = chartLibrary();
  const failed = result.expectations.filter((expectation) => !expectation.ok).length;
  const expectationRows = result.expectations
    .map(
      (expectation) =>
        `<tr class="${expectation.ok ? 'ok' : 'failed'}"><td>${expectation.ok ? '✓' : '✗'}</td><td>${escapeHtml(expectation.text)}</td>` +
        `<td>${escapeHtml(expectation.expected)}</td><td>${escapeHtml(expectation.seen)}</td>` +
        `<td>${expectation.location.line}:${expectation.location.column}</td></tr>`,
    )
    .join('\n');
  const hostSections = result.hosts
    .filter((host) => host.service !== 'none')
    .map((host) => {
      const outgoing = host.outgoing
        .map(
          (row) =>
            `<tr><td>${escapeHtml(row.queueName)}</td><td>${escapeHtml(OUTGOING_STATE_LABELS[row.state])}</td>` +
            `<td>${escapeHtml(row.nextHop ?? '')}</td><td class="n">${row.messageCount}</td></tr>`,
        )
        .join('\n');
      const queues = host.queues
        .map(
          (queue) =>
            `<tr><td>${escapeHtml(queue.path)}</td><td class="n">${queue.messages}</td></tr>`,
        )
        .join('\n');
      return `<section class="host"><h3>${escapeHtml(host.name)} <small>${escapeHtml(host.role)}, MSMQ ${escapeHtml(host.service)};
listening on ${escapeHtml(host.boundAddresses.join(', ') || 'nothing')}; addresses ${escapeHtml(host.addresses.join(', ') || 'none')}</small></h3>
<table class="outgoing"><thead><tr><th>outgoing queue</th><th>state</th><th>next hop</th><th>messages</th></tr></thead><tbody>${outgoing || '<tr><td colspan="4">none</td></tr>'}</tbody></table>
<table class="queues"><thead><tr><th>queue</th><th>messages</th></tr></thead><tbody>${queues}</tbody></table>
<p class="meta">Next DS refresh: site ${escapeHtml(host.refresh.site ?? '—')}, enterprise ${escapeHtml(host.refresh.enterprise ?? '— (not kept)')}</p></section>`;
    })
    .join('\n');
  const timelineRows = result.timeline
    .map(
      (entry, index) =>
        `<tr class="${entry.kind}"><td>${escapeHtml(entry.at)}</td><td>${escapeHtml(entry.host)}</td><td>${escapeHtml(entry.text)}</td><td class="effect">${escapeHtml(options.effects?.get(index) ?? '')}</td></tr>`,
    )
    .join('\n');
  const refreshRows = result.refreshes
    .flatMap((event) =>
      event.type === 'ds.refresh.succeeded' || event.type === 'ds.refresh.failed'
        ? [
            `<tr><td>${escapeHtml(toIso(scenario.start.plus(event.t)))}</td><td>${escapeHtml(event.host ?? '')}</td>` +
              `<td>${escapeHtml(event.list)}</td><td>${event.type === 'ds.refresh.succeeded' ? 'refreshed' : `failed: ${escapeHtml(event.error)}`}</td></tr>`,
          ]
        : [],
    )
    .join('\n');
  const t = result.totals;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`mqsim — ${scenario.name}`)}</title>
<style>${style}</style>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; max-width: 1200px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 16px 0 4px; }
  h3 small, .meta { color: #5b6475; font-weight: normal; }
  table { border-collapse: collapse; margin: 6px 0; }
  th, td { padding: 3px 10px; border-bottom: 1px solid #e3e6ec; text-align: left; vertical-align: top; }
  td.n { text-align: right; }
  tr.failed td { color: #b3261e; } tr.ok td:first-child { color: #1e7b34; }
  tr.action td { color: #00607a; } tr.note td { color: #8a5a00; font-style: italic; }
  #chart { min-height: 380px; }
  .chart-and-why { display: flex; flex-wrap: wrap; gap: 16px 24px; align-items: flex-start; }
  .chart-and-why > #chart { flex: 3 1 640px; min-width: 0; }
  #why { flex: 1 1 300px; font-size: 13px; }
  #why h2 { margin-top: 0; }
  #why .finding { border-left: 3px solid #b3261e; padding: 2px 0 6px 10px; margin: 0 0 12px; }
  #why .finding.cleared { border-left-color: #c7ccd6; }
  #why .layer { font: 12px ui-monospace, monospace; background: #f1f3f7; padding: 0 4px; border-radius: 3px; }
  #why ul { margin: 2px 0 0 18px; padding: 0; }
  .verdict { font-weight: 600; } .verdict.bad { color: #b3261e; } .verdict.good { color: #1e7b34; }
  input[type=search] { width: 360px; padding: 4px 8px; }
  #trace { font: 12px ui-monospace, monospace; max-height: 420px; overflow: auto; border: 1px solid #e3e6ec; padding: 6px; white-space: pre; }
</style>
</head>
<body>
<h1>${escapeHtml(scenario.name)}</h1>
<p>${escapeHtml(scenario.description.trim())}</p>
<p class="meta">Start ${escapeHtml(toIso(scenario.start))}, seed ${result.seed}, ${result.events} trace events, fingerprint <code>${escapeHtml(result.fingerprint.slice(0, 16))}</code>.</p>
<p class="verdict ${failed === 0 ? 'good' : 'bad'}">${failed === 0 ? `All ${result.expectations.length} expectations met.` : `${failed} of ${result.expectations.length} expectations failed.`}</p>
<h2>Outgoing queue depth</h2>
<div class="chart-and-why">
<div id="chart" role="img" aria-label="messages waiting in each outgoing queue over time; dashed lines mark the timeline's actions"></div>
<aside id="why"><h2>Why</h2>${whyHtml(result.diagnosis)}</aside>
</div>
<h2>Expectations</h2>
<table id="expectations"><thead><tr><th></th><th>check</th><th>expected</th><th>seen</th><th>line:col</th></tr></thead><tbody>${expectationRows || '<tr><td colspan="5">none</td></tr>'}</tbody></table>
<h2>Messages</h2>
<p>${escapeHtml(totalsParts(t).join(', ').replace(/^s/, 'S'))}.</p>
<h2>Hosts</h2>
${hostSections}
<h2>Directory-service refreshes</h2>
<table id="refreshes"><thead><tr><th>time (UTC)</th><th>host</th><th>list</th><th>outcome</th></tr></thead><tbody>${refreshRows || '<tr><td colspan="4">none in this run</td></tr>'}</tbody></table>
<h2>Timeline</h2>
<p><input type="search" id="filter" placeholder="filter the timeline and the trace, e.g. APP02 or refused" aria-label="filter"></p>
<table id="timeline"><thead><tr><th>time (UTC)</th><th>host</th><th>what</th><th>effect (replayed without it)</th></tr></thead><tbody>${timelineRows}</tbody></table>
<h2>Trace <small class="meta">(first ${result.trace.length} of ${result.events} events; the full trace: <code>mqsim run … --trace FILE</code>)</small></h2>
<div id="trace"></div>
<script type="application/json" id="run-data">${jsonForScript(data)}</script>
<script>${script}</script>
<script>
  const data = JSON.parse(document.getElementById('run-data').textContent);
  const palette = ['#d1495b', '#00798c', '#edae49', '#66a182', '#8d6cab', '#2e4057', '#ff8c42', '#1d2330'];
  const markActions = (u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#9aa3b2';
    ctx.fillStyle = '#5b6475';
    ctx.setLineDash([4, 4]);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    let row = 0;
    let lastX = -Infinity;
    for (const action of data.actions) {
      const x = u.valToPos(action.at, 'x', true);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      row = x - lastX < 90 ? row + 1 : 0;
      lastX = x;
      ctx.fillText((action.host ? action.host + ': ' : '') + action.text, x + 3, u.bbox.top + 12 + 13 * (row % 8));
    }
    ctx.restore();
  };
  const chart = document.getElementById('chart');
  if (data.series.length === 0) chart.textContent = 'No outgoing queues in this run.';
  else new uPlot({
    width: Math.max(640, chart.clientWidth),
    height: 380,
    scales: { x: { time: true } },
    axes: [{}, { label: 'messages waiting', size: 70 }],
    series: [{}, ...data.series.map((s, i) => ({ label: s.name, stroke: palette[i % palette.length], width: 2 }))],
    hooks: { draw: [markActions] },
  }, [data.times, ...data.series.map((s) => s.values)], chart);

  const traceBox = document.getElementById('trace');
  const traceLines = data.trace.map((event) => JSON.stringify(event));
  const rows = [...document.querySelectorAll('#timeline tbody tr')];
  const show = (needle) => {
    const text = needle.toLowerCase();
    for (const row of rows) row.hidden = text !== '' && !row.textContent.toLowerCase().includes(text);
    const matching = text === '' ? traceLines : traceLines.filter((line) => line.toLowerCase().includes(text));
    traceBox.textContent = matching.slice(0, 2000).join('\\n') + (matching.length > 2000 ? '\\n… ' + (matching.length - 2000) + ' more' : '');
  };
  document.getElementById('filter').addEventListener('input', (event) => show(event.target.value));
  show('');
</script>
</body>
</html>
`;
}

/** The *Why* section: each finding's symptom, when it was seen, its cause and fixes. */
function whyHtml(diagnosis: RunResult['diagnosis']): string {
  if (diagnosis.length === 0) return '<p>Nothing was stuck: no symptom in the run.</p>';
  return diagnosis
    .map((finding) => {
      const from = isoParts(finding.atTime).time;
      const seen = finding.ongoing
        ? `from ${from}, still at the end`
        : `from ${from} to ${isoParts(finding.lastSeenTime).time}, then cleared`;
      const { cause } = finding;
      const where = cause.host === '' ? '' : ` on ${cause.host}`;
      const items = [
        ...finding.fixes.map((fix) => `<li>fix: ${escapeHtml(fix.text)}</li>`),
        ...finding.notFixes.map((notFix) => `<li>not: ${escapeHtml(notFix.why)}</li>`),
      ].join('');
      return `<div class="finding${finding.ongoing ? '' : ' cleared'}"><div>${escapeHtml(finding.symptom)}</div><div class="meta">${escapeHtml(seen)}</div><div><span class="layer">${escapeHtml(cause.layer)}</span>${escapeHtml(where)}: ${escapeHtml(cause.detail)}</div>${items === '' ? '' : `<ul>${items}</ul>`}</div>`;
    })
    .join('\n');
}
