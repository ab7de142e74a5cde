import type { Clock, TimerId } from './clock.js';
import { toClockTicks } from './clock.js';
import { ScheduleError, SimulationEventError } from './errors.js';
import type { FileTime } from './file-time.js';
import { toIso } from './iso.js';

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Absolute time of tick 0, e.g. a scenario's start time. */
  readonly epoch: FileTime;
  /** Initial room for pending events; it grows by doubling. Default 1024. */
  readonly initialCapacity?: number;
}

// A TimerId packs a slot index and that slot's generation, so a stale id never cancels the
// event that later reuses its slot (until a slot is reused 2^27 times).
const SLOT_SPAN = 2 ** 26;
const GENERATION_SPAN = 2 ** 27;
const MAX_TICKS = Number.MAX_SAFE_INTEGER;
// Rebuild the heap once cancelled entries are more than half of it (and not trivially few).
const COMPACT_MIN = 64;

type Callback = (arg: unknown) => void;

/**
 * The discrete-event loop: a {@link Clock} whose time moves only when events run.
 *
 * Events are ordered by (time, scheduling sequence), so events due at the same tick run in the
 * order they were scheduled and every run is deterministic. Pending events live in a binary heap
 * over typed arrays; scheduling allocates nothing beyond what the caller passes, and cancelling is
 * O(1) (cancelled entries are skipped when they reach the top and compacted when they pile up).
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-11-23T00:00:00Z') });
 * const seen: string[] = [];
 * clock.schedule(20, () => seen.push('b'));
 * clock.schedule(10, () => seen.push('a'));
 * clock.run();
 * seen; // ['a', 'b']
 * clock.now().toString(); // '2026-11-23T00:00:00.0000020Z'
 * ```
 */
export class VirtualClock implements Clock {
  /** Absolute time of tick 0. */
  readonly epoch: FileTime;

  #now = 0;
  #sequence = 0;
  #size = 0;
  #times: Float64Array;
  #heapSlots: Int32Array;

  #callbacks: (Callback | undefined)[] = [];
  #args: unknown[] = [];
  #generations: Uint32Array;
  #slotSequences: Float64Array;
  #freeSlots: Int32Array;
  #freeCount = 0;
  #slotCount = 0;

  #cancelledInHeap = 0;
  #eventsRun = 0;
  #running = false;
  #stopRequested = false;

  constructor(options: VirtualClockOptions) {
    this.epoch = options.epoch;
    const capacity = Math.max(16, options.initialCapacity ?? 1024);
    this.#times = new Float64Array(capacity);
    this.#heapSlots = new Int32Array(capacity);
    this.#generations = new Uint32Array(capacity);
    this.#slotSequences = new Float64Array(capacity);
    this.#freeSlots = new Int32Array(capacity);
  }

  /** Ticks since `epoch`: the time of the event running now, or of the last one run. */
  ticks(): number {
    return this.#now;
  }

