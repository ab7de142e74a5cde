import { fromIso } from '@mqsim/filetime';
import type { CliIo } from '../io.js';
import { runCli } from '../program.js';

/** What one in-process `mqsim` invocation printed, and its exit code. */
export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The fixed "now" of every hardening test, so no test reads the wall clock. */
export const HARDENING_NOW = fromIso('2026-11-27T09:00:00Z');

/**
 * Runs `mqsim` in-process with `args`, capturing stdout and stderr; `io` adds or replaces the
 * optional parts of {@link CliIo} (progress, interrupts).
 */
export async function runCaptured(
  args: readonly string[],
  io: Partial<CliIo> = {},
): Promise<CapturedRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    stdout: (text) => void stdout.push(text),
    stderr: (text) => void stderr.push(text),
    now: () => HARDENING_NOW,
    ...io,
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Whether text holds a JavaScript stack trace line (`\n    at fn (file:1:2)`). */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at /.test(text);
}

/** Whether text holds a control character other than tab and line feed (ESC, NUL, CR, DEL…). */
export function hasRawControlCharacters(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text);
}
