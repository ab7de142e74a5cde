import { formatDuration, isoParts, toIso } from '@mqsim/filetime';
import type { SetValue } from '@mqsim/scenario';
import type { RunSummary } from './run-summary.js';
import { formatSeedList } from './seed-list.js';
import type { SweepResult } from './sweep.js';

/** The least, middle and largest of a count over runs (the middle of an even count: the mean of the two). */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The outcome of one `--set` combination over every seed. */
export interface CombinationOutcome {
  /** 1-based, as in the table. */
  readonly combination: number;
  readonly values: readonly SetValue[];
  readonly runs: number;
  /** Runs whose expectations all passed. */
  readonly passed: number;
  readonly delivered: Spread;
  readonly lost: Spread;
  readonly stuck: Spread;
  /** Distinct trace fingerprints: 1 when every seed gave the same run. */
  readonly fingerprints: number;
  /**
   * Time to drain: how many runs drained, when (ticks from the start, over the drained runs;
   * `null` when none did), and the seeds of the runs that did not.
   */
  readonly drained: {
    readonly runs: number;
    readonly at: Spread | null;
    readonly notDrainedSeeds: readonly number[];
  };
  readonly peakBacklog: Spread;
  /** Connection attempts refused (RST: nothing listens there). */
  readonly refusedAttempts: Spread;
  /** Connection attempts that timed out (no answer: a dead address, a firewall, no route). */
  readonly timedOutAttempts: Spread;
  /** Each failed expectation, with the seeds it failed for, in the order first seen. */
  readonly failures: readonly { readonly text: string; readonly seeds: readonly number[] }[];
}

/** The outcome of each combination of a sweep, in combination order. */
export function toCombinationOutcomes(result: SweepResult): CombinationOutcome[] {
  return result.plan.combinations.map((values, index) => {
    const runs = result.runs.filter((run) => run.combination === index);
    const failures = new Map<string, number[]>();
    for (const run of runs) {
      for (const text of run.expectations.failed) {
        const seeds = failures.get(text) ?? [];
        seeds.push(run.seed);
        failures.set(text, seeds);
      }
    }
    const spread = (pick: (run: RunSummary) => number) => spreadOf(runs.map(pick));
    const drainedAt = runs.flatMap((run) =>
      run.outcome.drainedAt === null ? [] : [run.outcome.drainedAt],
    );
    return {
      combination: index + 1,
      values,
      runs: runs.length,
      passed: runs.filter((run) => run.expectations.failed.length === 0).length,
      delivered: spread((run) => run.totals.delivered),
      lost: spread((run) => run.totals.lost),
      stuck: spread((run) => run.totals.stuck),
      fingerprints: new Set(runs.map((run) => run.fingerprint)).size,
      drained: {
        runs: drainedAt.length,
        at: drainedAt.length === 0 ? null : spreadOf(drainedAt),
        notDrainedSeeds: runs
          .filter((run) => run.outcome.drainedAt === null)
          .map((run) => run.seed),
      },
      peakBacklog: spread((run) => run.outcome.peakBacklog),
      refusedAttempts: spread((run) => run.outcome.refusedAttempts),
      timedOutAttempts: spread((run) => run.outcome.timedOutAttempts),
      failures: [...failures].map(([text, seeds]) => ({ text, seeds })),
    };
  });
}

/**
 * Min, median and max of `values` (all 0 when there are none).
 *
 * @example
 * ```ts
 * spreadOf([3, 1, 2, 10]); // => { min: 1, median: 2.5, max: 10 }
 * ```
 */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { min: 0, median: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted.at(-1) as number };
}

/**
 * The sweep as a list that fits 80 columns, one block per `--set` combination: its values; runs,
 * how many passed every expectation and distinct fingerprints; min / median / max of delivered,
 * lost and stuck messages; how many runs drained and when; peak backlog and refused and timed-out
 * connection attempts. Then the failed expectations with their seeds. The same text whatever the
 * number of workers.
 */
