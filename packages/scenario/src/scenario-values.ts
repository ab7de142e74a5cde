import { formatDuration, fromIso, fromRegQword, parseDurationTicks } from '@mqsim/filetime';
import { canonicalIp } from '@mqsim/name-cache';
import { FormatNameError, parseFormatName } from '@mqsim/queue-manager';
import { binary, dword, expandSz, multiSz, qword, type RegValue, sz } from '@mqsim/registry';
import { quote } from './scenario-error.js';
import type { ScenarioDestination } from './scenario-types.js';

/** A value read from the file, or why it could not be. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly allowed: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string, allowed: string): Parsed<never> => ({ ok: false, message, allowed });

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A duration such as `1h30m` in ticks, as a `number`.
 *
 * @example
 * ```ts
 * parseTicks('1h30m'); // => { ok: true, value: 54_000_000_000 }
 * ```
 */
export function parseTicks(text: string): Parsed<number> {
  try {
    return ok(parseDurationTicks(text));
  } catch (error) {
    return bad(reason(error), 'a duration of at most 2^53 ticks (about 28 years)');
  }
}

/** Roughly how long `ticks` is, for estimates: `about 997 years`, `about 2.5 days`. */
export function roughly(ticks: bigint | number): string {
  const days = Number(ticks) / 864_000_000_000;
  if (days >= 365.25 * 2) return `about ${Math.round(days / 365.25)} years`;
  if (days >= 2) return `about ${Math.round(days)} days`;
  return formatDuration(BigInt(Math.round(Number(ticks))));
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

/**
 * A size such as `100MB` in bytes; KB = 1024 bytes, as MSMQ counts quotas ("Limit message
 * storage to (KB)").
 *
 * @example
 * ```ts
 * parseSize('4MB'); // => { ok: true, value: 4_194_304 }
 * ```
 */
export function parseSize(text: string): Parsed<number> {
  const match = /^(\d+)(B|KB|MB|GB|TB)$/.exec(text);
  const bytes = match === null ? Number.NaN : Number(match[1]) * (SIZE_UNITS[match[2] ?? ''] ?? 0);
  if (!Number.isSafeInteger(bytes)) {
    return bad(`${quote(text)} is not a size`, 'a size such as 512B, 1KB, 100MB or 1GB');
  }
  return ok(bytes);
}

const RATE_UNITS: Readonly<Record<string, number>> = { bps: 1, kbps: 1e3, Mbps: 1e6, Gbps: 1e9 };

/**
 * A bit rate such as `100Mbps` in bits per second (k = 1000, as networks count).
 *
 * @example
 * ```ts
 * parseBandwidth('64kbps'); // => { ok: true, value: 64_000 }
 * ```
 */
export function parseBandwidth(text: string): Parsed<number> {
  const match = /^(\d+)(bps|kbps|Mbps|Gbps)$/.exec(text);
  const bits = match === null ? 0 : Number(match[1]) * (RATE_UNITS[match[2] ?? ''] ?? 0);
  if (!(Number.isSafeInteger(bits) && bits > 0)) {
    return bad(
      `${quote(text)} is not a bit rate above 0`,
      'a bit rate such as 64kbps, 100Mbps or 1Gbps',
    );
  }
  return ok(bits);
}

/**
 * An IP address in canonical form (RFC 5952 for IPv6).
 *
 * @example
 * ```ts
 * parseAddress('2001:DB8:0::20'); // => { ok: true, value: '2001:db8::20' }
 * ```
 */
export function parseAddress(text: string): Parsed<string> {
  try {
    return ok(canonicalIp(text));
  } catch {
    return bad(
      `${quote(text)} is not an IPv4 or IPv6 address`,
      'an IPv4 or IPv6 address such as 10.0.0.20 or 2001:db8::20',
    );
  }
}

/**
 * A firewall rule's remote side: `any`, an address, or a prefix `address/length`; canonical, with
 * the prefix's length checked against its family.
 */
export function parseRemote(text: string): Parsed<string> {
  if (text.toLowerCase() === 'any') return ok('any');
  const slash = text.indexOf('/');
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (!address.ok || slash === -1) return address.ok ? address : remoteProblem(text);
  const lengthText = text.slice(slash + 1);
  const length = /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
  const max = address.value.includes(':') ? 128 : 32;
  if (!(length <= max)) return remoteProblem(text);
  return ok(`${address.value}/${length}`);
}

function remoteProblem(text: string): Parsed<never> {
  return bad(
    `${quote(text)} is not an address or prefix`,
    'any, an address (10.0.0.5) or a prefix (10.0.0.0/24, 2001:db8::/32)',
  );
}

/** An address with an optional port, as a NAT mapping side. */
export interface Endpoint {
  readonly address: string;
  readonly port: number | undefined;
}

const ENDPOINT_FORM =
  'an address (10.0.0.20), or address:port (10.0.0.20:1801, [2001:db8::20]:1801)';

/**
 * `10.0.0.20`, `10.0.0.20:1801` or `[2001:db8::20]:1801`.
 *
 * @example
 * ```ts
 * parseEndpoint('203.0.113.20:1801'); // => { ok: true, value: { address: '203.0.113.20', port: 1801 } }
 * ```
 */
export function parseEndpoint(text: string): Parsed<Endpoint> {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const v4 = /^([\d.]+):(\d{1,5})$/.exec(text);
  const [addressText, portText] =
    bracketed !== null
      ? [bracketed[1], bracketed[2]]
      : v4 !== null
        ? [v4[1], v4[2]]
        : [text, undefined];
  const address = parseAddress(addressText ?? '');
  const port = portText === undefined ? undefined : Number(portText);
  if (!address.ok || (port !== undefined && (port < 1 || port > 65_535))) {
    return bad(`${quote(text)} is not an address or address:port`, ENDPOINT_FORM);
  }
  return ok({ address: address.value, port });
}

/** `address` or `address:port` (`[v6]:port`), the form `@mqsim/transport` NAT mappings take. */
export function formatEndpoint(endpoint: Endpoint): string {
  if (endpoint.port === undefined) return endpoint.address;
  return endpoint.address.includes(':')
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}

const QUEUE_PATH = /^(?:(private\$)\\)?([^\\]+)$/i;
const DESTINATION_FORM = String.raw`queue@HOST (DIRECT=OS:HOST\private$\queue), DIRECT=OS:name\private$\queue or DIRECT=TCP:10.0.0.20\private$\queue`;

/**
 * A queue path with `private$\` in lower case, and whether it is private.
 *
 * @example
 * ```ts
 * parseQueuePath('PRIVATE$\\Orders'); // => { ok: true, value: { name: 'private$\\Orders', private: true } }
 * ```
 */
export function parseQueuePath(
  text: string,
): Parsed<{ readonly name: string; readonly private: boolean }> {
  const match = QUEUE_PATH.exec(text);
  if (match === null || (match[2] ?? '').trim() === '') {
    return bad(
      `${quote(text)} is not a queue path`,
      String.raw`private$\orders or a public queue name`,
    );
  }
  const isPrivate = match[1] !== undefined;
  return ok({ name: isPrivate ? `private$\\${match[2]}` : (match[2] ?? ''), private: isPrivate });
}

/**
 * Where a workload sends: `queue@HOST` (NServiceBus' short form of
 * `DIRECT=OS:HOST\private$\queue`) or a `DIRECT=OS:` / `DIRECT=TCP:` format name, with or
 * without `FormatName:`.
 *
 * @example
 * ```ts
 * const parsed = parseDestination('orders@APP01');
 * parsed.ok ? parsed.value.formatName : parsed.message; // => 'DIRECT=OS:APP01\\private$\\orders'
 * parseDestination('orders').ok; // => false
 * ```
 */
export function parseDestination(text: string): Parsed<ScenarioDestination> {
  const short = /^([^@\\\s]+)@([^@\\\s]+)$/.exec(text);
  if (short !== null) {
    const [, queue = '', host = ''] = short;
    return checkedByQueueManager({
      text,
      formatName: `DIRECT=OS:${host}\\private$\\${queue}`,
      protocol: 'os',
      host,
      queue: `private$\\${queue}`,
    });
  }
  const direct = /^(?:formatname:)?direct=(os|tcp):([^\\]+)\\(.+)$/i.exec(text);
  if (direct === null) {
    return bad(`${quote(text)} is not a destination mqsim understands`, DESTINATION_FORM);
  }
  const protocol = (direct[1] ?? '').toLowerCase() as 'os' | 'tcp';
  const queue = parseQueuePath(direct[3] ?? '');
  if (!queue.ok) return bad(`${quote(text)}: ${queue.message}`, DESTINATION_FORM);
  let host = direct[2] ?? '';
  if (protocol === 'tcp') {
    const address = parseAddress(host);
    if (!address.ok) return bad(`${quote(text)}: ${address.message}`, DESTINATION_FORM);
    host = address.value;
  }
  return checkedByQueueManager({
    text,
    formatName: `DIRECT=${protocol.toUpperCase()}:${host}\\${queue.value.name}`,
    protocol,
    host,
    queue: queue.value.name,
  });
}

/**
 * The destination, if the queue manager can send to it: its format-name parser has the last word
 * on queue names (length, `;` subqueues, control characters), so a scenario never fails later.
 */
function checkedByQueueManager(destination: ScenarioDestination): Parsed<ScenarioDestination> {
  try {
    parseFormatName(destination.formatName);
    return ok(destination);
  } catch (error) {
    if (!FormatNameError.isInstance(error)) throw error;
    return bad(`${quote(destination.text)}: ${error.message}`, DESTINATION_FORM);
  }
}

const DWORD_FORM = 'a whole number from 0 to 4294967295 (0xFFFFFFFF)';
const QWORD_FORM =
  'a whole number from 0 to 2^64 − 1, written in digits, "0x…" or decimal text, hex(b):… as a .reg export writes it, or an ISO-8601 date-time (stored as a FILETIME)';

/** A registry value as a scenario (or the shell's `reg add`) writes it: a type and plain data. */
export interface RegistryValueInput {
  readonly type:
    | 'REG_DWORD'
    | 'REG_QWORD'
    | 'REG_SZ'
    | 'REG_EXPAND_SZ'
    | 'REG_MULTI_SZ'
    | 'REG_BINARY';
  readonly value: number | string | readonly string[];
}

/**
 * A registry value from its `type` and `value`; `exactText` is the source text of a number, so a
 * REG_QWORD past 2^53 keeps every digit.
 *
 * @example
 * ```ts
 * parseRegistryValue({ type: 'REG_DWORD', value: 168 });
 * // => { ok: true, value: { type: 'REG_DWORD', data: 168 } }
 * ```
 */
export function parseRegistryValue(raw: RegistryValueInput, exactText?: string): Parsed<RegValue> {
  const { type, value } = raw;
  const got =
    typeof value === 'string'
      ? `text ${quote(value)}`
      : Array.isArray(value)
        ? 'a list'
        : // A number JavaScript cannot hold exactly is shown as it was written.
          `the number ${typeof value === 'number' && !Number.isSafeInteger(value) && exactText !== undefined ? exactText.trim() : value}`;
  try {
    switch (type) {
      case 'REG_DWORD': {
        const number =
          typeof value === 'string' && /^(?:0x[0-9a-f]{1,8}|\d{1,10})$/i.test(value)
            ? Number(value)
            : value;
        if (
          typeof number !== 'number' ||
          !Number.isInteger(number) ||
          number < 0 ||
          number > 0xffff_ffff
        ) {
          return bad(`REG_DWORD needs a whole number from 0 to 4294967295, not ${got}`, DWORD_FORM);
        }
        return ok(dword(number));
      }
      case 'REG_QWORD':
        return parseQword(value, got, exactText);
      case 'REG_SZ':
      case 'REG_EXPAND_SZ':
        if (typeof value !== 'string') return bad(`${type} needs text, not ${got}`, 'text');
        return ok(type === 'REG_SZ' ? sz(value) : expandSz(value));
      case 'REG_MULTI_SZ':
        if (!Array.isArray(value))
          return bad(`REG_MULTI_SZ needs a list of text, not ${got}`, 'a list of text');
        return ok(multiSz(value));
      case 'REG_BINARY': {
        const tokens =
          typeof value === 'string'
            ? value
                .trim()
                .split(/[\s,]+/)
                .filter((token) => token !== '')
            : [];
        if (typeof value !== 'string' || !tokens.every((token) => /^[0-9a-f]{2}$/i.test(token))) {
          return bad(
            `REG_BINARY needs hex bytes, not ${got}`,
            'hex bytes such as "01 ff 3c" or "01,ff,3c"',
          );
        }
        return ok(binary(tokens.map((token) => Number.parseInt(token, 16))));
      }
    }
  } catch (error) {
    return bad(reason(error), `a valid ${type}`);
  }
}

function parseQword(
  value: RegistryValueInput['value'],
  got: string,
  exactText: string | undefined,
): Parsed<RegValue> {
  let ticks: bigint | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) {
    const exact = exactText?.trim() ?? '';
    if (/^(?:\d+|0x[0-9a-f]+)$/i.test(exact)) ticks = BigInt(exact);
    // Written as `9007199254740993.0` or `1e17`, it would silently become the nearest double;
    // a caller without the text has only the number.
    else if (exactText === undefined || Number.isSafeInteger(value)) ticks = BigInt(value);
  } else if (typeof value === 'string' && /^(?:\d+|0x[0-9a-f]+)$/i.test(value)) {
    ticks = BigInt(value);
  } else if (typeof value === 'string' && /^\s*(?:"[^"]*"=)?hex\(b\):/i.test(value)) {
    // Pasted from a .reg export: `hex(b):00,80,3e,d5,de,b1,9d,01`, little-endian.
    try {
      ticks = fromRegQword(value).ticks;
    } catch (error) {
      return bad(`REG_QWORD: ${reason(error)}`, QWORD_FORM);
    }
  } else if (typeof value === 'string') {
    try {
      ticks = fromIso(value).ticks;
    } catch (error) {
      return bad(`REG_QWORD: ${reason(error)}`, QWORD_FORM);
    }
  }
  if (ticks === undefined || ticks < 0n || ticks > 0xffff_ffff_ffff_ffffn) {
    return bad(`REG_QWORD needs a whole number from 0 to 2^64 − 1, not ${got}`, QWORD_FORM);
  }
  return ok(qword(ticks));
}
