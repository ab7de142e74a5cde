import { describe, expect, it } from 'vitest';
import { addressFamily, IpAddressParseError, isIpAddress, parseAddress } from './index.js';

describe('parseAddress', () => {
  it.each([
    ['10.0.0.5', 'ipv4', '10.0.0.5'],
    ['255.255.255.255', 'ipv4', '255.255.255.255'],
    ['0.0.0.0', 'ipv4', '0.0.0.0'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', 'ipv6', '2001:db8::1'],
    ['2001:DB8:0:0::1', 'ipv6', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', 'ipv6', '2001:db8::1:0:0:1'],
    ['2001:db8::0:1:0:0:1', 'ipv6', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', 'ipv6', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8::1:1:1:1:1', 'ipv6', '2001:db8:0:1:1:1:1:1'],
    ['fe80:0:0:0:0:0:0:0', 'ipv6', 'fe80::'],
    ['0:0:0:0:0:0:0:1', 'ipv6', '::1'],
    ['::', 'ipv6', '::'],
    ['1:0:0:2:0:0:0:3', 'ipv6', '1:0:0:2::3'],
    ['1:0:0:2:0:0:3:4', 'ipv6', '1::2:0:0:3:4'],
  ])('reads %s as %s %s (RFC 5952)', (text, family, address) => {
    expect(parseAddress(text)).toEqual({ family, address });
  });

  it.each([
    // IPv4-mapped (::ffff:0:0/96): the one range written with its IPv4 tail.
    ['::FFFF:10.0.0.5', '::ffff:10.0.0.5'],
    ['::ffff:a00:5', '::ffff:10.0.0.5'],
    ['0:0:0:0:0:ffff:0:0', '::ffff:0.0.0.0'],
    // IPv4-compatible (::/96, deprecated by RFC 4291): hexadecimal, like every other address.
    ['::1.2.3.4', '::102:304'],
    ['0:0:0:0:0:0:1.2.3.4', '::102:304'],
    ['::102:304', '::102:304'],
    ['::0.1.0.0', '::1:0'],
    ['::0.0.255.255', '::ffff'],
    ['::0.0.0.1', '::1'],
    // Other embedded forms: NAT64 (RFC 6052), IPv4-translated (RFC 2765), anything else.
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['::ffff:0:1.2.3.4', '::ffff:0:102:304'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('writes the embedded-IPv4 form %s as %s', (text, address) => {
    expect(parseAddress(text)).toEqual({ family: 'ipv6', address });
  });

  it.each([
    ['10.0.0.256', "'10.0.0.256' is not an IP address: octet 256 is above 255"],
    ['10.0.0', "'10.0.0' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    ['10.1', "'10.1' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    ['0x0a.0.0.1', "'0x0a.0.0.1' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    ['167772161', "'167772161' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    [
      '10.0.0.05',
      "'10.0.0.05' is not an IP address: octet 05 has a leading zero (ambiguous: octal or decimal)",
    ],
    [
      '10.0.0.5/24',
      "'10.0.0.5/24' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6",
    ],
    ['', "'' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    [' 10.0.0.5', "' 10.0.0.5' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    ['app01', "'app01' is not an IP address: it is neither dotted-decimal IPv4 nor IPv6"],
    ['1::2::3', "'1::2::3' is not an IP address: '::' may appear only once"],
    ['2001:db8:::1', "'2001:db8:::1' is not an IP address: '::' may appear only once"],
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
    [
      '::ffff:1.2.3.04',
      "'::ffff:1.2.3.04' is not an IP address: embedded IPv4 '1.2.3.04': octet 04 has a leading zero (ambiguous: octal or decimal)",
    ],
    [
      '::ffff:1.2.3',
      "'::ffff:1.2.3' is not an IP address: embedded IPv4 '1.2.3': it is neither dotted-decimal IPv4 nor IPv6",
    ],
  ])('rejects %j with a typed error naming it', (text, message) => {
    const error = captureError(() => parseAddress(text));
    expect(IpAddressParseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_IP_ADDRESS_PARSE', value: text, message });
    expect((error as IpAddressParseError).allowed).toBe(
      'an IPv4 address in dotted decimal like 10.0.0.5 (no leading zeros, no prefix length) or an IPv6 address like fe80::1 or 2001:db8::a:1 (no zone id)',
    );
  });

  it('refuses what is not text', () => {
    expect(() => parseAddress(42 as unknown as string)).toThrow(
      "'42' is not an IP address: it is not text",
    );
  });

  it('puts the context in front of the message', () => {
    expect(() => parseAddress('300.1.1.1', "host 'web' interface 'eth0'")).toThrow(
      "host 'web' interface 'eth0': '300.1.1.1' is not an IP address: octet 300 is above 255",
    );
  });
});

describe('isIpAddress', () => {
  it('accepts exactly what parseAddress accepts', () => {
    expect(
      ['10.0.0.1', '::1', 'fe80::1', '::1.2.3.4', '1.2.3', 'x', '', '::ffff:1.2.3.999'].map(
        isIpAddress,
      ),
    ).toEqual([true, true, true, true, false, false, false, false]);
  });
});

describe('addressFamily', () => {
  it('says ipv4, ipv6 or undefined', () => {
    expect(
      ['10.0.0.1', '::1', '::ffff:10.0.0.1', 'x', 'fe80::1%eth0', '010.0.0.1'].map(addressFamily),
    ).toEqual(['ipv4', 'ipv6', 'ipv6', undefined, undefined, undefined]);
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
