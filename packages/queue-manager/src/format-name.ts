import { MqsimError } from '@mqsim/filetime';
import { canonicalIp, DnsNameError, ipFamily, normalizeDnsName } from '@mqsim/name-cache';

// Sources for the grammar and limits below:
// - "Direct Format Names" (ms700996): DIRECT=OS:/TCP:/HTTP(S)://, \PRIVATE$\, ;JOURNAL,
//   SYSTEM$;computersystemqueue, "computer name … 256 Unicode characters", "queue names longer than
//   124 Unicode characters are not supported".
// - [MS-MQMQ] 2.1.1 Path Names / 2.1.2 Direct Format Names (ABNF): QueueName = 1*124 chars,
//   Computer = 1*256 VCHAR, `SYSTEM$;` takes JOURNAL / DEADLETTER / DEADXACT, `;JOURNAL` is the only
//   suffix of an application queue.
// - "Queue Path Names" (ms706083): MSMQ 2.0+ forbids \ ; CR LF + , " in queue names; names are
//   case-insensitive.
// - NServiceBus MsmqAddress: `queue@machine` is DIRECT=OS:machine\private$\queue, or DIRECT=TCP: when
//   the machine is an IP address; no `@` means the local machine; `.`, `localhost` and `127.0.0.1`
//   mean the local machine; more than one `@` is an error.

/**
 * A queue name or format name that MSMQ would not accept, or that the simulator does not model
 * (directory-service names, SPX, multicast, subqueues). `value` holds the whole input, `column`
 * the 1-based position of the problem in it, `allowed` the forms that would be valid there.
 *
 * @example
 * ```ts
 * parseFormatName('DIRECT=TPC:10.0.0.5\\orders'); // throws FormatNameError
 * ```
 */
export class FormatNameError extends MqsimError {
  static override readonly code = 'ERR_FORMAT_NAME';
}

/**
 * The longest computer name in a format name, in UTF-16 units ("Direct Format Names": 256 Unicode
 * characters). A DNS name is further held to 253 (RFC 1035).
 *
 * @example
 * ```ts
 * parseFormatName('DIRECT=OS:' + 'a'.repeat(MAX_MACHINE_NAME_LENGTH + 1) + '\\q'); // throws FormatNameError
 * ```
 */
export const MAX_MACHINE_NAME_LENGTH = 256;

/**
 * The longest queue name, in UTF-16 units, without the machine and `private$\` ([MS-MQMQ] 2.1.1
 * `QueueName = 1*124(…)`). UNCERTAIN: the Windows CE `MSMQQueueInfo.PathName` page applies 124 to
 * the complete path name instead; the desktop docs and the protocol spec apply it to the queue name.
 *
 * @example
 * ```ts
 * parseFormatName('.\\' + 'q'.repeat(MAX_QUEUE_NAME_LENGTH)).queue.name.length; // => 124
 * parseFormatName('.\\' + 'q'.repeat(MAX_QUEUE_NAME_LENGTH + 1)); // throws FormatNameError
 * ```
 */
export const MAX_QUEUE_NAME_LENGTH = 124;

/**
 * The machine name that means "this computer" in path names and direct format names.
 *
 * @example
 * ```ts
 * machineOf(parseFormatName('.\\private$\\orders')) === LOCAL_MACHINE; // => true
 * ```
 */
export const LOCAL_MACHINE = '.';

/**
 * What follows `;`: `journal` on an application queue (its journal), or which of the computer's
 * system queues `SYSTEM$;…` names (the computer journal, dead-letter or transactional dead-letter queue).
 */
export type QueueSuffix = 'journal' | 'deadletter' | 'deadxact';

/**
 * The queue part of a format name: `orders`, `private$\orders`, `orders;JOURNAL` or
 * `SYSTEM$;DEADLETTER`. For a system queue `system` is `true`, `name` is `SYSTEM$`, `private` is
 * `false` and `suffix` says which one.
 */
export interface QueueName {
  /** Whether the queue is private (`private$\name`). */
  readonly private: boolean;
  /** The queue's name as written, case preserved; `SYSTEM$` for a computer system queue. */
  readonly name: string;
  /** `journal` for the queue's journal; for a system queue, which system queue. */
  readonly suffix?: QueueSuffix;
  /** Present for the computer's system queues (`SYSTEM$;JOURNAL`, `;DEADLETTER`, `;DEADXACT`). */
  readonly system?: true;
}

