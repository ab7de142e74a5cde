import { fileURLToPath } from 'node:url';
import { builtInScenarios, loadScenarioFile } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { collapseRepeats, runScenario } from './run-scenario.js';

const builtIn = (name: string) =>
  fileURLToPath(new URL(`../../scenario/scenarios/${name}.yaml`, import.meta.url));

// Estates (hundreds of machines, a day of traffic: `enterprise`) take a minute each from source;
// `estate.test.ts` runs them once, and these tests run the rest.
const ESTATE_MESSAGES = 100_000;
const smallBuiltIns = builtInScenarios().filter(
  (builtIn) => loadScenarioFile(builtIn.path).estimate.messages <= ESTATE_MESSAGES,
);

describe('runScenario', () => {
  it.each(smallBuiltIns.map((scenario) => scenario.name))(
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

  it('dates the last repeat when the repeats cross midnight', () => {
    const entry = (at: string) => ({
      t: 0,
      at,
      host: 'A',
      kind: 'event' as const,
      text: 'failing',
    });
    expect(
      collapseRepeats([
        entry('2026-11-23 23:00:00'),
        entry('2026-11-23 23:30:00'),
        entry('2026-11-24 00:30:00'),
      ]).map((line) => line.text),
    ).toEqual(['failing (×3, last at 2026-11-24 00:30:00)']);
    expect(
      collapseRepeats([entry('2026-11-23 23:00:00'), entry('2026-11-23 23:30:00')]).map(
        (line) => line.text,
      ),
    ).toEqual(['failing (×2, last at 23:30:00)']);
  });
});

describe('timeline actions that cannot be carried out', () => {
  it('are noted on the timeline with their location, and the run goes on', async () => {
    const { loadScenario } = await import('@mqsim/scenario');
    const scenario = loadScenario(
      `name: admin-mistakes
start: 2026-11-23T08:00:00Z
duration: 10m
networks: [{ name: lan }]
hosts:
  - { name: APP01, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }] }
timeline:
  - { at: 1m, do: start-msmq, host: APP01 }
  - { at: 2m, do: stop-msmq, host: APP01 }
  - { at: 3m, do: stop-msmq, host: APP01 }
`,
      'mistakes.yaml',
    );
    const result = runScenario(scenario);
    const failures = result.timeline.filter((entry) => entry.text.startsWith('failed: '));
    expect(failures.map((entry) => entry.text)).toEqual([
      expect.stringMatching(
        /^failed: the MSMQ service on APP01 is already running \(mistakes\.yaml:8:5\)$/,
      ),
      expect.stringMatching(
        /^failed: the MSMQ service on APP01 is not running \(mistakes\.yaml:10:5\)$/,
      ),
    ]);
    expect(result.hosts[0]?.service).toBe('stopped');
  });
});

describe('runScenario with capture', () => {
  it('records every packet when asked, without changing the run', () => {
    const plain = runScenario('quickstart');
    const captured = runScenario('quickstart', { capture: true });
    expect(plain.packets).toBeUndefined();
    expect(captured.fingerprint).toBe(plain.fingerprint);
    const packets = captured.packets ?? [];
    expect(packets.filter((packet) => packet.flags === 'SYN').length).toBeGreaterThan(0);
    expect(
      packets.every((packet, index) => index === 0 || packet.t >= (packets[index - 1]?.t ?? 0)),
    ).toBe(true);
  });
});
