/**
 * @mqsim/queue-manager — the MSMQ queue manager, simulated: service lifecycle, local and outgoing
 * queues, the identity check, express / recoverable / transactional delivery over
 * `@mqsim/transport`, names resolved through `@mqsim/name-cache`.
 *
 * @packageDocumentation
 */
export type {
  DirectHttpFormatName,
  DirectOsFormatName,
  DirectTcpFormatName,
  FormatName,
  QueueName,
  QueuePathName,
  QueueSuffix,
} from './format-name.js';
export {
  FormatNameError,
  formatFormatName,
  formatNameKey,
  isPrivate,
  LOCAL_MACHINE,
  MAX_MACHINE_NAME_LENGTH,
  MAX_QUEUE_NAME_LENGTH,
  machineOf,
  parseFormatName,
  queuePathKey,
} from './format-name.js';
export { checkInvariants } from './invariants.js';
export type { QueueOptions } from './local-queue.js';
export { DEADLETTER_QUEUE, DEADXACT_QUEUE, LocalQueue, queueKey } from './local-queue.js';
export type { DeadLetterClass, DeliveryKind, MessageExtras, SendOptions } from './message.js';
export { DELIVERY_KINDS, Message, MessageFifo } from './message.js';
export type {
  ConnectionAttempt,
  OutgoingQueueInfo,
  OutgoingState,
  OutgoingStateName,
} from './outgoing-queue.js';
export {
  CONNECTION_HISTORY_LENGTH,
  formatOutgoingQueues,
  OUTGOING_STATE_LABELS,
  OUTGOING_STATE_NAMES,
  outgoingState,
} from './outgoing-queue.js';
export type {
  ObservedOutgoingQueue,
  OutgoingQueueField,
  OutgoingQueueListOptions,
} from './outgoing-queue-text.js';
export {
  formatOutgoingQueueList,
  readOutgoingQueues,
  readOutgoingState,
} from './outgoing-queue-text.js';
export type { MachineCacheStore } from './qm-id.js';
export {
  defaultQmId,
  MACHINE_CACHE_KEY,
  parseQmId,
  QmIdError,
  qmIdFromBytes,
  qmIdToBytes,
} from './qm-id.js';
export type {
  MessageAccounting,
  QueueManagerDirectoryOptions,
  QueueManagerOptions,
  ServiceState,
} from './queue-manager.js';
export {
  InsufficientResourcesError,
  QueueError,
  QueueManager,
  QueueManagerStateError,
} from './queue-manager.js';
export type {
  LocalQueueColumn,
  LocalQueueField,
  LocalQueueInfo,
  ObservedQueue,
} from './queue-text.js';
export { formatQueues, readQueues } from './queue-text.js';
export type { QueueManagerSettingsFinding, QueueManagerSettingsReading } from './read-settings.js';
export { QUEUE_MANAGER_VALUE_NAMES, readQueueManagerSettings } from './read-settings.js';
export type {
  QueueManagerRegistrySettings,
  QueueManagerRegistryValue,
} from './registry-values.js';
export { toQueueManagerRegistryValues } from './registry-values.js';
export type {
  EffectiveQueueManagerSettings,
  QueueManagerSettings,
  ResolvedQueueManagerSettings,
} from './settings.js';
export {
  cleanupIntervalSecondsFor,
  LONG_LIVED_SECONDS,
  MSMQ_PORT,
  MSMQ_PROCESS,
  QUEUE_MANAGER_DEFAULTS,
} from './settings.js';
export type {
  QueueManagerTraceEvent,
  QueueManagerTraceEventOf,
  QueueManagerTraceType,
} from './trace-events.js';
export { isQueueManagerTraceEvent, QUEUE_MANAGER_TRACE_TYPES } from './trace-events.js';
