import { isIP } from 'node:net';
import { IpAddressParseError } from '../errors.js';
import { readIpv4 } from './ipv4.js';
import { readIpv6 } from './ipv6.js';

/** An accepted address, as numbers. */
export type ReadAddress =
  | { readonly family: 'ipv4'; readonly value: number }
  | { readonly family: 'ipv6'; readonly groups: readonly number[] };

const NEITHER = 'it is neither dotted-decimal IPv4 nor IPv6';

/** What every accepted form looks like, for `allowed` in errors. */
export const ADDRESS_FORMS =
  'an IPv4 address in dotted decimal like 10.0.0.5 (no leading zeros, no prefix length) or an IPv6 address like fe80::1 or 2001:db8::a:1 (no zone id)';

/**
 * The one acceptance rule: text is an address when Node's `isIP` accepts it **and** the strict
 * reader does (no zone id, no leading zeros in any IPv4 octet, all four octets). Returns the
 * address as numbers, or the reason it is not one.
 */
export function readAddress(text: unknown): ReadAddress | string {
  if (typeof text !== 'string') return 'it is not text';
  if (!text.includes(':')) {
    const value = readIpv4(text);
    if (typeof value === 'string') return value;
    return isIP(text) === 4 ? { family: 'ipv4', value } : NEITHER;
  }
  const groups = readIpv6(text);
  if (typeof groups === 'string') return groups;
  return isIP(text) === 6 ? { family: 'ipv6', groups } : NEITHER;
}

/** {@link readAddress}, throwing {@link IpAddressParseError} for text that is no address. */
export function readAddressOrThrow(text: unknown, context: string | undefined): ReadAddress {
  const read = readAddress(text);
  if (typeof read === 'string') throw addressError(text, read, context);
  return read;
}

/** The error for text that is not an address, with the reason and where it came from. */
export function addressError(
  text: unknown,
  reason: string,
  context: string | undefined,
): IpAddressParseError {
  const where = context === undefined ? '' : `${context}: `;
  return new IpAddressParseError(`${where}'${String(text)}' is not an IP address: ${reason}`, {
    value: text,
    allowed: ADDRESS_FORMS,
  });
}
