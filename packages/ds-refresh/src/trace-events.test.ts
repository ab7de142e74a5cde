import {
  createTraceRecorder,
  fromIso,
  TICKS,
  type TraceEvent,
  VirtualClock,
} from '@mqsim/filetime';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type DirectoryQuery,
  DS_REFRESH_TRACE_TYPES,
  DsRefreshScheduler,
  type DsRefreshTraceEvent,
  type DsRefreshTraceType,
  isDsRefreshTraceEvent,
  type MsmqRole,
  type StoredValue,
} from './index.js';

/** A client and a routing server through first start, a failure, a retry and a restart. */
function eventfulRun(): readonly TraceEvent[] {
  const clock = new VirtualClock({ epoch: fromIso('2026-11-23T00:00:00Z') });
  const trace = createTraceRecorder();
  let up = false;
  const query: DirectoryQuery = (_list, done) =>
    clock.schedule(TICKS.perSecond, () => done(up ? { ok: true } : { ok: false, error: 'no DC' }));
  for (const role of ['client', 'routing-server'] satisfies MsmqRole[]) {
    const values = new Map<string, StoredValue>();
    const store = {
      get: (name: string) => values.get(name),
      set: (name: string, value: StoredValue) => void values.set(name, value),
    };
    const scheduler = new DsRefreshScheduler({ clock, store, role, query, trace, host: role });
    scheduler.start();
    clock.runFor(TICKS.perMinute);
    up = true;
    clock.runFor(TICKS.perHour);
    scheduler.stop();
    scheduler.start();
    up = false;
  }
  return trace.events;
}

describe('DS_REFRESH_TRACE_TYPES', () => {
  it('lists the type of every event the scheduler emits, and a run emits every type', () => {
    const events = eventfulRun().filter((event) => event.source === 'ds-refresh');
    const listed: readonly string[] = DS_REFRESH_TRACE_TYPES;
    expect(events.filter((event) => !listed.includes(event.type))).toEqual([]);
    expect(events.every(isDsRefreshTraceEvent)).toBe(true);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(listed));
  });

  it('names every type dotted, each segment kebab-case', () => {
    const dottedKebab = /^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/;
    expect(DS_REFRESH_TRACE_TYPES.filter((type) => !dottedKebab.test(type))).toEqual([]);
    expect(new Set(DS_REFRESH_TRACE_TYPES).size).toBe(DS_REFRESH_TRACE_TYPES.length);
    expect(Object.isFrozen(DS_REFRESH_TRACE_TYPES)).toBe(true);
  });

  it('is the type-name union of DsRefreshTraceEvent', () => {
    expectTypeOf<(typeof DS_REFRESH_TRACE_TYPES)[number]>().toEqualTypeOf<DsRefreshTraceType>();
    expectTypeOf<DsRefreshTraceEvent['type']>().toEqualTypeOf<DsRefreshTraceType>();
    expectTypeOf<DsRefreshTraceEvent>().toExtend<TraceEvent>();
  });
});

describe('isDsRefreshTraceEvent', () => {
  it('narrows to the typed fields', () => {
    const failed = eventfulRun()
      .filter(isDsRefreshTraceEvent)
      .find((event) => event.type === 'ds.refresh.failed');
    expect(failed).toEqual({
      t: TICKS.perSecond,
      host: 'client',
      source: 'ds-refresh',
      type: 'ds.refresh.failed',
      list: 'site',
      error: 'no DC',
      consecutiveFailures: 1,
      retryAt: '2026-11-23T01:00:01.0000000Z',
    });
  });
});
