// Every command of the READMEs' tours runs, as written: the root README's `sh` tour through the
// CLI (each output file written into a scratch folder), the CLI README's shell tour as a script.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { fromIso } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runCli } from './index.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** The lines of the first fenced block of `language` after `heading`. */
function block(markdown: string, heading: string, language: string): string[] {
  const from = markdown.indexOf(heading);
  expect(from, heading).toBeGreaterThanOrEqual(0);
  const open = markdown.indexOf(`\`\`\`${language}\n`, from);
  const close = markdown.indexOf('\n```', open + 4);
  return markdown.slice(open + language.length + 4, close).split('\n');
}

/** Splits a shell line into words, keeping 'quoted' and "quoted" words whole. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

async function mqsim(args: readonly string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    now: () => fromIso('2026-11-27T09:00:00Z'),
    stdin: Readable.from([stdin]),
  } as Parameters<typeof runCli>[1]);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('the README tour', () => {
  const lines = block(readFileSync(repo('README.md'), 'utf8'), '## A tour', 'sh')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('mqsim '));

  it('has the commands it says', () => {
    expect(lines.length).toBeGreaterThanOrEqual(10);
  });

  it('runs every command as written, its files written where it says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-tour-'));
    copyFileSync(
      repo('apps/simulator/src/__fixtures__/msmq-parameters.reg'),
      join(dir, 'msmq-parameters.reg'),
    );
    for (const line of lines) {
      const [command = '', redirect] = line.split(/\s+>\s+/);
      const [pipeline = '', filter] = command.split(/\s+\|\s+/);
      const args = words(pipeline)
        .slice(1)
        // Relative file names in the tour land in the scratch folder.
        .map((arg) => (/^[\w-]+\.(html|pcapng|yaml|reg|ndjson)$/.test(arg) ? join(dir, arg) : arg));
      const run = await mqsim(args);
      expect([EXIT_CODES.ok, EXIT_CODES.failed], `${line}\n${run.stderr}`).toContain(run.code);
      expect(run.stderr, line).not.toMatch(/^mqsim: /m);
      if (redirect !== undefined) writeFileSync(join(dir, redirect), run.stdout);
      if (filter === 'jq .totals')
        expect(JSON.parse(run.stdout).totals.sent, line).toBeGreaterThan(0);
      for (const arg of args)
        if (arg.startsWith(dir)) expect(existsSync(arg), `${line}: ${arg}`).toBe(true);
    }
  }, 120_000);
});

describe('the shell tour of the CLI README', () => {
  it('runs as a script, every command succeeding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-shell-tour-'));
    const script = block(
      readFileSync(repo('apps/simulator/README.md'), 'utf8'),
      '## The shell',
      'text',
    )
      .filter((line) => /^\[\d\d:\d\d:\d\d\] \S+> /.test(line))
      .map((line) =>
        line.replace(/^\[[^\]]+\] \S+> /, '').replace(/\b([\w-]+\.yaml)$/, join(dir, '$1')),
      );
    expect(script.length).toBeGreaterThanOrEqual(10);
    const run = await mqsim(['shell', 'nat-renumbering'], `${script.join('\n')}\n`);
    expect([run.code, run.stderr]).toEqual([EXIT_CODES.ok, '']);
    expect(existsSync(join(dir, 'fixed-by-hand.yaml'))).toBe(true);
  }, 60_000);
});
