import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileTime, SystemClock } from './index.js';

const START = Date.UTC(2026, 10, 23);
const MILLISECOND = 10_000;
const DAY = 86_400_000 * MILLISECOND;
/** Node's setTimeout fires at once for delays above this many milliseconds. */
const TIMEOUT_MAX_MS = 2 ** 31 - 1;

describe('SystemClock', () => {
  describe('with fake timers', () => {
    beforeEach(() => {
      vi.useFakeTimers({
        now: START,
        toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'],
      });
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    it('takes its epoch from the system clock and its ticks from the monotonic clock', () => {
      const clock = new SystemClock();
      expect(clock.epoch.toString()).toBe('2026-11-23T00:00:00.0000000Z');
      expect([clock.ticks(), clock.now()]).toEqual([0, clock.epoch]);
      vi.advanceTimersByTime(1_500);
      expect([clock.ticks(), clock.now().toString()]).toEqual([
        15_000_000,
        '2026-11-23T00:00:01.5000000Z',
      ]);
    });

    it('runs a timer once its delay has passed, not before', () => {
      const clock = new SystemClock();
      const fired: number[] = [];
      clock.schedule(1_000 * MILLISECOND, () => fired.push(clock.ticks()));
      vi.advanceTimersByTime(999);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual([1_000 * MILLISECOND]);
      vi.advanceTimersByTime(10_000);
      expect(fired).toEqual([1_000 * MILLISECOND]);
    });

    it('rounds a sub-millisecond delay up rather than firing early', () => {
      const clock = new SystemClock();
      const fired: number[] = [];
      clock.schedule(1, () => fired.push(clock.ticks()));
      clock.schedule(MILLISECOND + 1, () => fired.push(clock.ticks()));
      vi.advanceTimersByTime(5);
      expect(fired).toEqual([MILLISECOND, 2 * MILLISECOND]);
    });

    it('passes the argument it was given, and runs same-time timers in scheduling order', () => {
      const clock = new SystemClock();
      const seen: string[] = [];
      const record = (label: string) => seen.push(label);
      clock.schedule(10 * MILLISECOND, record, 'first');
      clock.schedule(10 * MILLISECOND, record, 'second');
      clock.schedule(5 * MILLISECOND, record, 'earlier');
      vi.advanceTimersByTime(10);
      expect(seen).toEqual(['earlier', 'first', 'second']);
    });

    it('runs a timer scheduled at a tick that has passed at once', () => {
      const clock = new SystemClock();
      vi.advanceTimersByTime(100);
      const fired: number[] = [];
      clock.scheduleAt(10 * MILLISECOND, () => fired.push(clock.ticks()));
      vi.advanceTimersByTime(0);
      expect(fired).toEqual([100 * MILLISECOND]);
    });

    it('runs a timer scheduled at a future tick at that tick', () => {
      const clock = new SystemClock();
      const fired: number[] = [];
      clock.scheduleAt(250 * MILLISECOND, () => fired.push(clock.ticks()));
      vi.advanceTimersByTime(249);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual([250 * MILLISECOND]);
    });

    it('cancels a pending timer: true once, then false, and it never runs', () => {
      const clock = new SystemClock();
      const fired: string[] = [];
      const id = clock.schedule(10 * MILLISECOND, () => fired.push('cancelled'));
      clock.schedule(20 * MILLISECOND, () => fired.push('kept'));
      expect(clock.cancel(id)).toBe(true);
      expect(clock.cancel(id)).toBe(false);
      vi.advanceTimersByTime(1_000);
      expect(fired).toEqual(['kept']);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('returns false when cancelling a timer that already ran or never existed', () => {
      const clock = new SystemClock();
      const id = clock.schedule(MILLISECOND, () => {});
      vi.advanceTimersByTime(1);
      expect([clock.cancel(id), clock.cancel(12_345)]).toEqual([false, false]);
    });

    it('does not fire a 40-day timer early, though setTimeout alone would after 1 ms', () => {
      const fortyDaysMs = 40 * 86_400_000;
      expect(fortyDaysMs).toBeGreaterThan(TIMEOUT_MAX_MS);
      // The bug being guarded against: a plain setTimeout past 2^31 − 1 ms fires almost at once.
      const raw = vi.fn();
      setTimeout(raw, fortyDaysMs);
      vi.advanceTimersByTime(1);
      expect(raw).toHaveBeenCalledTimes(1);

      const clock = new SystemClock();
      const fired: number[] = [];
      clock.schedule(40 * DAY, () => fired.push(clock.ticks()));
      // Hop timer by timer first, so a regression fails here instead of spinning 1-ms timeouts.
      vi.advanceTimersToNextTimer();
      expect([fired.slice(), clock.ticks()]).toEqual([[], TIMEOUT_MAX_MS * MILLISECOND]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(fortyDaysMs - (TIMEOUT_MAX_MS + 1) - 1);
      expect(fired).toEqual([]);
      expect(clock.ticks()).toBe(40 * DAY - MILLISECOND);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual([40 * DAY]);
    });

    it('fires a 100-day timer at 100 days, across several chained timeouts', () => {
      const clock = new SystemClock();
      const fired: string[] = [];
      clock.schedule(100 * DAY, () => fired.push(clock.now().toString()));
      const hops: number[] = [];
      while (fired.length === 0 && hops.length < 10) {
        vi.advanceTimersToNextTimer();
        hops.push(clock.ticks() / MILLISECOND);
      }
      // 100 days = 8 640 000 000 ms: four full 2^31 − 1 ms timeouts, then the remainder.
      expect(hops).toEqual([1, 2, 3, 4, 5].map((n) => Math.min(n * TIMEOUT_MAX_MS, 8_640_000_000)));
      expect(fired).toEqual(['2027-03-03T00:00:00.0000000Z']);
      expect(new Date(START + 100 * 86_400_000).toISOString()).toBe('2027-03-03T00:00:00.000Z');
    });

    it('fires a 100-day timer neither a millisecond early nor late', () => {
      const clock = new SystemClock();
      const fired: string[] = [];
      clock.schedule(100 * DAY, () => fired.push(clock.now().toString()));
      vi.advanceTimersToNextTimer();
      expect(clock.ticks()).toBe(TIMEOUT_MAX_MS * MILLISECOND);
      vi.advanceTimersByTime(100 * 86_400_000 - TIMEOUT_MAX_MS - 1);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(['2027-03-03T00:00:00.0000000Z']);
      expect(new Date(START + 100 * 86_400_000).toISOString()).toBe('2027-03-03T00:00:00.000Z');
    });

    it('cancels a long timer after its first chunk has elapsed', () => {
      const clock = new SystemClock();
      const fired = vi.fn();
      const id = clock.schedule(40 * DAY, fired);
      vi.advanceTimersToNextTimer();
      expect(clock.ticks()).toBe(TIMEOUT_MAX_MS * MILLISECOND);
      expect(clock.cancel(id)).toBe(true);
      vi.advanceTimersByTime(40 * 86_400_000);
      expect(fired).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('still fires with unref: true', () => {
      const clock = new SystemClock({ unref: true });
      const fired = vi.fn();
      clock.schedule(MILLISECOND, fired);
      vi.advanceTimersByTime(1);
      expect(fired).toHaveBeenCalledTimes(1);
    });

    it('never goes back in time', () => {
      const clock = new SystemClock();
      const seen: bigint[] = [];
      for (const step of [0, 1, 0, 7, 1_000, 0, 86_400_000]) {
        vi.advanceTimersByTime(step);
        seen.push(clock.now().ticks);
      }
      expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(seen.at(-1)).toBe(clock.epoch.ticks + 864_010_080_000n);
    });
  });

  it('rejects a negative, fractional, unsafe or non-finite delay with ScheduleError', () => {
    const clock = new SystemClock({ unref: true });
    for (const delay of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => clock.schedule(delay, () => {})).toThrow(
        expect.objectContaining({
          name: 'ScheduleError',
          code: 'ERR_SCHEDULE',
          message: `delay ${delay} is not a whole, non-negative number of 100-ns ticks`,
          value: delay,
          allowed: 'an integer ≥ 0',
        }),
      );
    }
    for (const tick of [0.5, Number.NaN]) {
      expect(() => clock.scheduleAt(tick, () => {})).toThrow(
        expect.objectContaining({
          name: 'ScheduleError',
          message: `tick ${tick} is not a whole number of ticks`,
          allowed: 'a safe integer',
        }),
      );
    }
  });

  it('runs a timer with real timers, never before it is due', async () => {
    const clock = new SystemClock({ unref: true });
    const due = clock.ticks() + 2 * MILLISECOND;
    const firedAt = await new Promise<number>((resolve) => {
      clock.scheduleAt(due, () => resolve(clock.ticks()));
    });
    expect(firedAt).toBeGreaterThanOrEqual(due);
  });

  it('cancels a real timer', async () => {
    const clock = new SystemClock({ unref: true });
    const fired: string[] = [];
    const id = clock.schedule(MILLISECOND, () => fired.push('cancelled'));
    expect(clock.cancel(id)).toBe(true);
    await new Promise<void>((resolve) => clock.schedule(5 * MILLISECOND, resolve));
    expect(fired).toEqual([]);
  });

  it('reads a real now() that never goes back and is close to Date.now()', () => {
    const clock = new SystemClock();
    const before = BigInt(Date.now()) * 10_000n + 116_444_736_000_000_000n;
    const readings = Array.from({ length: 1_000 }, () => clock.now().ticks);
    for (let index = 1; index < readings.length; index++) {
      expect((readings[index] ?? 0n) >= (readings[index - 1] ?? 0n)).toBe(true);
    }
    expect(clock.now()).toBeInstanceOf(FileTime);
    // Same clock source as Date within a generous second, so this is no timing assertion.
    const first = readings[0] ?? 0n;
    expect(first > before - 10_000_000n && first < before + 10_000_000n).toBe(true);
  });
});
