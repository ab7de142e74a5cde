import { resolveScenario } from '@mqsim/scenario';
import type { Command } from 'commander';
import { parseIntegerFlag } from '../cli-input.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { MAX_SEED } from '../sweep/seed-list.js';

/** The CLI's outside world, plus where the shell reads commands from. */
export interface ShellIo extends CliIo {
  /** Command lines; default `process.stdin`. A TTY gets line editing, completion and history. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
}

/** Flags of `mqsim shell`. */
interface ShellFlags {
  readonly seed?: string;
  readonly host?: string;
}

/** The scenario `mqsim shell` opens when none is named. */
export const DEFAULT_SHELL_SCENARIO = 'nat-renumbering';

const HELP_AFTER = `
Commands come from the terminal (Tab completes, arrow keys recall history, Ctrl+D or exit
leaves) or from a script on stdin, one command a line; # and rem lines are comments. A script's
lines are echoed after the prompt, so stdout is a readable transcript; a failing command does
not stop it.

Type help inside the shell for the commands: ipconfig [/all|/flushdns|/displaydns],
net stop|start msmq, restart, crash, netstat -anb, reg query|add|delete,
Get-MsmqOutgoingQueue, Get-MsmqQueue, send, host NAME, advance 10m, run until 09:30|end,
status, history, help, exit.

Exit code: 0; 1 when commands came from a script (stdin not a terminal) and any of them failed
(the failed lines are listed on stderr); 2 when the scenario or a flag cannot be used.

Examples:
  mqsim shell
  mqsim shell my-scenario.yaml --seed 7 --host APP01
  printf 'advance 20m\\nGet-MsmqOutgoingQueue\\n' | mqsim shell nat-renumbering
`;

/** Adds `mqsim shell [scenario]` to `program`. */
export function registerShellCommand(
  program: Command,
  io: ShellIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('shell')
    .description(
      'explore a scenario paused at its start with Windows-like commands, advancing time by hand',
    )
    .argument(
      '[scenario]',
      'a .yaml/.json scenario file or a built-in name',
      DEFAULT_SHELL_SCENARIO,
    )
    .option('--seed <n>', "override the scenario's seed")
    .option('--host <name>', 'the machine to start on (default: the first sender)')
    .addHelpText('after', HELP_AFTER)
    .action(async (target: string, flags: ShellFlags) => {
      // Loaded when the command runs: the scenario loader and the simulation are most of the
      // CLI's start-up cost, and `mqsim filetime` should not pay it.
      const [{ loadScenarioFile }, { createShell }, { runShellSession }] = await Promise.all([
        import('@mqsim/scenario'),
        import('./shell-commands.js'),
        import('./shell-session.js'),
      ]);
      const scenario = loadScenarioFile(resolveScenario(target));
      const seed =
        flags.seed === undefined ? undefined : parseIntegerFlag('--seed', flags.seed, 0, MAX_SEED);
      const shell = createShell(scenario, {
        ...(seed === undefined ? {} : { seed }),
        ...(flags.host === undefined ? {} : { host: flags.host }),
        color: io.color ?? false,
      });
      const input = io.stdin ?? process.stdin;
      const terminal = input.isTTY === true;
      const summary = await runShellSession(shell, {
        input,
        write: io.stdout,
        terminal,
        ...(terminal && input === process.stdin && process.stdout.isTTY
          ? { columns: process.stdout.columns }
          : {}),
      });
      if (!terminal && summary.failed.length > 0) {
        const lines = summary.failed.map((entry) => entry.line).join(', ');
        io.stderr(
          `mqsim shell: ${summary.failed.length} of ${summary.commands} commands failed (input lines ${lines})\n`,
        );
        setExitCode(EXIT_CODES.failed);
      }
    });
}
