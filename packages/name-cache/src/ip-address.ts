import {
  addressFamily,
  IpAddressParseError,
  reverseName as ipReverseName,
  parseAddress,
} from '@mqsim/ip-address';
import { DnsRecordError } from './errors.js';

// Addresses are `@mqsim/ip-address`'s: one reader and one canonical text for every mqsim package.
// DNS speaks of families as the record types do (4: A, 6: AAAA) and reports `DnsRecordError`.

/** An IP address family as DNS sees it: `A` records hold IPv4, `AAAA` records IPv6. */
export type IpFamily = 4 | 6;

/**
 * The canonical text of an IP address (IPv6 compressed per RFC 5952, lower case, IPv4-mapped
 * addresses as `::ffff:a.b.c.d`), so that two spellings of one address compare equal — the same
 * text `@mqsim/ip-address` and `@mqsim/transport` write. IPv4 is read strictly (no leading zeros,
 * no short forms); zone ids (`fe80::1%eth0`) are refused: DNS cannot carry them.
 *
 * @example
 * ```ts
 * canonicalIp('2001:DB8:0:0::1'); // => '2001:db8::1'
 * canonicalIp('::1.2.3.4'); // => '::102:304'
 * canonicalIp('10.0.0.5'); // => '10.0.0.5'
 * ```
 * @throws {DnsRecordError} naming the text and the accepted forms.
 */
export function canonicalIp(address: string, family?: IpFamily): string {
  let parsed: ReturnType<typeof parseAddress> | undefined;
  let cause: unknown;
  try {
    parsed = parseAddress(address);
  } catch (error) {
    if (!IpAddressParseError.isInstance(error)) throw error;
    cause = error;
  }
  if (parsed === undefined || (family !== undefined && parsed.family !== FAMILY_NAMES[family])) {
    const wanted =
      family === 4
        ? 'an IPv4 address such as 10.0.0.5'
        : family === 6
          ? 'an IPv6 address such as 2001:db8::5'
          : 'an IPv4 or IPv6 address';
    throw new DnsRecordError(`${JSON.stringify(address)} is not ${wanted}`, {
      value: address,
      allowed: wanted,
      ...(cause === undefined ? {} : { cause }),
    });
  }
  return parsed.address;
}

const FAMILY_NAMES = { 4: 'ipv4', 6: 'ipv6' } as const;

/**
 * The family of a canonical or non-canonical address, or `undefined` when it is no address that
 * {@link canonicalIp} accepts.
 *
 * @example
 * ```ts
 * ipFamily('::1'); // => 6
 * ipFamily('10.0.0.5'); // => 4
 * ipFamily('app01'); // => undefined
 * ```
 */
export function ipFamily(address: string): IpFamily | undefined {
  const found = addressFamily(address);
  return found === undefined ? undefined : found === 'ipv4' ? 4 : 6;
}

/**
 * The reverse-lookup name of an address, where its PTR record lives.
 *
 * @example
 * ```ts
 * reverseName('10.0.0.5'); // => '5.0.0.10.in-addr.arpa'
 * reverseName('2001:db8::1').slice(0, 12); // => '1.0.0.0.0.0.'
 * ```
 * @throws {DnsRecordError} when `address` is not an IP address.
 */
export function reverseName(address: string): string {
  try {
    return ipReverseName(address);
  } catch (error) {
    if (!IpAddressParseError.isInstance(error)) throw error;
    throw new DnsRecordError(`${JSON.stringify(address)} is not an IPv4 or IPv6 address`, {
      value: address,
      allowed: 'an IPv4 or IPv6 address',
      cause: error,
    });
  }
}
