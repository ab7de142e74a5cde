import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readQueueManagerSettings, toQueueManagerRegistryValues } from './index.js';

function storeOf(values: ReturnType<typeof toQueueManagerRegistryValues>) {
  const byName = new Map(values.map((entry) => [entry.name, entry.value]));
  return { get: (name: string) => byName.get(name) };
}

describe('toQueueManagerRegistryValues', () => {
  it('writes each setting in the unit Windows keeps it in', () => {
    expect(
      toQueueManagerRegistryValues({
        waitTimeSeconds: 10,
        ignoreOsNameValidation: true,
        bindInterfaceIp: '10.0.0.5',
        machineQuotaBytes: 1500,
        cleanupIntervalSeconds: 120,
        ackTimeoutSeconds: 30,
      }),
    ).toEqual([
      { name: 'WaitTime', value: { type: 'REG_DWORD', data: 10 } },
      { name: 'IgnoreOSNameValidation', value: { type: 'REG_DWORD', data: 1 } },
      { name: 'BindInterfaceIP', value: { type: 'REG_SZ', data: '10.0.0.5' } },
      { name: 'MachineQuota', value: { type: 'REG_DWORD', data: 2 } },
      { name: 'CleanupInterval', value: { type: 'REG_DWORD', data: 120_000 } },
      { name: 'AckTimeout', value: { type: 'REG_DWORD', data: 30_000 } },
    ]);
    expect(toQueueManagerRegistryValues({})).toEqual([]);
  });

  it('is read back by readQueueManagerSettings as the same settings', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            waitTimeSeconds: fc.integer({ min: 1, max: 3599 }),
            ignoreOsNameValidation: fc.boolean(),
            machineQuotaKilobytes: fc.integer({ min: 1, max: 8 * 1024 * 1024 }),
            cleanupIntervalSeconds: fc.integer({ min: 1, max: 3600 }),
            ackTimeoutSeconds: fc.integer({ min: 20, max: 120 }),
          },
          { requiredKeys: [] },
        ),
        ({ machineQuotaKilobytes, ...rest }) => {
          const settings = {
            ...rest,
            ...(machineQuotaKilobytes === undefined
              ? {}
              : { machineQuotaBytes: machineQuotaKilobytes * 1024 }),
          };
          const reading = readQueueManagerSettings(storeOf(toQueueManagerRegistryValues(settings)));
          expect(reading.findings).toEqual([]);
          expect(reading.settings).toEqual(settings);
        },
      ),
    );
  });
});