  /** The absolute time now. */
  now(): FileTime {
    return this.epoch.plus(this.#now);
  }

  /** Events waiting to run (cancelled ones excluded). */
  get pending(): number {
    return this.#size - this.#cancelledInHeap;
  }

  /** Events run since the clock was made. */
  get eventsRun(): number {
    return this.#eventsRun;
  }

  /**
   * Runs `callback` (with `arg`, if given) `delayTicks` from now.
   * @throws {ScheduleError} when the delay is negative, not a whole number, or lands past 2^53 ticks.
   */
  schedule(delayTicks: number, callback: () => void): TimerId;
  schedule<A>(delayTicks: number, callback: (arg: A) => void, arg: A): TimerId;
  schedule(delayTicks: number, callback: Callback, arg?: unknown): TimerId {
    if (!(delayTicks >= 0 && Number.isInteger(delayTicks))) {
      throw new ScheduleError(
        `delay ${String(delayTicks)} is not a whole, non-negative number of 100-ns ticks`,
        { value: delayTicks, allowed: 'an integer ≥ 0 (use parseDuration for text like 60m)' },
      );
    }
    return this.#insert(this.#now + delayTicks, callback, arg);
  }

  /**
   * Runs `callback` (with `arg`, if given) at tick `atTicks` since `epoch`.
   * @throws {ScheduleError} when `atTicks` is before now or not a whole number.
   */
  scheduleAt(atTicks: number, callback: () => void): TimerId;
  scheduleAt<A>(atTicks: number, callback: (arg: A) => void, arg: A): TimerId;
  scheduleAt(atTicks: number, callback: Callback, arg?: unknown): TimerId {
    if (!(atTicks >= this.#now && Number.isInteger(atTicks))) {
      throw new ScheduleError(
        `tick ${String(atTicks)} is not a whole tick at or after now (tick ${this.#now})`,
        { value: atTicks, allowed: `an integer ≥ ${this.#now}` },
      );
    }
    return this.#insert(atTicks, callback, arg);
  }

  /**
   * Runs `callback` at the absolute time `time`, or now if that has passed.
   * @throws {FileTimeRangeError} when `time` is more than 2^53 ticks from the epoch.
   */
  scheduleAtTime(time: FileTime, callback: () => void): TimerId {
    return this.#insert(
      Math.max(this.#now, toClockTicks(this, time)),
      callback as Callback,
      undefined,
    );
  }

  /** Cancels a pending event; `true` if it was pending, `false` if it already ran or was cancelled. */
  cancel(id: TimerId): boolean {
    const slot = id % SLOT_SPAN;
    if (!(slot >= 0 && slot < this.#slotCount)) return false;
    if (this.#generations[slot] !== Math.floor(id / SLOT_SPAN)) return false;
    if (this.#callbacks[slot] === undefined) return false;
    this.#callbacks[slot] = undefined;
    this.#args[slot] = undefined;
    this.#cancelledInHeap++;
    if (this.#cancelledInHeap >= COMPACT_MIN && this.#cancelledInHeap * 2 > this.#size) {
      this.#compact();
    }
    return true;
  }

  /**
   * Runs the next event, moving time to it.
   * @returns `false` when there was nothing to run.
   * @throws {SimulationEventError} when the event throws; its message names the event's time.
   */
  step(): boolean {
    // Mark the event as running so that run()/runUntil() called from it throws, also when
    // the event was started by step() rather than by run().
    const wasRunning = this.#running;
    this.#running = true;
    try {
      while (this.#size > 0) {
        if (this.#runTop()) return true;
      }
      return false;
    } finally {
      this.#running = wasRunning;
    }
  }

  /**
   * Removes the earliest entry and runs it, moving time to it; `false` when it was a cancelled
   * one. Shared by step() and the run loop, which checks the top once per event.
   */
  #runTop(): boolean {
    const time = this.#times[0] as number;
    const slot = this.#heapSlots[0] as number;
    this.#removeTop();
    const callback = this.#callbacks[slot];
    if (callback === undefined) {
      this.#cancelledInHeap--;
      this.#freeSlot(slot);
      return false;
    }
    const arg = this.#args[slot];
    this.#callbacks[slot] = undefined;
    this.#args[slot] = undefined;
    this.#freeSlot(slot);
    this.#now = time;
    this.#eventsRun++;
    try {
      callback(arg);
    } catch (error) {
      throw this.#eventError(time, error);
    }
    return true;
  }

  /**
   * Runs events until none are left or {@link stop} is called.
   * @returns the number of events run.
   * @throws {SimulationEventError} when an event throws.
   */
  run(): number {
    return this.#drive(Number.POSITIVE_INFINITY);
  }

  /**
   * Runs every event due at or before tick `untilTicks`, then sets the time to `untilTicks`
   * (unless {@link stop} was called, which leaves time at the last event run).
   * @returns the number of events run.
   * @throws {ScheduleError} when `untilTicks` is before now, not a whole tick, or past 2^53 − 1;
   *   also when called from inside an event.
   */
  runUntil(untilTicks: number): number {
    if (!(Number.isInteger(untilTicks) && untilTicks >= this.#now && untilTicks <= MAX_TICKS)) {
      const why =
        untilTicks < this.#now
          ? `it is before now (tick ${this.#now})`
          : `it is not a whole tick from now (tick ${this.#now}) to 2^53 − 1`;
      throw new ScheduleError(`cannot run until tick ${untilTicks}: ${why}`, {
        value: untilTicks,
        allowed: `a tick from ${this.#now} to 2^53 − 1`,
      });
    }
    const count = this.#drive(untilTicks);
    if (!this.#stopRequested) this.#now = untilTicks;
    return count;
  }

  /** Like {@link runUntil}, for an absolute time. */
  runUntilTime(time: FileTime): number {
    return this.runUntil(toClockTicks(this, time));
  }

  /** Runs events for `durationTicks` from now: `runUntil(ticks() + durationTicks)`. */
  runFor(durationTicks: number): number {
    return this.runUntil(this.#now + durationTicks);
  }

  /** Makes the current `run`/`runUntil` return after the event that is running now. */
  stop(): void {
    this.#stopRequested = true;
  }

  #drive(limit: number): number {
    if (this.#running) {
      throw new ScheduleError('run() was called from inside an event; schedule instead', {
        allowed: 'call run, runUntil or runFor only from outside event callbacks',
      });
    }
    this.#running = true;
    this.#stopRequested = false;
    const before = this.#eventsRun;
    try {
      while (!this.#stopRequested && this.#size > 0) {
        // Past the limit, stop at a live event but still drop cancelled ones, so slots (and
        // therefore timer ids) are reused exactly as before.
        if (
          (this.#times[0] as number) > limit &&
          this.#callbacks[this.#heapSlots[0] as number] !== undefined
        ) {
          break;
        }
        this.#runTop();
      }
    } finally {
      this.#running = false;
    }
    return this.#eventsRun - before;
  }

  #insert(time: number, callback: Callback, arg: unknown): TimerId {
    if (time > MAX_TICKS) {
      throw new ScheduleError(`tick ${time} is past the simulation clock's exact range`, {
        value: time,
        allowed: 'times up to 2^53 − 1 ticks (about 28.5 years) after the epoch',
      });
    }
    if (typeof callback !== 'function') {
      throw new ScheduleError('the event callback is not a function', {
        value: callback,
        allowed: 'a function',
      });
    }
    const slot = this.#allocateSlot();
    this.#callbacks[slot] = callback;
    this.#args[slot] = arg;
    this.#slotSequences[slot] = this.#sequence++;
    if (this.#size === this.#times.length) this.#growHeap();
    this.#siftUp(this.#size++, time, slot);
    return (this.#generations[slot] as number) * SLOT_SPAN + slot;
  }

  // The new event has the highest sequence of all, so it goes after every entry at its time:
  // time alone decides.
  #siftUp(start: number, time: number, slot: number): void {
    const times = this.#times;
    const heapSlots = this.#heapSlots;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime <= time) break;
      times[index] = parentTime;
      heapSlots[index] = heapSlots[parent] as number;
      index = parent;
    }
    times[index] = time;
    heapSlots[index] = slot;
  }

  #removeTop(): void {
    const size = --this.#size;
    if (size === 0) return;
    this.#siftDown(0, size, this.#times[size] as number, this.#heapSlots[size] as number);
  }

  // Sequences live per slot and are read only on equal times, so sifting moves 12 bytes per
  // entry instead of 20.
  #siftDown(start: number, size: number, time: number, slot: number): void {
    const times = this.#times;
    const heapSlots = this.#heapSlots;
    const sequences = this.#slotSequences;
    let index = start;
    const half = size >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (right < size) {
        const leftTime = times[child] as number;
        const rightTime = times[right] as number;
        // Which child is earlier is a coin toss the branch predictor loses half the time;
        // adding the comparison as 0 or 1 takes no branch (sequences are read only on a tie).
        child +=
          Number(rightTime < leftTime) |
          Number(
            rightTime === leftTime &&
              (sequences[heapSlots[right] as number] as number) <
                (sequences[heapSlots[child] as number] as number),
          );
      }
      const childTime = times[child] as number;
      const childSlot = heapSlots[child] as number;
      if (
        time < childTime ||
        (time === childTime && (sequences[slot] as number) < (sequences[childSlot] as number))
      ) {
        break;
      }
      times[index] = childTime;
      heapSlots[index] = childSlot;
      index = child;
    }
    times[index] = time;
    heapSlots[index] = slot;
  }

  /** Drops cancelled entries and re-heapifies (Floyd), keeping the (time, sequence) order. */
  #compact(): void {
    const times = this.#times;
    const heapSlots = this.#heapSlots;
    let kept = 0;
    for (let index = 0; index < this.#size; index++) {
      const slot = heapSlots[index] as number;
      if (this.#callbacks[slot] === undefined) {
        this.#freeSlot(slot);
        continue;
      }
      times[kept] = times[index] as number;
      heapSlots[kept] = slot;
      kept++;
    }
    this.#size = kept;
    this.#cancelledInHeap = 0;
    for (let index = (kept >> 1) - 1; index >= 0; index--) {
      this.#siftDown(index, kept, times[index] as number, heapSlots[index] as number);
    }
  }

  #allocateSlot(): number {
    if (this.#freeCount > 0) return this.#freeSlots[--this.#freeCount] as number;
    const slot = this.#slotCount++;
    if (slot >= SLOT_SPAN) {
      throw new ScheduleError(`more than ${SLOT_SPAN} events are pending at once`, {
        value: slot,
        allowed: `at most ${SLOT_SPAN} pending events`,
      });
    }
    if (slot >= this.#generations.length) {
      const generations = new Uint32Array(this.#generations.length * 2);
      generations.set(this.#generations);
      this.#generations = generations;
      const freeSlots = new Int32Array(this.#freeSlots.length * 2);
      freeSlots.set(this.#freeSlots);
      this.#freeSlots = freeSlots;
      const slotSequences = new Float64Array(this.#slotSequences.length * 2);
      slotSequences.set(this.#slotSequences);
      this.#slotSequences = slotSequences;
    }
    return slot;
  }

  #freeSlot(slot: number): void {
    this.#generations[slot] = ((this.#generations[slot] as number) + 1) % GENERATION_SPAN;
    this.#freeSlots[this.#freeCount++] = slot;
  }

  #growHeap(): void {
    const capacity = this.#times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.#times);
    this.#times = times;
    const heapSlots = new Int32Array(capacity);
    heapSlots.set(this.#heapSlots);
    this.#heapSlots = heapSlots;
  }

  #eventError(time: number, error: unknown): SimulationEventError {
    const iso = toIso(this.epoch.plus(time));
    const reason = error instanceof Error ? error.message : String(error);
    return new SimulationEventError(
      `event at ${iso} (tick ${time}) threw: ${reason}`,
      time,
      iso,
      error,
    );
  }
}
