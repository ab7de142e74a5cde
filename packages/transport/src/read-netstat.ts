import {
  splitOutputLines,
  type TextProblem,
  type TextReading,
  toCommandOutputText,
} from '@mqsim/filetime';
import { type AddressFamily, isIpAddress, parseAddress } from '@mqsim/ip-address';
import type { TcpState } from './session.js';

/**
 * A connection state as Windows' `netstat` names it: the simulator's {@link TcpState}s plus the
 * states only a real machine shows. Windows prints the `MIB_TCP_STATE` values of the IP Helper API
 * (https://learn.microsoft.com/en-us/windows/win32/api/tcpmib/ns-tcpmib-mib_tcprow_lh) as
 * `CLOSED`, `LISTENING`, `SYN_SENT`, `SYN_RECEIVED`, `ESTABLISHED`, `FIN_WAIT_1`, `FIN_WAIT_2`,
 * `CLOSE_WAIT`, `CLOSING`, `LAST_ACK`, `TIME_WAIT` and `DELETE_TCB`; `netstat -q` adds `BOUND`.
 */
export type NetstatState =
  | TcpState
  | 'LISTENING'
  | 'FIN_WAIT_2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'DELETE_TCB'
  | 'BOUND';

/** An address and port as `netstat -n` prints them, the address in canonical text. */
export interface NetstatEndpoint {
  readonly family: AddressFamily;
  /** Canonical text (`@mqsim/ip-address`), without the zone: `0.0.0.0`, `::`, `fe80::1`. */
  readonly address: string;
  /** 0–65535; `0` in a listener's foreign address. */
  readonly port: number;
  /** The IPv6 zone (Windows prints the interface index: `%4` in `[fe80::1%4]:49664`). */
  readonly zone?: string;
}

/** One connection or listener read from `netstat -an`, `-ano`, `-anb` or `-anbo` output. */
export interface NetstatEntry {
  readonly proto: 'TCP' | 'UDP';
  /** The local address as printed: `0.0.0.0:1801`, `[::]:1801`, `[fe80::1%4]:49664`. */
  readonly local: string;
  /** The foreign address as printed: `0.0.0.0:0` for a TCP listener, `*:*` for most UDP rows. */
  readonly foreign: string;
  readonly localEndpoint: NetstatEndpoint;
  /** `undefined` for `*:*` (a UDP socket with no peer). */
  readonly foreignEndpoint: NetstatEndpoint | undefined;
  /** In English whatever the language of the output (`ABHÖREN` is `LISTENING`); none for UDP. */
  readonly state: NetstatState | undefined;
  /** The owning process id (`-o`); `0` for TIME_WAIT. */
  readonly pid?: number;
  /**
   * The owning executable (`-b`), without brackets; `undefined` without `-b`, for a TIME_WAIT row,
   * and where Windows prints `Can not obtain ownership information`.
   */
  readonly process: string | undefined;
  /** The service name `-b` prints above `[svchost.exe]` (`RpcSs`, `Dnscache`). */
  readonly service?: string;
  /** 1-based line of the row in the text, for quoting it. */
  readonly line: number;
}

/** A recognised line that is not a row, with where it was, for quoting it. */
export interface NetstatNotice {
  /** 1-based line. */
  readonly line: number;
  /** The line as printed. */
  readonly text: string;
}

/** What {@link readNetstat} understood of one `netstat` output. */
export interface NetstatListing {
  /** The rows in the order printed. */
  readonly rows: readonly NetstatEntry[];
  /**
   * Where netstat refused `-b` without administrator rights (`The requested operation requires
   * elevation.`, error 740): the listing then has no rows. Collect `netstat -anbo` from an
   * elevated prompt.
   */
  readonly elevationRequired: NetstatNotice | undefined;
}

// The banners and header first words netstat prints, by language. English is what our formatter
// writes. French ("Connexions actives", "Adresse locale  Adresse distante  État", states left in
// English, no "PID" in the header even with -o) and German ("Aktive Verbindungen", "Lokale Adresse
// Remoteadresse Status") are from real captures, see `__fixtures__/PROVENANCE.md`; Simplified
// Chinese ("活动连接", "协议  本地地址  外部地址  状态") from a published `netstat -ano`
// (https://github.com/billfeller/billfeller.github.io/issues/174).
const BANNERS = foldAll(['Active Connections', 'Aktive Verbindungen', 'Connexions actives']);
const BANNERS_EXACT = new Set(['活动连接']);
const HEADER_FIRST_WORDS = new Set(['Proto', '协议']);

