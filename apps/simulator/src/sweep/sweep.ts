import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatDuration } from '@mqsim/filetime';
import {
  applyOverride,
  checkDistinctPaths,
  combineSetValues,
  formatProblem,
  loadScenario,
  type Scenario,
  ScenarioError,
  ScenarioOverrideError,
  type ScenarioProblem,
  type SetFlag,
  type SetValue,
} from '@mqsim/scenario';
import { CliInputError } from '../cli-input.js';
import type { RunFailure, RunSummary } from './run-summary.js';
import { formatSeedList } from './seed-list.js';
import { SweepInternalError, SweepRunError } from './sweep-errors.js';
import { MAX_SWEEP_RUNS } from './sweep-limits.js';
import { createSweepTaskHandler, type SweepTask, type SweepWorkerData } from './sweep-task.js';
import { runOnWorkers } from './worker-pool.js';

export { MAX_SWEEP_RUNS };

/** What to sweep: a scenario's text, the seeds, the `--set` flags. */
export interface SweepInput {
  /** The scenario as written (YAML or JSON). */
  readonly text: string;
  /** The file it came from, for messages. */
  readonly file: string;
  /** Seeds to run, ascending; `undefined`: the scenario's own seed. */
  readonly seeds?: readonly number[] | undefined;
  readonly sets?: readonly SetFlag[];
  /** Stop every run at this tick. */
  readonly until?: number | undefined;
  /** Refuse sweeps of more runs. Default {@link MAX_SWEEP_RUNS}. */
  readonly maxRuns?: number;
  /** Run only this slice of the runs (`--shard K/N`). */
  readonly shard?: SweepShard | undefined;
}

/** A sweep checked and ready to run: every combination's scenario loaded. */
export interface SweepPlan {
  /** The scenario as written, without `--set` values. */
  readonly scenario: Scenario;
  readonly file: string;
  readonly seeds: readonly number[];
  readonly sets: readonly SetFlag[];
  /** The values of each combination, one per `--set` flag, in flag order. */
  readonly combinations: readonly (readonly SetValue[])[];
  /** The scenario text of each combination. */
  readonly texts: readonly string[];
  /** The loaded scenario of each combination. */
  readonly scenarios: readonly Scenario[];
  readonly until: number | undefined;
  /** The slice of the runs this plan runs (`--shard K/N`); absent: every run. */
  readonly shard?: SweepShard | undefined;
}

/** A finished sweep. */
export interface SweepResult {
  readonly plan: SweepPlan;
  /** One summary per run, by combination, then seed. */
  readonly runs: readonly RunSummary[];
  /** Worker threads used; 1: in-process. */
  readonly workers: number;
  /** Why the sweep ran in-process although workers were asked for, when it did. */
  readonly note?: string;
}

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Worker threads; default `os.availableParallelism()`, never more than runs; 1: in-process. */
  readonly workers?: number | undefined;
  /** The worker entry; default `sweep-worker.js` beside this module (the built CLI). */
  readonly workerUrl?: URL;
  /** Called after each run with how many are done. */
  readonly onDone?: (done: number, total: number) => void;
}

/**
 * Checks a sweep before any run: the scenario loads, every `--set` path leads somewhere, every
 * combination of values gives a valid scenario, and the sweep is not too large.
 *
 * @throws {ScenarioError} when the scenario itself is invalid.
 * @throws {ScenarioOverrideError} for a `--set` path that leads nowhere, or values that make the
 *   scenario invalid (with the loader's located problems).
 * @throws {CliInputError} for more than `maxRuns` runs, with what the sweep would simulate.
 */
