import { type TextReading, ticksToSeconds } from '@mqsim/filetime';
import {
  canonicalAddress,
  firstTextIndex,
  isBlank,
  outputLines,
  ProblemList,
  reportedName,
  splitLeader,
  wholeNumber,
} from './internal/output-text.js';
import type { LookupResult } from './lookup-result.js';
import { type DnsRecord, RECORD_TYPE_CODES, type RecordType } from './records.js';

const DATA_LABEL: Readonly<Record<RecordType, string>> = {
  A: 'A (Host) Record . . . : ',
  AAAA: 'AAAA Record . . . . . : ',
  CNAME: 'CNAME Record  . . . . : ',
  PTR: 'PTR Record  . . . . . : ',
};

// CNAME and PTR show the size of a pointer, not of the name (64-bit Windows).
const DATA_LENGTH: Readonly<Record<RecordType, number>> = { A: 4, AAAA: 16, CNAME: 8, PTR: 8 };

/**
 * The text `ipconfig /displaydns` prints for these cache entries at clock tick `now`: per entry
 * the name, a rule, then per record its name, type number, remaining TTL, data length, section
 * and data; "Name does not exist." for a cached NXDOMAIN, "No records of type …" for cached no-data.
 *
 * @example
 * ```ts
 * const text = formatDisplayDns([{
 *   name: 'app01.corp.example', type: 'A', status: 'ok', values: ['10.0.0.5'], layer: 'os-cache',
 *   records: [{ name: 'app01.corp.example', type: 'A', ttl: 1200, data: '10.0.0.5' }],
 *   obtainedAt: 0, expiresAt: 1200 * TICKS.perSecond, reason: undefined,
 * }], 60 * TICKS.perSecond);
 * text.includes('Time To Live  . . . . : 1140'); // => true
 * ```
 */
export function formatDisplayDns(entries: readonly LookupResult[], now: number): string {
  const lines = ['', 'Windows IP Configuration', ''];
  for (const entry of entries) {
    lines.push(`    ${entry.name}`, `    ${'-'.repeat(40)}`);
    // Two blank lines follow every record, also between the records of one entry (a CNAME and
    // its target), and every negative entry, as in real captures (see __fixtures__/PROVENANCE.md).
    if (entry.status === 'nxdomain') lines.push('    Name does not exist.', '', '');
    else if (entry.status === 'nodata') lines.push(`    No records of type ${entry.type}`, '', '');
    else
      for (const record of entry.records) lines.push(...formatRecord(record, entry, now), '', '');
  }
  return `${lines.join('\r\n')}\r\n`;
}

function formatRecord(record: DnsRecord, entry: LookupResult, now: number): string[] {
  const remaining =
    entry.layer === 'hosts'
      ? record.ttl
      : Math.max(0, Math.floor(ticksToSeconds(entry.expiresAt - now)));
  return [
    `    Record Name . . . . . : ${record.name}`,
    `    Record Type . . . . . : ${RECORD_TYPE_CODES[record.type]}`,
    `    Time To Live  . . . . : ${Math.min(remaining, record.ttl)}`,
    `    Data Length . . . . . : ${DATA_LENGTH[record.type]}`,
    '    Section . . . . . . . : Answer',
    `    ${DATA_LABEL[record.type]}${record.data}`,
  ];
}

/** One name's block in `ipconfig /displaydns`: its records, or the negative answer cached for it. */
export interface DisplayDnsEntry {
  /** The name above the rule, as the reader reports names: lower case, no trailing dot. */
  readonly name: string;
  /** `ok` with records; `nxdomain` for "Name does not exist."; `nodata` for "No records of type …". */
  readonly status: 'ok' | 'nxdomain' | 'nodata';
  /** For `nodata`, the type named (`AAAA`); otherwise `undefined`. */
  readonly type: string | undefined;
  /** The records, in the order printed (a CNAME chain, then the addresses). */
  readonly records: readonly DisplayDnsRecord[];
}

