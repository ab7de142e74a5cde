// `mqsim run --pcap` read back with Wireshark's tshark: the capture holds the connections the
// report counts. CI installs Debian's tshark (.ci/run); a machine without it skips.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toIso } from '@mqsim/filetime';
import { loadScenarioFile, resolveScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runMqsim } from '../test-cli.js';

const TSHARK = '/usr/bin/tshark';
const haveTshark = existsSync(TSHARK) || process.env.CI === 'true';

/** Frames of `file` that match a display filter, as tshark counts them. */
function frames(file: string, filter: string): number {
  const run = spawnSync(TSHARK, ['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((line) => line !== '').length;
}

/** tshark's view of the file: its interfaces and the TCP conversations (`tcp.stream`). */
function fields(file: string, field: string): string[] {
  const run = spawnSync(TSHARK, ['-r', file, '-T', 'fields', '-e', field], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return [...new Set(run.stdout.split('\n').filter((line) => line !== ''))].sort();
}

describe.skipIf(!haveTshark)('mqsim run --pcap, read with tshark', () => {
  for (const scenario of ['nat-renumbering', 'quickstart']) {
    it(`holds the SYNs, RSTs and sessions the report and trace of ${scenario} count`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mqsim-pcap-'));
      const pcap = join(dir, 'run.pcapng');
      const trace = join(dir, 'run.ndjson');
      const run = await runMqsim(['run', scenario, '--json', '--pcap', pcap, '--trace', trace]);
      expect(run.stderr).toMatch(
        /^wrote .*run\.pcapng: [\d,]+ packets on \d+ segments? \(pcapng\)/m,
      );
      const report = JSON.parse(run.stdout);
      const events = readFileSync(trace, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; host?: string });
      const count = (type: string) => events.filter((event) => event.type === type).length;
      expect(count('tcp.connect')).toBeGreaterThan(0);
      // One first SYN per connection attempt (tshark marks the SYNs a timed-out attempt
      // resends as retransmissions), one SYN-ACK per accepted one, one RST per refused one.
      expect(
        frames(pcap, 'tcp.flags.syn==1 && tcp.flags.ack==0 && !tcp.analysis.retransmission'),
      ).toBe(count('tcp.connect'));
      expect(frames(pcap, 'tcp.flags.syn==1 && tcp.flags.ack==1')).toBe(count('tcp.connected'));
      expect(frames(pcap, 'tcp.flags.reset==1')).toBe(report.outcome.refusedAttempts);
      expect(fields(pcap, 'tcp.stream')).toHaveLength(count('tcp.connect'));
      // One interface per segment, named after it.
      const loaded = loadScenarioFile(resolveScenario(scenario));
      const networks = loaded.networks.map((network) => network.name);
      expect(fields(pcap, 'frame.interface_name').length).toBeGreaterThan(0);
      for (const name of fields(pcap, 'frame.interface_name')) expect(networks).toContain(name);
      // Times are the scenario's: the first packet is within its first day.
      const first = spawnSync(
        TSHARK,
        ['-r', pcap, '-c', '1', '-T', 'fields', '-e', 'frame.time_epoch'],
        {
          encoding: 'utf8',
        },
      );
      const start = Date.parse(toIso(loaded.start)) / 1000;
      expect(Number(first.stdout.trim())).toBeGreaterThanOrEqual(start);
      expect(Number(first.stdout.trim())).toBeLessThan(start + 86_400);
    }, 60_000);
  }
});
