import {
  createTraceRecorder,
  FileTime,
  fromIso,
  parseDurationTicks,
  type TraceEvent,
  toIso,
  VirtualClock,
} from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DirectoryList,
  DsRefreshScheduler,
  type MsmqRole,
  type ParameterStore,
  SimulatedDirectory,
  type StoredValue,
} from './index.js';

const START = '2026-11-23T08:00:00Z';
const ticks = parseDurationTicks;

function createMachine(role: MsmqRole = 'client', initial: Record<string, StoredValue> = {}) {
  const clock = new VirtualClock({ epoch: fromIso(START) });
  const values = new Map<string, StoredValue>(Object.entries(initial));
  const store: ParameterStore = {
    get: (name) => values.get(name),
    set: (name, value) => void values.set(name, value),
  };
  const trace = createTraceRecorder();
  const directory = new SimulatedDirectory({ clock });
  const scheduler = new DsRefreshScheduler({
    clock,
    store,
    role,
    query: directory.query,
    trace,
    host: 'APP01',
  });
  const nextTime = (name: string) => {
    const value = values.get(name);
    return value === undefined ? undefined : toIso(new FileTime(value.data as bigint));
  };
  const events = (type: string) =>
    trace.events
      .filter((event) => event.type === type)
      .map((event) => ({
        at: toIso(clock.epoch.plus(event.t)),
        list: event.list,
        reason: event.reason,
      }));
  return { clock, values, store, trace, directory, scheduler, nextTime, events };
}

const qword = (iso: string): StoredValue => ({ type: 'REG_QWORD', data: fromIso(iso).ticks });

