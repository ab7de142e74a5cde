import { createTraceRecorder, fromIso, TICKS, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { AuthoritativeDns } from './authoritative-dns.js';
import { DnsClientCache, type DnsClientCacheOptions } from './dns-client-cache.js';
import { NameCacheConfigError } from './errors.js';
import { parseHostsFile } from './hosts-file.js';
import type { LookupResult } from './lookup-result.js';
import type { RecordType } from './records.js';

const SECOND = TICKS.perSecond;

function setup(options: Partial<DnsClientCacheOptions> = {}) {
  const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
  const trace = createTraceRecorder();
  const server = new AuthoritativeDns();
  server.addZone('corp.example', { negativeTtl: 3600 });
  server.setRecords('app01.corp.example', 'A', ['10.0.0.5'], { ttl: 1200 });
  const os = new DnsClientCache({ clock, server, trace, host: 'APP02', ...options });
  /** Looks a name up and runs the clock until it is answered. */
  const resolve = (name: string, type: RecordType = 'A'): LookupResult => {
    let later: LookupResult | undefined;
    const now = os.lookup(name, type, (result) => {
      later = result;
    });
    if (now !== undefined) return now;
    clock.run();
    if (later === undefined) throw new Error(`${name} was never answered`);
    return later;
  };
  const advance = (seconds: number) => clock.runUntil(clock.ticks() + seconds * SECOND);
  return { clock, trace, server, os, resolve, advance };
}

describe('DnsClientCache positive caching', () => {
  it('asks DNS once, then answers from the cache until the TTL runs out', () => {
    const { os, resolve, advance, server } = setup();
    expect(resolve('app01.corp.example')).toMatchObject({
      layer: 'dns',
      values: ['10.0.0.5'],
      status: 'ok',
    });
    server.setRecords('app01.corp.example', 'A', ['192.168.1.5']);
    advance(1199);
    const cached = resolve('APP01.corp.example');
    expect(cached).toMatchObject({
      layer: 'os-cache',
      values: ['10.0.0.5'],
      obtainedAt: TICKS.perMillisecond,
    });
    advance(1);
    expect(resolve('app01.corp.example')).toMatchObject({ layer: 'dns', values: ['192.168.1.5'] });
    expect(os.entries().map((entry) => entry.values)).toEqual([['192.168.1.5']]);
  });

  it('caps a long TTL at MaxCacheTtl (one day by default)', () => {
    const { resolve, advance, server } = setup();
    server.setRecords('long.corp.example', 'A', ['10.0.0.9'], { ttl: 5 * 86_400 });
    expect(resolve('long.corp.example').expiresAt - resolve('long.corp.example').obtainedAt).toBe(
      86_400 * SECOND,
    );
    advance(86_399);
    expect(resolve('long.corp.example').layer).toBe('os-cache');
    advance(1);
    expect(resolve('long.corp.example').layer).toBe('dns');
  });

  it('honours a lower MaxCacheTtl and does not cache TTL 0', () => {
    const { resolve, advance, server } = setup({ maxCacheTtl: 60 });
    resolve('app01.corp.example');
    advance(60);
    expect(resolve('app01.corp.example').layer).toBe('dns');
    server.setRecords('zero.corp.example', 'A', ['10.0.0.7'], { ttl: 0 });
    resolve('zero.corp.example');
    expect(resolve('zero.corp.example').layer).toBe('dns');
  });

  it('keeps a CNAME answer for the smallest TTL of its chain', () => {
    const { resolve, advance, server } = setup();
    server.addRecord({
      name: 'queue.corp.example',
      type: 'CNAME',
      data: 'app01.corp.example',
      ttl: 30,
    });
    expect(resolve('queue.corp.example')).toMatchObject({
      values: ['10.0.0.5'],
      records: [{ type: 'CNAME' }, { type: 'A' }],
    });
    advance(29);
    expect(resolve('queue.corp.example').layer).toBe('os-cache');
    advance(1);
    expect(resolve('queue.corp.example').layer).toBe('dns');
  });
});

describe('DnsClientCache negative caching', () => {
  it('keeps NXDOMAIN for MaxNegativeCacheTtl (900 s) even after the name appears', () => {
    const { resolve, advance, server } = setup();
    expect(resolve('app03.corp.example')).toMatchObject({ status: 'nxdomain', layer: 'dns' });
    server.setRecords('app03.corp.example', 'A', ['10.0.0.30']);
    advance(899);
    expect(resolve('app03.corp.example')).toMatchObject({ status: 'nxdomain', layer: 'os-cache' });
    advance(1);
    expect(resolve('app03.corp.example')).toMatchObject({ status: 'ok', values: ['10.0.0.30'] });
  });

  it('uses the zone negative TTL when it is shorter, and caches no-data too', () => {
    const { resolve, advance, server } = setup();
    server.addZone('lab.example', { negativeTtl: 10 });
    resolve('x.lab.example');
    advance(10);
    expect(resolve('x.lab.example').layer).toBe('dns');
    expect(resolve('app01.corp.example', 'AAAA')).toMatchObject({ status: 'nodata', layer: 'dns' });
    expect(resolve('app01.corp.example', 'AAAA')).toMatchObject({
      status: 'nodata',
      layer: 'os-cache',
    });
  });

  it('does not cache negative answers when MaxNegativeCacheTtl is 0, nor SERVFAIL ever', () => {
    const { resolve, server } = setup({ maxNegativeCacheTtl: 0 });
    resolve('app03.corp.example');
    expect(resolve('app03.corp.example').layer).toBe('dns');
    server.addRecord({ name: 'loop.corp.example', type: 'CNAME', data: 'loop.corp.example' });
    expect(resolve('loop.corp.example')).toMatchObject({
      status: 'servfail',
      reason: expect.stringMatching(/CNAME loop/),
    });
    expect(resolve('loop.corp.example').layer).toBe('dns');
  });
});

describe('DnsClientCache flush, hosts file', () => {
  it('ipconfig /flushdns empties the cache but keeps hosts entries', () => {
    const { os, resolve, trace } = setup({
      hosts: parseHostsFile('192.168.1.5 app01.corp.example\n'),
    });
    resolve('other.corp.example');
    expect(os.entries().map((entry) => `${entry.layer} ${entry.name}`)).toEqual([
      'hosts app01.corp.example',
      'os-cache other.corp.example',
    ]);
    expect(os.flush()).toBe(1);
    expect(os.entries().map((entry) => entry.layer)).toEqual(['hosts']);
    expect(trace.events.at(-1)).toMatchObject({
      type: 'cache.flushed',
      layer: 'os-cache',
      entries: 1,
      host: 'APP02',
    });
  });

  it('answers from the hosts file before DNS and before the cache', () => {
    const { os, resolve } = setup();
    expect(resolve('app01.corp.example').values).toEqual(['10.0.0.5']);
    os.setHosts(parseHostsFile('192.168.1.5 app01.corp.example\n::1 app01.corp.example\n'));
    expect(resolve('app01.corp.example')).toMatchObject({
      layer: 'hosts',
      values: ['192.168.1.5'],
      expiresAt: Number.POSITIVE_INFINITY,
    });
    expect(resolve('app01.corp.example', 'AAAA')).toMatchObject({
      layer: 'hosts',
      values: ['::1'],
    });
    os.setHosts([]);
    expect(resolve('app01.corp.example')).toMatchObject({ layer: 'dns', values: ['10.0.0.5'] });
    expect(os.hosts).toEqual([]);
  });

  it('does not let a DNS answer in flight overwrite a hosts entry added meanwhile', () => {
    const { os, clock } = setup();
    os.lookup('app01.corp.example', 'A', () => {});
    os.setHosts(parseHostsFile('192.168.1.5 app01.corp.example\n'));
    clock.run();
    expect(os.lookup('app01.corp.example', 'A', () => {})).toMatchObject({ layer: 'hosts' });
  });
});

describe('DnsClientCache when DNS is unreachable or slow', () => {
  it('tries 1, 2, 2, 4, 8 s and then fails with timeout, which is not cached', () => {
    const { resolve, server, trace, clock } = setup();
    server.setAvailable(false);
    const result = resolve('app01.corp.example');
    expect(result).toMatchObject({
      status: 'timeout',
      layer: 'dns',
      reason: 'no DNS server answered',
      values: [],
    });
    expect(clock.ticks()).toBe(17 * SECOND);
    expect(
      trace.events
        .filter((event) => event.type === 'dns.query')
        .map((event) => [event.t / SECOND, event.timeoutSeconds]),
    ).toEqual([
      [0, 1],
      [1, 2],
      [3, 2],
      [5, 4],
      [9, 8],
    ]);
    server.setAvailable(true);
    expect(resolve('app01.corp.example').status).toBe('ok');
  });

  it('succeeds at the next attempt once the server is back', () => {
    const { os, server, clock } = setup();
    server.setAvailable(false);
    let result: LookupResult | undefined;
    os.lookup('app01.corp.example', 'A', (answer) => {
      result = answer;
    });
    clock.runUntil(2 * SECOND);
    server.setAvailable(true);
    clock.run();
    expect(result?.status).toBe('ok');
    expect(result?.obtainedAt).toBe(3 * SECOND + TICKS.perMillisecond);
  });

  it('follows the reachability the network reports', () => {
    let reachable = false;
    const { resolve } = setup({ reachable: () => reachable });
    expect(resolve('app01.corp.example').status).toBe('timeout');
    reachable = true;
    expect(resolve('app01.corp.example').status).toBe('ok');
  });

  it('accepts a slow answer until the last time-out, and no later', () => {
    const { resolve, server, clock } = setup();
    server.responseDelayMs = 3_000;
    expect(resolve('app01.corp.example').status).toBe('ok');
    expect(clock.ticks()).toBe(3 * SECOND);
    server.responseDelayMs = 20_000;
    const start = clock.ticks();
    expect(resolve('app02.corp.example')).toMatchObject({
      status: 'timeout',
      reason: 'the server answered too late',
    });
    expect(clock.ticks() - start).toBe(17 * SECOND);
  });

  it('shares one query among concurrent lookups of one name', () => {
    const { os, clock, trace } = setup();
    const results: LookupResult[] = [];
    os.lookup('app01.corp.example', 'A', (result) => results.push(result));
    os.lookup('APP01.corp.example.', 'A', (result) => results.push(result));
    clock.run();
    expect(results).toHaveLength(2);
    expect(results[0]).toBe(results[1]);
    expect(trace.events.filter((event) => event.type === 'dns.query')).toHaveLength(1);
  });

  it('honours custom query time-outs', () => {
    const { resolve, server, clock } = setup({ queryTimeouts: [1, 1] });
    server.setAvailable(false);
    resolve('app01.corp.example');
    expect(clock.ticks()).toBe(2 * SECOND);
  });
});

describe('DnsClientCache single-label names', () => {
  it('completes them with the suffix search list, in order, caching each FQDN', () => {
    const { resolve, server, os } = setup({ suffixSearchList: ['lab.example', 'corp.example'] });
    server.addZone('lab.example');
    expect(resolve('APP01')).toMatchObject({
      name: 'app01.corp.example',
      values: ['10.0.0.5'],
      layer: 'dns',
    });
    expect(resolve('app01')).toMatchObject({ name: 'app01.corp.example', layer: 'os-cache' });
    expect(os.entries().map((entry) => `${entry.name} ${entry.status}`)).toEqual([
      'app01.lab.example nxdomain',
      'app01.corp.example ok',
    ]);
    expect(resolve('nothere')).toMatchObject({ name: 'nothere.corp.example', status: 'nxdomain' });
  });

  it('asks for the single label itself when there is no search list', () => {
    const { resolve } = setup();
    expect(resolve('app01')).toMatchObject({ name: 'app01', status: 'nxdomain' });
  });
});

describe('DnsClientCache ipconfig /displaydns', () => {
  it('prints entries as Windows does, with the remaining TTL', () => {
    const { os, resolve, advance, server } = setup({
      hosts: parseHostsFile('127.0.0.1 localhost\n'),
    });
    server.responseDelayMs = 0;
    server.addRecord({
      name: 'queue.corp.example',
      type: 'CNAME',
      data: 'app01.corp.example',
      ttl: 600,
    });
    resolve('queue.corp.example');
    resolve('gone.corp.example');
    resolve('app01.corp.example', 'AAAA');
    advance(60);
    expect(os.displayDns().split('\r\n')).toEqual([
      '',
      'Windows IP Configuration',
      '',
      '    localhost',
      '    ----------------------------------------',
      '    Record Name . . . . . : localhost',
      '    Record Type . . . . . : 1',
      '    Time To Live  . . . . : 86400',
      '    Data Length . . . . . : 4',
      '    Section . . . . . . . : Answer',
      '    A (Host) Record . . . : 127.0.0.1',
      '',
      '',
      '    queue.corp.example',
      '    ----------------------------------------',
      '    Record Name . . . . . : queue.corp.example',
      '    Record Type . . . . . : 5',
      '    Time To Live  . . . . : 540',
      '    Data Length . . . . . : 8',
      '    Section . . . . . . . : Answer',
      '    CNAME Record  . . . . : app01.corp.example',
      '',
      '',
      '    Record Name . . . . . : app01.corp.example',
      '    Record Type . . . . . : 1',
      '    Time To Live  . . . . : 540',
      '    Data Length . . . . . : 4',
      '    Section . . . . . . . : Answer',
      '    A (Host) Record . . . : 10.0.0.5',
      '',
      '',
      '    gone.corp.example',
      '    ----------------------------------------',
      '    Name does not exist.',
      '',
      '',
      '    app01.corp.example',
      '    ----------------------------------------',
      '    No records of type AAAA',
      '',
      '',
      '',
    ]);
  });
});

describe('DnsClientCache trace', () => {
  it('reports misses, queries, answers, hits with age, and expiry', () => {
    const { resolve, advance, trace } = setup();
    resolve('app01.corp.example');
    advance(100);
    resolve('app01.corp.example');
    advance(1200);
    resolve('app01.corp.example');
    expect(trace.events.map((event) => `${event.type} ${event.layer ?? ''}`.trim())).toEqual([
      'cache.miss os-cache',
      'dns.query',
      'dns.answer',
      'cache.hit os-cache',
      'cache.expired os-cache',
      'cache.miss os-cache',
      'dns.query',
      'dns.answer',
    ]);
    expect(trace.events[3]).toMatchObject({
      ageSeconds: 100,
      host: 'APP02',
      source: 'name-cache',
      name: 'app01.corp.example',
    });
    expect(trace.events[2]).toMatchObject({ status: 'ok', values: ['10.0.0.5'], ttl: 1200 });
  });
});

describe('DnsClientCache bad input', () => {
  it.each([
    [{ maxCacheTtl: -1 }, /maxCacheTtl is -1/],
    [{ maxNegativeCacheTtl: 1.5 }, /maxNegativeCacheTtl is 1.5/],
    [{ queryTimeouts: [] }, /queryTimeouts \[\] must be one or more positive numbers/],
    [{ queryTimeouts: [1, 0] }, /must be one or more positive numbers/],
  ])('rejects settings %j', (settings, message) => {
    expect(() => setup(settings)).toThrow(message);
    expect(() => setup(settings)).toThrow(NameCacheConfigError);
  });

  it('rejects unknown record types and malformed names', () => {
    const { os } = setup();
    expect(() => os.lookup('app01.corp.example', 'MX' as RecordType, () => {})).toThrow(
      /"MX" cannot be looked up; use one of A, CNAME, PTR, AAAA/,
    );
    expect(() => os.lookup('app01..corp', 'A', () => {})).toThrow(/empty label/);
  });
});
