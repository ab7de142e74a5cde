import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FileTime,
  FileTimeRangeError,
  fromIso,
  ScheduleError,
  SimulationEventError,
  VirtualClock,
} from './index.js';

/** 2026-11-23T00:00:00Z, written as ticks so the tests do not lean on fromIso. */
const EPOCH = new FileTime(134_398_656_000_000_000n);

function createClock(initialCapacity?: number): VirtualClock {
  return initialCapacity === undefined
    ? new VirtualClock({ epoch: EPOCH })
    : new VirtualClock({ epoch: EPOCH, initialCapacity });
}

/** The error `run` throws; fails the test when it returns normally. */
function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail('expected the call to throw');
}

/** Indices of `times` in the order a correct clock runs them: by time, then by scheduling order. */
function stableOrder(times: readonly number[]): number[] {
  return times
    .map((time, index) => ({ time, index }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map(({ index }) => index);
}

describe('VirtualClock', () => {
  it('runs its documented example', () => {
    const clock = new VirtualClock({ epoch: fromIso('2026-11-23T00:00:00Z') });
    const seen: string[] = [];
    clock.schedule(20, () => seen.push('b'));
    clock.schedule(10, () => seen.push('a'));
    clock.run();
    expect(seen).toEqual(['a', 'b']);
    expect(clock.now().toString()).toBe('2026-11-23T00:00:00.0000020Z');
  });

  it('starts at tick 0, at its epoch, with nothing pending', () => {
    const clock = createClock();
    expect([clock.ticks(), clock.now(), clock.epoch, clock.pending, clock.eventsRun]).toEqual([
      0,
      EPOCH,
      EPOCH,
      0,
      0,
    ]);
  });

  it('runs events in time order, and events due at the same tick in scheduling order', () => {
    const clock = createClock();
    const seen: string[] = [];
    clock.schedule(30, () => seen.push('c'));
    clock.schedule(10, () => seen.push('a1'));
    clock.schedule(20, () => seen.push('b'));
    clock.schedule(10, () => seen.push('a2'));
    clock.scheduleAt(10, () => seen.push('a3'));
    expect(clock.run()).toBe(5);
    expect(seen).toEqual(['a1', 'a2', 'a3', 'b', 'c']);
    expect(clock.ticks()).toBe(30);
  });

  it('runs any schedule in the order of a stable sort by (time, sequence), ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 300 }), (delays) => {
        const clock = createClock(16);
        const order: number[] = [];
        delays.forEach((delay, index) => {
          clock.schedule(delay, (value: number) => order.push(value), index);
        });
        expect(clock.run()).toBe(delays.length);
        expect(order).toEqual(stableOrder(delays));
      }),
    );
  });

  it('keeps (time, sequence) order when events are scheduled at absolute ticks as time moves', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })), {
          maxLength: 100,
        }),
        (steps) => {
          const clock = createClock(16);
          const order: number[] = [];
          const times: number[] = [];
          let now = 0;
          steps.forEach(([advance, offset], index) => {
            // Advance time between schedulings without running anything early.
            now += advance;
            if (clock.pending === 0) clock.runUntil(now);
            else now = clock.ticks();
            times.push(now + offset);
            clock.scheduleAt(now + offset, (value: number) => order.push(value), index);
          });
          clock.run();
          expect(order).toEqual(stableOrder(times));
        },
      ),
    );
  });

  it('passes the argument it was given to the callback', () => {
    const clock = createClock();
    const seen: [string, number][] = [];
    const record = (pair: [string, number]) => seen.push(pair);
    clock.schedule(2, record, ['second', 2]);
    clock.scheduleAt(1, record, ['first', 1]);
    clock.run();
    expect(seen).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
  });

  it('reports the time of the running event as ticks() and now() = epoch + ticks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 12 }), { maxLength: 50 }), (delays) => {
        const clock = createClock();
        const observed: [number, bigint][] = [];
        for (const delay of delays) {
          clock.schedule(delay, () => observed.push([clock.ticks(), clock.now().ticks]));
        }
        clock.run();
        const expected = [...delays].sort((a, b) => a - b);
        expect(observed).toEqual(expected.map((tick) => [tick, EPOCH.ticks + BigInt(tick)]));
      }),
    );
  });

  describe('step', () => {
    it('returns false when nothing is pending', () => {
      const clock = createClock();
      expect(clock.step()).toBe(false);
      expect(clock.ticks()).toBe(0);
    });

    it('runs exactly one event per call and moves time to it', () => {
      const clock = createClock();
      const seen: number[] = [];
      clock.schedule(5, () => seen.push(5));
      clock.schedule(7, () => seen.push(7));
      expect([clock.step(), seen.slice(), clock.ticks(), clock.pending]).toEqual([true, [5], 5, 1]);
      expect([clock.step(), seen.slice(), clock.ticks(), clock.pending]).toEqual([
        true,
        [5, 7],
        7,
        0,
      ]);
      expect([clock.step(), clock.ticks(), clock.eventsRun]).toEqual([false, 7, 2]);
    });

    it('skips cancelled events and returns false if only cancelled ones were left', () => {
      const clock = createClock();
      const seen: number[] = [];
      const first = clock.schedule(1, () => seen.push(1));
      clock.schedule(2, () => seen.push(2));
      clock.cancel(first);
      expect([clock.step(), seen.slice(), clock.ticks()]).toEqual([true, [2], 2]);
      const third = clock.schedule(1, () => seen.push(3));
      clock.cancel(third);
      expect([clock.step(), seen, clock.ticks()]).toEqual([false, [2], 2]);
    });
  });

  describe('cancel', () => {
    it('stops a pending event from running, returning true once and then false', () => {
      const clock = createClock();
      const seen: string[] = [];
      const id = clock.schedule(10, () => seen.push('cancelled'));
      clock.schedule(20, () => seen.push('kept'));
      expect(clock.pending).toBe(2);
      expect(clock.cancel(id)).toBe(true);
      expect(clock.pending).toBe(1);
      expect(clock.cancel(id)).toBe(false);
      expect(clock.run()).toBe(1);
      expect(seen).toEqual(['kept']);
      expect(clock.cancel(id)).toBe(false);
    });

    it('returns false for an event that already ran', () => {
      const clock = createClock();
      const id = clock.schedule(1, () => {});
      clock.run();
      expect(clock.cancel(id)).toBe(false);
    });

    it('does not cancel the new event that reuses a finished event’s slot', () => {
      const clock = createClock();
      const seen: string[] = [];
      const stale = clock.schedule(1, () => seen.push('old'));
      clock.run();
      const fresh = clock.schedule(1, () => seen.push('new'));
      expect(fresh).not.toBe(stale);
      expect(clock.cancel(stale)).toBe(false);
      expect(clock.pending).toBe(1);
      clock.run();
      expect(seen).toEqual(['old', 'new']);
    });

    it('does not cancel the new event that reuses a cancelled event’s slot', () => {
      const clock = createClock();
      const seen: string[] = [];
      const stale = clock.schedule(1, () => seen.push('cancelled'));
      clock.cancel(stale);
      expect(clock.step()).toBe(false);
      clock.schedule(1, () => seen.push('new'));
      expect(clock.cancel(stale)).toBe(false);
      clock.run();
      expect(seen).toEqual(['new']);
    });

    it('returns false for ids it never issued', () => {
      const clock = createClock();
      clock.schedule(1, () => {});
      for (const id of [-1, 0.5, Number.NaN, 12_345, 2 ** 26, 2 ** 53]) {
        expect(clock.cancel(id)).toBe(false);
      }
      expect(clock.pending).toBe(1);
    });

    it('returns false when an event cancels itself while running', () => {
      const clock = createClock();
      const results: boolean[] = [];
      const id = clock.schedule(1, () => results.push(clock.cancel(id)));
      clock.run();
      expect(results).toEqual([false]);
    });

    it('lets an event cancel a later one', () => {
      const clock = createClock();
      const seen: string[] = [];
      const later = clock.schedule(2, () => seen.push('later'));
      clock.schedule(1, () => seen.push(`cancelled: ${clock.cancel(later)}`));
      clock.run();
      expect(seen).toEqual(['cancelled: true']);
    });

    it('keeps the order right after cancelling most of many events (compaction)', () => {
      const clock = createClock(16);
      const delays = Array.from({ length: 200 }, (_, index) => (index * 37) % 23);
      const order: number[] = [];
      const ids = delays.map((delay, index) =>
        clock.schedule(delay, (value: number) => order.push(value), index),
      );
      // 150 of 200 cancelled: more than 64 and more than half the heap.
      const kept = delays.flatMap((_, index) => (index % 4 === 0 ? [index] : []));
      ids.forEach((id, index) => {
        if (index % 4 !== 0) expect(clock.cancel(id)).toBe(true);
      });
      expect(clock.pending).toBe(50);
      // Scheduling after the compaction must still interleave correctly.
      const extra = clock.schedule(5, (value: number) => order.push(value), 1000);
      expect(clock.pending).toBe(51);
      ids.forEach((id, index) => {
        expect(clock.cancel(id)).toBe(index % 4 === 0);
      });
      expect(clock.cancel(extra)).toBe(true);
      expect(clock.pending).toBe(0);
      expect(clock.run()).toBe(0);
      expect(order).toEqual([]);

      const clock2 = createClock(16);
      const order2: number[] = [];
      const ids2 = delays.map((delay, index) =>
        clock2.schedule(delay, (value: number) => order2.push(value), index),
      );
      ids2.forEach((id, index) => {
        if (index % 4 !== 0) clock2.cancel(id);
      });
      clock2.schedule(5, (value: number) => order2.push(value), 1000);
      clock2.run();
      const expected = stableOrder([...kept.map((index) => delays[index] ?? -1), 5]).map(
        (position) => kept[position] ?? 1000,
      );
      expect(order2).toEqual(expected);
    });

    it('keeps the order for any large set of events after cancelling any majority of them', () => {
      const events = fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), {
        minLength: 65,
        maxLength: 400,
      });
      fc.assert(
        fc.property(events, fc.integer({ min: 0, max: 100 }), (spec, extraCancels) => {
          const clock = createClock(16);
          const order: number[] = [];
          const ids = spec.map(([delay], index) =>
            clock.schedule(delay, (value: number) => order.push(value), index),
          );
          // Cancel the flagged ones plus enough others that most are cancelled.
          const cancelled = spec.map(([, flag], index) => flag || index % 3 !== 0);
          for (let index = 0; index < extraCancels && index < spec.length; index++) {
            cancelled[(index * 7) % spec.length] = true;
          }
          ids.forEach((id, index) => {
            if (cancelled[index]) clock.cancel(id);
          });
          const kept = spec.flatMap(([delay], index) =>
            cancelled[index] ? [] : [{ delay, index }],
          );
          expect(clock.pending).toBe(kept.length);
          clock.run();
          expect(order).toEqual(
            stableOrder(kept.map(({ delay }) => delay)).map((position) => kept[position]?.index),
          );
        }),
      );
    });

    it('compacts correctly when an event cancels many others', () => {
      const clock = createClock(16);
      const seen: number[] = [];
      const ids = Array.from({ length: 150 }, (_, index) =>
        clock.schedule(10 + (index % 5), (value: number) => seen.push(value), index),
      );
      clock.schedule(1, () => {
        ids.forEach((id, index) => {
          if (index % 10 !== 0) clock.cancel(id);
        });
      });
      clock.run();
      const kept = ids.flatMap((_, index) => (index % 10 === 0 ? [index] : []));
      expect(seen).toEqual(
        stableOrder(kept.map((index) => 10 + (index % 5))).map((position) => kept[position]),
      );
    });
  });

  describe('run', () => {
    it('returns how many events it ran and leaves time at the last one', () => {
      const clock = createClock();
      clock.schedule(3, () => {});
      clock.schedule(9, () => {});
      expect([clock.run(), clock.ticks(), clock.eventsRun, clock.pending]).toEqual([2, 9, 2, 0]);
      expect(clock.run()).toBe(0);
    });

    it('runs events scheduled from inside events, same-tick ones after those already due', () => {
      const clock = createClock();
      const seen: string[] = [];
      clock.schedule(5, () => {
        seen.push('parent');
        clock.schedule(0, () => seen.push('child now'));
        clock.schedule(3, () => {
          seen.push('child later');
          clock.schedule(0, () => seen.push('grandchild'));
        });
      });
      clock.schedule(5, () => seen.push('sibling'));
      clock.schedule(8, () => seen.push('already at 8'));
      expect(clock.run()).toBe(6);
      expect(seen).toEqual([
        'parent',
        'sibling',
        'child now',
        'already at 8',
        'child later',
        'grandchild',
      ]);
    });

    it('returns after the event that calls stop(), leaving the rest pending', () => {
      const clock = createClock();
      const seen: number[] = [];
      clock.schedule(1, () => seen.push(1));
      clock.schedule(2, () => {
        seen.push(2);
        clock.stop();
      });
      clock.schedule(3, () => seen.push(3));
      expect([clock.run(), seen.slice(), clock.ticks(), clock.pending]).toEqual([2, [1, 2], 2, 1]);
      expect([clock.run(), seen, clock.ticks()]).toEqual([1, [1, 2, 3], 3]);
    });

    it('ignores stop() called while not running', () => {
      const clock = createClock();
      clock.schedule(1, () => {});
      clock.stop();
      expect(clock.run()).toBe(1);
    });

    it('throws when called from inside an event, wrapped as the event’s failure', () => {
      const clock = createClock();
      for (const nested of [() => clock.run(), () => clock.runUntil(100), () => clock.runFor(1)]) {
        clock.schedule(1, () => {
          nested();
        });
        const error = caught(() => clock.run());
        expect(SimulationEventError.isInstance(error)).toBe(true);
        const cause = (error as SimulationEventError).cause;
        expect(ScheduleError.isInstance(cause)).toBe(true);
        expect(cause).toMatchObject({
          message: 'run() was called from inside an event; schedule instead',
          allowed: 'call run, runUntil or runFor only from outside event callbacks',
        });
      }
    });

    it('throws when called from inside an event that step() is running', () => {
      const clock = createClock();
      const seen: string[] = [];
      clock.schedule(1, () => {
        seen.push('outer');
        clock.run();
      });
      clock.schedule(2, () => seen.push('inner'));
      const error = caught(() => clock.step());
      expect(SimulationEventError.isInstance(error)).toBe(true);
      expect(ScheduleError.isInstance((error as SimulationEventError).cause)).toBe(true);
      expect([seen.slice(), clock.ticks(), clock.pending]).toEqual([['outer'], 1, 1]);
      expect(clock.run()).toBe(1);
      expect(seen).toEqual(['outer', 'inner']);
    });
  });

  describe('runUntil', () => {
    it('runs events due at or before the limit, none after, and ends at the limit', () => {
      const clock = createClock();
      const seen: number[] = [];
      for (const tick of [11, 5, 10, 10]) clock.scheduleAt(tick, () => seen.push(tick));
      expect(clock.runUntil(10)).toBe(3);
      expect([seen.slice(), clock.ticks(), clock.pending]).toEqual([[5, 10, 10], 10, 1]);
      expect(clock.runUntil(10)).toBe(0);
      expect(clock.runFor(1)).toBe(1);
      expect([seen, clock.ticks()]).toEqual([[5, 10, 10, 11], 11]);
    });

    it('runs events scheduled at the limit from an event at the limit', () => {
      const clock = createClock();
      const seen: string[] = [];
      clock.scheduleAt(10, () => {
        seen.push('at limit');
        clock.schedule(0, () => seen.push('same tick'));
        clock.schedule(1, () => seen.push('after'));
      });
      expect(clock.runUntil(10)).toBe(2);
      expect([seen, clock.pending]).toEqual([['at limit', 'same tick'], 1]);
    });

    it('moves time to the limit when nothing is pending', () => {
      const clock = createClock();
      expect([clock.runUntil(1_000), clock.ticks()]).toEqual([0, 1_000]);
      expect(clock.now().ticks).toBe(EPOCH.ticks + 1_000n);
    });

    it('leaves time at the last event run when an event calls stop()', () => {
      const clock = createClock();
      clock.schedule(4, () => clock.stop());
      clock.schedule(6, () => {});
      expect([clock.runUntil(100), clock.ticks(), clock.pending]).toEqual([1, 4, 1]);
    });

    it('throws ScheduleError for a limit before now', () => {
      const clock = createClock();
      clock.runUntil(10);
      expect(() => clock.runUntil(9)).toThrow(
        expect.objectContaining({
          name: 'ScheduleError',
          code: 'ERR_SCHEDULE',
          message: 'cannot run until tick 9: it is before now (tick 10)',
          value: 9,
          allowed: 'a tick from 10 to 2^53 − 1',
        }),
      );
      expect(() => clock.runFor(-1)).toThrow(ScheduleError);
      expect(() => clock.runUntil(Number.NaN)).toThrow(ScheduleError);
      expect(() => clock.runUntil(2 ** 53)).toThrow(ScheduleError);
      expect(clock.ticks()).toBe(10);
    });

    it('throws ScheduleError for a limit that is not a whole tick, leaving time unchanged', () => {
      const clock = createClock();
      expect(() => clock.runUntil(10.5)).toThrow(
        expect.objectContaining({
          name: 'ScheduleError',
          message:
            'cannot run until tick 10.5: it is not a whole tick from now (tick 0) to 2^53 − 1',
          value: 10.5,
          allowed: 'a tick from 0 to 2^53 − 1',
        }),
      );
      expect(() => clock.runFor(0.25)).toThrow(ScheduleError);
      expect([clock.ticks(), clock.now()]).toEqual([0, EPOCH]);
    });

    it('runs until an absolute time with runUntilTime', () => {
      const clock = createClock();
      const seen: number[] = [];
      clock.schedule(10_000_000, () => seen.push(clock.ticks()));
      clock.schedule(10_000_001, () => seen.push(clock.ticks()));
      expect(clock.runUntilTime(EPOCH.plus(10_000_000n))).toBe(1);
      expect([seen, clock.now().toString()]).toEqual([
        [10_000_000],
        '2026-11-23T00:00:01.0000000Z',
      ]);
    });
  });

  describe('schedule and scheduleAt', () => {
    it('reject a negative, fractional or non-finite delay with ScheduleError', () => {
      const clock = createClock();
      for (const delay of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, -Number.MIN_VALUE]) {
        expect(() => clock.schedule(delay, () => {})).toThrow(
          expect.objectContaining({
            name: 'ScheduleError',
            code: 'ERR_SCHEDULE',
            message: `delay ${delay} is not a whole, non-negative number of 100-ns ticks`,
            value: delay,
            allowed: 'an integer ≥ 0 (use parseDuration for text like 60m)',
          }),
        );
      }
      expect(clock.pending).toBe(0);
    });

    it('reject a tick before now with ScheduleError', () => {
      const clock = createClock();
      clock.runUntil(100);
      expect(() => clock.scheduleAt(99, () => {})).toThrow(
        expect.objectContaining({
          name: 'ScheduleError',
          message: 'tick 99 is not a whole tick at or after now (tick 100)',
          value: 99,
          allowed: 'an integer ≥ 100',
        }),
      );
      expect(() => clock.scheduleAt(100.5, () => {})).toThrow(ScheduleError);
      expect(() => clock.scheduleAt(Number.NaN, () => {})).toThrow(ScheduleError);
      const seen: number[] = [];
      clock.scheduleAt(100, () => seen.push(clock.ticks()));
      clock.run();
      expect(seen).toEqual([100]);
    });

    it('reject a time past 2^53 − 1 ticks', () => {
      const clock = createClock();
      clock.schedule(Number.MAX_SAFE_INTEGER, () => {});
      clock.runUntil(1);
      expect(() => clock.schedule(Number.MAX_SAFE_INTEGER, () => {})).toThrow(
        expect.objectContaining({
          name: 'ScheduleError',
          message: "tick 9007199254740992 is past the simulation clock's exact range",
          allowed: 'times up to 2^53 − 1 ticks (about 28.5 years) after the epoch',
        }),
      );
    });

    it('reject a callback that is not a function', () => {
      const clock = createClock();
      expect(() => clock.schedule(1, 'not a function' as unknown as () => void)).toThrow(
        expect.objectContaining({
          name: 'ScheduleError',
          message: 'the event callback is not a function',
          value: 'not a function',
        }),
      );
      expect(clock.pending).toBe(0);
    });

    it('grow past the initial capacity without losing or reordering events', () => {
      const clock = createClock(1);
      const order: number[] = [];
      const delays = Array.from({ length: 5_000 }, (_, index) => (index * 7919) % 101);
      delays.forEach((delay, index) => {
        clock.schedule(delay, (value: number) => order.push(value), index);
      });
      expect(clock.pending).toBe(5_000);
      clock.run();
      expect(order).toEqual(stableOrder(delays));
    });
  });

  describe('scheduleAtTime', () => {
    it('runs at the given absolute time', () => {
      const clock = createClock();
      const seen: bigint[] = [];
      clock.scheduleAtTime(EPOCH.plus(500n), () => seen.push(clock.now().ticks));
      clock.run();
      expect(seen).toEqual([EPOCH.ticks + 500n]);
    });

    it('runs now when the time has already passed, even before the epoch', () => {
      const clock = createClock();
      clock.runUntil(100);
      const seen: number[] = [];
      clock.scheduleAtTime(EPOCH.plus(10n), () => seen.push(clock.ticks()));
      clock.scheduleAtTime(EPOCH.minus(5n), () => seen.push(clock.ticks()));
      clock.run();
      expect(seen).toEqual([100, 100]);
    });

    it('rejects a time more than 2^53 ticks from the epoch', () => {
      const clock = createClock();
      expect(() => clock.scheduleAtTime(EPOCH.plus(2n ** 53n), () => {})).toThrow(
        FileTimeRangeError,
      );
    });
  });

  describe('when an event throws', () => {
    it('throws SimulationEventError naming the ISO time and tick, with the original as cause', () => {
      const clock = createClock();
      const boom = new Error('boom');
      clock.schedule(42, () => {
        throw boom;
      });
      const error = caught(() => clock.run());
      expect(SimulationEventError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        name: 'SimulationEventError',
        code: 'ERR_SIMULATION_EVENT',
        message: 'event at 2026-11-23T00:00:00.0000042Z (tick 42) threw: boom',
        ticks: 42,
        iso: '2026-11-23T00:00:00.0000042Z',
      });
      expect((error as SimulationEventError).cause).toBe(boom);
    });

    it('describes a thrown value that is not an Error', () => {
      const clock = createClock();
      clock.schedule(1, () => {
        throw 'plain string';
      });
      const error = caught(() => clock.step());
      expect(error).toMatchObject({
        message: 'event at 2026-11-23T00:00:00.0000001Z (tick 1) threw: plain string',
        cause: 'plain string',
      });
    });

    it('stays usable: time stays at the failing event and the rest still run', () => {
      const clock = createClock();
      const seen: number[] = [];
      clock.schedule(1, () => seen.push(1));
      clock.schedule(2, () => {
        throw new Error('fails');
      });
      clock.schedule(3, () => seen.push(3));
      expect(() => clock.run()).toThrow(SimulationEventError);
      expect([clock.ticks(), clock.pending, clock.eventsRun]).toEqual([2, 1, 2]);
      clock.schedule(0, () => seen.push(2));
      expect(clock.run()).toBe(2);
      expect(seen).toEqual([1, 2, 3]);
    });

    it('does not move time to the runUntil limit', () => {
      const clock = createClock();
      clock.schedule(5, () => {
        throw new Error('fails');
      });
      expect(() => clock.runUntil(100)).toThrow(SimulationEventError);
      expect(clock.ticks()).toBe(5);
      expect(clock.runUntil(100)).toBe(0);
      expect(clock.ticks()).toBe(100);
    });
  });

  describe('determinism', () => {
    /** A random simulation: top-level events that schedule children and cancel each other. */
    const program = fc.array(
      fc.record({
        delay: fc.integer({ min: 0, max: 20 }),
        children: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 4 }),
        cancels: fc.nat(),
      }),
      { maxLength: 60 },
    );

    function simulate(spec: readonly { delay: number; children: number[]; cancels: number }[]) {
      const clock = createClock(16);
      const log: string[] = [];
      const ids: number[] = [];
      spec.forEach(({ delay, children, cancels }, index) => {
        ids.push(
          clock.schedule(delay, () => {
            log.push(`${clock.ticks()}:${index}`);
            const victim = ids[cancels % ids.length];
            if (victim !== undefined && clock.cancel(victim)) log.push(`cancelled ${victim}`);
            children.forEach((childDelay, child) => {
              ids.push(
                clock.schedule(childDelay, () => log.push(`${clock.ticks()}:${index}.${child}`)),
              );
            });
          }),
        );
      });
      clock.run();
      return log;
    }

    it('gives the identical sequence when the same schedule runs twice', () => {
      fc.assert(
        fc.property(program, (spec) => {
          expect(simulate(spec)).toEqual(simulate(spec));
        }),
      );
    });
  });

  describe('against a reference model', () => {
    type Operation =
      | { readonly kind: 'schedule'; readonly delay: number }
      | { readonly kind: 'burst'; readonly delays: readonly number[] }
      | { readonly kind: 'cancel'; readonly pick: number }
      | { readonly kind: 'cancelMany'; readonly picks: readonly number[] }
      | { readonly kind: 'step' }
      | { readonly kind: 'advance'; readonly by: number };

    const operation: fc.Arbitrary<Operation> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('schedule'),
          delay: fc.integer({ min: 0, max: 30 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('burst'),
          delays: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 120 }),
        }),
      },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('cancel'), pick: fc.nat() }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('cancelMany'),
          picks: fc.array(fc.nat(), { maxLength: 150 }),
        }),
      },
      { weight: 3, arbitrary: fc.constant({ kind: 'step' } as const) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('advance'), by: fc.integer({ min: 0, max: 15 }) }),
      },
    );

    interface ModelEvent {
      readonly id: number;
      readonly time: number;
      readonly sequence: number;
      state: 'pending' | 'ran' | 'cancelled';
    }

    it('runs, cancels and counts exactly as a sorted list of (time, sequence) would', () => {
      fc.assert(
        fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
          const clock = createClock(16);
          const ran: number[] = [];
          const expectedRan: number[] = [];
          const model: ModelEvent[] = [];
          let now = 0;

          const nextDue = (limit: number) =>
            model
              .filter((event) => event.state === 'pending' && event.time <= limit)
              .sort((a, b) => a.time - b.time || a.sequence - b.sequence)[0];
          const schedule = (delay: number) => {
            const sequence = model.length;
            const id = clock.schedule(delay, (value: number) => ran.push(value), sequence);
            model.push({ id, time: now + delay, sequence, state: 'pending' });
          };
          const cancel = (pick: number) => {
            const event = model[pick % Math.max(1, model.length)];
            if (event === undefined) return;
            expect(clock.cancel(event.id)).toBe(event.state === 'pending');
            if (event.state === 'pending') event.state = 'cancelled';
          };
          const runOne = (event: ModelEvent) => {
            event.state = 'ran';
            now = event.time;
            expectedRan.push(event.sequence);
          };

          for (const op of operations) {
            switch (op.kind) {
              case 'schedule':
                schedule(op.delay);
                break;
              case 'burst':
                for (const delay of op.delays) schedule(delay);
                break;
              case 'cancel':
                cancel(op.pick);
                break;
              case 'cancelMany':
                for (const pick of op.picks) cancel(pick);
                break;
              case 'step': {
                const next = nextDue(Number.POSITIVE_INFINITY);
                expect(clock.step()).toBe(next !== undefined);
                if (next !== undefined) runOne(next);
                break;
              }
              case 'advance': {
                const limit = now + op.by;
                let count = 0;
                for (let next = nextDue(limit); next !== undefined; next = nextDue(limit)) {
                  runOne(next);
                  count++;
                }
                now = limit;
                expect(clock.runUntil(limit)).toBe(count);
                break;
              }
            }
            expect(ran).toEqual(expectedRan);
            expect([clock.ticks(), clock.pending]).toEqual([
              now,
              model.filter((event) => event.state === 'pending').length,
            ]);
          }
          const remaining = model
            .filter((event) => event.state === 'pending')
            .sort((a, b) => a.time - b.time || a.sequence - b.sequence)
            .map((event) => event.sequence);
          expect(clock.run()).toBe(remaining.length);
          expect(ran).toEqual([...expectedRan, ...remaining]);
        }),
      );
    });
  });
});
