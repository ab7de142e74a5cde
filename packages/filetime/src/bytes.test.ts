import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileTime, fromBytes, toBytes } from './index.js';

const MAX = 2n ** 64n - 1n;
const u64 = fc.bigInt({ min: 0n, max: MAX });

describe('toBytes', () => {
  it('writes the Unix epoch as the 8 little-endian bytes 00 80 3e d5 de b1 9d 01', () => {
    expect(toBytes(new FileTime(116_444_736_000_000_000n))).toEqual(
      new Uint8Array([0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01]),
    );
  });

  it('writes the extremes', () => {
    expect(toBytes(new FileTime(0n))).toEqual(new Uint8Array(8));
    expect(toBytes(new FileTime(1n))).toEqual(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]));
    expect(toBytes(new FileTime(MAX))).toEqual(new Uint8Array(8).fill(0xff));
  });

  it('writes the least significant byte first', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const bytes = toBytes(new FileTime(ticks));
        expect(bytes).toHaveLength(8);
        const value = Array.from(bytes).reduceRight((sum, byte) => sum * 256n + BigInt(byte), 0n);
        expect(value).toBe(ticks);
      }),
    );
  });

  it('returns a fresh array each time', () => {
    const time = new FileTime(116_444_736_000_000_000n);
    const first = toBytes(time);
    first.fill(0);
    expect(toBytes(time)).toEqual(new Uint8Array([0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01]));
  });
});

describe('fromBytes', () => {
  it('reads back what toBytes writes, for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        expect(fromBytes(toBytes(new FileTime(ticks))).ticks).toBe(ticks);
      }),
    );
  });

  it('reads the Unix epoch', () => {
    const bytes = new Uint8Array([0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01]);
    expect(fromBytes(bytes).toString()).toBe('1970-01-01T00:00:00.0000000Z');
  });

  it('reads 8 bytes that are a view into a larger buffer, at any offset', () => {
    fc.assert(
      fc.property(u64, fc.integer({ min: 0, max: 24 }), (ticks, offset) => {
        const buffer = new Uint8Array(32).fill(0xaa);
        buffer.set(toBytes(new FileTime(ticks)), offset);
        expect(fromBytes(buffer.subarray(offset, offset + 8)).ticks).toBe(ticks);
      }),
    );
  });

  it('rejects anything but exactly 8 bytes', () => {
    for (const length of [0, 7, 9, 16]) {
      expect(() => fromBytes(new Uint8Array(length))).toThrow(
        expect.objectContaining({
          name: 'FileTimeParseError',
          code: 'ERR_FILETIME_PARSE',
          message: `"${length} bytes" is not a FILETIME byte sequence (expected exactly 8 little-endian bytes)`,
          value: `${length} bytes`,
          allowed: 'exactly 8 little-endian bytes',
        }),
      );
    }
  });
});