/** `DIRECT=OS:machine\queue`: MSMQ resolves the computer name (NetBIOS or DNS) itself. */
export interface DirectOsFormatName {
  readonly kind: 'direct-os';
  /** The computer name as written, case preserved; `.` for the local computer. */
  readonly machine: string;
  readonly queue: QueueName;
}

/** `DIRECT=TCP:10.0.0.5\queue`: no name resolution; the receiver must own the address. */
export interface DirectTcpFormatName {
  readonly kind: 'direct-tcp';
  /** The IPv4 or IPv6 address in canonical form (see `canonicalIp`). */
  readonly address: string;
  readonly queue: QueueName;
}

/** `DIRECT=HTTP://host/msmq/queue` or `HTTPS://…` (MSMQ 3.0+, SRMP): can only be sent to, never read. */
export interface DirectHttpFormatName {
  readonly kind: 'direct-http';
  /** `true` for HTTPS. */
  readonly secure: boolean;
  /** The host as written (case preserved), or a canonical IP address without brackets. */
  readonly host: string;
  /** The TCP port, when the URL names one. */
  readonly port?: number;
  readonly queue: QueueName;
}

/** A queue path name `machine\queue` or `machine\private$\queue` (`.` = the local computer). */
export interface QueuePathName {
  readonly kind: 'path';
  /** The computer name as written, case preserved; `.` for the local computer. */
  readonly machine: string;
  readonly queue: QueueName;
}

/** A destination queue in one of the notations the simulator accepts, as plain data. */
export type FormatName =
  | DirectOsFormatName
  | DirectTcpFormatName
  | DirectHttpFormatName
  | QueuePathName;

const ALL_FORMS =
  'DIRECT=OS:machine\\queue, DIRECT=TCP:ip\\queue, DIRECT=HTTP://host/msmq/queue, DIRECT=HTTPS://host/msmq/queue, a path name machine\\queue, or queue@machine; each queue written name, private$\\name, name;JOURNAL or SYSTEM$;JOURNAL|DEADLETTER|DEADXACT';
const ADDRESS_TYPES = 'OS:, TCP:, HTTP:// or HTTPS://';
const QUEUE_CHARACTERS =
  'a name of 1 to 124 characters without "\\", ";", "+", ",", \'"\' or control characters';
const HOST_NAME = 'a NetBIOS or DNS name such as app01 or app01.corp.example';
const SYSTEM_QUEUES = 'SYSTEM$;JOURNAL, SYSTEM$;DEADLETTER or SYSTEM$;DEADXACT';
// Maps, not plain objects: a name such as `constructor` must not find Object.prototype's.
const DIRECTORY_FORMS: ReadonlyMap<string, string> = new Map([
  ['PUBLIC', 'PUBLIC= format names need the directory service (the queue GUID is looked up there)'],
  ['PRIVATE', 'PRIVATE= format names need the directory service to find the owning computer'],
  ['DL', 'distribution lists (DL=) need the directory service'],
  ['MACHINE', 'MACHINE= format names need the directory service'],
  ['CONNECTOR', 'CONNECTOR= format names need the directory service'],
  ['MULTICAST', 'MULTICAST= (PGM) format names'],
]);
const SYSTEM_MESSAGING_PATHS: ReadonlyMap<string, string> = new Map([
  ['journal$', 'SYSTEM$;JOURNAL'],
  ['deadletter$', 'SYSTEM$;DEADLETTER'],
  ['xactdeadletter$', 'SYSTEM$;DEADXACT'],
]);

type QueueMode = 'direct' | 'path' | 'http';

