import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The real executable behind a real shell: a reader that goes away (`| head`) ends mqsim quietly
// with exit 0, as `git log | head` does; a full disk is one `mqsim:` line and exit 1 or 2.
// Before the fix each of these died with "Unhandled 'error' event" and a stack trace.

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const MQSIM = [process.execPath, '--conditions=@mqsim/source', '--import', 'tsx', CLI]
  .map((word) => `'${word}'`)
  .join(' ');
const scratch = mkdtempSync(join(tmpdir(), 'mqsim-closed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `mqsim <args> <redirections>` in bash; mqsim's own exit status and stderr. */
function inShell(line: string): { readonly status: number; readonly stderr: string } {
  const errors = join(scratch, 'stderr');
  const status = join(scratch, 'status');
  // The group's redirections after the word `mqsim` (`> /dev/full`) apply to mqsim alone.
  const script = line.replace(
    /mqsim ([^|]*)/,
    (_all, rest: string) => `{ ${MQSIM} ${rest} 2>'${errors}'; echo $? >'${status}'; } `,
  );
  spawnSync('bash', ['-c', script], {
    // tsx resolves from the package folder.
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    timeout: 60_000,
  });
  return {
    status: Number(readFileSync(status, 'utf8')),
    stderr: readFileSync(errors, 'utf8'),
  };
}

describe('a reader that goes away', () => {
  it.each([
    ['a run’s events, piped to head', 'mqsim run nat-renumbering --ndjson | head -1 >/dev/null'],
    [
      'a DS refresh plan as JSON, piped to head',
      'mqsim ds-refresh plan --json | head -c 10 >/dev/null',
    ],
    ['a text report, piped to a reader that reads nothing', 'mqsim run dc-load | true'],
    [
      'the shell, fed commands and piped to head',
      `yes status | head -2000 | mqsim shell nat-renumbering | head -1 >/dev/null`,
    ],
  ])('ends quietly with exit 0: %s', (_what, line) => {
    expect(inShell(line)).toEqual({ status: 0, stderr: '' });
  });
});

describe('a full disk', () => {
  it.each([
    ['events', 'mqsim run nat-renumbering --ndjson > /dev/full'],
    ['the text report', 'mqsim run nat-renumbering > /dev/full'],
    ['JSON', 'mqsim run nat-renumbering --json > /dev/full'],
    ['the shell', 'echo status | mqsim shell nat-renumbering > /dev/full'],
  ])('is one mqsim: line and exit 1 for %s on stdout', (_what, line) => {
    expect(inShell(line)).toEqual({
      status: 1,
      stderr: 'mqsim: cannot write the output: ENOSPC\n',
    });
  });

  it.each([
    ['--html', 'mqsim run nat-renumbering --html /dev/full > /dev/null'],
    ['--trace', 'mqsim run nat-renumbering --trace /dev/full > /dev/null'],
    ['ds-refresh plan --html', 'mqsim ds-refresh plan --html /dev/full > /dev/null'],
  ])('names the file for %s, and leaves the device a device', (_flag, line) => {
    const { status, stderr } = inShell(line);
    expect(status).toBeGreaterThanOrEqual(1);
    expect(status).toBeLessThanOrEqual(2);
    expect(stderr).toMatch(/^mqsim: cannot write \/dev\/full: ENOSPC\b[^\n]*\n$/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});
