/**
 * Model fuzzing: random scenarios (scenario-arbitrary.ts) run through the real loader and engine,
 * with the invariants of model-checks.ts checked at random points of each run and at its end.
 *
 * `MQSIM_FUZZ_RUNS` (read here only) sets the number of cases: by default {@link LOCAL_RUNS} on a
 * developer's machine, so `pnpm test` stays fast, and {@link CI_RUNS} (about 40 s on 2 CPUs) when
 * `CI=true`, seeded from the commit (see {@link commitSeed}); `pnpm fuzz` runs 20 000 random
 * cases, about 7 minutes. A failure prints the
 * shrunk scenario as YAML, the check that failed and the fast-check seed: save the YAML as
 * `fuzz-case.yaml` and replay it with `mqsim run fuzz-case.yaml --seed <seed>`.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario, ScenarioError } from '@mqsim/scenario';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startSimulation } from '../run-scenario.js';
import {
  checkModel,
  checkReportTotals,
  createModelMonitor,
  type ModelMonitor,
} from './model-checks.js';
import { type FuzzCase, fuzzCaseArbitrary } from './scenario-arbitrary.js';

/** Cases per local `pnpm test`: a few seconds. */
const LOCAL_RUNS = 200;
/** Cases per CI run: about 40 s on 2 CPUs (20 ms a case). */
const CI_RUNS = 2_000;
const RUNS = readRuns(
  process.env.MQSIM_FUZZ_RUNS,
  process.env.CI === 'true' ? CI_RUNS : LOCAL_RUNS,
);
/** Generous: about 0.5 s a case at worst, plus a minute. */
const TIMEOUT_MS = 60_000 + RUNS * 500;

function readRuns(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new RangeError(`MQSIM_FUZZ_RUNS=${text} is not a whole number of runs ≥ 1`);
  return runs;
}

/**
 * The seed of a CI run when none is given: the first 32 bits of the commit checked out, so a
 * commit's CI result is a fact about the commit — the same on every re-run and on a developer's
 * `CI=true` run — while each new commit still explores cases no run has tried
 * (docs/decisions/0013). Random outside a git checkout.
 */
function commitSeed(): number | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return /^[0-9a-f]{8}/.test(head) ? Number.parseInt(head.slice(0, 8), 16) | 0 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `MQSIM_FUZZ_SEED` and `MQSIM_FUZZ_PATH` (both printed on a failure) replay one failing case
 * exactly, shrinking included, without waiting for the random cases before it.
 */
function replayOptions(
  seed: string | undefined,
  path: string | undefined,
): { seed?: number; path?: string } {
  if (seed === undefined || seed === '') {
    const fromCommit = process.env.CI === 'true' ? commitSeed() : undefined;
    return fromCommit === undefined ? {} : { seed: fromCommit };
  }
  const value = Number(seed);
  if (!Number.isSafeInteger(value))
    throw new RangeError(`MQSIM_FUZZ_SEED=${seed} is not a whole number`);
  return path === undefined || path === '' ? { seed: value } : { seed: value, path };
}

