/**
 * The transport case: framed messages over established TCP sessions of `@mqsim/transport`,
 * against a bare `VirtualClock` doing one `schedule` per message — the floor any delivery
 * costs. Both play ping-pong with a fixed 0.5 ms one-way delay and one message in flight per
 * session, so they run the same number of deliveries on the same ticks.
 */
import { fromTicks, VirtualClock } from '@mqsim/filetime';
import { Network, type Session } from '@mqsim/transport';
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

// 2 M deliveries: ~0.5–2 s per transport round, long enough that JIT tiering is noise.
const MESSAGES = 2_000_000;
const WARM_UP_MESSAGES = 200_000;
// The network's default LAN latency: every message takes exactly this long one way.
const LATENCY_TICKS = 5_000;
const CLIENT_HOSTS = 50;
const SEED = 1801;

/** One timed run: deliveries made and the simulated time they spanned. */
interface TransportRun {
  readonly messages: number;
  readonly seconds: number;
  readonly elapsedTicks: number;
}

type Implementation = (sessions: number, messages: number) => TransportRun;

const IMPLEMENTATIONS: Readonly<Record<string, Implementation>> = {
  transport: withTransport,
  'bare VirtualClock': withBareClock,
};

/**
 * Messages per second delivered over `sessions` established sessions.
 *
 * @example
 * ```ts
 * createTransportCase(1_000).run({ rounds: 3, scale: 1, simpy: findSimPy() }).measurements;
 * ```
 */
export function createTransportCase(sessions: number): BenchCase {
  const name = `transport sessions=${sessions.toLocaleString('en-US')}`;
  return { name, run: (settings) => runTransport(name, sessions, settings) };
}

function runTransport(name: string, sessions: number, settings: BenchSettings): CaseResult {
  const messages = Math.max(sessions, Math.round(MESSAGES * settings.scale));
  const runs = measureRounds(
    IMPLEMENTATIONS,
    (implementation) => implementation(sessions, WARM_UP_MESSAGES),
    (implementation) => implementation(sessions, messages),
    settings.rounds,
  );
  const measurements: Measurement[] = Object.entries(runs).map(([implementation, timed]) => {
    const samples = timed.map((run) => run.messages / run.seconds);
    return { implementation, rate: median(samples), samples };
  });
  const versusClock = compare(measurements, 'transport', 'bare VirtualClock', 0.33);
  return {
    name,
    description: `${messages.toLocaleString('en-US')} messages per round over ${sessions.toLocaleString('en-US')} established sessions (ping-pong, ${LATENCY_TICKS.toLocaleString('en-US')}-tick latency) after a ${WARM_UP_MESSAGES.toLocaleString('en-US')}-message warm-up`,
    unit: 'messages/s',
    parameters: {
      sessions,
      messages,
      warmUpMessages: WARM_UP_MESSAGES,
      latencyTicks: LATENCY_TICKS,
    },
    measurements,
    comparisons: [versusClock],
    problems: findDisagreements(runs, messages),
    headline: [
      headline('transport messages', rateOf(measurements, 'transport'), 'messages/s'),
      comparisonHeadline('transport vs bare VirtualClock', versusClock),
    ],
  };
}

/**
 * `sessions` connections from 50 client hosts to one listener on port 1801; once all are
 * established, each side answers every message it receives with the same frame object, until
 * `messages` deliveries. Only the exchange is timed.
 */
function withTransport(sessions: number, messages: number): TransportRun {
  const clock = new VirtualClock({ epoch: fromTicks(0n), initialCapacity: sessions * 2 });
  const network = new Network({ clock, seed: SEED });
  network.addSegment('lan');
  network.addHost('qm', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.1.0.1'] }],
  });
  for (let host = 0; host < CLIENT_HOSTS; host++) {
    network.addHost(`client${host}`, {
      interfaces: [
        { name: 'eth0', segment: 'lan', addresses: [`10.2.${host >> 8}.${host & 0xff}`] },
      ],
    });
  }
  let remaining = messages;
  const echo = (session: Session<object>, frame: object): void => {
    if (--remaining === 0) clock.stop();
    session.send(frame, 256);
  };
  network.listen<object>(
    'qm',
    { address: 'any', port: 1801, process: 'mqsvc.exe' },
    { onData: echo },
  );
  const clients: Session<object>[] = [];
  for (let index = 0; index < sessions; index++) {
    clients.push(
      network.connect<object>(
        `client${index % CLIENT_HOSTS}`,
        { address: '10.1.0.1', port: 1801 },
        {},
        {
          onData: echo,
        },
      ),
    );
  }
  clock.run();
  const frame = { body: 'message' };
  const startTicks = clock.ticks();
  const start = performance.now();
  for (const client of clients) client.send(frame, 256);
  const ran = clock.run();
  const seconds = (performance.now() - start) / 1000;
  return { messages: ran, seconds, elapsedTicks: clock.ticks() - startTicks };
}

/** The floor: one `schedule` per message with the same delay and population, nothing else. */
function withBareClock(sessions: number, messages: number): TransportRun {
  const clock = new VirtualClock({ epoch: fromTicks(0n), initialCapacity: sessions * 2 });
  let remaining = messages;
  const deliver = (frame: object): void => {
    if (--remaining === 0) clock.stop();
    clock.schedule(LATENCY_TICKS, deliver, frame);
  };
  const frame = { body: 'message' };
  const start = performance.now();
  for (let index = 0; index < sessions; index++) clock.schedule(LATENCY_TICKS, deliver, frame);
  const ran = clock.run();
  const seconds = (performance.now() - start) / 1000;
  return { messages: ran, seconds, elapsedTicks: clock.ticks() };
}

// The same deliveries on the same delays must take the same simulated time; anything else
// means the transport did extra or different work.
function findDisagreements(
  runs: Readonly<Record<string, readonly TransportRun[]>>,
  messages: number,
): string[] {
  const problems: string[] = [];
  const spans = new Set<number>();
  for (const [implementation, timed] of Object.entries(runs)) {
    for (const run of timed) {
      if (run.messages !== messages) {
        problems.push(
          `${implementation} delivered ${run.messages} messages instead of ${messages}`,
        );
      }
      spans.add(run.elapsedTicks);
    }
  }
  if (spans.size > 1) {
    problems.push(`implementations spanned different simulated times: ${[...spans].join(', ')}`);
  }
  return problems;
}
