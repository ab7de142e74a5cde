import { formatDuration } from '@mqsim/filetime';
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
    return {
      combination: index + 1,
      values,
      runs: runs.length,
      passed: runs.filter((run) => run.expectations.failed.length === 0).length,
      delivered: spread((run) => run.totals.delivered),
      lost: spread((run) => run.totals.lost),
      stuck: spread((run) => run.totals.stuck),
      fingerprints: new Set(runs.map((run) => run.fingerprint)).size,
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
 * The sweep as a table, one row per `--set` combination: its values, runs, how many passed every
 * expectation, min / median / max of delivered, lost and stuck messages, and distinct
 * fingerprints; then the failed expectations with their seeds. The same text whatever the number
 * of workers.
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
  const spreadCells = (pick: (outcome: CombinationOutcome) => Spread) => {
    const cells = outcomes.map((outcome) => {
      const spread = pick(outcome);
      return [spread.min, spread.median, spread.max].map(formatNumber);
    });
    const widths = [0, 1, 2].map((part) =>
      Math.max(...cells.map((cell) => (cell[part] ?? '').length)),
    );
    return cells.map((cell) =>
      cell.map((text, part) => text.padStart(widths[part] ?? 0)).join(' / '),
    );
  };
  const columns: Column[] = [
    { title: '#', align: 'right', cells: outcomes.map((outcome) => String(outcome.combination)) },
    ...plan.sets.map(
      (flag, index): Column => ({
        title: flag.path,
        align: 'left',
        cells: outcomes.map((outcome) => outcome.values[index]?.text ?? ''),
      }),
    ),
    { title: 'runs', align: 'right', cells: outcomes.map((outcome) => String(outcome.runs)) },
    { title: 'passed', align: 'right', cells: outcomes.map((outcome) => String(outcome.passed)) },
    { title: 'delivered min/med/max', align: 'right', cells: spreadCells((o) => o.delivered) },
    { title: 'lost min/med/max', align: 'right', cells: spreadCells((o) => o.lost) },
    { title: 'stuck min/med/max', align: 'right', cells: spreadCells((o) => o.stuck) },
    {
      title: 'fingerprints',
      align: 'right',
      cells: outcomes.map((outcome) => String(outcome.fingerprints)),
    },
  ];
  const lines = [header, '', ...formatColumns(columns)];
  const failed = outcomes.filter((outcome) => outcome.failures.length > 0);
  if (failed.length > 0) {
    lines.push('', 'Failed expectations:');
    for (const outcome of failed) {
      for (const failure of outcome.failures) {
        const count = failure.seeds.length;
        lines.push(
          `  #${outcome.combination}  ${failure.text} — ${count} of ${outcome.runs} run${outcome.runs === 1 ? '' : 's'} ` +
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
      expectations: run.expectations,
    })),
    ok: result.runs.every((run) => run.expectations.failed.length === 0),
  };
}

interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
  readonly cells: readonly string[];
}

function formatColumns(columns: readonly Column[]): string[] {
  const widths = columns.map((column) =>
    Math.max(column.title.length, ...column.cells.map((cell) => cell.length)),
  );
  const pad = (text: string, index: number) => {
    const column = columns[index] as Column;
    const width = widths[index] ?? 0;
    return column.align === 'left' ? text.padEnd(width) : text.padStart(width);
  };
  const rows = (columns[0]?.cells ?? []).map((_, row) =>
    columns.map((column, index) => pad(column.cells[row] ?? '', index)),
  );
  const titles = columns.map((column, index) =>
    column.align === 'left'
      ? column.title.padEnd(widths[index] ?? 0)
      : column.title.padStart(widths[index] ?? 0),
  );
  return [titles, ...rows].map((cells) => cells.join('  ').trimEnd());
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
