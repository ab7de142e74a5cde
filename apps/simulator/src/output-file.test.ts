import { spawn, spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPaths, checkOutsideFolder, writeOutputFile } from './output-file.js';

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

describe('writeOutputFile on what is not a plain file', () => {
  it('replaces the file a link names and keeps the link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-out-'));
    mkdirSync(join(dir, 'reports'));
    writeFileSync(join(dir, 'reports', 'latest.html'), 'old');
    symlinkSync(join(dir, 'reports', 'latest.html'), join(dir, 'report.html'));
    writeOutputFile(join(dir, 'report.html'), 'new');
    expect(lstatSync(join(dir, 'report.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'reports', 'latest.html'), 'utf8')).toBe('new');
    expect(readdirSync(join(dir, 'reports'))).toEqual(['latest.html']);
  });

  it('writes into a named pipe instead of renaming a file over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-out-'));
    const pipe = join(dir, 'trace.pipe');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const reader = spawn('cat', [pipe], { stdio: ['ignore', 'pipe', 'inherit'] });
    let read = '';
    reader.stdout.setEncoding('utf8').on('data', (text: string) => {
      read += text;
    });
    const closed = new Promise((done) => reader.on('close', done));
    writeOutputFile(pipe, 'line 1\nline 2\n');
    await closed;
    expect(read).toBe('line 1\nline 2\n');
    expect(statSync(pipe).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['trace.pipe']);
  });

  it('reports a full device in one line and leaves the device a device', () => {
    // Before the fix, running as root replaced /dev/full (and /dev/null) with a regular file.
    expect(() => writeOutputFile('/dev/full', 'x')).toThrow(/^cannot write \/dev\/full: ENOSPC$/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    writeOutputFile('/dev/null', 'x');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
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

describe('checkOutsideFolder', () => {
  it('refuses an output inside the folder that is read, however it is spelled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-out-'));
    mkdirSync(join(dir, 'evidence', 'APP01'), { recursive: true });
    writeFileSync(join(dir, 'evidence', 'APP01', 'netstat.txt'), 'x');
    symlinkSync(join(dir, 'evidence'), join(dir, 'link'));
    const folder = { flag: 'evidence folder', path: join(dir, 'evidence') };
    for (const inside of [
      join(dir, 'evidence', 'APP01', 'netstat.txt'),
      join(dir, 'link', 'new.yaml'),
      join(dir, 'evidence', '..', 'evidence', 'x.yaml'),
      join(dir, 'evidence'),
    ]) {
      expect(() => checkOutsideFolder(folder, { flag: '--scenario', path: inside })).toThrow(
        /^--scenario .* is inside the evidence folder: it would overwrite or add to what is read$/,
      );
    }
    // A sibling whose name starts with the folder's is outside it.
    expect(() =>
      checkOutsideFolder(folder, { flag: '--scenario', path: join(dir, 'evidence-estate.yaml') }),
    ).not.toThrow();
  });
});