/**
 * Reads a destination queue in any notation MSMQ or NServiceBus users write, into plain data.
 *
 * Accepted: `DIRECT=OS:machine\…`, `DIRECT=TCP:ip\…` (IPv4 or IPv6, stored canonical; `[…]` around
 * IPv6 is accepted), `DIRECT=HTTP(S)://host[:port]/msmq/…`, path names `machine\…`, all with an
 * optional `FormatName:` prefix; `DIRECT=`, `OS:`, `TCP:`, `private$`, `SYSTEM$`, `/msmq/` and the
 * suffixes in any case. The queue part is `name`, `private$\name`, either with `;JOURNAL`, or
 * `SYSTEM$;JOURNAL|DEADLETTER|DEADXACT`. NServiceBus addresses `queue@machine` become what
 * NServiceBus sends to: `DIRECT=OS:machine\private$\queue`, `DIRECT=TCP:` when the machine is an IP
 * address, machine `.` for `.`, `localhost` and `127.0.0.1`; a bare `queue` is the local private queue.
 *
 * Rejected with a located message: `PUBLIC=`/`PRIVATE=`/`DL=`/`MACHINE=`/`CONNECTOR=` (they need the
 * directory service, which the simulator does not model for addressing), `MULTICAST=`, `SPX:`/`IPX:`,
 * subqueues (`;poison`), multiple-element names (`a,b`), and leading or trailing whitespace.
 * Machine names must be `.` or a DNS-style host name (letters, digits, `-`, `_`, dot-separated labels
 * of ≤ 63, ≤ 253 in all, ≤ 256 per MSMQ): NetBIOS-only characters such as `!` or `&` are refused,
 * and the 15-character NetBIOS limit is not enforced, because a single label may be a DNS host name.
 * Columns count UTF-16 units from 1.
 *
 * @example
 * ```ts
 * parseFormatName('DIRECT=OS:App01\\private$\\Orders');
 * // => { kind: 'direct-os', machine: 'App01', queue: { private: true, name: 'Orders' } }
 * parseFormatName('orders@app01');
 * // => { kind: 'direct-os', machine: 'app01', queue: { private: true, name: 'orders' } }
 * parseFormatName('direct=tcp:10.0.0.5\\SYSTEM$;DEADLETTER');
 * // => { kind: 'direct-tcp', address: '10.0.0.5', queue: { private: false, name: 'SYSTEM$', system: true, suffix: 'deadletter' } }
 * parseFormatName('DIRECT=OS:app01\\orders;poison'); // throws FormatNameError
 * ```
 * @throws {FormatNameError} for every input that is not an accepted form, naming the input, the
 * column of the problem and what would be valid there; never any other error.
 */
export function parseFormatName(text: string): FormatName {
  if (typeof text !== 'string') {
    throw new FormatNameError(
      `format name of type ${typeof text} is not a string; write one of ${ALL_FORMS}`,
      { value: text, allowed: ALL_FORMS },
    );
  }
  if (text.length === 0) {
    fail(text, 'nothing is written', 1, ALL_FORMS, `write one of ${ALL_FORMS}`);
  }
  if (text.trimStart() !== text) {
    fail(text, 'leading whitespace', 1, ALL_FORMS, 'remove the whitespace');
  }
  const trimmed = text.trimEnd();
  if (trimmed !== text) {
    fail(text, 'trailing whitespace', trimmed.length + 1, ALL_FORMS, 'remove the whitespace');
  }
  const prefixed = /^formatname:/i.test(text);
  const start = prefixed ? 'FormatName:'.length : 0;
  const rest = text.slice(start);
  if (/^direct=/i.test(rest)) return parseDirect(text, start + 'DIRECT='.length);
  const type = /^([A-Za-z]+)=/.exec(rest)?.[1];
  const unmodelled = type === undefined ? undefined : DIRECTORY_FORMS.get(type.toUpperCase());
  if (unmodelled !== undefined) {
    fail(
      text,
      `${unmodelled}, which the simulator does not model`,
      start + 1,
      ALL_FORMS,
      'address the queue with DIRECT=OS:, DIRECT=TCP: or DIRECT=HTTP(S)://',
    );
  }
  if (type !== undefined && (prefixed || /^[A-Za-z]+=[A-Za-z]*:/.test(rest))) {
    fail(
      text,
      `unknown format name type ${quote(type)}`,
      start + 1,
      ALL_FORMS,
      'use DIRECT= (or write a path name machine\\queue)',
    );
  }
  if (prefixed) {
    fail(
      text,
      '"FormatName:" is not followed by a format name',
      start + 1,
      ALL_FORMS,
      'write FormatName:DIRECT=…, or a path name without the prefix',
    );
  }
  return text.includes('\\') ? parsePathName(text) : parseNServiceBusAddress(text);
}