describe('DsRefreshScheduler', () => {
  it('refreshes both lists at the first start and writes next = completion + interval', () => {
    const machine = createMachine();
    machine.scheduler.start();
    machine.clock.runFor(ticks('1m'));
    expect(machine.events('ds.refresh.started')).toEqual([
      { at: '2026-11-23T08:00:00.0000000Z', list: 'site', reason: 'missing' },
      { at: '2026-11-23T08:00:00.0000000Z', list: 'enterprise', reason: 'missing' },
    ]);
    // Site query takes 2 s, enterprise 10 s (SimulatedDirectory defaults).
    expect(machine.nextTime('DSNextSiteListRefreshTime')).toBe('2026-11-30T08:00:02.0000000Z');
    expect(machine.nextTime('DSNextEnterpriseListRefreshTime')).toBe(
      '2026-12-21T08:00:10.0000000Z',
    );
    expect(machine.values.get('DSNextSiteListRefreshTime')?.type).toBe('REG_QWORD');
  });

  it('refreshes again one interval after each success', () => {
    const machine = createMachine();
    machine.scheduler.start();
    machine.clock.runFor(ticks('15d'));
    expect(machine.events('ds.refresh.started').filter((event) => event.list === 'site')).toEqual([
      { at: '2026-11-23T08:00:00.0000000Z', list: 'site', reason: 'missing' },
      { at: '2026-11-30T08:00:02.0000000Z', list: 'site', reason: 'interval' },
      { at: '2026-12-07T08:00:04.0000000Z', list: 'site', reason: 'interval' },
    ]);
  });

  it('does not refresh on a restart: the persisted next times carry the schedule over', () => {
    const machine = createMachine();
    machine.scheduler.start();
    machine.clock.runFor(ticks('2d'));
    machine.scheduler.stop();
    machine.clock.runFor(ticks('1h'));
    const before = machine.trace.events.length;
    machine.scheduler.start();
    machine.clock.runFor(ticks('1h'));
    const afterRestart = machine.trace.events
      .slice(before)
      .map((event) => [event.type, event.list, event.reason]);
    expect(afterRestart).toEqual([
      ['ds.refresh.scheduled', 'site', 'persisted'],
      ['ds.refresh.scheduled', 'enterprise', 'persisted'],
    ]);
    expect(machine.scheduler.schedule('site')).toEqual({
      list: 'site',
      phase: 'scheduled',
      nextQueryAt: fromIso('2026-11-30T08:00:02Z'),
      reason: 'persisted',
      consecutiveFailures: 0,
    });
  });

  it('forces a refresh at the next start when the values are deleted, and writes them again', () => {
    const machine = createMachine();
    machine.scheduler.start();
    machine.clock.runFor(ticks('3d'));
    machine.values.delete('DSNextSiteListRefreshTime');
    machine.values.delete('DSNextEnterpriseListRefreshTime');
    // Deleting alone changes nothing while the service runs.
    machine.clock.runFor(ticks('1h'));
    expect(machine.events('ds.refresh.started')).toHaveLength(2);
    machine.scheduler.start(); // restart
    machine.clock.runFor(ticks('1m'));
    expect(machine.events('ds.refresh.started').slice(2)).toEqual([
      { at: '2026-11-26T09:00:00.0000000Z', list: 'site', reason: 'missing' },
      { at: '2026-11-26T09:00:00.0000000Z', list: 'enterprise', reason: 'missing' },
    ]);
    expect(machine.nextTime('DSNextSiteListRefreshTime')).toBe('2026-12-03T09:00:02.0000000Z');
  });

  it('refreshes at start when the persisted time has passed, and schedules a future one', () => {
    const machine = createMachine('client', {
      DSNextSiteListRefreshTime: qword('2026-11-20T00:00:00Z'),
      DSNextEnterpriseListRefreshTime: qword('2026-12-01T00:00:00Z'),
    });
    machine.scheduler.start();
    machine.clock.runFor(ticks('1m'));
    expect(machine.events('ds.refresh.started')).toEqual([
      { at: '2026-11-23T08:00:00.0000000Z', list: 'site', reason: 'due' },
    ]);
    machine.clock.runFor(ticks('8d'));
    expect(
      machine.events('ds.refresh.started').find((event) => event.list === 'enterprise'),
    ).toEqual({
      at: '2026-12-01T00:00:00.0000000Z',
      list: 'enterprise',
      reason: 'due',
    });
  });

  it('retries a failed query every DSListRefreshErrorRetryInterval without moving the persisted time', () => {
    const machine = createMachine('client', {
      DSNextSiteListRefreshTime: qword('2026-11-23T09:00:00Z'),
      DSNextEnterpriseListRefreshTime: qword('2027-01-01T00:00:00Z'),
      DSListRefreshErrorRetryInterval: { type: 'REG_DWORD', data: 30 },
    });
    machine.scheduler.start();
    machine.directory.available = false;
    machine.clock.runFor(ticks('3h'));
    // Each failure takes 10 min to detect, then 30 min until the retry.
    expect(machine.events('ds.refresh.started')).toEqual([
      { at: '2026-11-23T09:00:00.0000000Z', list: 'site', reason: 'due' },
      { at: '2026-11-23T09:40:00.0000000Z', list: 'site', reason: 'retry' },
      { at: '2026-11-23T10:20:00.0000000Z', list: 'site', reason: 'retry' },
      { at: '2026-11-23T11:00:00.0000000Z', list: 'site', reason: 'retry' },
    ]);
    expect(machine.nextTime('DSNextSiteListRefreshTime')).toBe('2026-11-23T09:00:00.0000000Z');
    expect(machine.scheduler.schedule('site').consecutiveFailures).toBe(3);
    // The query that started at 11:00 still fails; the retry at 11:40 succeeds.
    machine.directory.available = true;
    machine.clock.runFor(ticks('1h'));
    expect(machine.nextTime('DSNextSiteListRefreshTime')).toBe('2026-11-30T11:40:02.0000000Z');
    expect(machine.scheduler.schedule('site').consecutiveFailures).toBe(0);
  });

  // Breakwell, "How often does MSMQ crawl your forest?" (seed msmq-ds-refresh.txt): "If the list
  // query fails, the MSMQ service will persist at regular intervals, as dictated by
  // DSListRefreshErrorRetryInterval - the time interval, in minutes, in which the next update
  // (retry) … will take place in case the current update failed" — counted from the failure.
  it('counts the retry interval from the failure by default, from the attempt when asked', () => {
    const startedAt = (retryCountedFrom?: 'failure' | 'attempt') => {
      const clock = new VirtualClock({ epoch: fromIso(START) });
      const values = new Map<string, StoredValue>();
      const store: ParameterStore = {
        get: (name) => values.get(name),
        set: (name, value) => void values.set(name, value),
      };
      const trace = createTraceRecorder();
      const directory = new SimulatedDirectory({ clock });
      directory.available = false;
      new DsRefreshScheduler({
        clock,
        store,
        role: 'client',
        query: directory.query,
        trace,
        ...(retryCountedFrom === undefined ? {} : { retryCountedFrom }),
      }).start();
      clock.runFor(ticks('2h'));
      return trace.events
        .filter((event) => event.type === 'ds.refresh.started' && event.list === 'site')
        .map((event) => toIso(clock.epoch.plus(event.t)));
    };
    // The query takes 10 min to fail (the DS error time-out); then DSListRefreshErrorRetryInterval (60 min).
    expect(startedAt()).toEqual(['2026-11-23T08:00:00.0000000Z', '2026-11-23T09:10:00.0000000Z']);
    expect(startedAt('failure')).toEqual(startedAt());
    expect(startedAt('attempt')).toEqual([
      '2026-11-23T08:00:00.0000000Z',
      '2026-11-23T09:00:00.0000000Z',
      '2026-11-23T10:00:00.0000000Z',
    ]);
  });

  it('reports failures with the retry time in the trace', () => {
    const machine = createMachine();
    machine.directory.available = false;
    machine.scheduler.start();
    machine.clock.runFor(ticks('11m'));
    const failed = machine.trace.events.find((event) => event.type === 'ds.refresh.failed');
    expect(failed).toEqual({
      t: ticks('10m'),
      host: 'APP01',
      source: 'ds-refresh',
      type: 'ds.refresh.failed',
      list: 'site',
      error: 'the directory service did not answer (DC unreachable)',
      consecutiveFailures: 1,
      retryAt: '2026-11-23T09:10:00.0000000Z',
    });
  });

  it('on a routing server keeps no enterprise schedule and never writes its next time', () => {
    const machine = createMachine('routing-server', {
      DSNextEnterpriseListRefreshTime: qword('2026-11-01T00:00:00Z'),
    });
    const configuration = machine.scheduler.start();
    machine.clock.runFor(ticks('60d'));
    const lists = new Set(machine.events('ds.refresh.started').map((event) => event.list));
    expect([...lists]).toEqual(['site']);
    expect(machine.scheduler.schedule('enterprise').phase).toBe('not-used');
    expect(machine.nextTime('DSNextEnterpriseListRefreshTime')).toBe(
      '2026-11-01T00:00:00.0000000Z',
    );
    expect(configuration.findings.map((finding) => finding.value)).toEqual([
      'DSNextEnterpriseListRefreshTime',
    ]);
    expect(machine.events('ds.refresh.skipped')).toEqual([
      { at: '2026-11-23T08:00:00.0000000Z', list: 'enterprise', reason: undefined },
    ]);
  });

  it('ignores the answer to a query that was in flight when the service stopped', () => {
    const machine = createMachine();
    machine.scheduler.start();
    machine.scheduler.stop();
    machine.clock.runFor(ticks('1h'));
    expect(machine.values.size).toBe(0);
    expect(machine.events('ds.refresh.succeeded')).toEqual([]);
    expect(machine.scheduler.running).toBe(false);
  });

  it('uses intervals read at start; a changed interval takes effect at the next start', () => {
    const machine = createMachine('client', { DSSiteListRefresh: { type: 'REG_DWORD', data: 24 } });
    machine.scheduler.start();
    machine.clock.runFor(ticks('1m'));
    expect(machine.nextTime('DSNextSiteListRefreshTime')).toBe('2026-11-24T08:00:02.0000000Z');
    machine.values.set('DSSiteListRefresh', { type: 'REG_DWORD', data: 48 });
    machine.clock.runFor(ticks('1d'));
    expect(machine.nextTime('DSNextSiteListRefreshTime')).toBe('2026-11-25T08:00:04.0000000Z');
    machine.scheduler.start();
    machine.clock.runFor(ticks('1d'));
    expect(machine.nextTime('DSNextSiteListRefreshTime')).toBe('2026-11-27T08:00:06.0000000Z');
  });
});

