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
  drainedAt: number | null = 42_000_000_000 + seed * 10_000_000,
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
    outcome: {
      drainedAt,
      peakBacklog: 1800 - delivered + 100,
      backlogAtEnd: drainedAt === null ? 1800 - delivered : 0,
      refusedAttempts: drainedAt === null ? 0 : 5,
      timedOutAttempts: 12,
    },
    finding: undefined,
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
    run(1, 1, 600, ['every message sent was delivered'], null),
    run(1, 2, 610, ['every message sent was delivered', 'lost: 0'], null),
    run(1, 3, 1800),
    run(1, 5, 605, ['every message sent was delivered'], null),
  ],
};

describe('formatSweepTable', () => {
  it('prints one block per combination within 80 columns: counts, drain, backlog, attempts', () => {
    const text = formatSweepTable(result);
    expect(text).toBe(
      [
        'nat-renumbering: 8 runs, seeds 1..3,5 × 2 combinations, until 30m',
        '(a count: min / median / max over the runs, or one number when all agree)',
        '',
        '#1  hosts.APP02.msmq.nameCache=until-restart',
        '    4 runs, 3 passed, 2 fingerprints',
        '    delivered 1,795 / 1,800 / 1,800, lost 0, stuck 0 / 0 / 5',
        '    drained in 4 of 4 runs, at 09:10:01 / 09:10:02 / 09:10:05',
        '    peak backlog 100 / 100 / 105',
        '    attempts refused 5, timed out 12',
        '',
        '#2  hosts.APP02.msmq.nameCache=respect-ttl',
        '    4 runs, 1 passed, 2 fingerprints',
        '    delivered 600 / 607.5 / 1,800, lost 0 / 3 / 3, stuck 0 / 1,192.5 / 1,200',
        '    drained in 1 of 4 runs, at 09:10:03; not drained: seeds 1,2,5',
        '    peak backlog 100 / 1,292.5 / 1,300',
        '    attempts refused 0 / 0 / 5, timed out 12',
        '',
        'Failed expectations:',
        '  #1  lost: 0 — 1 of 4 runs (seed 3)',
        '  #2  every message sent was delivered — 3 of 4 runs (seeds 1,2,5)',
        '  #2  lost: 0 — 1 of 4 runs (seed 2)',
        '',
      ].join('\n'),
    );
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it('names the scenario as written for a sweep without --set, and has no failures section when all passed', () => {
    const passing: SweepResult = {
      plan: { ...plan, sets: [], combinations: [[]], until: undefined, seeds: [7] },
      workers: 1,
      runs: [run(0, 7, 1800)],
    };
    expect(formatSweepTable(passing)).toBe(
      [
        'nat-renumbering: 1 run, seed 7',
        '(a count: min / median / max over the runs, or one number when all agree)',
        '',
        '#1  the scenario as written',
        '    1 run, 1 passed, 1 fingerprint',
        '    delivered 1,800, lost 0, stuck 0',
        '    drained in 1 of 1 run, at 09:10:07',
        '    peak backlog 100',
        '    attempts refused 5, timed out 12',
        '',
      ].join('\n'),
    );
  });

  it('says when no run drained, and when no message ever waited', () => {
    const stuck: SweepResult = {
      plan: { ...plan, sets: [], combinations: [[]], until: undefined, seeds: [1, 2] },
      workers: 1,
      runs: [run(0, 1, 600, [], null), run(0, 2, 600, [], null)],
    };
    expect(formatSweepTable(stuck).split('\n')[6]).toBe('    drained in no run');
    const quiet: SweepResult = { ...stuck, runs: [run(0, 1, 1800, [], 0)] };
    expect(formatSweepTable(quiet).split('\n')[6]).toBe(
      '    no message waited at a sender in 1 run',
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
      drained: {
        runs: 1,
        at: { min: 42_030_000_000, median: 42_030_000_000, max: 42_030_000_000 },
        notDrainedSeeds: [1, 2, 5],
      },
      peakBacklog: { min: 100, median: 1292.5, max: 1300 },
      refusedAttempts: { min: 0, median: 0, max: 5 },
      timedOutAttempts: { min: 12, median: 12, max: 12 },
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
      outcome: {
        drainedAt: null,
        peakBacklog: 1300,
        backlogAtEnd: 1200,
        refusedAttempts: 0,
        timedOutAttempts: 12,
      },
      expectations: { passed: 4, failed: ['every message sent was delivered'] },
    });
  });
});
