import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPaths, writeOutputFile } from './output-file.js';

describe('writeOutputFile', () => {
  it('replaces the file whole, leaving no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-out-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, 'old');
    writeOutputFile(file, 'new report');
    expect([readFileSync(file, 'utf8'), readdirSync(dir)]).toEqual(['new report', ['report.html']]);
  });

  it('leaves the earlier file as it was when the write fails, and says so in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-out-'));
    // A directory where the file should go: the rename fails after the text was written.
    const target = join(dir, 'report.html');
    mkdirSync(target);
    writeFileSync(join(target, 'kept'), 'earlier');
    expect(() => writeOutputFile(target, 'new')).toThrow(/^cannot write .*report\.html: E[A-Z]+$/);
    expect(readdirSync(dir)).toEqual(['report.html']);
    expect(readFileSync(join(target, 'kept'), 'utf8')).toBe('earlier');
    expect(() => writeOutputFile(join(dir, 'no', 'such', 'x.html'), 'x')).toThrow(
      /cannot write .*x\.html: ENOENT/,
    );
  });
});

describe('checkOutputPaths', () => {
  it('refuses an output that is an input or another output, links resolved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-out-'));
    const scenario = join(dir, 'mine.yaml');
    writeFileSync(scenario, 'name: x');
    symlinkSync(scenario, join(dir, 'link.yaml'));
    const input = [{ flag: 'scenario file', path: scenario }];
    expect(() =>
      checkOutputPaths(input, [{ flag: '--html', path: join(dir, 'link.yaml') }]),
    ).toThrow(/--html .*link\.yaml is also the scenario file/);
    expect(() =>
      checkOutputPaths(input, [
        { flag: '--trace', path: join(dir, 'out') },
        { flag: '--html', path: join(dir, '.', 'out') },
      ]),
    ).toThrow(/--html .*out is also the --trace/);
    expect(() =>
      checkOutputPaths(input, [
        { flag: '--trace', path: join(dir, 'trace.ndjson') },
        { flag: '--html', path: join(dir, 'report.html') },
      ]),
    ).not.toThrow();
  });
});
