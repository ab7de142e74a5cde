import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DurationParseError,
  FileTimeRangeError,
  formatDuration,
  MqsimError,
  parseDuration,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MICROSECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  toSafeTicks,
} from './index.js';

const DURATION_FORM =
  'whole numbers with units in descending order, e.g. 168h, 60m, 7d, 1h30m, 500ms, 2s250ms (units: w d h m s ms us ns)';
// Unit sizes written out from first principles (100 ns per tick), not taken from the code.
const SECOND = 10_000_000n;
const MILLISECOND = SECOND / 1000n;
const MICROSECOND = 10n;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;
const DAY = 24n * HOUR;
const WEEK = 7n * DAY;

/** The error `run` throws; fails the test when it returns normally. */
function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to throw');
}

describe('tick constants', () => {
  it('are 100-ns ticks per unit', () => {
    expect([
      TICKS_PER_MICROSECOND,
      TICKS_PER_MILLISECOND,
      TICKS_PER_SECOND,
      TICKS_PER_MINUTE,
      TICKS_PER_HOUR,
      TICKS_PER_DAY,
    ]).toEqual([MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, DAY]);
  });
});

describe('parseDuration', () => {
  it('reads the durations MSMQ settings are written in', () => {
    expect(
      ['168h', '60m', '7d', '1w', '1h30m', '500ms', '2s250ms', '28d', '0', '0s'].map(parseDuration),
    ).toEqual([
      168n * HOUR,
      60n * MINUTE,
      7n * DAY,
      WEEK,
      HOUR + 30n * MINUTE,
      500n * MILLISECOND,
      2n * SECOND + 250n * MILLISECOND,
      28n * DAY,
      0n,
      0n,
    ]);
  });

  it('matches its documented example', () => {
    expect(parseDuration('1h30m')).toBe(54_000_000_000n);
  });

  it('reads every unit once, largest first, down to 100 ns', () => {
    expect(parseDuration('1w2d3h4m5s6ms7us800ns')).toBe(
      WEEK +
        2n * DAY +
        3n * HOUR +
        4n * MINUTE +
        5n * SECOND +
        6n * MILLISECOND +
        7n * MICROSECOND +
        8n,
    );
  });

  it('reads microseconds as us or µs, and nanoseconds in whole ticks', () => {
    expect(parseDuration('10us')).toBe(100n);
    expect(parseDuration('10µs')).toBe(100n);
    expect(parseDuration('100ns')).toBe(1n);
    expect(parseDuration('0ns')).toBe(0n);
  });

  it('ignores surrounding white space and reads numbers past 2^53 exactly', () => {
    expect(parseDuration('  60m\n')).toBe(60n * MINUTE);
    expect(parseDuration('99999999999999999999d')).toBe(99_999_999_999_999_999_999n * DAY);
  });

  it('adds up any combination of units written largest first', () => {
    const amount = fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: undefined });
    const sizes: readonly [string, bigint][] = [
      ['w', WEEK],
      ['d', DAY],
      ['h', HOUR],
      ['m', MINUTE],
      ['s', SECOND],
      ['ms', MILLISECOND],
      ['us', MICROSECOND],
      ['ns', 1n],
    ];
    fc.assert(
      fc.property(fc.array(amount, { minLength: 8, maxLength: 8 }), (amounts) => {
        let text = '';
        let expected = 0n;
        for (const [index, [unit, size]] of sizes.entries()) {
          const count = amounts[index];
          if (count === undefined) continue;
          // Nanoseconds are written as whole 100-ns ticks.
          text += unit === 'ns' ? `${count * 100n}ns` : `${count}${unit}`;
          expected += count * size;
        }
        fc.pre(text !== '');
        expect(parseDuration(text)).toBe(expected);
      }),
    );
  });

  it('reads back what formatDuration writes, for any non-negative number of ticks', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 80n }), (ticks) => {
        expect(parseDuration(formatDuration(ticks))).toBe(ticks);
      }),
    );
  });

  it('rejects words, naming the input and the accepted forms', () => {
    const error = caught(() => parseDuration('7 days'));
    expect(DurationParseError.isInstance(error)).toBe(true);
    expect(MqsimError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'DurationParseError',
      code: 'ERR_DURATION_PARSE',
      message: `"7 days" is not a duration (expected ${DURATION_FORM})`,
      value: '7 days',
      allowed: DURATION_FORM,
    });
  });

  it('rejects empty text', () => {
    for (const text of ['', '   ']) {
      expect(() => parseDuration(text)).toThrow(
        expect.objectContaining({
          name: 'DurationParseError',
          message: `${JSON.stringify(text)} is not a duration (expected ${DURATION_FORM})`,
          value: text,
        }),
      );
    }
  });

  it('rejects units out of order', () => {
    expect(() => parseDuration('1m1h')).toThrow(
      expect.objectContaining({
        name: 'DurationParseError',
        message: `"1m1h" is not a duration: 'h' is repeated or out of order (expected ${DURATION_FORM})`,
        value: '1m1h',
        allowed: DURATION_FORM,
      }),
    );
    expect(() => parseDuration('1ms1s')).toThrow(DurationParseError);
    expect(() => parseDuration('1us1µs')).toThrow(DurationParseError);
  });

  it('rejects a repeated unit', () => {
    expect(() => parseDuration('1h1h')).toThrow(
      expect.objectContaining({
        name: 'DurationParseError',
        message: `"1h1h" is not a duration: 'h' is repeated or out of order (expected ${DURATION_FORM})`,
      }),
    );
  });

  it('rejects nanoseconds that are not whole 100-ns ticks', () => {
    expect(() => parseDuration('150ns')).toThrow(
      expect.objectContaining({
        name: 'DurationParseError',
        message: `"150ns" is not a duration: nanoseconds must be a multiple of 100 (one FILETIME tick) (expected ${DURATION_FORM})`,
        value: '150ns',
      }),
    );
    expect(() => parseDuration('1s50ns')).toThrow(DurationParseError);
  });

  it('rejects fractions', () => {
    expect(() => parseDuration('1.5h')).toThrow(
      expect.objectContaining({
        name: 'DurationParseError',
        message: `"1.5h" is not a duration (expected ${DURATION_FORM})`,
      }),
    );
  });

  it('names where the text stops being a duration', () => {
    expect(() => parseDuration('1h 30m')).toThrow(
      expect.objectContaining({
        message: `"1h 30m" is not a duration: unexpected " 30m" at column 3 (expected ${DURATION_FORM})`,
      }),
    );
    expect(() => parseDuration('1h30')).toThrow(
      expect.objectContaining({
        message: `"1h30" is not a duration: unexpected "30" at column 3 (expected ${DURATION_FORM})`,
      }),
    );
  });

  it('rejects signs, bare numbers and unknown units', () => {
    for (const text of ['-1h', '+1h', '60', '00', '5x', 'h', '1H', '1 h', '1e3s', 'PT1H']) {
      const error = caught(() => parseDuration(text));
      expect(DurationParseError.isInstance(error)).toBe(true);
      expect((error as DurationParseError).value).toBe(text);
    }
  });
});

