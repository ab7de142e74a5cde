import { createTraceRecorder, fromIso, TICKS, VirtualClock } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthoritativeDns } from './authoritative-dns.js';
import type { CachePolicy } from './cache-policy.js';
import { DnsClientCache } from './dns-client-cache.js';
import { NameCacheConfigError } from './errors.js';
import { answerTtl, type LookupResult, type NameResolver } from './lookup-result.js';
import { ProcessNameCache } from './process-cache.js';

const SECOND = TICKS.perSecond;

function setup(policy: CachePolicy) {
  const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
  const trace = createTraceRecorder();
  const server = new AuthoritativeDns();
  server.responseDelayMs = 0;
  server.addZone('corp.example');
  server.setRecords('app01.corp.example', 'A', ['10.0.0.5'], { ttl: 300 });
  const os = new DnsClientCache({
    clock,
    server,
    host: 'APP02',
    suffixSearchList: ['corp.example'],
  });
  const cache = new ProcessNameCache({
    clock,
    resolver: os,
    policy,
    host: 'APP02',
    process: 'mqsvc.exe',
    trace,
  });
  const resolve = (name = 'app01.corp.example'): LookupResult => {
    let later: LookupResult | undefined;
    const now = cache.lookup(name, 'A', (result) => {
      later = result;
    });
    if (now !== undefined) return now;
    clock.run();
    if (later === undefined) throw new Error(`${name} was never answered`);
    return later;
  };
  const advance = (seconds: number) => clock.runUntil(clock.ticks() + seconds * SECOND);
  return { clock, trace, server, os, cache, resolve, advance };
}

describe('ProcessNameCache until-restart (the MSMQ service)', () => {
  it('keeps the old address through renumbering, TTL expiry and ipconfig /flushdns', () => {
    const { resolve, advance, server, os, cache } = setup({ kind: 'until-restart' });
    expect(resolve()).toMatchObject({ layer: 'dns', values: ['10.0.0.5'] });
    server.setRecords('app01.corp.example', 'A', ['192.168.1.5'], { ttl: 300 });
    advance(3 * 86_400);
    os.flush();
    const stale = resolve();
    expect(stale).toMatchObject({
      layer: 'process-cache',
      values: ['10.0.0.5'],
      obtainedAt: 0,
      expiresAt: Number.POSITIVE_INFINITY,
    });
    expect(resolve('APP01')).toMatchObject({ layer: 'dns', values: ['192.168.1.5'] });
    expect(cache.restart()).toBe(2);
    expect(resolve()).toMatchObject({ layer: 'os-cache', values: ['192.168.1.5'] });
  });

  it('keeps single-label names under the name asked', () => {
    const { resolve, cache } = setup({ kind: 'until-restart' });
    expect(resolve('APP01')).toMatchObject({ name: 'app01.corp.example', layer: 'dns' });
    expect(resolve('app01')).toMatchObject({ name: 'app01.corp.example', layer: 'process-cache' });
    expect(cache.entries()).toHaveLength(1);
  });

  it('does not keep failures: the next lookup asks again', () => {
    const { resolve, server } = setup({ kind: 'until-restart' });
    expect(resolve('app09.corp.example')).toMatchObject({ status: 'nxdomain', layer: 'dns' });
    expect(resolve('app09.corp.example')).toMatchObject({ status: 'nxdomain', layer: 'os-cache' });
    server.setAvailable(false);
    expect(resolve('app10.corp.example').status).toBe('timeout');
    server.setAvailable(true);
    expect(resolve('app10.corp.example').status).toBe('nxdomain');
  });
});

describe('ProcessNameCache other policies', () => {
  it('respect-ttl counts the TTL from when DNS answered, not from when it got the answer', () => {
    const { resolve, advance, cache } = setup({ kind: 'respect-ttl' });
    resolve();
    cache.flush();
    advance(200);
    const viaOs = resolve();
    expect(viaOs.layer).toBe('os-cache');
    expect(cache.entries()[0]?.expiresAt).toBe(300 * SECOND);
    advance(99);
    expect(resolve().layer).toBe('process-cache');
    advance(1);
    expect(resolve().layer).toBe('dns');
  });

  it('respect-ttl follows a renumbering once the TTL runs out', () => {
    const { resolve, advance, server } = setup({ kind: 'respect-ttl' });
    resolve();
    server.setRecords('app01.corp.example', 'A', ['192.168.1.5']);
    advance(300);
    expect(resolve().values).toEqual(['192.168.1.5']);
  });

  it('respect-ttl with maxSeconds caps the TTL', () => {
    const { resolve, advance } = setup({ kind: 'respect-ttl', maxSeconds: 10 });
    resolve();
    advance(9);
    expect(resolve().layer).toBe('process-cache');
    advance(1);
    expect(resolve().layer).toBe('os-cache');
  });

  it('fixed-ttl keeps for its own time from when the process got it', () => {
    const { resolve, advance, cache } = setup({ kind: 'fixed-ttl', seconds: 600 });
    resolve();
    advance(299);
    cache.flush();
    resolve();
    expect(cache.entries()[0]?.expiresAt).toBe(899 * SECOND);
    advance(599);
    expect(resolve()).toMatchObject({ layer: 'process-cache', values: ['10.0.0.5'] });
    advance(1);
    expect(resolve().layer).toBe('dns');
  });

  it('never asks the layer below every time', () => {
    const { resolve, cache } = setup({ kind: 'never' });
    resolve();
    expect(resolve().layer).toBe('os-cache');
    expect(cache.entries()).toEqual([]);
  });

  it('rejects a bad policy', () => {
    const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
    const resolver: NameResolver = { lookup: () => undefined };
    for (const policy of [
      { kind: 'sticky' },
      { kind: 'fixed-ttl', seconds: -1 },
      { kind: 'respect-ttl', maxSeconds: 0.5 },
    ]) {
      expect(
        () => new ProcessNameCache({ clock, resolver, policy: policy as CachePolicy }),
      ).toThrow(NameCacheConfigError);
    }
    expect(
      () => new ProcessNameCache({ clock, resolver, policy: { kind: 'sticky' } as never }),
    ).toThrow(/"sticky" is not one of until-restart, respect-ttl, fixed-ttl, never/);
  });
});

