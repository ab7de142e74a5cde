/**
 * `createCachedLookup` (`@mqsim/name-cache/node`) against `cacheable-lookup`, the TTL-respecting
 * `dns.lookup` Node developers install today: both in this process, both asking the same local
 * UDP DNS server (below, on 127.0.0.1), interleaved round by round. Three figures: hits/s over
 * warm names, the latency of a miss (a name neither has seen: one A and one AAAA question to the
 * server), and how many questions reach the server for a burst of identical concurrent lookups of
 * a new name (sharing one question is the point of a cache under load).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { createCachedLookup } from '@mqsim/name-cache/node';
import CacheableLookup from 'cacheable-lookup';
import * as dnsPacket from 'dns-packet';
import type { BenchCase, BenchSettings } from './bench-case.js';
import { measureRoundsAsync, median } from './measure.js';
import {
  type CaseResult,
  compare,
  comparisonHeadline,
  headline,
  type Measurement,
  rateOf,
} from './report.js';

const HITS = 200_000;
const HIT_BATCH = 1_000;
const WARM_BATCH = 50;
const MISSES = 300;
const BURST = 100;
const BURSTS = 5;
const CREATE_CACHED_LOOKUP = 'createCachedLookup';
const CACHEABLE_LOOKUP = 'cacheable-lookup';

/** `dns.lookup`'s callback shape, which both libraries take. */
type Lookup = (
  hostname: string,
  options: { family?: number },
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
) => void;

interface Contender {
  readonly lookup: Lookup;
  readonly resolver: Resolver;
}

interface Round {
  readonly hits: number;
  readonly seconds: number;
  /** Sum of the first characters of the addresses: equal for both, or one answered wrongly. */
  readonly checksum: number;
  /** Microseconds per miss, sorted. */
  readonly missMicroseconds: readonly number[];
  /** Questions that reached the server per burst of identical lookups. */
  readonly questionsPerBurst: readonly number[];
  readonly errors: number;
}

/**
 * Both libraries against one local DNS server holding `names` names.
 *
 * @example
 * ```ts
 * await createNameCacheVsCacheableLookupCase(10_000).run({ rounds: 3, scale: 1, simpy: findSimPy() });
 * ```
 */
export function createNameCacheVsCacheableLookupCase(names: number): BenchCase {
  const name = `name-cache vs cacheable-lookup, ${names.toLocaleString('en-US')} names`;
  return { name, run: (settings) => runComparison(name, names, settings) };
}

async function runComparison(
  name: string,
  count: number,
  settings: BenchSettings,
): Promise<CaseResult> {
  const names = Array.from({ length: count }, (_, index) => `host${index}.bench.test`);
  const hits = Math.max(HIT_BATCH, Math.round(HITS * settings.scale));
  const misses = Math.max(20, Math.round(MISSES * settings.scale));
  const order = new Uint32Array(hits);
  for (let index = 0, state = 12_345; index < order.length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    order[index] = state % count;
  }
  const server = await startBenchDnsServer();
  const contenders: Record<string, Contender> = {
    [CREATE_CACHED_LOOKUP]: contender(server, (resolver) => {
      const lookup = createCachedLookup({
        resolver,
        fallbackToLookup: false,
        maxEntries: count * 2,
      });
      return lookup as unknown as Lookup;
    }),
    [CACHEABLE_LOOKUP]: contender(server, (resolver) => {
      const cacheable = new CacheableLookup({ resolver, lookup: false });
      return cacheable.lookup as unknown as Lookup;
    }),
  };
  try {
    const runs = await measureRoundsAsync(
      contenders,
      async ({ lookup }) => {
        // Warm every name (the misses are not timed), then one untimed pass of hits.
        // 50 at a time: more questions in flight than that overflow the loopback socket buffers.
        for (let start = 0; start < names.length; start += WARM_BATCH) {
          const batch = names.slice(start, start + WARM_BATCH);
          const outcomes = await Promise.all(batch.map((host) => ask(lookup, host)));
          if (outcomes.some((outcome) => outcome.error !== null)) {
            throw new Error(`warming ${batch[0]}…: ${outcomes.find((o) => o.error)?.error?.code}`);
          }
        }
        await runHits(lookup, names, order);
      },
      async ({ lookup }, implementation, round) => {
        const hit = await runHits(lookup, names, order);
        const missMicroseconds: number[] = [];
        let errors = hit.errors;
        for (let index = 0; index < misses; index++) {
          const host = `miss-${index}-${round}-${implementation}.bench.test`;
          const started = process.hrtime.bigint();
          const outcome = await ask(lookup, host);
          missMicroseconds.push(Number(process.hrtime.bigint() - started) / 1_000);
          if (outcome.error !== null) errors++;
        }
        const questionsPerBurst: number[] = [];
        for (let burst = 0; burst < BURSTS; burst++) {
          const host = `burst-${burst}-${round}-${implementation}.bench.test`;
          const outcomes = await Promise.all(
            Array.from({ length: BURST }, () => ask(lookup, host)),
          );
          errors += outcomes.filter((outcome) => outcome.error !== null).length;
          questionsPerBurst.push(server.questionsFor(host));
        }
        return {
          ...hit,
          errors,
          missMicroseconds: missMicroseconds.sort((a, b) => a - b),
          questionsPerBurst,
        } satisfies Round;
      },
      settings.rounds,
    );
    return toResult(name, count, hits, misses, runs);
  } finally {
    for (const { resolver } of Object.values(contenders)) resolver.cancel();
    await server.close();
  }
}

