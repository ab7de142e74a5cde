import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '@mqsim/engine';
import { loadScenarioFile } from '@mqsim/scenario';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../index.js';
import type { CliIo } from '../io.js';
import { hasStackTrace, runCaptured } from './captured-cli.js';
import { CORPUS_DIRECTORY } from './corpus-manifest.js';

// Ctrl-C during `mqsim run`: the run stops at the next of its ~100 chunks and the partial report
// is still printed and written, marked "interrupted at <time>", with exit code 130.

const VALID = join(CORPUS_DIRECTORY, 'scenarios/valid.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'mqsim-interrupt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A stand-in for Ctrl-C: `io` fires the interrupt once progress reaches `percent`, and counts
 * subscriptions, so a test sees the listener installed for the run and removed after it.
 */
function interruptAt(percent: number) {
  const state = { subscribed: 0, unsubscribed: 0 };
  let onInterrupt: (() => void) | undefined;
  const io: Partial<CliIo> = {
    interrupts: (handler) => {
      state.subscribed++;
      onInterrupt = handler;
      return () => {
        state.unsubscribed++;
        onInterrupt = undefined;
      };
    },
    progress: (text) => {
      const reached = /: (\d+)% simulated/.exec(text);
      if (reached !== null && Number(reached[1]) >= percent) onInterrupt?.();
    },
  };
  return { io, state };
}

const LINE =
  'interrupted at 2026-11-23T09:07:30.0000000Z (25% of the scenario); the report covers the run so far';

describe('runScenario with shouldStop', () => {
  it('stops after the first chunk that asks, with the partial result marked', () => {
    const scenario = loadScenarioFile(VALID);
    let asked = 0;
    const stopped = runScenario(scenario, { shouldStop: () => ++asked === 25 });
    const whole = runScenario(scenario);
    const never = runScenario(scenario, { shouldStop: () => false });
    expect({
      asked,
      interruptedAt: stopped.interruptedAt,
      endedAt: stopped.endedAt,
      lastLine: stopped.timeline.at(-1),
      fewerEvents: stopped.events < whole.events,
      wholeUnmarked: [whole.interruptedAt, never.interruptedAt],
      neverIsWhole: never.fingerprint === whole.fingerprint,
    }).toEqual({
      asked: 25,
      interruptedAt: 25 * 180_000_000,
      endedAt: 25 * 180_000_000,
      lastLine: {
        t: 25 * 180_000_000,
        at: '2026-11-23 09:07:30',
        host: '',
        kind: 'note',
        text: 'run interrupted at 2026-11-23 09:07:30 (25% of the scenario); the report covers the run so far',
      },
      fewerEvents: true,
      wholeUnmarked: [undefined, undefined],
      neverIsWhole: true,
    });
  });
});

describe('mqsim run interrupted', () => {
  it('prints the partial text report, says so on stderr, exits 130 and unsubscribes', async () => {
    const { io, state } = interruptAt(25);
    const { code, stdout, stderr } = await runCaptured(['run', VALID], io);
    expect({
      code,
      firstLine: stdout.split('\n')[0],
      timelineNote: stdout.includes('run interrupted at 2026-11-23 09:07:30 (25% of the scenario)'),
      stderr,
      state,
    }).toEqual({
      code: EXIT_CODES.interrupted,
      firstLine: LINE,
      timelineNote: true,
      stderr: `mqsim: ${LINE}\n`,
      state: { subscribed: 1, unsubscribed: 1 },
    });
  });

  it('prints partial JSON that is never ok, and writes the HTML report and the trace', async () => {
    const { io } = interruptAt(25);
    const html = join(scratch, 'partial.html');
    const trace = join(scratch, 'partial.ndjson');
    const { code, stdout } = await runCaptured(
      ['run', VALID, '--json', '--html', html, '--trace', trace],
      io,
    );
    const report = JSON.parse(stdout) as { ok: boolean; interrupted: unknown; events: number };
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    expect({
      code,
      ok: report.ok,
      interrupted: report.interrupted,
      traceLines: lines.length,
      lastTraceLine: JSON.parse(lines.at(-1) as string),
      htmlSaysSo: readFileSync(html, 'utf8').includes('run interrupted at 2026-11-23 09:07:30'),
    }).toEqual({
      code: EXIT_CODES.interrupted,
      ok: false,
      interrupted: { t: 4_500_000_000, at: '2026-11-23T09:07:30.0000000Z' },
      traceLines: report.events + 1,
      lastTraceLine: {
        t: 4_500_000_000,
        source: 'mqsim',
        type: 'run.interrupted',
        at: '2026-11-23T09:07:30.0000000Z',
      },
      htmlSaysSo: true,
    });
  });

  it('ends an NDJSON stream with the run.interrupted event', async () => {
    const { io } = interruptAt(50);
    const { code, stdout } = await runCaptured(['run', VALID, '--ndjson'], io);
    expect({ code, last: JSON.parse(stdout.trimEnd().split('\n').at(-1) as string) }).toEqual({
      code: EXIT_CODES.interrupted,
      last: {
        t: 9_000_000_000,
        source: 'mqsim',
        type: 'run.interrupted',
        at: '2026-11-23T09:15:00.0000000Z',
      },
    });
  });

  it('still reports a file it cannot write with exit 2, and unsubscribes', async () => {
    const { io, state } = interruptAt(10);
    const { code, stderr } = await runCaptured(
      ['run', VALID, '--html', join(scratch, 'no/such/dir.html')],
      io,
    );
    expect({ code, stack: hasStackTrace(stderr), state }).toEqual({
      code: EXIT_CODES.badInput,
      stack: false,
      state: { subscribed: 1, unsubscribed: 1 },
    });
  });

  it('is an ordinary run when nobody presses Ctrl-C', async () => {
    const { io, state } = interruptAt(101);
    const { code, stdout } = await runCaptured(['run', VALID], io);
    expect({ code, marked: stdout.includes('interrupted'), state }).toEqual({
      code: EXIT_CODES.ok,
      marked: false,
      state: { subscribed: 1, unsubscribed: 1 },
    });
  });

  it('listens to SIGINT by default, only while the run runs', async () => {
    const before = process.listeners('SIGINT');
    let during: number | undefined;
    const { code, stdout } = await runCaptured(['run', VALID], {
      progress: (text) => {
        if (during !== undefined || !text.includes(': 25% simulated')) return;
        const added = process.listeners('SIGINT').filter((listener) => !before.includes(listener));
        during = added.length;
        // What Ctrl-C does, without signalling the test runner's own process.
        for (const listener of added) listener('SIGINT');
      },
    });
    expect({
      code,
      firstLine: stdout.split('\n')[0],
      during,
      after: process.listeners('SIGINT').length === before.length,
    }).toEqual({ code: EXIT_CODES.interrupted, firstLine: LINE, during: 1, after: true });
  });

  it('documents Ctrl-C and exit code 130 in mqsim run --help', async () => {
    const { stdout } = await runCaptured(['run', '--help']);
    expect(stdout).toContain('Ctrl-C stops the run');
    expect(stdout).toContain('exit code is 130');
  });
});

// The real CLI process with a real SIGINT. It runs from source (tsx, and the workspace's
// `@mqsim/source` condition), so it needs no build and cannot be skipped by one.
const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const FROM_SOURCE = ['--conditions=@mqsim/source', '--import', 'tsx'];

describe('the mqsim process, sent SIGINT', () => {
  it('stops, prints why on stderr, ends the NDJSON with run.interrupted and exits 130', async () => {
    // 100 days of a send every 10s: minutes of work, so SIGINT lands mid-run.
    const long = join(scratch, 'long.yaml');
    writeFileSync(
      long,
      readFileSync(VALID, 'utf8')
        .replace('duration: 30m', 'duration: 100d')
        .replace('every: 1s', 'every: 10s'),
    );
    const child = spawn(process.execPath, [...FROM_SOURCE, CLI, 'run', long, '--ndjson'], {
      stdio: 'pipe',
    });
    let tail = '';
    let stderr = '';
    let signalled = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      tail = (tail + text).slice(-4096);
      // The first event means the run, and so the SIGINT listener, is under way.
      if (!signalled) signalled = child.kill('SIGINT');
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    const last = JSON.parse(tail.trimEnd().split('\n').at(-1) as string) as Record<string, unknown>;
    expect({
      code,
      signal,
      stderr:
        /^mqsim: interrupted at 2026-11-2\dT\d\d:\d\d:\d\d\.0000000Z \(\d+% of the scenario\); the report covers the run so far\n$/.test(
          stderr,
        ),
      last: last.type,
    }).toEqual({
      code: EXIT_CODES.interrupted,
      signal: null,
      stderr: true,
      last: 'run.interrupted',
    });
  }, 60_000);
});
