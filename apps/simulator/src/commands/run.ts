import { readFileSync, writeFileSync } from 'node:fs';
import { parseDuration, type TraceSink, toSafeTicks } from '@mqsim/filetime';
import type { Command } from 'commander';
import { CliInputError, parseIntegerFlag } from '../cli-input.js';
import { type RunResult, runScenario } from '../engine/run-scenario.js';
import { bigintAsString } from '../engine/trace-fingerprint.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { renderRunHtml } from '../reports/run-html.js';
import { formatRunReport } from '../reports/run-text.js';
import { builtInScenarios, resolveScenario } from '../scenario/built-in.js';
import { loadScenarioFile } from '../scenario/load-scenario.js';

/** Flags of `mqsim run`. */
export interface RunFlags {
  readonly seed?: string;
  readonly until?: string;
  readonly json?: boolean;
  readonly ndjson?: boolean;
  readonly html?: string;
  readonly trace?: string;
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
    .option('--until <duration>', 'stop early, e.g. 30m (from the scenario start)')
    .option('--json', 'print the report as one JSON document')
    .option('--ndjson', 'stream every trace event as NDJSON on stdout instead of the report')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--trace <file>', 'also write every trace event as NDJSON to a file')
    .addHelpText(
      'after',
      '\nExamples:\n  mqsim run nat-renumbering\n  mqsim run my-scenario.yaml --seed 7 --html report.html\n',
    )
    .action((target: string, flags: RunFlags) => {
      const result = runFromFlags(target, flags, io);
      if (!flags.ndjson)
        io.stdout(
          flags.json
            ? `${JSON.stringify(runResultToJson(result), bigintAsString, 2)}\n`
            : formatRunReport(result, { color: io.color ?? false }),
        );
      if (result.expectations.some((expectation) => !expectation.ok))
        setExitCode(EXIT_CODES.failed);
    });

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => {
      const scenarios = builtInScenarios();
      const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
      io.stdout(
        `${scenarios.map((scenario) => `${scenario.name.padEnd(width)}  ${scenario.summary}`).join('\n')}\n`,
      );
    });

  program
    .command('scenario')
    .description('built-in scenarios')
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
      io.stdout(readFileSync(builtIn.path, 'utf8'));
    });
}

/** Loads and runs the scenario the flags name, writing the trace and HTML files they ask for. */
export function runFromFlags(target: string, flags: RunFlags, io: CliIo): RunResult {
  const scenario = loadScenarioFile(resolveScenario(target));
  const seed =
    flags.seed === undefined ? undefined : parseIntegerFlag('--seed', flags.seed, 0, 2 ** 31 - 1);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until);
  const sinks: TraceSink[] = [];
  // The trace file is written at the end in one go: no half-written file when a run fails.
  const traceLines: string[] = [];
  if (flags.trace !== undefined)
    sinks.push({ emit: (event) => void traceLines.push(JSON.stringify(event, bigintAsString)) });
  if (flags.ndjson)
    sinks.push({ emit: (event) => io.stdout(`${JSON.stringify(event, bigintAsString)}\n`) });
  const progress = io.progress;
  const result = runScenario(scenario, {
    ...(seed === undefined ? {} : { seed }),
    ...(until === undefined ? {} : { until }),
    trace: {
      emit: (event) => {
        for (const sink of sinks) sink.emit(event);
      },
    },
    ...(progress === undefined
      ? {}
      : {
          onProgress: (ticks: number, events: number) =>
            progress(
              `${scenario.name}: ${Math.round((100 * ticks) / scenario.duration)}% simulated, ${events.toLocaleString('en-US')} events`,
            ),
        }),
  });
  progress?.('');
  if (flags.trace !== undefined)
    writeTextFile(flags.trace, traceLines.map((line) => `${line}\n`).join(''));
  if (flags.html !== undefined) writeTextFile(flags.html, renderRunHtml(result));
  return result;
}

function parseUntil(text: string): number {
  try {
    return toSafeTicks(parseDuration(text));
  } catch (error) {
    throw new CliInputError(`--until: ${error instanceof Error ? error.message : String(error)}`, {
      value: text,
      cause: error,
    });
  }
}

function writeTextFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliInputError(`cannot write ${path}: ${code}`, {
      value: path,
      allowed: 'a writable file path',
    });
  }
}

/** The run as one JSON document: everything the text report shows, as data. */
export function runResultToJson(result: RunResult): Record<string, unknown> {
  return {
    scenario: result.scenario.name,
    file: result.scenario.file,
    seed: result.seed,
    fingerprint: result.fingerprint,
    events: result.events,
    timeline: result.timeline,
    hosts: result.hosts,
    totals: result.totals,
    expectations: result.expectations,
    ok: result.expectations.every((expectation) => expectation.ok),
  };
}
