import { DOTNET_MAX_TICKS, DOTNET_TICKS_AT_FILETIME_EPOCH } from './constants.js';
import { FileTimeRangeError } from './errors.js';
import type { FileTime } from './file-time.js';
import { checkedFileTime } from './internal/checked-file-time.js';
import { toBigIntTicks } from './internal/checks.js';

const DOTNET_RANGE =
  '.NET DateTime ticks from 504911232000000000 (1601-01-01) to 3155378975999999999 (9999-12-31T23:59:59.9999999)';

/**
 * .NET `DateTime` (UTC) ticks: 100-ns units since 0001-01-01, as `DateTime.ToFileTimeUtc` inverts.
 *
 * @example
 * ```ts
 * toDotNetTicks(fromTicks(0n)); // 504911232000000000n
 * ```
 * @throws {FileTimeRangeError} for FILETIMEs after `DateTime.MaxValue` (9999-12-31).
 */
export function toDotNetTicks(time: FileTime): bigint {
  const ticks = time.ticks + DOTNET_TICKS_AT_FILETIME_EPOCH;
  if (ticks > DOTNET_MAX_TICKS) {
    throw new FileTimeRangeError(
      `FILETIME ${time.ticks} (${time.toString()}) is after .NET DateTime.MaxValue`,
      { value: time.ticks, allowed: DOTNET_RANGE },
    );
  }
  return ticks;
}

/**
 * A FILETIME from .NET `DateTime` UTC ticks, as `DateTime.ToFileTimeUtc()` would give.
 * @throws {FileTimeRangeError} for ticks before 1601-01-01 or past `DateTime.MaxValue`.
 */
export function fromDotNetTicks(ticks: bigint | number): FileTime {
  const value = toBigIntTicks(ticks, '.NET ticks');
  if (value > DOTNET_MAX_TICKS) {
    throw new FileTimeRangeError(`.NET ticks ${value} are past DateTime.MaxValue`, {
      value,
      allowed: DOTNET_RANGE,
    });
  }
  return checkedFileTime(value - DOTNET_TICKS_AT_FILETIME_EPOCH, () => `.NET ticks ${value}`);
}
