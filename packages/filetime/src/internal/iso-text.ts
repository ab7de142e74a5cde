import { TICKS_PER_DAY } from '../constants.js';
import { civilFromDays } from './civil.js';

/** Days from 1601-01-01 to 1970-01-01. */
export const FILETIME_EPOCH_DAYS_BEFORE_UNIX = 134_774;

/**
 * The ISO-8601 text of a FILETIME's ticks (what `toIso` and `FileTime#toString` print), apart
 * from the `FileTime` class so that `file-time.ts` and `iso.ts` need not import each other.
 */
export function formatIsoTicks(ticks: bigint): string {
  const days = Number(ticks / TICKS_PER_DAY);
  let rest = Number(ticks % TICKS_PER_DAY);
  const { year, month, day } = civilFromDays(days - FILETIME_EPOCH_DAYS_BEFORE_UNIX);
  const fraction = rest % 10_000_000;
  rest = (rest - fraction) / 10_000_000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return (
    `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` +
    `T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(fraction, 7)}Z`
  );
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
