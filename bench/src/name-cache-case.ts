/**
 * The name-cache hit case: a lookup that a cache can answer is on the hot path of every message
 * sent, so it must cost what a `Map` lookup plus a time comparison costs. Measures hits/s of the
 * OS cache and of a process cache on top of it over 10 000 names, against exactly that baseline.
 */
import { fromIso, VirtualClock } from '@mqsim/filetime';
import { AuthoritativeDns, DnsClientCache, ProcessNameCache } from '@mqsim/name-cache';
import type { BenchCase, BenchSettings } from './bench-case.js';
import { measureRounds, median } from './measure.js';
import {
  type CaseResult,
  compare,
  comparisonHeadline,
  headline,
  type Measurement,
  rateOf,
} from './report.js';

const LOOKUPS = 5_000_000;
const WARM_UP_LOOKUPS = 500_000;

interface HitRun {
  readonly lookups: number;
  readonly seconds: number;
  /** Sum of the first address octets answered: the same for every implementation, or one cheated. */
  readonly checksum: number;
}

type Probe = (name: string) => string;

/**
 * Cache hits for `names` distinct names, in a fixed pseudo-random order.
 *
 * @example
 * ```ts
 * createNameCacheCase(10_000).run({ rounds: 3, scale: 1, simpy: findSimPy() }).measurements;
 * ```
 */
export function createNameCacheCase(names: number): BenchCase {
  const name = `name-cache hits, ${names.toLocaleString('en-US')} names`;
  return { name, run: (settings) => runHits(name, names, settings) };
}

function runHits(name: string, count: number, settings: BenchSettings): CaseResult {
  const lookups = Math.max(1, Math.round(LOOKUPS * settings.scale));
  const names = Array.from({ length: count }, (_, index) => `host${index}.corp.example`);
  // A fixed LCG order, so every implementation sees the same sequence and the CPU cannot
  // predict it the way it would a sequential walk.
  const order = new Uint32Array(Math.max(lookups, WARM_UP_LOOKUPS));
  for (let index = 0, state = 12_345; index < order.length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    order[index] = state % count;
  }
  const probes = buildProbes(names);
  const run = (probe: Probe, total: number): HitRun => {
    let checksum = 0;
    const started = process.hrtime.bigint();
    for (let index = 0; index < total; index++) {
      const address = probe(names[order[index] as number] as string);
      checksum += address.charCodeAt(0);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { lookups: total, seconds, checksum };
  };
  const runs = measureRounds(
    probes,
    (probe) => run(probe, WARM_UP_LOOKUPS),
    (probe) => run(probe, lookups),
    settings.rounds,
  );
  const measurements: Measurement[] = Object.entries(runs).map(([implementation, timed]) => {
    const samples = timed.map((result) => result.lookups / result.seconds);
    return { implementation, rate: median(samples), samples };
  });
  const checksums = new Set(
    Object.values(runs).flatMap((timed) => timed.map((result) => result.checksum)),
  );
  const comparisons = [
    compare(measurements, 'DnsClientCache', 'Map + compare', 0.8),
    compare(measurements, 'ProcessNameCache', 'Map + compare', 0.8),
  ];
  return {
    name,
    description: `${lookups.toLocaleString('en-US')} hits per round over ${count.toLocaleString('en-US')} cached names, after a ${WARM_UP_LOOKUPS.toLocaleString('en-US')}-hit warm-up`,
    unit: 'hits/s',
    parameters: { names: count, lookups, warmUpLookups: WARM_UP_LOOKUPS },
    measurements,
    comparisons,
    problems:
      checksums.size > 1
        ? [`implementations answered differently: checksums ${[...checksums].join(', ')}`]
        : [],
    headline: [
      headline(
        'name-cache hits, ProcessNameCache',
        rateOf(measurements, 'ProcessNameCache'),
        'hits/s',
      ),
      ...comparisons.map((comparison) =>
        comparisonHeadline(`name-cache hit, ${comparison.numerator} vs Map + compare`, comparison),
      ),
    ],
  };
}

function buildProbes(names: readonly string[]): Record<string, Probe> {
  const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
  const server = new AuthoritativeDns();
  server.responseDelayMs = 0;
  server.addZone('corp.example');
  names.forEach((name, index) => {
    server.setRecords(
      name,
      'A',
      [`10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`],
      { ttl: 86_400 },
    );
  });
  const os = new DnsClientCache({ clock, server });
  const msmq = new ProcessNameCache({ clock, resolver: os, policy: { kind: 'until-restart' } });
  for (const name of names) msmq.lookup(name, 'A', () => {});
  clock.run();

  // The baseline: what the issue allows a hit to cost.
  const bare = new Map<
    string,
    { readonly expiresAt: number; readonly values: readonly string[] }
  >();
  for (const name of names) {
    const entry = os.lookup(name, 'A', () => {});
    if (entry === undefined) throw new Error(`${name} was not cached`);
    bare.set(name, { expiresAt: entry.expiresAt, values: entry.values });
  }
  const ignore = () => {};
  // One function per implementation: a shared helper would make its call site polymorphic and
  // charge the caches for a dispatch the simulator does not pay.
  const missed = (name: string): never => {
    throw new Error(`${name} missed the cache`);
  };
  return {
    'Map + compare': (name) => {
      const entry = bare.get(name);
      if (entry === undefined || !(clock.ticks() < entry.expiresAt))
        throw new Error(`${name} missed the map`);
      return entry.values[0] as string;
    },
    DnsClientCache: (name) => (os.lookup(name, 'A', ignore) ?? missed(name)).values[0] as string,
    ProcessNameCache: (name) =>
      (msmq.lookup(name, 'A', ignore) ?? missed(name)).values[0] as string,
  };
}
