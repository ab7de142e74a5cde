import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileTime, fromDate, toDateFloored } from './index.js';

const MAX = 2n ** 64n - 1n;
const UNIX_EPOCH = 116_444_736_000_000_000n;
const u64 = fc.bigInt({ min: 0n, max: MAX });
/** Every valid Date from 1601-01-01 (Date's own limit, year 275760, is past FILETIME's 60056). */
const FIRST_MS = Date.UTC(1601, 0, 1);
const LAST_MS = Number((MAX - UNIX_EPOCH) / 10_000n);
const dates = fc.integer({ min: FIRST_MS, max: LAST_MS }).map((ms) => new Date(ms));
const datesBefore10000 = fc
  .integer({ min: FIRST_MS, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) })
  .map((ms) => new Date(ms));

describe('fromDate', () => {
  it('puts the Unix epoch and 1601-01-01 where FILETIME has them', () => {
    expect(fromDate(new Date(0)).ticks).toBe(UNIX_EPOCH);
    expect(fromDate(new Date('1970-01-01T00:00:00Z')).ticks).toBe(116_444_736_000_000_000n);
    expect(fromDate(new Date(Date.UTC(1601, 0, 1))).ticks).toBe(0n);
  });

  it('keeps every millisecond: toDateFloored gives the same Date back', () => {
    fc.assert(
      fc.property(dates, (date) => {
        expect(toDateFloored(fromDate(date))).toEqual(date);
      }),
    );
  });

  it('agrees with the Date on the printed instant', () => {
    fc.assert(
      fc.property(datesBefore10000, (date) => {
        expect(fromDate(date).toString()).toBe(`${date.toISOString().slice(0, 23)}0000Z`);
      }),
    );
  });

  it('rejects an Invalid Date with a FileTimeRangeError', () => {
    const invalid = new Date(Number.NaN);
    expect(() => fromDate(invalid)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        code: 'ERR_FILETIME_RANGE',
        message: 'Invalid Date cannot be a FILETIME',
        value: invalid,
        allowed: 'a valid Date from 1601-01-01 on',
      }),
    );
  });

  it('rejects a Date before 1601-01-01, naming it', () => {
    expect(() => fromDate(new Date(Date.UTC(1600, 11, 31, 23, 59, 59, 999)))).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        message:
          'Date 1600-12-31T23:59:59.999Z = -10000 ticks is out of range: a FILETIME is 0 to 18446744073709551615 (2^64 − 1) ticks of 100 ns since 1601-01-01T00:00:00Z',
        value: -10_000n,
      }),
    );
  });

  it('rejects a Date after the last FILETIME', () => {
    expect(() => fromDate(new Date(LAST_MS + 1))).toThrow(
      expect.objectContaining({ name: 'FileTimeRangeError' }),
    );
  });
});

describe('toDateFloored', () => {
  it('gives a valid Date for every FILETIME, never later than it and less than 1 ms earlier', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const date = toDateFloored(new FileTime(ticks));
        expect(Number.isNaN(date.getTime())).toBe(false);
        const back = fromDate(date).ticks;
        expect(back <= ticks && ticks < back + 10_000n).toBe(true);
      }),
    );
  });

  it('floors before 1970 too', () => {
    expect(toDateFloored(new FileTime(UNIX_EPOCH - 1n)).toISOString()).toBe(
      '1969-12-31T23:59:59.999Z',
    );
    expect(toDateFloored(new FileTime(UNIX_EPOCH + 9_999n)).toISOString()).toBe(
      '1970-01-01T00:00:00.000Z',
    );
  });

  it('reaches the last FILETIME in year 60056', () => {
    expect(toDateFloored(new FileTime(MAX)).toISOString()).toBe('+060056-05-28T05:36:10.955Z');
  });
});
