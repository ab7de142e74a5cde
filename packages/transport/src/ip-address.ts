import { AddressParseError } from './errors.js';

/** The two IP versions. */
export type AddressFamily = 'ipv4' | 'ipv6';

/** An address in canonical text form with its family. */
export interface ParsedAddress {
  readonly family: AddressFamily;
  /** Canonical text: dotted decimal for IPv4, RFC 5952 for IPv6 (`2001:db8::1`). */
  readonly address: string;
}

/** An address and a TCP port. */
export interface Endpoint extends ParsedAddress {
  readonly port: number;
}

const ADDRESS_FORMS =
  'an IPv4 address in dotted decimal like 10.0.0.5 (no leading zeros, no prefix length) or an IPv6 address like fe80::1 or 2001:db8::a:1 (no zone id)';
const ENDPOINT_FORMS = 'address:port like 10.0.0.5:1801 or [2001:db8::5]:1801, port 1–65535';
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Reads an IPv4 or IPv6 address and returns its canonical text: dotted decimal for IPv4, the
 * RFC 5952 form for IPv6 (lower case, no leading zeros, the longest run of two or more zero
 * groups as `::`, IPv4-mapped addresses as `::ffff:a.b.c.d`). The canonical text is what the
 * network compares, shows and captures.
 *
 * @param context - Where the text came from, put in front of the error message, e.g.
 *   `host 'web' interface 'eth0'`.
 * @example
 * ```ts
 * parseAddress('2001:0DB8:0000:0000:0000:0000:0000:0001'); // => { family: 'ipv6', address: '2001:db8::1' }
 * parseAddress('10.0.0.5').family; // => 'ipv4'
 * ```
 * @throws {AddressParseError} naming the input, the reason and the accepted forms.
 */
export function parseAddress(text: string, context?: string): ParsedAddress {
  if (typeof text !== 'string') throw addressError(text, 'it is not text', context);
  const v4 = parseIpv4(text);
  if (typeof v4 === 'number') return { family: 'ipv4', address: formatIpv4(v4) };
  if (!text.includes(':')) throw addressError(text, v4, context);
  const v6 = parseIpv6(text);
  if (typeof v6 === 'string') throw addressError(text, v6, context);
  return { family: 'ipv6', address: formatIpv6(v6) };
}

/**
 * Whether `text` is an IPv4 or IPv6 address that {@link parseAddress} accepts.
 *
 * @example
 * ```ts
 * isIpAddress('192.168.1.10'); // => true
 * isIpAddress('192.168.1.010'); // => false
 * ```
 */
export function isIpAddress(text: string): boolean {
  if (typeof text !== 'string') return false;
  if (typeof parseIpv4(text) === 'number') return true;
  return text.includes(':') && typeof parseIpv6(text) !== 'string';
}

/**
 * Writes an address and port the way `netstat` does: `10.0.0.5:1801`, `[fe80::1]:1801`.
 * The address is written as given; pass canonical text.
 *
 * @example
 * ```ts
 * formatEndpoint('2001:db8::5', 1801); // => '[2001:db8::5]:1801'
 * ```
 */
export function formatEndpoint(address: string, port: number | string): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
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
  if (typeof text !== 'string') throw endpointError(text, 'it is not text', context);
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  if (match === null) {
    throw endpointError(text, 'expected address:port (IPv6 in square brackets)', context);
  }
  const port = Number(match[2]);
  if (!(port >= 1 && port <= 65_535) || /^0\d/.test(match[2] ?? '')) {
    throw endpointError(text, `port ${match[2]} is not a whole number from 1 to 65535`, context);
  }
  const { family, address } = parseAddress(match[1] ?? '', context);
  return { family, address, port };
}

/** Whether a canonical address is a loopback address (`127.0.0.0/8`, `::1`). */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** Whether a canonical address is the unspecified address (`0.0.0.0`, `::`): "any". */
export function isUnspecifiedAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The family of a canonical address. */
export function familyOf(address: string): AddressFamily {
  return address.includes(':') ? 'ipv6' : 'ipv4';
}

/**
 * Orders canonical addresses as `netstat` lists them: IPv4 before IPv6, then numerically.
 * Returns a negative number, 0 or a positive number.
 */
export function compareAddresses(left: string, right: string): number {
  const leftFamily = familyOf(left);
  if (leftFamily !== familyOf(right)) return leftFamily === 'ipv4' ? -1 : 1;
  if (leftFamily === 'ipv4') return (parseIpv4(left) as number) - (parseIpv4(right) as number);
  const leftGroups = parseIpv6(left) as number[];
  const rightGroups = parseIpv6(right) as number[];
  for (let index = 0; index < 8; index++) {
    const difference = (leftGroups[index] as number) - (rightGroups[index] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The 4 (IPv4) or 16 (IPv6) bytes of a canonical address, network order. */
export function toAddressBytes(address: string): Uint8Array {
  if (familyOf(address) === 'ipv4') {
    const value = parseIpv4(address) as number;
    return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  }
  const groups = parseIpv6(address) as number[];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >>> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

// An IPv4 address as an unsigned 32-bit number, or why the text is not one.
function parseIpv4(text: string): number | string {
  const match = IPV4.exec(text);
  if (match === null) return 'it is neither dotted-decimal IPv4 nor IPv6';
  let value = 0;
  for (let index = 1; index <= 4; index++) {
    const octet = match[index] as string;
    if (octet.length > 1 && octet.startsWith('0')) {
      return `octet ${octet} has a leading zero (ambiguous: octal or decimal)`;
    }
    const number = Number(octet);
    if (number > 255) return `octet ${octet} is above 255`;
    value = value * 256 + number;
  }
  return value;
}

function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

// Eight 16-bit groups, or why the text is not IPv6.
function parseIpv6(text: string): number[] | string {
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
      const v4 = parseIpv4(part);
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

// RFC 5952 section 4 (and 5 for IPv4-mapped addresses).
function formatIpv6(groups: readonly number[]): string {
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const high = groups[6] as number;
    const low = groups[7] as number;
    return `::ffff:${high >>> 8}.${high & 0xff}.${low >>> 8}.${low & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function addressError(text: unknown, reason: string, context: string | undefined) {
  const where = context === undefined ? '' : `${context}: `;
  return new AddressParseError(`${where}'${String(text)}' is not an IP address: ${reason}`, {
    value: text,
    allowed: ADDRESS_FORMS,
  });
}

function endpointError(text: unknown, reason: string, context: string | undefined) {
  const where = context === undefined ? '' : `${context}: `;
  return new AddressParseError(`${where}'${String(text)}' is not an endpoint: ${reason}`, {
    value: text,
    allowed: ENDPOINT_FORMS,
  });
}
