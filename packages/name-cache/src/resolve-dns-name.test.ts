import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatResolveDnsName,
  type ResolveDnsNameRecord,
  type ResolveDnsNameReport,
  readResolveDnsName,
} from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const host = fc.constantFrom('app02.corp.example', 'web.corp.example', 'dc01.corp.example');
const record: fc.Arbitrary<ResolveDnsNameRecord> = fc.oneof(
  fc.record({
    name: host,
    truncated: fc.constant(false),
    type: fc.constant('A'),
    ttl: fc.option(fc.nat(2_147_483_647), { nil: undefined }),
    section: fc.constantFrom('Answer', 'Additional'),
    data: fc.ipV4(),
  }),
  fc.record({
    name: host,
    truncated: fc.constant(false),
    type: fc.constant('AAAA'),
    ttl: fc.nat(86_400),
    section: fc.constant('Answer'),
    data: fc.constantFrom('2001:db8::20', '::1'),
  }),
  fc.record({
    name: host,
    truncated: fc.constant(false),
    type: fc.constantFrom('CNAME', 'NS', 'PTR'),
    ttl: fc.nat(86_400),
    section: fc.constantFrom('Answer', 'Authority'),
    data: host,
  }),
);
const report: fc.Arbitrary<ResolveDnsNameReport> = fc.record({
  records: fc.array(record, { maxLength: 5 }),
  errors: fc.array(
    fc.oneof(
      fc.record({
        name: host,
        message: fc.constant('DNS name does not exist'),
        status: fc.constant('nxdomain' as const),
        errorId: fc.constant('DNS_ERROR_RCODE_NAME_ERROR'),
      }),
      fc.record({
        name: host,
        message: fc.constant('This operation returned because the timeout period expired'),
        status: fc.constant('timeout' as const),
        errorId: fc.constant('ERROR_TIMEOUT'),
      }),
    ),
    { maxLength: 2 },
  ),
});

const a = (name: string, data: string, type = 'A'): ResolveDnsNameRecord => ({
  name,
  truncated: false,
  type,
  ttl: 1200,
  section: 'Answer',
  data,
});

