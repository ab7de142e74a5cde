import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FileTime,
  FileTimeParseError,
  fromRegBinary,
  fromRegQword,
  toRegBinary,
  toRegQword,
} from './index.js';

const MAX = 2n ** 64n - 1n;
const UNIX_EPOCH = 116_444_736_000_000_000n;
const QWORD_FORM =
  'hex(b): followed by 8 comma-separated bytes, little-endian, e.g. hex(b):00,80,3e,d5,de,b1,9d,01';
const BINARY_FORM =
  'hex: followed by 8 comma-separated bytes, little-endian, e.g. hex:00,80,3e,d5,de,b1,9d,01';
const u64 = fc.bigInt({ min: 0n, max: MAX });
/** Value names as Registry Editor quotes them (no quotes or backslashes to escape). */
const valueName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.-]{0,30}$/);

/** `Date`'s ISO string for a millisecond-aligned FILETIME, widened to FILETIME's 7 digits. */
function isoThroughDate(ticks: bigint): string {
  const milliseconds = Number((ticks - UNIX_EPOCH) / 10_000n);
  return `${new Date(milliseconds).toISOString().slice(0, 23)}0000Z`;
}

describe('toRegQword', () => {
  it('writes hex(b): and the 8 little-endian bytes, as Registry Editor exports a REG_QWORD', () => {
    expect(toRegQword(new FileTime(UNIX_EPOCH))).toBe('hex(b):00,80,3e,d5,de,b1,9d,01');
    expect(toRegQword(new FileTime(0n))).toBe('hex(b):00,00,00,00,00,00,00,00');
    expect(toRegQword(new FileTime(MAX))).toBe('hex(b):ff,ff,ff,ff,ff,ff,ff,ff');
  });
});

describe('toRegBinary', () => {
  it('writes hex: and the 8 little-endian bytes, as Registry Editor exports a REG_BINARY', () => {
    expect(toRegBinary(new FileTime(UNIX_EPOCH))).toBe('hex:00,80,3e,d5,de,b1,9d,01');
    expect(toRegBinary(new FileTime(1n))).toBe('hex:01,00,00,00,00,00,00,00');
  });
});

