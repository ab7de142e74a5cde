import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Clock,
  FileTime,
  FileTimeRangeError,
  fromClockTicks,
  fromIso,
  SystemClock,
  toClockTicks,
  VirtualClock,
} from './index.js';

const MAX = 2n ** 64n - 1n;
const LIMIT = 2n ** 53n - 1n;
const epochs = fc.bigInt({ min: 0n, max: MAX }).map((ticks) => ({ epoch: new FileTime(ticks) }));

describe('toClockTicks', () => {
  it('matches its documented example', () => {
    const clock = new VirtualClock({ epoch: fromIso('2026-01-01T00:00:00Z') });
    expect(toClockTicks(clock, fromIso('2026-01-01T00:00:01Z'))).toBe(10_000_000);
  });

  it('counts ticks from the epoch, negative before it', () => {
    const clock = { epoch: new FileTime(1_000n) };
    expect([
      toClockTicks(clock, new FileTime(1_000n)),
      toClockTicks(clock, new FileTime(1_500n)),
      toClockTicks(clock, new FileTime(0n)),
    ]).toEqual([0, 500, -1_000]);
  });

  it('is the inverse of fromClockTicks within ±(2^53 − 1) ticks of the epoch', () => {
    fc.assert(
      fc.property(epochs, fc.bigInt({ min: -LIMIT, max: LIMIT }), (clock, offset) => {
        const target = clock.epoch.ticks + offset;
        fc.pre(target >= 0n && target <= MAX);
        const ticks = toClockTicks(clock, new FileTime(target));
        expect(ticks).toBe(Number(offset));
        expect(fromClockTicks(clock, ticks).ticks).toBe(target);
      }),
    );
  });

  it('rejects a time 2^53 ticks or more from the epoch, either way', () => {
    const clock = { epoch: new FileTime(2n ** 60n) };
    for (const ticks of [2n ** 60n + 2n ** 53n, 2n ** 60n - 2n ** 53n]) {
      expect(() => toClockTicks(clock, new FileTime(ticks))).toThrow(
        expect.objectContaining({
          name: 'FileTimeRangeError',
          code: 'ERR_FILETIME_RANGE',
          value: ticks,
          allowed: 'a time within ±2^53 ticks of the clock epoch',
        }),
      );
    }
    expect(toClockTicks(clock, new FileTime(2n ** 60n + LIMIT))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('names both instants in the range error', () => {
    const clock = { epoch: new FileTime(0n) };
    expect(() => toClockTicks(clock, new FileTime(2n ** 53n))).toThrow(
      expect.objectContaining({
        message:
          "1629-07-17T23:58:45.4740992Z is more than 2^53 ticks (about 28.5 years) from the clock's epoch 1601-01-01T00:00:00.0000000Z",
      }),
    );
  });
});

describe('fromClockTicks', () => {
  it('gives the absolute time of a clock tick', () => {
    const clock = { epoch: fromIso('2026-01-01T00:00:00Z') };
    expect(fromClockTicks(clock, 10_000_000).toString()).toBe('2026-01-01T00:00:01.0000000Z');
    expect(fromClockTicks(clock, -10_000_000).toString()).toBe('2025-12-31T23:59:59.0000000Z');
  });

  it('rejects a tick before 1601-01-01', () => {
    expect(() => fromClockTicks({ epoch: new FileTime(5n) }, -6)).toThrow(FileTimeRangeError);
  });
});

describe('Clock', () => {
  /** A component written against the Clock interface only. */
  function startHeartbeat(clock: Clock, every: number, beats: string[]): void {
    const beat = () => {
      beats.push(clock.now().toString());
      if (beats.length < 3) clock.schedule(every, beat);
    };
    clock.schedule(every, beat);
  }

  it('lets one component run on the virtual clock', () => {
    const clock = new VirtualClock({ epoch: fromIso('2026-11-23T09:00:00Z') });
    const beats: string[] = [];
    startHeartbeat(clock, 600_000_000, beats);
    clock.run();
    expect(beats).toEqual([
      '2026-11-23T09:01:00.0000000Z',
      '2026-11-23T09:02:00.0000000Z',
      '2026-11-23T09:03:00.0000000Z',
    ]);
  });

  it('is implemented by both clocks', () => {
    const clocks: Clock[] = [
      new VirtualClock({ epoch: new FileTime(0n) }),
      new SystemClock({ unref: true }),
    ];
    for (const clock of clocks) {
      const ticks = clock.ticks();
      expect(clock.now().ticks - clock.epoch.ticks).toBeGreaterThanOrEqual(BigInt(ticks));
      expect(clock.cancel(clock.schedule(1, () => {}))).toBe(true);
    }
  });
});
