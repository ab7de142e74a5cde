import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import {
  createTraceRecorder,
  fromIso,
  TICKS,
  type TraceRecorder,
  VirtualClock,
} from '@mqsim/filetime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CachePolicy } from './cache-policy.js';
import {
  DnsNameError,
  HostNotFoundError,
  LookupTimeoutError,
  NameCacheConfigError,
} from './errors.js';
import {
  type CachedLookup,
  type CachedLookupOptions,
  createCachedLookup,
  type NodeLookupAnswer,
  type OsLookup,
  type TtlResolver,
} from './node.js';
import { startTestDnsServer, type TestDnsServer } from './test-dns-server.js';

const SECOND = TICKS.perSecond;
const NAME = 'app01.mqsim.test';

interface Outcome {
  readonly error: NodeJS.ErrnoException | null;
  readonly address: string | LookupAddress[] | undefined;
  readonly family: number | undefined;
  readonly answer: NodeLookupAnswer | undefined;
}

/** One lookup, as a promise of everything the callback received. */
function lookUp(
  lookup: CachedLookup,
  hostname: string,
  options: LookupOptions | 0 | 4 | 6 = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    lookup(hostname, options as LookupOptions, (error, address, family, answer) =>
      resolve({ error, address, family, answer }),
    );
  });
}

async function addressOf(lookup: CachedLookup, hostname: string): Promise<[string, string]> {
  const { error, address, answer } = await lookUp(lookup, hostname, { family: 4 });
  if (error !== null) throw error;
  return [address as string, answer?.layer ?? 'none'];
}

let server: TestDnsServer;
let resolver: Resolver;
let clock: VirtualClock;

beforeEach(async () => {
  server = await startTestDnsServer();
  // One try, short time-out: the server is on loopback, and a failure should fail fast.
  resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([server.address]);
  clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
});

afterEach(async () => {
  resolver.cancel();
  await server.close();
});

function cached(options: CachedLookupOptions = {}): CachedLookup {
  return createCachedLookup({ clock, resolver, fallbackToLookup: false, ...options });
}

function aQueries(name = NAME): number {
  return server.queries.filter((query) => query.name === name && query.type === 'A').length;
}

