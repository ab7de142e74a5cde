/**
 * @mqsim/name-cache/node — the real-Node adapter: `createCachedLookup`, a TTL-respecting drop-in
 * for `dns.lookup` with the package's cache policies, for `net`, `tls`, `http` and `https`.
 * It imports `node:dns`, `node:dgram` and `node:os`; the main entry, for simulations, does not.
 *
 * @packageDocumentation
 */
export { HostNotFoundError, LookupTimeoutError } from './errors.js';
export type {
  CachedLookup,
  CachedLookupAllCallback,
  CachedLookupCallback,
  CachedLookupOneCallback,
  CachedLookupOptions,
  InstallableAgent,
  InterfaceAddresses,
  NodeLookupAddress,
  NodeLookupAnswer,
  NodeLookupLayer,
  OsLookup,
  TtlResolver,
} from './node-lookup.js';
export { createCachedLookup } from './node-lookup.js';
