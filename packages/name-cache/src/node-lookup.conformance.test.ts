// One describe per row of the comparison with cacheable-lookup (README, "Compared with
// cacheable-lookup", and issue 20): each asserts the behaviour of createCachedLookup against a
// real DNS server on 127.0.0.1 and a VirtualClock. Speed itself is measured by `pnpm bench`
// (`name-cache vs cacheable-lookup`); here the hit row asserts what makes a hit cheap.
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { LookupFunction } from 'node:net';
import { fromIso, TICKS, VirtualClock } from '@mqsim/filetime';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { HostNotFoundError, LookupTimeoutError, NameCacheConfigError } from './errors.js';
import {
  type CachedLookup,
  type CachedLookupOptions,
  createCachedLookup,
  type InterfaceAddresses,
  type NodeLookupAnswer,
  type OsLookup,
} from './node.js';
import { startTestDnsServer, type TestDnsServer } from './test-dns-server.js';

const SECOND = TICKS.perSecond;
const NAME = 'app01.mqsim.test';
const IPV4_ONLY: InterfaceAddresses = {
  lo: [
    { family: 'IPv4', internal: true },
    { family: 'IPv6', internal: true },
  ],
  eth0: [{ family: 'IPv4', internal: false }],
};
const IPV6_ONLY: InterfaceAddresses = { eth0: [{ family: 'IPv6', internal: false }] };

interface Outcome {
  readonly error: NodeJS.ErrnoException | null;
  readonly address: string | LookupAddress[] | undefined;
  readonly family: number | undefined;
  readonly answer: NodeLookupAnswer | undefined;
}

function lookUp(lookup: CachedLookup, hostname: string, options: LookupOptions = {}) {
  return new Promise<Outcome>((resolve) => {
    lookup(hostname, options, (error, address, family, answer) =>
      resolve({ error, address, family, answer }),
    );
  });
}

let server: TestDnsServer;
let resolver: Resolver;
let clock: VirtualClock;

beforeEach(async () => {
  server = await startTestDnsServer();
  resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([server.address]);
  clock = new VirtualClock({ epoch: fromIso('2026-12-07T08:00:00Z') });
});

afterEach(async () => {
  resolver.cancel();
  await server.close();
});

function cached(options: CachedLookupOptions = {}): CachedLookup {
  return createCachedLookup({ clock, resolver, fallbackToLookup: false, ...options });
}

const queriesOf = (name: string, type?: string) =>
  server.queries.filter(
    (query) => query.name === name && (type === undefined || query.type === type),
  ).length;

describe('cache hits: answered from memory', () => {
  it('answers a warm name with no query, on a later tick, with the very answer it keeps', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    await lookUp(lookup, NAME);
    const kept = lookup.peek(NAME);
    const order: string[] = [];
    const hit = lookUp(lookup, NAME).then((outcome) => {
      order.push('called back');
      return outcome;
    });
    order.push('returned');
    const { address, answer } = await hit;
    expect([address, answer, order, queriesOf(NAME, 'A')]).toEqual([
      '10.0.0.5',
      kept,
      ['returned', 'called back'],
      1,
    ]);
    expect(answer).toBe(kept);
  });
});

describe('TTL: the lowest of the RRset (RFC 2181 §5.2)', () => {
  it('keeps an A RRset with TTLs 300 and 30 for 30 s, not 300 s', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5', '10.0.0.6'], [300, 30]);
    const first = await lookUp(lookup, NAME, { all: true });
    expect(first.answer?.ttlSeconds).toBe(30);
    clock.runFor(30 * SECOND);
    expect((await lookUp(lookup, NAME)).answer?.layer).toBe('dns');
    expect(queriesOf(NAME, 'A')).toBe(2);
  });
});

describe('TTL: never served past it', () => {
  it('serves the old address until the last tick of the TTL and the new one from then on', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 10);
    await lookUp(lookup, NAME);
    server.setRecords(NAME, 'A', ['10.0.0.9'], 10);
    clock.runFor(10 * SECOND - 1);
    expect((await lookUp(lookup, NAME)).address).toBe('10.0.0.5');
    clock.runFor(1);
    expect((await lookUp(lookup, NAME)).address).toBe('10.0.0.9');
  });
});

describe('names: case-insensitive (RFC 4343)', () => {
  it('answers APP01.MQSIM.TEST. from the entry of app01.mqsim.test', async () => {
    const lookup = cached();
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    await lookUp(lookup, NAME);
    const { address, answer } = await lookUp(lookup, 'APP01.MQSIM.TEST.');
    expect([address, answer?.layer, queriesOf(NAME)]).toEqual(['10.0.0.5', 'process-cache', 2]);
  });
});

