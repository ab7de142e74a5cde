import { createTraceRecorder, fromIso, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { AuthoritativeDns, MAX_CNAME_CHAIN, ptrRecord } from './authoritative-dns.js';
import { DnsNameError, DnsRecordError } from './errors.js';

function corp(): AuthoritativeDns {
  const dns = new AuthoritativeDns();
  dns.addZone('corp.example', { defaultTtl: 1200, negativeTtl: 600 });
  return dns;
}

describe('AuthoritativeDns zones and records', () => {
  it('answers A and AAAA records with their TTLs, any case', () => {
    const dns = corp();
    dns.addRecord({ name: 'App01.corp.example', type: 'A', data: '10.0.0.5' });
    dns.addRecord({ name: 'app01.corp.example', type: 'A', data: '10.0.1.5', ttl: 60 });
    dns.addRecord({ name: 'app01.corp.example', type: 'AAAA', data: '2001:DB8::5' });
    expect(dns.answer('APP01.CORP.EXAMPLE.', 'A')).toEqual({
      status: 'ok',
      name: 'app01.corp.example',
      type: 'A',
      records: [
        { name: 'app01.corp.example', type: 'A', ttl: 1200, data: '10.0.0.5' },
        { name: 'app01.corp.example', type: 'A', ttl: 60, data: '10.0.1.5' },
      ],
      negativeTtl: 600,
    });
    expect(dns.answer('app01.corp.example', 'AAAA').records.map((record) => record.data)).toEqual([
      '2001:db8::5',
    ]);
  });

  it('adds a record only once', () => {
    const dns = corp();
    dns.addRecord({ name: 'a.corp.example', type: 'A', data: '10.0.0.1' });
    dns.addRecord({ name: 'a.corp.example', type: 'A', data: '10.0.0.1' });
    expect(dns.records('a.corp.example')).toHaveLength(1);
  });

  it('tells no such name from no such record', () => {
    const dns = corp();
    dns.setRecords('app01.corp.example', 'A', ['10.0.0.5']);
    expect(dns.answer('app02.corp.example', 'A')).toMatchObject({
      status: 'nxdomain',
      negativeTtl: 600,
      records: [],
    });
    expect(dns.answer('app01.corp.example', 'AAAA')).toMatchObject({
      status: 'nodata',
      negativeTtl: 600,
    });
    expect(dns.answer('www.elsewhere.example', 'A').status).toBe('nxdomain');
  });

  it('renumbers: setRecords replaces, an empty list removes', () => {
    const dns = corp();
    dns.setRecords('app01.corp.example', 'A', ['10.0.0.5', '10.0.0.6']);
    dns.setRecords('app01.corp.example', 'A', ['192.168.1.5'], { ttl: 300 });
    expect(dns.answer('app01.corp.example', 'A').records).toEqual([
      { name: 'app01.corp.example', type: 'A', ttl: 300, data: '192.168.1.5' },
    ]);
    dns.setRecords('app01.corp.example', 'A', []);
    expect(dns.answer('app01.corp.example', 'A').status).toBe('nxdomain');
  });

  it('removes records of one type or all', () => {
    const dns = corp();
    dns.setRecords('app01.corp.example', 'A', ['10.0.0.5']);
    dns.setRecords('app01.corp.example', 'AAAA', ['2001:db8::5']);
    expect(dns.removeRecords('app01.corp.example', 'AAAA')).toBe(1);
    expect(dns.answer('app01.corp.example', 'AAAA').status).toBe('nodata');
    expect(dns.removeRecords('APP01.corp.example')).toBe(1);
    expect(dns.removeRecords('app01.corp.example')).toBe(0);
    expect(dns.records()).toEqual([]);
  });

  it('uses the most specific zone', () => {
    const dns = corp();
    dns.addZone('lab.corp.example', { defaultTtl: 5, negativeTtl: 7 });
    dns.setRecords('x.lab.corp.example', 'A', ['10.9.9.9']);
    expect(dns.answer('x.lab.corp.example', 'A').records[0]?.ttl).toBe(5);
    expect(dns.answer('y.lab.corp.example', 'A').negativeTtl).toBe(7);
    expect(dns.zones().map((zone) => zone.origin)).toEqual(['corp.example', 'lab.corp.example']);
  });

  it('answers PTR questions from reverse zones', () => {
    const dns = corp();
    dns.addZone('10.in-addr.arpa');
    dns.addRecord(ptrRecord('10.0.0.5', 'APP01.corp.example', 900));
    expect(dns.answer('5.0.0.10.in-addr.arpa', 'PTR').records).toEqual([
      { name: '5.0.0.10.in-addr.arpa', type: 'PTR', ttl: 900, data: 'app01.corp.example' },
    ]);
  });
});

describe('AuthoritativeDns CNAMEs', () => {
  it('follows a chain, across zones, and returns it with the answer', () => {
    const dns = corp();
    dns.addZone('lab.example');
    dns.addRecord({ name: 'queue.corp.example', type: 'CNAME', data: 'mq.lab.example', ttl: 30 });
    dns.addRecord({ name: 'mq.lab.example', type: 'CNAME', data: 'app01.corp.example' });
    dns.setRecords('app01.corp.example', 'A', ['10.0.0.5']);
    const answer = dns.answer('queue.corp.example', 'A');
    expect(answer.status).toBe('ok');
    expect(answer.records.map((record) => `${record.type} ${record.name} ${record.data}`)).toEqual([
      'CNAME queue.corp.example mq.lab.example',
      'CNAME mq.lab.example app01.corp.example',
      'A app01.corp.example 10.0.0.5',
    ]);
    expect(dns.answer('queue.corp.example', 'CNAME').records).toHaveLength(1);
  });

  it('returns the chain with nxdomain and nodata', () => {
    const dns = corp();
    dns.addRecord({ name: 'old.corp.example', type: 'CNAME', data: 'gone.corp.example' });
    expect(dns.answer('old.corp.example', 'A')).toMatchObject({
      status: 'nxdomain',
      records: [{ type: 'CNAME' }],
    });
    dns.setRecords('gone.corp.example', 'A', ['10.0.0.1']);
    expect(dns.answer('old.corp.example', 'AAAA')).toMatchObject({
      status: 'nodata',
      records: [{ type: 'CNAME' }],
    });
  });

  it('detects loops, including one back to the asked name', () => {
    const dns = corp();
    dns.addRecord({ name: 'a.corp.example', type: 'CNAME', data: 'b.corp.example' });
    dns.addRecord({ name: 'b.corp.example', type: 'CNAME', data: 'c.corp.example' });
    dns.addRecord({ name: 'c.corp.example', type: 'CNAME', data: 'b.corp.example' });
    dns.addRecord({ name: 'self.corp.example', type: 'CNAME', data: 'self.corp.example' });
    expect(dns.answer('a.corp.example', 'A')).toMatchObject({
      status: 'servfail',
      reason: 'CNAME loop a.corp.example → b.corp.example → c.corp.example → b.corp.example',
    });
    expect(dns.answer('self.corp.example', 'A').status).toBe('servfail');
  });

  it(`gives up on chains longer than ${MAX_CNAME_CHAIN}`, () => {
    const dns = corp();
    for (let link = 0; link <= MAX_CNAME_CHAIN; link++) {
      dns.addRecord({
        name: `n${link}.corp.example`,
        type: 'CNAME',
        data: `n${link + 1}.corp.example`,
      });
    }
    dns.setRecords(`n${MAX_CNAME_CHAIN + 1}.corp.example`, 'A', ['10.0.0.1']);
    expect(dns.answer('n0.corp.example', 'A')).toMatchObject({
      status: 'servfail',
      reason: expect.stringMatching(/longer than 16/),
    });
    expect(dns.answer('n1.corp.example', 'A').status).toBe('ok');
  });

  it('refuses a CNAME beside other data, either way round', () => {
    const dns = corp();
    dns.setRecords('a.corp.example', 'A', ['10.0.0.1']);
    expect(() =>
      dns.addRecord({ name: 'a.corp.example', type: 'CNAME', data: 'b.corp.example' }),
    ).toThrow(/cannot hold a CNAME beside other records \(it has A\)/);
    dns.addRecord({ name: 'c.corp.example', type: 'CNAME', data: 'b.corp.example' });
    expect(() => dns.setRecords('c.corp.example', 'A', ['10.0.0.2'])).toThrow(DnsRecordError);
    expect(() =>
      dns.addRecord({ name: 'c.corp.example', type: 'CNAME', data: 'd.corp.example' }),
    ).toThrow(/more than one CNAME/);
  });
});

describe('AuthoritativeDns bad input', () => {
  it('needs a zone for every record, and names the zones there are', () => {
    const dns = new AuthoritativeDns();
    expect(() => dns.setRecords('app01.corp.example', 'A', ['10.0.0.5'])).toThrow(
      /add a zone first/,
    );
    dns.addZone('corp.example');
    expect(() => dns.addRecord({ name: 'x.other.example', type: 'A', data: '10.0.0.5' })).toThrow(
      /zones: corp.example/,
    );
    expect(() => dns.addZone('CORP.example.')).toThrow(/already defined/);
  });

  it.each([
    [{ name: 'a.corp.example', type: 'A', data: '10.0.0.300' }, /is not an IPv4 address/],
    [{ name: 'a.corp.example', type: 'A', data: '2001:db8::1' }, /is not an IPv4 address/],
    [{ name: 'a.corp.example', type: 'AAAA', data: '10.0.0.1' }, /is not an IPv6 address/],
    [
      { name: 'a.corp.example', type: 'MX', data: 'mail' },
      /"MX" of a.corp.example is not one of A, CNAME, PTR, AAAA/,
    ],
    [
      { name: 'a.corp.example', type: 'A', data: '10.0.0.1', ttl: -1 },
      /TTL of A a.corp.example is -1/,
    ],
    [{ name: 'a.corp.example', type: 'A', data: '10.0.0.1', ttl: 2 ** 31 }, /from 0 to 2147483647/],
    [{ name: 'a.corp.example', type: 'A', data: '10.0.0.1', ttl: 1.5 }, /is 1.5/],
  ] as const)('rejects %j with a typed error', (input, message) => {
    const dns = corp();
    let caught: unknown;
    try {
      dns.addRecord(input as never);
    } catch (error) {
      caught = error;
    }
    expect(DnsRecordError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('rejects malformed owner and target names', () => {
    const dns = corp();
    expect(() => dns.addRecord({ name: 'a..corp.example', type: 'A', data: '10.0.0.1' })).toThrow(
      DnsNameError,
    );
    expect(() =>
      dns.addRecord({ name: 'a.corp.example', type: 'CNAME', data: `b_${'x'.repeat(70)}` }),
    ).toThrow(DnsNameError);
    expect(() => dns.answer('', 'A')).toThrow(DnsNameError);
  });
});

describe('AuthoritativeDns trace', () => {
  it('reports record changes (not rewrites) and availability with the clock time', () => {
    const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
    const trace = createTraceRecorder();
    const dns = new AuthoritativeDns({ clock, trace, host: 'DC01' });
    dns.addZone('corp.example');
    dns.setRecords('app01.corp.example', 'A', ['10.0.0.5']);
    clock.runUntil(50);
    dns.setRecords('app01.corp.example', 'A', ['192.168.1.5']);
    dns.setRecords('app01.corp.example', 'A', ['192.168.1.5']);
    dns.setAvailable(false);
    dns.setAvailable(false);
    expect(trace.events).toEqual([
      {
        t: 0,
        host: 'DC01',
        source: 'name-cache',
        type: 'dns.record.changed',
        name: 'app01.corp.example',
        recordType: 'A',
        before: [],
        after: ['10.0.0.5'],
      },
      {
        t: 50,
        host: 'DC01',
        source: 'name-cache',
        type: 'dns.record.changed',
        name: 'app01.corp.example',
        recordType: 'A',
        before: ['10.0.0.5'],
        after: ['192.168.1.5'],
      },
      {
        t: 50,
        host: 'DC01',
        source: 'name-cache',
        type: 'dns.server.availability',
        available: false,
      },
    ]);
  });
});
