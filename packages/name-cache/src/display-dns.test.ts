import { readFileSync } from 'node:fs';
import { TICKS } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DnsRecord, formatDisplayDns, type LookupResult, readDisplayDns } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const CODES = { A: 1, AAAA: 28, CNAME: 5, PTR: 12 } as const;

const name = fc.constantFrom('app01.corp.example', 'web.corp.example', '5.0.0.10.in-addr.arpa');
const record: fc.Arbitrary<DnsRecord> = fc.oneof(
  fc.record({ name, type: fc.constant('A' as const), ttl: fc.nat(86_400), data: fc.ipV4() }),
  fc.record({
    name,
    type: fc.constant('AAAA' as const),
    ttl: fc.nat(86_400),
    data: fc.constantFrom('2001:db8::5', '::1'),
  }),
  fc.record({
    name,
    type: fc.constantFrom('CNAME' as const, 'PTR' as const),
    ttl: fc.nat(86_400),
    data: name,
  }),
);
const entry: fc.Arbitrary<LookupResult> = fc
  .record({
    name,
    type: fc.constantFrom('A' as const, 'AAAA' as const),
    status: fc.constantFrom('ok' as const, 'nxdomain' as const, 'nodata' as const),
    records: fc.array(record, { minLength: 1, maxLength: 3 }),
    layer: fc.constantFrom('os-cache' as const, 'hosts' as const),
    expiresSeconds: fc.nat(86_400),
  })
  .map(({ expiresSeconds, records, ...rest }) => ({
    ...rest,
    values: [],
    records: rest.status === 'ok' ? records : [],
    obtainedAt: 0,
    expiresAt: expiresSeconds * TICKS.perSecond,
    reason: undefined,
  }));

