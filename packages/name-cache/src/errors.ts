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

/**
 * No address for a host name: DNS and the OS know no such name, it has no address of the asked
 * family, or it is not a valid name. Its `code` is Node's `ENOTFOUND`, not an `ERR_…` code, so that
 * code written for `dns.lookup` (HTTP clients, retry logic) treats it as it treats Node's own;
 * `cause` holds the underlying error. It is thrown by `createCachedLookup`
 * (`@mqsim/name-cache/node`) and loads nothing of Node's.
 *
 * @example
 * ```ts
 * const error = new HostNotFoundError('app01.corp.example', 'DNS has no such name');
 * [error.code, error.hostname, error.syscall]; // => ['ENOTFOUND', 'app01.corp.example', 'getaddrinfo']
 * ```
 */
export class HostNotFoundError extends MqsimError {
  static override readonly code = 'ENOTFOUND';
  /** The host name as it was asked. */
  readonly hostname: string;
  /** What `dns.lookup` reports here, for log formats and checks written against it. */
  readonly syscall = 'getaddrinfo';

  constructor(hostname: string, why: string, cause?: unknown) {
    super(`lookup ENOTFOUND ${hostname}: ${why}`, {
      value: hostname,
      ...(cause === undefined ? {} : { cause }),
    });
    this.hostname = hostname;
  }
}

/**
 * The DNS server did not answer in time (after every try), and the OS resolver found nothing
 * either: the name may well exist, so this is not "no such name" (RFC 2308 §7 keeps a server
 * failure apart from NXDOMAIN) and is never cached. Its `code` is Node's `ETIMEOUT`
 * (`dns.TIMEOUT`); `syscall` is the query that timed out, as `dns.Resolver` names it (`queryA`
 * or `queryAaaa`); `cause` is the resolver's own error.
 *
 * @example
 * ```ts
 * const error = new LookupTimeoutError('app01.corp.example', 'queryA');
 * [error.code, error.hostname, error.syscall]; // => ['ETIMEOUT', 'app01.corp.example', 'queryA']
 * ```
 */
export class LookupTimeoutError extends MqsimError {
  static override readonly code = 'ETIMEOUT';
  /** The host name as it was asked. */
  readonly hostname: string;
  /** The resolver call that timed out: `queryA` (A records) or `queryAaaa` (AAAA records). */
  readonly syscall: 'queryA' | 'queryAaaa';

  constructor(hostname: string, syscall: 'queryA' | 'queryAaaa', cause?: unknown) {
    super(`${syscall} ETIMEOUT ${hostname}: the DNS server did not answer in time`, {
      value: hostname,
      ...(cause === undefined ? {} : { cause }),
    });
    this.hostname = hostname;
    this.syscall = syscall;
  }
}
