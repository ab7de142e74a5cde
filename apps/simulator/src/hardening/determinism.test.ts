// Determinism of every built-in scenario (hardening issue, "Determinism").
//
// - Repeatability: every built-in × 50 seeds is run twice, back to back in one module instance
//   (so module-level state leaking from one run into the next shows too), and both passes must
//   give the same trace fingerprint (SHA-256 of every trace event in order), event count and
//   message totals. Those 50 seeds stop 5 simulated minutes after the scenario's last timeline
//   action (`runScenario`'s `until`), which covers every action and the random traffic after it;
//   three seeds also run the full length twice, in this thread.
// - Seeds: randomness comes only from @mqsim/transport's seeded per-link streams, drawn with an
//   effect only on a link with jitter, loss, duplication or reordering. A built-in with such a
//   link must give (nearly) every seed its own fingerprint; a built-in without one must give one
//   fingerprint for all seeds, so the seed leaks into nothing else.
// - Threads and processes: the 50-seed passes run in two `node:worker_threads` Workers (one half
//   of the seeds each, so both CPUs work), some jobs also on the main thread of a fresh `node`
//   process with another time zone, locale and working directory, and again in this thread; all
//   must agree. Plain Node cannot import the TypeScript sources (tsx is not installed, Node 20
//   cannot strip types), so `beforeAll` bundles `determinism-entry.ts` with esbuild — resolved
//   through tsup, the repo's build tool, so it is the esbuild that builds `dist/` — honouring the
//   `@mqsim/source` condition, into a temporary directory: no prior build is needed and the
//   bundle is the very source this file imports. This thread is whatever vitest's pool gives (a
//   forked process's main thread by default), so the fresh process is the guaranteed main thread.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import {
  builtInScenarios,
  loadScenario,
  type Scenario,
  type ScenarioLinkSettings,
} from '@mqsim/scenario';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IsolatedAnswer,
  type IsolatedJob,
  type IsolatedRequest,
  type IsolatedResult,
  runJobs,
} from './determinism-jobs.js';

const TICKS_PER_MINUTE = 600_000_000;

/** 50 seeds: 0 to 46 and the top of the range a scenario's seed may take (0 to 2^32 − 1). */
const SEEDS = [
  ...Array.from({ length: 47 }, (_, index) => index),
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
];
const FULL_LENGTH_SEEDS = [1, 2, 2 ** 32 - 1];
/** The seeds also run in a fresh process and in this thread. */
const CROSS_CHECK_SEEDS = [1, 2 ** 31];

interface BuiltIn {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly scenario: Scenario;
}

// Estates (more than 100,000 messages: `enterprise`) take a minute a run from source; the
// engine's estate.test.ts runs them, and the fingerprint is the same code for every size.
const builtIns: BuiltIn[] = builtInScenarios()
  .map(({ name, path }) => {
    const file = `${name}.yaml`;
    const text = readFileSync(path, 'utf8');
    return { name, file, text, scenario: loadScenario(text, file) };
  })
  .filter((builtIn) => builtIn.scenario.estimate.messages <= 100_000);

/** Five minutes past the last timeline action, or the whole scenario when that is shorter. */
function shortenedEnd(scenario: Scenario): number {
  const lastAction = Math.max(0, ...scenario.timeline.map((action) => action.at));
  return Math.min(scenario.duration, lastAction + 5 * TICKS_PER_MINUTE);
}

/** Whether a link's random draws change anything: jitter above 0, or any loss, duplicate, reorder. */
function drawsRandomness(link: ScenarioLinkSettings): boolean {
  const { jitter } = link;
  let jitterSize = 0;
  if (typeof jitter === 'number') jitterSize = jitter;
  else if (jitter?.distribution === 'uniform') jitterSize = jitter.max;
  else if (jitter?.distribution === 'normal') jitterSize = jitter.stddev;
  else if (jitter?.distribution === 'exponential') jitterSize = jitter.mean;
  else if (jitter?.distribution === 'pareto') jitterSize = jitter.scale;
  return (
    jitterSize > 0 || (link.loss ?? 0) > 0 || (link.duplicate ?? 0) > 0 || (link.reorder ?? 0) > 0
  );
}

/** Whether any network of the scenario is random, from the start or after a `set-link`. */
function involvesRandomness(scenario: Scenario): boolean {
  return (
    scenario.networks.some((network) => drawsRandomness(network.link)) ||
    scenario.timeline.some((action) => action.do === 'set-link' && drawsRandomness(action.link))
  );
}

function jobsOf(builtIn: BuiltIn, seeds: readonly number[], until?: number): IsolatedJob[] {
  return seeds.map((seed) => ({
    file: builtIn.file,
    text: builtIn.text,
    seed,
    ...(until === undefined ? {} : { until }),
  }));
}

/** A run as compared: which job, and what it gave. */
function outcome(job: IsolatedJob, result: IsolatedResult | undefined) {
  return {
    scenario: job.file,
    seed: job.seed,
    fingerprint: result?.fingerprint,
    events: result?.events,
    totals: result?.totals,
  };
}

const shortenedJobs = builtIns.flatMap((builtIn) =>
  jobsOf(builtIn, SEEDS, shortenedEnd(builtIn.scenario)),
);
const crossCheckJobs = shortenedJobs.filter((job) => CROSS_CHECK_SEEDS.includes(job.seed));