describe('readDisplayDns', () => {
  it('reads back the names, types, data and TTLs formatDisplayDns writes', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), fc.nat(1000), (entries, elapsed) => {
        const now = elapsed * TICKS.perSecond;
        const { value, problems } = readDisplayDns(formatDisplayDns(entries, now));
        expect(problems).toEqual([]);
        expect(value).toEqual(
          entries.map((one) => ({
            name: one.name,
            status: one.status,
            type: one.status === 'nodata' ? one.type : undefined,
            records: one.records.map((item) => ({
              name: item.name,
              type: item.type,
              typeCode: CODES[item.type],
              ttl:
                one.layer === 'hosts'
                  ? item.ttl
                  : Math.min(
                      item.ttl,
                      Math.max(0, Math.floor((one.expiresAt - now) / TICKS.perSecond)),
                    ),
              dataLength: { A: 4, AAAA: 16, CNAME: 8, PTR: 8 }[item.type],
              section: 'Answer',
              data: item.data,
            })),
          })),
        );
      }),
    );
  });

  it('never throws, on any text or bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array()), (input) => void readDisplayDns(input)),
    );
  });

  it('reads a real cache: PTR, negative entries, SRV with its Additional glue, a CNAME chain', () => {
    const { value, problems } = readDisplayDns(fixture('displaydns.txt'));
    expect(problems).toEqual([]);
    const rec = (
      recordName: string,
      type: string,
      typeCode: number,
      ttl: number,
      dataLength: number,
      section: string,
      data: string,
    ) => ({ name: recordName, type, typeCode, ttl, dataLength, section, data });
    expect(value).toEqual([
      {
        name: '1.0.25.172.in-addr.arpa',
        status: 'ok',
        type: undefined,
        records: [
          rec('1.0.25.172.in-addr.arpa', 'PTR', 12, 167077, 8, 'Answer', 'app01.corp.example'),
        ],
      },
      { name: 'app01.corp.example', status: 'nodata', type: 'AAAA', records: [] },
      {
        name: 'app01.corp.example',
        status: 'ok',
        type: undefined,
        records: [rec('app01.corp.example', 'A', 1, 1140, 4, 'Answer', '203.0.113.5')],
      },
      {
        name: '_ldap._tcp.default-first-site-name._sites.dc._msdcs.corp.example',
        status: 'ok',
        type: undefined,
        records: [
          rec(
            '_ldap._tcp.default-first-site-name._sites.dc._msdcs.corp.example',
            'SRV',
            33,
            268,
            16,
            'Answer',
            'dc01.corp.example 0 100 389',
          ),
          rec('dc01.corp.example', 'A', 1, 268, 4, 'Additional', '10.0.0.2'),
        ],
      },
      {
        name: 'www.corp.example',
        status: 'ok',
        type: undefined,
        records: [
          rec('www.corp.example', 'CNAME', 5, 622, 8, 'Answer', 'web.corp.example'),
          rec('web.corp.example', 'A', 1, 622, 4, 'Answer', '10.0.0.30'),
        ],
      },
      { name: 'app03.corp.example', status: 'nxdomain', type: undefined, records: [] },
    ]);
  });

  it('reads UTF-16LE with BOM and LF-only text the same', () => {
    const text = fixture('displaydns.txt').toString('latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readDisplayDns(utf16)).toEqual(readDisplayDns(text));
    expect(readDisplayDns(text.replace(/\r\n/g, '\n'))).toEqual(readDisplayDns(text));
  });

  it('reports bad lines and records with line and column, and reads on', () => {
    const { value, problems } = readDisplayDns(
      [
        'stray text',
        '    app01.corp.example',
        '    ----------------------------------------',
        '    Record Name . . . . . : app01.corp.example',
        '    Record Type . . . . . : one',
        '    Time To Live  . . . . : 10',
        '',
        '    Record Name . . . . . : app01.corp.example',
        '    Record Type . . . . . : 1',
        '    Time To Live  . . . . : 10',
        '    A (Host) Record . . . : 10.0.0.5',
      ].join('\r\n'),
    );
    expect(value[0]?.records.map((one) => one.data)).toEqual(['10.0.0.5']);
    expect(problems.map(({ line, column }) => [line, column])).toEqual([
      [1, 1],
      [5, 29],
      [4, 1],
    ]);
  });

  it('survives truncation, garbage and a line of 1 MB', () => {
    const text = fixture('displaydns.txt').toString('latin1');
    const cut = readDisplayDns(text.slice(0, text.indexOf('Time To Live') + 3));
    expect(cut.value[0]?.records).toEqual([]);
    // The cut line, then the record it left without a TTL.
    expect(cut.problems.map(({ line, column }) => [line, column])).toEqual([
      [8, 5],
      [6, 1],
    ]);
    const started = performance.now();
    expect(readDisplayDns(`${'-'.repeat(1 << 20)}\n${' '.repeat(1 << 20)}x`).problems).toHaveLength(
      2,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

// A line's layout without its value: labels and dot leaders kept, what follows ` : ` and the names
// above the rules dropped.
function layout(text: string): string[] {
  return text.split('\r\n').map((line) => {
    const leader = /^( +[^:]+ : )/.exec(line);
    if (leader !== null) return `${leader[1]}…`;
    return /^ +[^ -]\S*$/.test(line) ? `${line.slice(0, line.indexOf(line.trim()))}…` : line;
  });
}

describe('formatDisplayDns', () => {
  it('lays out entries and records as a real ipconfig /displaydns does', () => {
    const real = fixture('displaydns.txt').toString('latin1');
    // The SRV entry (with its Additional glue) is dropped: formatDisplayDns has no SRV records.
    const start = real.indexOf('    _ldap.');
    const end = real.indexOf('    www.corp.example');
    const expected = real.slice(0, start) + real.slice(end);
    const entries: LookupResult[] = readDisplayDns(expected).value.map((one) => ({
      name: one.name,
      type: one.type === 'AAAA' ? 'AAAA' : 'A',
      status: one.status,
      values: [],
      records: one.records.map((item) => ({
        name: item.name,
        type: item.type as DnsRecord['type'],
        ttl: item.ttl,
        data: item.data,
      })),
      layer: 'os-cache',
      obtainedAt: 0,
      expiresAt: Math.max(0, ...one.records.map((item) => item.ttl)) * TICKS.perSecond,
      reason: undefined,
    }));
    expect(layout(formatDisplayDns(entries, 0))).toEqual(layout(expected));
  });
});
