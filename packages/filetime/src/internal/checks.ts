import { MAX_FILETIME_TICKS } from '../constants.js';
import { FileTimeParseError, FileTimeRangeError } from '../errors.js';

export const U64_RANGE =
  '0 to 18446744073709551615 (2^64 − 1) ticks of 100 ns since 1601-01-01T00:00:00Z';

/** The parse error every reader uses: the input, the form it failed, what would be valid. */
export function parseError(
  input: string,
  form: string,
  allowed: string,
  why?: string,
): FileTimeParseError {
  const reason = why === undefined ? '' : `: ${why}`;
  return new FileTimeParseError(
    `${JSON.stringify(input)} is not a ${form}${reason} (expected ${allowed})`,
    { value: input, allowed },
  );
}

/**
 * `ticks` when they are a FILETIME's (0 … 2^64 − 1), else a range error that describes the
 * computation. Knows nothing of the `FileTime` class, so `file-time.ts` can use it without an
 * import cycle; `checked-file-time.ts` wraps the result in a `FileTime`.
 */
export function checkedTicks(ticks: bigint, describe: () => string): bigint {
  if (ticks < 0n || ticks > MAX_FILETIME_TICKS) {
    throw new FileTimeRangeError(
      `${describe()} = ${ticks} ticks is out of range: a FILETIME is ${U64_RANGE}`,
      { value: ticks, allowed: U64_RANGE },
    );
  }
  return ticks;
}

/** Whole ticks from a bigint or a safe-integer number. */
export function toBigIntTicks(value: bigint | number, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new FileTimeRangeError(
    `${what} ${String(value)} is not a whole number of ticks: pass a bigint or a safe integer`,
    { value, allowed: 'a bigint, or an integer number within ±(2^53 − 1)' },
  );
}
