import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createTraceRecorder,
  FileTime,
  nullTraceSink,
  type TraceEvent,
  VirtualClock,
} from './index.js';

const traceEvent: fc.Arbitrary<TraceEvent> = fc.record(
  {
    t: fc.nat(),
    host: fc.constantFrom('QM-A', 'QM-B'),
    source: fc.constantFrom('ds-refresh', 'cache'),
    type: fc.constantFrom('cache.hit', 'cache.miss', 'ds.refresh.failed'),
    attempt: fc.nat({ max: 5 }),
  },
  { requiredKeys: ['t', 'source', 'type'] },
);

describe('createTraceRecorder', () => {
  it('starts empty', () => {
    expect(createTraceRecorder().events).toEqual([]);
  });

  it('keeps every event, in the order emitted', () => {
    fc.assert(
      fc.property(fc.array(traceEvent, { maxLength: 50 }), (events) => {
        const recorder = createTraceRecorder();
        for (const event of events) recorder.emit(event);
        expect(recorder.events).toEqual(events);
      }),
    );
  });

  it('keeps the events of each recorder apart', () => {
    const first = createTraceRecorder();
    const second = createTraceRecorder();
    first.emit({ t: 0, source: 'demo', type: 'demo.started' });
    expect([first.events, second.events]).toEqual([
      [{ t: 0, source: 'demo', type: 'demo.started' }],
      [],
    ]);
  });

  it('records what components emit as a simulation runs', () => {
    const clock = new VirtualClock({ epoch: new FileTime(0n) });
    const trace = createTraceRecorder();
    clock.schedule(20, () => trace.emit({ t: clock.ticks(), source: 'cache', type: 'cache.miss' }));
    clock.schedule(10, () =>
      trace.emit({ t: clock.ticks(), host: 'QM-A', source: 'cache', type: 'cache.hit', key: 'x' }),
    );
    clock.run();
    expect(trace.events).toEqual([
      { t: 10, host: 'QM-A', source: 'cache', type: 'cache.hit', key: 'x' },
      { t: 20, source: 'cache', type: 'cache.miss' },
    ]);
  });

  it('matches its documented example', () => {
    const trace = createTraceRecorder();
    trace.emit({ t: 0, source: 'demo', type: 'demo.started' });
    expect(trace.events.length).toBe(1);
  });
});

describe('nullTraceSink', () => {
  it('drops every event without failing', () => {
    fc.assert(
      fc.property(fc.array(traceEvent, { maxLength: 20 }), (events) => {
        for (const event of events) expect(nullTraceSink.emit(event)).toBeUndefined();
      }),
    );
  });

  it('is frozen, so no component can replace its emit', () => {
    expect(Object.isFrozen(nullTraceSink)).toBe(true);
    expect(Object.keys(nullTraceSink)).toEqual(['emit']);
  });
});
