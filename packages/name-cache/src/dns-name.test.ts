import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSingleLabel, normalizeDnsName } from './dns-name.js';
import { DnsNameError } from './errors.js';

function errorOf(name: string): DnsNameError {
  try {
    normalizeDnsName(name);
  } catch (error) {
    if (DnsNameError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('normalizeDnsName', () => {
  it('lower-cases and drops one trailing dot', () => {
    expect(normalizeDnsName('APP01.Corp.Example.')).toBe('app01.corp.example');
    expect(normalizeDnsName('_msmq._tcp.corp.example')).toBe('_msmq._tcp.corp.example');
    expect(normalizeDnsName('5.0.0.10.in-addr.arpa')).toBe('5.0.0.10.in-addr.arpa');
  });

  it('accepts the longest legal labels and names', () => {
    const label = 'a'.repeat(63);
    expect(normalizeDnsName(`${label}.example`)).toBe(`${label}.example`);
    const name = [label, label, label, 'a'.repeat(61)].join('.');
    expect(name).toHaveLength(253);
    expect(normalizeDnsName(name)).toBe(name);
    expect(normalizeDnsName(`${name}.`)).toBe(name);
  });

  it.each([
    ['', /is empty/, undefined],
    ['.', /is empty/, undefined],
    ['app01..corp', /empty label at column 7/, 7],
    ['.corp', /empty label at column 1/, 1],
    ['app01.corp..', /empty label at column 12/, 12],
    [`${'a'.repeat(64)}.corp`, /label of 64 characters at column 1; the limit is 63/, 1],
    ['app 01.corp', /" " at column 4/, 4],
    ['app01.corp/x', /"\/" at column 11/, 11],
    ['bücher.example', /"ü" at column 2/, 2],
    ['-app.corp', /starting or ending with "-" at column 1/, 1],
    ['app.corp-', /starting or ending with "-" at column 5/, 5],
  ])('rejects %j with a located message', (name, message, column) => {
    const error = errorOf(name);
    expect(error.code).toBe('ERR_DNS_NAME');
    expect(error.message).toMatch(message);
    expect(error.column).toBe(column);
    expect(error.value).toBe(name);
    expect(error.allowed).toBeTruthy();
  });

  it('rejects names over 253 characters, abbreviating them in the message', () => {
    const name = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
    const error = errorOf(name);
    expect(error.message).toMatch(/is 304 characters long; the limit is 253/);
    expect(error.message.length).toBeLessThan(200);
  });

  it('rejects what is not a string without crashing', () => {
    expect(() => normalizeDnsName(undefined as unknown as string)).toThrow(DnsNameError);
  });

  it('is idempotent and case-insensitive on every valid name', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,20}[a-zA-Z0-9_])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 6 }), (labels) => {
        const name = labels.join('.');
        const once = normalizeDnsName(name);
        expect(normalizeDnsName(once)).toBe(once);
        expect(normalizeDnsName(name.toUpperCase())).toBe(once);
      }),
    );
  });
});

describe('isSingleLabel', () => {
  it('tells NetBIOS-style names from qualified ones', () => {
    expect(isSingleLabel('APP01')).toBe(true);
    expect(isSingleLabel('app01.')).toBe(true);
    expect(isSingleLabel('app01.corp')).toBe(false);
  });
});