describe('determinism', () => {
  let directory: string | undefined;
  /** Every shortened job's outcome in each of two passes, from the two workers. */
  let workerPasses: { first: ReturnType<typeof outcome>[]; second: ReturnType<typeof outcome>[] };
  let workers: readonly IsolatedAnswer[];
  let freshProcess: IsolatedAnswer;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'mqsim-determinism-'));
    const bundle = join(directory, 'determinism-entry.mjs');
    await bundleEntry(bundle);
    const halves = [0, 1].map((half) => shortenedJobs.filter((_, index) => index % 2 === half));
    const requestFile = join(directory, 'request.json');
    writeFileSync(requestFile, JSON.stringify({ jobs: crossCheckJobs, passes: 1 }));
    const [processAnswer, ...workerAnswers] = await Promise.all([
      runInProcess(bundle, requestFile, directory),
      ...halves.map((jobs) => runInWorker(bundle, { jobs, passes: 2 })),
    ]);
    freshProcess = processAnswer;
    workers = workerAnswers;
    // Job `index` went to worker `index % 2`, at position `index >> 1` of its half.
    const passOf = (pass: number) =>
      shortenedJobs.map((job, index) =>
        outcome(job, workerAnswers[index % 2]?.passes[pass]?.[index >> 1]),
      );
    workerPasses = { first: passOf(0), second: passOf(1) };
  }, 120_000);

  afterAll(() => {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  });

  it('knows which built-ins involve randomness', () => {
    expect(builtIns.map((builtIn) => builtIn.name)).toEqual([
      'cloned-qmid',
      'dc-load',
      'ds-refresh',
      'firewall',
      'nat-renumbering',
      'nlb-virtual-name',
      'nservicebus-deadletter',
      'quickstart',
      'storage-quota',
      'vpn-after-start',
    ]);
    // Only cloned-qmid's and nat-renumbering's `lan` have jitter (1 ms, 100 µs); no built-in has
    // loss, duplicates or reordering.
    expect(
      builtIns.filter((builtIn) => involvesRandomness(builtIn.scenario)).map(({ name }) => name),
    ).toEqual(['cloned-qmid', 'nat-renumbering']);
  });

  describe.each(builtIns)('$name', (builtIn) => {
    const first = () => workerPasses.first.filter((run) => run.scenario === builtIn.file);
    const second = () => workerPasses.second.filter((run) => run.scenario === builtIn.file);

    it(`gives each of ${SEEDS.length} seeds the same run twice`, () => {
      expect(first().map((run) => run.seed)).toEqual(SEEDS);
      expect(first().every((run) => run.fingerprint !== undefined && (run.events ?? 0) > 0)).toBe(
        true,
      );
      expect(second()).toEqual(first());
    });

    if (involvesRandomness(builtIn.scenario)) {
      it('gives different seeds different runs (its links are random)', () => {
        // Two seeds draw unrelated jitter for thousands of packets, so their traces differ (all 50
        // do today; the totals stay equal, as jitter only moves packets in time).
        const distinct = new Set(first().map((run) => run.fingerprint)).size;
        expect(distinct).toBeGreaterThanOrEqual(Math.ceil(SEEDS.length * 0.9));
      });
    } else {
      it('gives every seed the same run (nothing in it is random)', () => {
        expect(new Set(first().map((run) => run.fingerprint)).size).toBe(1);
      });
    }

    it(`gives the same full-length run twice for seeds ${FULL_LENGTH_SEEDS.join(', ')}`, () => {
      const jobs = jobsOf(builtIn, FULL_LENGTH_SEEDS);
      const once = runJobs(jobs).map((result, index) =>
        outcome(jobs[index] as IsolatedJob, result),
      );
      const again = runJobs(jobs).map((result, index) =>
        outcome(jobs[index] as IsolatedJob, result),
      );
      expect(again).toEqual(once);
    }, 30_000);
  });

  it('gives the same runs in worker threads, a fresh process and this thread', () => {
    expect(workers.map((answer) => answer.isMainThread)).toEqual([false, false]);
    expect(freshProcess.isMainThread).toBe(true);
    const here = runJobs(crossCheckJobs).map((result, index) =>
      outcome(crossCheckJobs[index] as IsolatedJob, result),
    );
    const inProcess = crossCheckJobs.map((job, index) =>
      outcome(job, freshProcess.passes[0]?.[index]),
    );
    const inWorkers = workerPasses.first.filter((run) => CROSS_CHECK_SEEDS.includes(run.seed));
    expect(here.length).toBe(builtIns.length * CROSS_CHECK_SEEDS.length);
    expect(inProcess).toEqual(here);
    expect(sortedByJob(inWorkers)).toEqual(sortedByJob(here));
  }, 30_000);
});

function sortedByJob<T extends { scenario: string; seed: number }>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) => a.scenario.localeCompare(b.scenario, 'en') || a.seed - b.seed);
}

/** The slice of esbuild's API used here (esbuild is tsup's dependency, not the app's). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ readonly errors: readonly unknown[] }>;
}

/** Bundles `determinism-entry.ts` and all it imports into one ES module plain Node can run. */
async function bundleEntry(outfile: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./determinism-entry.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@mqsim/source'],
    // Bundled CommonJS dependencies (ajv) call `require`, which an ES module lacks.
    banner: {
      js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  expect(result.errors).toEqual([]);
}

function runInWorker(bundle: string, request: IsolatedRequest): Promise<IsolatedAnswer> {
  const worker = new Worker(bundle, { workerData: request, execArgv: [] });
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: IsolatedAnswer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the worker exited (${code}) without answering`)),
    );
  });
}

async function runInProcess(
  bundle: string,
  requestFile: string,
  cwd: string,
): Promise<IsolatedAnswer> {
  const { stdout } = await promisify(execFile)(process.execPath, [bundle, requestFile], {
    cwd,
    // Anything reading the time zone, the locale or the working directory now sees other values.
    env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as IsolatedAnswer;
}