function parseDirect(text: string, at: number): FormatName {
  const rest = text.slice(at);
  const http = /^(https?):\/\//i.exec(rest);
  if (http !== null) {
    const secure = (http[1] ?? '').length === 5;
    return parseHttp(text, at + (http[0] ?? '').length, secure);
  }
  const colon = text.indexOf(':', at);
  const backslash = text.indexOf('\\', at);
  if (colon === -1 || (backslash !== -1 && backslash < colon)) {
    fail(
      text,
      'the address type is missing after "DIRECT="',
      at + 1,
      ADDRESS_TYPES,
      `use ${ADDRESS_TYPES}`,
    );
  }
  const type = text.slice(at, colon);
  switch (type.toUpperCase()) {
    case 'OS': {
      const [machine, queueStart] = machinePart(text, colon + 1, 'machine name');
      checkMachine(text, machine, colon + 1, true);
      return { kind: 'direct-os', machine, queue: parseQueue(text, queueStart, 'direct') };
    }
    case 'TCP': {
      const [written, queueStart] = machinePart(text, colon + 1, 'IP address');
      const address = checkIp(text, written, colon + 1);
      return { kind: 'direct-tcp', address, queue: parseQueue(text, queueStart, 'direct') };
    }
    case 'HTTP':
    case 'HTTPS':
      return fail(
        text,
        `${quote(`${type}:`)} is not followed by "//"`,
        colon + 2,
        ADDRESS_TYPES,
        `write DIRECT=${type}://host/msmq/queue`,
      );
    case 'SPX':
    case 'IPX':
      return fail(
        text,
        `address type ${quote(type)} (SPX over IPX, gone since Windows Vista) is not modelled`,
        at + 1,
        ADDRESS_TYPES,
        `use ${ADDRESS_TYPES}`,
      );
    default:
      return fail(
        text,
        `unknown address type ${quote(type)}`,
        at + 1,
        ADDRESS_TYPES,
        `use ${ADDRESS_TYPES}`,
      );
  }
}

/** The text from `at` to the first `\`, and where the queue part starts. */
function machinePart(text: string, at: number, what: string): [string, number] {
  const backslash = text.indexOf('\\', at);
  if (backslash === at || at === text.length) {
    fail(
      text,
      `the ${what} is missing`,
      at + 1,
      HOST_NAME,
      `write ${what === 'IP address' ? 'an IPv4 or IPv6 address' : HOST_NAME} before "\\"`,
    );
  }
  if (backslash === -1) {
    fail(
      text,
      `"\\" is missing between the ${what} and the queue name`,
      text.length + 1,
      ALL_FORMS,
      'write \\queue or \\private$\\queue after it',
    );
  }
  return [text.slice(at, backslash), backslash + 1];
}

function checkMachine(text: string, machine: string, at: number, allowLocal: boolean): void {
  if (allowLocal && machine === LOCAL_MACHINE) return;
  if (machine.length > MAX_MACHINE_NAME_LENGTH) {
    fail(
      text,
      `the machine name is ${machine.length} characters long; the limit is ${MAX_MACHINE_NAME_LENGTH}`,
      at + 1,
      HOST_NAME,
      `write ${HOST_NAME}`,
    );
  }
  if (ipFamily(machine) === 6) {
    fail(
      text,
      `${quote(machine)} is an IPv6 address, not a computer name`,
      at + 1,
      HOST_NAME,
      'address it with DIRECT=TCP:',
    );
  }
  try {
    normalizeDnsName(machine);
  } catch (error) {
    const inner = DnsNameError.isInstance(error) ? error : undefined;
    const column = at + (inner?.column ?? 1);
    const bad = inner?.column === undefined ? undefined : machine[inner.column - 1];
    const problem =
      bad !== undefined && !/[A-Za-z0-9_.-]/.test(bad)
        ? `the machine name ${quote(machine)} has ${quote(bad)}`
        : `the machine name ${quote(machine)} is not a valid host name`;
    fail(text, problem, column, HOST_NAME, `expected ${inner?.allowed ?? HOST_NAME}`, error);
  }
}

