import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { fromIso } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runCli } from '../index.js';
import type { ShellIo } from './register-shell.js';

/** Runs `mqsim …args` in-process with `script` as stdin (a pipe, not a terminal). */
async function run(script: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: ShellIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    now: () => fromIso('2026-11-27T09:00:00Z'),
    stdin: Readable.from([script]),
  };
  const code = await runCli(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

// The NAT renumbering incident, diagnosed with the commands an admin types first and fixed by
// hand instead of by the scenario's own timeline; the session is saved as a scenario and a report.
const FIX_BY_HAND = (dir: string) => `# nat-renumbering, fixed by hand
advance 20m
Get-MsmqOutgoingQueue
Get-MsmqOutgoingQueue | Format-List | findstr /i "state nexthops"
nslookup app01
Resolve-DnsName app01
ping app01 -n 2
Test-NetConnection app01 -Port 1801
ipconfig /all
ipconfig /flushdns
advance 1m
Get-MsmqOutgoingQueue
ping app01 -n 1
tnc app01 -Port 1801
use APP01
netstat -anb
netstat -ano | findstr 1801
netstat -an | Select-String LISTENING
net stop msmq
net start msmq
host APP02
restart
advance 5m
Get-MsmqOutgoingQueue
cls
report --html ${dir}/report.html
save ${dir}/fixed.yaml
`;

const golden = fileURLToPath(new URL('./__fixtures__/fix-by-hand.transcript.txt', import.meta.url));

describe('mqsim shell', () => {
  it('runs a piped script on nat-renumbering: the transcript matches the golden file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-shell-'));
    const result = await run(FIX_BY_HAND(dir), 'shell', 'nat-renumbering');
    expect(result).toMatchObject({ code: EXIT_CODES.ok, stderr: '' });
    const transcript = result.stdout.replaceAll(dir, '<dir>');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, transcript);
    expect(transcript).toBe(readFileSync(golden, 'utf8'));
    // What save wrote replays the session: the hand fix drains everything.
    const saved = await runCli(['run', join(dir, 'fixed.yaml'), '--json', '--no-effects'], {
      stdout: () => {},
      stderr: () => {},
      now: () => fromIso('2026-11-27T09:00:00Z'),
    });
    expect(saved).toBe(EXIT_CODES.failed); // the scenario's tcp.refused expectation: fixed before any refusal
    expect(readFileSync(join(dir, 'fixed.yaml'), 'utf8')).toMatch(
      /- \{ at: 21m, do: restart-msmq, host: APP02 \}/,
    );
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('opens nat-renumbering when no scenario is named, and takes --seed and --host', async () => {
    const result = await run('hostname\n', 'shell', '--seed', '7', '--host', 'app01');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(
      /^mqsim shell: nat-renumbering \(seed 7\), paused at 2026-11-23 08:00:00/,
    );
    expect(result.stdout).toContain('\n[08:00:00] APP01> hostname\nAPP01\n');
  });

  it('goes on after a failed command, then exits 1 naming the failed lines', async () => {
    const result = await run('ipconfg\nhost APP9\nhostname\n', 'shell');
    expect(result.code).toBe(EXIT_CODES.failed);
    expect(result.stdout).toContain('Did you mean ipconfig?');
    expect(result.stdout).toContain('[08:00:00] APP02> hostname\nAPP02\n');
    expect(result.stderr).toBe('mqsim shell: 2 of 3 commands failed (input lines 1, 2)\n');
  });

  it('exits 2 for a scenario, seed or host it cannot use', async () => {
    expect((await run('', 'shell', 'nosuch')).stderr).toMatch(
      /^mqsim: no scenario file or built-in scenario named "nosuch"/,
    );
    expect((await run('', 'shell', '--seed', 'x')).code).toBe(EXIT_CODES.badInput);
    const host = await run('', 'shell', '--host', 'APP9');
    expect(host).toMatchObject({ code: EXIT_CODES.badInput });
    expect(host.stderr).toBe(
      'mqsim: no machine "APP9" in scenario nat-renumbering (did you mean APP01?); machines: APP01, APP02\n',
    );
  });

  it('documents the commands and the exit code in --help', async () => {
    const help = await run('', 'shell', '--help');
    expect(help.code).toBe(EXIT_CODES.ok);
    expect(help.stdout).toContain('Usage: mqsim shell [options] [scenario]');
    expect(help.stdout).toContain('Exit code: 0; 1 when commands came from a script');
  });
});
