import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Message, MessageFifo } from './message.js';

const message = (id: number, reachBy: number, receiveBy = Number.POSITIVE_INFINITY) =>
  new Message(
    id,
    'A',
    'q@B',
    'q@b',
    'private$\\q',
    'express',
    10,
    '',
    undefined,
    0,
    reachBy,
    receiveBy,
  );

describe('MessageFifo', () => {
  it('keeps order through push, shift and unshiftAll, and counts bytes', () => {
    const fifo = new MessageFifo();
    for (let id = 1; id <= 4; id++) fifo.push(message(id, 100));
    const first = fifo.shift() as Message;
    fifo.unshiftAll([first]);
    expect(fifo.toArray().map((entry) => entry.id)).toEqual([1, 2, 3, 4]);
    expect([fifo.length, fifo.bytes]).toEqual([4, 40]);
  });

  it('bounds its deadlines from below, exactly after removeWhere', () => {
    const fifo = new MessageFifo();
    expect([fifo.earliestReachBy, fifo.earliestReceiveBy]).toEqual([
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    fifo.push(message(1, 300));
    fifo.push(message(2, 100, 500));
    fifo.unshiftAll([message(3, 200, 50)]);
    expect([fifo.earliestReachBy, fifo.earliestReceiveBy]).toEqual([100, 50]);
    // Shifting leaves a bound that is only lower than the truth, never higher.
    fifo.shift();
    expect(fifo.earliestReceiveBy).toBe(50);
    const removed = fifo.removeWhere((entry) => entry.reachBy <= 100);
    expect(removed.map((entry) => entry.id)).toEqual([2]);
    expect([fifo.earliestReachBy, fifo.earliestReceiveBy]).toEqual([300, Number.POSITIVE_INFINITY]);
    expect(fifo.bytes).toBe(10);
  });
});

describe('MessageFifo.takeExpired', () => {
  type Step =
    | { op: 'push'; reachBy: number; receiveBy: number }
    | { op: 'shift' }
    | { op: 'unshift'; count: number }
    | { op: 'expire'; now: number; limit: 'either' | 'receive' };
  const deadline = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(Number.POSITIVE_INFINITY));
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('push' as const),
        reachBy: deadline,
        receiveBy: deadline,
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('shift' as const) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('unshift' as const),
        count: fc.integer({ min: 1, max: 3 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('expire' as const),
        now: fc.integer({ min: 0, max: 60 }),
        limit: fc.constantFrom('either' as const, 'receive' as const),
      }),
    },
  );

  it('takes what removeWhere with the same test would, in order, and leaves the same queue', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const fast = new MessageFifo();
        const plain: Message[] = [];
        let id = 0;
        for (const next of steps) {
          if (next.op === 'push') {
            const entry = message(++id, next.reachBy, next.receiveBy);
            fast.push(entry);
            plain.push(entry);
          } else if (next.op === 'shift') {
            expect(fast.shift()).toBe(plain.shift());
          } else if (next.op === 'unshift') {
            const back = Array.from({ length: next.count }, () =>
              message(++id, id % 7 === 0 ? 3 : 40, 45),
            );
            fast.unshiftAll(back);
            plain.unshift(...back);
          } else {
            const expired = (entry: Message) =>
              next.limit === 'either'
                ? entry.reachBy <= next.now || entry.receiveBy <= next.now
                : entry.receiveBy <= next.now;
            const expected = plain.filter(expired);
            plain.splice(0, plain.length, ...plain.filter((entry) => !expired(entry)));
            expect(fast.takeExpired(next.now, next.limit)).toEqual(expected);
          }
          expect(fast.toArray()).toEqual(plain);
          expect(fast.bytes).toBe(plain.length * 10);
          // The bounds never exceed the truth.
          for (const entry of plain) {
            expect(fast.earliestReachBy).toBeLessThanOrEqual(entry.reachBy);
            expect(fast.earliestReceiveBy).toBeLessThanOrEqual(entry.receiveBy);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
