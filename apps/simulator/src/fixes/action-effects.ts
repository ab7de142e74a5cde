import type { RunReport, RunResult, TimelineEntry } from '@mqsim/engine';
import { isoParts, MqsimError, toIso } from '@mqsim/filetime';
import { loadScenario, type Scenario, type ScenarioAction } from '@mqsim/scenario';
import { hangingIndent } from '../reports/text-wrap.js';
import type { RunSummary } from '../sweep/run-summary.js';
import { type RunSweepOptions, runReplays } from '../sweep/sweep.js';
import { replayWorkers } from './replay-workers.js';
import { readTimeline, withTimeline } from './timeline-edit.js';

/** What the run without an action looked like. */
export interface CounterfactualOutcome {
  /** Ticks from the start; `null`: not drained. */
  readonly drainedAt: number | null;
  readonly drainedAtTime: string | null;
  readonly delivered: number;
  readonly lost: number;
  readonly deadLettered: number;
  readonly discarded: number;
  /** Messages still at senders at the end. */
  readonly backlogAtEnd: number;
}

/**
 * Whether an action helped, judged by replaying the run without it (same seed):
 * `yes` — without it the run is worse (drains later or never, delivers fewer, or loses,
 * dead-letters or discards more) and better on nothing; `no` — the same outcome; `partly` — worse
 * on some measures, better on others; `harmful` — better on some and worse on none (the action
 * did damage, as the incident's own actions do); `unknown` — the scenario is not valid without it
 * (a `heal` whose `partition` is gone), so there is no run to compare.
 */
export type Helped = 'yes' | 'no' | 'partly' | 'harmful' | 'unknown';

/** The effect of one timeline action (`mqsim run`: `timeline[i].effect`). */
export interface ActionEffect {
  /** The notable lines the action caused on its host at its tick (at most 5). */
  readonly changed: readonly string[];
  readonly helped: Helped;
  /** The run without it; `null` when there is none (`helped: 'unknown'`). */
  readonly counterfactual: CounterfactualOutcome | null;
  /** Why there is no counterfactual, when there is none. */
  readonly reason?: string;
}

/** The effects of a run's actions, by index in `result.timeline` (action entries only). */
export type TimelineEffects = ReadonlyMap<number, ActionEffect>;

/** Drain times closer than this (1 s) count as the same drain. */
export const SAME_DRAIN_TICKS = 10_000_000;

/** How many `changed` lines an effect keeps. */
const MAX_CHANGED = 5;

/**
 * Replays `result`'s scenario once without each of its timeline actions (notes excepted), from
 * the same seed and to the same end, on worker threads, and says what each action changed and
 * whether it helped. `text` is the scenario's source, which the replays edit.
 *
 * @returns the effects by timeline index; empty for an interrupted run.
 */
export async function computeEffects(
  result: RunResult,
  text: string,
  options: RunSweepOptions & { readonly until?: number | undefined } = {},
): Promise<TimelineEffects> {
  const effects = new Map<number, ActionEffect>();
  if (result.interruptedAt !== undefined) return effects;
  const { scenario } = result;
  const pairs = pairActions(result);
  if (pairs.length === 0) return effects;
  const written = readTimeline(text, scenario.file, scenario);
  const texts: string[] = [];
  const scenarios: Scenario[] = [];
  const replayed: { entry: number; action: ScenarioAction }[] = [];
  for (const { entry, action, index } of pairs) {
    const changed = changedBy(result.timeline, entry, action);
    const item = written.indexOf[index] ?? -1;
    if (item === -1) continue;
    const without = withTimeline(
      text,
      scenario.file,
      written.items.filter((_, position) => position !== item),
    );
    try {
      scenarios.push(loadScenario(without, scenario.file));
    } catch (error) {
      if (!MqsimError.isInstance(error)) throw error;
      const first =
        error.message.split('\n').find((line) => /:\d+:\d+: /.test(line)) ?? error.message;
      effects.set(entry, {
        changed,
        helped: 'unknown',
        counterfactual: null,
        reason: `the scenario is not valid without it: ${first.replace(/^.*?:\d+:\d+: /, '')}`,
      });
      continue;
    }
    texts.push(without);
    replayed.push({ entry, action });
    effects.set(entry, { changed, helped: 'unknown', counterfactual: null });
  }
  const runs = await runReplays(
    {
      file: scenario.file,
      texts,
      scenarios,
      seeds: [result.seed],
      until: options.until,
      describe: (task) => {
        const action = replayed[task.combination]?.action;
        return `the replay without ${action?.do ?? 'an action'} (seed ${task.seed})`;
      },
    },
    { ...options, workers: replayWorkers(options.workers, scenario, texts.length) },
  );
  replayed.forEach(({ entry }, index) => {
    const summary = runs.runs[index] as RunSummary;
    const counterfactual = toCounterfactual(summary, scenario);
    const before = effects.get(entry) as ActionEffect;
    effects.set(entry, {
      changed: before.changed,
      helped: classifyHelped(result, counterfactual),
      counterfactual,
    });
  });
  return effects;
}