describe('createCachedLookup against a DNS server on 127.0.0.1', () => {
  it('keeps an answer for its TTL, then asks again and sees the renumbered address', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 60);

    expect(await addressOf(lookup, NAME)).toEqual(['10.0.0.5', 'dns']);
    server.setRecords(NAME, 'A', ['192.168.1.5'], 60); // renumbered
    clock.runFor(59 * SECOND);
    expect(await addressOf(lookup, NAME)).toEqual(['10.0.0.5', 'process-cache']);
    expect(aQueries()).toBe(1);

    clock.runFor(1 * SECOND);
    expect(await addressOf(lookup, NAME)).toEqual(['192.168.1.5', 'dns']);
    expect(aQueries()).toBe(2);
  });

  it('says how old a cached answer is and until when it is kept', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    await lookUp(lookup, NAME);
    clock.runFor(90 * SECOND);

    const { answer } = await lookUp(lookup, NAME);
    expect(answer).toEqual({
      name: NAME,
      addresses: [{ address: '10.0.0.5', family: 4 }],
      layer: 'process-cache',
      origin: 'dns',
      ttlSeconds: 300,
      obtainedAt: 0,
      expiresAt: 300 * SECOND,
    });
    expect(lookup.peek(NAME)).toBe(answer);
    expect(lookup.entries()).toEqual([answer]);
  });

  it('caps TTLs at respect-ttl maxSeconds', async () => {
    const lookup = cached({ policy: { kind: 'respect-ttl', maxSeconds: 30 } });
    server.setRecords(NAME, 'A', ['10.0.0.5'], 3600);
    await lookUp(lookup, NAME);
    clock.runFor(30 * SECOND);
    expect((await lookUp(lookup, NAME)).answer?.layer).toBe('dns');
  });

  it('keeps the old address past the TTL with until-restart, until clear()', async () => {
    const lookup = cached({ policy: { kind: 'until-restart' } });
    server.setRecords(NAME, 'A', ['10.0.0.5'], 60);
    await lookUp(lookup, NAME);
    server.setRecords(NAME, 'A', ['192.168.1.5'], 60);
    clock.runFor(86_400 * SECOND);

    expect(await addressOf(lookup, NAME)).toEqual(['10.0.0.5', 'process-cache']);
    expect(lookup.peek(NAME)?.expiresAt).toBe(Number.POSITIVE_INFINITY);
    expect(lookup.clear()).toBe(1);
    expect(await addressOf(lookup, NAME)).toEqual(['192.168.1.5', 'dns']);
  });

  it('keeps answers for fixed-ttl seconds whatever the record TTL', async () => {
    const lookup = cached({ policy: { kind: 'fixed-ttl', seconds: 10 } });
    server.setRecords(NAME, 'A', ['10.0.0.5'], 3600);
    await lookUp(lookup, NAME);
    clock.runFor(9 * SECOND);
    expect((await lookUp(lookup, NAME)).answer?.layer).toBe('process-cache');
    clock.runFor(1 * SECOND);
    expect((await lookUp(lookup, NAME)).answer?.layer).toBe('dns');
    expect(aQueries()).toBe(2);
  });

  it('asks DNS for every lookup with never', async () => {
    const lookup = cached({ policy: { kind: 'never' } });
    server.setRecords(NAME, 'A', ['10.0.0.5'], 3600);
    const layers = [];
    for (let index = 0; index < 3; index++) layers.push((await lookUp(lookup, NAME)).answer?.layer);
    expect([layers, aQueries(), lookup.entries()]).toEqual([['dns', 'dns', 'dns'], 3, []]);
  });

  it('does not keep answers with a TTL of 0', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 0);
    await lookUp(lookup, NAME);
    expect([(await lookUp(lookup, NAME)).answer?.layer, aQueries()]).toEqual(['dns', 2]);
  });

  it('answers all: true and each family from one cached A + AAAA answer', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5', '10.0.0.6'], 300);
    server.setRecords(NAME, 'AAAA', ['2001:db8::5'], 120);
    const all: LookupAllOptions = { all: true, order: 'ipv4first' };

    const first = await lookUp(lookup, NAME, all);
    expect(first.address).toEqual([
      { address: '10.0.0.5', family: 4 },
      { address: '10.0.0.6', family: 4 },
      { address: '2001:db8::5', family: 6 },
    ]);
    expect(first.answer?.ttlSeconds).toBe(120); // the smallest TTL of the answer
    const v6first = await lookUp(lookup, NAME, { all: true, order: 'ipv6first' });
    expect((v6first.address as LookupAddress[])[0]).toEqual({ address: '2001:db8::5', family: 6 });
    const six = await lookUp(lookup, NAME, { family: 6 });
    expect([six.address, six.family, six.answer?.layer]).toEqual([
      '2001:db8::5',
      6,
      'process-cache',
    ]);
    const sixAll = await lookUp(lookup, NAME, { family: 'IPv6', all: true });
    expect(sixAll.address).toEqual([{ address: '2001:db8::5', family: 6 }]);
    const four = await lookUp(lookup, NAME, 4);
    expect([four.address, four.family]).toEqual(['10.0.0.5', 4]);
    expect(server.queries).toEqual([
      { name: NAME, type: 'A' },
      { name: NAME, type: 'AAAA' },
    ]);
  });

  it('hands out fresh arrays for all: true, so callers may change them', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    const first = (await lookUp(lookup, NAME, { all: true })).address as LookupAddress[];
    first.pop();
    const second = await lookUp(lookup, NAME, { all: true });
    expect(second.address).toEqual([{ address: '10.0.0.5', family: 4 }]);
  });

  it('reports ENOTFOUND for a family the name has no address of', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    const { error } = await lookUp(lookup, NAME, { family: 6, all: true });
    expect([HostNotFoundError.isInstance(error), error?.code]).toEqual([true, 'ENOTFOUND']);
  });

  it('shares one query among simultaneous lookups of a name', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    const outcomes = await Promise.all([
      lookUp(lookup, NAME),
      lookUp(lookup, 'APP01.mqsim.test.'),
      lookUp(lookup, NAME, { all: true }),
    ]);
    expect(outcomes.map((outcome) => [outcome.address, outcome.answer?.layer])).toEqual([
      ['10.0.0.5', 'dns'],
      ['10.0.0.5', 'dns'],
      [[{ address: '10.0.0.5', family: 4 }], 'dns'],
    ]);
    expect(server.queries).toEqual([
      { name: NAME, type: 'A' },
      { name: NAME, type: 'AAAA' },
    ]);
  });

  it('treats names case-insensitively and with or without the trailing dot', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    await lookUp(lookup, NAME);
    expect(await addressOf(lookup, 'App01.MQSIM.test.')).toEqual(['10.0.0.5', 'process-cache']);
    expect(lookup.peek('APP01.mqsim.test')?.name).toBe(NAME);
  });

  it('reports a name DNS does not know as ENOTFOUND, like dns.lookup', async () => {
    const lookup = cached();
    const { error, address } = await lookUp(lookup, 'missing.mqsim.test');
    expect({
      isHostNotFound: HostNotFoundError.isInstance(error),
      code: error?.code,
      hostname: (error as HostNotFoundError).hostname,
      causeCode: ((error as HostNotFoundError).cause as NodeJS.ErrnoException).code,
      address,
    }).toEqual({
      isHostNotFound: true,
      code: 'ENOTFOUND',
      hostname: 'missing.mqsim.test',
      causeCode: 'ENOTFOUND',
      address: undefined,
    });
  });

  it('does not remember "no such host" by default, so a new record is seen at once', async () => {
    const lookup = cached();
    expect((await lookUp(lookup, NAME)).error?.code).toBe('ENOTFOUND');
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    expect(await addressOf(lookup, NAME)).toEqual(['10.0.0.5', 'dns']);
  });

  it('remembers "no such host" for errorTtlSeconds when asked to', async () => {
    server.setZone('mqsim.test', { ttl: 3600, minimum: 3600 });
    const lookup = cached({ errorTtlSeconds: 30 });
    expect((await lookUp(lookup, NAME)).error?.code).toBe('ENOTFOUND');
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    clock.runFor(29 * SECOND);
    expect((await lookUp(lookup, NAME)).error?.code).toBe('ENOTFOUND');
    clock.runFor(1 * SECOND);
    expect(await addressOf(lookup, NAME)).toEqual(['10.0.0.5', 'dns']);
    expect(aQueries()).toBe(2);
  });

  it('reports a malformed host name through the callback, without asking anyone', async () => {
    const lookup = cached();
    const { error } = await lookUp(lookup, 'app01..mqsim.test');
    expect([
      error?.code,
      DnsNameError.isInstance((error as HostNotFoundError).cause),
      server.queries.length,
    ]).toEqual(['ENOTFOUND', true, 0]);
  });

  it('passes IP literals straight through, uncached', async () => {
    const lookup = cached();
    const v4 = await lookUp(lookup, '127.0.0.1');
    const v6 = await lookUp(lookup, '::1', { all: true });
    expect([v4.address, v4.family, v4.answer?.layer]).toEqual(['127.0.0.1', 4, 'literal']);
    expect(v6.address).toEqual([{ address: '::1', family: 6 }]);
    expect([lookup.entries(), lookup.peek('127.0.0.1'), server.queries]).toEqual([
      [],
      undefined,
      [],
    ]);
  });

  it('takes the two-argument form and calls back on a later tick, also for hits', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    await lookUp(lookup, NAME);
    const seen: string[] = [];
    const hit = new Promise<void>((resolve) =>
      lookup(NAME, (error, address, family) => {
        seen.push(`${String(error)} ${address} ${family}`);
        resolve();
      }),
    );
    seen.push('returned');
    await hit;
    expect(seen).toEqual(['returned', 'null 10.0.0.5 4']);
  });

  it('delivers an answer asked before clear() but does not keep it', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    const pending = lookUp(lookup, NAME);
    lookup.clear();
    expect((await pending).address).toBe('10.0.0.5');
    expect(lookup.entries()).toEqual([]);
  });

  it('drops the longest-held answer past maxEntries', async () => {
    const lookup = cached({ maxEntries: 2 });
    for (const name of ['a.mqsim.test', 'b.mqsim.test', 'c.mqsim.test']) {
      server.setRecords(name, 'A', ['10.0.0.5'], 300);
      await lookUp(lookup, name);
    }
    expect(lookup.entries().map((answer) => answer.name)).toEqual(['b.mqsim.test', 'c.mqsim.test']);
  });

  it('reports a DNS time-out as ETIMEOUT, the resolver error as its cause', async () => {
    const timeout = Object.assign(new Error('queryA ETIMEOUT app01.mqsim.test'), {
      code: 'ETIMEOUT',
    });
    const failing: TtlResolver = {
      resolve4: () => Promise.reject(timeout),
      resolve6: () => Promise.reject(timeout),
    };
    const lookup = createCachedLookup({ clock, resolver: failing, fallbackToLookup: false });
    const { error } = await lookUp(lookup, NAME);
    expect([
      LookupTimeoutError.isInstance(error),
      error?.code,
      error?.syscall,
      error?.cause,
    ]).toEqual([true, 'ETIMEOUT', 'queryA', timeout]);
  });

  it('passes on DNS failures other than "no such name" and time-outs as they are', async () => {
    const refused = Object.assign(new Error('queryA ECONNREFUSED app01.mqsim.test'), {
      code: 'ECONNREFUSED',
    });
    const failing: TtlResolver = {
      resolve4: () => Promise.reject(refused),
      resolve6: () => Promise.reject(refused),
    };
    const lookup = createCachedLookup({ clock, resolver: failing, fallbackToLookup: false });
    expect((await lookUp(lookup, NAME)).error).toBe(refused);
  });

  it('checks its options and its family argument', () => {
    const lookup = cached();
    const bad = [
      () => createCachedLookup({ policy: { kind: 'forever' } as unknown as CachePolicy }),
      () => createCachedLookup({ fallbackTtlSeconds: -1 }),
      () => createCachedLookup({ errorTtlSeconds: 0.5 }),
      () => createCachedLookup({ maxEntries: 0 }),
      () => lookup(NAME, { family: 5 as 4 }, () => {}),
      () => (lookup as unknown as (name: string) => void)(NAME),
    ];
    expect(bad.map((make) => NameCacheConfigError.isInstance(catchError(make)))).toEqual(
      bad.map(() => true),
    );
  });
});

