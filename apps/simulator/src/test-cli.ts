// Test support (not shipped): runs the mqsim command line in-process and collects its output.
import { fromIso } from '@mqsim/filetime';
import { runCli } from './program.js';

/** What one in-process run of `mqsim` printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `mqsim …args` in-process with a fixed "now" (default 2026-11-23T09:30:00.1234567Z). */
export async function runMqsim(
  args: readonly string[],
  now = '2026-11-23T09:30:00.1234567Z',
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    now: () => fromIso(now),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
