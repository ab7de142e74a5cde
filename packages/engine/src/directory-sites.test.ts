import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './index.js';

// Two sites, a DC in each, and no route between the sites. Each machine queries the DC of its
// own site (Active Directory's site-aware DC location), so both refresh; with one DC, the far
// site cannot.
const scenario = (directory: string) =>
  loadScenario(
    [
      'name: sites',
      'start: 2026-11-23T08:00:00Z',
      'duration: 1h',
      'networks: [{ name: east }, { name: west }]',
      directory,
      'hosts:',
      '  - { name: DC-EAST, role: none, interfaces: [{ name: eth0, network: east, addresses: [10.1.0.2] }] }',
      '  - { name: DC-WEST, role: none, interfaces: [{ name: eth0, network: west, addresses: [10.2.0.2] }] }',
      '  - { name: EAST01, interfaces: [{ name: eth0, network: east, addresses: [10.1.0.10] }] }',
      '  - { name: WEST01, interfaces: [{ name: eth0, network: west, addresses: [10.2.0.10] }] }',
    ].join('\n'),
    'sites.yaml',
  );

const outcomes = (directory: string) =>
  runScenario(scenario(directory))
    .refreshes.filter(
      (event) => event.type === 'ds.refresh.succeeded' || event.type === 'ds.refresh.failed',
    )
    .filter((event) => event.list === 'site')
    .map((event) => `${event.host} ${event.type}`)
    .sort();

describe('a domain controller per site', () => {
  it('sends each machine to the DC of its own site', () => {
    expect(outcomes('directory: { controllers: [DC-EAST, DC-WEST] }')).toEqual([
      'EAST01 ds.refresh.succeeded',
      'WEST01 ds.refresh.succeeded',
    ]);
    // With one DC for both, the far site cannot reach it.
    expect(outcomes('directory: { controller: DC-EAST }')).toEqual([
      'EAST01 ds.refresh.succeeded',
      'WEST01 ds.refresh.failed',
    ]);
  });

  it('falls back to the first DC for a machine whose site has none', () => {
    const result = loadScenario(
      [
        'name: s',
        'start: 2026-11-23T08:00:00Z',
        'duration: 1h',
        'networks: [{ name: east }, { name: west }]',
        'directory: { controllers: [DC-WEST, dc-east] }',
        'hosts:',
        '  - { name: DC-EAST, role: none, interfaces: [{ name: eth0, network: east, addresses: [10.1.0.2] }] }',
        '  - { name: DC-WEST, role: none, interfaces: [{ name: eth0, network: west, addresses: [10.2.0.2] }] }',
      ].join('\n'),
      's.yaml',
    ).directory;
    expect([result.controller, result.controllers]).toEqual(['DC-WEST', ['DC-WEST', 'DC-EAST']]);
  });

  it('refuses controller and controllers together, at the key', () => {
    expect(() => scenario('directory: { controller: DC-EAST, controllers: [DC-WEST] }')).toThrow(
      'sites.yaml:5:48: directory.controllers: both controller and controllers are given (allowed: one of them',
    );
  });
});
