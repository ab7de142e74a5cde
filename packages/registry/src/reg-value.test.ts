import { fromIso, fromTicks } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { binary, dword, expandSz, multiSz, qword, RegistryValueError, raw, sz } from './index.js';

describe('value constructors', () => {
  it('build plain, frozen values of each type', () => {
    expect(sz('C:\\Windows')).toEqual({ type: 'REG_SZ', data: 'C:\\Windows' });
    expect(expandSz('%SystemRoot%\\Debug')).toEqual({
      type: 'REG_EXPAND_SZ',
      data: '%SystemRoot%\\Debug',
    });
    expect(multiSz(['DC01', 'DC02'])).toEqual({ type: 'REG_MULTI_SZ', data: ['DC01', 'DC02'] });
    expect(dword(168)).toEqual({ type: 'REG_DWORD', data: 168 });
    expect(qword(134405036471234567n)).toEqual({ type: 'REG_QWORD', data: 134405036471234567n });
    expect(binary([1, 0, 255])).toEqual({ type: 'REG_BINARY', data: Uint8Array.of(1, 0, 255) });
    expect(Object.isFrozen(dword(1))).toBe(true);
    expect(Object.isFrozen(multiSz(['a']).data)).toBe(true);
  });

  it('copies byte arrays and lists, so later changes to the input do not leak in', () => {
    const bytes = Uint8Array.of(1, 2);
    const value = binary(bytes);
    bytes[0] = 9;
    expect(value.data).toEqual(Uint8Array.of(1, 2));
    const items = ['a'];
    const list = multiSz(items);
    items.push('b');
    expect(list.data).toEqual(['a']);
  });

  it('takes a QWORD from a bigint, a safe integer or a FileTime', () => {
    expect(qword(fromIso('2026-11-30T09:00:00Z'))).toEqual({
      type: 'REG_QWORD',
      data: 134405028000000000n,
    });
    expect(qword(fromTicks(116444736000000000n)).data).toBe(116444736000000000n);
    expect(qword(42).data).toBe(42n);
  });

  it('accepts the ends of the DWORD and QWORD ranges', () => {
    expect(dword(0).data).toBe(0);
    expect(dword(0xffff_ffff).data).toBe(4294967295);
    expect(qword(0n).data).toBe(0n);
    expect(qword(2n ** 64n - 1n).data).toBe(18446744073709551615n);
  });

  it.each([
    ['a DWORD of 2^32', () => dword(2 ** 32), 'an integer from 0 to 4294967295'],
    ['a negative DWORD', () => dword(-1), 'an integer from 0 to 4294967295'],
    ['a fractional DWORD', () => dword(1.5), 'an integer from 0 to 4294967295'],
    [
      'a QWORD of 2^64',
      () => qword(2n ** 64n),
      'a bigint from 0 to 18446744073709551615 (2^64 − 1)',
    ],
    ['a negative QWORD', () => qword(-1n), 'a bigint from 0 to 18446744073709551615 (2^64 − 1)'],
    [
      'an unsafe number QWORD',
      () => qword(2 ** 60),
      'a bigint from 0 to 18446744073709551615 (2^64 − 1)',
    ],
    [
      'a NUL inside a REG_MULTI_SZ item',
      () => multiSz(['a\0b']),
      'an array of strings without NUL',
    ],
    ['a non-byte in binary data', () => binary([256]), 'a Uint8Array'],
    ['a REG_QWORD of 4 bytes', () => raw(11, [1, 2, 3, 4]), 'exactly 8 bytes (little-endian)'],
    [
      'odd-length REG_EXPAND_SZ bytes',
      () => raw(2, [0x41]),
      'an even number of bytes (UTF-16LE text)',
    ],
    [
      'a type number past 0xFFFFFFFF',
      () => raw(2 ** 32, []),
      'an integer type number from 0 to 4294967295',
    ],
  ])('reject %s with RegistryValueError naming what is allowed', (_case, build, allowed) => {
    let error: unknown;
    try {
      build();
    } catch (caught) {
      error = caught;
    }
    expect(RegistryValueError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_REG_VALUE', allowed });
  });

  it('names the data in the message', () => {
    expect(() => dword(4294967296)).toThrow(
      'REG_DWORD data 4294967296 is out of range (expected an integer from 0 to 4294967295)',
    );
  });
});

describe('raw', () => {
  it('keeps types without a typed form as their bytes', () => {
    expect(raw(0, [])).toEqual({ type: 'REG_RAW', kind: 0, data: new Uint8Array() });
    expect(raw(0xabcd, [0x56, 0])).toEqual({
      type: 'REG_RAW',
      kind: 0xabcd,
      data: Uint8Array.of(0x56, 0),
    });
  });

  it('turns well-formed bytes of a typed kind into the typed value', () => {
    expect(raw(4, [0xa8, 0, 0, 0])).toEqual({ type: 'REG_DWORD', data: 168 });
    expect(raw(3, [1, 2])).toEqual({ type: 'REG_BINARY', data: Uint8Array.of(1, 2) });
    expect(raw(1, [0x61, 0, 0, 0])).toEqual({ type: 'REG_SZ', data: 'a' });
    expect(raw(7, [0x61, 0, 0, 0, 0, 0])).toEqual({ type: 'REG_MULTI_SZ', data: ['a'] });
    expect(raw(11, [0, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 1])).toEqual({
      type: 'REG_QWORD',
      data: 116444736000000000n,
    });
  });

  it('keeps malformed data of a typed kind raw', () => {
    expect(raw(1, [0x61, 0])).toEqual({ type: 'REG_RAW', kind: 1, data: Uint8Array.of(0x61, 0) });
    expect(raw(4, [7, 0])).toEqual({ type: 'REG_RAW', kind: 4, data: Uint8Array.of(7, 0) });
    expect(raw(7, [0x61, 0, 0, 0])).toEqual({
      type: 'REG_RAW',
      kind: 7,
      data: Uint8Array.of(0x61, 0, 0, 0),
    });
    expect(raw(2, [])).toEqual({ type: 'REG_RAW', kind: 2, data: new Uint8Array() });
  });
});
