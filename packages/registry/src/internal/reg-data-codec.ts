import type { RegValue } from '../reg-value.js';
import {
  REG_BINARY,
  REG_DWORD,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_QWORD,
  REG_SZ,
} from './reg-types.js';
import { decodeUtf16le, encodeUtf16le } from './utf16.js';

/** A value's registry type number and bytes, as `RegQueryValueEx` returns them. */
export interface EncodedRegData {
  readonly kind: number;
  readonly bytes: Uint8Array;
}

/** The type number and bytes of a (checked) value. Strings get their terminating NUL(s). */
export function encodeRegData(value: RegValue): EncodedRegData {
  switch (value.type) {
    case 'REG_SZ':
      return { kind: REG_SZ, bytes: encodeUtf16le(`${value.data}\0`) };
    case 'REG_EXPAND_SZ':
      return { kind: REG_EXPAND_SZ, bytes: encodeUtf16le(`${value.data}\0`) };
    case 'REG_MULTI_SZ':
      return {
        kind: REG_MULTI_SZ,
        bytes: encodeUtf16le(`${value.data.map((item) => `${item}\0`).join('')}\0`),
      };
    case 'REG_DWORD': {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, value.data, true);
      return { kind: REG_DWORD, bytes };
    }
    case 'REG_QWORD': {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, value.data, true);
      return { kind: REG_QWORD, bytes };
    }
    case 'REG_BINARY':
      return { kind: REG_BINARY, bytes: value.data.slice() };
    case 'REG_RAW':
      return { kind: value.kind, bytes: value.data.slice() };
  }
}

/**
 * The value whose encoding is exactly these bytes: the typed variant when the bytes are its
 * canonical form, else a `REG_RAW`. Callers have checked the kind range, that `REG_QWORD` data
 * is 8 bytes and that text kinds have an even length. The result is frozen; bytes are copied.
 */
export function decodeRegData(kind: number, bytes: Uint8Array): RegValue {
  const length = bytes.length;
  switch (kind) {
    case REG_SZ:
    case REG_EXPAND_SZ:
    case REG_MULTI_SZ: {
      if (length < 2 || bytes[length - 1] !== 0 || bytes[length - 2] !== 0) break;
      const text = decodeUtf16le(bytes, 0, length - 2);
      if (kind === REG_SZ) return Object.freeze({ type: 'REG_SZ', data: text });
      if (kind === REG_EXPAND_SZ) return Object.freeze({ type: 'REG_EXPAND_SZ', data: text });
      if (text === '') return Object.freeze({ type: 'REG_MULTI_SZ', data: Object.freeze([]) });
      if (!text.endsWith('\0')) break;
      const items = Object.freeze(text.slice(0, -1).split('\0'));
      return Object.freeze({ type: 'REG_MULTI_SZ', data: items });
    }
    case REG_BINARY:
      return Object.freeze({ type: 'REG_BINARY', data: bytes.slice() });
    case REG_DWORD:
      if (length !== 4) break;
      return Object.freeze({
        type: 'REG_DWORD',
        data: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true),
      });
    case REG_QWORD:
      return Object.freeze({
        type: 'REG_QWORD',
        data: new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true),
      });
  }
  return Object.freeze({ type: 'REG_RAW', kind, data: bytes.slice() });
}
