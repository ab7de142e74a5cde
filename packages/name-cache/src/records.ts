import { normalizeDnsName } from './dns-name.js';
import { DnsRecordError } from './errors.js';
import { canonicalIp } from './ip-address.js';

/** The record types mqsim models: addresses, aliases and reverse pointers. */
export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'PTR';

/** Every {@link RecordType}, in the order DNS numbers them. */
export const RECORD_TYPES: readonly RecordType[] = Object.freeze(['A', 'CNAME', 'PTR', 'AAAA']);

/** The wire number of each type, as `ipconfig /displaydns` prints it ("Record Type . . . : 1"). */
export const RECORD_TYPE_CODES: Readonly<Record<RecordType, number>> = Object.freeze({
  A: 1,
  CNAME: 5,
  PTR: 12,
  AAAA: 28,
});

/** The largest TTL DNS allows, in seconds (RFC 2181 §8: 2^31 − 1). */
export const MAX_TTL_SECONDS = 2_147_483_647;

/** One resource record, validated and canonical: lower-case names, RFC 5952 addresses. */
export interface DnsRecord {
  /** The owner name, canonical (lower case, no trailing dot). */
  readonly name: string;
  readonly type: RecordType;
  /** Time to live in seconds: how long a resolver may keep it. */
  readonly ttl: number;
  /** The address (A, AAAA) or the target name (CNAME, PTR), canonical. */
  readonly data: string;
}

/** A record as a user writes it: any case, any address spelling, TTL optional. */
export interface DnsRecordInput {
  readonly name: string;
  readonly type: RecordType;
  readonly data: string;
  /** Seconds; the zone's default TTL when absent. */
  readonly ttl?: number;
}

/**
 * Checks a record and returns its canonical form.
 *
 * @example
 * ```ts
 * toDnsRecord({ name: 'APP01.corp.example', type: 'AAAA', data: '2001:DB8::0:5' }, 1200);
 * // => { name: 'app01.corp.example', type: 'AAAA', ttl: 1200, data: '2001:db8::5' }
 * ```
 * @throws {DnsRecordError} for an unknown type, data that does not fit the type, or a bad TTL.
 * @throws {DnsNameError} for a malformed owner or target name.
 */
export function toDnsRecord(input: DnsRecordInput, defaultTtl: number): DnsRecord {
  const name = normalizeDnsName(input.name);
  const ttl = input.ttl ?? defaultTtl;
  checkTtl(ttl, `the TTL of ${input.type} ${name}`);
  switch (input.type) {
    case 'A':
      return { name, type: 'A', ttl, data: canonicalData(input, 4) };
    case 'AAAA':
      return { name, type: 'AAAA', ttl, data: canonicalData(input, 6) };
    case 'CNAME':
    case 'PTR':
      return { name, type: input.type, ttl, data: normalizeDnsName(input.data) };
    default:
      throw new DnsRecordError(
        `record type ${JSON.stringify(input.type)} of ${name} is not one of ${RECORD_TYPES.join(', ')}`,
        { value: input.type, allowed: RECORD_TYPES.join(', ') },
      );
  }
}

function canonicalData(input: DnsRecordInput, family: 4 | 6): string {
  try {
    return canonicalIp(input.data, family);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DnsRecordError(`${input.type} record ${input.name}: ${reason}`, {
      value: input.data,
      allowed: family === 4 ? 'an IPv4 address' : 'an IPv6 address',
    });
  }
}

/**
 * Throws unless `seconds` is a whole number of seconds DNS can carry.
 * @throws {DnsRecordError} naming `what`.
 */
export function checkTtl(seconds: number, what: string): void {
  if (!(Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_TTL_SECONDS)) {
    throw new DnsRecordError(
      `${what} is ${String(seconds)}; a TTL is a whole number of seconds from 0 to ${MAX_TTL_SECONDS}`,
      {
        value: seconds,
        allowed: `0 to ${MAX_TTL_SECONDS} seconds`,
      },
    );
  }
}
