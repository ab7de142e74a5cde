import { readFileSync } from 'node:fs';
import { resolveScenario } from '@mqsim/scenario';
import type { Command } from 'commander';
import { CliInputError, parseIntegerFlag } from '../cli-input.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { checkOutputPaths, writeOutputFile } from '../output-file.js';
import { parseSeedList } from './seed-list.js';
import { MAX_SWEEP_RUNS } from './sweep-limits.js';

/** Flags of `mqsim sweep`. */
export interface SweepFlags {
  readonly seeds?: string;
  readonly set: readonly string[];
  readonly until?: string;
  readonly workers?: string;
  readonly json?: boolean;
  /** `--shard K/N`: run only the K-th of N deterministic slices. */
  readonly shard?: string;
  /** `--out FILE`: where a shard's runs go (NDJSON); default stdout. */
  readonly out?: string;
}

const HELP = `
Seeds (--seeds): a range 1..100 (both ends included), one seed 5, or a list 1,2,9..12.
Default: the scenario's own seed.

Values (--set <path>=<v1>,<v2>,…, repeatable): change the scenario before it is loaded, once per
value; with several --set flags every combination is run (the first flag changes slowest), each
with every seed. The path is keys joined by dots; list items by index from 0 or by name:
  hosts.1.msmq.nameCache   hosts.APP02.msmq.nameCache   workload.0.every
  hosts[1].registry["Machine Cache"]   (the form scenario error messages use)
A missing key is added (hosts.0.dnsClient.maxCacheTtl=0 when the host has no dnsClient).
Values are YAML: 5 is a number, true a boolean, 1s text; quote or bracket a value holding a
comma: 'a,b' or [10.0.0.1, 10.0.0.2]. The scenario is checked with each combination first.

At most ${MAX_SWEEP_RUNS.toLocaleString('en-US')} runs (seeds × combinations). Exit code 1 when a run fails an expectation, 2 for bad input.

Beyond one machine (--shard K/N, 0 ≤ K < N): each job runs the K-th of N deterministic slices
and writes its runs as NDJSON (--out part-K.ndjson); K defaults to JOB_COMPLETION_INDEX (a
Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID. A shard exits 0 whatever its runs' expectations
say. 'mqsim sweep merge part-*.ndjson [--json]' prints the same table or JSON as the sweep on
one machine, byte for byte, with its exit code.

Examples:
  mqsim sweep nat-renumbering --seeds 1..100
  seq 0 3 | parallel mqsim sweep nat-renumbering --seeds 1..100 --shard {}/4 --out part-{}.ndjson
  mqsim sweep merge part-*.ndjson
  mqsim sweep nat-renumbering --seeds 1..20 --set hosts.APP02.msmq.nameCache=until-restart,respect-ttl
  mqsim sweep my-scenario.yaml --seeds 1..50 --set workload.0.every=1s,100ms --until 30m --json
`;

