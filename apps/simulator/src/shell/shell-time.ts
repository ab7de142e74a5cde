import { dateAndTime, fromIso, MqsimError, toIso } from '@mqsim/filetime';
import type { Scenario } from '@mqsim/scenario';
import { quoteWord } from './shell-arguments.js';
import { ShellUsageError } from './shell-errors.js';

/**
 * The simulated date and time of tick `t` of a scenario, UTC: `2026-11-23 08:10:00`.
 *
 * @example
 * ```ts
 * const scenario = loadScenarioFile(resolveScenario('nat-renumbering')); // starts 08:00 UTC
 * formatSimulatedTime(scenario, 10 * 60 * 10_000_000); // => '2026-11-23 08:10:00'
 * ```
 */
export function formatSimulatedTime(scenario: Scenario, t: number): string {
  return dateAndTime(toIso(scenario.start.plus(t)));
}

/** Just the time of day of tick `t`, UTC, as the prompt shows it: `08:10:00`. */
export function formatClockTime(scenario: Scenario, t: number): string {
  return formatSimulatedTime(scenario, t).slice(11);
}

/**
 * The tick a moment names, as `run until` and `--until` take it: `end`, a time of day on the day
 * of tick `now` (UTC), or an ISO-8601 date-time; `undefined` when `text` is none of these (or
 * beyond the clock's range). Whether the moment has passed is for the caller to judge.
 */
export function parseMoment(
  text: string,
  scenario: Scenario,
  now: number,
  end: number,
): number | undefined {
  if (text.toLowerCase() === 'end') return end;
  let iso: string | undefined;
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (time !== null) {
    const [, hours = '', minutes = '', seconds = '00'] = time;
    const day = formatSimulatedTime(scenario, now).slice(0, 10);
    iso = `${day}T${hours.padStart(2, '0')}:${minutes}:${seconds}Z`;
  } else if (/^\d{4}-\d{2}-\d{2}[T ]/.test(text)) {
    const dateTime = text.replace(' ', 'T');
    iso = /(?:Z|[+-]\d{2}:\d{2})$/i.test(dateTime) ? dateTime : `${dateTime}Z`;
  }
  if (iso === undefined) return undefined;
  try {
    const target = Number(fromIso(iso).ticks - scenario.start.ticks);
    return Number.isSafeInteger(target) ? target : undefined;
  } catch (error) {
    if (!MqsimError.isInstance(error)) throw error;
    return undefined;
  }
}

const TARGET_FORMS =
  'end, a time of day today such as 09:30 or 09:30:15, or a date-time such as 2026-11-24T09:30:00Z (UTC)';

/**
 * The tick `run until TEXT` means, from tick `now`: `end` is `end`; `09:30` or `09:30:15` is that
 * time of the current simulated day (UTC); an ISO-8601 date-time is that instant. A time before
 * now is refused rather than taken as tomorrow, so a typo cannot run a day away.
 *
 * @example
 * ```ts
 * const scenario = loadScenarioFile(resolveScenario('nat-renumbering')); // starts 08:00 UTC
 * parseRunTarget('09:30', scenario, 0, scenario.duration); // => 90 * 60 * 10_000_000
 * ```
 * @throws {ShellUsageError} naming the text and the accepted forms, or saying it has passed.
 */
export function parseRunTarget(text: string, scenario: Scenario, now: number, end: number): number {
  const target = parseMoment(text, scenario, now, end);
  if (target === undefined || !Number.isSafeInteger(target)) {
    throw new ShellUsageError(
      `run until ${quoteWord(text)} is not a time; allowed: ${TARGET_FORMS}`,
      {
        value: text,
        allowed: TARGET_FORMS,
      },
    );
  }
  if (target < now) {
    throw new ShellUsageError(
      `run until ${text}: that has passed (now ${formatSimulatedTime(scenario, now)}); allowed: ${TARGET_FORMS}`,
      { value: text, allowed: `a time from ${formatSimulatedTime(scenario, now)} on` },
    );
  }
  return target;
}
