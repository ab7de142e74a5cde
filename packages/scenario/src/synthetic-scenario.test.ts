import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load-scenario.js';
import { ENTERPRISE_SHAPE, type SyntheticShape, syntheticScenario } from './synthetic-scenario.js';

const SHAPE: SyntheticShape = {
  name: 'load-test',
  sites: 3,
  machinesPerSite: 4,
  streams: 10,
  traffic: 1,
  durationMinutes: 60,
  renumbered: 2,
};

describe('syntheticScenario', () => {
  it('writes a scenario of the shape that loads: machines, a DC per site, streams across sites', () => {
    const scenario = loadScenario(syntheticScenario(SHAPE), 'load-test.yaml');
    expect(scenario.hosts.filter((host) => host.role !== 'none')).toHaveLength(12);
    expect(scenario.hosts.filter((host) => host.role === 'none')).toHaveLength(3);
    expect(scenario.networks.map((network) => network.name)).toEqual([
      'site01',
      'site02',
      'site03',
    ]);
    expect(scenario.workload).toHaveLength(10);
    const siteOf = (name: string) => name.slice(0, 3);
    for (const stream of scenario.workload)
      expect(siteOf(stream.from)).not.toBe(siteOf(stream.to.text.split('@')[1] ?? ''));
    expect(scenario.workload.every((stream) => stream.every === 10_000_000 * 10)).toBe(true);
    expect(scenario.directory.workgroup).toBe(false);
    // A DC per site, which its site's machines query.
    expect(scenario.directory.controllers).toEqual(['S01-DC', 'S02-DC', 'S03-DC']);
  });

  it('puts each incident on the timeline: renumbering with DNS, a partition, a crash, restarts, a DNS outage', () => {
    const scenario = loadScenario(syntheticScenario(SHAPE), 'load-test.yaml');
    const actions = scenario.timeline.map((action) => action.do);
    expect(actions.filter((name) => name === 'renumber')).toHaveLength(2);
    expect(actions.filter((name) => name === 'dns-set')).toHaveLength(2);
    for (const name of ['partition', 'heal', 'crash-msmq', 'start-msmq', 'dns-server-down'])
      expect(actions).toContain(name);
    const restarted = scenario.timeline.flatMap((action) =>
      action.do === 'restart-msmq' ? [action.host] : [],
    );
    const renumbered = scenario.timeline.flatMap((action) =>
      action.do === 'renumber' ? [action.host] : [],
    );
    // The seed incident's fix: the renumbered receivers and every machine that sends to them.
    for (const host of renumbered) expect(restarted).toContain(host);
    const senders = scenario.workload
      .filter((stream) => renumbered.some((host) => stream.to.text.endsWith(`@${host}`)))
      .map((stream) => stream.from);
    for (const sender of senders) expect(restarted).toContain(sender);
    expect(new Set(restarted).size).toBe(restarted.length);
    const limited = scenario.workload.filter((stream) => stream.timeToReachQueue !== undefined);
    expect(limited.length).toBeGreaterThan(0);
  });

  it('scales the traffic, not the shape, with the multiplier', () => {
    const once = loadScenario(syntheticScenario(SHAPE), 'a.yaml');
    const hundred = loadScenario(syntheticScenario({ ...SHAPE, traffic: 100 }), 'b.yaml');
    expect(hundred.hosts.length).toBe(once.hosts.length);
    expect(hundred.estimate.messages).toBeGreaterThan(99 * once.estimate.messages);
    expect(hundred.estimate.messages).toBeLessThan(101 * once.estimate.messages);
  });

  it('is deterministic, and a workgroup without DCs when asked', () => {
    expect(syntheticScenario(SHAPE)).toBe(syntheticScenario(SHAPE));
    const workgroup = loadScenario(syntheticScenario({ ...SHAPE, directory: false }), 'w.yaml');
    expect(workgroup.directory.workgroup).toBe(true);
    expect(workgroup.hosts.every((host) => host.role !== 'none')).toBe(true);
  });

  it('can leave every message queued: no consumers, or no network from the start', () => {
    const unread = loadScenario(syntheticScenario({ ...SHAPE, consumers: false }), 'u.yaml');
    expect(unread.consumers).toHaveLength(0);
    const down = loadScenario(syntheticScenario({ ...SHAPE, networkDown: true }), 'd.yaml');
    const links = down.timeline.filter((action) => action.do === 'set-link' && action.at === 0);
    expect(links).toHaveLength(3);
  });

  it('sends to as many receiving machines as asked, spread over the sites', () => {
    const scenario = loadScenario(
      syntheticScenario({ ...SHAPE, streams: 30, receivers: 3 }),
      'r.yaml',
    );
    const receivers = new Set(scenario.workload.map((stream) => stream.to.text.split('@')[1]));
    expect(receivers.size).toBe(3);
    expect(scenario.consumers).toHaveLength(3);
    expect(new Set([...receivers].map((name) => name?.slice(0, 3))).size).toBe(3);
    expect(() => syntheticScenario({ ...SHAPE, receivers: 13 })).toThrow(
      /more than the 12 machines/,
    );
  });

  it('refuses a shape it cannot write with one line naming the option', () => {
    expect(() => syntheticScenario({ ...SHAPE, sites: 0 })).toThrow(
      'syntheticScenario: sites 0 is not valid (allowed: a whole number from 1 to 99)',
    );
    expect(() => syntheticScenario({ ...SHAPE, traffic: Number.NaN })).toThrow(/traffic NaN/);
    expect(() => syntheticScenario({ ...SHAPE, traffic: 1e6 })).toThrow(
      /more often than every 1ms/,
    );
    // An optional option may be left out, but not given a value out of its range.
    expect(() => syntheticScenario({ ...SHAPE, restarted: -1 })).toThrow(
      'syntheticScenario: restarted -1 is not valid (allowed: a whole number from 0 to 1000)',
    );
    expect(() => syntheticScenario({ ...SHAPE, consumerEverySeconds: 0.5 })).toThrow(
      /consumerEverySeconds 0.5 is not valid/,
    );
  });
});

describe('the built-in enterprise', () => {
  it('is syntheticScenario(ENTERPRISE_SHAPE) (pnpm --filter @mqsim/scenario generate)', () => {
    const file = new URL('../scenarios/enterprise.yaml', import.meta.url);
    expect(readFileSync(file, 'utf8')).toBe(syntheticScenario(ENTERPRISE_SHAPE));
  });

  it('is 1,000 MSMQ machines in 20 sites with a DC each, for a day, 100 renumbered', () => {
    const scenario = loadScenario(syntheticScenario(ENTERPRISE_SHAPE), 'enterprise.yaml');
    expect(scenario.hosts.filter((host) => host.role !== 'none')).toHaveLength(1000);
    expect(scenario.directory.controllers).toHaveLength(20);
    expect(scenario.duration).toBe(24 * 3600 * 10_000_000);
    expect(scenario.timeline.filter((action) => action.do === 'renumber')).toHaveLength(100);
  });
});