// `-b` when netstat cannot tell the owner (PID 4 "System", for one). English and French as real
// captures print them; the German text was not found in a real capture, so a German one is
// reported as a problem rather than guessed.
const NO_OWNER_MESSAGES = foldAll([
  'Can not obtain ownership information',
  'Impossible d’obtenir les informations de propriétaire',
]);

// ERROR_ELEVATION_REQUIRED (740), which `netstat -b` prints without administrator rights, as
// Windows words it in English, German and French (system message 740).
const ELEVATION_MESSAGES = foldAll([
  'The requested operation requires elevation.',
  'Der angeforderte Vorgang erfordert erhöhte Rechte.',
  'L’opération demandée nécessite une élévation.',
]);

const ENGLISH_STATES: readonly NetstatState[] = [
  'CLOSED',
  'LISTENING',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'DELETE_TCB',
  'BOUND',
];

// German state words. ABHÖREN, HERGESTELLT, WARTEND, SCHLIESSEN_WARTEN and FIN_WARTEN_2 are in the
// real capture in `__fixtures__`; SYN_GESENDET and FIN_WARTEN_1 are the same translation scheme,
// as monitoring agents that read German netstat map them (Checkmk's Windows agent tests,
// sebhildebrandt/systeminformation's `network.js`). Words not listed are problems, not guesses.
const GERMAN_STATES: ReadonlyArray<readonly [string, NetstatState]> = [
  ['ABHÖREN', 'LISTENING'],
  ['HERGESTELLT', 'ESTABLISHED'],
  ['WARTEND', 'TIME_WAIT'],
  ['SCHLIESSEN_WARTEN', 'CLOSE_WAIT'],
  ['SYN_GESENDET', 'SYN_SENT'],
  ['FIN_WARTEN_1', 'FIN_WAIT_1'],
  ['FIN_WARTEN_2', 'FIN_WAIT_2'],
];

const STATES = new Map<string, NetstatState>([
  ...ENGLISH_STATES.map((state) => [state, state] as const),
  ...GERMAN_STATES.map(([word, state]) => [fold(word), state] as const),
]);

// No endpoint netstat prints is longer: `[` 45-character IPv6 `%` zone `]:65535`. Longer tokens
// are refused before any parsing, so a 1 MB line costs one pass.
const MAX_ENDPOINT_LENGTH = 96;

/**
 * Reads the text Windows' `netstat` prints for `-an`, `-ano`, `-anb` and `-anbo` (any order of the
 * flags): TCP and UDP rows over IPv4 and IPv6, the PID column, the `-b` owner lines (` [exe]`, the
 * service name above it, `Can not obtain ownership information`), English, French and German
 * output, as text or as the bytes of a saved file (UTF-16LE from PowerShell's `>`, the OEM code
 * page from cmd's). Each line it cannot place is a problem with its line and column; the rest is
 * still read. It is the inverse of {@link formatNetstat}.
 *
 * @example
 * ```ts
 * const text = formatNetstat([
 *   { proto: 'TCP', local: '10.0.0.20:1801', foreign: '0.0.0.0:0', state: 'LISTENING', process: 'mqsvc.exe' },
 * ]);
 * readNetstat(text).value.rows;
 * // => [{ proto: 'TCP', local: '10.0.0.20:1801', foreign: '0.0.0.0:0', localEndpoint: { family: 'ipv4', address: '10.0.0.20', port: 1801 }, foreignEndpoint: { family: 'ipv4', address: '0.0.0.0', port: 0 }, state: 'LISTENING', process: 'mqsvc.exe', line: 5 }]
 * readNetstat('\r\nAktive Verbindungen\r\n\r\n  Proto  Lokale Adresse         Remoteadresse          Status\r\n  TCP    [::]:1801              [::]:0                 ABHÖREN\r\n').value.rows[0]?.state;
 * // => 'LISTENING'
 * readNetstat('The requested operation requires elevation.\r\n').value.elevationRequired;
 * // => { line: 1, text: 'The requested operation requires elevation.' }
 * readNetstat('  TCP    10.0.0.20:1801         0.0.0.0:0              LISTEN').problems[0]?.column;
 * // => 56
 * ```
 */
