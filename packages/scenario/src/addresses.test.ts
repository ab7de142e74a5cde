import { parseAddress } from '@mqsim/ip-address';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './index.js';

function interfaceAddress(address: string): string | undefined {
  const scenario = loadScenario(
    [
      'name: a',
      'start: 2026-11-23T08:00:00Z',
      'duration: 1m',
      'networks: [{ name: lan }]',
      `hosts: [{ name: A, interfaces: [{ name: eth0, network: lan, addresses: ['${address}'] }] }]`,
    ].join('\n'),
    'a.yaml',
  );
  return scenario.hosts[0]?.interfaces[0]?.addresses[0];
}

describe('addresses in a scenario', () => {
  it('load as the one canonical text @mqsim/ip-address gives them, IPv4 and IPv6 alike', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (address) => {
        expect(interfaceAddress(address)).toBe(parseAddress(address).address);
      }),
      { numRuns: 200 },
    );
  });

  it('writes an IPv4-compatible IPv6 address as the network and DNS do', () => {
    expect(interfaceAddress('::1.2.3.4')).toBe('::102:304');
    expect(interfaceAddress('::FFFF:10.0.0.5')).toBe('::ffff:10.0.0.5');
  });
});
