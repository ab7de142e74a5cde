import { readFileSync } from 'node:fs';
import { fromIso, MqsimError } from '@mqsim/filetime';
import { resolveScenario, type Scenario } from '@mqsim/scenario';
import type { Command } from 'commander';
import { CliInputError, parseDurationFlag, parseIntegerFlag } from '../cli-input.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { MAX_CANDIDATES } from './candidates.js';

/** Flags of `mqsim fixes`. */
export interface FixesFlags {
  readonly at?: string;
  readonly seed?: string;
  readonly json?: boolean;
  readonly workers?: string;
}

const HELP = `
The fix time (--at): a duration after the start (20m, 1h10m) or an ISO-8601 date-time. Default:
the first symptom of a run of the scenario (an outgoing queue waiting to connect with messages for
more than 30 s, a refused or timed-out connection attempt, a failed send, a dead-lettered or
discarded message), rounded up to the second; when no fix drains there, 10 minutes later, up to 6
times.

The baseline ("do nothing") is the scenario without the admin's remedies from the fix time on
(flushdns, stop/start/restart-msmq, reboot, registry, hosts-file, firewall, purge-queue,
reset-qmid, pause/resume-outgoing); the incident itself stays. Each candidate adds its actions at
the fix time: restart-msmq (or start-msmq) on every host involved, flushdns on every sender, the
fixes of the diagnosis, and pairs of them on different hosts; at most ${MAX_CANDIDATES}. Every replay uses
the same seed.

Exit code 0 when a fix drains the backlog, 1 when none does, 2 for bad input.

Examples:
  mqsim fixes nat-renumbering
  mqsim fixes nat-renumbering --at 1h --json
`;

/** Adds `mqsim fixes` to `program`. */
export function registerFixesCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('fixes')
    .description('replay an incident with each candidate fix from the same seed, and rank them')
    .argument('<scenario>', 'a .yaml/.json scenario file, or a built-in name (see mqsim scenarios)')
    .option('--at <time>', 'when to apply the fixes: 20m after the start, or an ISO date-time')
    .option('--seed <n>', "override the scenario's seed")
    .option('--workers <n>', 'worker threads (default: one per CPU core; 1: in-process)')
    .option('--json', 'print the baseline and the candidates, best first, as JSON')
    .addHelpText('after', HELP)
    .action(async (target: string, flags: FixesFlags) => {
      const workers =
        flags.workers === undefined
          ? undefined
          : parseIntegerFlag('--workers', flags.workers, 1, 1024);
      const seed =
        flags.seed === undefined
          ? undefined
          : parseIntegerFlag('--seed', flags.seed, 0, 2 ** 32 - 1);
      const path = resolveScenario(target);
      // Loaded when the command runs, so other commands start without the loader and simulation.
      const { loadScenarioFile } = await import('@mqsim/scenario');
      const scenario = loadScenarioFile(path);
      const at = flags.at === undefined ? undefined : parseAt(flags.at, scenario);
      const [{ searchFixes }, { fixesResultToJson, formatFixesReport }] = await Promise.all([
        import('./fixes.js'),
        import('./fixes-report.js'),
      ]);
      const started = io.now().ticks;
      const result = await searchFixes(
        { text: readFileSync(path, 'utf8'), file: path, seed, at },
        { workers },
      );
      if (io.progress !== undefined) {
        const seconds = Number(io.now().ticks - started) / 1e7;
        const replays = result.candidates.length + 1;
        io.stderr(
          `${replays} replays in ${seconds.toFixed(1)} s on ${result.workers === 1 ? 'the main thread' : `${result.workers} worker threads`}\n`,
        );
      }
      io.stdout(
        flags.json
          ? `${JSON.stringify(fixesResultToJson(result), null, 2)}\n`
          : formatFixesReport(result),
      );
      const best = [result.baseline, ...result.candidates].some(
        (replay) => replay !== undefined && replay.summary.outcome.drainedAt !== null,
      );
      if (result.at !== null && !best) setExitCode(EXIT_CODES.failed);
    });
}

/** `--at`: a duration after the start or an ISO date-time, within the scenario. */
function parseAt(text: string, scenario: Scenario): number {
  let ticks: number;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    try {
      ticks = Number(fromIso(text).since(scenario.start));
    } catch (error) {
      if (!MqsimError.isInstance(error)) throw error;
      throw new CliInputError(`--at: ${error.message}`, { value: text, cause: error });
    }
  } else ticks = parseDurationFlag('--at', text);
  const end = scenario.start.plus(scenario.duration);
  if (ticks < 0 || ticks > scenario.duration)
    throw new CliInputError(
      `--at ${JSON.stringify(text)} is outside ${scenario.name}, which runs from ${scenario.start.toString()} to ${end.toString()}`,
      { value: text, allowed: 'a time within the scenario: 20m, 1h, or an ISO date-time' },
    );
  return ticks;
}
