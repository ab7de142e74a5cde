/**
 * The sweep speed-up case: wall time of `mqsim sweep nat-renumbering --seeds 1..N` with
 * `--workers 1` (every run on the main thread) and with one worker thread per core, spawned
 * interleaved in the same bench run. The runs are independent, so on 2 cores the sweep should
 * take at most 1 / 1.8 of the one-thread time (target ≥ 1.8× on 2 cores; the target scales with
 * the cores, 0.9 per core). Results are identical either way (the sweep's tests check it).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { BenchCase, BenchSettings } from './bench-case.js';
import { findCli } from './cli-cold-start-case.js';
import { measureRounds, median } from './measure.js';
import { type CaseResult, headline, type Measurement, rateOf } from './report.js';

/** Seeds per sweep: 16 nat-renumbering runs, about 0.15 s each on one thread. */
const SEEDS = 16;
const TARGET_PER_CORE = 0.9;

/**
 * Median wall time of the sweep on one thread and on every core.
 *
 * @example
 * ```ts
 * createSweepWorkersCase().name; // => 'mqsim sweep speed-up'
 * ```
 */
export function createSweepWorkersCase(): BenchCase {
  const name = 'mqsim sweep speed-up';
  return { name, run: (settings) => runSweeps(name, settings) };
}

function runSweeps(name: string, settings: BenchSettings): CaseResult {
  const cli = findCli();
  const cores = availableParallelism();
  const seeds = Math.max(cores * 2, Math.round(SEEDS * settings.scale));
  const one = '--workers 1';
  const all = `--workers ${cores}`;
  const problems: string[] = [];
  const sweep = (workers: number) => () => {
    if (cli.path === undefined) return undefined;
    const started = process.hrtime.bigint();
    const child = spawnSync(
      process.execPath,
      [
        cli.path,
        'sweep',
        'nat-renumbering',
        '--seeds',
        `1..${seeds}`,
        '--workers',
        String(workers),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (child.status !== 0)
      problems.push(`--workers ${workers}: exit ${child.status}: ${child.stderr.slice(0, 200)}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const runs = measureRounds(
    { [one]: sweep(1), [all]: sweep(cores) },
    (run) => run(),
    (run) => run(),
    settings.rounds,
  );
  const measurements: Measurement[] = [one, all].map((implementation) => {
    const samples = (runs[implementation] ?? []).filter(
      (value): value is number => value !== undefined,
    );
    return samples.length === 0
      ? { implementation, rate: undefined, samples: [], note: cli.reason ?? 'not run' }
      : { implementation, rate: median(samples), samples };
  });
  const single = rateOf(measurements, one);
  const parallel = rateOf(measurements, all);
  const speedUp = single === undefined || parallel === undefined ? undefined : single / parallel;
  const target = cores >= 2 ? TARGET_PER_CORE * Math.min(cores, 2) : undefined;
  return {
    name,
    description: `wall time of \`node ${cli.display} sweep nat-renumbering --seeds 1..${seeds}\` with --workers 1 and --workers ${cores} (this machine's cores), ${settings.rounds} rounds each, interleaved`,
    unit: 'ms',
    parameters: { seeds, cores },
    measurements,
    comparisons: [],
    problems,
    headline: [
      headline(
        `sweep speed-up, ${cores} cores over 1 thread`,
        speedUp,
        '×',
        target === undefined ? undefined : { bound: 'at least', value: target },
      ),
    ],
  };
}