describe('readResolveDnsName', () => {
  it('reads back what formatResolveDnsName writes, as tables and as lists', () => {
    fc.assert(
      fc.property(report, fc.constantFrom('table' as const, 'list' as const), (value, shape) => {
        expect(readResolveDnsName(formatResolveDnsName(value, { shape }))).toEqual({
          value,
          problems: [],
        });
      }),
    );
  });

  it('never throws, on any text or bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.uint8Array()),
        (input) => void readResolveDnsName(input),
      ),
    );
  });

  it('reads the default table saved by PowerShell (UTF-16LE with BOM)', () => {
    expect(readResolveDnsName(fixture('resolve-dnsname-table.txt'))).toEqual({
      value: {
        records: [
          a('app02.corp.example', '10.0.0.20'),
          a('app02.corp.example', '10.0.0.21'),
          a('app02.corp.example', '2001:db8::20', 'AAAA'),
        ],
        errors: [],
      },
      problems: [],
    });
  });

  it('reads a CNAME table followed by the list blocks PowerShell prints for the other types', () => {
    const record = (data: string) => ({ ...a('web.corp.example', data), ttl: 1800 });
    expect(readResolveDnsName(fixture('resolve-dnsname-mixed.txt'))).toEqual({
      value: {
        records: [
          { ...a('www.corp.example', 'web.corp.example', 'CNAME'), ttl: 1800 },
          record('10.0.0.30'),
          record('10.0.0.31'),
        ],
        errors: [],
      },
      problems: [],
    });
  });

  it('reads error records by their FullyQualifiedErrorId, in any language', () => {
    expect(readResolveDnsName(fixture('resolve-dnsname-error.txt'))).toEqual({
      value: {
        records: [],
        errors: [
          {
            name: 'app03.corp.example',
            message: 'DNS name does not exist',
            status: 'nxdomain',
            errorId: 'DNS_ERROR_RCODE_NAME_ERROR',
          },
          {
            name: 'contoso.com',
            message: 'This operation returned because the timeout period expired',
            status: 'timeout',
            errorId: 'ERROR_TIMEOUT',
          },
        ],
      },
      problems: [],
    });
    const french = [
      'Resolve-DnsName : traefik.webbox.vm : Le nom DNS n’existe pas',
      'Au caractère Ligne:1 : 1',
      '+ Resolve-DnsName traefik.webbox.vm',
      '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : ResourceUnavailable: (traefik.webbox.vm:String) [Resolve-DnsName], Win32Exception',
      '    + FullyQualifiedErrorId : DNS_ERROR_RCODE_NAME_ERROR,Microsoft.DnsClient.Commands.ResolveDnsName',
    ].join('\r\n');
    expect(readResolveDnsName(french).value.errors[0]?.status).toBe('nxdomain');
  });

  it('reads Format-List with all the properties, a truncated name and a wrapped TTL', () => {
    const { value, problems } = readResolveDnsName(
      [
        'IP4Address   : 10.0.0.20',
        'Name         : app02.corp.example',
        'Type         : A',
        'CharacterSet : Unicode',
        'Section      : Answer',
        'DataLength   : 4',
        'TTL          : 1200',
        '',
        'Name                                           Type   TTL   Section    IPAddress',
        '----                                           ----   ---   -------    ---------',
        'averyveryverylongname.subdomain.corp.exam...   A      30198 Answer     10.0.0.21',
        '                                                      98880',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(value.records).toEqual([
      a('app02.corp.example', '10.0.0.20'),
      {
        ...a('averyveryverylongname.subdomain.corp.exam', '10.0.0.21'),
        truncated: true,
        ttl: 3019898880,
      },
    ]);
  });

  it('truncates long names in tables as PowerShell does', () => {
    const name = `${'x'.repeat(50)}.corp.example`;
    const text = formatResolveDnsName({ records: [a(name, '10.0.0.5')], errors: [] });
    expect(text.split('\r\n')[3]).toBe(`${'x'.repeat(43)}... A      1200  Answer     10.0.0.5`);
    expect(readResolveDnsName(text).value.records).toEqual([
      { ...a('x'.repeat(43), '10.0.0.5'), truncated: true },
    ]);
  });

  it('reports what it cannot place, with line and column', () => {
    const { problems } = readResolveDnsName(
      'PS C:\\> Resolve-DnsName app02\n\nName : app02\nTTL  : soon\n',
    );
    expect(problems.map(({ line, column }) => [line, column])).toEqual([
      [1, 1],
      [3, 1],
    ]);
  });

  it('survives truncation, garbage and a line of 1 MB', () => {
    const text = fixture('resolve-dnsname-table.txt').toString('utf16le').slice(1);
    const cut = readResolveDnsName(text.slice(0, text.indexOf('10.0.0.21') + 4));
    expect(cut.value.records.map((one) => one.data)).toEqual(['10.0.0.20', '10.0']);
    expect(cut.problems).toHaveLength(1);
    const started = performance.now();
    readResolveDnsName(`Name\n----\n${'a '.repeat(1 << 19)}\n${'-'.repeat(1 << 20)}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('formatResolveDnsName', () => {
  // The layout is checked against real captures (see __fixtures__/PROVENANCE.md): the table and
  // list blocks with their blank lines, and error records alone, each ended by a line of one space.
  it.each(['resolve-dnsname-table.txt', 'resolve-dnsname-mixed.txt', 'resolve-dnsname-error.txt'])(
    'writes what it reads of %s back byte for byte, as PowerShell printed it',
    (name) => {
      const bytes = fixture(name);
      // UTF-16LE with BOM, as PowerShell 5.1's `>` writes it.
      const real = bytes.toString('utf16le').replace(/^\uFEFF/, '');
      expect(formatResolveDnsName(readResolveDnsName(bytes).value)).toBe(real);
    },
  );
});