describe('createCachedLookup falling back to the OS resolver', () => {
  it('asks dns.lookup for localhost, never DNS, and keeps it for fallbackTtlSeconds', async () => {
    const lookup = createCachedLookup({ clock, resolver });
    const first = await lookUp(lookup, 'localhost', { all: true });
    const addresses = first.address as LookupAddress[];
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every(({ address }) => address === '::1' || address.startsWith('127.'))).toBe(
      true,
    );
    expect([first.answer?.layer, first.answer?.ttlSeconds]).toEqual(['os-cache', 60]);

    clock.runFor(59 * SECOND);
    const second = await lookUp(lookup, 'localhost');
    expect([second.answer?.layer, second.answer?.origin]).toEqual(['process-cache', 'os-cache']);
    clock.runFor(1 * SECOND);
    expect((await lookUp(lookup, 'localhost')).answer?.layer).toBe('os-cache');
    expect(server.queries).toEqual([]);
  });

  it('asks the OS when DNS has no such name, e.g. a hosts-file entry', async () => {
    const asked: string[] = [];
    const osLookup: OsLookup = (hostname, _options, callback) => {
      asked.push(hostname);
      process.nextTick(callback, null, [{ address: '192.0.2.7', family: 4 }]);
    };
    const lookup = createCachedLookup({ clock, resolver, osLookup, fallbackTtlSeconds: 5 });
    const { address, answer } = await lookUp(lookup, 'hosts-only.mqsim.test');
    expect([address, answer?.layer, answer?.expiresAt]).toEqual([
      '192.0.2.7',
      'os-cache',
      5 * SECOND,
    ]);
    expect([asked, aQueries('hosts-only.mqsim.test')]).toEqual([['hosts-only.mqsim.test'], 1]);
  });

  it("reports the OS resolver's failure when neither knows the name", async () => {
    const osLookup: OsLookup = (hostname, _options, callback) => {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: 'ENOTFOUND',
      });
      process.nextTick(callback, error, []);
    };
    const lookup = createCachedLookup({ clock, resolver, osLookup });
    const { error } = await lookUp(lookup, 'nowhere.mqsim.test');
    expect([error?.code, ((error as HostNotFoundError).cause as Error).message]).toEqual([
      'ENOTFOUND',
      'getaddrinfo ENOTFOUND nowhere.mqsim.test',
    ]);
  });
});