export function planSweep(input: SweepInput): SweepPlan {
  const scenario = loadScenario(input.text, input.file);
  const sets = input.sets ?? [];
  const seeds = input.seeds ?? [scenario.seed];
  checkDistinctPaths(sets);
  const combinations = combineSetValues(sets);
  const runs = seeds.length * combinations.length;
  const maxRuns = input.maxRuns ?? MAX_SWEEP_RUNS;
  if (runs > maxRuns) throw tooManyRuns(scenario, seeds, combinations.length, maxRuns, input.until);
  const texts: string[] = [];
  const scenarios: Scenario[] = [];
  for (const values of combinations) {
    let text = input.text;
    const addedLines: number[] = [];
    values.forEach((value, index) => {
      const edit = applyOverride(text, input.file, sets[index] as SetFlag, value);
      text = edit.text;
      if (edit.addedLine !== undefined) addedLines.push(edit.addedLine);
    });
    try {
      scenarios.push(loadScenario(text, input.file));
    } catch (error) {
      if (!ScenarioError.isInstance(error)) throw error;
      const problems = error.problems.map((problem) => toFileLine(problem, addedLines));
      const first = problems[0];
      throw new ScenarioOverrideError(
        `with ${describeValues(sets, values)} the scenario is invalid:\n${problems.map(formatProblem).join('\n')}`,
        {
          value: describeValues(sets, values),
          ...(first === undefined ? {} : { line: first.line, column: first.column }),
          ...(first?.allowed === undefined ? {} : { allowed: first.allowed }),
          cause: error,
        },
      );
    }
    texts.push(text);
  }
  return {
    scenario,
    file: input.file,
    seeds,
    sets,
    combinations,
    texts,
    scenarios,
    until: input.until,
    ...(input.shard === undefined ? {} : { shard: input.shard }),
  };
}

/**
 * Runs every combination with every seed, on worker threads or in-process, and gives the
 * summaries by combination, then seed: the same summaries whatever the number of workers.
 *
 * @throws {SweepRunError} when a run fails with an mqsim error (as `mqsim run` would).
 * @throws {SweepInternalError} when a run throws anything else or a worker dies.
 */
export async function runSweep(
  plan: SweepPlan,
  options: RunSweepOptions = {},
): Promise<SweepResult> {
  const replayed = await runReplays(
    {
      file: plan.file,
      texts: plan.texts,
      scenarios: plan.scenarios,
      seeds: plan.seeds,
      until: plan.until,
      shard: plan.shard,
      describe: (task) => {
        const values = plan.combinations[task.combination] ?? [];
        const context = plan.sets.length === 0 ? '' : ` with ${describeValues(plan.sets, values)}`;
        return `the run of seed ${task.seed}${context}`;
      },
    },
    options,
  );
  return { plan, ...replayed };
}

/** Scenario texts to replay, each with every seed: a sweep's combinations, `mqsim fixes`' candidates. */
export interface ReplayBatch {
  /** The scenario file, for messages. */
  readonly file: string;
  /** The scenario text of each variant (a combination, a candidate fix), by index. */
  readonly texts: readonly string[];
  /** The same texts already loaded, by index, for in-process runs (loaded again when absent). */
  readonly scenarios?: readonly Scenario[];
  readonly seeds: readonly number[];
  /** Stop every run at this tick. */
  readonly until: number | undefined;
  /** Names a run in a failure message, e.g. `the run of seed 3 with --set …`. */
  readonly describe: (task: SweepTask) => string;
  /**
   * Run only the `index`-th of `count` deterministic slices of the runs: run `i` (variant-major,
   * then seed) belongs to slice `i mod count`, so every slice gets a share of every variant.
   */
  readonly shard?: SweepShard | undefined;
}

/** One of `count` slices of a sweep's runs: `index` from 0 to `count − 1`. */
export interface SweepShard {
  readonly index: number;
  readonly count: number;
}

/** The replays of a {@link ReplayBatch}. */
export interface ReplayResult {
  /** One summary per run, by variant (`combination`), then seed. */
  readonly runs: readonly RunSummary[];
  /** Worker threads used; 1: in-process. */
  readonly workers: number;
  /** Why the runs went in-process although workers were asked for, when they did. */
  readonly note?: string;
}

/**
 * Runs every text of `batch` with every seed, on worker threads or in-process, and gives the
 * summaries by variant, then seed: the same summaries whatever the number of workers. The one
 * pool behind `mqsim sweep`, `mqsim fixes` and the effects of `mqsim run`.
 *
 * @throws {SweepRunError} when a run fails with an mqsim error (as `mqsim run` would).
 * @throws {SweepInternalError} when a run throws anything else or a worker dies.
 */