/** One record of a `/displaydns` entry. */
export interface DisplayDnsRecord {
  /** `Record Name`, lower case, no trailing dot. */
  readonly name: string;
  /** The type's name (`A`, `CNAME`, `SRV`), or `TYPE<n>` (RFC 3597) for a number we do not name. */
  readonly type: string;
  /** `Record Type` as printed: the wire number (1, 5, 12, 28, …). */
  readonly typeCode: number;
  /** `Time To Live`: the seconds the cache still keeps it. */
  readonly ttl: number;
  /** `Data Length`, or `undefined` when not printed. */
  readonly dataLength: number | undefined;
  /** `Section`: `Answer`, `Additional`, `Authority` or `Question`, as printed. */
  readonly section: string | undefined;
  /**
   * The data: a canonical address for A and AAAA, a name (lower case, no trailing dot) for CNAME,
   * PTR and NS; for records printed on several lines (SRV, SOA, MX), the lines joined by a space.
   */
  readonly data: string;
}

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'A'],
  [2, 'NS'],
  [5, 'CNAME'],
  [6, 'SOA'],
  [12, 'PTR'],
  [15, 'MX'],
  [16, 'TXT'],
  [28, 'AAAA'],
  [33, 'SRV'],
]);
const NAME_DATA = new Set(['CNAME', 'PTR', 'NS']);
const BANNERS = new Set(['windows ip configuration', 'windows-ip-konfiguration']);

interface RecordDraft {
  name: string | undefined;
  typeCode: number | undefined;
  ttl: number | undefined;
  dataLength: number | undefined;
  section: string | undefined;
  data: string[];
  line: number;
  text: string;
}

// The six lines of a record, in the order ipconfig prints them on every Windows version we have
// seen. A label the reader does not know (a localized ipconfig) is taken by its place in the record.
const RECORD_FIELDS = ['name', 'type', 'ttl', 'length', 'section', 'data'] as const;
type RecordField = (typeof RECORD_FIELDS)[number];
const RECORD_LABELS: ReadonlyMap<string, RecordField> = new Map([
  ['record name', 'name'],
  ['record type', 'type'],
  ['time to live', 'ttl'],
  ['data length', 'length'],
  ['section', 'section'],
]);

/**
 * Reads saved `ipconfig /displaydns` output back into its entries: per name the records (name,
 * type number, remaining TTL, data length, section, and the `A (Host) Record`, `AAAA Record`,
 * `CNAME Record`, `PTR Record` or other data, continued on the next lines for SRV and SOA), and
 * the negative entries ("Name does not exist.", "No records of type AAAA"). Lines it cannot place
 * are reported with their line and column.
 *
 * @example
 * ```ts
 * const { value, problems } = readDisplayDns([
 *   'Windows IP Configuration', '',
 *   '    app01.corp.example', '    ----------------------------------------',
 *   '    Record Name . . . . . : app01.corp.example',
 *   '    Record Type . . . . . : 1',
 *   '    Time To Live  . . . . : 1140',
 *   '    Data Length . . . . . : 4',
 *   '    Section . . . . . . . : Answer',
 *   '    A (Host) Record . . . : 10.0.0.5',
 * ].join('\r\n'));
 * value[0]?.records[0]; // => { name: 'app01.corp.example', type: 'A', typeCode: 1, ttl: 1140, dataLength: 4, section: 'Answer', data: '10.0.0.5' }
 * problems; // => []
 * ```
 */
