import { MqsimError } from '@mqsim/filetime';

/**
 * A DNS name that cannot exist: an empty label, a label over 63 characters, a name over 253, or a
 * character outside letters, digits, `-` and `_`; `value` holds the name, `column` the position of
 * the first bad character (1-based).
 *
 * @example
 * ```ts
 * normalizeDnsName('app01..corp.example'); // throws DnsNameError
 * ```
 */
export class DnsNameError extends MqsimError {
  static override readonly code = 'ERR_DNS_NAME';
}

/**
 * A DNS record that cannot exist: an A record whose data is not an IPv4 address, a TTL outside
 * 0 … 2 147 483 647 seconds, a CNAME beside other data for the same name, an unknown type.
 *
 * @example
 * ```ts
 * new AuthoritativeDns().addRecord({ name: 'a.corp.example', type: 'A', data: '10.0.0.300' }); // throws DnsRecordError
 * ```
 */
export class DnsRecordError extends MqsimError {
  static override readonly code = 'ERR_DNS_RECORD';
}

/**
 * A hosts file line that cannot be read; `line` and `column` point at it.
 *
 * @example
 * ```ts
 * parseHostsFile('10.0.0.5\n'); // throws HostsFileParseError: an address needs at least one name
 * ```
 */
export class HostsFileParseError extends MqsimError {
  static override readonly code = 'ERR_HOSTS_PARSE';
}

/**
 * A setting or argument a cache or resolver cannot use: a negative TTL cap, an empty
 * `queryTimeouts` list, an unknown cache policy, a record type that cannot be looked up.
 *
 * @example
 * ```ts
 * checkCachePolicy({ kind: 'fixed-ttl', seconds: -1 }); // throws NameCacheConfigError
 * ```
 */
export class NameCacheConfigError extends MqsimError {
  static override readonly code = 'ERR_NAME_CACHE_CONFIG';
}
