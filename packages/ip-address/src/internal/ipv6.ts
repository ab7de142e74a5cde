import { SocketAddress } from 'node:net';
import { readIpv4 } from './ipv4.js';

const COLON = 58;
const DOT = 46;
const EMPTY_GROUP = 'an empty group (a single colon at the start or end, or ":::")';

/**
 * The eight 16-bit groups of an IPv6 address, or why `text` is not one. This reader gives the
 * reasons in error messages and the groups for bytes, ordering and reverse names; whether text
 * is accepted at all is decided together with Node's `isIP` (see `read-address.ts`).
 */
export function readIpv6(text: string): number[] | string {
  if (text.includes('%')) return 'zone ids (%eth0) are not supported';
  if (text.includes('/')) return 'a prefix length (/64) is not part of an address';
  const double = text.indexOf('::');
  if (double !== -1 && text.indexOf('::', double + 1) !== -1) return "'::' may appear only once";
  const head: number[] = [];
  if (double === -1) {
    const error = readGroups(text, 0, text.length, true, head);
    if (error !== undefined) return error;
    return head.length === 8 ? head : `it has ${head.length} groups instead of 8`;
  }
  const tail: number[] = [];
  const tailEmpty = double + 2 === text.length;
  const error =
    readGroups(text, 0, double, tailEmpty, head) ??
    readGroups(text, double + 2, text.length, true, tail);
  if (error !== undefined) return error;
  const count = head.length + tail.length;
  if (count > 7) return `'::' stands for at least one zero group, but there are already ${count}`;
  for (let index = count; index < 8; index++) head.push(0);
  for (const group of tail) head.push(group);
  return head;
}

// The colon-separated groups of text[from, to) onto `groups`; an embedded IPv4 address may be
// the very last part only. Returns why it cannot, or undefined.
function readGroups(
  text: string,
  from: number,
  to: number,
  holdsLast: boolean,
  groups: number[],
): string | undefined {
  if (from === to) return undefined;
  let start = from;
  for (let index = from; index <= to; index++) {
    if (index < to && text.charCodeAt(index) !== COLON) continue;
    const error = readGroup(text, start, index, holdsLast && index === to, groups);
    if (error !== undefined) return error;
    start = index + 1;
  }
  return undefined;
}

function readGroup(
  text: string,
  start: number,
  end: number,
  last: boolean,
  groups: number[],
): string | undefined {
  for (let index = start; index < end; index++) {
    if (text.charCodeAt(index) !== DOT) continue;
    const part = text.slice(start, end);
    if (!last) return `embedded IPv4 '${part}' must be the last part`;
    const value = readIpv4(part);
    if (typeof value === 'string') return `embedded IPv4 '${part}': ${value}`;
    groups.push(value >>> 16, value & 0xffff);
    return undefined;
  }
  if (start === end) return EMPTY_GROUP;
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = hexDigit(text.charCodeAt(index));
    if (digit < 0 || end - start > 4) {
      return `group '${text.slice(start, end)}' is not 1–4 hexadecimal digits`;
    }
    value = value * 16 + digit;
  }
  groups.push(value);
  return undefined;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
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
