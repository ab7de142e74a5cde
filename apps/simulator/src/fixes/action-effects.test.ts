import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '@mqsim/engine';
import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { twoHostScenario } from '../sweep/test-scenario.js';
import { runMqsim } from '../test-cli.js';
import { classifyHelped, computeEffects, effectLines } from './action-effects.js';

// APP02 sends to APP01 every second for 10 minutes; the timeline is the test's.
const scenarioWith = (timeline: string) =>
  twoHostScenario(
    'effects',
    '10m',
    `workload:
  - { from: APP02, to: orders@APP01, kind: recoverable, every: 1s, stop: 8m }
consumers:
  - { host: APP01, queue: 'private$\\orders' }
timeline:
${timeline}`,
  );

const TIMELINE = `  - { at: 1m, do: stop-msmq, host: APP01 }
  - { at: 2m, do: flushdns, host: APP02 }
  - { at: 3m, do: start-msmq, host: APP01 }
  - { at: 4m, do: note, text: nothing happens }
  - { at: 5m, do: partition, name: cut, a: [APP01], b: [APP02] }
  - { at: 5m30s, do: heal, name: cut }
`;

async function effectsOf(timeline: string) {
  const text = scenarioWith(timeline);
  const result = runScenario(loadScenario(text, 'effects.yaml'));
  const effects = await computeEffects(result, text, { workers: 1 });
  return { result, effects };
}

describe('computeEffects', () => {
  it('says yes for a needed start and heal, no for a flush and a stop that move no measure, unknown for a partition its heal needs; no note', async () => {
    const { result, effects } = await effectsOf(TIMELINE);
    const byText = [...effects].map(([index, effect]) => [
      result.timeline[index]?.text,
      effect.helped,
    ]);
    // The stop delays messages, but the partition later sets the drain time: no measure moves.
    expect(byText).toEqual([
      ['net stop msmq', 'no'],
      ['ipconfig /flushdns', 'no'],
      ['net start msmq', 'yes'],
      ['partition cut', 'unknown'],
      ['heal cut', 'yes'],
    ]);
    const start = [...effects.values()][2];
    expect(start).toEqual({
      changed: ['MSMQ started, listening on 10.0.0.1:1801'],
      helped: 'yes',
      counterfactual: expect.objectContaining({ drainedAt: null, drainedAtTime: null }),
    });
    const partition = [...effects.values()][3];
    expect(partition?.reason).toMatch(/^the scenario is not valid without it: /);
    expect(partition?.counterfactual).toBeNull();
    const lines = effectLines(result, effects);
    expect(lines[0]).toBe('Effects (each action replayed away, same seed)');
    expect(lines).toContain(
      '  flushdns on APP02 at 08:02: no effect (outcome identical without it)',
    );
    // Wrapped to 80 columns: the verdict may go on over the next line.
    const at = lines.findIndex((line) =>
      line.startsWith('  start-msmq on APP01 at 08:03: necessary'),
    );
    expect(`${lines[at]} ${(lines[at + 1] ?? '').trim()}`).toMatch(
      /\(without it: not drained, [\d,]+ still at senders/,
    );
    expect(lines.every((line) => line.length <= 80)).toBe(true);
  });
});

describe('classifyHelped', () => {
  const run = {
    outcome: { drainedAt: 600_000_000 },
    totals: { delivered: 10, lost: 1, deadLettered: 0, discarded: 0 },
  };
  const without = {
    drainedAt: 600_000_000,
    drainedAtTime: '',
    delivered: 10,
    lost: 1,
    deadLettered: 0,
    discarded: 0,
    backlogAtEnd: 0,
  };
  it('compares drain time (within a second: the same), delivered, lost, dead-lettered and discarded', () => {
    expect(
      [
        without,
        { ...without, drainedAt: null },
        { ...without, drainedAt: 1_200_000_000 },
        { ...without, drainedAt: 600_000_100 },
        { ...without, discarded: 3 },
        { ...without, drainedAt: 300_000_000, lost: 4 },
        { ...without, drainedAt: 300_000_000 },
        { ...without, delivered: 11 },
      ].map((outcome) => classifyHelped(run, outcome)),
    ).toEqual(['no', 'yes', 'yes', 'no', 'yes', 'partly', 'harmful', 'harmful']);
  });
});

describe('mqsim run effects', () => {
  it('adds effect to each timeline action in --json, and --no-effects leaves them out', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mqsim-effects-')), 'effects.yaml');
    writeFileSync(file, scenarioWith(TIMELINE));
    const json = JSON.parse((await runMqsim(['run', file, '--json'])).stdout);
    const actions = json.timeline.filter((entry: { kind: string }) => entry.kind === 'action');
    expect(actions.map((entry: { effect?: { helped: string } }) => entry.effect?.helped)).toEqual([
      'no',
      'no',
      'yes',
      'unknown',
      'yes',
    ]);
    expect(actions[1].effect).toEqual({
      changed: ['DNS client cache flushed (1 entry)'],
      helped: 'no',
      counterfactual: {
        drainedAt: json.outcome.drainedAt,
        drainedAtTime: json.outcome.drainedAtTime,
        delivered: json.totals.delivered,
        lost: 0,
        deadLettered: 0,
        discarded: 0,
        backlogAtEnd: 0,
      },
    });
    const plain = JSON.parse((await runMqsim(['run', file, '--json', '--no-effects'])).stdout);
    expect(plain.timeline.some((entry: { effect?: unknown }) => entry.effect !== undefined)).toBe(
      false,
    );
    const text = await runMqsim(['run', file, '--no-effects']);
    expect(text.stdout).not.toContain('Effects');
  });
});
