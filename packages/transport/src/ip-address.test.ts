import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AddressParseError,
  formatEndpoint,
  isIpAddress,
  parseAddress,
  parseEndpoint,
} from './index.js';
import { compareAddresses, toAddressBytes } from './ip-address.js';

describe('parseAddress', () => {
  it.each([
    ['10.0.0.5', 'ipv4', '10.0.0.5'],
    ['255.255.255.255', 'ipv4', '255.255.255.255'],
    ['0.0.0.0', 'ipv4', '0.0.0.0'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', 'ipv6', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', 'ipv6', '2001:db8::1:0:0:1'],
    ['2001:db8::0:1:0:0:1', 'ipv6', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', 'ipv6', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8::1:1:1:1:1', 'ipv6', '2001:db8:0:1:1:1:1:1'],
    ['fe80:0:0:0:0:0:0:0', 'ipv6', 'fe80::'],
    ['0:0:0:0:0:0:0:1', 'ipv6', '::1'],
    ['::', 'ipv6', '::'],
    ['::FFFF:10.0.0.5', 'ipv6', '::ffff:10.0.0.5'],
    ['::ffff:a00:5', 'ipv6', '::ffff:10.0.0.5'],
    ['64:ff9b::192.0.2.33', 'ipv6', '64:ff9b::c000:221'],
    ['1:0:0:2:0:0:0:3', 'ipv6', '1:0:0:2::3'],
    ['::1.2.3.4', 'ipv6', '::102:304'],
    ['0:0:0:0:0:0:1.2.3.4', 'ipv6', '::102:304'],
  ])('reads %s as %s %s (RFC 5952 canonical form)', (text, family, address) => {
    expect(parseAddress(text)).toEqual({ family, address });
  });

  it.each([
    ['10.0.0.256', "'10.0.0.256' is not an IP address: octet 256 is above 255"],
    ['10.0.0', "'10.0.0' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    [
      '10.0.0.05',
      "'10.0.0.05' is not an IP address: octet 05 has a leading zero (ambiguous: octal or decimal)",
    ],
    [
      '10.0.0.5/24',
      "'10.0.0.5/24' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6",
    ],
    ['1::2::3', "'1::2::3' is not an IP address: '::' may appear only once"],
    ['fe80::1%eth0', "'fe80::1%eth0' is not an IP address: zone ids (%eth0) are not supported"],
    [
      '2001:db8::/32',
      "'2001:db8::/32' is not an IP address: a prefix length (/64) is not part of an address",
    ],
    ['1:2:3:4:5:6:7', "'1:2:3:4:5:6:7' is not an IP address: it has 7 groups instead of 8"],
    [
      '1:2:3:4:5:6:7::8',
      "'1:2:3:4:5:6:7::8' is not an IP address: '::' stands for at least one zero group, but there are already 8",
    ],
    ['12345::', "'12345::' is not an IP address: group '12345' is not 1–4 hexadecimal digits"],
    [
      ':1:2:3:4:5:6:7',
      '\':1:2:3:4:5:6:7\' is not an IP address: an empty group (a single colon at the start or end, or ":::")',
    ],
    [
      '::1.2.3.4:5',
      "'::1.2.3.4:5' is not an IP address: embedded IPv4 '1.2.3.4' must be the last part",
    ],
  ])('rejects %s with a typed error naming it', (text, message) => {
    const error = captureError(() => parseAddress(text, undefined));
    expect(AddressParseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_ADDRESS_PARSE', value: text, message });
    expect((error as AddressParseError).allowed).toContain('10.0.0.5');
  });

  it("keeps @mqsim/ip-address's error as the cause", () => {
    expect(captureError(() => parseAddress('10.0.0.05'))).toMatchObject({
      code: 'ERR_ADDRESS_PARSE',
      cause: { code: 'ERR_IP_ADDRESS_PARSE', value: '10.0.0.05' },
    });
    expect(captureError(() => parseEndpoint('10.0.0.5:0'))).toMatchObject({
      code: 'ERR_ADDRESS_PARSE',
      cause: { code: 'ERR_IP_ADDRESS_PARSE' },
    });
  });

  it('puts the context in front of the message', () => {
    expect(() => parseAddress('300.1.1.1', "host 'web' interface 'eth0'")).toThrow(
      "host 'web' interface 'eth0': '300.1.1.1' is not an IP address: octet 300 is above 255",
    );
  });

  it('round-trips any 16 bytes through the canonical form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const groups = Array.from({ length: 8 }, (_, index) =>
          ((bytes[index * 2] as number) * 256 + (bytes[index * 2 + 1] as number)).toString(16),
        );
        const canonical = parseAddress(groups.join(':')).address;
        expect(Array.from(toAddressBytes(canonical))).toEqual(Array.from(bytes));
        expect(parseAddress(canonical).address).toBe(canonical);
        expect(parseAddress(canonical.toUpperCase()).address).toBe(canonical);
      }),
    );
  });

  it('round-trips any IPv4 address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        expect(parseAddress(text).address).toBe(text);
      }),
    );
  });
});

describe('isIpAddress', () => {
  it('accepts exactly what parseAddress accepts', () => {
    expect(
      ['10.0.0.1', '::1', 'fe80::1', '1.2.3', 'x', '', '::ffff:1.2.3.999'].map(isIpAddress),
    ).toEqual([true, true, true, false, false, false, false]);
  });
});

describe('endpoints', () => {
  it('formats IPv6 endpoints in brackets, as netstat does', () => {
    expect([formatEndpoint('10.0.0.5', 1801), formatEndpoint('::', 0)]).toEqual([
      '10.0.0.5:1801',
      '[::]:0',
    ]);
  });

  it('reads endpoints and canonicalises the address', () => {
    expect(parseEndpoint('10.0.0.5:1801')).toEqual({
      family: 'ipv4',
      address: '10.0.0.5',
      port: 1801,
    });
    expect(parseEndpoint('[2001:DB8:0::5]:80')).toEqual({
      family: 'ipv6',
      address: '2001:db8::5',
      port: 80,
    });
  });

  it.each([
    ['10.0.0.5', "'10.0.0.5' is not an endpoint: expected address:port (IPv6 in square brackets)"],
    ['10.0.0.5:0', "'10.0.0.5:0' is not an endpoint: port 0 is not a whole number from 1 to 65535"],
    [
      '10.0.0.5:65536',
      "'10.0.0.5:65536' is not an endpoint: port 65536 is not a whole number from 1 to 65535",
    ],
    [
      '2001:db8::5:80',
      "'2001:db8::5:80' is not an endpoint: expected address:port (IPv6 in square brackets)",
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parseEndpoint(text)).toThrow(message);
  });
});

describe('compareAddresses', () => {
  it('orders IPv4 numerically before IPv6', () => {
    const sorted = ['::1', '10.0.0.20', '10.0.0.3', '2001:db8::1', '9.255.0.1'].sort(
      compareAddresses,
    );
    expect(sorted).toEqual(['9.255.0.1', '10.0.0.3', '10.0.0.20', '::1', '2001:db8::1']);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.unreachable('expected an error');
}
