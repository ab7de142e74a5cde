#!/usr/bin/env node
import { SystemClock } from '@mqsim/filetime';
import { runCli } from './program.js';

// The executable: real stdout/stderr and the system clock, everything else lives in runCli.
const clock = new SystemClock({ unref: true });
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => clock.now(),
  color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
  ...(process.stderr.isTTY === true
    ? { progress: (text: string) => process.stderr.write(`\r\x1b[K${text}`) }
    : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mqsim: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