export function readNetstat(input: string | Uint8Array): TextReading<NetstatListing> {
  const lines = splitOutputLines(toCommandOutputText(input));
  const rows: NetstatEntry[] = [];
  const problems: TextProblem[] = [];
  let elevationRequired: NetstatNotice | undefined;
  // The row whose `-b` owner lines may follow; `skipped` when that row was a problem (its owner
  // lines are then passed over, they were reported with it).
  let owner: OwnerState = { kind: 'none' };
  const problem = (line: number, text: string, index: number, message: string) => {
    problems.push({ line, column: codePointColumn(text, index), message, text });
  };

  lines.forEach((text, index) => {
    const line = index + 1;
    const tokens = tokenize(text);
    const first = tokens[0];
    if (first === undefined) return;
    if (first.text === 'TCP' || first.text === 'UDP') {
      const read = readRow(first.text, tokens, line);
      if ('message' in read) {
        problem(line, text, read.index, read.message);
        owner = { kind: 'skipped' };
      } else {
        owner = { kind: 'row', row: read, index: rows.length, service: false };
        rows.push(read);
      }
      return;
    }
    const trimmed = text.trim();
    const folded = fold(trimmed);
    const exe = bracketedProgram(text);
    const ownerLine = exe !== undefined || NO_OWNER_MESSAGES.has(folded);
    if (owner.kind === 'row' && ownerLine) {
      rows[owner.index] = { ...owner.row, process: exe };
      owner = { kind: 'none' };
      return;
    }
    if (owner.kind === 'skipped' && (ownerLine || (first.start >= 2 && tokens.length === 1))) {
      if (ownerLine) owner = { kind: 'none' };
      return;
    }
    if (exe === undefined && (BANNERS.has(folded) || BANNERS_EXACT.has(trimmed))) {
      owner = { kind: 'none' };
      return;
    }
    if (HEADER_FIRST_WORDS.has(first.text) && tokens.length >= 4) {
      owner = { kind: 'none' };
      return;
    }
    if (exe === undefined && ELEVATION_MESSAGES.has(folded)) {
      elevationRequired ??= { line, text: trimmed };
      owner = { kind: 'none' };
      return;
    }
    if (owner.kind === 'row' && !owner.service && first.start >= 2 && tokens.length === 1) {
      const row = { ...owner.row, service: first.text };
      rows[owner.index] = row;
      owner = { ...owner, row, service: true };
      return;
    }
    problem(line, text, first.start, unplacedMessage(owner, exe !== undefined));
  });
  return { value: { rows, elevationRequired }, problems };
}

/**
 * The TCP listeners on a local port: their addresses tell where a connection to that port is
 * accepted (`0.0.0.0` is every IPv4 address of the host, `::` every IPv6 address).
 *
 * @example
 * ```ts
 * const { rows } = readNetstat('  TCP    0.0.0.0:1801           0.0.0.0:0              LISTENING\n  TCP    [2001:db8::20]:1801    [::]:0                 LISTENING\n').value;
 * listenersOn(rows, 1801).map((row) => row.localEndpoint.address); // => ['0.0.0.0', '2001:db8::20']
 * ```
 */
export function listenersOn(rows: readonly NetstatEntry[], port: number): NetstatEntry[] {
  return rows.filter(
    (row) => row.proto === 'TCP' && row.state === 'LISTENING' && row.localEndpoint.port === port,
  );
}

/**
 * Whether a TCP listener in the rows accepts a connection to `address` and `port`: one bound to
 * that address, or to the unspecified address of its family. An address that is not an IP address
 * is accepted by none.
 *
 * @example
 * ```ts
 * const { rows } = readNetstat('  TCP    203.0.113.10:1801      0.0.0.0:0              LISTENING\n').value;
 * isListeningOn(rows, '10.0.0.20', 1801); // => false
 * isListeningOn(rows, '203.0.113.10', 1801); // => true
 * ```
 */
