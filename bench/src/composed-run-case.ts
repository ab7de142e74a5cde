/**
 * The composed-run case: the whole simulator at once, as `mqsim run` uses it — a 50-host,
 * 40-stream scenario with renumberings, a partition, a crash, restarts, time limits and a DNS
 * outage (`composed-run.ts`), run through `@mqsim/engine` with its trace fingerprint, outcome,
 * diagnosis and report — at 1×, 10× and 100× traffic. Each run is a fresh `node --expose-gc`
 * child, which first measures the bare typed-array heap's HOLD rate, so the ratio of the two
 * comes from one process. Reports events/s and messages/s, time and peak RSS per message at
 * each size (the cost per message may not grow with size), the heap a queued message takes
 * (delivered and not read; waiting in an outgoing queue) and the peak RSS of a 10 M-message run.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase, BenchSettings } from './bench-case.js';
import type { ComposedMode, ComposedReport } from './composed-run.js';
import { measureRounds, median } from './measure.js';
import { type CaseResult, type Headline, headline, type Measurement } from './report.js';

const LEVELS = [1, 10, 100] as const;
/** Traffic of the 10 M-message run: 40 streams for an hour, one message each every 14.4 ms (9,994,000 messages: the loader refuses more than 10 M). */
const TEN_MILLION_TRAFFIC = 694;
// At 100× a queued message's heap is what it costs, not the run's fixed ~20 MB spread over it;
// one round: heap after a full GC hardly moves between rounds.
const MEMORY_TRAFFIC = 100;
const TARGETS = {
  bareHeapRatio: 0.25,
  messagesPerSecond: 1_000_000,
  bytesPerQueuedMessage: 250,
  growth: 1.2,
  tenMillionRssGigabytes: 3,
};

/**
 * The composed run at three sizes, the queued-message heap, and a 10 M-message run.
 *
 * @example
 * ```ts
 * createComposedRunCase().name; // => 'composed run, 50 hosts'
 * ```
 */
export function createComposedRunCase(): BenchCase {
  const name = 'composed run, 50 hosts';
  return { name, run: (settings) => runComposed(name, settings) };
}

