import { isoParts, toIso } from '@mqsim/filetime';
import type { FixesResult, FixReplay } from './fixes.js';
import { describeRawAction } from './timeline-edit.js';

const WIDTH = 80;

/**
 * The result of `mqsim fixes` as text that fits 80 columns: the fix time and why, the baseline,
 * then one row per replay, best first, "do nothing" among them: actions, drained (time or `no`),
 * lost, dead-lettered + discarded, peak backlog, and for a row that does not drain, why.
 */
export function formatFixesReport(result: FixesResult): string {
  const { scenario } = result;
  const clock = (t: number) => isoParts(toIso(scenario.start.plus(t))).time;
  const lines: string[] = [];
  if (result.at === null || result.baseline === undefined) {
    lines.push(
      `${scenario.name} (seed ${result.seed}): no symptom in the run, nothing to fix`,
      ...wrap(
        'no outgoing queue waited with messages for more than 30 s, no connection attempt was refused or timed out, no send failed, no message was dead-lettered or discarded; name a time with --at to try fixes anyway',
        '  ',
      ),
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${scenario.name} (seed ${result.seed}): fixes tried at ${clock(result.at)}`);
  const from = result.earlier[0]?.at ?? result.at;
  if (result.symptom !== undefined)
    lines.push(
      ...wrap(`first symptom at ${clock(result.symptom.t)}: ${result.symptom.text}`, '  '),
    );
  for (const earlier of result.earlier)
    lines.push(
      ...wrap(
        `at ${clock(earlier.at)} no fix drained (${earlier.replayed} replayed); tried 10 minutes later`,
        '  ',
      ),
    );
  lines.push(
    ...wrap(
      result.removed.length === 0
        ? `baseline (do nothing from ${clock(from)}): the scenario as written`
        : `baseline (do nothing from ${clock(from)}): the scenario without ${result.removed
            .map((action) => `${describeRawAction(action)} at ${String(action.at)}`)
            .join(', ')}`,
      '  ',
    ),
  );
  if (result.cut > 0)
    lines.push(`  ${result.cut} more candidates not replayed (at most ${result.limit})`);
  for (const invalid of result.invalid)
    lines.push(
      ...wrap(
        `left out: ${invalid.actions.map(describeRawAction).join(' + ')}: ${invalid.reason}`,
        '  ',
      ),
    );
  const rows = [...result.candidates];
  // "Do nothing" takes its place in the ranking: after every fix that does better.
  const baseline = result.baseline;
  const place = rows.findIndex((row) => ranksAfter(row, baseline));
  rows.splice(place === -1 ? rows.length : place, 0, baseline);
  const cells = rows.map((row) => ({
    parts: row.actions.length === 0 ? ['(do nothing)'] : row.actions.map(describeRawAction),
    actions: [] as string[],
    drained: drainedCell(row, clock),
    lost: count(row.summary.totals.lost),
    dead: count(row.summary.totals.deadLettered + row.summary.totals.discarded),
    peak: count(row.summary.outcome.peakBacklog),
    why: row.summary.outcome.drainedAt === null ? whyOf(row) : undefined,
  }));
  const rank = String(rows.length).length;
  const widthOf = (title: string, pick: (cell: (typeof cells)[number]) => string) =>
    Math.max(title.length, ...cells.map((cell) => pick(cell).length));
  const drainedWidth = widthOf('drained', (cell) => cell.drained);
  const lostWidth = widthOf('lost', (cell) => cell.lost);
  const deadWidth = widthOf('dead', (cell) => cell.dead);
  const peakWidth = widthOf('peak', (cell) => cell.peak);
  const room = WIDTH - rank - drainedWidth - lostWidth - deadWidth - peakWidth - 10;
  for (const cell of cells) cell.actions = joinWrapped(cell.parts, room);
  const actionsWidth = Math.min(
    room,
    Math.max('actions'.length, ...cells.flatMap((cell) => cell.actions.map((a) => a.length))),
  );
  const row = (
    n: string,
    actions: string,
    drained: string,
    lost: string,
    dead: string,
    peak: string,
  ) =>
    [
      n.padStart(rank),
      actions.padEnd(actionsWidth),
      drained.padEnd(drainedWidth),
      lost.padStart(lostWidth),
      dead.padStart(deadWidth),
      peak.padStart(peakWidth),
    ]
      .join('  ')
      .trimEnd();
  lines.push('', row('#', 'actions', 'drained', 'lost', 'dead', 'peak'));
  const explained = new Map<string, number>();
  cells.forEach((cell, index) => {
    const [head = '', ...more] = cell.actions;
    lines.push(row(String(index + 1), head, cell.drained, cell.lost, cell.dead, cell.peak));
    for (const line of more) lines.push(`${' '.repeat(rank + 2)}${line}`);
    if (cell.why === undefined) return;
    const before = explained.get(cell.why);
    if (before !== undefined) lines.push(`${' '.repeat(rank + 4)}(why: as #${before})`);
    else {
      explained.set(cell.why, index + 1);
      lines.push(...wrap(cell.why, ' '.repeat(rank + 4)));
    }
  });
  lines.push(
    '',
    'Each row is a replay from the same seed. drained: when the last delayed message',
    'left its sender; dead: dead-lettered + discarded; peak: the most messages held',
    'by senders at once.',
  );
  return `${lines.join('\n')}\n`;
}

/** The result of `mqsim fixes` as one JSON document: the fix time, the baseline, the candidates best first. */
export function fixesResultToJson(result: FixesResult): Record<string, unknown> {
  const { scenario } = result;
  const iso = (t: number) => toIso(scenario.start.plus(t));
  return {
    scenario: scenario.name,
    file: scenario.file,
    seed: result.seed,
    at: result.at,
    atTime: result.at === null ? null : iso(result.at),
    symptom:
      result.symptom === undefined ? null : { ...result.symptom, atTime: iso(result.symptom.t) },
    earlier: result.earlier.map((earlier) => ({ ...earlier, atTime: iso(earlier.at) })),
    removed: result.removed,
    baseline: result.baseline === undefined ? null : replayToJson(result.baseline, iso),
    candidates: result.candidates.map((candidate) => replayToJson(candidate, iso)),
    cut: result.cut,
    limit: result.limit,
    invalid: result.invalid,
  };
}

function replayToJson(replay: FixReplay, iso: (t: number) => string): Record<string, unknown> {
  const { outcome, totals } = replay.summary;
  return {
    actions: replay.actions,
    source: replay.source,
    drained: outcome.drainedAt !== null,
    drainedAt: outcome.drainedAt,
    drainedAtTime: outcome.drainedAt === null ? null : iso(outcome.drainedAt),
    delivered: totals.delivered,
    lost: totals.lost,
    deadLettered: totals.deadLettered,
    discarded: totals.discarded,
    peakBacklog: outcome.peakBacklog,
    backlogAtEnd: outcome.backlogAtEnd,
    refusedAttempts: outcome.refusedAttempts,
    timedOutAttempts: outcome.timedOutAttempts,
    why: outcome.drainedAt === null ? whyOf(replay) : null,
  };
}

/** Why a replay did not drain: what is left at the senders, and the first finding's cause. */
function whyOf(replay: FixReplay): string {
  const left = `still ${count(replay.summary.outcome.backlogAtEnd)} messages at senders at the end`;
  const finding = replay.summary.finding;
  return finding === undefined ? left : `${left}: ${finding.cause}`;
}

function ranksAfter(row: FixReplay, baseline: FixReplay): boolean {
  const a = row.summary;
  const b = baseline.summary;
  const key = (s: typeof a) => [
    s.outcome.drainedAt === null ? 1 : 0,
    s.outcome.drainedAt ?? 0,
    s.totals.lost,
    s.totals.deadLettered + s.totals.discarded,
    s.outcome.peakBacklog,
  ];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i += 1)
    if ((ka[i] as number) !== (kb[i] as number)) return (ka[i] as number) > (kb[i] as number);
  // The same outcome as doing nothing: doing nothing (no action) comes first.
  return true;
}

function drainedCell(row: FixReplay, clock: (t: number) => string): string {
  const { drainedAt } = row.summary.outcome;
  if (drainedAt === null) return 'no';
  return drainedAt === 0 ? 'no delay' : clock(drainedAt);
}

/** The actions joined with ` + `, broken before a ` + ` where a line would pass the column. */
function joinWrapped(parts: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line === '') line = part;
    else if (line.length + 3 + part.length <= width) line = `${line} + ${part}`;
    else {
      lines.push(`${line} +`);
      line = part;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
