import type { AddressFamily } from './parse-address.js';

/**
 * The family of an address already known to be valid (canonical or not): IPv6 text always has a
 * colon, IPv4 text never. A string test, cheap enough for per-packet paths; use
 * `addressFamily` for text from outside.
 *
 * @example
 * ```ts
 * familyOf('2001:db8::5'); // => 'ipv6'
 * familyOf('10.0.0.5'); // => 'ipv4'
 * ```
 */
export function familyOf(address: string): AddressFamily {
  return address.includes(':') ? 'ipv6' : 'ipv4';
}

/**
 * Whether a canonical address (as `parseAddress` returns it) is a loopback address:
 * `127.0.0.0/8` or `::1`. The IPv4-mapped `::ffff:127.0.0.1` is not: it is an IPv6 address a
 * host does not hold implicitly.
 *
 * @example
 * ```ts
 * isLoopbackAddress('127.0.0.53'); // => true
 * isLoopbackAddress('::1'); // => true
 * isLoopbackAddress('10.0.0.5'); // => false
 * ```
 */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/**
 * Whether a canonical address is the unspecified address, `0.0.0.0` or `::` — "any address" to
 * a listener.
 *
 * @example
 * ```ts
 * isUnspecifiedAddress('::'); // => true
 * isUnspecifiedAddress('0.0.0.0'); // => true
 * isUnspecifiedAddress('::1'); // => false
 * ```
 */
export function isUnspecifiedAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
