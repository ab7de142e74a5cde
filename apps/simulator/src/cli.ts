#!/usr/bin/env node
import { SystemClock } from '@mqsim/filetime';
import { runCli } from './program.js';
import { canRedraw, colorWanted, safeForTerminal } from './terminal-text.js';

// The executable: real stdout/stderr and the system clock, everything else lives in runCli.
const clock = new SystemClock({ unref: true });

// A reader that went away (`mqsim run x --ndjson | head`) ends the run quietly, as `git log |
// head` does; a full disk or another write error is one line and exit 1, never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    if (stream !== process.stderr)
      process.stderr.write(`mqsim: cannot write the output: ${error.code ?? error.message}\n`);
    process.exit(1);
  });
}
const color = colorWanted(process.env, process.stdout.isTTY === true);
// Everything printed passes safeForTerminal: text from a scenario, a registry value or a path
// cannot send the terminal escape sequences (only the reports' own colours stay).
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(safeForTerminal(text, color)),
  stderr: (text) => process.stderr.write(safeForTerminal(text, false)),
  now: () => clock.now(),
  color,
  ...(canRedraw(process.env, process.stderr.isTTY === true)
    ? {
        progress: (text: string) => process.stderr.write(`\r\x1b[K${safeForTerminal(text, false)}`),
      }
    : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mqsim: ${safeForTerminal(String(error).replace(/\n/g, '\\n'), false)}\n`);
    process.exitCode = 1;
  },
);
