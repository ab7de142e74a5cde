/**
 * The one table `pnpm bench` ends with, "mqsim performance": every case's headline figures
 * (`CaseResult.headline`) with the goals from the design issues beside them. Only the cases that
 * ran appear, so `--case` narrows it too.
 */
import type { CaseResult, Environment, Headline } from './report.js';
import { formatLoad } from './report.js';

/** A headline row with the case it came from. */
export interface SummaryRow extends Headline {
  readonly case: string;
}

/**
 * The headline rows of every case, in the order the cases ran.
 *
 * @example
 * ```ts
 * summarize(results).filter((row) => row.met === false); // the targets missed
 * ```
 */
export function summarize(results: readonly CaseResult[]): SummaryRow[] {
  return results.flatMap((result) =>
    (result.headline ?? []).map((row) => ({ case: result.name, ...row })),
  );
}

/**
 * The rows as an aligned table: metric, measured, target, and ✓ (met), ✗ (missed) or ? (not
 * measured); a row without a target shows `—` and no mark.
 */
export function formatSummary(rows: readonly SummaryRow[], environment: Environment): string {
  const header = ['metric', 'measured', 'target', 'met'];
  const body = rows.map((row) => [
    row.metric,
    row.value === undefined ? '—' : formatValue(row.value, row.unit),
    row.target === undefined
      ? '—'
      : `${row.target.bound === 'at least' ? '≥' : '≤'} ${formatTarget(row.target.value, row.unit)}`,
    row.target === undefined ? '' : row.met === undefined ? '?' : row.met ? '✓' : '✗',
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...body].map((cells) => (cells[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 1 ? cell.padStart(widths[1] as number) : cell.padEnd(widths[column] as number),
      )
      .join('  ')
      .trimEnd();
  const met = rows.filter((row) => row.met === true).length;
  const judged = rows.filter((row) => row.target !== undefined).length;
  return [
    'mqsim performance',
    `Node ${environment.node}, ${environment.cpu}, load average ${formatLoad(environment.loadAverage.start)} at start`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.map(line),
    '',
    `${met} of ${judged} targets met`,
  ].join('\n');
}

/** A goal as the issues state it: `8×`, `0.8×`, `500,000 messages/s`, `1 s`. */
function formatTarget(value: number, unit: string): string {
  return unit === '×' ? `${value}×` : `${value.toLocaleString('en-US')} ${unit}`;
}

/** `21.3×`, `0.93×`, `612,345 messages/s`, `0.131 s`, `182 B/message`. */
function formatValue(value: number, unit: string): string {
  if (unit === '×') return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  const number = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${number} ${unit}`;
}
