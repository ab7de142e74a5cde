import { fromIso, parseDuration, parseDurationTicks, TICKS } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlanInput, PlanInputError, planRefreshLoad } from './index.js';

const base: PlanInput = {
  start: fromIso('2026-01-01T00:00:00Z'),
  durationTicks: parseDuration('56d'),
  sites: [{ name: 'HQ', domainControllers: ['DC1', 'DC2'] }],
  machines: [{ count: 500, role: 'client', site: 'HQ' }],
};
const hour = TICKS.perHour;

function peakHours(plan: ReturnType<typeof planRefreshLoad>, threshold: number): number[] {
  const total = new Uint32Array(plan.buckets);
  for (const dc of plan.domainControllers) {
    for (const [bucket, count] of dc.queries.entries())
      total[bucket] = (total[bucket] ?? 0) + count;
  }
  return [...total.keys()].filter((bucket) => (total[bucket] ?? 0) >= threshold);
}

describe('planRefreshLoad', () => {
  it('counts one site query per machine per interval and one enterprise query per 28 days', () => {
    const plan = planRefreshLoad(base);
    // 56 days = 8 site intervals and 2 enterprise intervals per machine.
    expect(plan.totals).toEqual({
      machines: 500,
      siteQueries: 4000,
      enterpriseQueries: 1000,
      failedQueries: 0,
      bytes: 4000 * 4096 + 1000 * 65_536,
    });
    expect(plan.domainControllers.map((dc) => dc.totalQueries).reduce((a, b) => a + b)).toBe(5000);
  });

  it('spreads steady-state load: no hour sees a herd', () => {
    const plan = planRefreshLoad(base);
    expect(peakHours(plan, 100)).toEqual([]);
  });

  it('shows the thundering herd after a mass restart with deleted values, recurring every interval', () => {
    const plan = planRefreshLoad({
      ...base,
      massRestart: { atTicks: parseDurationTicks('10d'), deleteValues: true },
    });
    // Every machine queries both lists within 15 minutes of the restart (hour 240), then the site
    // list again 168 h later, and again…
    expect(peakHours(plan, 400)).toEqual([240, 408, 576, 744, 912, 1080, 1248]);
  });

  it('makes every machine query both lists at a restart with deleted values, even when its next regular time is past the plan', () => {
    const plan = planRefreshLoad({
      ...base,
      durationTicks: parseDuration('28d'),
      massRestart: { atTicks: parseDurationTicks('2d'), deleteValues: true },
    });
    const total = plan.domainControllers.reduce((sum, dc) => sum + (dc.queries[48] ?? 0), 0);
    expect(total).toBe(2 * 500);
  });

  it('shows no herd after a mass restart that keeps the values', () => {
    const plan = planRefreshLoad({
      ...base,
      massRestart: { atTicks: parseDurationTicks('10d'), deleteValues: false },
    });
    expect(peakHours(plan, 100)).toEqual([]);
    expect(plan.totals.siteQueries).toBe(4000);
  });

  it('counts failed queries and hourly retries while a DC is down', () => {
    const plan = planRefreshLoad({
      ...base,
      sites: [{ name: 'HQ', domainControllers: ['DC1'] }],
      machines: [{ count: 1, role: 'client', site: 'HQ', nextTimes: 'deleted' }],
      restartSpreadTicks: 1,
      outages: [{ domainController: 'DC1', fromTicks: 0, toTicks: 3 * hour }],
    });
    // Both lists fail at 0:00, 1:10 and 2:20 (10 min to fail + 60 min retry), succeed at 3:30.
    expect(plan.totals.failedQueries).toBe(6);
    expect(plan.domainControllers[0]?.failedQueries).toBe(6);
    expect(Array.from(plan.domainControllers[0]?.queries.slice(0, 5) ?? [])).toEqual([
      2, 2, 2, 2, 0,
    ]);
  });

  it('counts the retry from the start of the failed attempt when retryCountedFrom is attempt', () => {
    const plan = planRefreshLoad({
      ...base,
      sites: [{ name: 'HQ', domainControllers: ['DC1'] }],
      machines: [{ count: 1, role: 'client', site: 'HQ', nextTimes: 'deleted' }],
      restartSpreadTicks: 1,
      outages: [{ domainController: 'DC1', fromTicks: 0, toTicks: 3 * hour }],
      retryCountedFrom: 'attempt',
    });
    // Both lists fail at 0:00, 1:00 and 2:00 (retry 60 min after each attempt started), succeed at 3:00.
    expect(plan.totals.failedQueries).toBe(6);
    expect(Array.from(plan.domainControllers[0]?.queries.slice(0, 5) ?? [])).toEqual([
      2, 2, 2, 2, 0,
    ]);
    expect(plan.domainControllers[0]?.bytes[3]).toBeGreaterThan(0);
  });

  it('gives routing servers no enterprise queries', () => {
    const plan = planRefreshLoad({
      ...base,
      machines: [{ count: 10, role: 'routing-server', site: 'HQ' }],
    });
    expect([plan.totals.siteQueries, plan.totals.enterpriseQueries]).toEqual([80, 0]);
  });

  it('scales load with shorter intervals', () => {
    const plan = planRefreshLoad({
      ...base,
      machines: [
        { count: 500, role: 'client', site: 'HQ', settings: { siteListRefreshHours: 24 } },
      ],
    });
    expect(plan.totals.siteQueries).toBe(500 * 56);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = planRefreshLoad({ ...base, seed: 7 });
    const b = planRefreshLoad({ ...base, seed: 7 });
    const c = planRefreshLoad({ ...base, seed: 8 });
    expect(Array.from(a.domainControllers[0]?.queries ?? [])).toEqual(
      Array.from(b.domainControllers[0]?.queries ?? []),
    );
    expect(Array.from(a.domainControllers[0]?.queries ?? [])).not.toEqual(
      Array.from(c.domainControllers[0]?.queries ?? []),
    );
  });

  it('conserves queries: the DCs together receive exactly the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 400 }),
        fc.boolean(),
        (count, hours, deleted) => {
          const plan = planRefreshLoad({
            ...base,
            machines: [
              {
                count,
                role: 'server',
                site: 'HQ',
                settings: { siteListRefreshHours: hours },
                nextTimes: deleted ? 'deleted' : 'steady',
              },
            ],
          });
          const received = plan.domainControllers.reduce((sum, dc) => sum + dc.totalQueries, 0);
          expect(received).toBe(plan.totals.siteQueries + plan.totals.enterpriseQueries);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects an unknown site with the sites it knows', () => {
    expect(() =>
      planRefreshLoad({ ...base, machines: [{ count: 1, role: 'client', site: 'Branch' }] }),
    ).toThrowError(
      expect.objectContaining({
        code: 'ERR_DS_PLAN_INPUT',
        message: 'machine group names unknown site "Branch"',
        allowed: 'one of "HQ"',
      }),
    );
    expect(PlanInputError.isInstance(new PlanInputError('x'))).toBe(true);
  });

  it('rejects a site without domain controllers', () => {
    expect(() =>
      planRefreshLoad({ ...base, sites: [{ name: 'HQ', domainControllers: [] }] }),
    ).toThrowError('site "HQ" has no domain controllers');
  });
});
