import { writeIpv4 } from './internal/ipv4.js';
import { writeIpv6 } from './internal/ipv6.js';
import { readAddress, readAddressOrThrow } from './internal/read-address.js';

/** The two IP versions, named as Node's `SocketAddress` names them. */
export type AddressFamily = 'ipv4' | 'ipv6';

/** An address in canonical text form with its family. */
export interface ParsedAddress {
  readonly family: AddressFamily;
  /** Canonical text: dotted decimal for IPv4, RFC 5952 for IPv6 (`2001:db8::1`). */
  readonly address: string;
}

/**
 * Reads an IPv4 or IPv6 address and returns its one canonical text with its family: dotted
 * decimal for IPv4; for IPv6 the RFC 5952 form — lower case, no leading zeros, the longest run
 * of two or more zero groups as `::` (the leftmost on a tie), IPv4-mapped addresses as
 * `::ffff:a.b.c.d`, every other address (the deprecated IPv4-compatible `::a.b.c.d` included) in
 * hexadecimal. Two spellings of one address give the same text, so canonical texts can be
 * compared with `===` and used as `Map` keys.
 *
 * IPv4 is read strictly: four decimal octets 0–255 without leading zeros (`010` would be octal to
 * `inet_aton`), no short forms (`10.1`), no prefix length. IPv6 zone ids (`fe80::1%eth0`) are
 * refused.
 *
 * @param context - Where the text came from, put in front of the error message, e.g.
 *   `host 'web' interface 'eth0'`.
 * @example
 * ```ts
 * parseAddress('2001:0DB8:0000:0000:0000:0000:0000:0001'); // => { family: 'ipv6', address: '2001:db8::1' }
 * parseAddress('::FFFF:10.0.0.5'); // => { family: 'ipv6', address: '::ffff:10.0.0.5' }
 * parseAddress('::1.2.3.4').address; // => '::102:304'
 * parseAddress('10.0.0.5').family; // => 'ipv4'
 * parseAddress('10.0.0.256'); // throws IpAddressParseError
 * ```
 * @throws {IpAddressParseError} naming the input, the reason and the accepted forms.
 */
export function parseAddress(text: string, context?: string): ParsedAddress {
  const read = readAddressOrThrow(text, context);
  return read.family === 'ipv4'
    ? { family: 'ipv4', address: writeIpv4(read.value) }
    : { family: 'ipv6', address: writeIpv6(text, read.groups) };
}

/**
 * Whether `text` is an address {@link parseAddress} accepts. (One parameter only, so
 * `texts.filter(isIpAddress)` works; ask {@link addressFamily} for one family.)
 *
 * @example
 * ```ts
 * isIpAddress('192.168.1.10'); // => true
 * isIpAddress('192.168.1.010'); // => false
 * isIpAddress('fe80::1%eth0'); // => false
 * ['10.0.0.1', 'app01', '::1'].filter(isIpAddress); // => ['10.0.0.1', '::1']
 * ```
 */
export function isIpAddress(text: string): boolean {
  return typeof readAddress(text) !== 'string';
}

/**
 * The family of any text {@link parseAddress} accepts, canonical or not; `undefined` for text
 * that is no address (a host name, say).
 *
 * @example
 * ```ts
 * addressFamily('0:0:0:0:0:0:0:1'); // => 'ipv6'
 * addressFamily('10.0.0.5'); // => 'ipv4'
 * addressFamily('app01'); // => undefined
 * ```
 */
export function addressFamily(text: string): AddressFamily | undefined {
  const read = readAddress(text);
  return typeof read === 'string' ? undefined : read.family;
}