export function formatSweepTable(result: SweepResult): string {
  const { plan } = result;
  const outcomes = toCombinationOutcomes(result);
  const runs = result.runs.length;
  const combinations = plan.combinations.length;
  const header =
    `${plan.scenario.name}: ${runs} run${runs === 1 ? '' : 's'}, seed${plan.seeds.length === 1 ? '' : 's'} ${formatSeedList(plan.seeds)}` +
    (plan.sets.length === 0
      ? ''
      : ` × ${combinations} combination${combinations === 1 ? '' : 's'}`) +
    (plan.until === undefined ? '' : `, until ${formatDuration(plan.until)}`);
  const clock = (t: number) => isoParts(toIso(plan.scenario.start.plus(Math.round(t)))).time;
  const lines = [
    header,
    '(a count: min / median / max over the runs, or one number when all agree)',
  ];
  for (const outcome of outcomes) {
    const values =
      plan.sets.length === 0
        ? ['the scenario as written']
        : plan.sets.map((flag, index) => `${flag.path}=${outcome.values[index]?.text ?? ''}`);
    const number = `#${outcome.combination}`;
    lines.push(
      '',
      `${number}  ${values[0]}`,
      ...values.slice(1).map((v) => `${' '.repeat(number.length + 2)}${v}`),
    );
    const indent = ' '.repeat(number.length + 2);
    const { drained } = outcome;
    const drainedText =
      drained.at === null
        ? 'drained in no run'
        : drained.at.max === 0
          ? `no message waited at a sender in ${countOf(drained.runs, 'run')}`
          : `drained in ${drained.runs} of ${countOf(outcome.runs, 'run')}, at ` +
            spreadText(drained.at, clock);
    const notDrained =
      drained.notDrainedSeeds.length === 0 || drained.runs === 0
        ? ''
        : `; not drained: seed${drained.notDrainedSeeds.length === 1 ? '' : 's'} ${formatSeedList(drained.notDrainedSeeds)}`;
    lines.push(
      `${indent}${countOf(outcome.runs, 'run')}, ${outcome.passed} passed, ${countOf(outcome.fingerprints, 'fingerprint')}`,
      `${indent}delivered ${spreadText(outcome.delivered)}, lost ${spreadText(outcome.lost)}, stuck ${spreadText(outcome.stuck)}`,
      `${indent}${drainedText}${notDrained}`,
      `${indent}peak backlog ${spreadText(outcome.peakBacklog)}`,
      `${indent}attempts refused ${spreadText(outcome.refusedAttempts)}, timed out ${spreadText(outcome.timedOutAttempts)}`,
    );
  }
  const failed = outcomes.filter((outcome) => outcome.failures.length > 0);
  if (failed.length > 0) {
    lines.push('', 'Failed expectations:');
    for (const outcome of failed) {
      for (const failure of outcome.failures) {
        const count = failure.seeds.length;
        lines.push(
          `  #${outcome.combination}  ${failure.text} — ${count} of ${countOf(outcome.runs, 'run')} ` +
            `(seed${count === 1 ? '' : 's'} ${formatSeedList(failure.seeds)})`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The sweep as one JSON document: the outcome of each combination and the summary of each run. */
export function sweepResultToJson(result: SweepResult): Record<string, unknown> {
  const { plan } = result;
  const setOf = (combination: number) =>
    Object.fromEntries(
      plan.sets.map((flag, index) => [flag.path, plan.combinations[combination]?.[index]?.value]),
    );
  return {
    scenario: plan.scenario.name,
    file: plan.file,
    seeds: plan.seeds,
    until: plan.until === undefined ? null : formatDuration(plan.until),
    set: plan.sets.map((flag) => ({ path: flag.path, values: flag.values.map((v) => v.value) })),
    combinations: toCombinationOutcomes(result).map((outcome) => ({
      combination: outcome.combination,
      set: setOf(outcome.combination - 1),
      runs: outcome.runs,
      passed: outcome.passed,
      delivered: outcome.delivered,
      lost: outcome.lost,
      stuck: outcome.stuck,
      fingerprints: outcome.fingerprints,
      drained: outcome.drained,
      peakBacklog: outcome.peakBacklog,
      refusedAttempts: outcome.refusedAttempts,
      timedOutAttempts: outcome.timedOutAttempts,
      failures: outcome.failures,
    })),
    runs: result.runs.map((run) => ({
      combination: run.combination + 1,
      set: setOf(run.combination),
      seed: run.seed,
      ok: run.expectations.failed.length === 0,
      fingerprint: run.fingerprint,
      endedAt: run.endedAt,
      events: run.events,
      totals: run.totals,
      outcome: run.outcome,
      expectations: run.expectations,
    })),
    ok: result.runs.every((run) => run.expectations.failed.length === 0),
  };
}

/** `1 run`, `3 runs`. */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `1,795 / 1,800 / 1,800`; one value when the three read the same. */
function spreadText(spread: Spread, format: (value: number) => string = formatNumber): string {
  const texts = [spread.min, spread.median, spread.max].map(format);
  return new Set(texts).size === 1 ? (texts[0] as string) : texts.join(' / ');
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
