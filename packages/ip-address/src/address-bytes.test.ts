import { describe, expect, it } from 'vitest';
import {
  compareAddresses,
  fromAddressBytes,
  IpAddressParseError,
  reverseName,
  toAddressBytes,
} from './index.js';

describe('toAddressBytes / fromAddressBytes', () => {
  it('gives network-order bytes and reads them back to canonical text', () => {
    expect(Array.from(toAddressBytes('::1.2.3.4'))).toEqual([...Array(12).fill(0), 1, 2, 3, 4]);
    expect(fromAddressBytes(toAddressBytes('::1.2.3.4'))).toBe('::102:304');
    expect(fromAddressBytes(new Uint8Array([...Array(10).fill(0), 255, 255, 10, 0, 0, 5]))).toBe(
      '::ffff:10.0.0.5',
    );
    expect(fromAddressBytes([255, 255, 255, 255])).toBe('255.255.255.255');
  });

  it.each([[[1, 2, 3]], [[1, 2, 3, 256]], [[1, 2, 3, 1.5]]])('refuses %j', (bytes) => {
    expect(() => fromAddressBytes(bytes)).toThrow(IpAddressParseError);
  });

  it('refuses text that is no address', () => {
    expect(() => toAddressBytes('10.0.0')).toThrow(
      "'10.0.0' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6",
    );
  });
});

describe('compareAddresses', () => {
  it('orders IPv4 numerically before IPv6', () => {
    const sorted = ['::1', '10.0.0.20', '10.0.0.3', '2001:db8::1', '9.255.0.1', '::'].sort(
      compareAddresses,
    );
    expect(sorted).toEqual(['9.255.0.1', '10.0.0.3', '10.0.0.20', '::', '::1', '2001:db8::1']);
  });

  it('returns 0 for two spellings of one address', () => {
    expect(compareAddresses('::ffff:10.0.0.5', '0:0:0:0:0:FFFF:a00:5')).toBe(0);
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
    expect(reverseName('::1.2.3.4')).toBe(reverseName('::102:304'));
    expect(reverseName('::1').split('.')).toHaveLength(34);
  });
});
