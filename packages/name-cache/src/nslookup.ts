import type { TextReading } from '@mqsim/filetime';
import {
  canonicalAddress,
  firstTextIndex,
  isBlank,
  outputLines,
  ProblemList,
  reportedName,
} from './internal/output-text.js';

/** What `nslookup NAME [SERVER]` printed: which server it asked, and what came back. */
export interface NslookupReport {
  /** The server asked (`Server:` / `Address:`), or `undefined` when no `Server:` line was printed. */
  readonly server: NslookupServer | undefined;
  /** "DNS request timed out." lines before `Server:`: nslookup's reverse lookup of the server's own address. */
  readonly serverTimeouts: number;
  /** "DNS request timed out." lines after `Server:`: the question itself. */
  readonly queryTimeouts: number;
  /** The `timeout was N seconds.` under a time-out, or `undefined` when nothing timed out. */
  readonly timeoutSeconds: number | undefined;
  /** `false` after "Non-authoritative answer:" (the server answered from its cache), else `true`. */
  readonly authoritative: boolean;
  /** The `Name:` blocks: the name found, its addresses and the aliases (CNAMEs) that led to it. */
  readonly answers: readonly NslookupAnswer[];
  /** The `*** …` line that ended the lookup, or `undefined` when it found the name. */
  readonly failure: NslookupFailure | undefined;
}

/** The DNS server nslookup asked. */
export interface NslookupServer {
  /** Its name, or `undefined` for `UnKnown` (its address has no PTR record, or that lookup failed). */
  readonly name: string | undefined;
  /** Its address, canonical; `undefined` when no `Address:` line followed. */
  readonly address: string | undefined;
}

/** One `Name:` block of an answer. */
export interface NslookupAnswer {
  /** The name found (the canonical name at the end of any CNAME chain), lower case. */
  readonly name: string;
  /** `Address:` or `Addresses:`, canonical, in the order printed. */
  readonly addresses: readonly string[];
  /** `Aliases:` — the names asked that led here through CNAMEs, lower case. */
  readonly aliases: readonly string[];
}

/** How a lookup failed, from nslookup's `***` line. */
export type NslookupFailureKind =
  | 'nxdomain'
  | 'servfail'
  | 'refused'
  | 'no-records'
  | 'no-response'
  | 'timeout'
  | 'other';

/** The `*** …` line that ended a lookup. */
export interface NslookupFailure {
  readonly kind: NslookupFailureKind;
  /** The server named in the line (`dc01` in "*** dc01 can't find app02: …"), as printed. */
  readonly server: string | undefined;
  /** The name that was not found (`app02`), as printed; `undefined` when the line names none. */
  readonly name: string | undefined;
  /** The line without `*** `, as printed. */
  readonly message: string;
}

// Windows nslookup's layout (Microsoft Learn's Azure private-endpoint pages and Q&A captures; see
// __fixtures__/PROVENANCE.md): two spaces after `Server:`, `Address:`, `Addresses:` and
// `Aliases:`, four after `Name:`, and further values on lines of a tab and two spaces.
const CONTINUATION = '\t  ';
const UNKNOWN_SERVER = 'UnKnown';
const FAILURE_TEXT: Readonly<
  Record<Exclude<NslookupFailureKind, 'timeout' | 'other' | 'no-records'>, string>
> = {
  nxdomain: 'Non-existent domain',
  servfail: 'Server failed',
  refused: 'Query refused',
  'no-response': 'No response from server',
};
// Windows 10 and later, for a name that exists with neither an A nor an AAAA record.
const NO_RECORDS =
  'No internal type for both IPv4 and IPv6 Addresses (A+AAAA) records available for ';

/**
 * The text Windows `nslookup NAME` prints for this report, with CRLF line ends: the time-outs of
 * the server's reverse lookup, `Server:` and `Address:`, a blank line, the question's time-outs,
 * then "Non-authoritative answer:" and the `Name:` blocks, or the `***` failure line.
 *
 * @example
 * ```ts
 * const text = formatNslookup({
 *   server: { name: 'dc01.corp.example', address: '10.0.0.2' }, serverTimeouts: 0, queryTimeouts: 0,
 *   timeoutSeconds: undefined, authoritative: false, failure: undefined,
 *   answers: [{ name: 'app02.corp.example', addresses: ['10.0.0.20'], aliases: [] }],
 * });
 * text.split('\r\n');
 * // => ['Server:  dc01.corp.example', 'Address:  10.0.0.2', '', 'Non-authoritative answer:', 'Name:    app02.corp.example', 'Address:  10.0.0.20', '', '']
 * ```
 */
