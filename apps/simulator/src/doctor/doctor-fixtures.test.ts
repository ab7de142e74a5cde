// The "done means", on checked-in evidence folders in the layouts real Windows tools
// write (see __fixtures__/PROVENANCE.md): mqsim doctor names both causes of the seed incident
// with the lines they rest on, its scenario agrees with mqsim fixes, and damaged files are named
// with their location while the rest is still used.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../exit-codes.js';
import { runMqsim } from '../test-cli.js';
import type { DoctorReport } from './doctor-report.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const SEED = fixture('seed-incident');
const DAMAGED = fixture('seed-incident-damaged');

/** A saved output's lines, as Windows wrote it: UTF-16LE with a BOM, or the OEM code page. */
function fileLines(folder: string, path: string): string[] {
  const bytes = readFileSync(join(folder, path));
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? bytes.subarray(2).toString('utf16le')
      : bytes.toString('latin1');
  return text.split(/\r?\n/);
}

/** The widest line after the title, which echoes the folder as given (a path is not wrapped). */
const widest = (text: string) =>
  Math.max(
    ...text
      .split('\n')
      .slice(1)
      .map((line) => line.length),
  );

async function doctorJson(folder: string): Promise<DoctorReport> {
  const run = await runMqsim(['doctor', folder, '--json']);
  expect([run.code, run.stderr]).toEqual([EXIT_CODES.failed, '']);
  return JSON.parse(run.stdout) as DoctorReport;
}

const causes = (report: DoctorReport) =>
  report.diagnosis.map((finding) => `${finding.cause.layer} on ${finding.cause.host}`);

/** The finding whose cause is `layer` on `host`. */
function finding(report: DoctorReport, layer: string, host: string) {
  const found = report.diagnosis.find(
    (item) => item.cause.layer === layer && item.cause.host === host,
  );
  expect(found, `${layer} on ${host}`).toBeDefined();
  return found as DoctorReport['diagnosis'][number];
}

/**
 * Each evidence item about the incident's queue and machines cites a line of its file that
 * shows what it says: the queue's block starts with its name; a listener's, an address's or an
 * answer's line shows the address, as a whole (10.0.0.2 is not 10.0.0.20).
 */
function expectEvidenceOnItsLine(folder: string, report: DoctorReport): void {
  const items = report.diagnosis
    .flatMap((entry) => entry.evidence)
    .filter((item) => /app01/i.test(item.says));
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    const line = fileLines(folder, item.file)[item.line - 1] ?? '';
    const where = `${item.file}:${item.line}: ${item.says}`;
    if (item.says.startsWith('DIRECT=')) {
      expect(line, where).toContain(item.says.slice(0, item.says.indexOf(': ')));
      continue;
    }
    const address = item.says.match(/\d+\.\d+\.\d+\.\d+/g)?.at(-1) ?? '';
    expect(address, where).not.toBe('');
    expect(line, where).toMatch(
      new RegExp(`(^|[^\\d.])${address.replace(/\./g, '\\.')}($|[^\\d])`),
    );
  }
}

