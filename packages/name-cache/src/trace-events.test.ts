import type { LookupAddress } from 'node:dns';
import {
  createTraceRecorder,
  fromIso,
  TICKS,
  type TraceEvent,
  VirtualClock,
} from '@mqsim/filetime';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AuthoritativeDns,
  createCachedLookup,
  DnsClientCache,
  isNameCacheTraceEvent,
  NAME_CACHE_TRACE_TYPES,
  type NameCacheTraceEvent,
  type NameCacheTraceType,
  type OsLookup,
  ProcessNameCache,
  type TtlResolver,
} from './index.js';

/** Runs every name-cache component through what can happen to it; returns the trace. */
async function eventfulRun(): Promise<readonly TraceEvent[]> {
  const trace = createTraceRecorder();
  const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
  const advance = (seconds: number) => clock.runUntil(clock.ticks() + seconds * TICKS.perSecond);

  // Authoritative DNS, the DNS Client cache and a process cache on top of it.
  const dns = new AuthoritativeDns({ clock, trace, host: 'DC01' });
  dns.addZone('corp.example');
  dns.setRecords('app01.corp.example', 'A', ['10.0.0.5'], { ttl: 60 });
  const os = new DnsClientCache({ clock, server: dns, trace, host: 'APP02' });
  const msmq = new ProcessNameCache({
    clock,
    resolver: os,
    policy: { kind: 'respect-ttl' },
    trace,
    host: 'APP02',
    process: 'mqsvc.exe',
  });
  msmq.lookup('app01.corp.example', 'A', () => {}); // miss, miss, query, answer
  clock.run();
  msmq.lookup('app01.corp.example', 'A', () => {}); // hit
  advance(61);
  msmq.lookup('app01.corp.example', 'A', () => {}); // expired at both layers
  clock.run();
  msmq.restart();
  os.flush();
  dns.setAvailable(false);
  os.lookup('db01.corp.example', 'A', () => {}); // times out
  clock.run();
  os.lookup('app01.corp.example', 'A', () => {}); // a hit at the OS cache
  // createCachedLookup, on a resolver and an OS lookup that answer at once.
  const resolver: TtlResolver = {
    resolve4: async () => [{ address: '10.0.0.5', ttl: 30 }],
    resolve6: async () => Promise.reject(Object.assign(new Error('no AAAA'), { code: 'ENODATA' })),
  };
  const osLookup: OsLookup = (_name, _options, callback) =>
    callback(null, [{ address: '10.0.0.9', family: 4 } satisfies LookupAddress]);
  const lookup = createCachedLookup({ clock, resolver, osLookup, trace, host: 'APP02' });
  const ask = (name: string) => new Promise((resolve) => lookup(name, () => resolve(undefined)));
  await ask('app01.corp.example');
  await ask('app01.corp.example');
  await ask('printer');
  advance(61);
  await ask('app01.corp.example');
  lookup.clear();
  return trace.events;
}

describe('NAME_CACHE_TRACE_TYPES', () => {
  it('lists the type of every event the name caches emit, and a run emits every type', async () => {
    const events = (await eventfulRun()).filter((event) => event.source === 'name-cache');
    const listed: readonly string[] = NAME_CACHE_TRACE_TYPES;
    expect(events.filter((event) => !listed.includes(event.type))).toEqual([]);
    expect(events.every(isNameCacheTraceEvent)).toBe(true);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(listed));
  });

  it('names every type dotted, each segment kebab-case', () => {
    const dottedKebab = /^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/;
    expect(NAME_CACHE_TRACE_TYPES.filter((type) => !dottedKebab.test(type))).toEqual([]);
    expect(new Set(NAME_CACHE_TRACE_TYPES).size).toBe(NAME_CACHE_TRACE_TYPES.length);
    expect(Object.isFrozen(NAME_CACHE_TRACE_TYPES)).toBe(true);
  });

  it('is the type-name union of NameCacheTraceEvent', () => {
    expectTypeOf<(typeof NAME_CACHE_TRACE_TYPES)[number]>().toEqualTypeOf<NameCacheTraceType>();
    expectTypeOf<NameCacheTraceEvent['type']>().toEqualTypeOf<NameCacheTraceType>();
    expectTypeOf<NameCacheTraceEvent>().toExtend<TraceEvent>();
  });
});

describe('isNameCacheTraceEvent', () => {
  it('narrows to the typed fields', async () => {
    const hit = (await eventfulRun()).filter(isNameCacheTraceEvent).find((event) => {
      return event.type === 'cache.hit' && event.process === 'mqsvc.exe';
    });
    expect(hit).toEqual({
      t: 10_000,
      host: 'APP02',
      source: 'name-cache',
      type: 'cache.hit',
      layer: 'process-cache',
      process: 'mqsvc.exe',
      name: 'app01.corp.example',
      recordType: 'A',
      values: ['10.0.0.5'],
      ageSeconds: 0,
    });
  });
});
