import { SocketAddress } from 'node:net';
import { readIpv4 } from './ipv4.js';

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * The eight 16-bit groups of an IPv6 address, or why `text` is not one. This reader gives the
 * reasons in error messages and the groups for bytes, ordering and reverse names; whether text
 * is accepted at all is decided together with Node's `isIP` (see `parse-address.ts`).
 */
export function readIpv6(text: string): number[] | string {
  if (text.includes('%')) return 'zone ids (%eth0) are not supported';
  if (text.includes('/')) return 'a prefix length (/64) is not part of an address';
  const double = text.indexOf('::');
  if (double !== -1 && text.indexOf('::', double + 1) !== -1) return "'::' may appear only once";
  const headText = double === -1 ? text : text.slice(0, double);
  const tailText = double === -1 ? '' : text.slice(double + 2);
  const head = headText === '' ? [] : headText.split(':');
  const tail = tailText === '' ? [] : tailText.split(':');
  const groups: number[] = [];
  const tailGroups: number[] = [];
  const parts = [...head, ...tail];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string;
    const target = index < head.length ? groups : tailGroups;
    if (part.includes('.')) {
      if (index !== parts.length - 1) return `embedded IPv4 '${part}' must be the last part`;
      const v4 = readIpv4(part);
      if (typeof v4 === 'string') return `embedded IPv4 '${part}': ${v4}`;
      target.push(v4 >>> 16, v4 & 0xffff);
    } else if (HEX_GROUP.test(part)) {
      target.push(Number.parseInt(part, 16));
    } else {
      return part === ''
        ? 'an empty group (a single colon at the start or end, or ":::")'
        : `group '${part}' is not 1–4 hexadecimal digits`;
    }
  }
  const count = groups.length + tailGroups.length;
  if (double === -1) {
    return count === 8 ? groups : `it has ${count} groups instead of 8`;
  }
  if (count > 7) return `'::' stands for at least one zero group, but there are already ${count}`;
  return [...groups, ...new Array<number>(8 - count).fill(0), ...tailGroups];
}

/**
 * The canonical text of an accepted IPv6 address: Node's RFC 5952 text (lower case, no leading
 * zeros, the longest run of two or more zero groups as `::`, the leftmost on a tie, IPv4-mapped
 * addresses as `::ffff:a.b.c.d`), except that the deprecated IPv4-compatible range `::/96`
 * is written in hexadecimal (`::102:304`, where Node writes `::1.2.3.4`), so that `::1:0` is not
 * shown as `::0.1.0.0`.
 */
export function writeIpv6(text: string, groups: readonly number[]): string {
  const high = groups[6] as number;
  if (high !== 0 && isZeroPrefix(groups, 6)) {
    return `::${high.toString(16)}:${(groups[7] as number).toString(16)}`;
  }
  return new SocketAddress({ address: text, family: 'ipv6' }).address;
}

function isZeroPrefix(groups: readonly number[], length: number): boolean {
  for (let index = 0; index < length; index++) if (groups[index] !== 0) return false;
  return true;
}
