import { describe, expect, it } from 'vitest';
import { loadScenario } from './load-scenario.js';
import { ScenarioError } from './scenario-error.js';

const HEAD =
  'name: t\nstart: 2026-11-23T08:00:00Z\nduration: 1h\nnetworks: [{ name: lan }, { name: vpn }]\n';
const HOSTS = `${HEAD}hosts:
  - { name: APP01, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }], queues: [{ name: 'private$\\orders' }] }
  - { name: APP02, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2] }] }
`;

function problems(text: string): string[] {
  try {
    loadScenario(text, 's.yaml');
  } catch (error) {
    if (!ScenarioError.isInstance(error)) throw error;
    return error.message.split('\n');
  }
  throw new Error('expected the scenario to be refused');
}

describe('the incident actions of the scenario format', () => {
  it('normalizes firewall, add-interface, purge-queue and reset-qmid', () => {
    const scenario = loadScenario(
      `${HOSTS}timeline:
  - { at: 1m, do: firewall, host: APP01, rules: [{ direction: inbound, action: block, port: 1801, remote: 10.0.0.9/24 }], idleTimeout: 2m }
  - { at: 2m, do: add-interface, host: app01, interface: vpn0, network: VPN, addresses: [172.16.0.10] }
  - { at: 3m, do: renumber, host: APP01, interface: vpn0, addresses: [172.16.0.11] }
  - { at: 4m, do: purge-queue, host: APP01, queue: 'PRIVATE$\\Orders' }
  - { at: 4m, do: purge-queue, host: APP01, queue: 'system$;deadletter', journal: false }
  - { at: 5m, do: reset-qmid, host: APP02 }
`,
      's.yaml',
    );
    const actions = scenario.timeline.map(
      ({ at: _at, location: _location, note: _note, ...rest }) => rest,
    );
    expect(actions).toEqual([
      {
        do: 'firewall',
        host: 'APP01',
        firewall: {
          enabled: true,
          rules: [{ direction: 'inbound', action: 'block', port: 1801, remote: '10.0.0.9/24' }],
          defaultInbound: 'block',
          defaultOutbound: 'allow',
          idleTimeoutSeconds: 120,
        },
      },
      {
        do: 'add-interface',
        host: 'APP01',
        interface: 'vpn0',
        network: 'vpn',
        addresses: ['172.16.0.10'],
      },
      {
        do: 'renumber',
        host: 'APP01',
        interface: 'vpn0',
        addresses: ['172.16.0.11'],
        network: undefined,
      },
      { do: 'purge-queue', host: 'APP01', queue: 'private$\\orders', journal: false },
      { do: 'purge-queue', host: 'APP01', queue: 'SYSTEM$;DEADLETTER', journal: false },
      { do: 'reset-qmid', host: 'APP02' },
    ]);
  });

  it('locates what is wrong, with what would be valid', () => {
    expect(
      problems(`${HOSTS}timeline:
  - { at: 1m, do: firewall, host: APP01, rules: [{ direction: inbound, action: block, remote: 10.0.0.0/33 }] }
  - { at: 2m, do: add-interface, host: APP01, interface: ETH0, network: vpn, addresses: [172.16.0.1] }
  - { at: 3m, do: purge-queue, host: APP01, queue: 'private$\\order' }
`),
    ).toEqual([
      's.yaml:9:95: timeline[0].rules[0].remote: "10.0.0.0/33" is not an address or prefix (allowed: any, an address (10.0.0.5) or a prefix (10.0.0.0/24, 2001:db8::/32))',
      's.yaml:10:58: timeline[1].interface: host APP01 already has an interface "ETH0" (allowed: a new interface name)',
      's.yaml:11:52: timeline[2].queue: host APP01 has no queue "private$\\order"; did you mean "private$\\orders"? (allowed: one of private$\\orders, SYSTEM$;DEADLETTER, SYSTEM$;DEADXACT)',
    ]);
  });
});
