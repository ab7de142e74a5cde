import { IpAddressParseError } from './errors.js';
import { writeIpv4 } from './internal/ipv4.js';
import { writeIpv6 } from './internal/ipv6.js';
import { readAddressOrThrow } from './internal/read-address.js';

/**
 * The 4 (IPv4) or 16 (IPv6) bytes of an address, in network order — what a packet header or
 * `inet_pton` holds.
 *
 * @example
 * ```ts
 * Array.from(toAddressBytes('10.0.0.5')); // => [10, 0, 0, 5]
 * Array.from(toAddressBytes('::ffff:10.0.0.5')).slice(10); // => [255, 255, 10, 0, 0, 5]
 * ```
 * @throws {IpAddressParseError} when `address` is not an IP address.
 */
export function toAddressBytes(address: string): Uint8Array {
  const read = readAddressOrThrow(address, undefined);
  if (read.family === 'ipv4') {
    const value = read.value;
    return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  }
  const bytes = new Uint8Array(16);
  read.groups.forEach((group, index) => {
    bytes[index * 2] = group >>> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * The canonical text of 4 (IPv4) or 16 (IPv6) bytes in network order: the inverse of
 * {@link toAddressBytes}.
 *
 * @example
 * ```ts
 * fromAddressBytes([192, 0, 2, 33]); // => '192.0.2.33'
 * fromAddressBytes([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]); // => '2001:db8::1'
 * ```
 * @throws {IpAddressParseError} for anything but 4 or 16 whole numbers 0–255.
 */
export function fromAddressBytes(bytes: ArrayLike<number>): string {
  const length = bytes?.length;
  const valid =
    (length === 4 || length === 16) &&
    Array.from(bytes).every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 255);
  if (!valid) {
    throw new IpAddressParseError(
      `${describeBytes(bytes)} are not the bytes of an IP address: expected 4 (IPv4) or 16 (IPv6) bytes 0–255`,
      { value: bytes, allowed: '4 (IPv4) or 16 (IPv6) bytes 0–255 in network order' },
    );
  }
  if (length === 4) {
    const [a = 0, b = 0, c = 0, d = 0] = Array.from(bytes);
    return writeIpv4(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
  }
  const groups = Array.from({ length: 8 }, (_, index) => {
    return (bytes[index * 2] as number) * 256 + (bytes[index * 2 + 1] as number);
  });
  return writeIpv6(groups.map((group) => group.toString(16)).join(':'), groups);
}

function describeBytes(bytes: unknown): string {
  if (bytes === null || typeof bytes !== 'object' || !('length' in bytes)) return String(bytes);
  const list = Array.from(bytes as ArrayLike<unknown>, String);
  return list.length <= 20 ? `[${list.join(', ')}]` : `${list.length} values`;
}