class InvariantViolation extends Error {
  constructor(
    readonly when: string,
    readonly problems: readonly string[],
  ) {
    super(`${when}:\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
}

/** Loads and runs one case; throws {@link InvariantViolation} at the first check that fails. */
function runCase(fuzzCase: FuzzCase): void {
  const scenario = loadScenario(fuzzCase.yaml, 'fuzz-case.yaml');
  const monitor = createModelMonitor(scenario, scenario.duration);
  const simulation = startSimulation(scenario, {
    seed: fuzzCase.seed,
    trackMessages: true,
    trace: monitor.sink,
  });
  monitor.attach(simulation.world);
  // Each checkpoint is also where `mqsim run --until` could cut the run: the report made there
  // must partition the messages as the model does.
  const check = (when: string) => {
    const { balance, problems } = checkModel(simulation.world, monitor);
    problems.push(...checkReportTotals(simulation.report().totals, balance));
    if (problems.length > 0) throw new InvariantViolation(when, problems);
  };
  check('at the start');
  for (const fraction of fuzzCase.checkpoints) {
    const tick = Math.floor(simulation.end * fraction);
    simulation.advanceTo(tick);
    check(`at tick ${tick} (${Math.round(fraction * 100)}% of the run)`);
  }
  simulation.advanceTo(simulation.end);
  check('at the end of the run');
}

function describeFailure(details: fc.RunDetails<[FuzzCase]>): string {
  const [fuzzCase] = details.counterexample ?? [];
  const error = details.errorInstance;
  const reason =
    error instanceof InvariantViolation
      ? `Invariant violated ${error.message}`
      : `The run threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  return [
    `Model fuzzing failed after ${details.numRuns} case(s), shrunk ${details.numShrinks} time(s).`,
    reason,
    '',
    `Replay: save the YAML below as fuzz-case.yaml and run \`mqsim run fuzz-case.yaml --seed ${fuzzCase?.seed ?? '?'}\``,
    `(fast-check: seed ${details.seed}, path "${details.counterexamplePath ?? ''}"; checkpoints ${JSON.stringify(fuzzCase?.checkpoints ?? [])})`,
    '--- fuzz-case.yaml ---',
    fuzzCase?.yaml ?? '(no counterexample)',
  ].join('\n');
}

describe('the simulator under random scenarios', () => {
  it(
    'conserves messages, keeps transactional streams exactly once and in order, stores only what is addressed to each queue manager, and never refreshes DS lists early',
    () => {
      let rejected = 0;
      let firstRejection = '';
      const property = fc.property(fuzzCaseArbitrary(), (fuzzCase) => {
        try {
          runCase(fuzzCase);
        } catch (error) {
          if (!ScenarioError.isInstance(error)) throw error;
          rejected++;
          if (firstRejection === '') firstRejection = `${error.message}\n${fuzzCase.yaml}`;
          fc.pre(false);
        }
      });
      fc.assert(property, {
        numRuns: RUNS,
        maxSkipsPerRun: 1,
        ...replayOptions(process.env.MQSIM_FUZZ_SEED, process.env.MQSIM_FUZZ_PATH),
        reporter(details) {
          if (details.failed) throw new Error(describeFailure(details));
        },
      });
      // The loader should accept nearly every generated scenario: they are valid by construction.
      expect(rejected, firstRejection).toBeLessThanOrEqual(Math.ceil(RUNS / 100));
    },
    TIMEOUT_MS,
  );
});

// The checks must be able to fail: each rule, broken on purpose, is reported.
describe('the model checks', () => {
  const scenario = loadScenario(
    [
      'name: checks',
      'start: 2026-11-23T08:00:00Z',
      'duration: 1h',
      'networks: [{ name: lan }]',
      'hosts:',
      '  - { name: APP01, domain: corp.example, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.10] }] }',
      "  - { name: APP02, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.11] }], queues: [{ name: 'private$\\xact', transactional: true }] }",
      '  - name: APP03',
      '    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.12] }]',
      '    registry: { DSNextSiteListRefreshTime: { type: REG_QWORD, value: 2026-11-23T08:30:00Z } }',
    ].join('\n'),
    'checks.yaml',
  );
  const minute = 600_000_000;
  const emit = (monitor: ModelMonitor, t: number, host: string, type: string, fields = {}) =>
    monitor.sink.emit({ t, host, source: 'test', type, ...fields });
  const send = (monitor: ModelMonitor, id: number, delivery: string, destination: string) =>
    emit(monitor, 0, 'APP01', 'qm.message.sent', { id, delivery, destination });

  it('finds nothing wrong in a run that keeps every rule', () => {
    const monitor = createModelMonitor(scenario, scenario.duration);
    const simulation = startSimulation(scenario, { trackMessages: true, trace: monitor.sink });
    monitor.attach(simulation.world);
    simulation.advanceTo(simulation.end);
    expect(checkModel(simulation.world, monitor).problems).toEqual([]);
  });

  // Cases the fuzz found, each a fix in the engine's accounting or in the model's placement.
  it.each([
    ['gave-up-while-on-the-wire.yaml', 1_622_265_380],
    ['returned-after-sender-gave-up.yaml', 1],
    ['purged-copy-of-a-received-message.yaml', 1],
    ['returned-after-sender-dead-lettered.yaml', 1_695_490_784],
    ['lost-from-the-outgoing-queue-on-the-wire.yaml', 419_792_206],
    ['resent-copy-refused-by-another-machine.yaml', 1],
  ])('finds nothing wrong in the fuzz case %s', (file, seed) => {
    const text = readFileSync(new URL(`../__fixtures__/${file}`, import.meta.url), 'utf8');
    const found = loadScenario(text, file);
    const monitor = createModelMonitor(found, found.duration);
    const simulation = startSimulation(found, { seed, trackMessages: true, trace: monitor.sink });
    monitor.attach(simulation.world);
    simulation.advanceTo(simulation.end);
    const { balance, problems } = checkModel(simulation.world, monitor);
    expect(problems).toEqual([]);
    expect(checkReportTotals(simulation.report().totals, balance)).toEqual([]);
  });

  it('reports a message stored twice, out of order, or by a machine it is not addressed to', () => {
    const monitor = createModelMonitor(scenario, scenario.duration);
    send(monitor, 1, 'transactional', 'xact@APP02');
    send(monitor, 2, 'transactional', 'xact@APP02');
    emit(monitor, minute, 'APP02', 'qm.message.delivered', { id: 2, from: 'APP01' });
    emit(monitor, minute, 'APP02', 'qm.message.delivered', { id: 1, from: 'APP01' });
    emit(monitor, minute, 'APP02', 'qm.message.delivered', { id: 2, from: 'APP01' });
    emit(monitor, minute, 'APP03', 'qm.message.delivered', { id: 1, from: 'APP01' });
    expect(monitor.problems).toEqual([
      '2026-11-23T08:01:00.0000000Z (tick 600000000): transactional APP01:1 (to xact@APP02) is stored on APP02 after id 2 of the same stream',
      '2026-11-23T08:01:00.0000000Z (tick 600000000): APP01:2 is stored a second time, on APP02',
      '2026-11-23T08:01:00.0000000Z (tick 600000000): transactional APP01:2 (to xact@APP02) is stored on APP02 after id 2 of the same stream',
      '2026-11-23T08:01:00.0000000Z (tick 600000000): APP01:1 is stored a second time, on APP03',
      '2026-11-23T08:01:00.0000000Z (tick 600000000): APP03 stores APP01:1 sent to xact@APP02: app02 is not one of its names',
    ]);
  });

  it('reports a lost message that was not express, or lost for another reason than a stop or crash', () => {
    const monitor = createModelMonitor(scenario, scenario.duration);
    send(monitor, 1, 'recoverable', 'xact@APP02');
    send(monitor, 2, 'express', 'xact@APP02');
    emit(monitor, minute, 'APP01', 'qm.message.lost', { id: 1, from: 'APP01', reason: 'crash' });
    emit(monitor, minute, 'APP01', 'qm.message.lost', { id: 2, from: 'APP01', reason: 'quota' });
    expect(monitor.problems).toEqual([
      '2026-11-23T08:01:00.0000000Z (tick 600000000): recoverable APP01:1 is lost on APP01 (crash)',
      '2026-11-23T08:01:00.0000000Z (tick 600000000): APP01:2 is lost for quota, not a stop or crash',
    ]);
  });

  it('reports a DS list refreshed before its persisted next time, or retried without a failure', () => {
    const monitor = createModelMonitor(scenario, scenario.duration);
    emit(monitor, 0, 'APP03', 'qm.service.started');
    emit(monitor, 10 * minute, 'APP03', 'ds.refresh.started', { list: 'site', reason: 'due' });
    emit(monitor, 10 * minute, 'APP03', 'ds.refresh.started', { list: 'site', reason: 'missing' });
    emit(monitor, 0, 'APP03', 'ds.refresh.started', { list: 'enterprise', reason: 'missing' });
    emit(monitor, minute, 'APP03', 'ds.refresh.succeeded', {
      list: 'enterprise',
      nextTime: '2026-11-23T09:00:00Z',
    });
    emit(monitor, 59 * minute, 'APP03', 'ds.refresh.started', {
      list: 'enterprise',
      reason: 'interval',
    });
    emit(monitor, 60 * minute, 'APP03', 'ds.refresh.started', {
      list: 'enterprise',
      reason: 'interval',
    });
    emit(monitor, 60 * minute, 'APP03', 'ds.refresh.started', { list: 'site', reason: 'retry' });
    expect(monitor.problems).toEqual([
      '2026-11-23T08:10:00.0000000Z (tick 6000000000): APP03 starts a site refresh (due) early: the next time is 2026-11-23T08:30:00.0000000Z',
      '2026-11-23T08:10:00.0000000Z (tick 6000000000): APP03 starts a site refresh (missing), but the next time was 2026-11-23T08:30:00.0000000Z',
      '2026-11-23T08:59:00.0000000Z (tick 35400000000): APP03 starts an enterprise refresh (interval) early: the next time is 2026-11-23T09:00:00.0000000Z',
      '2026-11-23T09:00:00.0000000Z (tick 36000000000): APP03 starts a site refresh (retry) without a failure since its start',
    ]);
  });
});
