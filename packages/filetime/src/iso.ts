import { TICKS_PER_DAY, TICKS_PER_MINUTE } from './constants.js';
import type { FileTime } from './file-time.js';
import { checkedFileTime } from './internal/checked-file-time.js';
import { parseError } from './internal/checks.js';
import { daysFromCivil, daysInMonth } from './internal/civil.js';
import { FILETIME_EPOCH_DAYS_BEFORE_UNIX, formatIsoTicks } from './internal/iso-text.js';

const DAY = Number(TICKS_PER_DAY);
const ISO_FORM =
  'ISO-8601 UTC such as 2026-11-23T09:30:00Z, 2026-11-23T09:30:00.1234567+01:00 or 2026-11-23';

/**
 * ISO-8601 UTC with exactly 7 fractional digits, computed from the ticks (not through `Date`),
 * so every FILETIME up to 2^64 − 1 (year 60056) prints exactly.
 *
 * @example
 * ```ts
 * toIso(fromTicks(0n)); // '1601-01-01T00:00:00.0000000Z'
 * toIso(fromTicks(0x7fffffffffffffffn)); // '30828-09-14T02:48:05.4775807Z'
 * ```
 */
export function toIso(time: FileTime): string {
  return formatIsoTicks(time.ticks);
}

const ISO_PATTERN =
  /^(\d{4,5})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * Reads an ISO-8601 date-time exactly, to the 100-ns tick.
 *
 * Accepts `YYYY-MM-DD` (midnight UTC), or a date-time with `Z` or a `±HH:MM` offset and up to 7
 * fractional digits (more are accepted only when they are zeros, so nothing is rounded away).
 * A date-time without a zone is rejected rather than guessed as local time.
 *
 * @example
 * ```ts
 * fromIso('1970-01-01T00:00:00Z').ticks; // 116444736000000000n
 * ```
 * @throws {FileTimeParseError} for malformed text or impossible dates.
 * @throws {FileTimeRangeError} for instants before 1601-01-01 or past 2^64 − 1 ticks.
 */
export function fromIso(text: string): FileTime {
  const input = text.trim();
  const match = ISO_PATTERN.exec(input);
  if (match === null) throw parseError(text, 'ISO-8601 date-time', ISO_FORM);
  const [, y, mo, d, h, mi, s, frac, zulu, sign, offH, offM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) throw parseError(text, 'ISO-8601 date', ISO_FORM, `month ${mo}`);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw parseError(text, 'ISO-8601 date', ISO_FORM, `${y}-${mo} has no day ${d}`);
  }
  if (h !== undefined && zulu === undefined && sign === undefined) {
    throw parseError(
      text,
      'UTC date-time',
      ISO_FORM,
      "no time zone; add 'Z' for UTC or an offset like +01:00",
    );
  }
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) {
    throw parseError(text, 'ISO-8601 time', ISO_FORM, 'hour 00–23, minute and second 00–59');
  }
  let fraction = 0;
  if (frac !== undefined) {
    if (frac.length > 7 && !/^0+$/.test(frac.slice(7))) {
      throw parseError(
        text,
        'FILETIME-exact time',
        ISO_FORM,
        'more than 7 fractional digits would be rounded away (FILETIME counts 100 ns)',
      );
    }
    fraction = Number(frac.slice(0, 7).padEnd(7, '0'));
  }
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const oh = Number(offH);
    const om = Number(offM);
    if (oh > 23 || om > 59) throw parseError(text, 'ISO-8601 offset', ISO_FORM, 'offset ±HH:MM');
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const days = daysFromCivil(year, month, day) + FILETIME_EPOCH_DAYS_BEFORE_UNIX;
  const seconds = (hour * 60 + minute) * 60 + second;
  const ticks =
    BigInt(days) * BigInt(DAY) +
    BigInt(seconds) * 10_000_000n +
    BigInt(fraction) -
    BigInt(offsetMinutes) * TICKS_PER_MINUTE;
  return checkedFileTime(ticks, () => JSON.stringify(text));
}

/** The date and time of day of an ISO text {@link toIso} wrote, for reports and logs. */
export interface IsoParts {
  /** `YYYY-MM-DD`, with five year digits after 9999. */
  readonly date: string;
  /** `hh:mm:ss`. */
  readonly time: string;
  /** The seven digits after the second. */
  readonly fraction: string;
}

/**
 * Splits what {@link toIso} writes into date, time of day and fraction, whatever the width of
 * the year: slicing at fixed offsets turns a FILETIME past 9999 (`30828-09-14T02:48:05…`, a
 * registry value can hold one) into `02:48:0`.
 * @throws {TypeError} when the text is not in {@link toIso}'s form.
 *
 * @example
 * ```ts
 * isoParts('30828-09-14T02:48:05.4775807Z'); // => { date: '30828-09-14', time: '02:48:05', fraction: '4775807' }
 * ```
 */
export function isoParts(iso: string): IsoParts {
  const match = /^(\d{4,5}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{7}))?Z$/.exec(iso);
  if (match === null) throw new TypeError(`not an ISO time as toIso writes it: ${iso}`);
  return { date: match[1] as string, time: match[2] as string, fraction: match[3] ?? '0000000' };
}

/**
 * `YYYY-MM-DD hh:mm:ss` of an ISO text {@link toIso} wrote, as reports and timelines show
 * times (UTC), whatever the width of the year.
 * @throws {TypeError} when the text is not in {@link toIso}'s form.
 *
 * @example
 * ```ts
 * dateAndTime('2026-11-23T08:10:00.0000000Z'); // => '2026-11-23 08:10:00'
 * ```
 */
export function dateAndTime(iso: string): string {
  const { date, time } = isoParts(iso);
  return `${date} ${time}`;
}
