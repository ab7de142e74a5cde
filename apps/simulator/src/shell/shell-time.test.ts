import { loadScenarioFile, resolveScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { ShellUsageError } from './shell-errors.js';
import { formatClockTime, formatSimulatedTime, parseRunTarget } from './shell-time.js';

const scenario = loadScenarioFile(resolveScenario('nat-renumbering')); // starts 08:00Z, lasts 2h
const MINUTE = 600_000_000;
const END = 120 * MINUTE;

describe('formatSimulatedTime', () => {
  it('writes the simulated UTC date and time of a tick', () => {
    expect(formatSimulatedTime(scenario, 10 * MINUTE)).toBe('2026-11-23 08:10:00');
    expect(formatClockTime(scenario, 90 * MINUTE + 15 * 10_000_000)).toBe('09:30:15');
  });
});

describe('parseRunTarget', () => {
  it('reads end, a time of day today and a date-time', () => {
    expect(parseRunTarget('end', scenario, 0, END)).toBe(END);
    expect(parseRunTarget('END', scenario, 0, END)).toBe(END);
    expect(parseRunTarget('09:30', scenario, 0, END)).toBe(90 * MINUTE);
    expect(parseRunTarget('9:30:30', scenario, 0, END)).toBe(90 * MINUTE + 30 * 10_000_000);
    expect(parseRunTarget('2026-11-23T08:45:00Z', scenario, 0, END)).toBe(45 * MINUTE);
    expect(parseRunTarget('2026-11-23 08:45', scenario, 0, END)).toBe(45 * MINUTE);
  });

  it('refuses a time that has passed and text that is no time, naming the forms', () => {
    expect(() => parseRunTarget('08:30', scenario, 40 * MINUTE, END)).toThrow(
      /run until 08:30: that has passed \(now 2026-11-23 08:40:00\); allowed: end, a time of day/,
    );
    expect(() => parseRunTarget('soon', scenario, 0, END)).toThrow(ShellUsageError);
    expect(() => parseRunTarget('25:00', scenario, 0, END)).toThrow(
      /"25:00" is not a time; allowed: end/,
    );
  });
});
