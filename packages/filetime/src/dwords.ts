import { FileTime } from './file-time.js';
import { parseError } from './internal/checks.js';

/** A FILETIME split as the Win32 `FILETIME` struct holds it: two unsigned 32-bit halves. */
export interface DwordPair {
  /** `dwHighDateTime`: the upper 32 bits. */
  readonly high: number;
  /** `dwLowDateTime`: the lower 32 bits. */
  readonly low: number;
}

const DWORD_FORM = 'two unsigned 32-bit integers, decimal or 0x-hex, as high:low';

/**
 * The `dwHighDateTime` / `dwLowDateTime` halves.
 *
 * @example
 * ```ts
 * toDwords(fromTicks(116444736000000000n)); // { high: 27111902, low: 3577643008 }
 * ```
 */
export function toDwords(time: FileTime): DwordPair {
  return { high: Number(time.ticks >> 32n), low: Number(time.ticks & 0xffff_ffffn) };
}

/**
 * Joins the two halves of a Win32 `FILETIME`.
 * @throws {FileTimeParseError} when either half is not an integer from 0 to 4294967295.
 */
export function fromDwords(high: number, low: number): FileTime {
  for (const [name, half] of [
    ['high', high],
    ['low', low],
  ] as const) {
    if (!Number.isInteger(half) || half < 0 || half > 0xffff_ffff) {
      throw parseError(`${high}:${low}`, 'DWORD pair', DWORD_FORM, `${name} is ${half}`);
    }
  }
  return new FileTime((BigInt(high) << 32n) | BigInt(low));
}

/**
 * Reads `high:low` text, each half decimal or `0x` hex, e.g. `30911356:3848994816`.
 * @throws {FileTimeParseError} for anything else.
 */
export function fromDwordText(text: string): FileTime {
  const match =
    /^\s*(0[xX][0-9a-fA-F]{1,8}|\d{1,10})\s*:\s*(0[xX][0-9a-fA-F]{1,8}|\d{1,10})\s*$/.exec(text);
  if (match === null) throw parseError(text, 'DWORD pair', DWORD_FORM);
  const high = Number(match[1]);
  const low = Number(match[2]);
  if (high > 0xffff_ffff || low > 0xffff_ffff) {
    throw parseError(text, 'DWORD pair', DWORD_FORM, 'a half is larger than 4294967295');
  }
  return fromDwords(high, low);
}
