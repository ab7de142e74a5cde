import { IpAddressParseError } from './errors.js';
import { type ParsedAddress, parseAddress } from './parse-address.js';

/** An address and a TCP or UDP port. */
export interface Endpoint extends ParsedAddress {
  /** 1–65535. */
  readonly port: number;
}

const ENDPOINT_FORMS = 'address:port like 10.0.0.5:1801 or [2001:db8::5]:1801, port 1–65535';

/**
 * Writes an address and a port the way `netstat` and URLs do: `10.0.0.5:1801`,
 * `[fe80::1]:1801`. The address is written as given; pass canonical text.
 *
 * @example
 * ```ts
 * formatEndpoint('2001:db8::5', 1801); // => '[2001:db8::5]:1801'
 * formatEndpoint('10.0.0.5', 1801); // => '10.0.0.5:1801'
 * ```
 */
export function formatEndpoint(address: string, port: number | string): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * Reads `address:port` (`[address]:port` for IPv6) into a canonical address, its family and the
 * port: the inverse of {@link formatEndpoint}.
 *
 * @param context - Where the text came from, put in front of the error message.
 * @example
 * ```ts
 * parseEndpoint('[2001:DB8::5]:1801'); // => { family: 'ipv6', address: '2001:db8::5', port: 1801 }
 * parseEndpoint('10.0.0.5:0'); // throws IpAddressParseError
 * ```
 * @throws {IpAddressParseError} for a malformed address or a port outside 1–65535.
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

function endpointError(text: unknown, reason: string, context: string | undefined) {
  const where = context === undefined ? '' : `${context}: `;
  return new IpAddressParseError(`${where}'${String(text)}' is not an endpoint: ${reason}`, {
    value: text,
    allowed: ENDPOINT_FORMS,
  });
}
