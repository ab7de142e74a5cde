/**
 * @mqsim/name-cache — every layer that can hold a stale answer for a machine name: authoritative
 * DNS, the Windows DNS Client cache, and process-local caches such as the MSMQ service's.
 *
 * @packageDocumentation
 */
export type {
  AuthoritativeDnsOptions,
  DnsResponse,
  DnsResponseStatus,
  Zone,
  ZoneOptions,
} from './authoritative-dns.js';
export { AuthoritativeDns, MAX_CNAME_CHAIN, ptrRecord } from './authoritative-dns.js';
export type { CachePolicy } from './cache-policy.js';
export { CACHE_POLICY_KINDS, checkCachePolicy, policyExpiry } from './cache-policy.js';
// Deprecated here: the real-Node adapter lives in `@mqsim/name-cache/node`. These stay until the
// next major version; `createCachedLookup` loads `node:dns` only on its first lookup.
export { createCachedLookup } from './deprecated-cached-lookup.js';
export type { DisplayDnsEntry, DisplayDnsRecord } from './display-dns.js';
export { formatDisplayDns, readDisplayDns } from './display-dns.js';
export type { DnsClientCacheOptions, DnsClientSettings } from './dns-client-cache.js';
export { DnsClientCache, WINDOWS_DNS_CLIENT_DEFAULTS } from './dns-client-cache.js';
export {
  isSingleLabel,
  MAX_DNS_LABEL_LENGTH,
  MAX_DNS_NAME_LENGTH,
  normalizeDnsName,
} from './dns-name.js';
export {
  DnsNameError,
  DnsRecordError,
  HostNotFoundError,
  HostsFileParseError,
  LookupTimeoutError,
  NameCacheConfigError,
} from './errors.js';
export type { HostsEntry } from './hosts-file.js';
export { parseHostsFile } from './hosts-file.js';
export type { IpFamily } from './ip-address.js';
export { canonicalIp, ipFamily, reverseName } from './ip-address.js';
export type {
  FormatIpconfigOptions,
  IpconfigAdapter,
  IpconfigAddress,
  IpconfigAddressKind,
  IpconfigAddressState,
  IpconfigField,
  IpconfigReport,
} from './ipconfig.js';
export { formatIpconfig, readIpconfig } from './ipconfig.js';
export type {
  AnswerLayer,
  LookupCallback,
  LookupResult,
  LookupStatus,
  NameResolver,
} from './lookup-result.js';
export { answerAgeSeconds, answerTtl } from './lookup-result.js';
export type {
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  CachedLookup,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  CachedLookupAllCallback,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  CachedLookupCallback,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  CachedLookupOneCallback,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  CachedLookupOptions,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  NodeLookupAddress,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  NodeLookupAnswer,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  NodeLookupLayer,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  OsLookup,
  /** @deprecated Import it from `@mqsim/name-cache/node`. */
  TtlResolver,
} from './node-lookup.js';
export type {
  NslookupAnswer,
  NslookupFailure,
  NslookupFailureKind,
  NslookupReport,
  NslookupServer,
} from './nslookup.js';
export { formatNslookup, nslookupFailure, readNslookup } from './nslookup.js';
export type { ProcessNameCacheOptions } from './process-cache.js';
export { ProcessNameCache } from './process-cache.js';
export type { DnsRecord, DnsRecordInput, RecordType } from './records.js';
export { MAX_TTL_SECONDS, RECORD_TYPE_CODES, RECORD_TYPES, toDnsRecord } from './records.js';
export type {
  FormatResolveDnsNameOptions,
  ResolveDnsNameError,
  ResolveDnsNameErrorStatus,
  ResolveDnsNameRecord,
  ResolveDnsNameReport,
} from './resolve-dns-name.js';
export { formatResolveDnsName, readResolveDnsName } from './resolve-dns-name.js';
export type {
  NameCacheTraceEvent,
  NameCacheTraceEventOf,
  NameCacheTraceFields,
  NameCacheTraceType,
} from './trace-events.js';
export { isNameCacheTraceEvent, NAME_CACHE_TRACE_TYPES } from './trace-events.js';
