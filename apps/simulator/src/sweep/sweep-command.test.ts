import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromIso } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../exit-codes.js';
import { runCli } from '../program.js';
import { runMqsim } from '../test-cli.js';
import { twoHostScenario } from './test-scenario.js';

const TINY = twoHostScenario(
  'tiny',
  '2m',
  `workload:
  - { from: APP02, to: orders@APP01, kind: recoverable, every: 1s }
expect:
  - delivered: all
`,
);

function tinyFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mqsim-sweep-')), 'tiny.yaml');
  writeFileSync(path, TINY);
  return path;
}

describe('mqsim sweep', () => {
  it('tabulates a sweep that passes and exits 0', async () => {
    const result = await runMqsim([
      'sweep',
      tinyFile(),
      '--seeds',
      '1..3',
      '--set',
      'workload.0.every=1s,250ms',
      '--workers',
      '1',
    ]);
    expect(result).toEqual({
      code: EXIT_CODES.ok,
      stdout: [
        'tiny: 6 runs, seeds 1..3 × 2 combinations',
        '(a count: min / median / max over the runs, or one number when all agree)',
        '',
        '#1  workload.0.every=1s',
        '    3 runs, 3 passed, 3 fingerprints',
        '    delivered 120, lost 0, stuck 0',
        '    no message waited at a sender in 3 runs',
        '    peak backlog 1',
        '    attempts refused 0, timed out 0',
        '',
        '#2  workload.0.every=250ms',
        '    3 runs, 3 passed, 3 fingerprints',
        '    delivered 480, lost 0, stuck 0',
        '    no message waited at a sender in 3 runs',
        '    peak backlog 1',
        '    attempts refused 0, timed out 0',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('exits 1 when a run fails an expectation', async () => {
    const result = await runMqsim([
      'sweep',
      'nat-renumbering',
      '--seeds',
      '1,2',
      '--until',
      '15m',
      '--workers',
      '1',
    ]);
    expect(result.code).toBe(EXIT_CODES.failed);
    expect(result.stdout).toContain(
      '  #1  every message sent was delivered — 2 of 2 runs (seeds 1,2)\n',
    );
  });

  it('prints the same JSON with any number of workers (in-process from source, with a note)', async () => {
    const args = ['sweep', tinyFile(), '--seeds', '4..6', '--json'];
    const single = await runMqsim([...args, '--workers', '1']);
    const pooled = await runMqsim([...args, '--workers', '3']);
    expect(pooled.stdout).toBe(single.stdout);
    expect(pooled.stderr).toMatch(
      /^mqsim: no worker entry at .*sweep-worker\.js \(mqsim runs from source\?\); running in-process\n$/,
    );
    const json = JSON.parse(single.stdout);
    expect(json.runs.map((run: { seed: number; ok: boolean }) => [run.seed, run.ok])).toEqual([
      [4, true],
      [5, true],
      [6, true],
    ]);
    expect(json.combinations).toEqual([
      {
        combination: 1,
        set: {},
        runs: 3,
        passed: 3,
        delivered: { min: 120, median: 120, max: 120 },
        lost: { min: 0, median: 0, max: 0 },
        stuck: { min: 0, median: 0, max: 0 },
        fingerprints: 3,
        drained: { runs: 3, at: { min: 0, median: 0, max: 0 }, notDrainedSeeds: [] },
        peakBacklog: { min: 1, median: 1, max: 1 },
        refusedAttempts: { min: 0, median: 0, max: 0 },
        timedOutAttempts: { min: 0, median: 0, max: 0 },
        failures: [],
      },
    ]);
  });

  it('exits 2 with a located message for bad seeds, paths, values and workers', async () => {
    const file = tinyFile();
    const outcomes = await Promise.all(
      [
        ['--seeds', '3..1'],
        ['--set', 'hosts.APP03.msmq.nameCache=never'],
        ['--set', 'hosts.APP01.msmq.nameCache=sometimes'],
        ['--workers', '0'],
        ['--seeds', '1..6000', '--set', 'workload.0.every=1s,2s'],
      ].map((extra) => runMqsim(['sweep', file, ...extra])),
    );
    expect(outcomes.map((outcome) => [outcome.code, outcome.stdout])).toEqual(
      outcomes.map(() => [EXIT_CODES.badInput, '']),
    );
    expect(outcomes.map((outcome) => outcome.stderr)).toEqual([
      'mqsim: --seeds "3..1": the range 3..1 at character 1 ends before it starts\n',
      `mqsim: ${file}:11:3: --set hosts.APP03.msmq.nameCache: no item in hosts is named "APP03"; did you mean "APP01"? (allowed: an index from 0 to 1, or a name: APP01, APP02)\n`,
      `mqsim: with --set hosts.APP01.msmq.nameCache=sometimes the scenario is invalid:\n${file}:14:1: hosts[0].msmq.nameCache: "sometimes" is not one of the allowed values (in the key --set adds after this line) (allowed: until-restart, respect-ttl, never, never-re-resolve, re-resolve-on-failure)\n`,
      'mqsim: --workers "0" is not a whole number from 1 to 1024\n',
      'mqsim: --seeds 1..6000 with 2 --set combinations is 12,000 runs (6,000 seeds × 2), more than the 10,000 a sweep may make; they would simulate 2m and up to 120 messages each, 1,440,000 messages in all\n',
    ]);
  });

  it('reports progress when the terminal shows it, then how long the sweep took', async () => {
    const progress: string[] = [];
    const err: string[] = [];
    const times = ['2026-11-23T09:00:00Z', '2026-11-23T09:00:01Z', '2026-11-23T09:00:04Z'];
    const code = await runCli(['sweep', tinyFile(), '--seeds', '1,2', '--workers', '1'], {
      stdout: () => {},
      stderr: (text) => err.push(text),
      now: () => fromIso(times.shift() ?? '2026-11-23T09:00:04Z'),
      progress: (text) => progress.push(text),
    });
    expect([code, progress, err]).toEqual([
      EXIT_CODES.ok,
      ['sweep tiny: 1/2 runs, about 1 s left', 'sweep tiny: 2/2 runs', ''],
      ['2 runs in 4.0 s on the main thread\n'],
    ]);
  });

  it('documents the path syntax in its help', async () => {
    const result = await runMqsim(['sweep', '--help']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/^Usage: mqsim sweep \[options\] <scenario>/);
    expect(result.stdout).toContain(
      '  hosts.1.msmq.nameCache   hosts.APP02.msmq.nameCache   workload.0.every\n',
    );
  });
});
