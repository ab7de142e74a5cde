import { basename } from 'node:path';
import { bigintAsString, type RunResult } from '@mqsim/engine';
import { dateAndTime, isoParts, toIso, toUnixSeconds } from '@mqsim/filetime';
import { OUTGOING_STATE_LABELS } from '@mqsim/queue-manager';
import { chartLibrary } from './chart-library.js';
import { CHART_SCRIPT } from './chart-script.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { stateBandsHtml } from './state-bands.js';
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
  const timeOf = (t: number) => toIso(scenario.start.plus(t));
  // Actions are numbered on the chart, in time order, and spelled out in the legend below it.
  const actions = result.timeline.filter((entry) => entry.kind === 'action');
  const dsChart = directoryLoad(result, seconds);
  const data = {
    times: result.depth.times.map(seconds),
    series: result.depth.series.map((series) => ({ name: series.label, values: series.values })),
    ds: dsChart ?? null,
    start: seconds(0),
    end: seconds(Math.max(1, result.endedAt)),
    actions: actions.map((entry) => ({ at: seconds(entry.t) })),
    trace: result.trace.map((event) => {
      const { t, host, source, type, ...rest } = JSON.parse(
        JSON.stringify(event, bigintAsString),
      ) as Record<string, unknown>;
      return {
        at: timeOf(Number(t)).slice(0, 23).replace('T', ' '),
        host: host ?? '',
        type,
        details: Object.entries(rest)
          .map(
            ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
          )
          .join(' '),
        source,
      };
    }),
  };
  const actionLegend = actions
    .map(
      (entry, index) =>
        `<li><span class="badge">${index + 1}</span> <time>${escapeHtml(result.endedAt > DAY_TICKS ? entry.at : entry.at.slice(11))}</time> ${escapeHtml(entry.host === '' ? '' : `${entry.host}: `)}${escapeHtml(entry.text)}</li>`,
    )
    .join('\n');
  const { script, style } = chartLibrary();
  const failed = result.expectations.filter((expectation) => !expectation.ok).length;
  const expectationRows = result.expectations
    .map(
      (expectation) =>
        `<tr class="${expectation.ok ? 'ok' : 'failed'}"><td>${expectation.ok ? '✓' : '✗'}</td><td>${escapeHtml(expectation.text)}</td>` +
        `<td>${escapeHtml(expectation.expected)}</td><td>${escapeHtml(expectation.seen)}</td>` +
        `<td>${escapeHtml(basename(expectation.location.file))}:${expectation.location.line}:${expectation.location.column}</td></tr>`,
    )
    .join('\n');
  const serving = result.hosts.filter((host) => host.service !== 'none');
  const detailed = serving.filter(
    (host) =>
      host.outgoing.length > 0 ||
      host.queues.some((queue) => !queue.path.toUpperCase().startsWith('SYSTEM$')),
  );
  const hostRows = serving
    .map((host) => {
      const states = [...new Set(host.outgoing.map((row) => OUTGOING_STATE_LABELS[row.state]))];
      const waiting = host.queues.reduce((sum, queue) => sum + queue.messages, 0);
      return `<tr><td>${escapeHtml(host.name)}</td><td>${escapeHtml(host.role)}</td><td>${escapeHtml(host.service)}</td><td>${escapeHtml(host.boundAddresses.join(', ') || 'nothing')}</td><td>${escapeHtml(host.addresses.join(', ') || 'none')}</td><td>${host.outgoing.length === 0 ? '—' : `${host.outgoing.length} (${escapeHtml(states.join(', '))})`}</td><td class="n">${waiting.toLocaleString('en-US')}</td><td>${escapeHtml(host.refresh.site === undefined ? '—' : dateAndTime(host.refresh.site))}</td><td>${escapeHtml(host.refresh.enterprise === undefined ? '— (not kept)' : dateAndTime(host.refresh.enterprise))}</td></tr>`;
    })
    .join('\n');
  const hostSections = detailed
    .map((host) => {
      const outgoing = host.outgoing
        .map(
          (row) =>
            `<tr><td>${escapeHtml(row.queueName)}</td><td>${escapeHtml(OUTGOING_STATE_LABELS[row.state])}</td>` +
            `<td>${escapeHtml(row.nextHop ?? '')}</td><td class="n">${row.messageCount.toLocaleString('en-US')}</td></tr>`,
        )
        .join('\n');
      const queues = host.queues
        .map(
          (queue) =>
            `<tr><td>${escapeHtml(queue.path)}</td><td class="n">${queue.messages.toLocaleString('en-US')}</td></tr>`,
        )
        .join('\n');
      return `<section class="host"><h3>${escapeHtml(host.name)} <small>${escapeHtml(host.role)}, MSMQ ${escapeHtml(host.service)};
listening on ${escapeHtml(host.boundAddresses.join(', ') || 'nothing')}; addresses ${escapeHtml(host.addresses.join(', ') || 'none')}</small></h3>
<table class="outgoing"><thead><tr><th>outgoing queue</th><th>state</th><th>next hop</th><th>messages</th></tr></thead><tbody>${outgoing || '<tr><td colspan="4">none</td></tr>'}</tbody></table>
<table class="queues"><thead><tr><th>queue</th><th>messages</th></tr></thead><tbody>${queues}</tbody></table></section>`;
    })
    .join('\n');
  const timelineRows = result.timeline
    .map(
      (entry, index) =>
        `<tr class="${entry.kind}"><td>${escapeHtml(entry.at)}</td><td>${escapeHtml(entry.host)}</td><td>${escapeHtml(entry.text)}</td><td class="effect">${escapeHtml(options.effects?.get(index) ?? '')}</td></tr>`,
    )
    .join('\n');
  const outcomes = result.refreshes.filter(
    (event) => event.type === 'ds.refresh.succeeded' || event.type === 'ds.refresh.failed',
  );
  const refreshRows = outcomes
    .slice(0, MAX_REFRESH_ROWS)
    .map(
      (event) =>
        `<tr><td>${escapeHtml(dateAndTime(timeOf(event.t)))}</td><td>${escapeHtml(event.host ?? '')}</td>` +
        `<td>${escapeHtml(event.list)}</td><td>${event.type === 'ds.refresh.succeeded' ? 'refreshed' : `failed: ${escapeHtml(event.error)}`}</td></tr>`,
    )
    .join('\n');
  // One row per host and list: what an admin compares across hosts (who refreshes how often).
  const perHost = new Map<
    string,
    { host: string; list: string; ok: number; failed: number; last: number; lastOk: boolean }
  >();
  for (const event of outcomes) {
    const key = `${event.host ?? ''}\u0000${event.list}`;
    const entry = perHost.get(key) ?? {
      host: event.host ?? '',
      list: event.list,
      ok: 0,
      failed: 0,
      last: 0,
      lastOk: true,
    };
    if (event.type === 'ds.refresh.succeeded') entry.ok++;
    else entry.failed++;
    entry.last = event.t;
    entry.lastOk = event.type === 'ds.refresh.succeeded';
    perHost.set(key, entry);
  }
  const refreshSummary = [...perHost.values()]
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.host)}</td><td>${escapeHtml(entry.list)}</td><td class="n">${entry.ok.toLocaleString('en-US')}</td><td class="n">${entry.failed.toLocaleString('en-US')}</td><td>${escapeHtml(dateAndTime(timeOf(entry.last)))} ${entry.lastOk ? 'refreshed' : 'failed'}</td></tr>`,
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
  #chart { min-height: 340px; position: relative; }
  .chart-and-why { display: flex; flex-wrap: wrap; gap: 16px 24px; align-items: flex-start; }
  .chart-column { flex: 3 1 640px; min-width: 0; }
  .markers { position: absolute; left: 0; top: 0; right: 0; pointer-events: none; }
  .badge { display: inline-block; min-width: 18px; height: 18px; line-height: 18px; border-radius: 9px; background: #00607a; color: #fff; font-size: 11px; font-weight: 600; text-align: center; padding: 0 3px; box-sizing: border-box; }
  .markers .badge { position: absolute; transform: translateX(-50%); }
  #action-legend { list-style: none; padding: 0; margin: 10px 0 0; font-size: 13px; columns: 2 320px; }
  #action-legend li { margin: 0 0 4px; break-inside: avoid; }
  #action-legend time { color: #5b6475; font-variant-numeric: tabular-nums; }
  #bands { margin-top: 6px; font-size: 12px; }
  .band-row { margin: 0 0 6px; }
  .band-label { color: #1d2330; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .band-track { position: relative; height: 14px; background: #f1f3f7; border-radius: 2px; }
  .band { position: absolute; top: 0; bottom: 0; }
  .attempts .band-track { height: 16px; background: none; border-bottom: 1px solid #e3e6ec; }
  .attempt { position: absolute; top: 0; transform: translateX(-50%); font-size: 11px; line-height: 16px; }
  .attempt.refused { color: #b3261e; } .attempt.timed-out { color: #5b6475; }
  .band-key { display: flex; flex-wrap: wrap; gap: 4px 14px; color: #5b6475; margin-top: 4px; }
  .band-key .attempt { position: static; transform: none; }
  .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-right: 4px; }
  #why { flex: 1 1 300px; font-size: 13px; }
  #why h2 { margin-top: 0; }
  #why .finding { border-left: 3px solid #b3261e; padding: 2px 0 6px 10px; margin: 0 0 12px; }
  #why .finding.cleared { border-left-color: #c7ccd6; }
  #why .layer { font: 12px ui-monospace, monospace; background: #f1f3f7; padding: 0 4px; border-radius: 3px; }
  #why ul { margin: 2px 0 0 18px; padding: 0; }
  .verdict { font-weight: 600; } .verdict.bad { color: #b3261e; } .verdict.good { color: #1e7b34; }
  input[type=search] { width: 360px; padding: 4px 8px; }
  .scroll { max-height: 640px; overflow: auto; border: 1px solid #e3e6ec; }
  .scroll table { margin: 0; width: 100%; } .scroll th { position: sticky; top: 0; background: #fff; }
  details summary { cursor: pointer; color: #00607a; margin: 8px 0; }
  #trace { font: 12px ui-monospace, monospace; max-height: 480px; overflow: auto; border: 1px solid #e3e6ec; }
  #trace table { margin: 0; width: 100%; } #trace th { position: sticky; top: 0; background: #fff; }
  #trace td:first-child, #timeline td:first-child, #refreshes td:first-child { white-space: nowrap; font-variant-numeric: tabular-nums; } #trace td:nth-child(3) { white-space: nowrap; color: #00607a; }
</style>
</head>
<body>
<h1>${escapeHtml(scenario.name)}</h1>
<p>${escapeHtml(scenario.description.trim())}</p>
<p class="meta">Start ${escapeHtml(toIso(scenario.start))}, seed ${result.seed}, ${result.events.toLocaleString('en-US')} trace events, fingerprint <code>${escapeHtml(result.fingerprint.slice(0, 16))}</code>.</p>
<p class="verdict ${failed === 0 ? 'good' : 'bad'}">${failed === 0 ? `All ${result.expectations.length} expectations met.` : `${failed} of ${result.expectations.length} expectations failed.`}</p>
<h2>${data.series.length === 0 && dsChart !== undefined ? 'Directory-service queries over time' : 'Outgoing queues over time'} <small class="meta">(times in UTC, as in every table)</small></h2>
<div class="chart-and-why">
<div class="chart-column">
<div id="chart" role="img" aria-label="messages waiting in each outgoing queue over time (UTC); numbered dashed lines mark the timeline's actions"></div>
${stateBandsHtml(result, timeOf)}
${actionLegend === '' ? '' : `<ol id="action-legend">${actionLegend}</ol>`}
</div>
<aside id="why"><h2>Why</h2>${whyHtml(result.diagnosis)}</aside>
</div>
<h2>Expectations</h2>
<table id="expectations"><thead><tr><th></th><th>check</th><th>expected</th><th>seen</th><th>where</th></tr></thead><tbody>${expectationRows || '<tr><td colspan="5">none</td></tr>'}</tbody></table>
<h2>Messages</h2>
<p>${escapeHtml(totalsParts(t).join(', ').replace(/^s/, 'S'))}.</p>
<h2>Hosts</h2>
<table id="hosts"><thead><tr><th>host</th><th>role</th><th>MSMQ</th><th>listening on</th><th>addresses</th><th>outgoing queues</th><th>messages stored</th><th>next site refresh (UTC)</th><th>next enterprise refresh</th></tr></thead><tbody>${hostRows}</tbody></table>
${hostSections}
<h2>Directory-service refreshes</h2>
${
  outcomes.length === 0
    ? '<p>None in this run.</p>'
    : `<table id="refresh-summary"><thead><tr><th>host</th><th>list</th><th>refreshed</th><th>failed</th><th>last (UTC)</th></tr></thead><tbody>${refreshSummary}</tbody></table>
