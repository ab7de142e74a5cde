import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './index.js';

const scenario = (directory: string) =>
  loadScenario(
    [
      'name: workgroup',
      'start: 2026-11-23T08:00:00Z',
      'duration: 1h',
      'networks: [{ name: lan }]',
      directory,
      'hosts:',
      '  - { name: APP01, role: server, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }] }',
      '  - { name: APP02, domain: corp.example, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2] }] }',
    ].join('\n'),
    'workgroup.yaml',
  );

// A scenario without a `directory` section is a workgroup, as in the seed incident (Bogard, "MSMQ
// and cached DNS": hosted servers sending P2P by machine name): the DS lists belong to Active
// Directory-integrated MSMQ (Breakwell, "How often does MSMQ crawl your forest?"). A host's DNS
// domain is only its primary DNS suffix and does not make it a domain member.
describe('the directory service only where there is one', () => {
  it('runs no DS refresh and writes no DSNext… values without a directory section', () => {
    const result = runScenario(scenario(''));
    expect(result.refreshes).toEqual([]);
    expect(result.hosts.map((host) => host.refresh)).toEqual([
      { site: undefined, enterprise: undefined },
      { site: undefined, enterprise: undefined },
    ]);
  });

  it('refreshes on every MSMQ host when the scenario has a directory, even an empty one', () => {
    const result = runScenario(scenario('directory: {}'));
    const refreshed = result.refreshes
      .filter((event) => event.type === 'ds.refresh.succeeded')
      .map((event) => `${event.host} ${event.list}`);
    expect(refreshed.sort()).toEqual([
      'APP01 enterprise',
      'APP01 site',
      'APP02 enterprise',
      'APP02 site',
    ]);
  });
});
