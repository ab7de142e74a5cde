import { RegistryValueError } from '../errors.js';
import type { RegValue } from '../reg-value.js';
import { quote } from './quote.js';
import { decodeRegData } from './reg-data-codec.js';
import { isTextKind, REG_QWORD, typeName } from './reg-types.js';

const MAX_DWORD = 0xffff_ffff;
const MAX_QWORD = 0xffff_ffff_ffff_ffffn;

const ALLOWED_DWORD = `an integer from 0 to ${MAX_DWORD}`;
const ALLOWED_QWORD = `a bigint from 0 to ${MAX_QWORD} (2^64 − 1)`;
const ALLOWED_KIND = `an integer type number from 0 to ${MAX_DWORD}`;
const ALLOWED_VALUE =
  "a RegValue: { type: 'REG_SZ' | 'REG_EXPAND_SZ', data: string }, " +
  "{ type: 'REG_MULTI_SZ', data: string[] }, { type: 'REG_DWORD', data: number }, " +
  "{ type: 'REG_QWORD', data: bigint }, { type: 'REG_BINARY', data: Uint8Array } or " +
  "{ type: 'REG_RAW', kind: number, data: Uint8Array }";

/** Where a value is going, for error messages. */
export interface ValueTarget {
  readonly key: string;
  readonly name: string;
}

/**
 * The value as the registry stores it: checked, frozen, bytes copied, and a `REG_RAW` whose bytes
 * are a well-formed typed value turned into that typed value.
 */
export function checkRegValue(value: unknown, target?: ValueTarget): RegValue {
  const fail = (problem: string, data: unknown, allowed: string): never => {
    const where =
      target === undefined
        ? ''
        : ` for value ${target.name === '' ? '(Default)' : quote(target.name)} in ${target.key}`;
    throw new RegistryValueError(`${problem}${where} (expected ${allowed})`, {
      value: data,
      allowed,
      ...(target === undefined ? {} : { key: target.key, valueName: target.name }),
    });
  };
  if (typeof value !== 'object' || value === null || !('type' in value)) {
    return fail(`${describe(value)} is not a registry value`, value, ALLOWED_VALUE);
  }
  const { type, data } = value as { type: unknown; data: unknown };
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      if (typeof data !== 'string')
        return fail(`${type} data ${describe(data)} is not a string`, data, 'a string');
      return Object.freeze({ type, data });
    case 'REG_MULTI_SZ': {
      const allowed = 'an array of strings without NUL';
      if (!Array.isArray(data))
        return fail(`REG_MULTI_SZ data ${describe(data)} is not an array`, data, allowed);
      for (const [index, item] of data.entries()) {
        if (typeof item !== 'string' || item.includes('\0')) {
          return fail(
            `REG_MULTI_SZ item ${index} ${describe(item)} is not a string without NUL`,
            data,
            allowed,
          );
        }
      }
      return Object.freeze({ type, data: Object.freeze([...(data as string[])]) });
    }
    case 'REG_DWORD':
      if (typeof data !== 'number' || !Number.isInteger(data) || data < 0 || data > MAX_DWORD) {
        return fail(`REG_DWORD data ${describe(data)} is out of range`, data, ALLOWED_DWORD);
      }
      return Object.freeze({ type, data });
    case 'REG_QWORD':
      if (typeof data !== 'bigint' || data < 0n || data > MAX_QWORD) {
        return fail(`REG_QWORD data ${describe(data)} is out of range`, data, ALLOWED_QWORD);
      }
      return Object.freeze({ type, data });
    case 'REG_BINARY':
      if (!(data instanceof Uint8Array)) {
        return fail(`REG_BINARY data ${describe(data)} is not a Uint8Array`, data, 'a Uint8Array');
      }
      return Object.freeze({ type, data: data.slice() });
    case 'REG_RAW': {
      const kind = (value as { kind?: unknown }).kind;
      if (typeof kind !== 'number' || !Number.isInteger(kind) || kind < 0 || kind > MAX_DWORD) {
        return fail(`REG_RAW kind ${describe(kind)} is not a registry type`, kind, ALLOWED_KIND);
      }
      if (!(data instanceof Uint8Array)) {
        return fail(`REG_RAW data ${describe(data)} is not a Uint8Array`, data, 'a Uint8Array');
      }
      if (kind === REG_QWORD && data.length !== 8) {
        return fail(
          `REG_QWORD data of ${data.length} bytes is not 8 bytes`,
          data,
          'exactly 8 bytes (little-endian)',
        );
      }
      if (isTextKind(kind) && data.length % 2 !== 0) {
        return fail(
          `${typeName(kind)} data of ${data.length} bytes is not UTF-16LE text`,
          data,
          'an even number of bytes (UTF-16LE text)',
        );
      }
      return decodeRegData(kind, data);
    }
    default:
      return fail(`${describe(type)} is not a registry value type`, value, ALLOWED_VALUE);
  }
}

function describe(data: unknown): string {
  if (typeof data === 'string') return quote(data);
  if (typeof data === 'bigint') return `${data}n`;
  if (data instanceof Uint8Array) return `Uint8Array(${data.length})`;
  if (Array.isArray(data)) return `an array of ${data.length}`;
  if (data === null) return 'null';
  if (typeof data === 'object') return 'an object';
  return String(data);
}
