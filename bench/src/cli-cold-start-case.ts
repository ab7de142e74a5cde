/**
 * The CLI cold-start cases: wall time from spawning `node …/mqsim/dist/cli.js <command>` to its
 * exit, against `node -e 0` — what Node itself costs to start — spawned interleaved in the same
 * run, for `mqsim filetime <ticks>` (decoding one FILETIME) and `mqsim run ds-refresh` (a
 * 300-event built-in with its effects replays, as a user types it). Target: at most 3× `node -e 0`. Decoding one FILETIME is microseconds of work,
 * so the rest is loading modules; at 3× a `mqsim filetime` still answers within a few hundred
 * milliseconds on a machine where Node starts in ~50–100 ms, i.e. as fast as a person can tell
 * an instant answer from a slow one, and it stays comparable across machines because both sides
 * pay the same process start.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BenchCase, BenchSettings } from './bench-case.js';
import { measureRounds, median } from './measure.js';
import { type CaseResult, compare, headline, type Measurement, rateOf } from './report.js';

/** 133444736000000000 ticks: 2023-11-14T22:13:20Z, Unix second 1 700 000 000. */
const TICKS = '133444736000000000';
const EXPECTED = '2023-11-14T22:13:20.0000000Z';
// Spawns per side: a process start varies by tens of milliseconds on a busy machine, so the
// median needs more samples than the in-process cases.
const SPAWNS = 21;
const TARGET_RATIO = 3;
const NODE = 'node -e 0';
const TARGET_NAME = `target ${TARGET_RATIO}× ${NODE}`;

/** A command to start cold: its arguments after `cli.js`, and what its output must contain. */
export interface ColdStartCommand {
  /** How the case names it: `mqsim filetime`. */
  readonly label: string;
  readonly args: readonly string[];
  readonly expect: string;
}

/** `mqsim filetime 133444736000000000`: decoding one FILETIME, almost nothing but start-up. */
export const FILETIME_COMMAND: ColdStartCommand = {
  label: 'mqsim filetime',
  args: ['filetime', TICKS],
  expect: EXPECTED,
};
/** `mqsim run ds-refresh`: a 300-event built-in, effects replays included, as a user runs it. */
export const RUN_DS_REFRESH_COMMAND: ColdStartCommand = {
  label: 'mqsim run ds-refresh',
  args: ['run', 'ds-refresh'],
  expect: 'fingerprint ',
};

interface SpawnRun {
  readonly milliseconds: number;
  /** Why the spawn failed or printed the wrong answer; `undefined` when it did what it should. */
  readonly problem: string | undefined;
}

/**
 * Median wall time of `mqsim filetime` and of `node -e 0`, each spawned 21 times, interleaved.
 *
 * @example
 * ```ts
 * createCliColdStartCase().run({ rounds: 3, scale: 1, simpy: findSimPy() }).headline;
 * ```
 */
export function createCliColdStartCase(command: ColdStartCommand = FILETIME_COMMAND): BenchCase {
  const name = `${command.label} cold start`;
  return { name, run: (settings) => runColdStart(name, command, settings) };
}

function runColdStart(
  name: string,
  command: ColdStartCommand,
  settings: BenchSettings,
): CaseResult {
  const CLI = command.label;
  const spawnOnce = (args: readonly string[]) => spawnChecked(args, command.expect);
  const spawns = Math.max(settings.rounds, Math.round(SPAWNS * settings.scale));
  const cli = findCli();
  const problems: string[] = [];
  const commands: Record<string, readonly string[]> = { [NODE]: ['-e', '0'] };
  if (cli.path !== undefined) commands[CLI] = [cli.path, ...command.args];
  // The untimed first spawn of each brings the files into the page cache: "cold" here means a
  // new process, not a cold disk.
  const runs = measureRounds(commands, spawnOnce, spawnOnce, spawns);
  const measurements: Measurement[] = [NODE, CLI].map((implementation) => {
    const timed = runs[implementation];
    if (timed === undefined) {
      return { implementation, rate: undefined, samples: [], note: cli.reason ?? 'not run' };
    }
    for (const run of timed) {
      if (run.problem !== undefined) problems.push(`${implementation}: ${run.problem}`);
    }
    const samples = timed.map((run) => run.milliseconds);
    return { implementation, rate: median(samples), samples };
  });
  const node = rateOf(measurements, NODE);
  const mqsim = rateOf(measurements, CLI);
  measurements.push({
    implementation: TARGET_NAME,
    rate: node === undefined ? undefined : TARGET_RATIO * node,
    samples: [],
  });
  return {
    name,
    description: `wall time from spawn to exit of \`node ${cli.display} ${command.args.join(' ')}\` and of \`node -e 0\`, ${spawns} spawns each, interleaved, after one untimed spawn each`,
    unit: 'ms',
    parameters: { spawns, targetRatio: TARGET_RATIO },
    measurements,
    // Lower is better, so the target is on top: (3 × node -e 0) / mqsim ≥ 1 means within it.
    comparisons: [compare(measurements, TARGET_NAME, CLI, 1)],
    problems,
    headline: [
      headline(`${CLI} cold start`, mqsim, 'ms'),
      headline(
        `${CLI} cold start / ${NODE}`,
        mqsim === undefined || node === undefined ? undefined : mqsim / node,
        '×',
        { bound: 'at most', value: TARGET_RATIO },
      ),
    ],
  };
}

function spawnChecked(args: readonly string[], expect: string): SpawnRun {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  let problem: string | undefined;
  if (child.error !== undefined) problem = child.error.message;
  else if (child.status !== 0) problem = `exit ${child.status ?? child.signal}: ${child.stderr}`;
  else if (args[0] !== '-e' && !child.stdout.includes(expect)) {
    problem = `printed no ${expect}: ${child.stdout.slice(0, 200)}`;
  }
  return { milliseconds, problem };
}

/** The built CLI, from the `mqsim` package's `bin` (a devDependency of the bench); also used by the sweep case. */
export function findCli(): { path?: string; display: string; reason?: string } {
  const display = 'apps/simulator/dist/cli.js';
  try {
    const manifest = createRequire(import.meta.url).resolve('mqsim/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { mqsim: string } };
    const path = join(dirname(manifest), bin.mqsim);
    if (!existsSync(path)) {
      return { display, reason: `${path} is not built: run pnpm build (pnpm bench builds it)` };
    }
    return { path, display };
  } catch (error) {
    return { display, reason: `the mqsim package was not found: ${String(error)}` };
  }
}
