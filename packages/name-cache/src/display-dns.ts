import { ticksToSeconds } from '@mqsim/filetime';
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
    if (entry.status === 'nxdomain') lines.push('    Name does not exist.', '');
    else if (entry.status === 'nodata') lines.push(`    No records of type ${entry.type}`, '');
    else for (const record of entry.records) lines.push(...formatRecord(record, entry, now), '');
    lines.push('');
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
