import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../index.js';
import { runMqsim } from '../test-cli.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

const run = (...args: string[]) => runMqsim(args, '2026-11-27T09:00:00Z');

const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';

describe('mqsim ds-refresh status from reg query text and stdin', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mqsim-status-'));
  // The same values as `reg query … /s` prints them (reg.exe's layout) and as a .reg export.
  const query = `\r\n${KEY}\r\n    DSSiteListRefresh    REG_DWORD    0x18\r\n    DSNextSiteListRefreshTime    REG_QWORD    0x1dd7b853883a000\r\n\r\n${KEY}\\Machine Cache\r\n    QMId    REG_BINARY    C6F4684C6ABF174FBA47FBEC25AA861D\r\n`;
  const exported = `Windows Registry Editor Version 5.00\r\n\r\n[${KEY}]\r\n"DSSiteListRefresh"=dword:00000018\r\n"DSNextSiteListRefreshTime"=hex(b):00,a0,83,38,85,7b,dd,01\r\n`;
  const write = (name: string, text: string) => {
    const path = join(scratch, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads what reg query prints as it reads the export', async () => {
    const fromQuery = await run('ds-refresh', 'status', '--reg', write('q.txt', query), '--json');
    const fromExport = await run(
      'ds-refresh',
      'status',
      '--reg',
      write('e.reg', exported),
      '--json',
    );
    expect(fromQuery.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(fromQuery.stdout).lists).toEqual(JSON.parse(fromExport.stdout).lists);
    expect(JSON.parse(fromQuery.stdout).settings.siteListRefreshHours).toBe(24);
  });

  it('names a line of reg query text it cannot read, and a key that is not there', async () => {
    const bad = await run(
      'ds-refresh',
      'status',
      '--reg',
      write('bad.txt', `\r\n${KEY}\r\n    oops\r\n`),
    );
    expect([bad.code, bad.stderr]).toEqual([
      EXIT_CODES.badInput,
      expect.stringMatching(/^mqsim: \S*bad\.txt:3:5: expected a key path/),
    ]);
    const missing = await run(
      'ds-refresh',
      'status',
      '--reg',
      write(
        'missing.txt',
        'ERROR: The system was unable to find the specified registry key or value.\r\n',
      ),
    );
    expect(missing.stderr).toMatch(
      /missing\.txt has no \[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\] key/,
    );
  });

  it('reads --reg - from stdin, a pipe from the shell or a redirected file', () => {
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const result = spawnSync(
      process.execPath,
      [
        '--conditions=@mqsim/source',
        '--import',
        'tsx',
        cli,
        'ds-refresh',
        'status',
        '--reg',
        '-',
        '--now',
        '2026-11-27T09:00:00Z',
      ],
      { input: query, encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
    );
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(
      /^stdin: MSMQ directory-service refresh as of 2026-11-27T09:00:00\.0000000Z/,
    );
  });
});

describe('mqsim ds-refresh status', () => {
  it('decodes a UTF-16 .reg export and explains each list', async () => {
    const result = await run(
      'ds-refresh',
      'status',
      '--reg',
      fixture('msmq-parameters.reg'),
      '--json',
    );
    expect(result.code).toBe(EXIT_CODES.ok);
    const status = JSON.parse(result.stdout);
    expect(
      status.lists.map((list: { state: string; nextTime: string; dueIn: string }) => [
        list.state,
        list.nextTime,
        list.dueIn,
      ]),
    ).toEqual([
      ['scheduled', '2026-11-30T14:03:27.1234567Z', '3d5h3m27s123ms456us700ns'],
      ['due', '1970-01-01T00:00:00.0000000Z', '-20784d9h'],
    ]);
    expect(status.findings.map((finding: { value: string }) => finding.value)).toEqual([
      'DSSiteListRefresh',
      'DSListRefresh',
    ]);
    expect(status.now).toBe('2026-11-27T09:00:00.0000000Z');
  });

  it('prints a readable table with the settings in force', async () => {
    const result = await run(
      'ds-refresh',
      'status',
      '--reg',
      fixture('msmq-parameters.reg'),
      '--now',
      '2026-11-27T09:00:00Z',
    );
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      'site list        scheduled  2026-11-30T14:03:27.1234567Z  in 3d5h3m27s',
    );
    // Within 80 columns: the explanations and the settings wrap, words whole.
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(80);
    expect(result.stdout.replace(/\n {2}/g, ' ')).toContain(
      'settings: DSSiteListRefresh 168 h (default), DSEnterpriseListRefresh 672 h (default), DSListRefreshErrorRetryInterval 60 min (default)',
    );
  });

  it('treats the enterprise list as not used on a routing server', async () => {
    const result = await run(
      'ds-refresh',
      'status',
      '--reg',
      fixture('msmq-parameters.reg'),
      '--role',
      'routing-server',
      '--json',
    );
    expect(JSON.parse(result.stdout).lists[1].state).toBe('not-used');
  });

  it.each([
    [['--reg', fixture('missing.reg')], /^mqsim: cannot read .*missing\.reg: ENOENT\n$/],
    [['--reg', fixture('broken.reg')], /^mqsim: \S*broken\.reg:4:27: expected [^\n]*dword/],
    [
      ['--reg', fixture('other-key.reg')],
      /^mqsim: .*other-key\.reg has no \[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\] key\n$/,
    ],
    [
      ['--reg', fixture('msmq-parameters.reg'), '--role', 'dc'],
      /^mqsim: --role "dc" is not an MSMQ role\n$/,
    ],
    [
      ['--reg', fixture('msmq-parameters.reg'), '--now', 'tomorrow'],
      /^mqsim: --now: "tomorrow" is not a ISO-8601 date-time/,
    ],
  ])('rejects bad input %j with exit code 2', async (args, message) => {
    const result = await run('ds-refresh', 'status', ...args);
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toMatch(message);
  });
});

