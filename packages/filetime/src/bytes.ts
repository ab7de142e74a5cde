import { FileTime } from './file-time.js';
import { parseError } from './internal/checks.js';

/**
 * The 8 little-endian bytes a FILETIME occupies in memory, a file or a `REG_BINARY` value.
 *
 * @example
 * ```ts
 * toBytes(fromTicks(116444736000000000n)); // Uint8Array [0x00,0x80,0x3e,0xd5,0xde,0xb1,0x9d,0x01]
 * ```
 */
export function toBytes(time: FileTime): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, time.ticks, true);
  return bytes;
}

/**
 * Reads exactly 8 little-endian bytes.
 * @throws {FileTimeParseError} when there are not exactly 8 bytes.
 */
export function fromBytes(bytes: Uint8Array): FileTime {
  if (bytes.length !== 8) {
    throw parseError(
      `${bytes.length} bytes`,
      'FILETIME byte sequence',
      'exactly 8 little-endian bytes',
    );
  }
  return new FileTime(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
}
