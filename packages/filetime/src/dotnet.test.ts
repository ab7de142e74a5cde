import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOTNET_MAX_TICKS,
  DOTNET_TICKS_AT_FILETIME_EPOCH,
  FileTime,
  FileTimeRangeError,
  fromDotNetTicks,
  toDotNetTicks,
} from './index.js';

const MAX = 2n ** 64n - 1n;
const OFFSET = 504_911_232_000_000_000n;
/** `DateTime.MaxValue.Ticks`. */
const MAX_VALUE = 3_155_378_975_999_999_999n;
/** The FILETIME of `DateTime.MaxValue`: 9999-12-31T23:59:59.9999999Z. */
const LAST_DOTNET_FILETIME = MAX_VALUE - OFFSET;
const DOTNET_RANGE =
  '.NET DateTime ticks from 504911232000000000 (1601-01-01) to 3155378975999999999 (9999-12-31T23:59:59.9999999)';
const dotNetRange = fc.bigInt({ min: 0n, max: LAST_DOTNET_FILETIME });

describe('toDotNetTicks', () => {
  it('offsets by 504911232000000000, DateTime.FromFileTimeUtc(0).Ticks', () => {
    expect(DOTNET_TICKS_AT_FILETIME_EPOCH).toBe(OFFSET);
    expect(DOTNET_MAX_TICKS).toBe(MAX_VALUE);
    expect(toDotNetTicks(new FileTime(0n))).toBe(504_911_232_000_000_000n);
  });

  it('gives the well-known .NET ticks of the Unix epoch, 621355968000000000', () => {
    expect(toDotNetTicks(new FileTime(116_444_736_000_000_000n))).toBe(621_355_968_000_000_000n);
  });

  it('reaches DateTime.MaxValue and no further', () => {
    const last = new FileTime(LAST_DOTNET_FILETIME);
    expect(last.toString()).toBe('9999-12-31T23:59:59.9999999Z');
    expect(toDotNetTicks(last)).toBe(MAX_VALUE);
    expect(() => toDotNetTicks(last.plus(1n))).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        code: 'ERR_FILETIME_RANGE',
        message:
          'FILETIME 2650467744000000000 (10000-01-01T00:00:00.0000000Z) is after .NET DateTime.MaxValue',
        value: 2_650_467_744_000_000_000n,
        allowed: DOTNET_RANGE,
      }),
    );
  });

  it('throws FileTimeRangeError for every FILETIME after DateTime.MaxValue', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: LAST_DOTNET_FILETIME + 1n, max: MAX }), (ticks) => {
        expect(() => toDotNetTicks(new FileTime(ticks))).toThrow(FileTimeRangeError);
      }),
    );
  });
});

describe('fromDotNetTicks', () => {
  it('reads back what toDotNetTicks writes, over the whole .NET range', () => {
    fc.assert(
      fc.property(dotNetRange, (ticks) => {
        const dotNet = toDotNetTicks(new FileTime(ticks));
        expect(dotNet).toBe(ticks + OFFSET);
        expect(fromDotNetTicks(dotNet).ticks).toBe(ticks);
      }),
    );
  });

  it('reads the Unix epoch and DateTime.MaxValue', () => {
    expect(fromDotNetTicks(621_355_968_000_000_000n).toString()).toBe(
      '1970-01-01T00:00:00.0000000Z',
    );
    expect(fromDotNetTicks(MAX_VALUE).toString()).toBe('9999-12-31T23:59:59.9999999Z');
  });

  it('rejects ticks past DateTime.MaxValue', () => {
    expect(() => fromDotNetTicks(MAX_VALUE + 1n)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        message: '.NET ticks 3155378976000000000 are past DateTime.MaxValue',
        value: MAX_VALUE + 1n,
        allowed: DOTNET_RANGE,
      }),
    );
  });

  it('rejects ticks before 1601-01-01, such as DateTime.MinValue', () => {
    expect(() => fromDotNetTicks(OFFSET - 1n)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        message:
          '.NET ticks 504911231999999999 = -1 ticks is out of range: a FILETIME is 0 to 18446744073709551615 (2^64 − 1) ticks of 100 ns since 1601-01-01T00:00:00Z',
        value: -1n,
      }),
    );
    expect(() => fromDotNetTicks(0n)).toThrow(FileTimeRangeError);
  });

  it('rejects a number too large to be exact instead of rounding it', () => {
    expect(() => fromDotNetTicks(621_355_968_000_000_000)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        message:
          '.NET ticks 621355968000000000 is not a whole number of ticks: pass a bigint or a safe integer',
      }),
    );
  });
});
