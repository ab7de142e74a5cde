import { readFileSync } from 'node:fs';
import { parseDuration, toSafeTicks } from '@mqsim/filetime';
import { parseSetFlag, resolveScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from './run-summary.js';
import { planSweep, type SweepResult } from './sweep.js';
import { formatSweepTable, spreadOf, sweepResultToJson } from './sweep-table.js';

const file = resolveScenario('nat-renumbering');
const plan = planSweep({
  text: readFileSync(file, 'utf8'),
  file,
  seeds: [1, 2, 3, 5],
  sets: [parseSetFlag('hosts.APP02.msmq.nameCache=until-restart,respect-ttl')],
  until: toSafeTicks(parseDuration('30m')),
});

function run(
  combination: number,
  seed: number,
  delivered: number,
  failed: string[] = [],
): RunSummary {
  return {
    combination,
    seed,
    fingerprint: `f${combination}-${seed % 2}`,
    endedAt: 18_000_000_000,
    events: 100,
    totals: {
      sent: 1800,
      delivered,
      received: delivered,
      queued: 0,
      deadLettered: 0,
      lost: 1800 - delivered > 100 ? 3 : 0,
      stuck: 1800 - delivered,
      sendFailures: 0,
      discarded: 0,
      purged: 0,
      unprocessed: 0,
    },
    expectations: { passed: 5 - failed.length, failed },
  };
}

const result: SweepResult = {
  plan,
  workers: 2,
  runs: [
    run(0, 1, 1800),
    run(0, 2, 1800),
    run(0, 3, 1795, ['lost: 0']),
    run(0, 5, 1800),
    run(1, 1, 600, ['every message sent was delivered']),
    run(1, 2, 610, ['every message sent was delivered', 'lost: 0']),
    run(1, 3, 1800),
    run(1, 5, 605, ['every message sent was delivered']),
  ],
};

describe('formatSweepTable', () => {
  it('prints one row per combination and the failed expectations with their seeds', () => {
    expect(formatSweepTable(result)).toBe(
      [
        'nat-renumbering: 8 runs, seeds 1..3,5 × 2 combinations, until 30m',
        '',
        '#  hosts.APP02.msmq.nameCache  runs  passed  delivered min/med/max  lost min/med/max  stuck min/med/max  fingerprints',
        '1  until-restart                  4       3    1795 /  1800 / 1800         0 / 0 / 0  0 /      0 /    5             2',
        '2  respect-ttl                    4       1     600 / 607.5 / 1800         0 / 3 / 3  0 / 1192.5 / 1200             2',
        '',
        'Failed expectations:',
        '  #1  lost: 0 — 1 of 4 runs (seed 3)',
        '  #2  every message sent was delivered — 3 of 4 runs (seeds 1,2,5)',
        '  #2  lost: 0 — 1 of 4 runs (seed 2)',
        '',
      ].join('\n'),
    );
  });

  it('has no value columns and no failures section for a sweep without --set that passed', () => {
    const passing: SweepResult = {
      plan: { ...plan, sets: [], combinations: [[]], until: undefined, seeds: [7] },
      workers: 1,
      runs: [run(0, 7, 1800)],
    };
    expect(formatSweepTable(passing)).toBe(
      [
        'nat-renumbering: 1 run, seed 7',
        '',
        '#  runs  passed  delivered min/med/max  lost min/med/max  stuck min/med/max  fingerprints',
        '1     1       1     1800 / 1800 / 1800         0 / 0 / 0          0 / 0 / 0             1',
        '',
      ].join('\n'),
    );
  });
});

describe('spreadOf', () => {
  it('gives min, median (the mean of the middle two for an even count) and max', () => {
    expect(spreadOf([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5 });
    expect(spreadOf([4, 1, 2, 10])).toEqual({ min: 1, median: 3, max: 10 });
    expect(spreadOf([])).toEqual({ min: 0, median: 0, max: 0 });
  });
});

describe('sweepResultToJson', () => {
  it('gives each combination with its values and outcome, and each run with its values', () => {
    const json = sweepResultToJson(result);
    expect(json).toMatchObject({
      scenario: 'nat-renumbering',
      seeds: [1, 2, 3, 5],
      until: '30m',
      set: [{ path: 'hosts.APP02.msmq.nameCache', values: ['until-restart', 'respect-ttl'] }],
      ok: false,
    });
    expect((json.combinations as unknown[])[1]).toEqual({
      combination: 2,
      set: { 'hosts.APP02.msmq.nameCache': 'respect-ttl' },
      runs: 4,
      passed: 1,
      delivered: { min: 600, median: 607.5, max: 1800 },
      lost: { min: 0, median: 3, max: 3 },
      stuck: { min: 0, median: 1192.5, max: 1200 },
      fingerprints: 2,
      failures: [
        { text: 'every message sent was delivered', seeds: [1, 2, 5] },
        { text: 'lost: 0', seeds: [2] },
      ],
    });
    expect((json.runs as unknown[])[4]).toEqual({
      combination: 2,
      set: { 'hosts.APP02.msmq.nameCache': 'respect-ttl' },
      seed: 1,
      ok: false,
      fingerprint: 'f1-1',
      endedAt: 18_000_000_000,
      events: 100,
      totals: run(1, 1, 600).totals,
      expectations: { passed: 4, failed: ['every message sent was delivered'] },
    });
  });
});
