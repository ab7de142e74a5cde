import { parseDurationTicks } from '@mqsim/filetime';
import type { Scenario } from '@mqsim/scenario';
import { CliInputError } from '../cli-input.js';
import { formatSimulatedTime, parseMoment } from '../shell/shell-time.js';

const UNTIL_FORMS =
  'a duration from the start (30m, 1h30m), a time of day on the first day (09:30, 09:30:15), a date-time (2026-11-23T09:30:00Z, UTC) or end';

/**
 * The tick `--until TEXT` stops at: a duration from the scenario's start (`30m`), or a moment as
 * the shell's `run until` takes it (`09:30` on the scenario's first day, an ISO-8601 date-time,
 * `end`), so a time read off a report's UTC axis can be pasted. Times are UTC, as every table is.
 *
 * @throws {CliInputError} naming the text and the accepted forms, or a moment before the start.
 */
export function parseUntil(text: string, scenario: Scenario): number {
  const trimmed = text.trim();
  if (/^end$/i.test(trimmed) || /^\d{1,2}:\d{2}/.test(trimmed) || /^\d{4}-\d/.test(trimmed)) {
    const started = formatSimulatedTime(scenario, 0);
    const target = parseMoment(trimmed, scenario, 0, scenario.duration);
    if (target === undefined)
      throw new CliInputError(
        `--until: ${JSON.stringify(text)} is not a time; allowed: ${UNTIL_FORMS}`,
        { value: text, allowed: UNTIL_FORMS },
      );
    if (target < 0)
      throw new CliInputError(
        `--until: ${text} is before the scenario starts (${started} UTC); allowed: a time from then on, or ${UNTIL_FORMS}`,
        { value: text, allowed: `a time from ${started} UTC on` },
      );
    return target;
  }
  try {
    return parseDurationTicks(trimmed);
  } catch (error) {
    throw new CliInputError(`--until: ${error instanceof Error ? error.message : String(error)}`, {
      value: text,
      cause: error,
    });
  }
}
