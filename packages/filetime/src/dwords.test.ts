import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileTime, FileTimeParseError, fromDwords, fromDwordText, toDwords } from './index.js';

const MAX = 2n ** 64n - 1n;
const DWORD_FORM = 'two unsigned 32-bit integers, decimal or 0x-hex, as high:low';
const u64 = fc.bigInt({ min: 0n, max: MAX });
const dword = fc.integer({ min: 0, max: 0xffff_ffff });

describe('toDwords', () => {
  it('splits the Unix epoch into dwHighDateTime 27111902 and dwLowDateTime 3577643008', () => {
    expect(toDwords(new FileTime(116_444_736_000_000_000n))).toEqual({
      high: 27_111_902,
      low: 3_577_643_008,
    });
  });

  it('splits the extremes', () => {
    expect(toDwords(new FileTime(0n))).toEqual({ high: 0, low: 0 });
    expect(toDwords(new FileTime(0xffff_ffffn))).toEqual({ high: 0, low: 4_294_967_295 });
    expect(toDwords(new FileTime(0x1_0000_0000n))).toEqual({ high: 1, low: 0 });
    expect(toDwords(new FileTime(MAX))).toEqual({ high: 4_294_967_295, low: 4_294_967_295 });
  });

  it('gives two unsigned 32-bit halves that make the FILETIME as high × 2^32 + low', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const { high, low } = toDwords(new FileTime(ticks));
        for (const half of [high, low]) {
          expect(Number.isInteger(half) && half >= 0 && half <= 0xffff_ffff).toBe(true);
        }
        expect(BigInt(high) * 4_294_967_296n + BigInt(low)).toBe(ticks);
      }),
    );
  });
});

describe('fromDwords', () => {
  it('joins what toDwords splits, for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const { high, low } = toDwords(new FileTime(ticks));
        expect(fromDwords(high, low).ticks).toBe(ticks);
      }),
    );
  });

  it('splits what it joins, for every pair of DWORDs', () => {
    fc.assert(
      fc.property(dword, dword, (high, low) => {
        expect(toDwords(fromDwords(high, low))).toEqual({ high, low });
      }),
    );
  });

  it('joins the Unix epoch', () => {
    expect(fromDwords(27_111_902, 3_577_643_008).ticks).toBe(116_444_736_000_000_000n);
  });

  it('rejects a high half above 2^32 − 1, naming the pair, the half and the valid form', () => {
    expect(() => fromDwords(4_294_967_296, 0)).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        code: 'ERR_FILETIME_PARSE',
        message: `"4294967296:0" is not a DWORD pair: high is 4294967296 (expected ${DWORD_FORM})`,
        value: '4294967296:0',
        allowed: DWORD_FORM,
      }),
    );
  });

  it('rejects negative, fractional and non-finite halves', () => {
    expect(() => fromDwords(0, -1)).toThrow(
      expect.objectContaining({
        message: `"0:-1" is not a DWORD pair: low is -1 (expected ${DWORD_FORM})`,
      }),
    );
    for (const [high, low] of [
      [1.5, 0],
      [0, 0.5],
      [Number.NaN, 0],
      [0, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(() => fromDwords(high, low)).toThrow(FileTimeParseError);
    }
  });
});

describe('fromDwordText', () => {
  it('reads high:low in decimal or 0x hex, with spaces around the colon', () => {
    const epoch = 116_444_736_000_000_000n;
    expect(fromDwordText('27111902:3577643008').ticks).toBe(epoch);
    expect(fromDwordText('0x019DB1DE:0xD53E8000').ticks).toBe(epoch);
    expect(fromDwordText('0x019db1de:3577643008').ticks).toBe(epoch);
    expect(fromDwordText('  27111902 : 3577643008 ').ticks).toBe(epoch);
  });

  it('reads back every pair written in decimal or hex', () => {
    fc.assert(
      fc.property(dword, dword, fc.boolean(), (high, low, hex) => {
        const write = (half: number) => (hex ? `0x${half.toString(16)}` : String(half));
        expect(fromDwordText(`${write(high)}:${write(low)}`)).toEqual(fromDwords(high, low));
      }),
    );
  });

  it('rejects a half above 2^32 − 1', () => {
    expect(() => fromDwordText('4294967296:0')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"4294967296:0" is not a DWORD pair: a half is larger than 4294967295 (expected ${DWORD_FORM})`,
        value: '4294967296:0',
        allowed: DWORD_FORM,
      }),
    );
  });

  it('rejects anything but two integers separated by a colon', () => {
    for (const text of ['1', '1:2:3', ':1', '1:', '-1:0', '0x123456789:0', '1.5:2', 'a:b', '']) {
      expect(() => fromDwordText(text)).toThrow(
        expect.objectContaining({
          name: 'FileTimeParseError',
          message: `${JSON.stringify(text)} is not a DWORD pair (expected ${DWORD_FORM})`,
          value: text,
        }),
      );
    }
  });
});