export function isListeningOn(
  rows: readonly NetstatEntry[],
  address: string,
  port: number,
): boolean {
  if (!isIpAddress(address)) return false;
  const wanted = parseAddress(address);
  const any = wanted.family === 'ipv4' ? '0.0.0.0' : '::';
  return listenersOn(rows, port).some(
    (row) =>
      row.localEndpoint.family === wanted.family &&
      (row.localEndpoint.address === wanted.address || row.localEndpoint.address === any),
  );
}

/**
 * The TCP connections whose foreign port is `port` (those this host made to a service on that
 * port), in any state but LISTENING, or only in `states`: `SYN_SENT` rows are dials still
 * unanswered, `ESTABLISHED` ones working sessions.
 *
 * @example
 * ```ts
 * const { rows } = readNetstat('  TCP    10.0.0.5:49152         10.0.0.99:1801         SYN_SENT\n  TCP    10.0.0.5:49153         10.0.0.20:1801         ESTABLISHED\n').value;
 * connectionsTo(rows, 1801, ['SYN_SENT']).map((row) => row.foreign); // => ['10.0.0.99:1801']
 * connectionsTo(rows, 1801).length; // => 2
 * ```
 */
export function connectionsTo(
  rows: readonly NetstatEntry[],
  port: number,
  states?: readonly NetstatState[],
): NetstatEntry[] {
  return rows.filter(
    (row) =>
      row.proto === 'TCP' &&
      row.state !== 'LISTENING' &&
      row.foreignEndpoint?.port === port &&
      (states === undefined || (row.state !== undefined && states.includes(row.state))),
  );
}

type OwnerState =
  | { readonly kind: 'none' }
  | { readonly kind: 'skipped' }
  | {
      readonly kind: 'row';
      readonly row: NetstatEntry;
      readonly index: number;
      readonly service: boolean;
    };

interface Token {
  readonly text: string;
  /** UTF-16 index of its first character in the line. */
  readonly start: number;
}

interface RowProblem {
  readonly index: number;
  readonly message: string;
}

function readRow(
  proto: 'TCP' | 'UDP',
  tokens: readonly Token[],
  line: number,
): NetstatEntry | RowProblem {
  const [, localToken, foreignToken, ...rest] = tokens;
  const end = tokens.at(-1)!;
  const afterEnd = end.start + end.text.length;
  if (localToken === undefined) {
    return { index: afterEnd, message: `expected the local address:port after ${proto}` };
  }
  const localEndpoint = readEndpoint(localToken.text);
  if (typeof localEndpoint === 'string') {
    return { index: localToken.start, message: `local address: ${localEndpoint}` };
  }
  if (foreignToken === undefined) {
    return { index: afterEnd, message: 'expected the foreign address:port after the local one' };
  }
  const foreignEndpoint = foreignToken.text === '*:*' ? undefined : readEndpoint(foreignToken.text);
  if (typeof foreignEndpoint === 'string') {
    return { index: foreignToken.start, message: `foreign address: ${foreignEndpoint}` };
  }
  let state: NetstatState | undefined;
  let next = 0;
  if (proto === 'TCP') {
    const stateToken = rest[0];
    if (stateToken === undefined) {
      return {
        index: afterEnd,
        message: 'expected a TCP state such as LISTENING or ESTABLISHED after the foreign address',
      };
    }
    state = STATES.get(stateToken.text) ?? STATES.get(fold(stateToken.text));
    if (state === undefined) {
      return {
        index: stateToken.start,
        message: `'${stateToken.text}' is not a TCP state netstat prints; expected one of ${ENGLISH_STATES.join(', ')} (or German ${GERMAN_STATES.map(([word]) => word).join(', ')})`,
      };
    }
    next = 1;
  }
  const pidToken = rest[next];
  let pid: number | undefined;
  if (pidToken !== undefined) {
    pid = /^\d{1,10}$/.test(pidToken.text) ? Number(pidToken.text) : undefined;
    if (pid === undefined || pid > 0xffff_ffff) {
      return {
        index: pidToken.start,
        message: `expected the process id (a number) ${proto === 'TCP' ? 'after the state' : 'after the foreign address'}, or the end of the line`,
      };
    }
  }
  const extra = rest[next + 1];
  if (extra !== undefined) {
    return { index: extra.start, message: 'expected the end of the line after the process id' };
  }
  return {
    proto,
    local: localToken.text,
    foreign: foreignToken.text,
    localEndpoint,
    foreignEndpoint,
    state,
    ...(pid === undefined ? {} : { pid }),
    process: undefined,
    line,
  };
}

