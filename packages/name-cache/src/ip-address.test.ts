import { describe, expect, it } from 'vitest';
import { DnsRecordError } from './errors.js';
import { canonicalIp, ipFamily, reverseName } from './ip-address.js';

describe('canonicalIp', () => {
  it.each([
    ['10.0.0.5', '10.0.0.5'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::FFFF:10.0.0.5', '::ffff:10.0.0.5'],
    ['::1.2.3.4', '::102:304'],
    ['0:0:0:0:0:0:1.2.3.4', '::102:304'],
    ['::0.1.0.0', '::1:0'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it.each([
    ['10.0.0.256'],
    ['10.0.0'],
    ['10.0.0.05'],
    ['app01'],
    [''],
    ['fe80::1%eth0'],
    ['2001:db8:::1'],
    ['::ffff:10.0.0.05'],
  ])('rejects %j', (input) => {
    expect(() => canonicalIp(input)).toThrow(DnsRecordError);
  });

  it('says why in the cause', () => {
    let caught: unknown;
    try {
      canonicalIp('10.0.0.05');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'ERR_DNS_RECORD',
      message: '"10.0.0.05" is not an IPv4 or IPv6 address',
      cause: {
        code: 'ERR_IP_ADDRESS_PARSE',
        message:
          "'10.0.0.05' is not an IP address: octet 05 has a leading zero (ambiguous: octal or decimal)",
      },
    });
  });

  it('checks the family when one is asked for', () => {
    expect(() => canonicalIp('::1', 4)).toThrow(/is not an IPv4 address/);
    expect(() => canonicalIp('10.0.0.1', 6)).toThrow(/is not an IPv6 address/);
  });
});

describe('ipFamily', () => {
  it('says 4, 6 or undefined', () => {
    expect([ipFamily('10.0.0.1'), ipFamily('::1'), ipFamily('x')]).toEqual([4, 6, undefined]);
  });

  it('says undefined for exactly what canonicalIp refuses', () => {
    expect(['fe80::1%eth0', '010.0.0.1', '::1.2.3.4'].map(ipFamily)).toEqual([
      undefined,
      undefined,
      6,
    ]);
  });
});

describe('reverseName', () => {
  it('builds in-addr.arpa and ip6.arpa names', () => {
    expect(reverseName('10.0.0.5')).toBe('5.0.0.10.in-addr.arpa');
    expect(reverseName('2001:db8::567:89ab')).toBe(
      'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
    );
    expect(reverseName('::ffff:10.0.0.5')).toBe(
      `5.0.0.0.0.0.a.0.f.f.f.f.${'0.'.repeat(20)}ip6.arpa`,
    );
    expect(reverseName('::1').split('.')).toHaveLength(34);
  });

  it('refuses what is no address with a DnsRecordError', () => {
    expect(() => reverseName('app01')).toThrow(DnsRecordError);
  });
});