describe('fromRegQword', () => {
  it('reads back what toRegQword writes, for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const text = toRegQword(new FileTime(ticks));
        expect(text).toMatch(/^hex\(b\):[0-9a-f]{2}(,[0-9a-f]{2}){7}$/);
        expect(fromRegQword(text).ticks).toBe(ticks);
      }),
    );
  });

  it('reads a DSNextSiteListRefreshTime line from a .reg export', () => {
    // 2024-03-15T08:42:17.123Z, a whole millisecond, so Date can check the result.
    const line = '"DSNextSiteListRefreshTime"=hex(b):30,bf,7c,af,b4,76,da,01';
    const time = fromRegQword(line);
    expect(time.ticks).toBe(133_549_657_371_230_000n);
    expect(time.toString()).toBe('2024-03-15T08:42:17.1230000Z');
    expect(time.toString()).toBe(isoThroughDate(time.ticks));
    expect(isoThroughDate(time.ticks)).toBe(
      `${new Date(Date.UTC(2024, 2, 15, 8, 42, 17, 123)).toISOString().slice(0, 23)}0000Z`,
    );
  });

  it('reads a value with sub-millisecond ticks, as GetSystemTimeAsFileTime writes them', () => {
    const time = fromRegQword('"DSNextSiteListRefreshTime"=hex(b):cb,29,11,40,3e,94,d9,01');
    expect(time.ticks).toBe(133_300_659_067_890_123n);
    expect(time.toString()).toBe('2023-06-01T04:05:06.7890123Z');
  });

  it('reads a line Registry Editor wrapped with backslash continuations (LF or CRLF)', () => {
    const expected = '2025-11-23T09:30:00.0000000Z';
    const wrappedLf = '"DSNextSiteListRefreshTime"=hex(b):00,9c,2e,bd,5b,\\\n  5c,dc,01';
    const wrappedCrLf =
      '"DSNextSiteListRefreshTime"=hex(b):00,9c,\\\r\n  2e,bd,5b,5c,\\\r\n  dc,01\r\n';
    expect(fromRegQword(wrappedLf).toString()).toBe(expected);
    expect(fromRegQword(wrappedCrLf).toString()).toBe(expected);
    expect(new Date(Date.UTC(2025, 10, 23, 9, 30)).toISOString()).toBe('2025-11-23T09:30:00.000Z');
  });

  it('accepts upper case, spaces around "=" and bytes, and a quoted name with escapes', () => {
    for (const text of [
      'HEX(B):00,80,3E,D5,DE,B1,9D,01',
      '  hex(b): 00, 80, 3e, d5, de, b1, 9d, 01  ',
      '"Last \\"refresh\\""  =  hex(b):00,80,3e,d5,de,b1,9d,01',
      '"C:\\\\path"=hex(b):00,80,3e,d5,de,b1,9d,01',
    ]) {
      expect(fromRegQword(text).ticks).toBe(UNIX_EPOCH);
    }
  });

  it('reads any named value line, however it is wrapped', () => {
    fc.assert(
      fc.property(u64, valueName, fc.integer({ min: 1, max: 7 }), (ticks, name, wrapAfter) => {
        const bytes = toRegQword(new FileTime(ticks)).slice('hex(b):'.length).split(',');
        const body = `${bytes.slice(0, wrapAfter).join(',')},\\\n  ${bytes.slice(wrapAfter).join(',')}`;
        expect(fromRegQword(`"${name}"=hex(b):${body}`).ticks).toBe(ticks);
      }),
    );
  });

  it('rejects hex(11): with a hint that REG_QWORD is hex(b)', () => {
    const text = 'hex(11):00,80,3e,d5,de,b1,9d,01';
    expect(() => fromRegQword(text)).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        code: 'ERR_FILETIME_PARSE',
        message: `"hex(11):00,80,3e,d5,de,b1,9d,01" is not a REG_QWORD .reg value: hex(11) is registry type 0x11; REG_QWORD is hex(b) (expected ${QWORD_FORM})`,
        value: text,
        allowed: QWORD_FORM,
      }),
    );
  });

  it('gives the hex(11) hint for a named line too', () => {
    const text = '"DSNextSiteListRefreshTime"=hex(11):00,80,3e,d5,de,b1,9d,01';
    expect(() => fromRegQword(text)).toThrow(
      expect.objectContaining({
        message: `${JSON.stringify(text)} is not a REG_QWORD .reg value: hex(11) is registry type 0x11; REG_QWORD is hex(b) (expected ${QWORD_FORM})`,
      }),
    );
  });

  it('rejects 7 bytes and 9 bytes', () => {
    expect(() => fromRegQword('hex(b):00,80,3e,d5,de,b1,9d')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"hex(b):00,80,3e,d5,de,b1,9d" is not a REG_QWORD .reg value: it has 7 bytes, a FILETIME has 8 (expected ${QWORD_FORM})`,
        value: 'hex(b):00,80,3e,d5,de,b1,9d',
      }),
    );
    expect(() => fromRegQword('hex(b):00,80,3e,d5,de,b1,9d,01,00')).toThrow(
      expect.objectContaining({
        message: `"hex(b):00,80,3e,d5,de,b1,9d,01,00" is not a REG_QWORD .reg value: it has 9 bytes, a FILETIME has 8 (expected ${QWORD_FORM})`,
      }),
    );
  });

  it('rejects a byte that is not two hex digits, naming its position', () => {
    expect(() => fromRegQword('hex(b):00,80,zz,d5,de,b1,9d,01')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"hex(b):00,80,zz,d5,de,b1,9d,01" is not a REG_QWORD .reg value: byte 3 "zz" is not two hex digits (expected ${QWORD_FORM})`,
      }),
    );
    expect(() => fromRegQword('hex(b):0,80,3e,d5,de,b1,9d,01')).toThrow(
      expect.objectContaining({
        message: `"hex(b):0,80,3e,d5,de,b1,9d,01" is not a REG_QWORD .reg value: byte 1 "0" is not two hex digits (expected ${QWORD_FORM})`,
      }),
    );
    expect(() => fromRegQword('hex(b):')).toThrow(FileTimeParseError);
    expect(() => fromRegQword('hex(b):00,80,3e,d5,de,b1,9d,01,')).toThrow(FileTimeParseError);
  });

  it('rejects another prefix', () => {
    for (const text of [
      'hex:00,80,3e,d5,de,b1,9d,01',
      'dword:00000001',
      '00,80,3e,d5,de,b1,9d,01',
      '"Name"=dword:00000001',
    ]) {
      expect(() => fromRegQword(text)).toThrow(
        expect.objectContaining({
          name: 'FileTimeParseError',
          message: `${JSON.stringify(text)} is not a REG_QWORD .reg value: it does not start with hex(b): (expected ${QWORD_FORM})`,
          value: text,
        }),
      );
    }
  });
});

describe('fromRegBinary', () => {
  it('reads back what toRegBinary writes, for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        expect(fromRegBinary(toRegBinary(new FileTime(ticks))).ticks).toBe(ticks);
      }),
    );
  });

  it('reads a named, wrapped REG_BINARY line', () => {
    const line = '"LastRefresh"=hex:30,bf,7c,af,\\\r\n  b4,76,da,01';
    expect(fromRegBinary(line).toString()).toBe('2024-03-15T08:42:17.1230000Z');
  });

  it('rejects a REG_QWORD and other prefixes', () => {
    expect(() => fromRegBinary('hex(b):00,80,3e,d5,de,b1,9d,01')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"hex(b):00,80,3e,d5,de,b1,9d,01" is not a REG_BINARY .reg value: it does not start with hex: (expected ${BINARY_FORM})`,
        allowed: BINARY_FORM,
      }),
    );
  });

  it('rejects a wrong number of bytes and bad bytes', () => {
    expect(() => fromRegBinary('hex:00,80,3e,d5,de,b1,9d')).toThrow(
      expect.objectContaining({
        message: `"hex:00,80,3e,d5,de,b1,9d" is not a REG_BINARY .reg value: it has 7 bytes, a FILETIME has 8 (expected ${BINARY_FORM})`,
      }),
    );
    expect(() => fromRegBinary('hex:00,80,3e,d5,de,b1,9d,1g')).toThrow(
      expect.objectContaining({
        message: `"hex:00,80,3e,d5,de,b1,9d,1g" is not a REG_BINARY .reg value: byte 8 "1g" is not two hex digits (expected ${BINARY_FORM})`,
      }),
    );
  });
});
