import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './run-scenario.js';

const TWO_HOSTS = `name: t
start: 2026-11-23T09:00:00Z
duration: 10m
networks: [{ name: lan }, { name: vpn }]
dns:
  zones: [{ name: corp.example }]
  records:
    - { name: app01.corp.example, type: A, value: 10.0.0.10 }
hosts:
  - name: APP01
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.10] }]
    queues: [{ name: 'private$\\orders', journal: true }]
  - name: APP02
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.20] }]
workload:
  - { from: APP02, to: orders@APP01, kind: recoverable, every: 1s, stop: 5m }
`;

function run(extra: string, base = TWO_HOSTS) {
  return runScenario(loadScenario(`${base}${extra}`, 't.yaml'));
}

describe('incident actions', () => {
  it('firewall: a blocked 1801 makes the sender time out, enabled: false lets it through', () => {
    const result = run(`timeline:
  - { at: 0s, do: firewall, host: APP01, rules: [{ direction: inbound, action: block, port: 1801 }], defaultInbound: allow }
  - { at: 3m, do: firewall, host: APP01, enabled: false }
`);
    const sender = result.hosts.find((host) => host.name === 'APP02');
    expect(sender?.outgoing[0]).toMatchObject({ messageCount: 0 });
    expect(result.totals).toMatchObject({ sent: 300, delivered: 300 });
    expect(result.timeline.some((entry) => entry.text.includes('timed out'))).toBe(true);
    expect(result.timeline.map((entry) => entry.text)).toContain(
      'netsh advfirewall set allprofiles state off',
    );
  });

  it('add-interface: MSMQ does not listen on an interface that came up after it started', () => {
    const result = run(
      `timeline:
  - { at: 0s, do: add-interface, host: APP01, interface: vpn0, network: vpn, addresses: [172.16.0.10] }
  - { at: 0s, do: dns-set, name: app01.corp.example, type: A, values: [172.16.0.10] }
  - { at: 0s, do: add-interface, host: APP02, interface: vpn0, network: vpn, addresses: [172.16.0.20] }
expect:
  - trace: { type: tcp.refused, host: APP02, count: { min: 1 } }
  - outgoing: { host: APP02, queue: orders@APP01, state: Waiting, messages: { min: 1 } }
`,
      // Sending starts after the VPN is up and DNS names its address.
      TWO_HOSTS.replace('every: 1s, stop: 5m', 'every: 1s, start: 1m, stop: 5m'),
    );
    expect(result.expectations.filter((expectation) => !expectation.ok)).toEqual([]);
    const receiver = result.hosts.find((host) => host.name === 'APP01');
    expect(receiver).toMatchObject({
      addresses: ['10.0.0.10', '172.16.0.10'],
      boundAddresses: ['10.0.0.10'],
    });
  });

  it('purge-queue and reset-qmid act on the queue manager', () => {
    const result = run(`consumers:
  - { host: APP01, queue: 'private$\\orders', stop: 2m }
timeline:
  - { at: 3m, do: purge-queue, host: APP01, queue: 'private$\\orders' }
  - { at: 3m, do: purge-queue, host: APP01, queue: 'private$\\orders', journal: true }
  - { at: 4m, do: reset-qmid, host: APP02 }
expect:
  - trace: { type: qm.queue.purged, host: APP01, count: 2 }
  - trace: { type: qm.qmid.reset, host: APP02, count: 1 }
`);
    expect(result.expectations.filter((expectation) => !expectation.ok)).toEqual([]);
    expect(result.totals.purged).toBeGreaterThan(0);
    expect(result.totals.received + result.totals.purged + result.totals.queued).toBe(300);
  });
});
