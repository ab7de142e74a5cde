import { MAX_FILETIME_TICKS } from './constants.js';
import { FileTimeRangeError } from './errors.js';
import { checkedTicks, parseError, toBigIntTicks, U64_RANGE } from './internal/checks.js';
import { formatIsoTicks } from './internal/iso-text.js';

/**
 * A Windows FILETIME: an unsigned 64-bit count of 100-ns ticks since 1601-01-01T00:00:00Z.
 *
 * Immutable and exact over the whole u64 range (a `bigint` inside: today's values, about 1.3e17,
 * are past what a `number` holds exactly). Arithmetic that would leave the range throws
 * {@link FileTimeRangeError} instead of wrapping.
 *
 * @example
 * ```ts
 * const t = new FileTime(133_000_000_000_000_000n);
 * t.plus(TICKS_PER_HOUR).toString(); // '2022-06-18T05:26:40.0000000Z'
 * ```
 * @throws {FileTimeRangeError} when `ticks` is negative or above 2^64 − 1.
 */
export class FileTime {
  /** The tick count, 0 ≤ ticks ≤ 2^64 − 1. */
  readonly ticks: bigint;

  constructor(ticks: bigint) {
    if (typeof ticks !== 'bigint' || ticks < 0n || ticks > MAX_FILETIME_TICKS) {
      throw new FileTimeRangeError(
        `FILETIME ${String(ticks)} is out of range: a FILETIME is ${U64_RANGE}`,
        { value: ticks, allowed: U64_RANGE },
      );
    }
    this.ticks = ticks;
    Object.freeze(this);
  }

  /** -1, 0 or 1 as this is before, equal to or after `other`; usable as a sort comparator. */
  compare(other: FileTime): -1 | 0 | 1 {
    return this.ticks < other.ticks ? -1 : this.ticks > other.ticks ? 1 : 0;
  }

  /** Whether both name the same instant. */
  equals(other: FileTime): boolean {
    return this.ticks === other.ticks;
  }

  /** Whether this is strictly before `other`. */
  isBefore(other: FileTime): boolean {
    return this.ticks < other.ticks;
  }

  /** Whether this is strictly after `other`. */
  isAfter(other: FileTime): boolean {
    return this.ticks > other.ticks;
  }

  /**
   * This time moved by `durationTicks` (negative moves back).
   * @throws {FileTimeRangeError} when the result would leave the u64 range.
   */
  plus(durationTicks: bigint | number): FileTime {
    const delta = toBigIntTicks(durationTicks, 'duration');
    return new FileTime(
      checkedTicks(this.ticks + delta, () => `${this.toString()} + ${delta} ticks`),
    );
  }

  /**
   * This time moved back by `durationTicks`.
   * @throws {FileTimeRangeError} when the result would be before 1601-01-01 or past 2^64 − 1.
   */
  minus(durationTicks: bigint | number): FileTime {
    const delta = toBigIntTicks(durationTicks, 'duration');
    return new FileTime(
      checkedTicks(this.ticks - delta, () => `${this.toString()} − ${delta} ticks`),
    );
  }

  /** Signed ticks from `earlier` to this (negative when `earlier` is later). */
  since(earlier: FileTime): bigint {
    return this.ticks - earlier.ticks;
  }

  /** ISO-8601 UTC with 7 fractional digits, e.g. `2026-11-23T09:00:00.0000000Z`. */
  toString(): string {
    return formatIsoTicks(this.ticks);
  }

  /** JSON form: the ISO-8601 string (ticks would lose precision as a JSON number). */
  toJSON(): string {
    return formatIsoTicks(this.ticks);
  }
}

/**
 * A FILETIME from a tick count given as `bigint`, safe-integer `number` or decimal string.
 *
 * @example
 * ```ts
 * fromTicks('116444736000000000').toString(); // '1970-01-01T00:00:00.0000000Z'
 * ```
 * @throws {FileTimeRangeError} outside 0 … 2^64 − 1, or for an unsafe `number`.
 * @throws {FileTimeParseError} for a string that is not a plain decimal integer.
 */
export function fromTicks(value: bigint | number | string): FileTime {
  if (typeof value === 'string') return fromDecimal(value);
  return new FileTime(toBigIntTicks(value, 'FILETIME'));
}

/**
 * Reads a decimal tick count such as `133444736000000000`.
 * @throws {FileTimeParseError} when the text is not digits only.
 * @throws {FileTimeRangeError} when the number is larger than 2^64 − 1.
 */
export function fromDecimal(text: string): FileTime {
  const trimmed = text.trim();
  if (!/^\d{1,20}$/.test(trimmed)) {
    throw parseError(text, 'decimal FILETIME', 'up to 20 decimal digits, e.g. 133444736000000000');
  }
  return new FileTime(BigInt(trimmed));
}

/** The tick count as a decimal string, e.g. `'133444736000000000'`. */
export function toDecimal(time: FileTime): string {
  return time.ticks.toString();
}