export function readDisplayDns(input: string | Uint8Array): TextReading<DisplayDnsEntry[]> {
  const lines = outputLines(input);
  const problems = new ProblemList();
  const entries: DisplayDnsEntry[] = [];
  let current:
    | {
        name: string;
        status: DisplayDnsEntry['status'];
        type: string | undefined;
        records: DisplayDnsRecord[];
      }
    | undefined;
  let record: RecordDraft | undefined;
  let position = 0;

  const finishRecord = () => {
    if (record === undefined || current === undefined) return;
    const done = toRecord(record, problems);
    if (done !== undefined) current.records.push(done);
    record = undefined;
    position = 0;
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (isBlank(line)) {
      finishRecord();
      continue;
    }
    const start = firstTextIndex(line);
    const text = line.slice(start).trimEnd();
    if (start === 0 && BANNERS.has(text.toLowerCase())) continue;
    const next = lines[index + 1] ?? '';
    if (isRule(next)) {
      finishRecord();
      current = { name: reportedName(text), status: 'ok', type: undefined, records: [] };
      entries.push(current);
      index++;
      continue;
    }
    if (current === undefined) {
      problems.add(
        index,
        line,
        start,
        'expected "Windows IP Configuration" or a name above a rule of dashes',
      );
      continue;
    }
    if (record === undefined) {
      if (text === 'Name does not exist.') {
        current.status = 'nxdomain';
        continue;
      }
      if (text.startsWith('No records of type ')) {
        current.status = 'nodata';
        current.type = text.slice('No records of type '.length).trim();
        continue;
      }
    }
    const leader = splitLeader(line);
    if (leader === undefined || leader.valueOffset <= start) {
      if (record !== undefined && position >= RECORD_FIELDS.length) {
        record.data.push(text);
        continue;
      }
      problems.add(
        index,
        line,
        start,
        'expected "Record Name . . . : name" or another "Label . . . : value" line of a record',
      );
      continue;
    }
    if (record === undefined) {
      record = {
        name: undefined,
        typeCode: undefined,
        ttl: undefined,
        dataLength: undefined,
        section: undefined,
        data: [],
        line: index,
        text: line,
      };
    }
    const field =
      RECORD_LABELS.get(leader.key) ??
      (leader.key.endsWith('record') ? 'data' : RECORD_FIELDS[position]);
    position = field === undefined ? position : RECORD_FIELDS.indexOf(field) + 1;
    const at = (message: string) => problems.add(index, line, leader.valueOffset, message);
    switch (field) {
      case 'name':
        record.name = reportedName(leader.value);
        break;
      case 'type':
        record.typeCode = wholeNumber(leader.value);
        if (record.typeCode === undefined) at('expected the record type number, such as 1 for A');
        break;
      case 'ttl':
        record.ttl = wholeNumber(leader.value);
        if (record.ttl === undefined) at('expected the time to live in seconds');
        break;
      case 'length':
        record.dataLength = wholeNumber(leader.value);
        if (record.dataLength === undefined) at('expected the data length in bytes');
        break;
      case 'section':
        record.section = leader.value;
        break;
      case 'data':
        record.data.push(leader.value);
        break;
      case undefined:
        at('expected no more than six lines in a record');
    }
  }
  finishRecord();
  return problems.reading(entries);
}

function isRule(line: string): boolean {
  const text = line.trim();
  if (text.length < 10) return false;
  for (const char of text) if (char !== '-') return false;
  return true;
}

function toRecord(draft: RecordDraft, problems: ProblemList): DisplayDnsRecord | undefined {
  const { name, typeCode, ttl } = draft;
  if (name === undefined || typeCode === undefined || ttl === undefined) {
    problems.add(
      draft.line,
      draft.text,
      0,
      'expected a record with its Record Name, Record Type and Time To Live',
    );
    return undefined;
  }
  const type = TYPE_NAMES.get(typeCode) ?? `TYPE${typeCode}`;
  let data = draft.data.join(' ');
  if (type === 'A' || type === 'AAAA') {
    const address = canonicalAddress(data);
    if (address === undefined) {
      problems.add(
        draft.line,
        draft.text,
        0,
        `expected an ${type === 'A' ? 'IPv4' : 'IPv6'} address as the record's data, found ${JSON.stringify(data)}`,
      );
      return undefined;
    }
    data = address;
  } else if (NAME_DATA.has(type)) data = reportedName(data);
  return { name, type, typeCode, ttl, dataLength: draft.dataLength, section: draft.section, data };
}
