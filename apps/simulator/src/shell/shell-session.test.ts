import { PassThrough, Readable } from 'node:stream';
import { loadScenarioFile, resolveScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { createShell } from './shell-commands.js';
import { runShellSession } from './shell-session.js';

const scenario = loadScenarioFile(resolveScenario('nat-renumbering'));

describe('runShellSession', () => {
  it('runs a script, echoing each line after its prompt, and reports failed lines', async () => {
    const shell = createShell(scenario);
    const out: string[] = [];
    const summary = await runShellSession(shell, {
      input: Readable.from(['# a script\nhostname\n', 'bogus\n\nhost APP01\n']),
      write: (text) => out.push(text),
      terminal: false,
    });
    expect(summary).toEqual({ commands: 3, failed: [{ line: 3, text: 'bogus' }], exited: false });
    const transcript = out.join('');
    expect(transcript.slice(shell.banner().length)).toBe(
      [
        '[08:00:00] APP02> # a script',
        '[08:00:00] APP02> hostname',
        'APP02',
        '[08:00:00] APP02> bogus',
        "'bogus' is not recognized as an internal or external command,",
        'operable program or batch file. Type help for the commands.',
        '[08:00:00] APP02> ',
        '[08:00:00] APP02> host APP01',
        'APP01: server, MSMQ running, addresses 203.0.113.20',
        '',
      ].join('\n'),
    );
  });

  it('stops reading at exit', async () => {
    const shell = createShell(scenario);
    const summary = await runShellSession(shell, {
      input: Readable.from(['hostname\nexit\nadvance 1h\n']),
      write: () => undefined,
      terminal: false,
    });
    expect(summary).toEqual({ commands: 2, failed: [], exited: true });
    expect(shell.history).toEqual(['hostname', 'exit']);
    expect(shell.prompt()).toBe('[08:00:00] APP02> ');
  });

  it('completes with Tab and recalls history with the arrow keys at a terminal', async () => {
    const shell = createShell(scenario);
    const input = new PassThrough();
    const out: string[] = [];
    const session = runShellSession(shell, {
      input,
      write: (text) => out.push(text),
      terminal: true,
    });
    // One key per chunk, as typed: readline takes a Tab inside a longer chunk as pasted text.
    const type = async (...keys: string[]) => {
      for (const key of keys) {
        input.write(key);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // "get-m" + Tab → "Get-Msmq" (the common prefix, case fixed); "o" + Tab → the one match.
    await type('get-m', '\t', 'o', '\t', '\r');
    await type('\x1b[A', '\r'); // Up recalls it
    await type('host a', '\t', '\t'); // two matches: the second Tab lists them
    await type('\x03'); // Ctrl+C drops the line
    await type('exit', '\r');
    const summary = await session;
    expect(shell.history).toEqual(['Get-MsmqOutgoingQueue', 'Get-MsmqOutgoingQueue', 'exit']);
    expect(summary).toEqual({ commands: 3, failed: [], exited: true });
    const screen = out.join('');
    expect(screen.match(/QueueName {24}State/g)).toHaveLength(2);
    expect(screen).toContain('APP01  APP02');
    expect(screen).toContain('^C\n');
  });
});
