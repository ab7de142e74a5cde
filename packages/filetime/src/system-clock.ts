import type { Clock, TimerId } from './clock.js';
import { TICKS_PER_MILLISECOND, UNIX_EPOCH_TICKS } from './constants.js';
import { ScheduleError } from './errors.js';
import { FileTime } from './file-time.js';

/** Options for {@link SystemClock}. */
export interface SystemClockOptions {
  /** Let the process exit while timers are pending (Node's `timer.unref()`). Default `false`. */
  readonly unref?: boolean;
}

// setTimeout fires at once for delays above 2^31 − 1 ms (about 24.8 days); MSMQ's enterprise
// list interval alone is 28 days, so long timers are chained in chunks no longer than this.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

type Callback = (arg: unknown) => void;

/**
 * The real-time {@link Clock}: `now()` from the system clock, ticks from the monotonic
 * `performance.now()`, timers from `setTimeout` (chained past Node's 24.8-day limit).
 * The only place in mqsim that reads the wall clock.
 *
 * @example
 * ```ts
 * const clock = new SystemClock({ unref: true });
 * clock.schedule(10_000_000, () => console.log('one second later', clock.now().toString()));
 * ```
 */
export class SystemClock implements Clock {
  /** The absolute time the clock was made. */
  readonly epoch: FileTime;
  readonly #startMilliseconds: number;
  readonly #unref: boolean;
  readonly #timers = new Map<TimerId, ReturnType<typeof setTimeout>>();
  #nextId = 1;

  constructor(options: SystemClockOptions = {}) {
    this.#unref = options.unref ?? false;
    this.#startMilliseconds = performance.now();
    const unixMilliseconds = performance.timeOrigin + this.#startMilliseconds;
    const whole = Math.floor(unixMilliseconds);
    const fraction = Math.floor((unixMilliseconds - whole) * 10_000);
    this.epoch = new FileTime(
      UNIX_EPOCH_TICKS + BigInt(whole) * TICKS_PER_MILLISECOND + BigInt(fraction),
    );
  }

  /** Ticks since the clock was made, from the monotonic clock (never goes back). */
  ticks(): number {
    return Math.floor((performance.now() - this.#startMilliseconds) * 10_000);
  }

  /** The absolute time now. */
  now(): FileTime {
    return this.epoch.plus(this.ticks());
  }

  /**
   * Runs `callback` after `delayTicks` of real time (rounded up to Node's millisecond timers).
   * @throws {ScheduleError} when the delay is negative or not a whole number.
   */
  schedule(delayTicks: number, callback: () => void): TimerId;
  schedule<A>(delayTicks: number, callback: (arg: A) => void, arg: A): TimerId;
  schedule(delayTicks: number, callback: Callback, arg?: unknown): TimerId {
    if (!(delayTicks >= 0 && Number.isSafeInteger(delayTicks))) {
      throw new ScheduleError(
        `delay ${String(delayTicks)} is not a whole, non-negative number of 100-ns ticks`,
        { value: delayTicks, allowed: 'an integer ≥ 0' },
      );
    }
    return this.#arm(this.#nextId++, this.ticks() + delayTicks, callback, arg);
  }

  /**
   * Runs `callback` at tick `atTicks` since the epoch (at once if that has passed).
   * @throws {ScheduleError} when `atTicks` is not a whole number.
   */
  scheduleAt(atTicks: number, callback: () => void): TimerId;
  scheduleAt<A>(atTicks: number, callback: (arg: A) => void, arg: A): TimerId;
  scheduleAt(atTicks: number, callback: Callback, arg?: unknown): TimerId {
    if (!Number.isSafeInteger(atTicks)) {
      throw new ScheduleError(`tick ${String(atTicks)} is not a whole number of ticks`, {
        value: atTicks,
        allowed: 'a safe integer',
      });
    }
    return this.#arm(this.#nextId++, atTicks, callback, arg);
  }

  /** Cancels a pending timer; `true` if it was pending. */
  cancel(id: TimerId): boolean {
    const timer = this.#timers.get(id);
    if (timer === undefined) return false;
    clearTimeout(timer);
    this.#timers.delete(id);
    return true;
  }

  #arm(id: TimerId, dueTicks: number, callback: Callback, arg: unknown): TimerId {
    const remainingMs = Math.max(0, Math.ceil((dueTicks - this.ticks()) / 10_000));
    const timer = setTimeout(
      () => {
        if (dueTicks > this.ticks()) {
          this.#arm(id, dueTicks, callback, arg);
          return;
        }
        this.#timers.delete(id);
        callback(arg);
      },
      Math.min(remainingMs, MAX_TIMEOUT_MS),
    );
    if (this.#unref) timer.unref();
    this.#timers.set(id, timer);
    return id;
  }
}
