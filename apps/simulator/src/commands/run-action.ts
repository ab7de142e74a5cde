import { readFileSync } from 'node:fs';
import {
  bigintAsString,
  MAX_SEED,
  type RunResult,
  runScenarioInChunks,
  toRunReport,
} from '@mqsim/engine';
import { type TraceSink, toIso } from '@mqsim/filetime';
import { loadScenarioFile, resolveScenario } from '@mqsim/scenario';
import { toPcapng } from '@mqsim/transport';
import { CliInputError, parseIntegerFlag } from '../cli-input.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { checkOutputPaths, writeOutputFile } from '../output-file.js';
import { renderRunHtml } from '../reports/run-html.js';
import { formatRunReport } from '../reports/run-text.js';
import type { RunFlags } from './run.js';
import { parseUntil } from './until-flag.js';

/** A run that took longer than this (wall clock) gets no effects unless `--effects` asks. */
export const EFFECTS_AUTO_SECONDS = 3;

/** `mqsim run`: runs the scenario, prints the report in the asked format, sets the exit code. */
export async function executeRun(
  target: string,
  flags: RunFlags,
  io: CliIo,
  setExitCode: (code: number) => void,
): Promise<void> {
  const started = io.now().ticks;
  const result = await runFromFlags(target, flags, io);
  const seconds = Number(io.now().ticks - started) / 1e7;
  const interrupted = result.interruptedAt === undefined ? '' : interruptedLine(result);
  if (!flags.ndjson) {
    const { computeEffects, describeEffect, effectLines, withEffects } = await import(
      '../fixes/action-effects.js'
    );
    // Each action replayed away: skipped on request, for a partial run, or (unless asked for)
    // when one run already took long.
    const skipped =
      flags.effects === false || result.interruptedAt !== undefined
        ? ''
        : flags.effects !== true && seconds > EFFECTS_AUTO_SECONDS
          ? `not replayed: the run took ${seconds.toFixed(1)} s, and each action would take as long again (--effects replays them anyway)`
          : undefined;
    const effects =
      skipped === undefined
        ? await computeEffects(result, readFileSync(result.scenario.file, 'utf8'), {
            ...(flags.until === undefined
              ? {}
              : { until: parseUntil(flags.until, result.scenario) }),
          })
        : new Map();
    // The HTML report again, with each action's effect in its timeline.
    if (flags.html !== undefined && effects.size > 0) {
      const described = new Map(
        [...effects].map(([index, effect]) => [index, describeEffect(effect, result)]),
      );
      writeOutputFile(flags.html, renderRunHtml(result, { effects: described }));
    }
    if (flags.json) {
      const report = withEffects(toRunReport(result), effects);
      io.stdout(
        `${JSON.stringify(skipped ? { ...report, effectsSkipped: skipped } : report, bigintAsString, 2)}\n`,
      );
    } else {
      const text = formatRunReport(result, {
        color: io.color ?? false,
        effects: skipped ? ['Effects', `  ${skipped}`] : effectLines(result, effects),
      });
      io.stdout(`${interrupted === '' ? '' : `${interrupted}\n\n`}${text}`);
    }
  }
  if (interrupted !== '') {
    io.stderr(`mqsim: ${interrupted}\n`);
    setExitCode(EXIT_CODES.interrupted);
  } else if (result.expectations.some((expectation) => !expectation.ok))
    setExitCode(EXIT_CODES.failed);
}

/**
 * Loads and runs the scenario the flags name, writing the trace and HTML files they ask for.
 * A Ctrl-C ({@link CliIo.interrupts}) during the run ends it early with a partial result.
 */
