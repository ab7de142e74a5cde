import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNslookup, type NslookupReport, nslookupFailure, readNslookup } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const host = fc.constantFrom('app02.corp.example', 'dc01.corp.example', 'web.corp.example');
const address = fc.oneof(fc.ipV4(), fc.constantFrom('2001:db8::20', '::1'));

const report: fc.Arbitrary<NslookupReport> = fc
  .record({
    server: fc.option(
      fc.record({
        name: fc.option(host, { nil: undefined }),
        address: fc.option(address, { nil: undefined }),
      }),
      { nil: undefined },
    ),
    serverTimeouts: fc.nat(2),
    queryTimeouts: fc.nat(3),
    seconds: fc.integer({ min: 1, max: 10 }),
    authoritative: fc.boolean(),
    answers: fc.array(
      fc.record({
        name: host,
        addresses: fc.array(address, { maxLength: 3 }),
        aliases: fc.array(host, { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
    failure: fc.option(
      fc
        .record({
          kind: fc.constantFrom(
            'nxdomain' as const,
            'servfail' as const,
            'refused' as const,
            'no-records' as const,
            'no-response' as const,
            'timeout' as const,
          ),
          server: fc.option(host, { nil: undefined }),
          name: fc.constantFrom('app02', 'app03.corp.example'),
        })
        .map(({ kind, server, name }) => nslookupFailure(kind, server, name)),
      { nil: undefined },
    ),
  })
  .map(({ seconds, ...rest }) => ({
    ...rest,
    // Time-outs before `Server:` need a `Server:` line to come before; none without a server.
    queryTimeouts: rest.server === undefined ? 0 : rest.queryTimeouts,
    timeoutSeconds:
      rest.serverTimeouts + (rest.server === undefined ? 0 : rest.queryTimeouts) > 0
        ? seconds
        : undefined,
    authoritative: rest.answers.length === 0 ? true : rest.authoritative,
  }));

describe('readNslookup', () => {
  it('reads back what formatNslookup writes', () => {
    fc.assert(
      fc.property(report, (value) => {
        expect(readNslookup(formatNslookup(value))).toEqual({ value, problems: [] });
      }),
    );
  });

  it('never throws, on any text or bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array()), (input) => void readNslookup(input)),
    );
  });

  const base = {
    serverTimeouts: 0,
    queryTimeouts: 0,
    timeoutSeconds: undefined,
    failure: undefined,
  };

  it('reads an answer through an alias from a server with no name (Azure DNS)', () => {
    expect(readNslookup(fixture('nslookup-answer.txt'))).toEqual({
      value: {
        ...base,
        server: { name: undefined, address: '168.63.129.16' },
        authoritative: false,
        answers: [
          {
            name: 'app02.privatelink.corp.example',
            addresses: ['10.0.0.20'],
            aliases: ['app02.corp.example'],
          },
        ],
      },
      problems: [],
    });
  });

  it('reads Addresses continued on a line of a tab and two spaces', () => {
    expect(readNslookup(fixture('nslookup-addresses.txt')).value.answers).toEqual([
      { name: 'app02.corp.example', addresses: ['2001:db8::20', '10.0.0.20'], aliases: [] },
    ]);
  });

  it('reads the time-out of the server reverse lookup', () => {
    expect(readNslookup(fixture('nslookup-timeout.txt'))).toEqual({
      value: {
        ...base,
        serverTimeouts: 1,
        timeoutSeconds: 2,
        server: { name: undefined, address: '10.0.0.2' },
        authoritative: true,
        answers: [{ name: 'app02.corp.example', addresses: ['10.0.0.20'], aliases: [] }],
      },
      problems: [],
    });
  });

  it('reads German nslookup, whose continuation lines are ten spaces', () => {
    const { value, problems } = readNslookup(fixture('nslookup-de.txt'));
    expect(problems).toEqual([]);
    expect(value.authoritative).toBe(false);
    expect(value.server).toEqual({ name: 'fritz.box', address: '192.168.178.1' });
    expect(value.answers[0]?.addresses).toEqual(['2001:db8::20', '10.0.0.20']);
  });

  it('reads a non-existent domain, and a request that timed out', () => {
    expect(readNslookup(fixture('nslookup-nxdomain.txt')).value.failure).toEqual({
      kind: 'nxdomain',
      server: 'dc01.corp.example',
      name: 'app03',
      message: "dc01.corp.example can't find app03: Non-existent domain",
    });
    const timedOut = readNslookup(
      'DNS request timed out.\n    timeout was 2 seconds.\nServer:  UnKnown\nAddress:  10.0.0.2\n\nDNS request timed out.\n    timeout was 2 seconds.\nDNS request timed out.\n    timeout was 2 seconds.\n*** Request to UnKnown timed-out\n',
    );
    expect(timedOut).toEqual({
      value: {
        ...base,
        server: { name: undefined, address: '10.0.0.2' },
        serverTimeouts: 1,
        queryTimeouts: 2,
        timeoutSeconds: 2,
        authoritative: true,
        answers: [],
        failure: {
          kind: 'timeout',
          server: 'UnKnown',
          name: undefined,
          message: 'Request to UnKnown timed-out',
        },
      },
      problems: [],
    });
  });

  it('reads UTF-16LE with BOM, and reports what it cannot place', () => {
    const text = fixture('nslookup-answer.txt').toString('latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readNslookup(utf16)).toEqual(readNslookup(text));
    const { value, problems } = readNslookup(
      'Server:  dc01\r\nAddress:  10.0.0.300\r\n\r\nsomething else\r\nName:    app02\r\nAddress:  10.0.0.20\r\n',
    );
    expect(value.answers).toEqual([{ name: 'app02', addresses: ['10.0.0.20'], aliases: [] }]);
    expect(problems.map(({ line, column }) => [line, column])).toEqual([
      [2, 11],
      [4, 1],
    ]);
  });

  it('survives truncation, garbage and a line of 1 MB', () => {
    const text = fixture('nslookup-addresses.txt').toString('latin1');
    expect(readNslookup(text.slice(0, text.indexOf('Addresses'))).value.answers).toEqual([
      { name: 'app02.corp.example', addresses: [], aliases: [] },
    ]);
    const started = performance.now();
    expect(
      readNslookup(`Name:    ${'a'.repeat(1 << 20)}\n${'timeout was '.repeat(1 << 16)}`).problems,
    ).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('formatNslookup', () => {
  // The layout is checked against real captures (see __fixtures__/PROVENANCE.md).
  it.each([
    'nslookup-answer.txt',
    'nslookup-addresses.txt',
    'nslookup-timeout.txt',
    'nslookup-nxdomain.txt',
  ])('writes what it reads of %s back byte for byte, as Windows printed it', (name) => {
    const bytes = fixture(name);
    expect(formatNslookup(readNslookup(bytes).value)).toBe(bytes.toString('latin1'));
  });
});
