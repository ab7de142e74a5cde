import { describe, expect, it } from 'vitest';
import { loadScenario } from './index.js';

function hostWith(msmq: string, registry?: string) {
  const scenario = loadScenario(
    [
      'name: m',
      'start: 2026-11-23T08:00:00Z',
      'duration: 1m',
      'networks: [{ name: lan }]',
      'hosts:',
      '  - name: A',
      '    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }]',
      `    msmq: ${msmq}`,
      ...(registry === undefined ? [] : [`    registry: ${registry}`]),
    ].join('\n'),
    'm.yaml',
  );
  const [host] = scenario.hosts;
  return {
    msmq: host?.msmq,
    registry: host?.registry.map((entry) => [entry.name, entry.value.type, entry.value.data]),
  };
}

describe('the msmq: block', () => {
  it('writes the settings Windows keeps in the registry as MSMQ\\Parameters values, in its units', () => {
    expect(
      hostWith(
        '{ waitTime: 2m, ignoreOsNameValidation: true, bindInterfaceIp: 10.0.0.1, machineQuota: 2GB }',
      ),
    ).toEqual({
      msmq: { running: true, nameCache: undefined, qmId: undefined },
      registry: [
        ['WaitTime', 'REG_DWORD', 120],
        ['IgnoreOSNameValidation', 'REG_DWORD', 1],
        ['BindInterfaceIP', 'REG_SZ', '10.0.0.1'],
        ['MachineQuota', 'REG_DWORD', 2 * 1024 * 1024],
      ],
    });
  });

  it('keeps values written under registry: and adds the block after them', () => {
    expect(
      hostWith('{ waitTime: 10s }', '{ DSSiteListRefresh: { type: REG_DWORD, value: 24 } }')
        .registry,
    ).toEqual([
      ['DSSiteListRefresh', 'REG_DWORD', 24],
      ['WaitTime', 'REG_DWORD', 10],
    ]);
  });

  it('rounds a waitTime finer than seconds up, so files written before still load', () => {
    expect(hostWith('{ waitTime: 1500ms }').registry).toEqual([['WaitTime', 'REG_DWORD', 2]]);
  });

  it('leaves the model settings to the queue manager when they are not given', () => {
    expect(hostWith('{ running: false, nameCache: never }').msmq).toEqual({
      running: false,
      nameCache: { kind: 'never' },
      qmId: undefined,
    });
  });
});