describe('formatDuration', () => {
  it('writes the largest units first and leaves out the zero ones', () => {
    expect(
      [0n, 1n, 15n, 5_000_000n, 54_000_000_000n, WEEK, DAY + SECOND, 25n * HOUR].map(
        formatDuration,
      ),
    ).toEqual(['0s', '100ns', '1us500ns', '500ms', '1h30m', '7d', '1d1s', '1d1h']);
  });

  it('matches its documented example', () => {
    expect(formatDuration(6_048_000_000_000n)).toBe('7d');
  });

  it('accepts a safe-integer number', () => {
    expect(formatDuration(5_000_000)).toBe('500ms');
    expect(formatDuration(-36_000_000_000)).toBe('-1h');
  });

  it('writes negative durations with a leading minus', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 70n }), (ticks) => {
        expect(formatDuration(-ticks)).toBe(`-${formatDuration(ticks)}`);
      }),
    );
  });

  it('writes each unit below the size of the next larger one', () => {
    const canonical =
      /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?(?:(\d+)us)?(?:(\d+)ns)?$/;
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 70n }), (ticks) => {
        const match = canonical.exec(formatDuration(ticks));
        expect(match).not.toBeNull();
        const [, , hours, minutes, seconds, milliseconds, microseconds, nanoseconds] = match ?? [];
        const limits = [
          [hours, 24],
          [minutes, 60],
          [seconds, 60],
          [milliseconds, 1000],
          [microseconds, 1000],
        ] as const;
        for (const [value, limit] of limits) {
          if (value !== undefined) expect(Number(value) >= 1 && Number(value) < limit).toBe(true);
        }
        if (nanoseconds !== undefined)
          expect(['100', '200', '300', '400', '500', '600', '700', '800', '900']).toContain(
            nanoseconds,
          );
      }),
    );
  });

  it('rejects a number that is not a safe integer with a FileTimeRangeError', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => formatDuration(bad)).toThrow(
        expect.objectContaining({
          name: 'FileTimeRangeError',
          code: 'ERR_FILETIME_RANGE',
          message: `duration ${bad} is not a whole number of ticks: pass a bigint or a safe integer`,
          value: bad,
        }),
      );
    }
  });
});

describe('toSafeTicks', () => {
  it('gives the same number for every tick count within ±(2^53 − 1)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (ticks) => {
        expect(toSafeTicks(BigInt(ticks))).toBe(ticks);
      }),
    );
  });

  it('accepts the exact limits', () => {
    expect(toSafeTicks(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeTicks(-9_007_199_254_740_991n)).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('rejects 2^53 ticks, writing it as a duration in the message', () => {
    const error = caught(() => toSafeTicks(9_007_199_254_740_992n));
    expect(FileTimeRangeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'FileTimeRangeError',
      code: 'ERR_FILETIME_RANGE',
      message:
        "9007199254740992 ticks (10424d23h58m45s474ms99us200ns) is beyond the simulation clock's exact range",
      value: 9_007_199_254_740_992n,
      allowed: 'at most 2^53 − 1 ticks (about 28.5 years)',
    });
    expect(() => toSafeTicks(-9_007_199_254_740_992n)).toThrow(FileTimeRangeError);
  });
});
