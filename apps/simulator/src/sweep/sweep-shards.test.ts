// Sweeps beyond one machine: shards run by GNU parallel (as a job array would run them) and
// merged give the single-machine sweep byte for byte; bad shard files are named with line:column.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../exit-codes.js';
import { runMqsim } from '../test-cli.js';
import { parseShard } from './sweep-shards.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const MQSIM = [process.execPath, '--conditions=@mqsim/source', '--import', 'tsx', CLI]
  .map((word) => `'${word}'`)
  .join(' ');
// CI installs Debian's parallel (.ci/run); a machine without it skips the job-array test.
const haveParallel = existsSync('/usr/bin/parallel') || process.env.CI === 'true';
const SWEEP = [
  'nat-renumbering',
  '--seeds',
  '1..6',
  '--set',
  'hosts.APP02.msmq.nameCache=until-restart,respect-ttl',
  '--workers',
  '1',
];

describe.skipIf(!haveParallel)('mqsim sweep --shard, run by GNU parallel', () => {
  it('merges four shards into the table and the JSON of the sweep on one machine, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-shards-'));
    const args = SWEEP.map((word) => `'${word}'`).join(' ');
    const run = spawnSync(
      'bash',
      [
        '-c',
        `seq 0 3 | parallel --halt now,fail=1 "${MQSIM} sweep ${args} --shard {}/4 --out '${dir}/part-{}.ndjson'"`,
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const parts = [0, 1, 2, 3].map((index) => join(dir, `part-${index}.ndjson`));
    const whole = await runMqsim(['sweep', ...SWEEP]);
    const merged = await runMqsim(['sweep', 'merge', ...parts]);
    expect([merged.code, merged.stderr]).toEqual([whole.code, '']);
    expect(merged.stdout).toBe(whole.stdout);
    const wholeJson = await runMqsim(['sweep', ...SWEEP, '--json']);
    expect((await runMqsim(['sweep', 'merge', ...parts.reverse(), '--json'])).stdout).toBe(
      wholeJson.stdout,
    );
    // Every run is in exactly one shard.
    const lines = parts.flatMap((part) => readFileSync(part, 'utf8').trim().split('\n').slice(1));
    expect(lines).toHaveLength(12);
  }, 180_000);
});

describe('mqsim sweep merge', () => {
  it('names what is wrong with the files, one line each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-merge-'));
    const part = (index: number, extra: string[] = []) =>
      runMqsim([
        'sweep',
        ...SWEEP,
        '--shard',
        `${index}/2`,
        '--out',
        join(dir, `p${index}.ndjson`),
        ...extra,
      ]);
    await part(0);
    await part(1);
    const p0 = join(dir, 'p0.ndjson');
    const p1 = join(dir, 'p1.ndjson');
    const error = async (...files: string[]) => {
      const run = await runMqsim(['sweep', 'merge', ...files]);
      expect(run.code).toBe(EXIT_CODES.badInput);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      return run.stderr;
    };
    expect(await error(p0)).toMatch(/^mqsim: shards 1\/2 are missing/);
    expect(await error(p0, p0, p1)).toMatch(/both shard 0\/2/);
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, `${readFileSync(p1, 'utf8').split('\n')[0]}\n{"type":"sweep.run"\n`);
    expect(await error(p0, broken)).toMatch(/broken\.ndjson:2:1: not JSON/);
    const notShard = join(dir, 'trace.ndjson');
    writeFileSync(notShard, '{"t":0,"type":"tcp.connect"}\n');
    expect(await error(notShard)).toMatch(/trace\.ndjson:1:1: not the header of a shard file/);
    const cut = join(dir, 'cut.ndjson');
    writeFileSync(cut, readFileSync(p1, 'utf8').split('\n').slice(0, 2).join('\n'));
    expect(await error(p0, cut)).toMatch(
      /the shards hold 7 runs \(7 distinct\) where the sweep has 12/,
    );
    expect(await error()).toMatch(/needs the shard files/);
  }, 60_000);
});

describe('parseShard', () => {
  it('takes K/N, or N with K from a job-array index, and refuses the rest', () => {
    expect(parseShard('2/4', {})).toEqual({ index: 2, count: 4 });
    expect(parseShard('4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('4', { SLURM_ARRAY_TASK_ID: '0' })).toEqual({ index: 0, count: 4 });
    expect(() => parseShard('4', {})).toThrow(/no K, and neither JOB_COMPLETION_INDEX/);
    expect(() => parseShard('4/4', {})).toThrow(/is not a shard/);
    expect(() => parseShard('1/0', {})).toThrow(/is not a shard/);
    expect(() => parseShard('a/b', {})).toThrow(/is not a shard/);
  });
});