/** Adds `mqsim sweep` to `program`. */
export function registerSweepCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('sweep')
    .description(
      'run a scenario over many seeds and --set values on every CPU core, and tabulate the outcomes',
    )
    .argument(
      '<scenario>',
      'a .yaml/.json scenario file, or a built-in name (see mqsim scenarios); merge: see below',
    )
    .argument('[parts...]', 'with merge: the files the shards wrote')
    .option('--seeds <list>', 'seeds to run: 1..100, 5 or 1,2,9')
    .option(
      '--set <path=values>',
      'try each of these values at a path in the scenario (repeatable)',
      (value: string, previous: readonly string[]) => [...previous, value],
      [] as readonly string[],
    )
    .option('--until <time>', 'stop every run early: 30m from the start, 09:30 (UTC), or end')
    .option('--workers <n>', 'worker threads (default: one per CPU core; 1: in-process)')
    .option('--json', 'print every run summary and the per-combination outcomes as JSON')
    .option('--shard <K/N>', 'run only the K-th of N slices of the runs (0 ≤ K < N)')
    .option('--out <file>', "with --shard: write the slice's runs to FILE (NDJSON)")
    .addHelpText('after', HELP)
    .action(async (target: string, parts: readonly string[], flags: SweepFlags) => {
      if (target === 'merge') {
        const [{ mergeShards }, { formatSweepTable, sweepResultToJson }] = await Promise.all([
          import('./sweep-shards.js'),
          import('./sweep-table.js'),
        ]);
        const merged = mergeShards(parts);
        io.stdout(
          flags.json
            ? `${JSON.stringify(sweepResultToJson(merged), null, 2)}\n`
            : formatSweepTable(merged),
        );
        if (merged.runs.some((run) => run.expectations.failed.length > 0))
          setExitCode(EXIT_CODES.failed);
        return;
      }
      if (parts.length > 0)
        throw new CliInputError(
          `sweep takes one scenario; ${JSON.stringify(parts[0])} is one too many (merge files with mqsim sweep merge FILE…)`,
          {
            value: parts.join(' '),
            allowed: 'mqsim sweep SCENARIO [options] or mqsim sweep merge FILE…',
          },
        );
      if (flags.out !== undefined && flags.shard === undefined)
        throw new CliInputError(
          '--out goes with --shard K/N (a whole sweep prints its table or --json)',
          {
            value: flags.out,
            allowed: '--shard K/N --out FILE',
          },
        );
      const workers =
        flags.workers === undefined
          ? undefined
          : parseIntegerFlag('--workers', flags.workers, 1, 1024);
      // Loaded when the command runs, so other commands start without the loader and simulation.
      const [
        { loadScenarioFile },
        { parseSetFlag },
        { planSweep, runSweep },
        { formatSweepTable, sweepResultToJson },
        { parseUntil },
        { parseShard, shardFileText },
      ] = await Promise.all([
        import('@mqsim/scenario'),
        import('@mqsim/scenario'),
        import('./sweep.js'),
        import('./sweep-table.js'),
        import('../commands/until-flag.js'),
        import('./sweep-shards.js'),
      ]);
      const path = resolveScenario(target);
      // Refused before the runs, not after them: --out must not overwrite the scenario.
      if (flags.out !== undefined)
        checkOutputPaths([{ flag: 'scenario file', path }], [{ flag: '--out', path: flags.out }]);
      // The scenario's own problems, reported as `mqsim run` reports them.
      const base = loadScenarioFile(path);
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard, process.env);
      const text = readFileSync(path, 'utf8');
      const plan = planSweep({
        text,
        shard,
        file: path,
        seeds: flags.seeds === undefined ? undefined : parseSeedList(flags.seeds),
        sets: flags.set.map(parseSetFlag),
        // A clock time is read on the scenario's own clock (before any --set).
        until: flags.until === undefined ? undefined : parseUntil(flags.until, base),
      });
      const { progress } = io;
      const started = io.now().ticks;
      const elapsedSeconds = () => Number(io.now().ticks - started) / 1e7;
      const result = await runSweep(plan, {
        workers,
        ...(progress === undefined
          ? {}
          : {
              onDone: (done: number, total: number) => {
                const left = (elapsedSeconds() / done) * (total - done);
                progress(
                  `sweep ${plan.scenario.name}: ${done}/${total} runs${done < total ? `, about ${Math.ceil(left)} s left` : ''}`,
                );
              },
            }),
      });
      if (progress !== undefined) {
        progress('');
        io.stderr(
          `${result.runs.length} runs in ${elapsedSeconds().toFixed(1)} s on ${result.workers === 1 ? 'the main thread' : `${result.workers} worker threads`}\n`,
        );
      }
      if (result.note !== undefined) io.stderr(`mqsim: ${result.note}\n`);
      if (shard !== undefined) {
        const ndjson = shardFileText(result, text, flags.set);
        if (flags.out === undefined) io.stdout(ndjson);
        else {
          writeOutputFile(flags.out, ndjson);
          io.stderr(
            `wrote ${flags.out}: shard ${shard.index}/${shard.count}, ${result.runs.length} runs\n`,
          );
        }
        return;
      }
      io.stdout(
        flags.json
          ? `${JSON.stringify(sweepResultToJson(result), null, 2)}\n`
          : formatSweepTable(result),
      );
      if (result.runs.some((run) => run.expectations.failed.length > 0))
        setExitCode(EXIT_CODES.failed);
    });
}
