import { readFileSync } from 'node:fs';
import { formatDuration, MqsimError } from '@mqsim/filetime';
import {
  builtInScenarios,
  loadScenarioFile,
  resolveScenario,
  scenarioJsonSchemaText,
} from '@mqsim/scenario';
import type { Command } from 'commander';
import { CliInputError } from '../cli-input.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { hangingIndent, REPORT_WIDTH } from '../reports/text-wrap.js';
import { pointSchemaBeside } from '../scenario-copy.js';
import { shortenQuotedInput } from '../terminal-text.js';

/** Flags of `mqsim run`. */
export interface RunFlags {
  readonly seed?: string;
  readonly until?: string;
  readonly json?: boolean;
  readonly ndjson?: boolean;
  readonly html?: string;
  readonly trace?: string;
  /** `--pcap FILE`: the run's packet capture as pcapng. */
  readonly pcap?: string;
  /** `--effects`: true; `--no-effects`: false; neither: replay unless the run took long. */
  readonly effects?: boolean;
}

/** Adds `mqsim run`, `mqsim scenarios` and `mqsim scenario show` to `program`. */
export function registerRunCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('run')
    .description('run a scenario file or a built-in scenario and report what happened')
    .argument('<scenario>', 'a .yaml/.json scenario file, or a built-in name (see mqsim scenarios)')
    .option('--seed <n>', "override the scenario's seed")
    .option('--until <time>', 'stop early: 30m from the start, 09:30 (UTC), a date-time, or end')
    .option('--json', 'print the report as one JSON document')
    .option('--ndjson', 'stream every trace event as NDJSON on stdout instead of the report')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--trace <file>', 'also write every trace event as NDJSON to a file')
    .option('--pcap <file>', 'also write the packet capture (pcapng, for Wireshark/tshark)')
    .option('--effects', 'replay the run without each action, even when the run took long')
    .option(
      '--no-effects',
      'skip the replays that say what each action changed and whether it helped',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  mqsim run nat-renumbering\n  mqsim run my-scenario.yaml --seed 7 --html report.html\n' +
        '\nCtrl-C stops the run after the current 1% of it, then prints the report so far and writes\n' +
        'the --html and --trace files, marked "interrupted at <time>"; the exit code is 130.\n' +
        'A second Ctrl-C quits at once.\n' +
        '\nEffects: the run is replayed (same seed, on worker threads) once without each timeline action\n' +
        'but notes, to say whether it helped; skipped by default when the run took over 3 s.\n',
    )
    .action(async (target: string, flags: RunFlags) => {
      // Loaded when the command runs: the scenario loader, the simulation and the reports are
      // most of the CLI's start-up cost, and `mqsim filetime` should not pay it.
      const { executeRun } = await import('./run-action.js');
      await executeRun(target, flags, io, setExitCode);
    });

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => {
      const scenarios = builtInScenarios();
      const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
      // Each summary wrapped beside its name, within 80 columns.
      const lines = scenarios.flatMap((scenario) =>
        hangingIndent(
          `${scenario.name.padEnd(width)}  `,
          ' '.repeat(width + 2),
          scenario.summary,
          REPORT_WIDTH,
        ),
      );
      io.stdout(`${lines.join('\n')}\n`);
    });

  const scenario = program
    .command('scenario')
    .description('built-in scenarios, the scenario schema, and checking a scenario file');
  scenario
    .command('schema')
    .description('print the JSON Schema of scenario files (save it beside them for editors)')
    .action(() => {
      io.stdout(scenarioJsonSchemaText());
    });
  scenario
    .command('validate')
    .description('check scenario files without running them')
    .argument('<files...>', '.yaml or .json scenario files (or built-in names)')
    .action((files: string[]) => {
      let failed = false;
      for (const file of files) {
        try {
          const loaded = loadScenarioFile(resolveScenario(file));
          const count = (n: number, one: string) =>
            `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
          io.stdout(
            `${file}: valid; ${count(loaded.hosts.length, 'host')}, ${count(loaded.workload.length, 'workload stream')}, ${formatDuration(loaded.duration)}, about ${count(loaded.estimate.messages, 'message')}\n`,
          );
        } catch (error) {
          if (!MqsimError.isInstance(error)) throw error;
          failed = true;
          io.stderr(`mqsim: ${shortenQuotedInput(error.message)}\n`);
        }
      }
      if (failed) setExitCode(EXIT_CODES.badInput);
    });
  scenario
    .command('show')
    .description('print the YAML of a built-in scenario, to copy and edit')
    .argument('<name>', 'a built-in scenario name')
    .action((name: string) => {
      const builtIn = builtInScenarios().find((scenario) => scenario.name === name);
      if (builtIn === undefined) {
        const names = builtInScenarios()
          .map((scenario) => scenario.name)
          .join(', ');
        throw new CliInputError(
          `no built-in scenario ${JSON.stringify(name)}; built-ins: ${names}`,
          { value: name, allowed: names },
        );
      }
      // The built-ins point at the schema in the package; a copy points beside itself, where
      // `mqsim scenario schema > scenario.schema.json` puts it.
      io.stdout(pointSchemaBeside(readFileSync(builtIn.path, 'utf8')));
    });
}
