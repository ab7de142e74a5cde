import {
  type Endpoint,
  IpAddressParseError,
  type ParsedAddress,
  parseAddress as parseIpAddress,
  parseEndpoint as parseIpEndpoint,
} from '@mqsim/ip-address';
import { AddressParseError } from './errors.js';

// Addresses are `@mqsim/ip-address`'s: one reader and one canonical text for every mqsim package.
// The transport keeps its own names and its own error class, `AddressParseError`.
export type { AddressFamily, Endpoint, ParsedAddress } from '@mqsim/ip-address';
export {
  compareAddresses,
  familyOf,
  formatEndpoint,
  fromAddressBytes,
  isIpAddress,
  isLoopbackAddress,
  isUnspecifiedAddress,
  toAddressBytes,
} from '@mqsim/ip-address';

/**
 * Reads an IPv4 or IPv6 address and returns its canonical text, as `@mqsim/ip-address`'s
 * `parseAddress` does: dotted decimal for IPv4, the RFC 5952 form for IPv6 (lower case, no
 * leading zeros, the longest run of two or more zero groups as `::`, IPv4-mapped addresses as
 * `::ffff:a.b.c.d`, every other address in hexadecimal). The canonical text is what the network
 * compares, shows and captures.
 *
 * @param context - Where the text came from, put in front of the error message, e.g.
 *   `host 'web' interface 'eth0'`.
 * @example
 * ```ts
 * parseAddress('2001:0DB8:0000:0000:0000:0000:0000:0001'); // => { family: 'ipv6', address: '2001:db8::1' }
 * parseAddress('::1.2.3.4').address; // => '::102:304'
 * parseAddress('10.0.0.5').family; // => 'ipv4'
 * ```
 * @throws {AddressParseError} naming the input, the reason and the accepted forms; its `cause`
 *   is the `IpAddressParseError`.
 */
export function parseAddress(text: string, context?: string): ParsedAddress {
  try {
    return parseIpAddress(text, context);
  } catch (error) {
    throw toAddressParseError(error);
  }
}

/**
 * Reads `address:port` (`[address]:port` for IPv6) into a canonical address and a port.
 *
 * @example
 * ```ts
 * parseEndpoint('[2001:DB8::5]:1801'); // => { family: 'ipv6', address: '2001:db8::5', port: 1801 }
 * ```
 * @throws {AddressParseError} for a malformed address or a port outside 1–65535.
 */
export function parseEndpoint(text: string, context?: string): Endpoint {
  try {
    return parseIpEndpoint(text, context);
  } catch (error) {
    throw toAddressParseError(error);
  }
}

function toAddressParseError(error: unknown): unknown {
  if (!IpAddressParseError.isInstance(error)) return error;
  return new AddressParseError(error.message, {
    value: error.value,
    ...(error.allowed === undefined ? {} : { allowed: error.allowed }),
    cause: error,
  });
}