export async function runFromFlags(target: string, flags: RunFlags, io: CliIo): Promise<RunResult> {
  // Two documents on one stdout would be neither.
  if (flags.json === true && flags.ndjson === true) {
    throw new CliInputError('--json and --ndjson both write to stdout: choose one', {
      value: '--json --ndjson',
      allowed:
        '--json (the report) or --ndjson (the trace); --trace FILE writes the trace to a file',
    });
  }
  const file = resolveScenario(target);
  checkOutputPaths(
    [{ flag: 'scenario file', path: file }],
    [
      ...(flags.trace === undefined ? [] : [{ flag: '--trace', path: flags.trace }]),
      ...(flags.html === undefined ? [] : [{ flag: '--html', path: flags.html }]),
      ...(flags.pcap === undefined ? [] : [{ flag: '--pcap', path: flags.pcap }]),
    ],
  );
  const scenario = loadScenarioFile(file);
  const seed =
    flags.seed === undefined ? undefined : parseIntegerFlag('--seed', flags.seed, 0, MAX_SEED);
  const until = flags.until === undefined ? undefined : parseUntil(flags.until, scenario);
  const sinks: TraceSink[] = [];
  // The trace file is written at the end in one go: no half-written file when a run fails.
  const traceLines: string[] = [];
  if (flags.trace !== undefined)
    sinks.push({ emit: (event) => void traceLines.push(JSON.stringify(event, bigintAsString)) });
  if (flags.ndjson)
    sinks.push({ emit: (event) => io.stdout(`${JSON.stringify(event, bigintAsString)}\n`) });
  const progress = io.progress;
  // Ctrl-C sets a flag that the run reads between its ~100 chunks, awaiting a turn of the event
  // loop after each so the signal can arrive. The listener lives only as long as the run: a
  // second Ctrl-C, or one before or after the run, ends the process as usual.
  let interrupted = false;
  const unsubscribe = (io.interrupts ?? onSigint)(() => {
    interrupted = true;
  });
  const chunks = runScenarioInChunks(scenario, {
    shouldStop: () => interrupted,
    ...(seed === undefined ? {} : { seed }),
    ...(until === undefined ? {} : { until }),
    ...(flags.pcap === undefined ? {} : { capture: true }),
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
  let result: RunResult;
  try {
    let step = chunks.next();
    while (step.done !== true) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      step = chunks.next();
    }
    result = step.value;
  } finally {
    unsubscribe();
  }
  progress?.('');
  if (result.interruptedAt !== undefined) {
    // The partial trace ends with a line saying so, in the file and on the NDJSON stream.
    const marker = JSON.stringify({
      t: result.interruptedAt,
      source: 'mqsim',
      type: 'run.interrupted',
      at: toIso(scenario.start.plus(result.interruptedAt)),
    });
    traceLines.push(marker);
    if (flags.ndjson) io.stdout(`${marker}\n`);
  }
  // Each file is named on stderr once written, so a script's stdout stays the report alone.
  const wrote = (path: string, what: string, size?: number) =>
    io.stderr(`wrote ${path}: ${what}${size === undefined ? '' : `, ${formatBytes(size)}`}\n`);
  if (flags.trace !== undefined) {
    const text = traceLines.map((line) => `${line}\n`).join('');
    writeOutputFile(flags.trace, text);
    wrote(
      flags.trace,
      `${traceLines.length.toLocaleString('en-US')} trace events`,
      Buffer.byteLength(text),
    );
  }
  if (flags.pcap !== undefined) {
    const packets = result.packets ?? [];
    const file = toPcapng(packets, { epoch: scenario.start });
    writeOutputFile(flags.pcap, file);
    const segments = new Set(packets.map((packet) => packet.segment)).size;
    wrote(
      flags.pcap,
      `${packets.length.toLocaleString('en-US')} packets on ${segments} segment${segments === 1 ? '' : 's'} (pcapng)`,
      file.length,
    );
  }
  if (flags.html !== undefined) {
    const html = renderRunHtml(result);
    writeOutputFile(flags.html, html);
    // No size: the report is written again with each action's effect once they are known.
    wrote(flags.html, 'the HTML report (open it in a browser)');
  }
  return result;
}

/** `412 KB`, `1.3 MB`, `96 B`: a file's size for a person. */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The default {@link CliIo.interrupts}: this process's SIGINT (Ctrl-C), once. */
function onSigint(onInterrupt: () => void): () => void {
  process.once('SIGINT', onInterrupt);
  return () => {
    process.off('SIGINT', onInterrupt);
  };
}

/** `interrupted at 2026-11-23T09:14:00Z (47% of the scenario); …` for a stopped run. */
function interruptedLine(result: RunResult): string {
  const t = result.interruptedAt ?? result.endedAt;
  const percent = Math.floor((100 * t) / result.scenario.duration);
  return `interrupted at ${toIso(result.scenario.start.plus(t))} (${percent}% of the scenario); the report covers the run so far`;
}