type Step =
  | { kind: 'advance'; minutes: number }
  | { kind: 'restart' }
  | { kind: 'delete'; list: DirectoryList }
  | { kind: 'dc'; available: boolean };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('advance' as const),
    minutes: fc.integer({ min: 1, max: 20_000 }),
  }),
  fc.record({ kind: fc.constant('restart' as const) }),
  fc.record({
    kind: fc.constant('delete' as const),
    list: fc.constantFrom<DirectoryList>('site', 'enterprise'),
  }),
  fc.record({ kind: fc.constant('dc' as const), available: fc.boolean() }),
);

describe('DsRefreshScheduler properties', () => {
  it('never refreshes a list sooner than its interval after a success, unless values were deleted or it is a retry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<MsmqRole>('client', 'server', 'routing-server'),
        fc.integer({ min: 1, max: 200 }),
        fc.array(stepArbitrary, { maxLength: 40 }),
        (role, siteHours, steps) => {
          const machine = createMachine(role, {
            DSSiteListRefresh: { type: 'REG_DWORD', data: siteHours },
          });
          machine.scheduler.start();
          for (const step of steps) {
            if (step.kind === 'advance') machine.clock.runFor(step.minutes * ticks('1m'));
            else if (step.kind === 'restart') machine.scheduler.start();
            else if (step.kind === 'delete') {
              machine.values.delete(
                step.list === 'site'
                  ? 'DSNextSiteListRefreshTime'
                  : 'DSNextEnterpriseListRefreshTime',
              );
            } else machine.directory.available = step.available;
          }
          const intervals = { site: siteHours * ticks('1h'), enterprise: 672 * ticks('1h') };
          const lastSuccess: Partial<Record<DirectoryList, number>> = {};
          for (const event of machine.trace.events as readonly TraceEvent[]) {
            const list = event.list as DirectoryList;
            if (event.type === 'ds.refresh.succeeded') lastSuccess[list] = event.t;
            if (event.type !== 'ds.refresh.started') continue;
            if (role === 'routing-server') expect(list).toBe('site');
            const previous = lastSuccess[list];
            if (event.reason === 'missing' || event.reason === 'retry' || previous === undefined)
              continue;
            expect(event.t - previous).toBeGreaterThanOrEqual(intervals[list]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('replays identically: the same steps give the same trace', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 25 }), (steps) => {
        const run = () => {
          const machine = createMachine();
          machine.scheduler.start();
          for (const step of steps) {
            if (step.kind === 'advance') machine.clock.runFor(step.minutes * ticks('1m'));
            else if (step.kind === 'restart') machine.scheduler.start();
            else if (step.kind === 'delete') machine.values.delete('DSNextSiteListRefreshTime');
            else machine.directory.available = step.available;
          }
          return machine.trace.events;
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 50 },
    );
  });
});