<details><summary>Every refresh (${outcomes.length.toLocaleString('en-US')}${outcomes.length > MAX_REFRESH_ROWS ? `; the first ${MAX_REFRESH_ROWS.toLocaleString('en-US')} shown` : ''})</summary>
<div class="scroll"><table id="refreshes"><thead><tr><th>time (UTC)</th><th>host</th><th>list</th><th>outcome</th></tr></thead><tbody>${refreshRows}</tbody></table></div></details>`
}
<h2>Timeline</h2>
<p><input type="search" id="filter" placeholder="filter the timeline and the trace, e.g. APP02 or refused" aria-label="filter"></p>
<div class="scroll"><table id="timeline"><thead><tr><th>time (UTC)</th><th>host</th><th>what</th><th>effect (replayed without it)</th></tr></thead><tbody>${timelineRows}</tbody></table></div>
<h2>Trace <small class="meta">(first ${result.trace.length.toLocaleString('en-US')} of ${result.events.toLocaleString('en-US')} events; the full trace: <code>mqsim run … --trace FILE</code>)</small></h2>
<p><label>event type <select id="trace-type" aria-label="event type"><option value="">all</option>${[
    ...new Set(data.trace.map((event) => String(event.type))),
  ]
    .sort()
    .map((type) => `<option>${escapeHtml(type)}</option>`)
    .join('')}</select></label> <span id="trace-count" class="meta"></span></p>
<div id="trace"><table><thead><tr><th>time (UTC)</th><th>host</th><th>event</th><th>details</th></tr></thead><tbody></tbody></table></div>
<script type="application/json" id="run-data">${jsonForScript(data)}</script>
<script>${script}</script>
<script>${CHART_SCRIPT}</script>
<script>
  const data = JSON.parse(document.getElementById('run-data').textContent);
  const palette = ['#d1495b', '#00798c', '#edae49', '#66a182', '#8d6cab', '#2e4057', '#ff8c42', '#1d2330'];
  const multiDay = data.end - data.start > 86400;
  // A run over several days labels midnight with its date (11-24) and other ticks with the time.
  const axisTimes = (u, splits) => splits.map((s) => {
    const label = utcMinute(s);
    return multiDay && label.endsWith(' 00:00') ? label.slice(5, 10) : label.slice(11);
  });
  const chart = document.getElementById('chart');
  const bands = document.getElementById('bands');
  // The bands and markers follow the plot area: its left edge and width, in CSS pixels.
  const align = (u) => {
    if (bands === null) return;
    const plot = u.over.getBoundingClientRect();
    const column = bands.parentElement.getBoundingClientRect();
    bands.style.marginLeft = (plot.left - column.left) + 'px';
    bands.style.width = plot.width + 'px';
  };
  const markActions = (u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#00607a';
    ctx.globalAlpha = 0.55;
    ctx.setLineDash([4, 4]);
    for (const action of data.actions) {
      const x = u.valToPos(action.at, 'x', true);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
    placeBadges(
      u,
      data.actions.map((action) => action.at),
      () => '',
      (index) => document.querySelectorAll('#action-legend li')[index]?.textContent ?? '',
    );
    align(u);
  };
  // What both charts share: the run's span on a UTC axis, the actions marked, numbers grouped.
  const timeChart = (height, yLabel, lines, values) => new uPlot({
    width: Math.max(640, chart.clientWidth),
    height,
    scales: { x: { time: true, range: [data.start, data.end] } },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    axes: [
      { label: 'time (UTC)', values: axisTimes },
      { label: yLabel, size: 70, values: (u, splits) => splits.map((v) => v.toLocaleString('en-US')) },
    ],
    series: [{ value: (u, v) => (v == null ? '--' : utcMinute(v) + ' UTC') }, ...lines],
    hooks: { draw: [markActions] },
  }, values, chart);
  if (data.series.length === 0 && data.ds !== null) {
    // A directory-service story: refreshes answered and failed per bin.
    const stepped = uPlot.paths.stepped({ align: 1 });
    timeChart(300, 'refreshes per ' + data.ds.bin, [
      { label: 'answered', stroke: '#3a9d5d', fill: 'rgba(58, 157, 93, 0.15)', width: 1.5, paths: stepped },
      { label: 'failed', stroke: '#d1495b', fill: 'rgba(209, 73, 91, 0.2)', width: 1.5, paths: stepped },
    ], [data.ds.times, data.ds.ok, data.ds.failed]);
  } else if (data.series.length === 0) {
    chart.textContent = 'No outgoing queues in this run.';
    if (bands !== null) bands.style.marginLeft = '0';
  } else {
    const plot = timeChart(
      340,
      'messages waiting',
      data.series.map((s, i) => ({ label: s.name, stroke: palette[i % palette.length], width: 2 })),
      [data.times, ...data.series.map((s) => s.values)],
    );
    window.addEventListener('resize', () => {
      plot.setSize({ width: Math.max(640, chart.clientWidth), height: 340 });
    });
  }

  const traceBody = document.querySelector('#trace tbody');
  const typeSelect = document.getElementById('trace-type');
  const traceCount = document.getElementById('trace-count');
  const rows = [...document.querySelectorAll('#timeline tbody tr')];
  const LIMIT = 1000;
  const show = () => {
    const text = document.getElementById('filter').value.toLowerCase();
    const type = typeSelect.value;
    for (const row of rows) row.hidden = text !== '' && !row.textContent.toLowerCase().includes(text);
    const matching = data.trace.filter((event) =>
      (type === '' || event.type === type) &&
      (text === '' || (event.at + ' ' + event.host + ' ' + event.type + ' ' + event.details).toLowerCase().includes(text)));
    traceBody.textContent = '';
    for (const event of matching.slice(0, LIMIT)) {
      const tr = document.createElement('tr');
      for (const value of [event.at, event.host, event.type, event.details]) {
        const td = document.createElement('td');
        td.textContent = value;
        tr.appendChild(td);
      }
      traceBody.appendChild(tr);
    }
    traceCount.textContent = matching.length > LIMIT
      ? 'showing the first ' + LIMIT.toLocaleString('en-US') + ' of ' + matching.length.toLocaleString('en-US') + ' matching events'
      : matching.length.toLocaleString('en-US') + ' matching events';
  };
  typeSelect.addEventListener('change', show);
  document.getElementById('filter').addEventListener('input', show);
  show();
</script>
</body>
</html>
`;
}

