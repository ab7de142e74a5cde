import { TICKS_PER_MILLISECOND, UNIX_EPOCH_TICKS } from './constants.js';
import { FileTimeRangeError } from './errors.js';
import type { FileTime } from './file-time.js';
import { checkedFileTime } from './internal/checked-file-time.js';
import { toUnixMilliseconds } from './unix.js';

/**
 * A FILETIME from a JavaScript `Date` (exact: a `Date` holds whole milliseconds).
 *
 * @example
 * ```ts
 * fromDate(new Date('1970-01-01T00:00:00Z')).ticks; // 116444736000000000n
 * ```
 * @throws {FileTimeRangeError} for an invalid `Date` or one before 1601-01-01.
 */
export function fromDate(date: Date): FileTime {
  const milliseconds = date.getTime();
  if (Number.isNaN(milliseconds)) {
    throw new FileTimeRangeError('Invalid Date cannot be a FILETIME', {
      value: date,
      allowed: 'a valid Date from 1601-01-01 on',
    });
  }
  return checkedFileTime(
    UNIX_EPOCH_TICKS + BigInt(milliseconds) * TICKS_PER_MILLISECOND,
    () => `Date ${date.toISOString()}`,
  );
}

/**
 * A JavaScript `Date`. Lossy: a `Date` holds whole milliseconds, so the sub-millisecond ticks
 * are floored away (the result is never later than the FILETIME). Every FILETIME fits a `Date`.
 */
export function toDateFloored(time: FileTime): Date {
  return new Date(toUnixMilliseconds(time));
}
