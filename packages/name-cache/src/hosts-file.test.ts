import { describe, expect, it } from 'vitest';
import { HostsFileParseError } from './errors.js';
import { parseHostsFile } from './hosts-file.js';

describe('parseHostsFile', () => {
  it('reads addresses and names, skipping comments and blank lines', () => {
    const text =
      '\uFEFF# Copyright (c) 1993-2009 Microsoft Corp.\r\n\r\n127.0.0.1       localhost\r\n::1             localhost\r\n192.168.1.5\tAPP01 app01.corp.example  # moved behind NAT\r\n';
    expect(parseHostsFile(text)).toEqual([
      { address: '127.0.0.1', names: ['localhost'], line: 3 },
      { address: '::1', names: ['localhost'], line: 4 },
      { address: '192.168.1.5', names: ['app01', 'app01.corp.example'], line: 5 },
    ]);
  });

  it.each([
    ['10.0.0.256 app01\n', 'hosts:1:1: "10.0.0.256" is not an IPv4 or IPv6 address', 1, 1],
    ['# ok\n  10.0.0.5\n', 'hosts:2:11: an address needs at least one name', 2, 11],
    [
      '10.0.0.5 app01 bad..name\n',
      'hosts:1:16: DNS name "bad..name" has an empty label at column 5',
      1,
      16,
    ],
  ])('locates the error in %j', (text, message, line, column) => {
    let caught: unknown;
    try {
      parseHostsFile(text);
    } catch (error) {
      caught = error;
    }
    expect(HostsFileParseError.isInstance(caught)).toBe(true);
    expect((caught as HostsFileParseError).message).toBe(message);
    expect([(caught as HostsFileParseError).line, (caught as HostsFileParseError).column]).toEqual([
      line,
      column,
    ]);
  });

  it('names the file it was given', () => {
    expect(() => parseHostsFile('x y', 'C:\\Windows\\System32\\drivers\\etc\\hosts')).toThrow(
      /^C:\\Windows\\System32\\drivers\\etc\\hosts:1:1:/,
    );
  });
});