/** Reads `a.b.c.d:port` or `[ipv6%zone]:port`; a string says what is wrong. */
function readEndpoint(text: string): NetstatEndpoint | string {
  const expected = `'${text.length > MAX_ENDPOINT_LENGTH ? `${text.slice(0, 40)}…` : text}' is not an address:port in numbers`;
  const hint = ' (like 10.0.0.5:1801 or [fe80::1%4]:1801; collect netstat with -n)';
  if (text.length > MAX_ENDPOINT_LENGTH) return expected + hint;
  const bracketed = text.startsWith('[');
  const close = bracketed ? text.indexOf(']') : text.lastIndexOf(':');
  const portText = bracketed ? text.slice(close + 2) : text.slice(close + 1);
  if (close < 0 || (bracketed && text[close + 1] !== ':') || !/^(0|[1-9]\d{0,4})$/.test(portText)) {
    return expected + hint;
  }
  const port = Number(portText);
  if (port > 65_535) return `${expected}: port ${portText} is above 65535`;
  let host = bracketed ? text.slice(1, close) : text.slice(0, close);
  let zone: string | undefined;
  if (bracketed) {
    const percent = host.indexOf('%');
    if (percent >= 0) {
      zone = host.slice(percent + 1);
      host = host.slice(0, percent);
      if (zone === '') return `${expected}: the zone after % is empty`;
    }
  }
  if (!isIpAddress(host)) return expected + hint;
  const { family, address } = parseAddress(host);
  if ((family === 'ipv6') !== bracketed) return expected + hint;
  return zone === undefined ? { family, address, port } : { family, address, port, zone };
}

/** The program of a `-b` owner line, ` [svchost.exe]` (one space, then brackets), if it is one. */
function bracketedProgram(text: string): string | undefined {
  const trimmed = text.trimEnd();
  if (!trimmed.startsWith(' [') || !trimmed.endsWith(']') || trimmed.length < 3) return undefined;
  return trimmed.slice(2, -1);
}

function unplacedMessage(owner: OwnerState, bracketed: boolean): string {
  if (bracketed) {
    return 'a program name in brackets must follow a TCP or UDP row (netstat -b prints it below the row it owns)';
  }
  if (owner.kind === 'row') {
    return "expected the owner of the row above: ' [program.exe]', a service name, or 'Can not obtain ownership information'";
  }
  return "expected a TCP or UDP row, the 'Active Connections' banner or the 'Proto' header";
}

/** The whitespace-separated words of a line with where each starts: one pass, no regex. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    const blank = code === 32 || code === 9 || code === 0x0b || code === 0x0c || code === 0xa0;
    if (blank && start >= 0) {
      tokens.push({ text: text.slice(start, index), start });
      start = -1;
    } else if (!blank && start < 0) {
      start = index;
    }
  }
  return tokens;
}

/**
 * The letters, digits, `_`, `.` and spaces of a text: how a message is compared whatever code page
 * mangled its accents. cmd's `>` saves German `ABHÖREN` in code page 850, where Ö is 0x99, which
 * reads as `ABH™REN` in Windows-1252 (a real capture shows exactly that); both fold to `ABHREN`.
 */
function fold(text: string): string {
  let folded = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const keep =
      (code >= 48 && code <= 57) ||
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      code === 95 ||
      code === 46 ||
      code === 32;
    if (keep) folded += text[index];
  }
  return folded;
}

function foldAll(texts: readonly string[]): Set<string> {
  return new Set(texts.map(fold));
}

function codePointColumn(text: string, index: number): number {
  let column = 1;
  for (let at = 0; at < index && at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdbff && at + 1 < index) at++;
    column++;
  }
  return column + Math.max(0, index - text.length);
}