export function formatNslookup(report: NslookupReport): string {
  const lines: string[] = [];
  const timeouts = (count: number) => {
    for (let index = 0; index < count; index++) {
      lines.push(
        'DNS request timed out.',
        `    timeout was ${report.timeoutSeconds ?? 2} seconds.`,
      );
    }
  };
  timeouts(report.serverTimeouts);
  if (report.server !== undefined) {
    lines.push(`Server:  ${report.server.name ?? UNKNOWN_SERVER}`);
    if (report.server.address !== undefined) lines.push(`Address:  ${report.server.address}`);
    lines.push('');
  }
  timeouts(report.queryTimeouts);
  if (report.answers.length > 0 && !report.authoritative) lines.push('Non-authoritative answer:');
  for (const answer of report.answers) {
    lines.push(`Name:    ${answer.name}`);
    pushList(lines, answer.addresses.length > 1 ? 'Addresses' : 'Address', answer.addresses);
    pushList(lines, 'Aliases', answer.aliases);
    lines.push('');
  }
  if (report.failure !== undefined) lines.push(`*** ${report.failure.message}`);
  return `${lines.join('\r\n')}\r\n`;
}

function pushList(lines: string[], label: string, values: readonly string[]): void {
  const [first, ...rest] = values;
  if (first === undefined) return;
  lines.push(`${label}:  ${first}`);
  for (const value of rest) lines.push(`${CONTINUATION}${value}`);
}

/**
 * The `***` line of a failed lookup, as Windows nslookup words it: `*** dc01 can't find app02:
 * Non-existent domain`, or `*** Request to UnKnown timed-out` for a time-out.
 *
 * @example
 * ```ts
 * nslookupFailure('nxdomain', 'dc01.corp.example', 'app02');
 * // => { kind: 'nxdomain', server: 'dc01.corp.example', name: 'app02', message: "dc01.corp.example can't find app02: Non-existent domain" }
 * ```
 */
export function nslookupFailure(
  kind: Exclude<NslookupFailureKind, 'other'>,
  server: string | undefined,
  name: string,
): NslookupFailure {
  const shown = server ?? UNKNOWN_SERVER;
  if (kind === 'timeout') {
    return { kind, server: shown, name: undefined, message: `Request to ${shown} timed-out` };
  }
  if (kind === 'no-records')
    return { kind, server: undefined, name, message: `${NO_RECORDS}${name}` };
  return {
    kind,
    server: shown,
    name,
    message: `${shown} can't find ${name}: ${FAILURE_TEXT[kind]}`,
  };
}

// Labels by language: nslookup keeps `Address:` and `Addresses:` in English on German and Chinese
// Windows, and translates the rest (captures in __fixtures__/PROVENANCE.md).
const SERVER_LABELS = new Set([
  'server',
  'default server',
  'standardserver',
  '服务器',
  '默认服务器',
]);
const NAME_LABELS = new Set(['name', '名称']);
const ADDRESS_LABELS = new Set(['address', 'addresses', 'adresse', 'adressen']);
const ALIAS_LABELS = new Set(['aliases', 'aliase']);
const NON_AUTHORITATIVE = new Set([
  'non-authoritative answer:',
  'nicht autorisierende antwort:',
  '非权威应答:',
]);

/**
 * Reads saved Windows `nslookup` output back into an {@link NslookupReport}: the server asked
 * (`Server:  UnKnown` when its reverse lookup failed), "Non-authoritative answer:", each `Name:`
 * with its `Address:` or `Addresses:` and `Aliases:` (values continued on indented lines), the
 * time-outs ("DNS request timed out." / "timeout was 2 seconds."), and the `***` line of a failed
 * lookup, classified (`Non-existent domain` is `nxdomain`, `timed-out` is `timeout`, …). Lines it
 * cannot place are reported with their line and column.
 *
 * @example
 * ```ts
 * const { value } = readNslookup([
 *   'Server:  UnKnown', 'Address:  10.0.0.2', '',
 *   "*** UnKnown can't find app02: Non-existent domain",
 * ].join('\r\n'));
 * value.server; // => { name: undefined, address: '10.0.0.2' }
 * value.failure?.kind; // => 'nxdomain'
 * ```
 */