describe('mqsim ds-refresh plan', () => {
  it('plans the load of a small enterprise as JSON', async () => {
    const result = await run(
      'ds-refresh',
      'plan',
      '--machines',
      '100',
      '--period',
      '28d',
      '--json',
    );
    expect(result.code).toBe(EXIT_CODES.ok);
    const report = JSON.parse(result.stdout);
    expect(report.plan.totals).toEqual({
      machines: 100,
      siteQueries: 400,
      enterpriseQueries: 100,
      failedQueries: 0,
      bytes: 400 * 4096 + 100 * 65_536,
    });
    expect(report.plan.domainControllers.map((dc: { name: string }) => dc.name)).toEqual([
      'DC1a',
      'DC1b',
    ]);
    expect(report.buckets).toBe(672);
  });

  it('compares a shorter interval with the defaults', async () => {
    const result = await run(
      'ds-refresh',
      'plan',
      '--machines',
      '100',
      '--period',
      '28d',
      '--site-hours',
      '24',
    );
    expect(result.stdout).toContain('this setting is ×5.80 the queries');
  });

  it.each([
    [['--machines', 'many'], 'mqsim: --machines "many" is not a whole number from 0 to 10000000\n'],
    [['--period', '1 year'], /^mqsim: --period: "1 year" is not a duration/],
    [['--outage', 'DC9z@1d+1h'], /^mqsim: --outage names unknown DC "DC9z"/],
    [['--outage', 'DC1a'], /^mqsim: --outage "DC1a" is not DC@START\+LENGTH/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const result = await run('ds-refresh', 'plan', ...(args as string[]));
    expect(result.code).toBe(EXIT_CODES.badInput);
    if (typeof message === 'string') expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
  });
});

describe('mqsim ds-refresh replay', () => {
  it('prints the same narrated timeline every time (golden file)', async () => {
    const result = await run('ds-refresh', 'replay');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toBe(readFileSync(fixture('ds-refresh-replay.txt'), 'utf8'));
  });

  it('shows each rule of the seed article in the trace', async () => {
    const { trace } = JSON.parse((await run('ds-refresh', 'replay', '--json')).stdout) as {
      trace: { t: number; host: string; type: string; list: string; reason?: string }[];
    };
    const started = trace.filter((event) => event.type === 'ds.refresh.started');
    const reasons = (host: string) =>
      started
        .filter((event) => event.host === host)
        .map((event) => `${event.list}:${event.reason}`);
    expect(reasons('APP01').slice(0, 8)).toEqual([
      'site:missing', // first start
      'enterprise:missing',
      'site:missing', // restart after delete (the plain restart before it started nothing)
      'enterprise:missing',
      'site:interval', // due during the outage
      'site:retry',
      'site:retry',
      'site:retry', // succeeds
    ]);
    expect(new Set(reasons('RS01').map((reason) => reason.split(':')[0]))).toEqual(
      new Set(['site']),
    );
  });
});
