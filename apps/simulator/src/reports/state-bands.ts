import type { RunResult } from '@mqsim/engine';
import { OUTGOING_STATE_LABELS, type OutgoingState } from '@mqsim/queue-manager';
import { escapeHtml } from './html-escape.js';

/** Colour per outgoing-queue state: green connected, red waiting, grey idle, amber on hold. */
export const STATE_COLOURS: Readonly<Record<string, string>> = {
  Connected: '#3a9d5d',
  Waiting: '#d1495b',
  Inactive: '#c7ccd6',
  OnHold: '#edae49',
  Disconnected: '#8d6cab',
  Disconnecting: '#b39ddb',
  NeedValidation: '#ff8c42',
  Locked: '#2e4057',
};

/** Markers closer than this share one (a count in its title): 0.25 % of the axis, 400 a row. */
const MARKER_BUCKETS = 400;

/** Hours, minutes and seconds of a time of day, UTC, from an ISO date-time. */
function clock(iso: string): string {
  return iso.slice(11, 19);
}

/** A state's label as MMC shows it (`Waiting to connect`), or the name when unknown. */
function stateLabel(state: string): string {
  return OUTGOING_STATE_LABELS[state as OutgoingState] ?? state;
}

/**
 * One row per outgoing queue with its state over the run as coloured bands, and one row per
 * dialling host with its refused (▲) and timed-out (●) connection attempts, as HTML whose
 * positions are percentages of the run: the page's script lines the rows up under the chart's
 * plot area, so a band starts where the chart's time axis says.
 */
export function stateBandsHtml(result: RunResult, timeOf: (t: number) => string): string {
  const history = result.history;
  const end = Math.max(1, result.endedAt);
  const percent = (t: number) => `${((100 * Math.min(Math.max(t, 0), end)) / end).toFixed(3)}%`;
  const rows: string[] = [];
  for (const queue of history?.queues ?? []) {
    const bands = queue.changes.map((change, index) => {
      const to = queue.changes[index + 1]?.t ?? end;
      const label = stateLabel(change.state);
      const title = `${label} ${clock(timeOf(change.t))}–${clock(timeOf(to))} UTC`;
      return `<span class="band state-${escapeHtml(change.state)}" style="left:${percent(change.t)};width:calc(${percent(to)} - ${percent(change.t)});background:${STATE_COLOURS[change.state] ?? '#9aa3b2'}" title="${escapeHtml(title)}"></span>`;
    });
    rows.push(
      `<div class="band-row" data-host="${escapeHtml(queue.host)}"><div class="band-label">${escapeHtml(queue.host)} → ${escapeHtml(queue.queue)}</div><div class="band-track">${bands.join('')}</div></div>`,
    );
  }
  const byHost = new Map<string, NonNullable<RunResult['history']>['attempts'][number][]>();
  for (const attempt of history?.attempts ?? []) {
    const list = byHost.get(attempt.host);
    if (list === undefined) byHost.set(attempt.host, [attempt]);
    else list.push(attempt);
  }
  for (const [host, attempts] of byHost) {
    const marks: string[] = [];
    for (const outcome of ['refused', 'timed-out'] as const) {
      const buckets = new Map<number, typeof attempts>();
      for (const attempt of attempts) {
        if (attempt.outcome !== outcome) continue;
        const bucket = Math.min(MARKER_BUCKETS - 1, Math.floor((MARKER_BUCKETS * attempt.t) / end));
        const group = buckets.get(bucket);
        if (group === undefined) buckets.set(bucket, [attempt]);
        else group.push(attempt);
      }
      for (const group of buckets.values()) {
        const first = group[0];
        if (first === undefined) continue;
        const word = outcome === 'refused' ? 'refused' : 'timed out';
        const title =
          group.length === 1
            ? `${clock(timeOf(first.t))} UTC: connection to ${first.remote} ${word}`
            : `${group.length} connections ${word} from ${clock(timeOf(first.t))} UTC (to ${[...new Set(group.map((a) => a.remote))].join(', ')})`;
        marks.push(
          `<span class="attempt ${outcome}" style="left:${percent(first.t)}" title="${escapeHtml(title)}">${outcome === 'refused' ? '▲' : '●'}</span>`,
        );
      }
    }
    const refused = attempts.filter((attempt) => attempt.outcome === 'refused').length;
    const timedOut = attempts.length - refused;
    rows.push(
      `<div class="band-row attempts" data-host="${escapeHtml(host)}"><div class="band-label">${escapeHtml(host)}: connection attempts (${refused} refused ▲, ${timedOut} timed out ●)</div><div class="band-track">${marks.join('')}</div></div>`,
    );
  }
  if (rows.length === 0) return '';
  const used = new Set(
    (history?.queues ?? []).flatMap((queue) => queue.changes.map((c) => c.state)),
  );
  const key = [...used]
    .map(
      (state) =>
        `<span class="key"><span class="swatch" style="background:${STATE_COLOURS[state] ?? '#9aa3b2'}"></span>${escapeHtml(stateLabel(state))}</span>`,
    )
    .join('');
  const truncated = history?.truncated
    ? '<span class="key">(the longest histories are cut: see the trace)</span>'
    : '';
  return `<div id="bands">${rows.join('\n')}<div class="band-key">${key}<span class="key"><span class="attempt refused">▲</span> refused (RST)</span><span class="key"><span class="attempt timed-out">●</span> timed out</span>${truncated}</div></div>`;
}
