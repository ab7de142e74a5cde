import { parseDuration, toSafeTicks } from './duration.js';
import { FileTimeRangeError } from './errors.js';

/**
 * Simulation ticks (100 ns, as a FILETIME counts them) in each unit, as plain numbers: the
 * virtual clock counts in `number` ticks, so call sites multiply by these directly instead of
 * converting the exact `bigint` constants (`TICKS_PER_SECOND`) each time.
 *
 * @example
 * ```ts
 * 90 * TICKS.perSecond; // => 900000000
 * ```
 */
export const TICKS = {
  perMicrosecond: 10,
  perMillisecond: 10_000,
  perSecond: 10_000_000,
  perMinute: 600_000_000,
  perHour: 36_000_000_000,
  perDay: 864_000_000_000,
  perWeek: 6_048_000_000_000,
} as const;

/**
 * Reads a duration (`168h`, `60m`, `1h30m`, `500ms`) into simulation ticks as a safe `number`:
 * {@link parseDuration} then {@link toSafeTicks}, the one way every package turns duration text
 * into clock ticks.
 *
 * @example
 * ```ts
 * parseDurationTicks('1h30m'); // => 54000000000
 * ```
 * @throws {DurationParseError} for text that is not a duration.
 * @throws {FileTimeRangeError} for a duration beyond 2^53 − 1 ticks (about 28.5 years).
 */
export function parseDurationTicks(text: string): number {
  return toSafeTicks(parseDuration(text));
}

/**
 * Whole or fractional seconds (how Windows keeps most MSMQ timeouts in the registry) as
 * simulation ticks, rounded to the nearest tick.
 *
 * @example
 * ```ts
 * secondsToTicks(1.5); // => 15000000
 * ```
 * @throws {FileTimeRangeError} for a negative, non-finite or too large number of seconds.
 */
export function secondsToTicks(seconds: number): number {
  const ticks = Math.round(seconds * TICKS.perSecond);
  if (!(Number.isFinite(seconds) && seconds >= 0 && Number.isSafeInteger(ticks))) {
    throw new FileTimeRangeError(
      `${String(seconds)} seconds is not a duration the simulation clock can hold`,
      { value: seconds, allowed: 'a finite number of seconds from 0 to about 900 million' },
    );
  }
  return ticks;
}

/**
 * Simulation ticks as seconds (fractional when the ticks are not whole seconds).
 *
 * @example
 * ```ts
 * ticksToSeconds(600_000_000); // => 60
 * ```
 */
export function ticksToSeconds(ticks: number): number {
  return ticks / TICKS.perSecond;
}