function checkIp(text: string, written: string, at: number): string {
  const bare = /^\[[^\]]*\]$/.test(written) ? written.slice(1, -1) : written;
  try {
    return canonicalIp(bare);
  } catch (error) {
    return fail(
      text,
      `${quote(written)} is not an IP address`,
      at + 1,
      'an IPv4 or IPv6 address such as 10.0.0.5 or 2001:db8::5',
      'write an IPv4 or IPv6 address such as 10.0.0.5, or use DIRECT=OS: for a computer name',
      error,
    );
  }
}

function parseHttp(text: string, at: number, secure: boolean): DirectHttpFormatName {
  let end = at;
  while (end < text.length && text[end] !== '/' && text[end] !== '\\') end++;
  const authority = text.slice(at, end);
  let host: string;
  let portText: string | undefined;
  let portColumn = 0;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    const after = close === -1 ? '' : authority.slice(close + 1);
    if (close === -1 || (after !== '' && !after.startsWith(':'))) {
      fail(
        text,
        'the bracketed IPv6 host is not closed by "]"',
        at + 1,
        'http://[2001:db8::5]/msmq/queue',
        'write [address] or [address]:port',
      );
    }
    host = checkIp(text, authority.slice(1, close), at + 1);
    if (after !== '') {
      portText = after.slice(1);
      portColumn = at + close + 3;
    }
  } else {
    const colon = authority.lastIndexOf(':');
    const name = colon === -1 ? authority : authority.slice(0, colon);
    if (colon !== -1) {
      portText = authority.slice(colon + 1);
      portColumn = at + colon + 2;
    }
    if (name.length === 0) {
      fail(
        text,
        'the host is missing',
        at + 1,
        HOST_NAME,
        `write ${HOST_NAME} or an IP address after "//"`,
      );
    }
    if (ipFamily(name) === 4) {
      host = checkIp(text, name, at);
    } else {
      checkMachine(text, name, at, false);
      host = name;
    }
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : 0;
    if (port < 1 || port > 65_535) {
      fail(
        text,
        `port ${quote(portText)} is not a number from 1 to 65535`,
        portColumn,
        'a TCP port from 1 to 65535',
        'write a port from 1 to 65535, or none',
      );
    }
  }
  if (!/^[/\\]msmq[/\\]/i.test(text.slice(end))) {
    fail(
      text,
      '"/msmq/" does not follow the host',
      end + 1,
      'http://host[:port]/msmq/queue',
      'HTTP format names address the msmq virtual directory: write http://host/msmq/queue',
    );
  }
  const queue = parseQueue(text, end + '/msmq/'.length, 'http');
  return port === undefined
    ? { kind: 'direct-http', secure, host, queue }
    : { kind: 'direct-http', secure, host, port, queue };
}

function parsePathName(text: string): QueuePathName {
  const [machine, queueStart] = machinePart(text, 0, 'machine name');
  checkMachine(text, machine, 0, true);
  return { kind: 'path', machine, queue: parseQueue(text, queueStart, 'path') };
}

function parseNServiceBusAddress(text: string): DirectOsFormatName | DirectTcpFormatName {
  const at = text.indexOf('@');
  const second = at === -1 ? -1 : text.indexOf('@', at + 1);
  if (second !== -1) {
    fail(
      text,
      'a second "@"',
      second + 1,
      'queue@machine',
      'NServiceBus addresses are queue@machine, with one "@"',
    );
  }
  const queueEnd = at === -1 ? text.length : at;
  if (queueEnd === 0) {
    fail(text, 'the queue name before "@" is missing', 1, 'queue@machine', 'write queue@machine');
  }
  const queue: QueueName = { private: true, name: scanName(text, 0, queueEnd, 'path', true) };
  if (at === -1) return { kind: 'direct-os', machine: LOCAL_MACHINE, queue };
  const machine = text.slice(at + 1);
  if (machine.length === 0) {
    fail(
      text,
      'the machine name after "@" is missing',
      at + 2,
      'queue@machine',
      'write queue@machine',
    );
  }
  if (machine === '.' || machine.toLowerCase() === 'localhost' || machine === '127.0.0.1') {
    return { kind: 'direct-os', machine: LOCAL_MACHINE, queue };
  }
  if (ipFamily(machine) !== undefined) {
    return { kind: 'direct-tcp', address: checkIp(text, machine, at + 1), queue };
  }
  checkMachine(text, machine, at + 1, false);
  return { kind: 'direct-os', machine, queue };
}

