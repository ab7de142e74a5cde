/** Runs the HOLD model on SimPy 3 under Debian's Python (`hold_simpy.py` beside this file). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HoldRun } from './hold-model.js';

// Debian's python3-simpy3 installs into the system interpreter only; a pyenv or venv `python3`
// earlier on PATH would not see it.
const PYTHON = '/usr/bin/python3';
const INSTALL_COMMAND = 'apt-get update && apt-get install -y python3-simpy3';
// The script ships as source; from dist/main.js and from src/simpy.ts alike it is ../src/.
const SCRIPT = fileURLToPath(new URL('../src/hold_simpy.py', import.meta.url));

/** Whether SimPy can run: its version, or why not and how to fix it. */
export type SimPyAvailability =
  /** `version` reads e.g. `SimPy 3.0.11 on CPython 3.11.2`. */
  | { readonly available: true; readonly version: string }
  | { readonly available: false; readonly reason: string };

/**
 * Checks that `/usr/bin/python3` imports SimPy. When it does not and the bench runs as root
 * with `CI=true`, installs `python3-simpy3` with apt-get first; otherwise says how to.
 *
 * @example
 * ```ts
 * findSimPy(); // { available: true, version: 'SimPy 3.0.11 on CPython 3.11.2' }
 * ```
 */
export function findSimPy(): SimPyAvailability {
  let version = probeVersion();
  if (version === undefined && process.getuid?.() === 0 && process.env.CI === 'true') {
    spawnSync('sh', ['-c', INSTALL_COMMAND], { stdio: ['ignore', 'ignore', 'inherit'] });
    version = probeVersion();
  }
  if (version !== undefined) return { available: true, version };
  return {
    available: false,
    reason: `SimPy is not importable by ${PYTHON}; install it with \`${INSTALL_COMMAND}\` (as root)`,
  };
}

function probeVersion(): string | undefined {
  const probe = spawnSync(
    PYTHON,
    [
      '-c',
      'import platform, simpy; print(f"SimPy {simpy.__version__} on {platform.python_implementation()} {platform.python_version()}")',
    ],
    { encoding: 'utf8' },
  );
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/**
 * Runs the HOLD model on SimPy: one warm-up of `warmUpEvents`, then `rounds` timed runs of
 * `events`, both replaying `delays` from the start (it must hold `population` plus the larger
 * of the two), each timed with `time.perf_counter` inside Python so interpreter start-up and
 * reading the delays are not counted.
 *
 * @throws {Error} when the Python script fails; the message carries its stderr.
 */
export function holdWithSimPy(options: {
  readonly delays: Float64Array;
  readonly population: number;
  readonly events: number;
  readonly warmUpEvents: number;
  readonly rounds: number;
}): HoldRun[] {
  const directory = mkdtempSync(join(tmpdir(), 'mqsim-bench-'));
  try {
    const delaysFile = join(directory, 'delays.f64');
    const delays = options.delays;
    writeFileSync(delaysFile, new Uint8Array(delays.buffer, delays.byteOffset, delays.byteLength));
    const child = spawnSync(
      PYTHON,
      [
        SCRIPT,
        delaysFile,
        String(options.population),
        String(options.events),
        String(options.warmUpEvents),
        String(options.rounds),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) {
      throw new Error(`${SCRIPT} failed (${child.status ?? child.signal}): ${child.stderr.trim()}`);
    }
    return (JSON.parse(child.stdout) as { runs: HoldRun[] }).runs;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
