import { FileTime } from './file-time.js';
import { parseError } from './internal/checks.js';

const HEX_FORM = '0x followed by 1 to 16 hex digits, e.g. 0x01DB3D7E5A2C8000';

/**
 * The FILETIME as `0x` and 16 upper-case hex digits, the way debuggers and `reg query` show QWORDs.
 *
 * @example
 * ```ts
 * toHex(fromTicks(116444736000000000n)); // '0x019DB1DED53E8000'
 * ```
 */
export function toHex(time: FileTime): string {
  return `0x${time.ticks.toString(16).toUpperCase().padStart(16, '0')}`;
}

/**
 * Reads `0x…` hex (the prefix may be left out; case does not matter).
 * @throws {FileTimeParseError} for anything but 1–16 hex digits.
 */
export function fromHex(text: string): FileTime {
  const digits = text.trim().replace(/^0[xX]/, '');
  if (!/^[0-9a-fA-F]{1,16}$/.test(digits)) throw parseError(text, 'hex FILETIME', HEX_FORM);
  return new FileTime(BigInt(`0x${digits}`));
}
