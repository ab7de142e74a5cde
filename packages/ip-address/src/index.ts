/**
 * @mqsim/ip-address — one strict reader for IPv4 and IPv6 addresses with one canonical text per
 * address (RFC 5952), so every mqsim package (and anyone comparing addresses from configuration,
 * DNS and `netstat`) agrees on what an address is and how it is written; plus endpoints, bytes,
 * ordering and reverse-lookup names.
 *
 * @packageDocumentation
 */
export { fromAddressBytes, toAddressBytes } from './address-bytes.js';
export { familyOf, isLoopbackAddress, isUnspecifiedAddress } from './address-kind.js';
export { compareAddresses } from './compare-addresses.js';
export type { Endpoint } from './endpoint.js';
export { formatEndpoint, parseEndpoint } from './endpoint.js';
export { IpAddressParseError } from './errors.js';
export type { AddressFamily, ParsedAddress } from './parse-address.js';
export { addressFamily, isIpAddress, parseAddress } from './parse-address.js';
export { reverseName } from './reverse-name.js';