describe('createCachedLookup in real Node clients', () => {
  let tcp: net.Server;
  let port: number;

  beforeEach(async () => {
    // Reads until the client ends, then ends too: no resets left behind by the test.
    tcp = net.createServer((socket) => socket.resume());
    tcp.listen(0, '127.0.0.1');
    await once(tcp, 'listening');
    port = (tcp.address() as net.AddressInfo).port;
  });

  afterEach(async () => {
    tcp.close();
    await once(tcp, 'close');
  });

  it('lets net.connect reach a server by a name only the test DNS server knows', async () => {
    server.setRecords('db01.mqsim.test', 'A', ['127.0.0.1'], 300);
    const lookup = cached();
    for (let attempt = 0; attempt < 2; attempt++) {
      const socket = net.connect({ host: 'db01.mqsim.test', port, lookup });
      const [, address] = await once(socket, 'lookup');
      await once(socket, 'connect');
      expect([address, socket.remoteAddress]).toEqual(['127.0.0.1', '127.0.0.1']);
      socket.end();
      socket.resume();
      await once(socket, 'close');
    }
    expect(aQueries('db01.mqsim.test')).toBe(1);
  });

  it('serves http.request through an Agent', async () => {
    const web = http.createServer((_request, response) => response.end('ok'));
    web.listen(0, '127.0.0.1');
    await once(web, 'listening');
    server.setRecords('web01.mqsim.test', 'A', ['127.0.0.1'], 300);
    const agent = new http.Agent({ lookup: cached() });
    try {
      const { port: webPort } = web.address() as net.AddressInfo;
      const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get({ host: 'web01.mqsim.test', port: webPort, agent }, resolve).on('error', reject),
      );
      let body = '';
      for await (const chunk of response) body += String(chunk);
      expect([response.statusCode, body]).toEqual([200, 'ok']);
    } finally {
      agent.destroy();
      web.close();
    }
  });
});

