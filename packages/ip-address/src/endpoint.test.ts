import { describe, expect, it } from 'vitest';
import { formatEndpoint, IpAddressParseError, parseEndpoint } from './index.js';

describe('formatEndpoint', () => {
  it('writes IPv6 endpoints in brackets, as netstat does', () => {
    expect([formatEndpoint('10.0.0.5', 1801), formatEndpoint('::', 0)]).toEqual([
      '10.0.0.5:1801',
      '[::]:0',
    ]);
  });
});

describe('parseEndpoint', () => {
  it('reads endpoints and canonicalises the address', () => {
    expect([
      parseEndpoint('10.0.0.5:1801'),
      parseEndpoint('[2001:DB8:0::5]:80'),
      parseEndpoint('[::1.2.3.4]:1801'),
    ]).toEqual([
      { family: 'ipv4', address: '10.0.0.5', port: 1801 },
      { family: 'ipv6', address: '2001:db8::5', port: 80 },
      { family: 'ipv6', address: '::102:304', port: 1801 },
    ]);
  });

  it.each([
    ['10.0.0.5', "'10.0.0.5' is not an endpoint: expected address:port (IPv6 in square brackets)"],
    ['10.0.0.5:0', "'10.0.0.5:0' is not an endpoint: port 0 is not a whole number from 1 to 65535"],
    [
      '10.0.0.5:01801',
      "'10.0.0.5:01801' is not an endpoint: port 01801 is not a whole number from 1 to 65535",
    ],
    [
      '10.0.0.5:65536',
      "'10.0.0.5:65536' is not an endpoint: port 65536 is not a whole number from 1 to 65535",
    ],
    [
      '2001:db8::5:80',
      "'2001:db8::5:80' is not an endpoint: expected address:port (IPv6 in square brackets)",
    ],
    ['[10.0.0.256]:80', "'10.0.0.256' is not an IP address: octet 256 is above 255"],
  ])('rejects %s', (text, message) => {
    expect(() => parseEndpoint(text)).toThrow(message);
    expect(IpAddressParseError.isInstance(captureError(() => parseEndpoint(text)))).toBe(true);
  });

  it('names the accepted forms and puts the context in front', () => {
    expect(captureError(() => parseEndpoint('x', 'NAT mapping'))).toMatchObject({
      message:
        "NAT mapping: 'x' is not an endpoint: expected address:port (IPv6 in square brackets)",
      value: 'x',
      allowed: 'address:port like 10.0.0.5:1801 or [2001:db8::5]:1801, port 1–65535',
    });
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