function parseQueue(text: string, at: number, mode: QueueMode): QueueName {
  const separator = mode === 'http' ? /[/\\]/ : /\\/;
  const rest = text.slice(at);
  if (rest.length === 0) {
    fail(
      text,
      'the queue name is missing',
      at + 1,
      QUEUE_CHARACTERS,
      'write name or private$\\name',
    );
  }
  if (/^system\$(;|$)/i.test(rest)) {
    const suffixStart = at + 'SYSTEM$;'.length;
    const suffix = text.slice(suffixStart);
    const system = /^(journal|deadletter|deadxact)$/i.exec(suffix)?.[1]?.toLowerCase();
    if (system === undefined) {
      fail(
        text,
        rest.length === 'SYSTEM$'.length
          ? '"SYSTEM$" is not followed by the system queue'
          : `unknown system queue ${quote(suffix)}`,
        suffixStart + (rest.length === 'SYSTEM$'.length ? 0 : 1),
        SYSTEM_QUEUES,
        `write ${SYSTEM_QUEUES}`,
      );
    }
    return { private: false, name: 'SYSTEM$', system: true, suffix: system as QueueSuffix };
  }
  let nameStart = at;
  let isPrivateQueue = false;
  if (/^private\$/i.test(rest) && (rest.length === 8 || separator.test(rest[8] ?? ''))) {
    isPrivateQueue = true;
    nameStart = at + 'private$'.length + 1;
    if (nameStart >= text.length) {
      fail(
        text,
        '"private$" is not followed by a queue name',
        rest.length === 'private$'.length ? at + 'private$'.length + 1 : nameStart + 1,
        QUEUE_CHARACTERS,
        `write private$${mode === 'http' ? '/' : '\\'}name`,
      );
    }
  }
  const semicolon = text.indexOf(';', nameStart);
  const nameEnd = semicolon === -1 ? text.length : semicolon;
  const name = scanName(text, nameStart, nameEnd, mode, isPrivateQueue);
  if (semicolon === -1) return { private: isPrivateQueue, name };
  const suffix = text.slice(semicolon + 1);
  const lower = suffix.toLowerCase();
  if (lower === 'journal') return { private: isPrivateQueue, name, suffix: 'journal' };
  if (lower === 'deadletter' || lower === 'deadxact') {
    fail(
      text,
      `${quote(`;${suffix}`)} is a queue of the computer, not of ${quote(name)}`,
      semicolon + 2,
      'name;JOURNAL, or SYSTEM$;DEADLETTER / SYSTEM$;DEADXACT for the computer',
      `write SYSTEM$;${suffix.toUpperCase()} instead of the queue name`,
    );
  }
  return fail(
    text,
    suffix.length === 0 ? 'nothing follows ";"' : `unknown suffix ${quote(`;${suffix}`)}`,
    semicolon + 2,
    ';JOURNAL',
    'the only queue suffix is ;JOURNAL (subqueues such as ;poison are not modelled)',
  );
}

