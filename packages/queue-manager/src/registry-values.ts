import { QUEUE_MANAGER_VALUE_NAMES } from './read-settings.js';

/** The settings an administrator writes to the registry, by their unit-suffixed names. */
export interface QueueManagerRegistrySettings {
  readonly waitTimeSeconds?: number;
  readonly ignoreOsNameValidation?: boolean;
  readonly bindInterfaceIp?: string;
  readonly machineQuotaBytes?: number;
  readonly cleanupIntervalSeconds?: number;
  readonly ackTimeoutSeconds?: number;
}

/** One `MSMQ\Parameters` value as `@mqsim/registry` (and `reg add`) writes it. */
export type QueueManagerRegistryValue =
  | { readonly name: string; readonly value: { readonly type: 'REG_DWORD'; readonly data: number } }
  | { readonly name: string; readonly value: { readonly type: 'REG_SZ'; readonly data: string } };

/**
 * The `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` values that give a queue manager these settings,
 * each in the unit Windows keeps it in ({@link QUEUE_MANAGER_VALUE_NAMES}): the inverse of
 * {@link readQueueManagerSettings}, for a program (or a scenario's `msmq:` block) that configures
 * a machine the way an administrator does — by writing the registry, then restarting MSMQ.
 * Kilobytes are rounded up, milliseconds to the nearest.
 *
 * @example
 * ```ts
 * toQueueManagerRegistryValues({ waitTimeSeconds: 10, machineQuotaBytes: 1024 ** 3 });
 * // => [{ name: 'WaitTime', value: { type: 'REG_DWORD', data: 10 } }, { name: 'MachineQuota', value: { type: 'REG_DWORD', data: 1048576 } }]
 * ```
 */
export function toQueueManagerRegistryValues(
  settings: QueueManagerRegistrySettings,
): QueueManagerRegistryValue[] {
  const names = QUEUE_MANAGER_VALUE_NAMES;
  const dword = (name: string, data: number): QueueManagerRegistryValue => ({
    name,
    value: { type: 'REG_DWORD', data },
  });
  const values: QueueManagerRegistryValue[] = [];
  if (settings.waitTimeSeconds !== undefined)
    values.push(dword(names.waitTime, Math.round(settings.waitTimeSeconds)));
  if (settings.ignoreOsNameValidation !== undefined)
    values.push(dword(names.ignoreOsNameValidation, settings.ignoreOsNameValidation ? 1 : 0));
  if (settings.bindInterfaceIp !== undefined)
    values.push({
      name: names.bindInterfaceIp,
      value: { type: 'REG_SZ', data: settings.bindInterfaceIp },
    });
  if (settings.machineQuotaBytes !== undefined)
    values.push(dword(names.machineQuota, Math.ceil(settings.machineQuotaBytes / 1024)));
  if (settings.cleanupIntervalSeconds !== undefined)
    values.push(dword(names.cleanupInterval, Math.round(settings.cleanupIntervalSeconds * 1000)));
  if (settings.ackTimeoutSeconds !== undefined)
    values.push(dword(names.ackTimeout, Math.round(settings.ackTimeoutSeconds * 1000)));
  return values;
}