/** The finding the seed incident must produce on any copy of its evidence. */
function expectSeedFindings(folder: string, report: DoctorReport): void {
  expect(causes(report)).toEqual(['msmq-name-cache on APP02', 'msmq-listener-binding on APP01']);
  const cache = finding(report, 'msmq-name-cache', 'APP02');
  const listener = finding(report, 'msmq-listener-binding', 'APP01');
  // The sender's stuck queue, from Get-MsmqOutgoingQueue: Waiting, dialling the old address.
  const queue = cache.evidence.find((item) => item.file === join('APP02', 'outgoing-queues.txt'));
  expect(queue?.says).toMatch(
    /^DIRECT=OS:APP01\\private\$\\orders: Waiting, next hop 203\.0\.113\.20, \d{4,} messages$/,
  );
  // What DNS answers on the sender now.
  expect(cache.evidence).toContainEqual(
    expect.objectContaining({
      file: join('APP02', 'nslookup-app01.txt'),
      says: 'app01.corp.example → 10.0.0.20',
    }),
  );
  // The receiver's listener (netstat -anb) on an address ipconfig /all no longer shows.
  expect(listener.evidence).toContainEqual(
    expect.objectContaining({
      file: join('APP01', 'netstat-anb.txt'),
      says: 'MSMQ listens on 203.0.113.20:1801',
    }),
  );
  expect(listener.evidence).toContainEqual(
    expect.objectContaining({
      file: join('APP01', 'ipconfig-all.txt'),
      says: 'APP01 has 10.0.0.20',
    }),
  );
  expect(listener.evidence.some((item) => item.says === 'APP01 has 203.0.113.20')).toBe(false);
  expectEvidenceOnItsLine(folder, report);
  // ipconfig /flushdns does not help; restarting MSMQ on each machine does.
  expect(cache.notFixes.map((notFix) => `${notFix.action} ${notFix.host}`)).toContain(
    'flushdns APP02',
  );
  expect(cache.fixes.map((fix) => `${fix.action} ${fix.host}`)).toContain('restart-msmq APP02');
  expect(listener.fixes.map((fix) => `${fix.action} ${fix.host}`)).toContain('restart-msmq APP01');
  expect(listener.fixes.some((fix) => fix.action === 'flushdns')).toBe(false);
}

