import { MSMQ_PARAMETERS_KEY, type ParameterStore } from '@mqsim/ds-refresh';
import { MACHINE_CACHE_KEY, type MachineCacheStore } from '@mqsim/queue-manager';
import type { Registry } from '@mqsim/registry';

/**
 * The `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` key of a machine's registry as the value store
 * the MSMQ service reads its settings from and writes its next refresh times to.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * const store = msmqParametersStore(registry);
 * store.set('DSNextSiteListRefreshTime', qword(134405210071234567n));
 * registry.getValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters', 'DSNextSiteListRefreshTime');
 * // => { type: 'REG_QWORD', data: 134405210071234567n }
 * registry.setValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters', 'WaitTime', dword(10));
 * store.get('WaitTime'); // => { type: 'REG_DWORD', data: 10 }
 * ```
 */
export function msmqParametersStore(registry: Registry): ParameterStore {
  return {
    get: (name) => registry.getValue(MSMQ_PARAMETERS_KEY, name),
    set: (name, value) => registry.setValue(MSMQ_PARAMETERS_KEY, name, value),
  };
}

/** The `MSMQ\Parameters\Machine Cache` key of a machine's registry, where its MSMQ service keeps its QMId. */
export function machineCacheStore(registry: Registry): MachineCacheStore {
  return {
    get: (name) => registry.getValue(MACHINE_CACHE_KEY, name),
    set: (name, value) => registry.setValue(MACHINE_CACHE_KEY, name, value),
  };
}