describe('localhost: never asked of DNS (RFC 6761)', () => {
  it('asks the OS resolver for localhost and *.localhost, and DNS nothing', async () => {
    const asked: string[] = [];
    const osLookup: OsLookup = (hostname, _options, callback) => {
      asked.push(hostname);
      process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
    };
    const lookup = createCachedLookup({ clock, resolver, osLookup });
    const answers = [await lookUp(lookup, 'localhost'), await lookUp(lookup, 'api.localhost')];
    expect(answers.map((outcome) => outcome.address)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect([asked, server.queries]).toEqual([['localhost', 'api.localhost'], []]);
  });
});

describe('types: a LookupFunction under strict TypeScript', () => {
  it('is assignable to net.LookupFunction and accepted by net.connect and http.Agent', () => {
    const lookup = cached();
    const asNodeLookup: LookupFunction = lookup;
    expectTypeOf(lookup).toMatchTypeOf<LookupFunction>();
    const agent = new http.Agent({ lookup });
    agent.destroy();
    expect(typeof asNodeLookup).toBe('function');
  });
});

describe('hints: dns.ADDRCONFIG and dns.V4MAPPED, as dns.lookup honours them', () => {
  beforeEach(() => {
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    server.setRecords(NAME, 'AAAA', ['2001:db8::5'], 300);
    server.setRecords('v4only.mqsim.test', 'A', ['10.0.0.7'], 300);
  });

  it('ADDRCONFIG on an IPv4-only machine hands out no AAAA record, all or one', async () => {
    const lookup = cached({ networkInterfaces: () => IPV4_ONLY });
    const hints = dns.ADDRCONFIG;
    const all = await lookUp(lookup, NAME, { all: true, hints, order: 'ipv6first' });
    const one = await lookUp(lookup, NAME, { hints, order: 'ipv6first' });
    expect([all.address, one.address, one.family]).toEqual([
      [{ address: '10.0.0.5', family: 4 }],
      '10.0.0.5',
      4,
    ]);
  });

  it('ADDRCONFIG refuses the family the machine has no address of, at once', async () => {
    const lookup = cached({ networkInterfaces: () => IPV4_ONLY });
    const { error } = await lookUp(lookup, NAME, { family: 'IPv6', hints: dns.ADDRCONFIG });
    expect([HostNotFoundError.isInstance(error), queriesOf(NAME)]).toEqual([true, 0]);
  });

  it('ADDRCONFIG on an IPv6-only machine hands out AAAA only', async () => {
    const lookup = cached({ networkInterfaces: () => IPV6_ONLY });
    const all = await lookUp(lookup, NAME, { all: true, hints: dns.ADDRCONFIG });
    expect(all.address).toEqual([{ address: '2001:db8::5', family: 6 }]);
  });

  it('ADDRCONFIG counts no loopback address, and updateInterfaceInfo() reads them again', async () => {
    let interfaces: InterfaceAddresses = { lo: [{ family: 'IPv6', internal: true }], ...IPV4_ONLY };
    const lookup = cached({ networkInterfaces: () => interfaces });
    const before = await lookUp(lookup, NAME, { all: true, hints: dns.ADDRCONFIG });
    interfaces = { ...IPV4_ONLY, eth1: [{ family: 'IPv6', internal: false }] };
    lookup.updateInterfaceInfo();
    const after = await lookUp(lookup, NAME, { all: true, hints: dns.ADDRCONFIG });
    expect([before.address, after.address]).toEqual([
      [{ address: '10.0.0.5', family: 4 }],
      [
        { address: '10.0.0.5', family: 4 },
        { address: '2001:db8::5', family: 6 },
      ],
    ]);
  });

  it('V4MAPPED with family 6 maps IPv4 when the name has no AAAA, and only then', async () => {
    const lookup = cached();
    const hints = dns.V4MAPPED;
    const mapped = await lookUp(lookup, 'v4only.mqsim.test', { family: 6, hints });
    const mappedAll = await lookUp(lookup, 'v4only.mqsim.test', { family: 6, hints, all: true });
    const native = await lookUp(lookup, NAME, { family: 'IPv6', hints, all: true });
    expect([mapped.address, mapped.family, mappedAll.address, native.address]).toEqual([
      '::ffff:10.0.0.7',
      6,
      [{ address: '::ffff:10.0.0.7', family: 6 }],
      [{ address: '2001:db8::5', family: 6 }],
    ]);
  });

  it('V4MAPPED | ALL with family 6 gives AAAA and mapped IPv4 together', async () => {
    const lookup = cached();
    const { address } = await lookUp(lookup, NAME, {
      family: 6,
      all: true,
      hints: dns.V4MAPPED | dns.ALL,
    });
    expect(address).toEqual([
      { address: '2001:db8::5', family: 6 },
      { address: '::ffff:10.0.0.5', family: 6 },
    ]);
  });

  it('V4MAPPED means nothing for family 0 or 4, as in getaddrinfo', async () => {
    const lookup = cached();
    const four = await lookUp(lookup, 'v4only.mqsim.test', { family: 4, hints: dns.V4MAPPED });
    const any = await lookUp(lookup, 'v4only.mqsim.test', { all: true, hints: dns.V4MAPPED });
    expect([four.address, any.address]).toEqual(['10.0.0.7', [{ address: '10.0.0.7', family: 4 }]]);
  });

  it('refuses hints with unknown bits, naming the valid ones', () => {
    const lookup = cached();
    const bad = 1 << 30;
    expect(() => lookup(NAME, { hints: bad }, () => {})).toThrow(NameCacheConfigError);
  });
});

describe('time-outs: ETIMEOUT, never "no such name", never cached (RFC 2308 §7)', () => {
  it('reports ETIMEOUT when DNS is silent and the OS finds nothing, and asks again next time', async () => {
    server.silence(NAME);
    const osLookup: OsLookup = (hostname, _options, callback) =>
      process.nextTick(
        callback,
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
        [],
      );
    const lookup = createCachedLookup({ clock, resolver, osLookup, errorTtl: 300 });
    server.setZone('mqsim.test', { ttl: 300, minimum: 300 });
    const first = await lookUp(lookup, NAME);
    const error = first.error as LookupTimeoutError;
    expect([
      LookupTimeoutError.isInstance(error),
      error.code,
      error.code === dns.TIMEOUT,
      error.syscall,
      error.hostname,
    ]).toEqual([true, 'ETIMEOUT', true, 'queryA', NAME]);
    const asked = queriesOf(NAME, 'A');
    expect((await lookUp(lookup, NAME)).error?.code).toBe('ETIMEOUT');
    expect(queriesOf(NAME, 'A')).toBe(asked + 1);
  });

  it('answers family 4 as soon as A arrives, without waiting for a silent AAAA', async () => {
    const slow = new Resolver({ timeout: 5_000, tries: 1 });
    slow.setServers([server.address]);
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    server.silence(NAME, 'AAAA');
    const lookup = cached({ resolver: slow });
    const started = performance.now();
    const { address } = await lookUp(lookup, NAME, { family: 4 });
    const elapsed = performance.now() - started;
    slow.cancel();
    expect([address, elapsed < 2_000]).toEqual(['10.0.0.5', true]);
  });

  it('keeps the A answer when only AAAA timed out, but asks again for a lookup needing AAAA', async () => {
    server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
    server.silence(NAME, 'AAAA');
    const lookup = cached();
    await lookUp(lookup, NAME, { family: 4 });
    await new Promise((resolve) => setTimeout(resolve, 400)); // the AAAA question times out
    const four = await lookUp(lookup, NAME, { family: 4 });
    const any = await lookUp(lookup, NAME, { all: true });
    expect([four.answer?.layer, any.answer?.layer, queriesOf(NAME, 'A')]).toEqual([
      'process-cache',
      'dns',
      2,
    ]);
  });
});

describe('negative TTL: min(SOA TTL, SOA MINIMUM), capped by errorTtl (RFC 2308 §5)', () => {
  const missing = 'missing.mqsim.test';

  async function keptFor(lookup: CachedLookup, name: string): Promise<number | undefined> {
    expect((await lookUp(lookup, name)).error?.code).toBe('ENOTFOUND');
    const asked = queriesOf(name, 'A');
    for (let seconds = 1; seconds <= 400; seconds++) {
      clock.runFor(SECOND);
      await lookUp(lookup, name);
      if (queriesOf(name, 'A') > asked) return seconds;
    }
    return undefined;
  }

  it('keeps NXDOMAIN for the SOA MINIMUM when it is below the SOA TTL', async () => {
    server.setZone('mqsim.test', { ttl: 600, minimum: 45 });
    expect(await keptFor(cached({ errorTtl: 300 }), missing)).toBe(45);
  });

  it('keeps NXDOMAIN for the SOA TTL when it is below the MINIMUM', async () => {
    server.setZone('mqsim.test', { ttl: 20, minimum: 45 });
    expect(await keptFor(cached({ errorTtl: 300 }), missing)).toBe(20);
  });

  it('caps it by errorTtl, and keeps NODATA the same way', async () => {
    server.setZone('mqsim.test', { ttl: 600, minimum: 600 });
    server.setRecords(NAME, 'A', [], 300);
    expect(await keptFor(cached({ errorTtlSeconds: 12 }), NAME)).toBe(12);
  });

  it('does not keep a negative answer that came without a SOA', async () => {
    expect(await keptFor(cached({ errorTtl: 300 }), missing)).toBe(1);
  });
});

describe('drop-in: install(agent), a shared cache, cacheable-lookup option names', () => {
  let web: http.Server;
  let port: number;

  beforeEach(async () => {
    web = http.createServer((_request, response) => response.end('ok'));
    web.listen(0, '127.0.0.1');
    await once(web, 'listening');
    port = (web.address() as net.AddressInfo).port;
    server.setRecords('web01.mqsim.test', 'A', ['127.0.0.1'], 300);
  });

  afterEach(async () => {
    web.close();
    await once(web, 'close');
  });

  const get = (agent: http.Agent) =>
    new Promise<number | undefined>((resolve, reject) =>
      http
        .get({ host: 'web01.mqsim.test', port, agent }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode));
        })
        .on('error', reject),
    );

  it('install() makes an agent resolve through it; uninstall() puts the agent back', async () => {
    const lookup = cached();
    const agent = new http.Agent();
    const original = agent.createConnection;
    lookup.install(agent);
    expect(await get(agent)).toBe(200);
    expect(() => lookup.install(agent)).toThrow(NameCacheConfigError);
    lookup.uninstall(agent);
    expect([agent.createConnection, Object.hasOwn(agent, 'createConnection')]).toEqual([
      original,
      false,
    ]);
    agent.destroy();
  });

  it('shares one cache between the agents it is installed on', async () => {
    const lookup = cached();
    const agents = [new http.Agent(), new http.Agent({ keepAlive: false })];
    const secure = new https.Agent();
    for (const agent of [...agents, secure]) lookup.install(agent);
    for (const agent of agents) expect(await get(agent)).toBe(200);
    expect(queriesOf('web01.mqsim.test', 'A')).toBe(1);
    for (const agent of [...agents, secure]) {
      lookup.uninstall(agent);
      agent.destroy();
    }
  });

  it('takes maxTtl, errorTtl, fallbackDuration, lookup and servers, and refuses cache', async () => {
    const other = await startTestDnsServer();
    try {
      other.setRecords(NAME, 'A', ['10.9.9.9'], 300);
      const mine = new Resolver({ timeout: 300, tries: 1 });
      const lookup = createCachedLookup({
        clock,
        resolver: mine,
        servers: [other.address],
        maxTtl: 60,
        errorTtl: 0.15,
        fallbackDuration: 0,
        lookup: false,
      });
      expect(lookup.policy).toEqual({ kind: 'respect-ttl', maxSeconds: 60 });
      expect(lookup.servers).toEqual([other.address]);
      expect(await lookup.lookupAsync(NAME)).toEqual({ address: '10.9.9.9', family: 4 });
      lookup.servers = [server.address];
      server.setRecords(NAME, 'A', ['10.0.0.5'], 300);
      expect(lookup.entries()).toEqual([]); // the setter clears, as cacheable-lookup's does
      expect(await lookup.lookupAsync(NAME, { all: true })).toEqual([
        { address: '10.0.0.5', family: 4 },
      ]);
      expect(lookup.clear(NAME)).toBe(1);
      mine.cancel();
    } finally {
      await other.close();
    }
    expect(createCachedLookup({ maxTtl: 0 }).policy).toEqual({ kind: 'never' });
    const refused = [
      { cache: new Map() },
      { maxTtl: 1.5 },
      { maxTtl: 60, policy: { kind: 'never' } },
      { errorTtl: -1 },
      { errorTtl: 1, errorTtlSeconds: 1 },
      { lookup: 'dns.lookup' },
      { resolver, timeout: 100 },
      { tries: 0 },
      { servers: '127.0.0.1' },
      { maxTTL: 60 },
    ];
    expect(
      refused.map((options) => {
        try {
          createCachedLookup(options as unknown as CachedLookupOptions);
          return 'accepted';
        } catch (error) {
          return NameCacheConfigError.isInstance(error) ? 'refused' : 'other error';
        }
      }),
    ).toEqual(refused.map(() => 'refused'));
  });
});