function scanName(
  text: string,
  start: number,
  end: number,
  mode: QueueMode,
  isPrivateQueue: boolean,
): string {
  if (start === end) {
    fail(
      text,
      'the queue name is missing',
      start + 1,
      QUEUE_CHARACTERS,
      `write ${QUEUE_CHARACTERS}`,
    );
  }
  for (let index = start; index < end; index++) {
    const char = text[index] ?? '';
    const forbidden =
      '\\;+,"'.includes(char) ||
      isControlCharacter(char.charCodeAt(0)) ||
      (mode === 'http' && '/?#'.includes(char));
    if (!forbidden) continue;
    fail(
      text,
      `the queue name has ${quote(char)}`,
      index + 1,
      QUEUE_CHARACTERS,
      forbiddenHint(text, index, mode),
    );
  }
  const name = text.slice(start, end);
  const trimmedEnd = name.trimEnd().length;
  if (name.trimStart() !== name || trimmedEnd !== name.length) {
    fail(
      text,
      'the queue name starts or ends with whitespace',
      name.trimStart() !== name ? start + 1 : start + trimmedEnd + 1,
      QUEUE_CHARACTERS,
      'remove the whitespace (the simulator refuses it as a likely typo)',
    );
  }
  if (name.length > MAX_QUEUE_NAME_LENGTH) {
    fail(
      text,
      `the queue name is ${name.length} characters long; the limit is ${MAX_QUEUE_NAME_LENGTH}`,
      start + 1,
      QUEUE_CHARACTERS,
      `shorten it to ${MAX_QUEUE_NAME_LENGTH} characters`,
    );
  }
  const lower = name.toLowerCase();
  if (lower === 'private$' || lower === 'system$') {
    fail(
      text,
      `${quote(name)} is reserved, not a queue name`,
      start + 1,
      QUEUE_CHARACTERS,
      `write ${QUEUE_CHARACTERS}`,
    );
  }
  const systemPath = isPrivateQueue ? undefined : SYSTEM_MESSAGING_PATHS.get(lower);
  if (systemPath !== undefined) {
    fail(
      text,
      `${quote(name)} is System.Messaging path notation`,
      start + 1,
      SYSTEM_QUEUES,
      `write ${systemPath}`,
    );
  }
  return name;
}

function forbiddenHint(text: string, index: number, mode: QueueMode): string {
  const char = text[index];
  const after = text.slice(index + 1);
  if (char === '\\' && /^journal\$$/i.test(after)) {
    return 'for the queue journal write name;JOURNAL';
  }
  if (char === ',' && /^(formatname:)?[a-z]+=/i.test(after)) {
    return 'multiple-element format names (a,b) are not modelled: address one queue at a time';
  }
  if (mode === 'http' && '/?#'.includes(char ?? '')) {
    return `in a URL the queue name cannot contain "/", "?" or "#"; expected ${QUEUE_CHARACTERS}`;
  }
  return `expected ${QUEUE_CHARACTERS}`;
}

function fail(
  text: string,
  problem: string,
  column: number,
  allowed: string,
  hint: string,
  cause?: unknown,
): never {
  throw new FormatNameError(
    `format name ${quote(text)}: ${problem} at column ${column}; ${hint}`,
    cause === undefined
      ? { value: text, column, allowed }
      : { value: text, column, allowed, cause },
  );
}

