import { fromDwordText } from './dwords.js';
import { type FileTime, fromDecimal } from './file-time.js';
import { fromHex } from './hex.js';
import { parseError } from './internal/checks.js';
import { fromIso } from './iso.js';
import { fromRegBinary, fromRegQword } from './reg.js';

/** The text forms {@link parseFileTime} recognises. */
export type FileTimeForm =
  | 'now'
  | 'decimal'
  | 'hex'
  | 'iso'
  | 'reg-qword'
  | 'reg-binary'
  | 'dwords';

/** What {@link parseFileTime} read, and as which form. */
export interface ParsedFileTime {
  readonly time: FileTime;
  readonly form: FileTimeForm;
}

/** The accepted forms, in the words error messages use. */
export const FILETIME_FORMS =
  'decimal ticks (133444736000000000), hex (0x01DA0B4C3B5E8000, or bare hex with a letter), ' +
  'ISO-8601 UTC (2026-11-23T09:30:00Z), a .reg value (hex(b):00,80,… or hex:00,80,…), ' +
  'DWORDs high:low (31070412:1541750784), or now';

/**
 * Reads a FILETIME in any of its common text forms, saying which form it took the text to be.
 *
 * Detection: `now`; `hex(b):`/`hex:` prefixes; `0x` prefix; `high:low` integers; a date
 * (`YYYY-MM-DD…`); digits only → decimal ticks; other hex digits (at least one letter) → hex.
 *
 * @example
 * ```ts
 * parseFileTime('hex(b):00,80,3e,d5,de,b1,9d,01'); // { time: 1970-01-01…, form: 'reg-qword' }
 * ```
 * @throws {FileTimeParseError} naming the input and every accepted form.
 * @throws {FileTimeRangeError} when the form is right but the value is outside the FILETIME range.
 */
export function parseFileTime(text: string, now?: () => FileTime): ParsedFileTime {
  const input = text.trim();
  const lower = input.toLowerCase();
  if (lower === 'now') {
    if (now === undefined)
      throw parseError(text, 'FILETIME here', 'a fixed time; "now" needs a clock');
    return { time: now(), form: 'now' };
  }
  if (lower.startsWith('hex(')) return { time: fromRegQword(input), form: 'reg-qword' };
  if (lower.startsWith('hex:')) return { time: fromRegBinary(input), form: 'reg-binary' };
  if (lower.startsWith('"')) {
    const form = /=\s*hex\(/i.test(input) ? 'reg-qword' : 'reg-binary';
    const time = form === 'reg-qword' ? fromRegQword(input) : fromRegBinary(input);
    return { time, form };
  }
  if (lower.startsWith('0x') && !lower.includes(':')) return { time: fromHex(input), form: 'hex' };
  if (/^(0x[0-9a-f]+|\d+)\s*:\s*(0x[0-9a-f]+|\d+)$/.test(lower)) {
    return { time: fromDwordText(input), form: 'dwords' };
  }
  if (/^\d{4,5}-/.test(input)) return { time: fromIso(input), form: 'iso' };
  if (/^\d+$/.test(input)) return { time: fromDecimal(input), form: 'decimal' };
  if (/^[0-9a-f]{1,16}$/.test(lower)) return { time: fromHex(input), form: 'hex' };
  throw parseError(text, 'FILETIME in any known form', FILETIME_FORMS);
}
