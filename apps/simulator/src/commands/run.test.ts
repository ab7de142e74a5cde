import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIO_JSON_SCHEMA } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../index.js';
import { runMqsim } from '../test-cli.js';

const run = (...args: string[]) => runMqsim(args, '2026-11-27T09:00:00Z');

const golden = fileURLToPath(
  new URL('../__fixtures__/nat-renumbering-report.txt', import.meta.url),
);
const scratch = () => mkdtempSync(join(tmpdir(), 'mqsim-run-'));

describe('mqsim run', () => {
  it('replays nat-renumbering: the report matches the golden file, expectations pass', async () => {
    const result = await run('run', 'nat-renumbering');
    expect(result.code).toBe(EXIT_CODES.ok);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, result.stdout);
    expect(result.stdout).toBe(readFileSync(golden, 'utf8'));
    expect(result.stdout.includes('\u001b[')).toBe(false);
  });

  it('gives the same fingerprint for the same seed, and another for another seed', async () => {
    const fingerprint = async (...extra: string[]) =>
      JSON.parse((await run('run', 'nat-renumbering', '--json', ...extra)).stdout).fingerprint;
    const first = await fingerprint();
    expect(await fingerprint()).toBe(first);
    expect(await fingerprint('--seed', '2')).not.toBe(first);
  });

  it('prints one JSON document with the accounting and expectations', async () => {
    const result = await run('run', 'nat-renumbering', '--json', '--until', '50m');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ scenario: 'nat-renumbering', seed: 1, ok: false });
    expect(report.totals.stuck).toBeGreaterThan(2000);
    expect(
      report.hosts.find((host: { name: string }) => host.name === 'APP02').outgoing[0],
    ).toMatchObject({
      state: 'Waiting',
      nextHop: '203.0.113.20',
    });
    expect(result.code).toBe(EXIT_CODES.failed);
  });

  it('streams NDJSON trace events and writes --trace and --html files', async () => {
    const dir = scratch();
    const result = await run(
      'run',
      'nat-renumbering',
      '--ndjson',
      '--until',
      '11m',
      '--trace',
      join(dir, 'trace.ndjson'),
      '--html',
      join(dir, 'report.html'),
    );
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      t: 0,
      source: expect.any(String),
      type: expect.any(String),
    });
    expect(readFileSync(join(dir, 'trace.ndjson'), 'utf8')).toBe(`${lines.join('\n')}\n`);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script src=|<link [^>]*href="http/);
  });

  it('stops --until at a clock time (UTC, on the first day), a date-time or end, as the shell does', async () => {
    // nat-renumbering starts at 08:00 UTC: 08:50, its ISO form and 50m are the same moment.
    const fingerprint = async (until: string) => {
      const report = JSON.parse(
        (await run('run', 'nat-renumbering', '--json', '--until', until)).stdout,
      );
      return [report.fingerprint, report.endedAt];
    };
    const fifty = await fingerprint('50m');
    expect(await fingerprint('08:50')).toEqual(fifty);
    expect(await fingerprint('2026-11-23T08:50:00Z')).toEqual(fifty);
    expect(await fingerprint('50m')).not.toEqual(await fingerprint('08:51'));
    const whole = JSON.parse((await run('run', 'nat-renumbering', '--json')).stdout);
    expect(await fingerprint('end')).toEqual([whole.fingerprint, whole.endedAt]);
    const early = await run('run', 'nat-renumbering', '--until', '07:30');
    expect([early.code, early.stderr]).toEqual([
      EXIT_CODES.badInput,
      expect.stringMatching(
        /^mqsim: --until: 07:30 is before the scenario starts \(2026-11-23 08:00:00 UTC\)/,
      ),
    ]);
    expect((await run('run', 'nat-renumbering', '--until', '25:99')).stderr).toMatch(
      /^mqsim: --until: "25:99" is not a time; allowed: a duration from the start/,
    );
  });

  it('exits 2 with a located message for a bad scenario, flag or name', async () => {
    const dir = scratch();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nstart: 2026-11-23T08:00:00Z\nduration: 1h\nhostz: []\n');
    const bad = await run('run', file);
    expect(bad.code).toBe(EXIT_CODES.badInput);
    expect(bad.stderr).toMatch(/bad\.yaml:4:1: .*hostz/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect((await run('run', 'nat-renumbering', '--seed', 'x')).stderr).toMatch(
      /--seed "x" is not a whole number/,
    );
    expect((await run('run', 'nat-renumbering', '--until', 'soon')).stderr).toMatch(
      /^mqsim: --until: /,
    );
    expect((await run('run', 'nosuch')).stderr).toMatch(/built-ins: .*nat-renumbering/);
    expect((await run('scenario', 'show', 'nosuch')).code).toBe(EXIT_CODES.badInput);
  });
});

describe('mqsim scenarios', () => {
  it('lists the built-ins and shows their YAML', async () => {
    const list = await run('scenarios');
    expect(list.stdout).toMatch(/^ds-refresh\s+/m);
    expect(list.stdout).toMatch(/^nat-renumbering\s+Servers are moved behind NAT/m);
    const show = await run('scenario', 'show', 'nat-renumbering');
    expect(show.stdout).toMatch(/^name: nat-renumbering$/m);
    // A copy finds its schema beside itself, where `scenario schema` writes it.
    expect(show.stdout.split('\n', 2)).toEqual([
      '# yaml-language-server: $schema=./scenario.schema.json',
      '# (write it beside this file: mqsim scenario schema > scenario.schema.json)',
    ]);
    const schema = await run('scenario', 'schema');
    expect(JSON.parse(schema.stdout)).toEqual(SCENARIO_JSON_SCHEMA);
  });

  it('validates scenario files without running them, naming each problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-validate-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, (await run('scenario', 'show', 'quickstart')).stdout);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: t\nstart: 2026-11-23T08:00:00Z\nduration: 1200\nhosts: []\n');
    const both = await run('scenario', 'validate', good, bad);
    expect(both.code).toBe(EXIT_CODES.badInput);
    expect(both.stdout).toMatch(
      /^\S*good\.yaml: valid; 2 hosts, 2 workload streams, 30m, about [\d,]+ messages\n$/,
    );
    expect(both.stderr).toMatch(/^mqsim: \S*bad\.yaml:3:11: duration must be a duration/);
    expect((await run('scenario', 'validate', good)).code).toBe(EXIT_CODES.ok);
  });
});
