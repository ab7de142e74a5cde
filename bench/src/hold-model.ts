/**
 * The classic HOLD model: a fixed population of pending events; each event, when it runs,
 * schedules one successor a random delay later, so the queue size stays constant while time
 * advances. Every implementation replays the same precomputed delays — delay i is consumed by
 * the i-th scheduling — so they run the same events in the same order and end on the same tick.
 */
import { fromTicks, VirtualClock } from '@mqsim/filetime';
import { BareHeap } from './bare-heap.js';

/** One timed run of the HOLD model. */
export interface HoldRun {
  /** Events run inside the timed region (the initial population is scheduled before it). */
  readonly events: number;
  /** Wall-clock seconds of the timed region. */
  readonly seconds: number;
  /** Simulation time of the last event run: equal across implementations when they agree. */
  readonly finalTicks: number;
}

/** A HOLD implementation: schedules `population` events, then times `events` more. */
export type HoldImplementation = (
  delays: Float64Array,
  population: number,
  events: number,
) => HoldRun;

/**
 * Runs the HOLD model on `@mqsim/filetime`'s {@link VirtualClock}: one shared callback that
 * schedules its successor, and `stop()` after the `events`-th event.
 *
 * @example
 * ```ts
 * holdWithVirtualClock(new Float64Array([5, 3, 4]), 2, 1); // { events: 1, seconds: …, finalTicks: 3 }
 * ```
 */
export function holdWithVirtualClock(
  delays: Float64Array,
  population: number,
  events: number,
): HoldRun {
  const clock = new VirtualClock({ epoch: fromTicks(0n), initialCapacity: population });
  let position = 0;
  let remaining = events;
  const hold = (): void => {
    clock.schedule(delays[position++] as number, hold);
    if (--remaining === 0) clock.stop();
  };
  while (position < population) clock.schedule(delays[position++] as number, hold);
  const start = performance.now();
  const ran = clock.run();
  const seconds = (performance.now() - start) / 1000;
  return { events: ran, seconds, finalTicks: clock.ticks() };
}

/**
 * Runs the HOLD model on {@link BareHeap}: pop the earliest time, push it plus the next delay.
 *
 * @example
 * ```ts
 * holdWithBareHeap(new Float64Array([5, 3, 4]), 2, 1); // { events: 1, seconds: …, finalTicks: 3 }
 * ```
 */
export function holdWithBareHeap(
  delays: Float64Array,
  population: number,
  events: number,
): HoldRun {
  const heap = new BareHeap(population);
  let position = 0;
  while (position < population) heap.push(delays[position++] as number);
  let now = 0;
  const start = performance.now();
  for (let count = 0; count < events; count++) {
    now = heap.pop();
    heap.push(now + (delays[position++] as number));
  }
  const seconds = (performance.now() - start) / 1000;
  return { events, seconds, finalTicks: now };
}