/** C0 controls and DEL: MSMQ forbids CR and LF in queue names, [MS-MQMQ] 2.1.1 excludes all of them. */
function isControlCharacter(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** Double-quoted, control characters escaped, long text shortened; backslashes stay single so columns read true. */
function quote(text: string): string {
  const short = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  let escaped = '';
  for (const char of short) {
    const code = char.charCodeAt(0);
    escaped += isControlCharacter(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return `"${escaped}"`;
}

function formatQueue(queue: QueueName, separator: string): string {
  if (queue.system === true) return `SYSTEM$;${(queue.suffix ?? 'journal').toUpperCase()}`;
  const journal = queue.suffix === 'journal' ? ';JOURNAL' : '';
  return `${queue.private ? `private$${separator}` : ''}${queue.name}${journal}`;
}

/**
 * The canonical text of a format name, in the notation it names: `DIRECT=OS:`, `DIRECT=TCP:`,
 * `DIRECT=http(s)://host/msmq/…` or a path name. Keywords are written one way (`private$`, `;JOURNAL`,
 * `SYSTEM$;DEADLETTER`, no `FormatName:` prefix); machine and queue names keep the user's case.
 * `parseFormatName(formatFormatName(x))` equals `x`.
 *
 * @example
 * ```ts
 * formatFormatName(parseFormatName('FormatName:direct=os:App01\\PRIVATE$\\Orders;journal')); // => 'DIRECT=OS:App01\\private$\\Orders;JOURNAL'
 * formatFormatName(parseFormatName('orders@10.0.0.5')); // => 'DIRECT=TCP:10.0.0.5\\private$\\orders'
 * formatFormatName(parseFormatName('DIRECT=HTTPS://[2001:DB8::5]:8443/MSMQ/q')); // => 'DIRECT=https://[2001:db8::5]:8443/msmq/q'
 * ```
 */
export function formatFormatName(name: FormatName): string {
  switch (name.kind) {
    case 'direct-os':
      return `DIRECT=OS:${name.machine}\\${formatQueue(name.queue, '\\')}`;
    case 'direct-tcp':
      return `DIRECT=TCP:${name.address}\\${formatQueue(name.queue, '\\')}`;
    case 'direct-http': {
      const host = name.host.includes(':') ? `[${name.host}]` : name.host;
      const port = name.port === undefined ? '' : `:${name.port}`;
      return `DIRECT=${name.secure ? 'https' : 'http'}://${host}${port}/msmq/${formatQueue(name.queue, '/')}`;
    }
    case 'path':
      return `${name.machine}\\${formatQueue(name.queue, '\\')}`;
  }
}

function hostKey(machine: string): string {
  const lower = machine.toLowerCase();
  return lower !== LOCAL_MACHINE && lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * A case-insensitive key for a format name, for keying outgoing queues: the canonical text lower-cased,
 * the machine without a trailing dot. MSMQ compares machine and queue names case-insensitively.
 * The notation stays part of the key: `DIRECT=OS:`, `DIRECT=TCP:` and a path name to the same queue
 * are different keys (MSMQ names an outgoing queue by its format name).
 *
 * @example
 * ```ts
 * formatNameKey(parseFormatName('DIRECT=OS:APP01.corp.\\Private$\\Orders')); // => 'direct=os:app01.corp\\private$\\orders'
 * formatNameKey(parseFormatName('orders@app01')) === formatNameKey(parseFormatName('DIRECT=OS:App01\\private$\\ORDERS')); // => true
 * ```
 */
export function formatNameKey(name: FormatName): string {
  switch (name.kind) {
    case 'direct-os':
    case 'path':
      return formatFormatName({ ...name, machine: hostKey(name.machine) }).toLowerCase();
    case 'direct-http':
      return formatFormatName({ ...name, host: hostKey(name.host) }).toLowerCase();
    case 'direct-tcp':
      return formatFormatName(name).toLowerCase();
  }
}

/**
 * A case-insensitive key for the queue part alone, as a queue manager keys its local queues:
 * `orders`, `private$\orders`, `orders;journal`, `system$;deadletter`.
 *
 * @example
 * ```ts
 * queuePathKey(parseFormatName('DIRECT=OS:app01\\PRIVATE$\\Orders').queue); // => 'private$\\orders'
 * queuePathKey(parseFormatName('app01\\SYSTEM$;DeadXact').queue); // => 'system$;deadxact'
 * ```
 */
export function queuePathKey(queue: QueueName): string {
  return formatQueue(queue, '\\').toLowerCase();
}

/**
 * Whether the format name addresses a private queue (`private$\…`).
 *
 * @example
 * ```ts
 * isPrivate(parseFormatName('DIRECT=TCP:10.0.0.5\\private$\\orders')); // => true
 * isPrivate(parseFormatName('app01\\orders')); // => false
 * ```
 */
export function isPrivate(name: FormatName): boolean {
  return name.queue.private;
}

/**
 * The computer a sender must reach: the machine name for `DIRECT=OS:` and path names (`.` for the
 * local computer), the canonical IP address for `DIRECT=TCP:`, the host for `DIRECT=HTTP(S)://`.
 *
 * @example
 * ```ts
 * machineOf(parseFormatName('DIRECT=OS:App01.corp.example\\orders')); // => 'App01.corp.example'
 * machineOf(parseFormatName('DIRECT=TCP:2001:DB8:0::5\\orders')); // => '2001:db8::5'
 * machineOf(parseFormatName('orders')); // => '.'
 * ```
 */
export function machineOf(name: FormatName): string {
  switch (name.kind) {
    case 'direct-os':
    case 'path':
      return name.machine;
    case 'direct-tcp':
      return name.address;
    case 'direct-http':
      return name.host;
  }
}
