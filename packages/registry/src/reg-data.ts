import { checkRegValue } from './internal/check-value.js';
import { encodeRegData } from './internal/reg-data-codec.js';
import type { RegValue } from './reg-value.js';

/** A value as the Win32 API sees it: the type number (`REG_SZ` = 1, …) and the raw bytes. */
export interface RegData {
  /** The registry type number, 0 … 0xFFFFFFFF. */
  readonly kind: number;
  /** The data bytes; strings are UTF-16LE with their terminating NUL(s). */
  readonly bytes: Uint8Array;
}

/**
 * The type number and bytes `RegQueryValueEx` would return for a value: strings as UTF-16LE with
 * the terminating NUL (a `REG_MULTI_SZ` ends with two), numbers little-endian.
 *
 * @example
 * ```ts
 * toRegData(dword(168)); // { kind: 4, bytes: Uint8Array [0xa8, 0, 0, 0] }
 * toRegData(multiSz(['a'])); // { kind: 7, bytes: Uint8Array [0x61, 0, 0, 0, 0, 0] }
 * ```
 * @throws {RegistryValueError} when `value` is not a valid {@link RegValue}.
 */
export function toRegData(value: RegValue): RegData {
  return encodeRegData(checkRegValue(value));
}

/**
 * The value a type number and bytes hold: the typed variant when the bytes are exactly its
 * encoding (so `fromRegData(toRegData(v))` equals `v`), otherwise a `REG_RAW` that keeps them.
 *
 * @example
 * ```ts
 * fromRegData({ kind: 11, bytes: Uint8Array.of(0, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 1) });
 * // { type: 'REG_QWORD', data: 116444736000000000n }
 * fromRegData({ kind: 1, bytes: Uint8Array.of(0x61, 0) }); // no NUL terminator:
 * // { type: 'REG_RAW', kind: 1, data: Uint8Array [0x61, 0] }
 * ```
 * @throws {RegistryValueError} for a kind outside 0 … 0xFFFFFFFF, `REG_QWORD` data that is not
 * 8 bytes, or text data (`REG_SZ`, `REG_EXPAND_SZ`, `REG_MULTI_SZ`) with an odd number of bytes.
 */
export function fromRegData(data: RegData): RegValue {
  return checkRegValue({ type: 'REG_RAW', kind: data.kind, data: data.bytes });
}