describe('mqsim doctor on the seed incident, saved as Windows saves it', () => {
  it('names the MSMQ name cache on APP02 and the listener binding on APP01, with the lines they rest on', async () => {
    const run = await runMqsim(['doctor', SEED]);
    expect([run.code, run.stderr]).toEqual([EXIT_CODES.failed, '']);
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
    // Every file was recognised and read whole: nothing unused, no line that could not be read.
    expect(run.stdout).not.toContain('unused ');
    expect(run.stdout).not.toContain('could not be read');
    const flat = run.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('cause msmq-name-cache on APP02');
    expect(flat).toContain('cause msmq-listener-binding on APP01');
    expect(flat).toMatch(/no ipconfig \/flushdns on APP02 [^\n]*MSMQ's own cache/);
    expect(flat).toContain('fix net stop msmq && net start msmq on APP02');
    expect(flat).toContain('fix net stop msmq && net start msmq on APP01');
    // The evidence section quotes file:line for each cause.
    expect(flat).toMatch(
      new RegExp(
        `${join('APP02', 'outgoing-queues.txt').replace(/\\/g, '\\\\')}:\\d+: DIRECT=OS:APP01\\\\private\\$\\\\orders: Waiting, next hop 203\\.0\\.113\\.20`,
      ),
    );
    expect(flat).toMatch(
      new RegExp(
        `${join('APP01', 'netstat-anb.txt').replace(/\\/g, '\\\\')}:\\d+: MSMQ listens on 203\\.0\\.113\\.20:1801`,
      ),
    );
    const evidenceHeaders = run.stdout
      .split('\n')
      .filter((line) => /^ {2}\S+ on \S+:$/.test(line))
      .map((line) => line.trim().replace(/:$/, ''));
    expect(evidenceHeaders).toEqual(['msmq-name-cache on APP02', 'msmq-listener-binding on APP01']);
  });

  it('gives the same findings, with their evidence, as --json', async () => {
    const report = await doctorJson(SEED);
    expectSeedFindings(SEED, report);
    expect(report.unreadable).toEqual([]);
    expect(report.machines.flatMap((machine) => machine.unused)).toEqual([]);
    // Each file was recognised by its content as the output it is.
    const kinds = Object.fromEntries(
      report.machines.flatMap((machine) => machine.files.map((file) => [file.path, file.kind])),
    );
    expect(kinds).toMatchObject({
      [join('APP01', 'netstat-anb.txt')]: 'netstat',
      [join('APP01', 'msmq-parameters.reg')]: 'reg-file',
      [join('APP01', 'queues.txt')]: 'queues',
      [join('APP02', 'outgoing-queues.txt')]: 'outgoing-queues',
      [join('APP02', 'ipconfig-displaydns.txt')]: 'displaydns',
      [join('APP02', 'reg-query-msmq-parameters.txt')]: 'reg-query',
      [join('APP02', 'resolve-dnsname-app01.txt')]: 'resolve-dnsname',
      [join('APP02', 'hosts')]: 'hosts',
    });
  });

  it('writes with --scenario a reproduction in which only restarting MSMQ on both machines drains', async () => {
    const scenario = join(mkdtempSync(join(tmpdir(), 'mqsim-doctor-fixtures-')), 'out.yaml');
    const doctor = await runMqsim(['doctor', SEED, '--scenario', scenario]);
    expect([doctor.code, doctor.stderr]).toEqual([EXIT_CODES.failed, '']);
    const fixes = await runMqsim(['fixes', scenario, '--json', '--workers', '1']);
    expect(fixes.stderr).toBe('');
    const candidates = (
      JSON.parse(fixes.stdout) as {
        candidates: { actions: { do: string; host: string }[]; drained: boolean }[];
      }
    ).candidates.map((candidate) => ({
      actions: candidate.actions.map((action) => `${action.do} ${action.host}`).sort(),
      drained: candidate.drained,
    }));
    expect(candidates[0]).toEqual({
      actions: ['restart-msmq APP01', 'restart-msmq APP02'],
      drained: true,
    });
    // Neither restart alone drains, nor does flushing the DNS Client cache.
    for (const candidate of candidates.filter((item) => item.actions.length === 1))
      expect(candidate.drained, candidate.actions.join(', ')).toBe(false);
    expect(candidates.some((item) => item.actions.includes('flushdns APP02') && item.drained)).toBe(
      false,
    );
  });
});

describe('mqsim doctor on a damaged copy of the seed incident', () => {
  it('names each damaged file, with the line and column where it breaks, and still finds both causes', async () => {
    const report = await doctorJson(DAMAGED);
    expectSeedFindings(DAMAGED, report);
    // Not command output at all: named as unused, with why.
    const unused = Object.fromEntries(
      report.machines.flatMap((machine) => machine.unused.map((file) => [file.path, file.reason])),
    );
    expect(Object.keys(unused).sort()).toEqual([
      join('APP02', 'evidence.zip'),
      join('APP02', 'notes.txt'),
    ]);
    expect(unused[join('APP02', 'evidence.zip')]).toMatch(/binary/);
    expect(unused[join('APP02', 'notes.txt')]).toMatch(/not an output mqsim reads/);
    // Cut short (mid-line; UTF-16 at an odd byte): located at the line where each file stops.
    for (const path of [join('APP01', 'netstat-anb.txt'), join('APP02', 'outgoing-queues.txt')]) {
      const last = fileLines(DAMAGED, path).length;
      const located = report.unreadable.filter((line) => line.startsWith(`${path}:`));
      expect(located, path).toHaveLength(1);
      expect(located[0]).toMatch(new RegExp(`^${path.replace(/\\/g, '\\\\')}:${last}:\\d+: \\S`));
    }
    expect(report.unreadable).toHaveLength(2);
  });

  it('prints the damaged files and lines in the text report within 80 columns', async () => {
    const run = await runMqsim(['doctor', DAMAGED]);
    expect([run.code, run.stderr]).toEqual([EXIT_CODES.failed, '']);
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
    const flat = run.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(`unused ${join('APP02', 'evidence.zip')}: binary data`);
    expect(flat).toContain(`unused ${join('APP02', 'notes.txt')}: not an output mqsim reads`);
    expect(flat).toMatch(
      new RegExp(`${join('APP01', 'netstat-anb.txt').replace(/\\/g, '\\\\')}:\\d+:\\d+: `),
    );
    expect(flat).toMatch(
      new RegExp(`${join('APP02', 'outgoing-queues.txt').replace(/\\/g, '\\\\')}:\\d+:\\d+: `),
    );
    expect(flat).toContain('cause msmq-name-cache on APP02');
    expect(flat).toContain('cause msmq-listener-binding on APP01');
  });
});
