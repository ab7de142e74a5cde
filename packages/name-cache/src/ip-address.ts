import { isIP, SocketAddress } from 'node:net';
import { DnsRecordError } from './errors.js';

/** An IP address family as DNS sees it: `A` records hold IPv4, `AAAA` records IPv6. */
export type IpFamily = 4 | 6;

/**
 * The canonical text of an IP address (IPv6 compressed per RFC 5952, lower case), so that two
 * spellings of one address compare equal. Zone ids (`fe80::1%eth0`) are refused: DNS cannot carry them.
 *
 * @example
 * ```ts
 * canonicalIp('2001:DB8:0:0::1'); // '2001:db8::1'
 * canonicalIp('10.0.0.5'); // '10.0.0.5'
 * ```
 * @throws {DnsRecordError} naming the text and the accepted forms.
 */
export function canonicalIp(address: string, family?: IpFamily): string {
  const found = typeof address === 'string' && !address.includes('%') ? isIP(address) : 0;
  if (found === 0 || (family !== undefined && found !== family)) {
    const wanted =
      family === 4
        ? 'an IPv4 address such as 10.0.0.5'
        : family === 6
          ? 'an IPv6 address such as 2001:db8::5'
          : 'an IPv4 or IPv6 address';
    throw new DnsRecordError(`${JSON.stringify(address)} is not ${wanted}`, {
      value: address,
      allowed: wanted,
    });
  }
  return new SocketAddress({ address, family: found === 4 ? 'ipv4' : 'ipv6' }).address;
}

/**
 * The family of a canonical or non-canonical address, or `undefined` when it is no address.
 *
 * @example
 * ```ts
 * ipFamily('::1'); // 6
 * ipFamily('app01'); // undefined
 * ```
 */
export function ipFamily(address: string): IpFamily | undefined {
  const found = isIP(address);
  return found === 4 || found === 6 ? found : undefined;
}

/**
 * The reverse-lookup name of an address, where its PTR record lives.
 *
 * @example
 * ```ts
 * reverseName('10.0.0.5'); // '5.0.0.10.in-addr.arpa'
 * reverseName('2001:db8::1').slice(0, 12); // '1.0.0.0.0.0.'
 * ```
 * @throws {DnsRecordError} when `address` is not an IP address.
 */
export function reverseName(address: string): string {
  const canonical = canonicalIp(address);
  if (isIP(canonical) === 4) return `${canonical.split('.').reverse().join('.')}.in-addr.arpa`;
  const words = expandIpv6(canonical);
  const nibbles = words.join('').split('').reverse();
  return `${nibbles.join('.')}.ip6.arpa`;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const last = right.length > 0 ? right : left;
  // An embedded IPv4 tail (::ffff:10.0.0.5) is two 16-bit words.
  if (last.length > 0 && last[last.length - 1]?.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = (last.pop() ?? '').split('.').map(Number);
    last.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = 8 - left.length - right.length;
  const words = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  return words.map((word) => word.padStart(4, '0'));
}