export function readNslookup(input: string | Uint8Array): TextReading<NslookupReport> {
  const lines = outputLines(input);
  const problems = new ProblemList();
  let server: { name: string | undefined; address: string | undefined } | undefined;
  let serverTimeouts = 0;
  let queryTimeouts = 0;
  let timeoutSeconds: number | undefined;
  let authoritative = true;
  const answers: { name: string; addresses: string[]; aliases: string[] }[] = [];
  let failure: NslookupFailure | undefined;
  // Where an indented value goes: the list of the last `Addresses:` or `Aliases:` line.
  let continued: ((text: string, index: number, offset: number) => void) | undefined;

  lines.forEach((line, index) => {
    if (isBlank(line)) {
      continued = undefined;
      return;
    }
    const start = firstTextIndex(line);
    const text = line.slice(start).trimEnd();
    if (start > 0 && continued !== undefined) {
      continued(text, index, start);
      return;
    }
    continued = undefined;
    if (text === 'DNS request timed out.') {
      if (server === undefined) serverTimeouts++;
      else queryTimeouts++;
      return;
    }
    const seconds = /^timeout was (\d{1,6}) seconds?\.$/.exec(text);
    if (seconds !== null) {
      timeoutSeconds = Number(seconds[1]);
      return;
    }
    if (NON_AUTHORITATIVE.has(text.toLowerCase())) {
      authoritative = false;
      return;
    }
    if (text.startsWith('***')) {
      const message = text.slice(3).trim();
      // "*** Can't find server name for address …" and "*** Default servers are not available"
      // come before `Server:  UnKnown`: about the server's own name, not about the question.
      if (/^(can't find server|default servers)/i.test(message)) return;
      failure = toFailure(message);
      return;
    }
    const colon = text.indexOf(':');
    const label = colon > 0 ? text.slice(0, colon).trim().toLowerCase() : '';
    const value = colon > 0 ? text.slice(colon + 1).trim() : '';
    const valueOffset =
      start + colon + 1 + (text.slice(colon + 1).length - text.slice(colon + 1).trimStart().length);
    const address = (entry: string, at: number, offset: number) => {
      const canonical = canonicalAddress(entry);
      if (canonical === undefined) {
        problems.add(
          at,
          lines[at] ?? '',
          offset,
          `expected an IPv4 or IPv6 address, found ${JSON.stringify(entry)}`,
        );
      }
      return canonical;
    };
    if (SERVER_LABELS.has(label)) {
      server = {
        name: value === UNKNOWN_SERVER || value === '' ? undefined : value,
        address: undefined,
      };
      return;
    }
    const answer = answers.at(-1);
    if (ADDRESS_LABELS.has(label)) {
      const list = answer === undefined ? undefined : answer.addresses;
      if (list === undefined) {
        if (server === undefined || server.address !== undefined) {
          problems.add(index, line, start, 'expected "Address:" right after "Server:" or "Name:"');
        } else server.address = address(value, index, valueOffset);
        return;
      }
      const add = (entry: string, at: number, offset: number) => {
        const canonical = address(entry, at, offset);
        if (canonical !== undefined) list.push(canonical);
      };
      if (value !== '') add(value, index, valueOffset);
      continued = add;
      return;
    }
    if (NAME_LABELS.has(label)) {
      answers.push({ name: reportedName(value), addresses: [], aliases: [] });
      return;
    }
    if (ALIAS_LABELS.has(label) && answer !== undefined) {
      const add = (entry: string) => {
        answer.aliases.push(reportedName(entry));
      };
      if (value !== '') add(value);
      continued = add;
      return;
    }
    problems.add(
      index,
      line,
      start,
      'expected "Server:", "Address:", "Name:", "Addresses:", "Aliases:", "Non-authoritative answer:", a time-out or a "***" line',
    );
  });

  // An answer block's `Address:` comes after its `Name:`; the server's before any `Name:`.
  return problems.reading({
    server,
    serverTimeouts,
    queryTimeouts,
    timeoutSeconds,
    authoritative: answers.length === 0 ? true : authoritative,
    answers,
    failure,
  });
}

function toFailure(message: string): NslookupFailure {
  const lower = message.toLowerCase();
  if (message.startsWith(NO_RECORDS)) {
    return {
      kind: 'no-records',
      server: undefined,
      name: message.slice(NO_RECORDS.length),
      message,
    };
  }
  const timedOut = /^request to (.*) timed-out$/i.exec(message);
  if (timedOut !== null) {
    return { kind: 'timeout', server: timedOut[1], name: undefined, message };
  }
  const cant = message.indexOf(" can't find ");
  const colon = message.lastIndexOf(': ');
  const server = cant > 0 ? message.slice(0, cant) : undefined;
  const name = cant > 0 && colon > cant ? message.slice(cant + 12, colon) : undefined;
  const reason = colon > 0 ? lower.slice(colon + 2) : lower;
  const kind: NslookupFailureKind =
    reason === 'non-existent domain'
      ? 'nxdomain'
      : reason === 'server failed'
        ? 'servfail'
        : reason === 'query refused'
          ? 'refused'
          : reason === 'no response from server'
            ? 'no-response'
            : reason.includes('timed out') || reason.includes('timed-out')
              ? 'timeout'
              : 'other';
  return { kind, server, name, message };
}
