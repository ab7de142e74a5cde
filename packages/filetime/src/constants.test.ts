import { describe, expect, it } from 'vitest';
import {
  DOTNET_MAX_TICKS,
  DOTNET_TICKS_AT_FILETIME_EPOCH,
  MAX_FILETIME_TICKS,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MICROSECOND,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  UNIX_EPOCH_TICKS,
} from './index.js';

describe('constants', () => {
  it('put the Unix epoch 11644473600 seconds after 1601-01-01, as Date counts them', () => {
    expect(Date.UTC(1601, 0, 1)).toBe(-11_644_473_600_000);
    expect(UNIX_EPOCH_TICKS).toBe(BigInt(-Date.UTC(1601, 0, 1)) * 10_000n);
  });

  it('make the largest FILETIME the largest unsigned 64-bit integer', () => {
    expect(MAX_FILETIME_TICKS).toBe(2n ** 64n - 1n);
  });

  it('place .NET ticks: 0001-01-01 is 584388 days before 1601-01-01, MaxValue one tick before 10000', () => {
    // Days from 0001-01-01 to 1601-01-01 in the proleptic Gregorian calendar, via Date.
    const year1 = new Date(0);
    year1.setUTCFullYear(1, 0, 1);
    const days = (Date.UTC(1601, 0, 1) - year1.getTime()) / 86_400_000;
    expect(days).toBe(584_388);
    expect(DOTNET_TICKS_AT_FILETIME_EPOCH).toBe(BigInt(days) * 864_000_000_000n);
    const toYear10000 = (Date.UTC(9999, 11, 31) + 86_400_000 - year1.getTime()) / 86_400_000;
    expect(DOTNET_MAX_TICKS).toBe(BigInt(toYear10000) * 864_000_000_000n - 1n);
  });

  it('count 100-ns ticks per unit', () => {
    expect([
      TICKS_PER_MICROSECOND,
      TICKS_PER_MILLISECOND,
      TICKS_PER_SECOND,
      TICKS_PER_MINUTE,
      TICKS_PER_HOUR,
      TICKS_PER_DAY,
    ]).toEqual([10n, 10_000n, 10_000_000n, 600_000_000n, 36_000_000_000n, 864_000_000_000n]);
  });
});
