import { fromBytes, toBytes } from './bytes.js';
import type { FileTime } from './file-time.js';
import { parseError } from './internal/checks.js';

const QWORD_FORM =
  'hex(b): followed by 8 comma-separated bytes, little-endian, e.g. hex(b):00,80,3e,d5,de,b1,9d,01';
const BINARY_FORM =
  'hex: followed by 8 comma-separated bytes, little-endian, e.g. hex:00,80,3e,d5,de,b1,9d,01';

/**
 * The FILETIME as Registry Editor exports a `REG_QWORD`: `hex(b):` and 8 little-endian bytes.
 *
 * @example
 * ```ts
 * toRegQword(fromTicks(116444736000000000n)); // 'hex(b):00,80,3e,d5,de,b1,9d,01'
 * ```
 */
export function toRegQword(time: FileTime): string {
  return `hex(b):${byteList(time)}`;
}

/**
 * The FILETIME as Registry Editor exports an 8-byte `REG_BINARY`: `hex:` and 8 little-endian bytes.
 *
 * @example
 * ```ts
 * toRegBinary(fromTicks(116444736000000000n)); // 'hex:00,80,3e,d5,de,b1,9d,01'
 * ```
 */
export function toRegBinary(time: FileTime): string {
  return `hex:${byteList(time)}`;
}

/**
 * Reads a `REG_QWORD` as exported to a `.reg` file: `hex(b):` and 8 bytes. A leading
 * `"Name"=`, white space and `\` line continuations (as Registry Editor wraps long lines) are allowed.
 *
 * Note `hex(11):` is not accepted: the number in `hex(N)` is hexadecimal, so `hex(11)` would be
 * registry type 0x11, which does not exist; REG_QWORD (type 11 decimal) is `hex(b)`.
 *
 * @throws {FileTimeParseError} for another prefix, a bad byte, or not exactly 8 bytes.
 */
export function fromRegQword(text: string): FileTime {
  return fromRegText(text, 'hex(b):', 'REG_QWORD .reg value', QWORD_FORM);
}

/**
 * Reads an 8-byte `REG_BINARY` as exported to a `.reg` file: `hex:` and 8 bytes.
 * @throws {FileTimeParseError} for another prefix, a bad byte, or not exactly 8 bytes.
 */
export function fromRegBinary(text: string): FileTime {
  return fromRegText(text, 'hex:', 'REG_BINARY .reg value', BINARY_FORM);
}

function byteList(time: FileTime): string {
  return Array.from(toBytes(time), (byte) => byte.toString(16).padStart(2, '0')).join(',');
}

function fromRegText(text: string, prefix: string, form: string, allowed: string): FileTime {
  const body = text
    .replace(/\\\r?\n/g, '')
    .trim()
    .replace(/^"(?:[^"\\]|\\.)*"\s*=\s*/, '');
  if (!body.toLowerCase().startsWith(prefix)) {
    const why = /^hex\(11\):/i.test(body)
      ? 'hex(11) is registry type 0x11; REG_QWORD is hex(b)'
      : `it does not start with ${prefix}`;
    throw parseError(text, form, allowed, why);
  }
  const parts = body
    .slice(prefix.length)
    .split(',')
    .map((part) => part.trim());
  const bytes = new Uint8Array(parts.length);
  for (const [index, part] of parts.entries()) {
    if (!/^[0-9a-fA-F]{2}$/.test(part)) {
      throw parseError(
        text,
        form,
        allowed,
        `byte ${index + 1} ${JSON.stringify(part)} is not two hex digits`,
      );
    }
    bytes[index] = Number.parseInt(part, 16);
  }
  if (bytes.length !== 8) {
    throw parseError(text, form, allowed, `it has ${bytes.length} bytes, a FILETIME has 8`);
  }
  return fromBytes(bytes);
}
