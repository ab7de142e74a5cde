import { runScenario } from '@mqsim/engine';
import { loadScenario, syntheticScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { ESTATE_MACHINES } from './estate-text.js';
import { formatRunReport } from './run-text.js';

// An estate just over the line: 3 sites of 15 machines, the seed incident on 6 receivers of
// which 3 get the fix.
const result = runScenario(
  loadScenario(
    syntheticScenario({
      name: 'estate',
      sites: 3,
      machinesPerSite: 15,
      streams: 30,
      traffic: 1,
      durationMinutes: 60,
      renumbered: 6,
      restarted: 3,
    }),
    'estate.yaml',
  ),
);
const report = formatRunReport(result);
const lines = report.split('\n');

describe('the run report of an estate', () => {
  it('is one past the line', () => {
    expect(result.hosts.filter((host) => host.service !== 'none').length).toBe(45);
    expect(ESTATE_MACHINES).toBeLessThan(45);
  });

  it('has a row per site instead of a section per machine', () => {
    const sites = lines.indexOf('Sites');
    expect(sites).toBeGreaterThan(0);
    expect(lines[sites + 1]).toMatch(/^ {2}site +machines +stopped +stuck queues +waiting/);
    expect(lines.slice(sites + 2, sites + 5).map((line) => line.trim().split(/\s+/)[0])).toEqual([
      'site01',
      'site02',
      'site03',
    ]);
    // The three unfixed receivers' senders are still stuck, and named.
    expect(report).toMatch(/machines with stuck outgoing queues: S\d\d-APP\d{3}/);
    expect(lines.some((line) => /^S\d\d-APP\d{3} \(server, MSMQ/.test(line))).toBe(false);
  });

  it('says what happened to many machines once, with how many', () => {
    const unwrapped = report.replace(/\n {10,}/g, ' ');
    expect(unwrapped).toMatch(
      /MSMQ started, listening on [\d.:]+ \(and 44 more like it on 45 machines\)/,
    );
    expect(unwrapped).toMatch(/renumber eth0 to [\d.]+ \(and 5 more like it on 6 machines\)/);
  });

  it('groups the diagnosis by cause, with the machines to fix and one example each', () => {
    const why = lines.slice(lines.indexOf('Why'));
    const groups = why.filter((line) => /^ {2}[a-z-]+: \d+ symptoms? on \d+ machines?/.test(line));
    const layers = groups.map((line) => line.trim().split(':')[0]);
    expect(layers).toContain('msmq-name-cache');
    expect(layers).toContain('msmq-listener-binding');
    expect(new Set(layers).size).toBe(layers.length);
    expect(why.filter((line) => line === '    for example:')).toHaveLength(groups.length);
    expect(why.some((line) => line.startsWith('    fix on: S'))).toBe(true);
  });

  it('fits 80 columns and stays short', () => {
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(lines.length).toBeLessThan(250);
  });
});
