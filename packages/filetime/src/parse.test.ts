import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FILETIME_FORMS,
  FileTime,
  type FileTimeForm,
  FileTimeParseError,
  FileTimeRangeError,
  parseFileTime,
  toDecimal,
  toDwords,
  toHex,
  toIso,
  toRegBinary,
  toRegQword,
} from './index.js';

const MAX = 2n ** 64n - 1n;
const u64 = fc.bigInt({ min: 0n, max: MAX });
/** 2024-03-15T08:42:17.123Z, as a DSNextSiteListRefreshTime value might hold it. */
const REFRESH = 133_549_657_371_230_000n;
const FORMS =
  'decimal ticks (133444736000000000), hex (0x01DA0B4C3B5E8000, or bare hex with a letter), ' +
  'ISO-8601 UTC (2026-11-23T09:30:00Z), a .reg value (hex(b):00,80,… or hex:00,80,…), ' +
  'DWORDs high:low (31070412:1541750784), or now';

describe('parseFileTime', () => {
  it.each([
    ['133549657371230000', 'decimal'],
    ['  133549657371230000  ', 'decimal'],
    ['0x01DA76B4AF7CBF30', 'hex'],
    ['0x1da76b4af7cbf30', 'hex'],
    ['01DA76B4AF7CBF30', 'hex'],
    ['1da76b4af7cbf30', 'hex'],
    ['2024-03-15T08:42:17.123Z', 'iso'],
    ['2024-03-15T09:42:17.1230000+01:00', 'iso'],
    ['hex(b):30,bf,7c,af,b4,76,da,01', 'reg-qword'],
    ['HEX(B):30,BF,7C,AF,B4,76,DA,01', 'reg-qword'],
    ['hex:30,bf,7c,af,b4,76,da,01', 'reg-binary'],
    ['"DSNextSiteListRefreshTime"=hex(b):30,bf,7c,af,b4,76,da,01', 'reg-qword'],
    ['"DSNextSiteListRefreshTime" = hex(b):30,bf,7c,af,\\\n  b4,76,da,01', 'reg-qword'],
    ['hex(b):30,bf,7c,af,\\\r\n  b4,76,da,01', 'reg-qword'],
    ['"LastRefresh"=hex:30,bf,7c,af,b4,76,da,01', 'reg-binary'],
    ['31094452:2944188208', 'dwords'],
    ['31094452 : 2944188208', 'dwords'],
    ['0x01DA76B4:0xAF7CBF30', 'dwords'],
  ] as const)('reads %j as %s', (text, form) => {
    expect(parseFileTime(text)).toEqual({ time: new FileTime(REFRESH), form });
  });

  it('reads a date alone as midnight UTC', () => {
    expect(parseFileTime('2024-02-29')).toEqual({
      time: new FileTime(133_536_384_000_000_000n),
      form: 'iso',
    });
  });

  it('reads "now" from the clock it is given, in any case', () => {
    const now = () => new FileTime(REFRESH);
    expect(parseFileTime('now', now)).toEqual({ time: new FileTime(REFRESH), form: 'now' });
    expect(parseFileTime(' NOW ', now)).toEqual({ time: new FileTime(REFRESH), form: 'now' });
  });

  it('rejects "now" without a clock', () => {
    expect(() => parseFileTime('now')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: '"now" is not a FILETIME here (expected a fixed time; "now" needs a clock)',
        value: 'now',
        allowed: 'a fixed time; "now" needs a clock',
      }),
    );
  });

  it('reads every FILETIME back in every form, and says which form it was', () => {
    const encoders: readonly [FileTimeForm, (time: FileTime) => string][] = [
      ['decimal', toDecimal],
      ['hex', toHex],
      // Bare hex is only recognised with a letter in it; otherwise it would be decimal.
      [
        'hex',
        (time) =>
          toHex(time)
            .slice(2)
            .replace(/^[0-9]+$/, (digits) => `0x${digits}`),
      ],
      ['iso', toIso],
      ['reg-qword', toRegQword],
      ['reg-binary', toRegBinary],
      ['reg-qword', (time) => `"DSNextSiteListRefreshTime"=${toRegQword(time)}`],
      ['dwords', (time) => `${toDwords(time).high}:${toDwords(time).low}`],
    ];
    fc.assert(
      fc.property(u64, fc.constantFrom(...encoders), (ticks, [form, encode]) => {
        const time = new FileTime(ticks);
        expect(parseFileTime(encode(time))).toEqual({ time, form });
      }),
    );
  });

  it('lists every accepted form when the text is none of them', () => {
    expect(FILETIME_FORMS).toBe(FORMS);
    for (const text of ['yesterday', '', '-1', '1.5', 'hex', '12:', 'g0', '0x1:']) {
      expect(() => parseFileTime(text)).toThrow(
        expect.objectContaining({
          name: 'FileTimeParseError',
          code: 'ERR_FILETIME_PARSE',
          message: `${JSON.stringify(text)} is not a FILETIME in any known form (expected ${FORMS})`,
          value: text,
          allowed: FORMS,
        }),
      );
    }
  });

  it('passes on the error of the form it recognised', () => {
    expect(() => parseFileTime('hex(11):30,bf,7c,af,b4,76,da,01')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message:
          '"hex(11):30,bf,7c,af,b4,76,da,01" is not a REG_QWORD .reg value: hex(11) is registry type 0x11; REG_QWORD is hex(b) (expected hex(b): followed by 8 comma-separated bytes, little-endian, e.g. hex(b):00,80,3e,d5,de,b1,9d,01)',
      }),
    );
    const failures: [string, string][] = [
      ['0xxyz', 'hex FILETIME'],
      ['0x10000000000000000', 'hex FILETIME'],
      ['12345678901234567890a', 'FILETIME in any known form'],
      ['100000000000000000000', 'decimal FILETIME'],
      ['2026-13-01', 'ISO-8601 date'],
      ['2026-11-23T09:30:00', 'UTC date-time'],
      ['4294967296:0', 'DWORD pair'],
      ['hex(b):30,bf,7c', 'REG_QWORD .reg value'],
      ['"Name"=dword:00000001', 'REG_BINARY .reg value'],
    ];
    for (const [text, form] of failures) {
      const error = (() => {
        try {
          parseFileTime(text);
        } catch (thrown) {
          return thrown;
        }
        return expect.fail(`expected ${JSON.stringify(text)} to be rejected`);
      })();
      expect(FileTimeParseError.isInstance(error)).toBe(true);
      expect(
        (error as FileTimeParseError).message.startsWith(
          `${JSON.stringify(text)} is not a ${form}`,
        ),
      ).toBe(true);
    }
  });

  it('reports a value in a recognised form but out of range as a FileTimeRangeError', () => {
    expect(() => parseFileTime('18446744073709551616')).toThrow(FileTimeRangeError);
    expect(() => parseFileTime('1600-12-31T23:59:59Z')).toThrow(FileTimeRangeError);
  });
});