export async function runReplays(
  batch: ReplayBatch,
  options: RunSweepOptions = {},
): Promise<ReplayResult> {
  const shard = batch.shard;
  const tasks: SweepTask[] = batch.texts
    .flatMap((_, combination) => batch.seeds.map((seed) => ({ combination, seed })))
    .filter((_, position) => shard === undefined || position % shard.count === shard.index);
  const data: SweepWorkerData = { file: batch.file, texts: batch.texts, until: batch.until };
  const toError = (failure: RunFailure, task: SweepTask) => toRunError(batch, failure, task);
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks.length));
  const workerUrl = options.workerUrl ?? new URL('./sweep-worker.js', import.meta.url);
  let note: string | undefined;
  let runs: RunSummary[];
  if (size > 1 && workerUrl.protocol === 'file:' && !existsSync(fileURLToPath(workerUrl)))
    note = `no worker entry at ${fileURLToPath(workerUrl)} (mqsim runs from source?); running in-process`;
  if (size > 1 && note === undefined) {
    runs = await runOnWorkers<SweepTask, RunSummary, RunFailure>(tasks, {
      size,
      createWorker: () => new Worker(workerUrl, { workerData: data }),
      toError,
      ...(options.onDone === undefined ? {} : { onDone: options.onDone }),
    });
  } else {
    const handle = createSweepTaskHandler(data, batch.scenarios);
    runs = tasks.map((task, index) => {
      const reply = handle({ index, task });
      if ('failure' in reply) throw toError(reply.failure, task);
      options.onDone?.(index + 1, tasks.length);
      return reply.result;
    });
  }
  const sorted = [...runs].sort((a, b) => a.combination - b.combination || a.seed - b.seed);
  return {
    runs: sorted,
    workers: note === undefined ? size : 1,
    ...(note === undefined ? {} : { note }),
  };
}

/**
 * The `--set` values of a combination as flags, e.g. `hosts.1.msmq.nameCache=respect-ttl`;
 * `the scenario as written` without `--set`.
 */
export function describeValues(sets: readonly SetFlag[], values: readonly SetValue[]): string {
  if (sets.length === 0) return 'the scenario as written';
  return values.map((value, index) => `--set ${sets[index]?.path}=${value.text}`).join(' ');
}

/**
 * A problem of the edited text placed in the user's file: lines below an added line move back
 * up, and a problem on an added line is shown on the line it was added after.
 */
function toFileLine(problem: ScenarioProblem, addedLines: readonly number[]): ScenarioProblem {
  let { line, column, message } = problem;
  for (const added of [...addedLines].reverse()) {
    if (line === added && message === problem.message) {
      line = added - 1;
      column = 1;
      message = `${message} (in the key --set adds after this line)`;
    } else if (line > added) line -= 1;
  }
  return { ...problem, line, column, message };
}

function toRunError(batch: ReplayBatch, failure: RunFailure, task: SweepTask): Error {
  const message = `${batch.describe(task)} failed: ${failure.message}`;
  if (failure.code !== undefined) return new SweepRunError(message, { value: task.seed });
  return new SweepInternalError(
    message,
    failure.stack === undefined ? undefined : { stack: failure.stack },
  );
}

function tooManyRuns(
  scenario: Scenario,
  seeds: readonly number[],
  combinations: number,
  maxRuns: number,
  until: number | undefined,
): CliInputError {
  const runs = seeds.length * combinations;
  const count = (n: number) => n.toLocaleString('en-US');
  const simulated = Math.min(until ?? scenario.duration, scenario.duration);
  // The loader's estimate is for the whole run; a shorter run sends about its share.
  const messages = Math.ceil((scenario.estimate.messages * simulated) / scenario.duration);
  const seedText = formatSeedList(seeds);
  return new CliInputError(
    `--seeds ${seedText} with ${combinations} --set combination${combinations === 1 ? '' : 's'} is ` +
      `${count(runs)} runs (${count(seeds.length)} seeds × ${count(combinations)}), more than the ` +
      `${count(maxRuns)} a sweep may make; they would simulate ${formatDuration(simulated)} and up to ` +
      `${count(messages)} messages each, ${count(runs * messages)} messages in all`,
    {
      value: runs,
      allowed: `at most ${count(maxRuns)} runs: fewer seeds or fewer --set values`,
    },
  );
}
