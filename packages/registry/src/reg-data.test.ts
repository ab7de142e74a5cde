import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regValueArbitrary } from './__fixtures__/arbitraries.js';
import {
  dword,
  expandSz,
  fromRegData,
  multiSz,
  qword,
  RegistryValueError,
  sz,
  toRegData,
} from './index.js';

describe('toRegData', () => {
  it('encodes values the way RegQueryValueEx returns them', () => {
    expect(toRegData(dword(168))).toEqual({ kind: 4, bytes: Uint8Array.of(0xa8, 0, 0, 0) });
    expect(toRegData(qword(116444736000000000n))).toEqual({
      kind: 11,
      bytes: Uint8Array.of(0, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 1),
    });
    expect(toRegData(sz('a'))).toEqual({ kind: 1, bytes: Uint8Array.of(0x61, 0, 0, 0) });
    expect(toRegData(expandSz(''))).toEqual({ kind: 2, bytes: Uint8Array.of(0, 0) });
    expect(toRegData(multiSz(['a', 'b']))).toEqual({
      kind: 7,
      bytes: Uint8Array.of(0x61, 0, 0, 0, 0x62, 0, 0, 0, 0, 0),
    });
    expect(toRegData(multiSz([]))).toEqual({ kind: 7, bytes: Uint8Array.of(0, 0) });
  });

  it('rejects something that is not a value', () => {
    expect(() => toRegData({ type: 'REG_DWORD', data: 'x' } as never)).toThrow(RegistryValueError);
  });
});

describe('fromRegData', () => {
  it('rejects bytes no registry value of the kind can have', () => {
    expect(() => fromRegData({ kind: 11, bytes: new Uint8Array(7) })).toThrow(RegistryValueError);
    expect(() => fromRegData({ kind: 7, bytes: new Uint8Array(3) })).toThrow(RegistryValueError);
  });

  it('is the inverse of toRegData for every value (property)', () => {
    fc.assert(
      fc.property(regValueArbitrary, (value) => {
        expect(fromRegData(toRegData(value))).toEqual(value);
      }),
    );
  });

  it('keeps any bytes of any kind exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 9, 0x1234),
        fc.uint8Array({ maxLength: 40 }),
        (kind, bytes) => {
          const even =
            kind === 1 || kind === 2 || kind === 7 ? bytes.subarray(bytes.length % 2) : bytes;
          expect(toRegData(fromRegData({ kind, bytes: even }))).toEqual({ kind, bytes: even });
        },
      ),
    );
  });
});