function runComposed(name: string, settings: BenchSettings): CaseResult {
  const problems: string[] = [];
  const child = (mode: ComposedMode, traffic: number) => runChild(mode, traffic, problems);
  const levels = LEVELS.map((level) => level * settings.scale);
  const runs = measureRounds(
    Object.fromEntries(levels.map((traffic) => [`${traffic}×`, traffic])),
    () => undefined,
    (traffic) => child('run', traffic),
    settings.rounds,
  );
  const memory = measureRounds(
    { destination: 'destination', outgoing: 'outgoing' } as const,
    () => undefined,
    (mode) => child(mode, MEMORY_TRAFFIC * settings.scale),
    1,
  );
  const tenMillion = child('run', TEN_MILLION_TRAFFIC * settings.scale);

  const measurements: Measurement[] = [];
  const per: Record<string, { seconds: number; rss: number; ratio: number; rate: number }> = {};
  const parameters: Record<string, number> = {};
  for (const [label, reports] of Object.entries(runs)) {
    const ok = reports.filter((report): report is ComposedReport => report !== undefined);
    if (ok.length === 0) continue;
    const eventRates = ok.map((report) => report.events / report.seconds);
    const messageRates = ok.map((report) => report.messages / report.seconds);
    const ratios = ok.map(
      (report) => report.events / report.seconds / report.bareHeapEventsPerSecond,
    );
    const messages = (ok[0] as ComposedReport).messages;
    per[label] = {
      seconds: median(ok.map((report) => report.seconds)) / messages,
      rss: median(ok.map((report) => report.maxRss)) / messages,
      ratio: median(ratios),
      rate: median(messageRates),
    };
    parameters[`messages ${label}`] = messages;
    parameters[`events ${label}`] = (ok[0] as ComposedReport).events;
    measurements.push(
      { implementation: `events/s, ${label}`, rate: median(eventRates), samples: eventRates },
      { implementation: `messages/s, ${label}`, rate: median(messageRates), samples: messageRates },
      {
        implementation: `µs per message, ${label}`,
        rate: (per[label]?.seconds ?? 0) * 1e6,
        samples: ok.map((report) => (report.seconds / report.messages) * 1e6),
      },
      {
        implementation: `peak RSS B per message, ${label}`,
        rate: per[label]?.rss,
        samples: ok.map((report) => report.maxRss / report.messages),
      },
      {
        implementation: `bare heap events/s, ${label} child`,
        rate: median(ok.map((report) => report.bareHeapEventsPerSecond)),
        samples: ok.map((report) => report.bareHeapEventsPerSecond),
      },
    );
    const fingerprints = new Set(ok.map((report) => report.fingerprint));
    if (fingerprints.size > 1) problems.push(`${label}: the runs' fingerprints differ`);
  }
  const queuedBytes: Record<string, number | undefined> = {};
  for (const [mode, reports] of Object.entries(memory)) {
    const ok = reports.filter(
      (report): report is ComposedReport => report !== undefined && report.queued > 0,
    );
    const bytes = ok.map((report) => report.queuedHeapBytes / report.queued);
    queuedBytes[mode] = ok.length === 0 ? undefined : median(bytes);
    if (ok.length > 0) parameters[`queued ${mode}`] = (ok[0] as ComposedReport).queued;
    measurements.push({
      implementation: `heap B per queued message, ${mode}`,
      rate: queuedBytes[mode],
      samples: bytes,
    });
  }
  const middle = per[`${levels[1]}×`];
  const last = per[`${levels[2]}×`];
  const top = `${LEVELS[2] * settings.scale}×`;
  const rows: Headline[] = [
    headline(`composed run events/s over the bare heap, ${top}`, last?.ratio, '×', {
      bound: 'at least',
      value: TARGETS.bareHeapRatio,
    }),
    headline(`composed run messages/s, ${top}`, last?.rate, 'messages/s', {
      bound: 'at least',
      value: TARGETS.messagesPerSecond,
    }),
    // Against the 10× run, as RSS below: at 1× the fixed costs (JIT, diagnosis, report) dominate.
    headline(
      `time per message, ${top} over ${levels[1]}×`,
      middle === undefined || last === undefined ? undefined : last.seconds / middle.seconds,
      '×',
      { bound: 'at most', value: TARGETS.growth },
    ),
    // Peak RSS per message against the 10× run: at 1× the process's fixed ~150 MB dominates.
    headline(
      `peak RSS per message, ${top} over ${levels[1]}×`,
      middle === undefined || last === undefined ? undefined : last.rss / middle.rss,
      '×',
      { bound: 'at most', value: TARGETS.growth },
    ),
    ...(['destination', 'outgoing'] as const).map((mode) =>
      headline(
        `heap per queued message, composed, ${mode === 'destination' ? 'destination queue' : 'outgoing queue'}`,
        queuedBytes[mode],
        'B',
        { bound: 'at most', value: TARGETS.bytesPerQueuedMessage },
      ),
    ),
    headline(
      `peak RSS of a ${tenMillion === undefined ? '10 M' : `${(tenMillion.messages / 1e6).toFixed(1)} M`}-message run`,
      tenMillion === undefined ? undefined : tenMillion.maxRss / 1e9,
      'GB',
      settings.scale === 1
        ? { bound: 'at most', value: TARGETS.tenMillionRssGigabytes }
        : undefined,
    ),
  ];
  if (tenMillion !== undefined) {
    parameters['messages 10 M run'] = tenMillion.messages;
    parameters['seconds 10 M run'] = tenMillion.seconds;
  }
  return {
    name,
    description: `the 50-host, 40-stream scenario (bench/src/composed-run.ts) through runScenario at ${levels.join('×, ')}× traffic, one node --expose-gc child per run, ${settings.rounds} rounds interleaved; queued-message heap at ${MEMORY_TRAFFIC * settings.scale}× without consumers (destination) and with every link down (outgoing); one 10 M-message run (${TEN_MILLION_TRAFFIC * settings.scale}×)${tenMillion === undefined ? '' : ` took ${tenMillion.seconds.toFixed(0)} s`}`,
    unit: 'see each row',
    parameters,
    measurements,
    comparisons: [],
    problems,
    headline: rows,
  };
}

function runChild(
  mode: ComposedMode,
  traffic: number,
  problems: string[],
): ComposedReport | undefined {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'composed-run-child.js');
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=6144', script, mode, String(traffic)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) {
    problems.push(
      `composed child (${mode} ${traffic}×) failed: ${child.error?.message ?? (child.stderr.trim().slice(0, 300) || `exit ${child.status ?? child.signal}`)}`,
    );
    return undefined;
  }
  return JSON.parse(child.stdout) as ComposedReport;
}
