import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDuration, toSafeTicks } from '@mqsim/filetime';
import { parseSetFlag, resolveScenario, ScenarioOverrideError } from '@mqsim/scenario';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliInputError } from '../cli-input.js';
import { planSweep, runSweep, type SweepInput } from './sweep.js';
import { SweepRunError } from './sweep-errors.js';

const file = resolveScenario('nat-renumbering');
const text = readFileSync(file, 'utf8');
const until = toSafeTicks(parseDuration('15m'));
const input = (extra: Partial<SweepInput> = {}): SweepInput => ({ text, file, until, ...extra });

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new TypeError('expected an error');
}

describe('planSweep', () => {
  it('makes one scenario per combination of --set values, the first flag changing slowest', () => {
    const plan = planSweep(
      input({
        seeds: [1, 2],
        sets: [
          parseSetFlag('hosts.APP02.msmq.nameCache=until-restart,respect-ttl'),
          parseSetFlag('workload.0.every=1s,100ms'),
        ],
      }),
    );
    expect(
      plan.scenarios.map((scenario) => [
        scenario.hosts[1]?.msmq?.nameCache?.kind,
        scenario.workload[0]?.every,
      ]),
    ).toEqual([
      ['until-restart', 10_000_000],
      ['until-restart', 1_000_000],
      ['respect-ttl', 10_000_000],
      ['respect-ttl', 1_000_000],
    ]);
  });

  it("runs the scenario's own seed when no seeds are given", () => {
    expect(planSweep(input()).seeds).toEqual([1]);
  });

  it('reports values that make the scenario invalid at their line in the file', () => {
    const error = errorOf(() =>
      planSweep(input({ sets: [parseSetFlag('hosts.1.msmq.nameCache=never,bogus')] })),
    );
    expect(ScenarioOverrideError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'with --set hosts.1.msmq.nameCache=bogus the scenario is invalid:\n' +
        `${file}:45:24: hosts[1].msmq.nameCache: "bogus" is not one of the allowed values (allowed: until-restart, respect-ttl, never, never-re-resolve, re-resolve-on-failure)`,
    );
  });

  it('refuses more runs than allowed, saying how much they would simulate', () => {
    const error = errorOf(() =>
      planSweep(
        input({
          seeds: Array.from({ length: 20 }, (_, index) => index),
          sets: [parseSetFlag('workload.0.every=1s,2s')],
          maxRuns: 30,
        }),
      ),
    );
    expect(CliInputError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      '--seeds 0..19 with 2 --set combinations is 40 runs (20 seeds × 2), more than the 30 a sweep may make; ' +
        'they would simulate 15m and up to 900 messages each, 36,000 messages in all',
    );
  });
});

describe('runSweep in-process', () => {
  it('gives the same fingerprint for the same seed, and summaries by combination then seed', async () => {
    const plan = planSweep(
      input({ seeds: [3, 1], sets: [parseSetFlag('workload.0.every=1s,500ms')] }),
    );
    const first = await runSweep(plan, { workers: 1 });
    const again = await runSweep(plan, { workers: 1 });
    expect(again.runs).toEqual(first.runs);
    expect(first.workers).toBe(1);
    expect(first.runs.map((run) => [run.combination, run.seed])).toEqual([
      [0, 1],
      [0, 3],
      [1, 1],
      [1, 3],
    ]);
    expect(first.runs[0]).toEqual({
      combination: 0,
      seed: 1,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      endedAt: until,
      events: expect.any(Number),
      totals: {
        sent: 901,
        delivered: 600,
        received: 600,
        queued: 0,
        deadLettered: 0,
        lost: 0,
        stuck: 301,
        waiting: 301,
        inFlight: 0,
        awaitingAcknowledgement: 0,
        inDoubt: 0,
        sendFailures: 0,
        discarded: 0,
        purged: 0,
        unprocessed: 0,
      },
      expectations: {
        passed: 2,
        failed: [
          'every message sent was delivered',
          'outgoing queue orders@APP01 on APP02',
          'tcp.refused events on APP02',
        ],
      },
      outcome: {
        drainedAt: null,
        peakBacklog: 301,
        backlogAtEnd: 301,
        refusedAttempts: 0,
        timedOutAttempts: 2,
      },
      // The diagnosis's own tests say what it finds; here only that a summary keeps the first.
      finding: first.runs[0]?.finding,
    });
  });

  it('falls back to in-process, with a note, when the worker entry is not built', async () => {
    const plan = planSweep(input({ seeds: [1, 2], until: toSafeTicks(parseDuration('1m')) }));
    const missing = pathToFileURL(join(tmpdir(), 'no-such-dir', 'sweep-worker.js'));
    const result = await runSweep(plan, { workers: 2, workerUrl: missing });
    expect([result.workers, result.note]).toEqual([
      1,
      `no worker entry at ${fileURLToPath(missing)} (mqsim runs from source?); running in-process`,
    ]);
    expect(result.runs).toEqual((await runSweep(plan, { workers: 1 })).runs);
  });

  it('names the run when it fails with an mqsim error', async () => {
    const plan = planSweep(input({ seeds: [1] }));
    // A scenario text the worker cannot load stands in for a run that fails.
    const broken = { ...plan, texts: ['name: x\n'], scenarios: [] };
    const error = await runSweep(broken, { workers: 1 }).catch((caught: unknown) => caught);
    expect(SweepRunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^the run of seed 1 failed: ${file}:1:1: missing required key "start"`),
    );
  });
});

describe('runSweep on worker threads', () => {
  // The worker entry is TypeScript; workers load JavaScript. Build it once into a temporary
  // folder with everything bundled, as tsup builds dist/sweep-worker.js for the CLI.
  let directory = '';
  let workerUrl: URL;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'mqsim-sweep-worker-'));
    const { build } = await import('tsup');
    await build({
      config: false,
      entry: { 'sweep-worker': fileURLToPath(new URL('./sweep-worker.ts', import.meta.url)) },
      outDir: directory,
      format: ['esm'],
      platform: 'node',
      target: 'node20',
      silent: true,
      dts: false,
      sourcemap: false,
      noExternal: [/.*/],
      // Bundled CommonJS dependencies (yaml, ajv) call require() for Node built-ins.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      esbuildOptions(options) {
        options.conditions = ['@mqsim/source', 'module'];
      },
    });
    workerUrl = pathToFileURL(join(directory, 'sweep-worker.js'));
  }, 60_000);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('gives exactly the summaries of an in-process sweep', async () => {
    const plan = planSweep(
      input({
        seeds: [1, 2, 7],
        sets: [parseSetFlag('hosts.APP02.msmq.nameCache=until-restart,respect-ttl')],
        until: toSafeTicks(parseDuration('5m')),
      }),
    );
    const pooled = await runSweep(plan, { workers: 2, workerUrl });
    expect([pooled.workers, pooled.note]).toEqual([2, undefined]);
    expect(pooled.runs).toEqual((await runSweep(plan, { workers: 1 })).runs);
  }, 60_000);
});
