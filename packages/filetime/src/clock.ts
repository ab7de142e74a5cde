import { FileTimeRangeError } from './errors.js';
import type { FileTime } from './file-time.js';

/** A handle to a scheduled callback, for {@link Clock.cancel}. A plain number, so scheduling allocates nothing. */
export type TimerId = number;

/**
 * Time and timers, the one thing components need from the outside world.
 *
 * Inside a clock, time is a `number` of 100-ns ticks since the clock's `epoch` (exact up to 2^53
 * ticks, about 28.5 years); absolute time is a {@link FileTime} at the edges (`now()`, `epoch`).
 * {@link VirtualClock} implements it as a discrete-event simulation, {@link SystemClock} in real time,
 * so the same component runs in either.
 */
export interface Clock {
  /** The absolute time at tick 0. */
  readonly epoch: FileTime;
  /** Ticks elapsed since `epoch`. */
  ticks(): number;
  /** The absolute time now: `epoch` plus `ticks()`. */
  now(): FileTime;
  /** Runs `callback` after `delayTicks` (a whole number ≥ 0); callbacks due at the same tick run in scheduling order. */
  schedule(delayTicks: number, callback: () => void): TimerId;
  /** Runs `callback(arg)` after `delayTicks`; passing `arg` lets hot paths reuse one function instead of allocating closures. */
  schedule<A>(delayTicks: number, callback: (arg: A) => void, arg: A): TimerId;
  /** Runs `callback` at tick `atTicks` since `epoch` (not before `ticks()`). */
  scheduleAt(atTicks: number, callback: () => void): TimerId;
  /** Runs `callback(arg)` at tick `atTicks` since `epoch`. */
  scheduleAt<A>(atTicks: number, callback: (arg: A) => void, arg: A): TimerId;
  /** Cancels a pending timer; `true` if it was pending, `false` if it already ran or was cancelled. */
  cancel(id: TimerId): boolean;
}

/**
 * The clock tick at which `time` falls (negative when it is before the clock's epoch).
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-01-01T00:00:00Z') });
 * toClockTicks(clock, fromIso('2026-01-01T00:00:01Z')); // 10000000
 * ```
 * @throws {FileTimeRangeError} when the distance exceeds 2^53 ticks.
 */
export function toClockTicks(clock: Pick<Clock, 'epoch'>, time: FileTime): number {
  const ticks = time.ticks - clock.epoch.ticks;
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  if (ticks > limit || ticks < -limit) {
    throw new FileTimeRangeError(
      `${time.toString()} is more than 2^53 ticks (about 28.5 years) from the clock's epoch ${clock.epoch.toString()}`,
      { value: time.ticks, allowed: 'a time within ±2^53 ticks of the clock epoch' },
    );
  }
  return Number(ticks);
}

/**
 * The absolute time of clock tick `ticks`.
 * @throws {FileTimeRangeError} when the result is outside the FILETIME range.
 */
export function fromClockTicks(clock: Pick<Clock, 'epoch'>, ticks: number): FileTime {
  return clock.epoch.plus(ticks);
}
