#!/usr/bin/env node
import { SystemClock } from '@mqsim/filetime';
import { runCli } from './program.js';

// The executable: real stdout/stderr and the system clock, everything else lives in runCli.
const clock = new SystemClock({ unref: true });
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => clock.now(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mqsim: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
