/**
 * @mqsim/ds-refresh — MSMQ's directory-service list refresh: how the service reads
 * `DSSiteListRefresh`, `DSEnterpriseListRefresh`, `DSListRefreshErrorRetryInterval` and the persisted
 * `DSNext…RefreshTime` FILETIMEs, when it refreshes and retries, and the load that puts on domain
 * controllers across an enterprise.
 *
 * @packageDocumentation
 */

export type {
  DirectoryQuery,
  DirectoryQueryResult,
  DsRefreshSchedulerOptions,
  ListSchedule,
  RefreshReason,
  RetryCountedFrom,
} from './ds-refresh-scheduler.js';
export { DsRefreshScheduler } from './ds-refresh-scheduler.js';
export type {
  DomainControllerLoad,
  ListQueryCost,
  PlanInput,
  PlanMachineGroup,
  PlanOutage,
  PlanResult,
  PlanSite,
} from './load-planner.js';
export { PlanInputError, planRefreshLoad } from './load-planner.js';
export type {
  DirectoryList,
  MsmqRole,
  ParameterStore,
  RefreshConfiguration,
  RefreshFinding,
  RefreshSettings,
  StoredValue,
} from './parameters.js';
export {
  DS_REFRESH_DEFAULTS,
  DS_REFRESH_LIMITS,
  DS_REFRESH_VALUE_NAMES,
  intervalValueName,
  MSMQ_PARAMETERS_KEY,
  MSMQ_ROLES,
  nextTimeValueName,
  usesList,
} from './parameters.js';
export { readRefreshConfiguration } from './read-configuration.js';
export type { ListStatus, RefreshStatus } from './refresh-status.js';
export { describeRefreshStatus } from './refresh-status.js';
export type { DirectoryQueryRecord, SimulatedDirectoryOptions } from './simulated-directory.js';
export { SimulatedDirectory } from './simulated-directory.js';
export type {
  DsRefreshTraceEvent,
  DsRefreshTraceEventOf,
  DsRefreshTraceFields,
  DsRefreshTraceType,
} from './trace-events.js';
export { DS_REFRESH_TRACE_TYPES, isDsRefreshTraceEvent } from './trace-events.js';
