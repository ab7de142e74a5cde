import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FileTime,
  FileTimeParseError,
  FileTimeRangeError,
  fromDecimal,
  fromTicks,
  MqsimError,
  toDecimal,
} from './index.js';

const MAX = 2n ** 64n - 1n;
const U64_RANGE = '0 to 18446744073709551615 (2^64 − 1) ticks of 100 ns since 1601-01-01T00:00:00Z';
const u64 = fc.bigInt({ min: 0n, max: MAX });

/** The error `run` throws; fails the test when it returns normally. */
function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to throw');
}

describe('FileTime', () => {
  it('holds every tick count from 0 to 2^64 − 1 unchanged', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        expect(new FileTime(ticks).ticks).toBe(ticks);
      }),
    );
  });

  it('rejects a negative tick count with a FileTimeRangeError naming the value and the range', () => {
    expect(() => new FileTime(-1n)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        code: 'ERR_FILETIME_RANGE',
        message: `FILETIME -1 is out of range: a FILETIME is ${U64_RANGE}`,
        value: -1n,
        allowed: U64_RANGE,
      }),
    );
  });

  it('rejects 2^64 instead of wrapping to 0', () => {
    expect(() => new FileTime(2n ** 64n)).toThrow(
      expect.objectContaining({
        code: 'ERR_FILETIME_RANGE',
        message: `FILETIME 18446744073709551616 is out of range: a FILETIME is ${U64_RANGE}`,
        value: 2n ** 64n,
      }),
    );
  });

  it('rejects a number smuggled in where a bigint is required', () => {
    const error = caught(() => new FileTime(5 as unknown as bigint));
    expect(FileTimeRangeError.isInstance(error)).toBe(true);
  });

  it('is immutable', () => {
    const time = new FileTime(42n);
    expect(Object.isFrozen(time)).toBe(true);
    expect(() => {
      (time as { ticks: bigint }).ticks = 43n;
    }).toThrow(TypeError);
    expect(time.ticks).toBe(42n);
  });

  it('compares, orders and equates exactly as the tick counts do', () => {
    fc.assert(
      fc.property(u64, u64, (a, b) => {
        const left = new FileTime(a);
        const right = new FileTime(b);
        expect({
          compare: left.compare(right),
          equals: left.equals(right),
          isBefore: left.isBefore(right),
          isAfter: left.isAfter(right),
        }).toEqual({
          compare: a < b ? -1 : a > b ? 1 : 0,
          equals: a === b,
          isBefore: a < b,
          isAfter: a > b,
        });
      }),
    );
  });

  it('sorts like the tick counts when compare is the comparator', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(u64, fc.constantFrom(0n, 1n, MAX))), (ticks) => {
        const sorted = ticks
          .map((value) => new FileTime(value))
          .sort((a, b) => a.compare(b))
          .map((time) => time.ticks);
        expect(sorted).toEqual([...ticks].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
    );
  });

  it('treats equal times as equal whichever object holds them', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const a = new FileTime(ticks);
        const b = new FileTime(ticks);
        expect([a.compare(b), a.equals(b), a.isBefore(b), a.isAfter(b)]).toEqual([
          0,
          true,
          false,
          false,
        ]);
      }),
    );
  });

  it('moves by exactly the duration, and minus undoes plus', () => {
    fc.assert(
      fc.property(u64, u64, (ticks, target) => {
        const delta = target - ticks;
        const start = new FileTime(ticks);
        const moved = start.plus(delta);
        expect(moved.ticks).toBe(ticks + delta);
        expect(moved.minus(delta)).toEqual(start);
        expect(start.minus(-delta)).toEqual(moved);
        expect(moved.since(start)).toBe(delta);
      }),
    );
  });

  it('accepts a safe-integer number as a duration', () => {
    expect(new FileTime(100n).plus(-100).ticks).toBe(0n);
    expect(new FileTime(0n).plus(Number.MAX_SAFE_INTEGER).ticks).toBe(9_007_199_254_740_991n);
    expect(new FileTime(10n).minus(3).ticks).toBe(7n);
  });

  it('throws FileTimeRangeError past 2^64 − 1 instead of wrapping', () => {
    fc.assert(
      fc.property(u64, fc.bigInt({ min: 1n, max: 2n ** 64n }), (ticks, beyond) => {
        const error = caught(() => new FileTime(ticks).plus(MAX - ticks + beyond));
        expect(FileTimeRangeError.isInstance(error)).toBe(true);
        expect(MqsimError.isInstance(error)).toBe(true);
        expect((error as FileTimeRangeError).code).toBe('ERR_FILETIME_RANGE');
        expect((error as FileTimeRangeError).value).toBe(MAX + beyond);
      }),
    );
  });

  it('throws FileTimeRangeError before 1601-01-01 instead of wrapping', () => {
    fc.assert(
      fc.property(u64, fc.bigInt({ min: 1n, max: 2n ** 64n }), (ticks, beyond) => {
        const error = caught(() => new FileTime(ticks).minus(ticks + beyond));
        expect(FileTimeRangeError.isInstance(error)).toBe(true);
        expect((error as FileTimeRangeError).code).toBe('ERR_FILETIME_RANGE');
        expect((error as FileTimeRangeError).value).toBe(-beyond);
      }),
    );
  });

  it('describes the failed arithmetic in the range error', () => {
    expect(() => new FileTime(0n).minus(1n)).toThrow(
      expect.objectContaining({
        message: `1601-01-01T00:00:00.0000000Z − 1 ticks = -1 ticks is out of range: a FILETIME is ${U64_RANGE}`,
        value: -1n,
        allowed: U64_RANGE,
      }),
    );
    expect(() => new FileTime(MAX).plus(1)).toThrow(
      expect.objectContaining({
        message: `60056-05-28T05:36:10.9551615Z + 1 ticks = 18446744073709551616 ticks is out of range: a FILETIME is ${U64_RANGE}`,
      }),
    );
  });

  it('rejects a duration that is not a whole safe-integer number of ticks', () => {
    for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => new FileTime(0n).plus(bad)).toThrow(
        expect.objectContaining({
          code: 'ERR_FILETIME_RANGE',
          message: `duration ${bad} is not a whole number of ticks: pass a bigint or a safe integer`,
          value: bad,
        }),
      );
      expect(() => new FileTime(0n).minus(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_FILETIME_RANGE' }),
      );
    }
  });

  it('gives the signed distance between two times', () => {
    fc.assert(
      fc.property(u64, u64, (a, b) => {
        expect(new FileTime(a).since(new FileTime(b))).toBe(a - b);
      }),
    );
  });

  it('prints as ISO-8601 UTC and serialises to JSON as that string', () => {
    const unixEpoch = new FileTime(116_444_736_000_000_000n);
    expect(unixEpoch.toString()).toBe('1970-01-01T00:00:00.0000000Z');
    expect(`${unixEpoch}`).toBe('1970-01-01T00:00:00.0000000Z');
    expect(JSON.stringify({ at: unixEpoch })).toBe('{"at":"1970-01-01T00:00:00.0000000Z"}');
  });

  it('matches its documented example: 133000000000000000 plus one hour', () => {
    const later = new FileTime(133_000_000_000_000_000n).plus(36_000_000_000n);
    // 133000000000000000 ticks is a whole second: check it against Date independently.
    const milliseconds = Number((later.ticks - 116_444_736_000_000_000n) / 10_000n);
    expect(later.toString()).toBe(`${new Date(milliseconds).toISOString().slice(0, 19)}.0000000Z`);
    expect(later.toString()).toBe('2022-06-18T05:26:40.0000000Z');
  });
});

