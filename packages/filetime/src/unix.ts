import {
  TICKS_PER_MICROSECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_SECOND,
  UNIX_EPOCH_TICKS,
} from './constants.js';
import { FileTimeRangeError } from './errors.js';
import type { FileTime } from './file-time.js';
import { checkedFileTime } from './internal/checked-file-time.js';
import { toBigIntTicks } from './internal/checks.js';

/**
 * A FILETIME from whole seconds since 1970-01-01T00:00:00Z (negative for earlier instants).
 *
 * @example
 * ```ts
 * fromUnixSeconds(0).ticks; // 116444736000000000n
 * ```
 * @throws {FileTimeRangeError} for a fractional or unsafe number, or an instant outside the FILETIME range.
 */
export function fromUnixSeconds(seconds: number | bigint): FileTime {
  return fromUnixUnits(seconds, TICKS_PER_SECOND, 'Unix seconds');
}

/**
 * A FILETIME from whole milliseconds since the Unix epoch, e.g. `Date.now()`.
 * @throws {FileTimeRangeError} for a fractional or unsafe number, or an instant outside the FILETIME range.
 */
export function fromUnixMilliseconds(milliseconds: number | bigint): FileTime {
  return fromUnixUnits(milliseconds, TICKS_PER_MILLISECOND, 'Unix milliseconds');
}

/**
 * A FILETIME from whole microseconds since the Unix epoch.
 * @throws {FileTimeRangeError} for a fractional or unsafe number, or an instant outside the FILETIME range.
 */
export function fromUnixMicroseconds(microseconds: number | bigint): FileTime {
  return fromUnixUnits(microseconds, TICKS_PER_MICROSECOND, 'Unix microseconds');
}

/**
 * A FILETIME from nanoseconds since the Unix epoch; exact only for multiples of 100 ns.
 * @throws {FileTimeRangeError} when the value is not a multiple of 100 ns (a FILETIME tick), or out of range.
 */
export function fromUnixNanoseconds(nanoseconds: bigint): FileTime {
  if (nanoseconds % 100n !== 0n) {
    throw new FileTimeRangeError(
      `Unix nanoseconds ${nanoseconds} is not a whole FILETIME tick: FILETIME counts 100 ns`,
      { value: nanoseconds, allowed: 'a multiple of 100 ns' },
    );
  }
  return checkedFileTime(
    UNIX_EPOCH_TICKS + nanoseconds / 100n,
    () => `Unix nanoseconds ${nanoseconds}`,
  );
}

/**
 * Whole seconds since the Unix epoch. Lossy: sub-second ticks are dropped by flooring
 * (toward the past, also before 1970), never rounded up.
 */
export function toUnixSeconds(time: FileTime): number {
  return Number(floorDiv(time.ticks - UNIX_EPOCH_TICKS, TICKS_PER_SECOND));
}

/**
 * Whole milliseconds since the Unix epoch, the unit of `Date.now()`. Lossy: sub-millisecond ticks
 * are dropped by flooring (toward the past). Always a safe integer over the full FILETIME range.
 */
export function toUnixMilliseconds(time: FileTime): number {
  return Number(floorDiv(time.ticks - UNIX_EPOCH_TICKS, TICKS_PER_MILLISECOND));
}

/** Whole microseconds since the Unix epoch as a `bigint`. Lossy: the 100-ns digit is floored away. */
export function toUnixMicroseconds(time: FileTime): bigint {
  return floorDiv(time.ticks - UNIX_EPOCH_TICKS, TICKS_PER_MICROSECOND);
}

/** Nanoseconds since the Unix epoch as a `bigint`. Exact. */
export function toUnixNanoseconds(time: FileTime): bigint {
  return (time.ticks - UNIX_EPOCH_TICKS) * 100n;
}

function fromUnixUnits(value: number | bigint, ticksPerUnit: bigint, unit: string): FileTime {
  const units = toBigIntTicks(value, unit);
  return checkedFileTime(UNIX_EPOCH_TICKS + units * ticksPerUnit, () => `${unit} ${value}`);
}

function floorDiv(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator < 0n ? quotient - 1n : quotient;
}
