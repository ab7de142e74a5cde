import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInScenarios } from '../scenario/built-in.js';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import { collapseRepeats, runScenario } from './run-scenario.js';

const builtIn = (name: string) =>
  fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));

describe('runScenario', () => {
  it.each(builtInScenarios().map((scenario) => scenario.name))(
    'runs the built-in %s with every expectation met',
    (name) => {
      const result = runScenario(loadScenarioFile(builtIn(name)));
      expect(result.expectations.filter((expectation) => !expectation.ok)).toEqual([]);
      expect(result.expectations.length).toBeGreaterThan(0);
    },
  );

  it('stops at --until and reports the incident in progress', () => {
    const scenario = loadScenarioFile(builtIn('nat-renumbering'));
    const result = runScenario(scenario, { until: 50 * 60 * 10_000_000 });
    expect(result.endedAt).toBe(50 * 60 * 10_000_000);
    const sender = result.hosts.find((host) => host.name === 'APP02');
    expect(sender?.outgoing[0]).toMatchObject({ state: 'Waiting', nextHop: '203.0.113.20' });
    expect(result.totals.stuck).toBe(result.totals.sent - result.totals.delivered);
  });
});

describe('collapseRepeats', () => {
  it('folds a run of the same event on one host, until an action on that host intervenes', () => {
    const entry = (at: string, host: string, kind: 'event' | 'action', text: string) => ({
      t: 0,
      at: `2026-11-23 ${at}`,
      host,
      kind,
      text,
    });
    expect(
      collapseRepeats([
        entry('08:00:00', 'A', 'event', 'cannot deliver: timed out; retry in 60 s'),
        entry('08:01:00', 'B', 'event', 'something else'),
        entry('08:02:00', 'A', 'event', 'cannot deliver: timed out; retry in 90 s'),
        entry('08:04:00', 'A', 'event', 'cannot deliver: timed out; retry in 120 s'),
        entry('08:05:00', 'A', 'action', 'ipconfig /flushdns'),
        entry('08:06:00', 'A', 'event', 'cannot deliver: timed out; retry in 150 s'),
      ]).map((line) => `${line.host} ${line.text}`),
    ).toEqual([
      'A cannot deliver: timed out (×3, last at 08:04:00)',
      'B something else',
      'A ipconfig /flushdns',
      'A cannot deliver: timed out; retry in 150 s',
    ]);
  });
});