function contender(server: BenchDnsServer, make: (resolver: Resolver) => Lookup): Contender {
  // One try, a short time-out: the server is on loopback and answers every question.
  const resolver = new Resolver({ timeout: 1_000, tries: 1 });
  resolver.setServers([server.address]);
  return { lookup: make(resolver), resolver };
}

interface Outcome {
  readonly error: NodeJS.ErrnoException | null;
  readonly address: string;
}

function ask(lookup: Lookup, host: string): Promise<Outcome> {
  return new Promise((resolve) =>
    lookup(host, { family: 4 }, (error, address) => resolve({ error, address })),
  );
}

async function runHits(lookup: Lookup, names: readonly string[], order: Uint32Array) {
  let checksum = 0;
  let errors = 0;
  let pending = 0;
  const started = process.hrtime.bigint();
  for (let start = 0; start < order.length; start += HIT_BATCH) {
    const end = Math.min(order.length, start + HIT_BATCH);
    await new Promise<void>((resolve) => {
      pending = end - start;
      const done = (error: NodeJS.ErrnoException | null, address: string) => {
        if (error === null) checksum += address.charCodeAt(0);
        else errors++;
        if (--pending === 0) resolve();
      };
      for (let index = start; index < end; index++) {
        lookup(names[order[index] as number] as string, { family: 4 }, done);
      }
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { hits: order.length, seconds, checksum, errors };
}

function toResult(
  name: string,
  count: number,
  hits: number,
  misses: number,
  runs: Record<string, Round[]>,
): CaseResult {
  const measurements: Measurement[] = Object.entries(runs).map(([implementation, rounds]) => {
    const samples = rounds.map((round) => round.hits / round.seconds);
    return { implementation, rate: median(samples), samples };
  });
  const percentile = (implementation: string, fraction: number) => {
    const all = (runs[implementation] ?? [])
      .flatMap((round) => round.missMicroseconds)
      .sort((a, b) => a - b);
    return all.length === 0
      ? undefined
      : all[Math.min(all.length - 1, Math.floor(all.length * fraction))];
  };
  const questions = (implementation: string) =>
    median((runs[implementation] ?? []).flatMap((round) => round.questionsPerBurst));
  const hitRatio = compare(measurements, CREATE_CACHED_LOOKUP, CACHEABLE_LOOKUP, 1);
  const checksums = new Set(
    Object.values(runs).flatMap((rounds) => rounds.map((round) => round.checksum)),
  );
  const errors = Object.entries(runs).flatMap(([implementation, rounds]) => {
    const failed = rounds.reduce((sum, round) => sum + round.errors, 0);
    return failed === 0 ? [] : [`${implementation}: ${failed} lookups failed`];
  });
  const rows = [CREATE_CACHED_LOOKUP, CACHEABLE_LOOKUP];
  return {
    name,
    description: `${hits.toLocaleString('en-US')} hits per round over ${count.toLocaleString('en-US')} warm names (batches of ${HIT_BATCH}), ${misses} sequential misses, ${BURSTS} bursts of ${BURST} identical lookups; one local UDP DNS server`,
    unit: 'hits/s',
    parameters: { names: count, hits, misses, burst: BURST, bursts: BURSTS },
    measurements,
    comparisons: [hitRatio],
    problems: [
      ...(checksums.size > 1
        ? [`the libraries answered differently: checksums ${[...checksums].join(', ')}`]
        : []),
      ...errors,
    ],
    headline: [
      ...rows.map((row) => headline(`hits, ${row}`, rateOf(measurements, row), 'hits/s')),
      comparisonHeadline('hits, createCachedLookup vs cacheable-lookup', hitRatio),
      ...rows.flatMap((row) => [
        headline(`miss latency p50, ${row}`, percentile(row, 0.5), 'µs'),
        headline(`miss latency p99, ${row}`, percentile(row, 0.99), 'µs'),
      ]),
      ...rows.map((row) =>
        headline(`DNS questions per burst of ${BURST}, ${row}`, questions(row), 'questions', {
          bound: 'at most',
          value: 2,
        }),
      ),
    ],
  };
}

interface BenchDnsServer {
  readonly address: string;
  /** Questions (A and AAAA) received for `name` so far. */
  questionsFor(name: string): number;
  close(): Promise<void>;
}

/**
 * An authoritative server for `*.bench.test`: every name has one A record derived from its
 * text (TTL one day) and no AAAA (NODATA), answered at once.
 */
async function startBenchDnsServer(): Promise<BenchDnsServer> {
  const socket: Socket = createSocket('udp4');
  const questions = new Map<string, number>();
  socket.on('message', (message: Buffer, from: RemoteInfo) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const answers: dnsPacket.Answer[] = [];
    for (const question of query.questions ?? []) {
      const name = question.name.toLowerCase();
      questions.set(name, (questions.get(name) ?? 0) + 1);
      if (question.type === 'A') {
        answers.push({ type: 'A', name: question.name, ttl: 86_400, data: addressOf(name) });
      }
    }
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags:
        dnsPacket.AUTHORITATIVE_ANSWER |
        dnsPacket.RECURSION_AVAILABLE |
        (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0),
      questions: query.questions ?? [],
      answers,
    });
    socket.send(response, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return {
    address: `127.0.0.1:${socket.address().port}`,
    questionsFor: (name) => questions.get(name.toLowerCase()) ?? 0,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A stable address per name: 10.x.y.z from a hash of its text. */
function addressOf(name: string): string {
  let hash = 2_166_136_261;
  for (let index = 0; index < name.length; index++) {
    hash = Math.imul(hash ^ name.charCodeAt(index), 16_777_619) >>> 0;
  }
  return `10.${(hash >> 16) & 255}.${(hash >> 8) & 255}.${hash & 255}`;
}
