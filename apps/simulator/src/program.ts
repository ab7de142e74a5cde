import { MqsimError } from '@mqsim/filetime';
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerDsRefreshCommand } from './commands/ds-refresh.js';
import { registerFileTimeCommand } from './commands/filetime.js';
import { registerRunCommands } from './commands/run.js';
import { registerDoctorCommand } from './doctor/doctor-command.js';
import { EXIT_CODES } from './exit-codes.js';
import { registerFixesCommand } from './fixes/fixes-command.js';
import type { CliIo } from './io.js';
import { registerShellCommand } from './shell/register-shell.js';
import { registerSweepCommand } from './sweep/sweep-command.js';
import { shortenQuotedInput } from './terminal-text.js';

/**
 * Runs the `mqsim` command line with `args` (without the `node` and script path) and returns
 * the exit code: 0 ok, 1 failed, 2 bad input. Output goes through `io`, so it runs in-process.
 *
 * @example
 * ```ts norun
 * const out: string[] = [];
 * const io: CliIo = {
 *   stdout: (text) => out.push(text),
 *   stderr: (text) => out.push(text),
 *   now: () => fromIso('2026-11-23T08:00:00Z'),
 * };
 * await runCli(['filetime', '0x019DB1DED53E8000', '--json'], io); // => 0
 * ```
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const debug = args.includes('--debug');
  let exitCode: number = EXIT_CODES.ok;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(
      args.filter((arg) => arg !== '--debug'),
      { from: 'user' },
    );
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end the parse with an "error" that is not one.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return EXIT_CODES.ok;
      }
      if (error.code === 'commander.help') return EXIT_CODES.ok;
      return EXIT_CODES.badInput;
    }
    if (MqsimError.isInstance(error)) {
      io.stderr(`mqsim: ${shortenQuotedInput(error.message)}\n`);
      if (debug && error.stack !== undefined) io.stderr(`${error.stack}\n`);
      return EXIT_CODES.badInput;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`mqsim: internal error: ${shortenQuotedInput(message)}\n`);
    if (debug && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
    else io.stderr('(run again with --debug for the stack trace)\n');
    return EXIT_CODES.failed;
  }
}

function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('mqsim')
    .description(
      'Simulate MSMQ peer-to-peer messaging and the name caches, directory-service refresh\n' +
        'schedule and network that break it in production.',
    )
    .version(packageJson.version, '-V, --version', 'print the mqsim version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', '\nGlobal option:\n  --debug   print stack traces for errors\n')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(text.startsWith('error:') ? `mqsim: ${text}` : text),
    });

  registerFileTimeCommand(program, io);
  registerDsRefreshCommand(program, io);
  registerRunCommands(program, io, setExitCode);
  registerShellCommand(program, io, setExitCode);
  registerSweepCommand(program, io, setExitCode);
  registerFixesCommand(program, io, setExitCode);
  registerDoctorCommand(program, io, setExitCode);

  return program;
}
