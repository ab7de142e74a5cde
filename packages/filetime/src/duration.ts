import { DurationParseError, FileTimeRangeError } from './errors.js';
import { toBigIntTicks } from './internal/checks.js';

const UNIT_TICKS = {
  w: 6_048_000_000_000n,
  d: 864_000_000_000n,
  h: 36_000_000_000n,
  m: 600_000_000n,
  s: 10_000_000n,
  ms: 10_000n,
  us: 10n,
  ns: 1n, // in units of 100 ns after the check below; kept as 1 so the table stays ordered
} as const;

type Unit = keyof typeof UNIT_TICKS;
const UNIT_ORDER: readonly Unit[] = ['w', 'd', 'h', 'm', 's', 'ms', 'us', 'ns'];
const DURATION_FORM =
  'whole numbers with units in descending order, e.g. 168h, 60m, 7d, 1h30m, 500ms, 2s250ms (units: w d h m s ms us ns)';

/**
 * Reads a duration such as `168h`, `60m`, `7d`, `1h30m` or `500ms` into 100-ns ticks.
 *
 * Units are `w`, `d`, `h`, `m`, `s`, `ms`, `us` (or `µs`) and `ns`; each at most once, largest
 * first, whole numbers only. `0` alone means no time. Nanoseconds must add up to whole 100-ns ticks.
 *
 * @example
 * ```ts
 * parseDuration('1h30m'); // 54000000000n
 * ```
 * @throws {DurationParseError} for anything else, naming the input and the accepted forms.
 */
export function parseDuration(text: string): bigint {
  const input = text.trim();
  if (input === '0') return 0n;
  const pattern = /(\d+)(ms|us|µs|ns|w|d|h|m|s)/gy;
  let total = 0n;
  let nanoseconds = 0n;
  let lastRank = -1;
  let position = 0;
  for (let match = pattern.exec(input); match !== null; match = pattern.exec(input)) {
    const [, digits = '', rawUnit = ''] = match;
    const unit = (rawUnit === 'µs' ? 'us' : rawUnit) as Unit;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) {
      throw durationError(text, `'${rawUnit}' is repeated or out of order`);
    }
    lastRank = rank;
    if (unit === 'ns') nanoseconds = BigInt(digits);
    else total += BigInt(digits) * UNIT_TICKS[unit];
    position = pattern.lastIndex;
  }
  if (position === 0 || position !== input.length) {
    const at = input.slice(position);
    throw durationError(
      text,
      position === 0 ? undefined : `unexpected ${JSON.stringify(at)} at column ${position + 1}`,
    );
  }
  if (nanoseconds % 100n !== 0n) {
    throw durationError(text, 'nanoseconds must be a multiple of 100 (one FILETIME tick)');
  }
  return total + nanoseconds / 100n;
}

/**
 * Writes ticks as the shortest duration text, largest unit first: `1h30m`, `7d`, `500ms`, `0s`.
 * Negative durations get a leading `-`. {@link parseDuration} reads the result of a non-negative
 * duration back exactly (it does not read a sign).
 *
 * @example
 * ```ts
 * formatDuration(6_048_000_000_000n); // '7d'
 * ```
 * @throws {FileTimeRangeError} for a `number` that is not a safe integer.
 */
export function formatDuration(ticks: bigint | number): string {
  let rest = toBigIntTicks(ticks, 'duration');
  if (rest === 0n) return '0s';
  const sign = rest < 0n ? '-' : '';
  if (rest < 0n) rest = -rest;
  let text = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms', 'us'] as const) {
    const size = UNIT_TICKS[unit];
    if (rest >= size) {
      text += `${rest / size}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0n) text += `${rest * 100n}ns`;
  return sign + text;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Ticks as a `number`, for the simulation clock (exact up to 2^53 ticks ≈ 28.5 years).
 * @throws {FileTimeRangeError} when the value is beyond ±(2^53 − 1).
 */
export function toSafeTicks(ticks: bigint): number {
  if (ticks > MAX_SAFE || ticks < -MAX_SAFE) {
    throw new FileTimeRangeError(
      `${ticks} ticks (${formatDuration(ticks)}) is beyond the simulation clock's exact range`,
      { value: ticks, allowed: 'at most 2^53 − 1 ticks (about 28.5 years)' },
    );
  }
  return Number(ticks);
}

function durationError(input: string, why?: string): DurationParseError {
  const reason = why === undefined ? '' : `: ${why}`;
  return new DurationParseError(
    `${JSON.stringify(input)} is not a duration${reason} (expected ${DURATION_FORM})`,
    { value: input, allowed: DURATION_FORM },
  );
}
