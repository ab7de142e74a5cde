import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileTime, fromHex, toHex } from './index.js';

const MAX = 2n ** 64n - 1n;
const HEX_FORM = '0x followed by 1 to 16 hex digits, e.g. 0x01DB3D7E5A2C8000';
const u64 = fc.bigInt({ min: 0n, max: MAX });

describe('toHex', () => {
  it('writes 0x and 16 upper-case digits', () => {
    expect(toHex(new FileTime(0n))).toBe('0x0000000000000000');
    expect(toHex(new FileTime(116_444_736_000_000_000n))).toBe('0x019DB1DED53E8000');
    expect(toHex(new FileTime(0x7fff_ffff_ffff_ffffn))).toBe('0x7FFFFFFFFFFFFFFF');
    expect(toHex(new FileTime(MAX))).toBe('0xFFFFFFFFFFFFFFFF');
  });

  it('writes the same number, always 18 characters long', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const text = toHex(new FileTime(ticks));
        expect(text).toMatch(/^0x[0-9A-F]{16}$/);
        expect(BigInt(text)).toBe(ticks);
      }),
    );
  });
});

describe('fromHex', () => {
  it('reads back what toHex writes, for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        expect(fromHex(toHex(new FileTime(ticks))).ticks).toBe(ticks);
      }),
    );
  });

  it('reads any case, with or without the prefix, with or without leading zeros', () => {
    fc.assert(
      fc.property(u64, fc.constantFrom('0x', '0X', ''), fc.boolean(), (ticks, prefix, upper) => {
        const digits = ticks.toString(16);
        const text = `${prefix}${upper ? digits.toUpperCase() : digits}`;
        expect(fromHex(text).ticks).toBe(ticks);
      }),
    );
  });

  it('reads short forms and ignores surrounding white space', () => {
    expect(fromHex('0x1').ticks).toBe(1n);
    expect(fromHex('  0x019db1ded53e8000 \n').ticks).toBe(116_444_736_000_000_000n);
    expect(fromHex('019DB1DED53E8000').ticks).toBe(116_444_736_000_000_000n);
  });

  it('rejects 17 digits, naming the input and the accepted form', () => {
    expect(() => fromHex('0x10000000000000000')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        code: 'ERR_FILETIME_PARSE',
        message: `"0x10000000000000000" is not a hex FILETIME (expected ${HEX_FORM})`,
        value: '0x10000000000000000',
        allowed: HEX_FORM,
      }),
    );
  });

  it('rejects text that is not hex', () => {
    for (const text of [
      'xyz',
      '0xxyz',
      '',
      '0x',
      '0x-1',
      '-0x1',
      '0x 12',
      '0x1_000',
      '0x1.8',
      'h10',
    ]) {
      expect(() => fromHex(text)).toThrow(
        expect.objectContaining({
          name: 'FileTimeParseError',
          message: `${JSON.stringify(text)} is not a hex FILETIME (expected ${HEX_FORM})`,
          value: text,
        }),
      );
    }
  });
});
