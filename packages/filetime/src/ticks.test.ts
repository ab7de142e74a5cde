import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DurationParseError,
  FileTimeRangeError,
  parseDuration,
  parseDurationTicks,
  secondsToTicks,
  TICKS,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MICROSECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  ticksToSeconds,
} from './index.js';

describe('TICKS', () => {
  it('equals the exact bigint constants, unit for unit', () => {
    expect([
      TICKS.perMicrosecond,
      TICKS.perMillisecond,
      TICKS.perSecond,
      TICKS.perMinute,
      TICKS.perHour,
      TICKS.perDay,
      TICKS.perWeek,
    ]).toEqual([
      Number(TICKS_PER_MICROSECOND),
      Number(TICKS_PER_MILLISECOND),
      Number(TICKS_PER_SECOND),
      Number(TICKS_PER_MINUTE),
      Number(TICKS_PER_HOUR),
      Number(TICKS_PER_DAY),
      Number(parseDuration('1w')),
    ]);
  });
});

describe('parseDurationTicks', () => {
  it('reads durations as number ticks', () => {
    expect(parseDurationTicks('1h30m')).toBe(90 * TICKS.perMinute);
    expect(parseDurationTicks('0')).toBe(0);
  });

  it('agrees with parseDuration wherever the result is safe', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (seconds) => {
        expect(parseDurationTicks(`${seconds}s`)).toBe(Number(parseDuration(`${seconds}s`)));
      }),
    );
  });

  it('refuses text that is not a duration and durations beyond 2^53 ticks', () => {
    expect(() => parseDurationTicks('ten minutes')).toThrow(DurationParseError);
    expect(() => parseDurationTicks('100000w')).toThrow(FileTimeRangeError);
  });
});

describe('secondsToTicks / ticksToSeconds', () => {
  it('round-trips whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900_000_000 }), (seconds) => {
        expect(ticksToSeconds(secondsToTicks(seconds))).toBe(seconds);
      }),
    );
  });

  it('rounds fractions to the nearest tick and refuses negative or non-finite seconds', () => {
    expect(secondsToTicks(0.000_000_04)).toBe(0);
    expect(secondsToTicks(0.000_000_06)).toBe(1);
    expect(() => secondsToTicks(-1)).toThrow(FileTimeRangeError);
    expect(() => secondsToTicks(Number.NaN)).toThrow(FileTimeRangeError);
    expect(() => secondsToTicks(Number.POSITIVE_INFINITY)).toThrow(FileTimeRangeError);
  });
});