describe('createCachedLookup trace', () => {
  let trace: TraceRecorder;
  beforeEach(() => {
    trace = createTraceRecorder();
  });

  it('emits query, answer, miss, hit, expiry and flush events with their layers', async () => {
    const lookup = cached({ trace, host: 'APP02' });
    server.setRecords(NAME, 'A', ['10.0.0.5'], 60);
    await lookUp(lookup, NAME);
    clock.runFor(30 * SECOND);
    await lookUp(lookup, NAME);
    clock.runFor(30 * SECOND);
    await lookUp(lookup, NAME);
    lookup.clear();

    const base = { host: 'APP02', source: 'name-cache' };
    const query = (t: number) => [
      { ...base, t, type: 'cache.miss', layer: 'process-cache', name: NAME },
      { ...base, t, type: 'dns.query', layer: 'dns', name: NAME, recordType: 'A' },
      { ...base, t, type: 'dns.query', layer: 'dns', name: NAME, recordType: 'AAAA' },
      {
        ...base,
        t,
        type: 'dns.answer',
        layer: 'dns',
        name: NAME,
        recordType: 'A',
        status: 'ok',
        values: ['10.0.0.5'],
        ttl: 60,
      },
      {
        ...base,
        t,
        type: 'dns.answer',
        layer: 'dns',
        name: NAME,
        recordType: 'AAAA',
        status: 'nodata',
        code: 'ENODATA',
        values: [],
      },
    ];
    const [miss, ...asked] = query(60 * SECOND);
    expect(trace.events).toEqual([
      ...query(0),
      {
        ...base,
        t: 30 * SECOND,
        type: 'cache.hit',
        layer: 'process-cache',
        name: NAME,
        origin: 'dns',
        status: 'ok',
        values: ['10.0.0.5'],
        ageSeconds: 30,
      },
      {
        ...miss,
        type: 'cache.expired',
        origin: 'dns',
        status: 'ok',
        ageSeconds: 60,
      },
      ...asked,
      {
        ...base,
        t: 60 * SECOND,
        type: 'cache.flushed',
        layer: 'process-cache',
        reason: 'clear',
        entries: 1,
      },
    ]);
    expect(JSON.parse(JSON.stringify(trace.events))).toEqual(trace.events);
  });

  it('names the OS resolver as the layer of a fallback answer', async () => {
    const osLookup: OsLookup = (_hostname, _options, callback) =>
      process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
    const lookup = createCachedLookup({ clock, resolver, osLookup, trace });
    await lookUp(lookup, 'localhost');
    expect(trace.events.map((event) => [event.type, event.layer])).toEqual([
      ['cache.miss', 'process-cache'],
      ['dns.query', 'os-cache'],
      ['dns.answer', 'os-cache'],
    ]);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
