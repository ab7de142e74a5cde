import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { EXIT_CODES } from './index.js';
import { runMqsim } from './test-cli.js';

const run = (...args: string[]) => runMqsim(args);

describe('mqsim filetime', () => {
  it('prints every encoding of the Unix epoch as JSON', async () => {
    const result = await run('filetime', '116444736000000000', '--json');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      input: '116444736000000000',
      form: 'decimal',
      ticks: '116444736000000000',
      hex: '0x019DB1DED53E8000',
      iso: '1970-01-01T00:00:00.0000000Z',
      unixSeconds: 0,
      unixMs: 0,
      unixNs: '0',
      high: 27111902,
      low: 3577643008,
      bytes: ['00', '80', '3e', 'd5', 'de', 'b1', '9d', '01'],
      regQword: 'hex(b):00,80,3e,d5,de,b1,9d,01',
      regBinary: 'hex:00,80,3e,d5,de,b1,9d,01',
      dotnetTicks: '621355968000000000',
    });
  });

  it.each([
    ['0x019DB1DED53E8000', 'hex'],
    ['1970-01-01T00:00:00Z', 'iso'],
    ['hex(b):00,80,3e,d5,de,b1,9d,01', 'reg-qword'],
    ['hex:00,80,3e,d5,de,b1,9d,01', 'reg-binary'],
    ['27111902:3577643008', 'dwords'],
  ])('detects %s as %s', async (input, form) => {
    const result = await run('filetime', input, '--json');
    const report = JSON.parse(result.stdout);
    expect([report.form, report.ticks]).toEqual([form, '116444736000000000']);
  });

  it('reads now from the injected clock', async () => {
    const report = JSON.parse((await run('filetime', 'now', '--json')).stdout);
    expect(report.iso).toBe('2026-11-23T09:30:00.1234567Z');
  });

  it('prints a table that says how it read the input', async () => {
    const result = await run('filetime', '0x7FFFFFFFFFFFFFFF');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'read as          hex ticks: 0x7FFFFFFFFFFFFFFF',
      'ISO-8601 UTC     30828-09-14T02:48:05.4775807Z',
      'ticks            9223372036854775807',
    ]);
    expect(result.stdout).toContain('.NET ticks       n/a (after DateTime.MaxValue, 9999-12-31)');
  });

  it('rejects bad input with exit code 2 and one line naming the input and the accepted forms', async () => {
    const result = await run('filetime', 'yesterday');
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^mqsim: "yesterday" is not a FILETIME in any known form \(expected decimal ticks/,
    );
    expect(lines[0]).toContain('hex(b):');
    expect(lines[0]).not.toContain('    at ');
  });

  it('rejects an out-of-range value as bad input', async () => {
    const result = await run('filetime', '18446744073709551616');
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toMatch(/^mqsim: FILETIME 18446744073709551616 is out of range/);
  });

  it('prints the stack only with --debug', async () => {
    const result = await run('filetime', 'yesterday', '--debug');
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toContain('    at ');
  });
});

describe('mqsim', () => {
  it('shows help listing the commands', async () => {
    const result = await run('--help');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/^Usage: mqsim \[options\] \[command\]/);
    expect(result.stdout).toContain('filetime [options] <value>');
  });

  it('prints its version', async () => {
    const result = await run('--version');
    expect([result.code, result.stdout]).toEqual([EXIT_CODES.ok, `${packageJson.version}\n`]);
  });

  it('treats an unknown option as bad input', async () => {
    const result = await run('filetime', '0', '--yaml');
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toBe("mqsim: error: unknown option '--yaml'\n");
  });

  it('suggests the command meant by a typo', async () => {
    const result = await run('filetme', '0');
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toBe(
      "mqsim: error: unknown command 'filetme'\n(Did you mean filetime?)\n",
    );
  });
});