describe('ProcessNameCache trace', () => {
  it('reports its layer and process on every event', () => {
    const { resolve, advance, cache, trace } = setup({ kind: 'fixed-ttl', seconds: 10 });
    resolve();
    advance(5);
    resolve();
    advance(5);
    resolve();
    cache.restart();
    expect(trace.events.map((event) => event.type)).toEqual([
      'cache.miss',
      'cache.hit',
      'cache.expired',
      'cache.miss',
      'cache.flushed',
    ]);
    for (const event of trace.events)
      expect(event).toMatchObject({
        layer: 'process-cache',
        process: 'mqsvc.exe',
        host: 'APP02',
        source: 'name-cache',
      });
    expect(trace.events[1]).toMatchObject({ ageSeconds: 5, values: ['10.0.0.5'] });
    expect(trace.events[4]).toMatchObject({ reason: 'restart', entries: 1 });
  });
});

describe('TTL-respecting layers never hand out an answer older than its TTL', () => {
  const step = fc.oneof(
    fc.record({ op: fc.constant('lookup' as const), name: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 0, max: 400 }) }),
    fc.record({
      op: fc.constant('renumber' as const),
      name: fc.integer({ min: 0, max: 3 }),
      octet: fc.integer({ min: 1, max: 254 }),
      ttl: fc.integer({ min: 0, max: 600 }),
    }),
    fc.record({ op: fc.constant('flush' as const) }),
    fc.record({ op: fc.constant('outage' as const), down: fc.boolean() }),
  );

  it('holds for the OS cache and a respect-ttl process cache, whatever happens', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 60 }),
        fc.integer({ min: 0, max: 5_000 }),
        (steps, delayMs) => {
          const { clock, server, os, cache } = setup({ kind: 'respect-ttl' });
          server.responseDelayMs = delayMs;
          const seen: LookupResult[] = [];
          const check = (result: LookupResult) => {
            if (result.status !== 'ok') return;
            seen.push(result);
            const age = clock.ticks() - result.obtainedAt;
            expect(age).toBeLessThanOrEqual(answerTtl(result.records) * SECOND);
            expect(age).toBeGreaterThanOrEqual(0);
          };
          for (const action of steps) {
            if (action.op === 'lookup') {
              const name = `app0${action.name}.corp.example`;
              const now = cache.lookup(name, 'A', check);
              if (now !== undefined) check(now);
            } else if (action.op === 'advance') {
              clock.runUntil(clock.ticks() + action.seconds * SECOND);
            } else if (action.op === 'renumber') {
              server.setRecords(
                `app0${action.name}.corp.example`,
                'A',
                [`10.0.0.${action.octet}`],
                { ttl: action.ttl },
              );
            } else if (action.op === 'flush') {
              os.flush();
            } else {
              server.setAvailable(!action.down);
            }
          }
          clock.run();
          return seen.every((result) => result.layer !== 'hosts');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an until-restart cache never changes its answer while it runs', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { clock, server, os, cache } = setup({ kind: 'until-restart' });
        const first = new Map<string, string>();
        const check = (result: LookupResult) => {
          if (result.status !== 'ok') return;
          const values = result.values.join(',');
          if (!first.has(result.name)) first.set(result.name, values);
          expect(values).toBe(first.get(result.name));
        };
        for (const action of steps) {
          if (action.op === 'lookup') {
            const now = cache.lookup(`app0${action.name}.corp.example`, 'A', check);
            if (now !== undefined) check(now);
          } else if (action.op === 'advance')
            clock.runUntil(clock.ticks() + action.seconds * SECOND);
          else if (action.op === 'renumber') {
            server.setRecords(`app0${action.name}.corp.example`, 'A', [`10.0.0.${action.octet}`], {
              ttl: action.ttl,
            });
          } else if (action.op === 'flush') os.flush();
          else server.setAvailable(!action.down);
        }
      }),
      { numRuns: 200 },
    );
  });
});