describe('fromTicks', () => {
  it('reads a bigint, a safe-integer number or a decimal string', () => {
    expect(fromTicks(116_444_736_000_000_000n).ticks).toBe(116_444_736_000_000_000n);
    expect(fromTicks(1_234_567).ticks).toBe(1_234_567n);
    expect(fromTicks('116444736000000000').ticks).toBe(116_444_736_000_000_000n);
    expect(fromTicks('116444736000000000').toString()).toBe('1970-01-01T00:00:00.0000000Z');
  });

  it('rejects a number that is not a safe integer rather than rounding it', () => {
    expect(() => fromTicks(116_444_736_000_000_000)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        message:
          'FILETIME 116444736000000000 is not a whole number of ticks: pass a bigint or a safe integer',
        value: 116_444_736_000_000_000,
        allowed: 'a bigint, or an integer number within ±(2^53 − 1)',
      }),
    );
    expect(() => fromTicks(-1)).toThrow(expect.objectContaining({ name: 'FileTimeRangeError' }));
  });

  it('rejects a string that is not decimal digits with a FileTimeParseError', () => {
    const error = caught(() => fromTicks('0x10'));
    expect(FileTimeParseError.isInstance(error)).toBe(true);
  });
});

describe('fromDecimal', () => {
  const DECIMAL_FORM = 'up to 20 decimal digits, e.g. 133444736000000000';

  it('reads what toDecimal writes, for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const text = toDecimal(new FileTime(ticks));
        expect(text).toMatch(/^(0|[1-9]\d{0,19})$/);
        expect(BigInt(text)).toBe(ticks);
        expect(fromDecimal(text).ticks).toBe(ticks);
      }),
    );
  });

  it('reads the extremes, leading zeros and surrounding white space', () => {
    expect(fromDecimal('0').ticks).toBe(0n);
    expect(fromDecimal('18446744073709551615').ticks).toBe(MAX);
    expect(fromDecimal('00000000000000000042').ticks).toBe(42n);
    expect(fromDecimal('  116444736000000000\n').ticks).toBe(116_444_736_000_000_000n);
  });

  it('rejects 21 digits, naming the input and the accepted form', () => {
    expect(() => fromDecimal('100000000000000000000')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        code: 'ERR_FILETIME_PARSE',
        message: `"100000000000000000000" is not a decimal FILETIME (expected ${DECIMAL_FORM})`,
        value: '100000000000000000000',
        allowed: DECIMAL_FORM,
      }),
    );
  });

  it('rejects a negative number', () => {
    expect(() => fromDecimal('-1')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"-1" is not a decimal FILETIME (expected ${DECIMAL_FORM})`,
        value: '-1',
      }),
    );
  });

  it('rejects empty text, signs, exponents, separators and fractions', () => {
    for (const text of ['', ' ', '+1', '1e5', '1_000', '1,000', '1.0', '0x10', '１２']) {
      const error = caught(() => fromDecimal(text));
      expect(FileTimeParseError.isInstance(error)).toBe(true);
      expect((error as FileTimeParseError).value).toBe(text);
    }
  });

  it('rejects 20 digits above 2^64 − 1 with a FileTimeRangeError', () => {
    expect(() => fromDecimal('18446744073709551616')).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        value: 18_446_744_073_709_551_616n,
        allowed: U64_RANGE,
      }),
    );
  });
});

describe('toDecimal', () => {
  it('writes the plain tick count', () => {
    expect(toDecimal(new FileTime(0n))).toBe('0');
    expect(toDecimal(new FileTime(116_444_736_000_000_000n))).toBe('116444736000000000');
    expect(toDecimal(new FileTime(MAX))).toBe('18446744073709551615');
  });
});
