/**
 * The enterprise case: wall time of `mqsim run enterprise` — the built-in estate of 1,000 MSMQ
 * machines in 20 sites with their DCs, a day of traffic, 100 servers renumbered, DS refreshes —
 * from spawn to exit, as a user waits for it (the report included; its effects are skipped
 * automatically, as for any run that takes long). Target ≤ 30 s. One spawn per round: a round
 * is half a minute.
 */
import { spawnSync } from 'node:child_process';
import type { BenchCase, BenchSettings } from './bench-case.js';
import { findCli } from './cli-cold-start-case.js';
import { median } from './measure.js';
import { type CaseResult, headline } from './report.js';

const TARGET_SECONDS = 30;

/**
 * `mqsim run enterprise`, timed whole.
 *
 * @example
 * ```ts
 * createEnterpriseRunCase().name; // => 'mqsim run enterprise'
 * ```
 */
export function createEnterpriseRunCase(): BenchCase {
  const name = 'mqsim run enterprise';
  return { name, run: (settings) => runEnterprise(name, settings) };
}

function runEnterprise(name: string, settings: BenchSettings): CaseResult {
  const cli = findCli();
  const problems: string[] = [];
  const samples: number[] = [];
  // At --scale below 1, only the first hours: a smoke run, not the target.
  const until =
    settings.scale >= 1
      ? []
      : ['--until', `${String(Math.max(1, Math.round(24 * settings.scale))).padStart(2, '0')}:00`];
  for (let round = 0; round < Math.min(settings.rounds, 3) && cli.path !== undefined; round++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [cli.path, 'run', 'enterprise', ...until], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Exit 0: every expectation met; the report must be the estate's (per site).
    if (child.status !== 0)
      problems.push(`exit ${child.status}: ${child.stderr.trim().slice(0, 200)}`);
    else if (!child.stdout.includes('\nSites\n')) problems.push('the report has no Sites section');
    samples.push(seconds);
  }
  const seconds = samples.length === 0 ? undefined : median(samples);
  return {
    name,
    description: `wall time of \`node ${cli.display} run enterprise${until.length > 0 ? ` ${until.join(' ')}` : ''}\`, ${samples.length} spawn${samples.length === 1 ? '' : 's'}`,
    unit: 's',
    parameters: { rounds: samples.length },
    measurements: [
      seconds === undefined
        ? {
            implementation: 'mqsim run enterprise',
            rate: undefined,
            samples: [],
            note: cli.reason ?? 'not run',
          }
        : { implementation: 'mqsim run enterprise', rate: seconds, samples },
    ],
    comparisons: [],
    problems,
    headline: [
      headline(
        'mqsim run enterprise (1,000 machines, a day)',
        seconds,
        's',
        settings.scale >= 1 ? { bound: 'at most', value: TARGET_SECONDS } : undefined,
      ),
    ],
  };
}
