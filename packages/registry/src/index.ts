/**
 * @mqsim/registry — a typed, in-memory model of the Windows registry: keys with case-insensitive
 * names, REG_SZ / REG_EXPAND_SZ / REG_MULTI_SZ / REG_DWORD / REG_QWORD / REG_BINARY values (any
 * other type kept byte for byte), change notifications, `.reg` import and export exactly as
 * Registry Editor writes them, and a `reg query` view and its reader.
 *
 * @packageDocumentation
 */
export { applyRegFile, importRegFile } from './apply-reg-file.js';
export type { RegistryValueErrorDetails } from './errors.js';
export {
  RegFileParseError,
  RegistryKeyNotFoundError,
  RegistryListenerError,
  RegistryPathError,
  RegistryValueError,
  RegistryValueNameError,
} from './errors.js';
export type { ExportRegFileOptions } from './format-reg-file.js';
export { exportRegFile, formatRegFile } from './format-reg-file.js';
export type { RegQueryOptions } from './format-reg-query.js';
export { formatRegQuery } from './format-reg-query.js';
export { MAX_REG_FILE_LENGTH, parseRegFile } from './parse-reg-file.js';
export type {
  ReadRegQueryOptions,
  RegQueryEndOfSearch,
  RegQueryError,
  RegQueryKey,
  RegQueryOutput,
  RegQuerySubkey,
  RegQueryValue,
} from './read-reg-query.js';
export { applyRegQuery, readRegQuery } from './read-reg-query.js';
export type { RegData } from './reg-data.js';
export { fromRegData, toRegData } from './reg-data.js';
export type {
  RegFileDocument,
  RegFileEncoding,
  RegFileEntry,
  RegFileHeader,
  RegFileKeyDeletion,
  RegFileKeySection,
  RegFileSection,
  RegFileValueAssignment,
  RegFileValueDeletion,
} from './reg-file-document.js';
export type {
  RegBinaryValue,
  RegDwordValue,
  RegExpandSzValue,
  RegMultiSzValue,
  RegQwordValue,
  RegRawValue,
  RegSzValue,
  RegValue,
  RegValueType,
} from './reg-value.js';
export { binary, dword, expandSz, multiSz, qword, raw, sz } from './reg-value.js';
export type { RegValueEntry } from './registry.js';
export { Registry } from './registry.js';
export type {
  KeyCreatedEvent,
  KeyDeletedEvent,
  RegistryEvent,
  RegistryListener,
  ValueDeletedEvent,
  ValueSetEvent,
  WatchOptions,
} from './registry-event.js';
