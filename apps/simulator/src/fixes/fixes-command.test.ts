import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../exit-codes.js';
import type { RunSummary } from '../sweep/run-summary.js';
import { runMqsim } from '../test-cli.js';
import { compareFixes } from './rank.js';

interface JsonReplay {
  actions: { do: string; host?: string }[];
  drained: boolean;
  drainedAt: number | null;
}
const names = (replay: JsonReplay) =>
  replay.actions.map((action) => `${action.do} ${action.host}`).join(' + ');

describe('mqsim fixes', () => {
  // At the first symptom (08:10:19) the sender's DNS client cache still holds the old address
  // until 08:20, so the restart of MSMQ on both machines must come with ipconfig /flushdns on
  // the sender; the diagnosis at that moment says so. Each single restart, flushdns, and the two
  // restarts without the flush do not drain.
  it('ranks restarting MSMQ on both machines first for nat-renumbering; no single restart or flushdns drains', async () => {
    const text = await runMqsim(['fixes', 'nat-renumbering', '--workers', '1']);
    expect(text.code).toBe(EXIT_CODES.ok);
    expect(text.stderr).toBe('');
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('nat-renumbering (seed 1): fixes tried at 08:10:19');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);

    const json = JSON.parse((await runMqsim(['fixes', 'nat-renumbering', '--json'])).stdout);
    expect(json).toMatchObject({
      scenario: 'nat-renumbering',
      seed: 1,
      at: 6_190_000_000,
      atTime: '2026-11-23T08:10:19.0000000Z',
      earlier: [],
      baseline: { actions: [], drained: false, drainedAt: null, backlogAtEnd: 6600 },
    });
    const [best, ...rest] = json.candidates as JsonReplay[];
    expect(names(best as JsonReplay)).toBe(
      'restart-msmq APP01 + flushdns APP02 + restart-msmq APP02',
    );
    expect(best).toMatchObject({
      drained: true,
      lost: 0,
      deadLettered: 0,
      discarded: 0,
      backlogAtEnd: 0,
    });
    const byName = new Map(rest.map((replay) => [names(replay), replay.drained]));
    expect(
      [
        'restart-msmq APP01',
        'restart-msmq APP02',
        'flushdns APP02',
        'restart-msmq APP01 + restart-msmq APP02',
      ].map((n) => byName.get(n)),
    ).toEqual([false, false, false, false]);
  });

  it('replays an explicit --at as asked, and gives the same answer on worker threads', async () => {
    const args = ['fixes', 'nat-renumbering', '--at', '1h', '--json'];
    const single = await runMqsim([...args, '--workers', '1']);
    const pooled = await runMqsim([...args, '--workers', '2']);
    expect(pooled.stdout).toBe(single.stdout);
    const json = JSON.parse(single.stdout);
    expect([json.at, json.earlier, json.removed.length]).toEqual([36_000_000_000, [], 2]);
    expect(names(json.candidates[0])).toBe('restart-msmq APP01 + restart-msmq APP02');
  });

  it('exits 2 with one line for an unknown scenario and a bad --at', async () => {
    const outcomes = await Promise.all(
      [
        ['nosuch'],
        ['nat-renumbering', '--at', 'soon'],
        ['nat-renumbering', '--at', '3h'],
        ['nat-renumbering', '--at', '2026-11-23T07:00:00Z'],
        ['nat-renumbering', '--workers', '0'],
      ].map((args) => runMqsim(['fixes', ...args])),
    );
    expect(outcomes.map((outcome) => [outcome.code, outcome.stdout])).toEqual(
      outcomes.map(() => [EXIT_CODES.badInput, '']),
    );
    expect(outcomes.map((outcome) => outcome.stderr.split('\n').length)).toEqual(
      outcomes.map(() => 2),
    );
    expect(outcomes.map((outcome) => outcome.stderr.slice(0, 41))).toEqual([
      'mqsim: no scenario file or built-in scena',
      'mqsim: --at: "soon" is not a duration (ex',
      'mqsim: --at "3h" is outside nat-renumberi',
      'mqsim: --at "2026-11-23T07:00:00Z" is out',
      'mqsim: --workers "0" is not a whole numbe',
    ]);
  });
});

describe('compareFixes', () => {
  const summary = (drainedAt: number | null, lost = 0, dead = 0, peak = 10): RunSummary =>
    ({
      totals: { lost, deadLettered: dead, discarded: 0 },
      outcome: { drainedAt, peakBacklog: peak },
    }) as unknown as RunSummary;
  it('puts drained first, then the earlier drain, fewer lost, fewer dead, lower peak, fewer actions, build order', () => {
    const rows = [
      { name: 'never', actions: [1], summary: summary(null), order: 0 },
      { name: 'pair', actions: [1, 2], summary: summary(100), order: 1 },
      { name: 'late', actions: [1], summary: summary(200), order: 2 },
      { name: 'single', actions: [1], summary: summary(100), order: 3 },
      { name: 'lossy', actions: [1], summary: summary(100, 1), order: 4 },
      { name: 'dead', actions: [1], summary: summary(100, 0, 1), order: 5 },
      { name: 'peaky', actions: [1], summary: summary(100, 0, 0, 20), order: 6 },
      { name: 'single again', actions: [2], summary: summary(100), order: 7 },
    ];
    expect(
      [...rows]
        .reverse()
        .sort(compareFixes)
        .map((row) => row.name),
    ).toEqual(['single', 'single again', 'pair', 'peaky', 'dead', 'lossy', 'late', 'never']);
  });
});