/**
 * How the run compares with the run without the action ({@link Helped}), on drain time (within
 * {@link SAME_DRAIN_TICKS}: the same), delivered, lost, dead-lettered and discarded messages.
 *
 * @example
 * ```ts
 * const run = { outcome: { drainedAt: 600_000_000 }, totals: { delivered: 10, lost: 0, deadLettered: 0, discarded: 0 } };
 * classifyHelped(run, { drainedAt: null, drainedAtTime: null, delivered: 10, lost: 0, deadLettered: 0, discarded: 0, backlogAtEnd: 3 }); // => 'yes'
 * classifyHelped(run, { drainedAt: 600_000_005, drainedAtTime: '', delivered: 10, lost: 0, deadLettered: 0, discarded: 0, backlogAtEnd: 0 }); // => 'no'
 * classifyHelped(run, { drainedAt: 300_000_000, drainedAtTime: '', delivered: 10, lost: 2, deadLettered: 0, discarded: 0, backlogAtEnd: 0 }); // => 'partly'
 * ```
 */
export function classifyHelped(
  run: {
    readonly outcome: { readonly drainedAt: number | null };
    readonly totals: Pick<RunResult['totals'], 'delivered' | 'lost' | 'deadLettered' | 'discarded'>;
  },
  without: CounterfactualOutcome,
): Helped {
  // Each measure: > 0 when the run without the action is worse.
  const drain = (t: number | null) => (t === null ? Number.POSITIVE_INFINITY : t);
  const drainDelta = drain(without.drainedAt) - drain(run.outcome.drainedAt);
  const measures = [
    // Link jitter moves the drain by a few ticks when the random streams shift: not an effect.
    Math.abs(drainDelta) < SAME_DRAIN_TICKS ? 0 : Math.sign(drainDelta),
    Math.sign(run.totals.delivered - without.delivered),
    Math.sign(without.lost - run.totals.lost),
    Math.sign(without.deadLettered - run.totals.deadLettered),
    Math.sign(without.discarded - run.totals.discarded),
  ].map((sign) => (Number.isNaN(sign) ? 0 : sign));
  const worse = measures.some((sign) => sign > 0);
  const better = measures.some((sign) => sign < 0);
  if (worse && better) return 'partly';
  if (worse) return 'yes';
  return better ? 'harmful' : 'no';
}

/**
 * The "Effects" section of the text report: one line per action, what it changed, and what the
 * run without it did: `formatRunReport`'s `effects` option; empty without effects.
 */
export function effectLines(result: RunResult, effects: TimelineEffects): string[] {
  if (effects.size === 0) return [];
  const { scenario } = result;
  const clock = (t: number) => {
    const text = isoParts(toIso(scenario.start.plus(t))).time;
    return text.endsWith(':00') ? text.slice(0, 5) : text;
  };
  const lines = ['Effects (each action replayed away, same seed)'];
  for (const [index, effect] of [...effects].sort((a, b) => a[0] - b[0])) {
    const entry = result.timeline[index] as TimelineEntry;
    const action = pairActions(result).find((pair) => pair.entry === index)?.action;
    const what = `${entry.host === '' || action === undefined ? entry.text : `${action.do} on ${entry.host}`} at ${clock(entry.t)}`;
    lines.push(...hangingIndent('  ', '      ', `${what}: ${verdict(effect, result, clock)}`, 80));
    if (effect.changed.length > 0)
      lines.push(...hangingIndent('    changed: ', '             ', effect.changed.join('; '), 80));
  }
  return lines;
}

