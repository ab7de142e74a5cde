/**
 * The HOLD case: `@mqsim/filetime`'s VirtualClock against a bare typed-array heap and SimPy,
 * on one precomputed delay sequence, with the targets from the design (≥ 8× SimPy, ≥ 0.8× the
 * bare heap).
 */
import type { BenchCase, BenchSettings } from './bench-case.js';
import {
  type HoldImplementation,
  type HoldRun,
  holdWithBareHeap,
  holdWithVirtualClock,
} from './hold-model.js';
import { measureRounds, median } from './measure.js';
import { createExponentialDelays } from './random-delays.js';
import { type CaseResult, compare, comparisonHeadline, type Measurement } from './report.js';
import { holdWithSimPy } from './simpy.js';

// 2 M events is 0.1–0.5 s per JS round and a few seconds per SimPy round: long enough that
// timer resolution and JIT tiering are noise, short enough that `pnpm bench` takes ~2–3 minutes.
const EVENTS = 2_000_000;
// One untimed round first, so V8 has optimised the hot loops before timing. What it takes is
// a fixed amount of work, not a share of the workload, so --scale leaves it alone.
const WARM_UP_EVENTS = 200_000;
// 0.1 s: a plausible timer in the simulator; rounding to whole ticks makes some delays 0, so
// same-tick ordering is exercised too.
const MEAN_DELAY_TICKS = 1_000_000;
const SEED = 0x6d71_7369;

const JS_IMPLEMENTATIONS: Readonly<Record<string, HoldImplementation>> = {
  VirtualClock: holdWithVirtualClock,
  'bare heap': holdWithBareHeap,
};

/**
 * The HOLD case with `population` events pending at all times.
 *
 * @example
 * ```ts
 * createHoldCase(1_000).run({ rounds: 3, scale: 1, simpy: findSimPy() }).comparisons;
 * ```
 */
export function createHoldCase(population: number): BenchCase {
  const name = `hold N=${population.toLocaleString('en-US')}`;
  return { name, run: (settings) => runHold(name, population, settings) };
}

function runHold(name: string, population: number, settings: BenchSettings): CaseResult {
  const events = Math.max(1, Math.round(EVENTS * settings.scale));
  const warmUpEvents = WARM_UP_EVENTS;
  const delays = createExponentialDelays({
    seed: SEED,
    meanTicks: MEAN_DELAY_TICKS,
    count: population + Math.max(events, warmUpEvents),
  });
  const runs: Record<string, HoldRun[]> = measureRounds(
    JS_IMPLEMENTATIONS,
    (implementation) => implementation(delays, population, warmUpEvents),
    (implementation) => implementation(delays, population, events),
    settings.rounds,
  );
  const measurements: Measurement[] = Object.entries(runs).map(([implementation, timed]) =>
    toMeasurement(implementation, timed),
  );

  if (settings.simpy.available) {
    try {
      const timed = holdWithSimPy({
        delays,
        population,
        events,
        warmUpEvents,
        rounds: settings.rounds,
      });
      runs.SimPy = timed;
      measurements.push(toMeasurement('SimPy', timed));
    } catch (error) {
      measurements.push({
        implementation: 'SimPy',
        rate: undefined,
        samples: [],
        note: String(error),
      });
    }
  } else {
    measurements.push({
      implementation: 'SimPy',
      rate: undefined,
      samples: [],
      note: settings.simpy.reason,
    });
  }

  const versusSimPy = compare(measurements, 'VirtualClock', 'SimPy', 8);
  const versusHeap = compare(measurements, 'VirtualClock', 'bare heap', 0.8);
  const n = `N=${population.toLocaleString('en-US')}`;
  return {
    name,
    description: `${events.toLocaleString('en-US')} events per round after a ${warmUpEvents.toLocaleString('en-US')}-event warm-up; exponential delays, mean ${MEAN_DELAY_TICKS.toLocaleString('en-US')} ticks`,
    unit: 'events/s',
    parameters: { population, events, warmUpEvents, meanDelayTicks: MEAN_DELAY_TICKS, seed: SEED },
    measurements,
    comparisons: [versusSimPy, versusHeap],
    problems: findDisagreements(runs, events),
    headline: [
      comparisonHeadline(`scheduler vs SimPy 3, ${n}`, versusSimPy),
      comparisonHeadline(`scheduler vs bare heap, ${n}`, versusHeap),
    ],
  };
}

function toMeasurement(implementation: string, timed: readonly HoldRun[]): Measurement {
  const samples = timed.map((run) => run.events / run.seconds);
  return { implementation, rate: median(samples), samples };
}

// Identical delays consumed in identical (time, sequence) order must end on the same tick after
// the same number of events; anything else means the implementations did different work.
function findDisagreements(runs: Readonly<Record<string, readonly HoldRun[]>>, events: number) {
  const problems: string[] = [];
  const finals = new Set<number>();
  for (const [implementation, timed] of Object.entries(runs)) {
    for (const run of timed) {
      if (run.events !== events) {
        problems.push(`${implementation} ran ${run.events} events instead of ${events}`);
      }
      finals.add(run.finalTicks);
    }
  }
  if (finals.size > 1) {
    problems.push(`implementations ended on different ticks: ${[...finals].join(', ')}`);
  }
  return problems;
}
