/** Results of bench cases, and their rendering as a table or JSON. */
import type { SummaryRow } from './summary.js';

/** One implementation's throughput in one case. */
export interface Measurement {
  readonly implementation: string;
  /** Median over the timed rounds, in the case's unit; `undefined` when it could not run. */
  readonly rate: number | undefined;
  /** The rate of every timed round, in the order run. */
  readonly samples: readonly number[];
  /** Why it did not run, when it did not. */
  readonly note?: string;
}

/** A throughput ratio held against a target, e.g. VirtualClock / SimPy ≥ 8. */
export interface Comparison {
  readonly numerator: string;
  readonly denominator: string;
  /** `undefined` when either side did not run. */
  readonly ratio: number | undefined;
  readonly target: number;
  /** `undefined` when the ratio is unknown. */
  readonly met: boolean | undefined;
}

/** Everything one case measured. */
export interface CaseResult {
  /** Short name with the parameters that distinguish it, e.g. `hold N=1,000`. */
  readonly name: string;
  /** One line on the workload, e.g. how many events per round. */
  readonly description: string;
  /** Unit of every rate in the case, e.g. `events/s`. */
  readonly unit: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly measurements: readonly Measurement[];
  readonly comparisons: readonly Comparison[];
  /** Signs that the implementations did not do the same work; the numbers are then suspect. */
  readonly problems: readonly string[];
  /** The case's rows in the one-table summary (`src/summary.ts`), with the targets beside them. */
  readonly headline?: readonly Headline[];
}

/** One row of the summary table: a headline figure and the goal it is held against. */
export interface Headline {
  /** What is measured, e.g. `scheduler vs SimPy 3, N=1,000`. */
  readonly metric: string;
  /** `undefined` when it could not be measured. */
  readonly value: number | undefined;
  /** e.g. `×`, `messages/s`, `B/message`, `s`. */
  readonly unit: string;
  /** The goal, e.g. `{ bound: 'at least', value: 8 }`; `undefined` for a figure without one. */
  readonly target: { readonly bound: 'at least' | 'at most'; readonly value: number } | undefined;
  /** `undefined` when there is no target or no value. */
  readonly met: boolean | undefined;
}

/** Where the numbers were taken. */
export interface Environment {
  readonly node: string;
  readonly cpu: string;
  readonly rounds: number;
  /** e.g. `SimPy 3.0.11 on CPython 3.11.2`, or `undefined` when SimPy is not installed. */
  readonly simpy: string | undefined;
  /** `os.loadavg()` (1, 5 and 15 minutes) before the first case and after the last. */
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
}

/**
 * Compares two measurements of a case by name.
 *
 * @example
 * ```ts
 * compare(measurements, 'VirtualClock', 'SimPy', 8); // { ratio: 21.3, target: 8, met: true, … }
 * ```
 */
export function compare(
  measurements: readonly Measurement[],
  numerator: string,
  denominator: string,
  target: number,
): Comparison {
  const top = measurements.find((measurement) => measurement.implementation === numerator)?.rate;
  const bottom = measurements.find(
    (measurement) => measurement.implementation === denominator,
  )?.rate;
  const ratio = top === undefined || bottom === undefined ? undefined : top / bottom;
  return {
    numerator,
    denominator,
    ratio,
    target,
    met: ratio === undefined ? undefined : ratio >= target,
  };
}

/**
 * Renders results as an aligned plain-text table: one row per implementation, then one per
 * comparison with ✓ (target met), ✗ (missed) or ? (not measured).
 */
export function formatTable(results: readonly CaseResult[], environment: Environment): string {
  // An empty row is a blank line; a one-cell row is a line of text; the rest are aligned.
  const rows: string[][] = [];
  // A set, because a missing SimPy is the same note in every case.
  const notes = new Set<string>();
  for (const result of results) {
    rows.push([], [`${result.name}: ${result.description}`]);
    rows.push(['case', 'implementation', result.unit, 'target', '']);
    result.measurements.forEach((measurement, index) => {
      rows.push([
        index === 0 ? result.name : '',
        measurement.implementation,
        measurement.rate === undefined ? '—' : formatRate(measurement.rate),
        '',
        '',
      ]);
      if (measurement.note !== undefined) {
        notes.add(`${measurement.implementation}: ${measurement.note}`);
      }
    });
    for (const comparison of result.comparisons) {
      rows.push([
        '',
        `${comparison.numerator} / ${comparison.denominator}`,
        comparison.ratio === undefined ? '—' : `${formatRatio(comparison.ratio)}×`,
        `≥ ${comparison.target}×`,
        comparison.met === undefined ? '?' : comparison.met ? '✓' : '✗',
      ]);
    }
    for (const problem of result.problems) notes.add(`${result.name}: ${problem}`);
  }
  const table = rows.filter((row) => row.length > 1);
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...table.map((row) => (row[column] ?? '').length)),
  );
  const lines = rows.map((row) =>
    row.length <= 1
      ? (row[0] ?? '')
      : [
          (row[0] ?? '').padEnd(widths[0] as number),
          (row[1] ?? '').padEnd(widths[1] as number),
          (row[2] ?? '').padStart(widths[2] as number),
          (row[3] ?? '').padEnd(widths[3] as number),
          row[4] ?? '',
        ]
          .join('  ')
          .trimEnd(),
  );
  const header = [
    `mqsim bench — Node ${environment.node}, ${environment.simpy ?? 'no SimPy'}`,
    `${environment.cpu}; rates are the median of ${environment.rounds} timed rounds after a warm-up`,
    `load average ${formatLoad(environment.loadAverage.start)} before, ${formatLoad(environment.loadAverage.end)} after`,
  ];
  return [...header, ...lines, ...(notes.size > 0 ? ['', ...notes] : [])].join('\n');
}

/** Renders results as one JSON document, rates as plain numbers, with the summary rows. */
export function formatJson(
  results: readonly CaseResult[],
  environment: Environment,
  summary: readonly SummaryRow[],
): string {
  return JSON.stringify({ environment, cases: results, summary }, undefined, 2);
}

/** e.g. `3.42 / 3.10 / 2.95` (1, 5, 15 minutes). */
export function formatLoad(load: readonly number[]): string {
  return load.map((value) => value.toFixed(2)).join(' / ');
}

/**
 * A summary row; `met` follows from the value and the target.
 *
 * @example
 * ```ts
 * headline('planner, 100 000 machines × 1 year', 0.13, 's', { bound: 'at most', value: 1 });
 * // { …, met: true }
 * ```
 */
export function headline(
  metric: string,
  value: number | undefined,
  unit: string,
  target?: Headline['target'],
): Headline {
  const met =
    value === undefined || target === undefined
      ? undefined
      : target.bound === 'at least'
        ? value >= target.value
        : value <= target.value;
  return { metric, value, unit, target, met };
}

/** The ratio of a comparison as a summary row held against the comparison's own target. */
export function comparisonHeadline(metric: string, comparison: Comparison): Headline {
  return headline(metric, comparison.ratio, '×', { bound: 'at least', value: comparison.target });
}

/** The median rate of one implementation, `undefined` when it is absent or did not run. */
export function rateOf(measurements: readonly Measurement[], implementation: string) {
  return measurements.find((measurement) => measurement.implementation === implementation)?.rate;
}

function formatRate(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2);
}