/** The run's JSON report with `effect` on each timeline action that has one. */
export function withEffects(
  report: RunReport,
  effects: TimelineEffects,
): RunReport & { readonly timeline: readonly (TimelineEntry & { effect?: ActionEffect })[] } {
  return {
    ...report,
    timeline: report.timeline.map((entry, index) => {
      const effect = effects.get(index);
      return effect === undefined ? entry : { ...entry, effect };
    }),
  };
}

/**
 * One effect in words, as the text report's Effects section and the HTML timeline say it:
 * "no effect (outcome identical without it)", "necessary (without it: not drained, …)".
 */
export function describeEffect(effect: ActionEffect, result: RunResult): string {
  const clock = (t: number) => isoParts(toIso(result.scenario.start.plus(t))).time;
  return verdict(effect, result, clock);
}

function verdict(effect: ActionEffect, result: RunResult, clock: (t: number) => string): string {
  const without = effect.counterfactual;
  if (without === null) return `not replayed (${effect.reason ?? 'no replay'})`;
  if (effect.helped === 'no') return 'no effect (outcome identical without it)';
  const parts: string[] = [
    without.drainedAt === null
      ? `not drained, ${without.backlogAtEnd.toLocaleString('en-US')} still at senders`
      : without.drainedAt === 0
        ? 'no message waited'
        : `drained at ${clock(without.drainedAt)}`,
  ];
  const totals = result.totals;
  const differs: [string, number, number][] = [
    ['delivered', without.delivered, totals.delivered],
    ['lost', without.lost, totals.lost],
    ['dead-lettered', without.deadLettered, totals.deadLettered],
    ['discarded', without.discarded, totals.discarded],
  ];
  for (const [label, value, actual] of differs)
    if (value !== actual) parts.push(`${label} ${value.toLocaleString('en-US')}`);
  const word = {
    yes: 'necessary',
    partly: 'partly helped',
    harmful: 'made it worse',
    no: 'no effect',
    unknown: 'unknown',
  }[effect.helped];
  return `${word} (without it: ${parts.join(', ')})`;
}

function toCounterfactual(summary: RunSummary, scenario: Scenario): CounterfactualOutcome {
  const { drainedAt } = summary.outcome;
  return {
    drainedAt,
    drainedAtTime: drainedAt === null ? null : toIso(scenario.start.plus(drainedAt)),
    delivered: summary.totals.delivered,
    lost: summary.totals.lost,
    deadLettered: summary.totals.deadLettered,
    discarded: summary.totals.discarded,
    backlogAtEnd: summary.outcome.backlogAtEnd,
  };
}

/**
 * Each timeline entry of an action paired with the scenario action it records: the k-th
 * `action` entry is the k-th action that is not a note and ran. Empty when they do not pair up.
 */
function pairActions(
  result: RunResult,
): { entry: number; action: ScenarioAction; index: number }[] {
  const ran = result.scenario.timeline
    .map((action, index) => ({ action, index }))
    .filter(({ action }) => action.do !== 'note' && action.at <= result.endedAt);
  const entries = result.timeline.flatMap((entry, index) =>
    entry.kind === 'action' ? [index] : [],
  );
  if (entries.length !== ran.length) return [];
  return entries.map((entry, k) => ({
    entry,
    ...(ran[k] as { action: ScenarioAction; index: number }),
  }));
}

/**
 * The notable lines that follow an action's entry at its tick, on its host (any host for an
 * action without one), until the next action: what the action changed.
 */
function changedBy(
  timeline: readonly TimelineEntry[],
  index: number,
  action: ScenarioAction,
): string[] {
  const entry = timeline[index] as TimelineEntry;
  const host = 'host' in action ? action.host.toLowerCase() : undefined;
  const changed: string[] = [];
  for (let next = index + 1; next < timeline.length; next += 1) {
    const line = timeline[next] as TimelineEntry;
    if (line.t !== entry.t || line.kind === 'action') break;
    if (line.kind !== 'event') continue;
    if (host !== undefined && line.host.toLowerCase() !== host) continue;
    changed.push(line.text.replace(/ \(×\d+, last at [\d:]+\)$/, ''));
  }
  return changed.slice(0, MAX_CHANGED);
}
