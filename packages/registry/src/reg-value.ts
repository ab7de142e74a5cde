import type { FileTime } from '@mqsim/filetime';
import { checkRegValue } from './internal/check-value.js';

/** A `REG_SZ` value: one string. */
export interface RegSzValue {
  readonly type: 'REG_SZ';
  readonly data: string;
}

/** A `REG_EXPAND_SZ` value: a string with `%VARIABLE%` references, kept unexpanded. */
export interface RegExpandSzValue {
  readonly type: 'REG_EXPAND_SZ';
  readonly data: string;
}

/** A `REG_MULTI_SZ` value: a list of strings, none containing NUL. */
export interface RegMultiSzValue {
  readonly type: 'REG_MULTI_SZ';
  readonly data: readonly string[];
}

/** A `REG_DWORD` value: an integer 0 … 2^32 − 1. */
export interface RegDwordValue {
  readonly type: 'REG_DWORD';
  readonly data: number;
}

/** A `REG_QWORD` value: an integer 0 … 2^64 − 1, e.g. a FILETIME's ticks. */
export interface RegQwordValue {
  readonly type: 'REG_QWORD';
  readonly data: bigint;
}

/** A `REG_BINARY` value: bytes. */
export interface RegBinaryValue {
  readonly type: 'REG_BINARY';
  readonly data: Uint8Array;
}

/**
 * Any other value, kept as its registry type number (`kind`) and exact bytes: `REG_NONE` (0),
 * `REG_DWORD_BIG_ENDIAN` (5), `REG_LINK` (6), the resource lists (8–10), unknown types, and data
 * of a string or DWORD type that is not well formed (a `REG_SZ` without its terminating NUL, a
 * 2-byte `REG_DWORD`). `REG_RAW` is this package's name, not a Windows type.
 */
export interface RegRawValue {
  readonly type: 'REG_RAW';
  /** The registry type number, 0 … 0xFFFFFFFF (0 = `REG_NONE`). */
  readonly kind: number;
  readonly data: Uint8Array;
}

/** A registry value's type and data, as plain data; `type` tells the variants apart. */
export type RegValue =
  | RegSzValue
  | RegExpandSzValue
  | RegMultiSzValue
  | RegDwordValue
  | RegQwordValue
  | RegBinaryValue
  | RegRawValue;

/** The `type` tags of {@link RegValue}. */
export type RegValueType = RegValue['type'];

/**
 * A `REG_SZ` value.
 *
 * @example
 * ```ts
 * sz('C:\\Windows'); // { type: 'REG_SZ', data: 'C:\\Windows' }
 * ```
 * @throws {RegistryValueError} when `text` is not a string.
 */
export function sz(text: string): RegSzValue {
  return checkRegValue({ type: 'REG_SZ', data: text }) as RegSzValue;
}

/**
 * A `REG_EXPAND_SZ` value (environment references such as `%SystemRoot%` stay unexpanded).
 *
 * @example
 * ```ts
 * expandSz('%SystemRoot%\\Debug'); // { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\Debug' }
 * ```
 * @throws {RegistryValueError} when `text` is not a string.
 */
export function expandSz(text: string): RegExpandSzValue {
  return checkRegValue({ type: 'REG_EXPAND_SZ', data: text }) as RegExpandSzValue;
}

/**
 * A `REG_MULTI_SZ` value: a list of strings.
 *
 * @example
 * ```ts
 * multiSz(['DC01', 'DC02']); // { type: 'REG_MULTI_SZ', data: ['DC01', 'DC02'] }
 * ```
 * @throws {RegistryValueError} when an item is not a string or contains NUL (the separator).
 */
export function multiSz(strings: readonly string[]): RegMultiSzValue {
  return checkRegValue({ type: 'REG_MULTI_SZ', data: strings }) as RegMultiSzValue;
}

/**
 * A `REG_DWORD` value, such as MSMQ's `DSSiteListRefresh` interval in hours.
 *
 * @example
 * ```ts
 * dword(168); // { type: 'REG_DWORD', data: 168 }
 * ```
 * @throws {RegistryValueError} unless `value` is an integer from 0 to 4294967295.
 */
export function dword(value: number): RegDwordValue {
  return checkRegValue({ type: 'REG_DWORD', data: value }) as RegDwordValue;
}

/**
 * A `REG_QWORD` value, from a `bigint`, a safe integer or a `FileTime` (its ticks), such as
 * MSMQ's `DSNextSiteListRefreshTime`.
 *
 * @example
 * ```ts
 * qword(fromIso('2026-11-30T09:00:00Z')); // { type: 'REG_QWORD', data: 134405028000000000n }
 * ```
 * @throws {RegistryValueError} unless the value is an integer from 0 to 2^64 − 1.
 */
export function qword(value: bigint | number | FileTime): RegQwordValue {
  let data: unknown = value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) data = BigInt(value);
  else if (typeof value === 'object' && value !== null && typeof value.ticks === 'bigint') {
    data = value.ticks;
  }
  return checkRegValue({ type: 'REG_QWORD', data }) as RegQwordValue;
}

/**
 * A `REG_BINARY` value (the bytes are copied).
 *
 * @example
 * ```ts
 * binary([0x01, 0x00, 0xff]); // { type: 'REG_BINARY', data: Uint8Array [1, 0, 255] }
 * ```
 * @throws {RegistryValueError} when an item is not a byte (an integer 0 … 255).
 */
export function binary(bytes: Uint8Array | readonly number[]): RegBinaryValue {
  return checkRegValue({ type: 'REG_BINARY', data: toBytes(bytes) }) as RegBinaryValue;
}

/**
 * A value of any registry type number, from its bytes. Bytes that are a well-formed value of a
 * typed variant become that variant, as the registry does not tell them apart (`raw(4, [1,0,0,0])`
 * is `dword(1)`); anything else stays a {@link RegRawValue}.
 *
 * @example
 * ```ts
 * raw(0, []); // { type: 'REG_RAW', kind: 0, data: Uint8Array [] }  (REG_NONE, no data)
 * raw(4, [0xa8, 0, 0, 0]); // { type: 'REG_DWORD', data: 168 }
 * ```
 * @throws {RegistryValueError} for a kind outside 0 … 0xFFFFFFFF, a non-byte item, `REG_QWORD`
 * (11) data that is not 8 bytes, or string data (kinds 1, 2, 7) with an odd number of bytes.
 */
export function raw(kind: number, bytes: Uint8Array | readonly number[]): RegValue {
  return checkRegValue({ type: 'REG_RAW', kind, data: toBytes(bytes) });
}

function toBytes(bytes: Uint8Array | readonly number[]): unknown {
  if (bytes instanceof Uint8Array || !Array.isArray(bytes)) return bytes;
  return bytes.every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 255)
    ? Uint8Array.from(bytes)
    : bytes;
}