const DAY_TICKS = 864_000_000_000;
/** Rows of the every-refresh table at most; the summary above it covers every refresh. */
const MAX_REFRESH_ROWS = 2_000;
/** Bin widths for the directory-service chart: the first that gives at most 200 bins. */
const BIN_TICKS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map(
  (minutes) => minutes * 600_000_000,
);

/**
 * Refreshes answered and failed per bin of the run, for a run whose story is the directory
 * service (no outgoing queues to chart); `undefined` when the run made no refresh.
 */
function directoryLoad(
  result: RunResult,
  seconds: (t: number) => number,
): { times: number[]; ok: number[]; failed: number[]; bin: string } | undefined {
  const outcomes = result.refreshes.filter(
    (event) => event.type === 'ds.refresh.succeeded' || event.type === 'ds.refresh.failed',
  );
  if (outcomes.length === 0) return undefined;
  const end = Math.max(1, result.endedAt);
  const bin = BIN_TICKS.find((ticks) => end / ticks <= 200) ?? Math.ceil(end / 200);
  const bins = Math.ceil(end / bin);
  const ok = new Array<number>(bins).fill(0);
  const failed = new Array<number>(bins).fill(0);
  for (const event of outcomes) {
    const index = Math.min(bins - 1, Math.floor(event.t / bin));
    if (event.type === 'ds.refresh.succeeded') ok[index] = (ok[index] ?? 0) + 1;
    else failed[index] = (failed[index] ?? 0) + 1;
  }
  const minutes = bin / 600_000_000;
  return {
    times: Array.from({ length: bins }, (_, index) => seconds(index * bin)),
    ok,
    failed,
    bin: minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`,
  };
}

/**
 * The *Why* section: each finding's symptom, when it was seen, its cause and fixes. Findings
 * that differ only in their host (thirty clients failing the same refresh) are one entry that
 * names the hosts, so the section stays beside the chart rather than pages below it.
 */
function whyHtml(diagnosis: RunResult['diagnosis']): string {
  if (diagnosis.length === 0) return '<p>Nothing was stuck: no symptom in the run.</p>';
  const groups = new Map<string, RunResult['diagnosis'][number][]>();
  for (const finding of diagnosis) {
    const key = sameButForHost(finding);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  return [...groups.values()]
    .map((group) => {
      const [finding] = group as [RunResult['diagnosis'][number], ...RunResult['diagnosis']];
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
      const others = group.slice(1).map((other) => other.host);
      const shown = others.slice(0, 8).join(', ');
      const more =
        others.length === 0
          ? ''
          : `<div class="meta same">the same on ${others.length} more host${others.length === 1 ? '' : 's'}: ${escapeHtml(shown)}${others.length > 8 ? `, … (+${others.length - 8})` : ''}</div>`;
      return `<div class="finding${finding.ongoing ? '' : ' cleared'}"><div>${escapeHtml(finding.symptom)}</div><div class="meta">${escapeHtml(seen)}</div><div><span class="layer">${escapeHtml(cause.layer)}</span>${escapeHtml(where)}: ${escapeHtml(cause.detail)}</div>${items === '' ? '' : `<ul>${items}</ul>`}${more}</div>`;
    })
    .join('\n');
}

/** A finding's words and times with its hosts' names taken out: equal for the same story. */
function sameButForHost(finding: RunResult['diagnosis'][number]): string {
  const hosts = [finding.host, finding.cause.host].filter((host) => host !== '');
  const strip = (text: string) => hosts.reduce((out, host) => out.split(host).join('\u0000'), text);
  return [
    finding.cause.layer,
    finding.atTime,
    finding.lastSeenTime,
    String(finding.ongoing),
    strip(finding.symptom),
    strip(finding.cause.detail),
    ...finding.fixes.map((fix) => `${fix.action} ${strip(fix.text)}`),
    ...finding.notFixes.map((notFix) => strip(notFix.why)),
  ].join('\u0001');
}
