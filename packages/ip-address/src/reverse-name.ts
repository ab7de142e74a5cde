import { readAddressOrThrow } from './internal/read-address.js';

/**
 * The reverse-lookup name of an address, where DNS keeps its PTR record: the octets reversed
 * under `in-addr.arpa` for IPv4, the 32 nibbles reversed under `ip6.arpa` for IPv6 (RFC 3596).
 *
 * @example
 * ```ts
 * reverseName('10.0.0.5'); // => '5.0.0.10.in-addr.arpa'
 * reverseName('2001:db8::567:89ab');
 * // => 'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'
 * ```
 * @throws {IpAddressParseError} when `address` is not an IP address.
 */
export function reverseName(address: string): string {
  const read = readAddressOrThrow(address, undefined);
  if (read.family === 'ipv4') {
    const value = read.value;
    return `${value & 0xff}.${(value >>> 8) & 0xff}.${(value >>> 16) & 0xff}.${value >>> 24}.in-addr.arpa`;
  }
  const nibbles = read.groups.map((group) => group.toString(16).padStart(4, '0')).join('');
  return `${nibbles.split('').reverse().join('.')}.ip6.arpa`;
}
