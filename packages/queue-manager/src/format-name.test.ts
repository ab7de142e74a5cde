import { readFileSync } from 'node:fs';
import { MqsimError } from '@mqsim/filetime';
import { canonicalIp } from '@mqsim/name-cache';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractExamples, runExample } from '../../../test-support/doc-examples.js';
import * as formatNameModule from './format-name.js';
import {
  type FormatName,
  FormatNameError,
  formatFormatName,
  formatNameKey,
  isPrivate,
  MAX_MACHINE_NAME_LENGTH,
  MAX_QUEUE_NAME_LENGTH,
  machineOf,
  parseFormatName,
  type QueueName,
  queuePathKey,
} from './format-name.js';

function errorOf(text: string): FormatNameError {
  try {
    parseFormatName(text);
  } catch (error) {
    if (FormatNameError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`${text} was accepted`);
}

const orders: QueueName = { private: false, name: 'orders' };
const privateOrders: QueueName = { private: true, name: 'orders' };

describe('parseFormatName', () => {
  it.each<[string, FormatName]>([
    ['DIRECT=OS:app01\\orders', { kind: 'direct-os', machine: 'app01', queue: orders }],
    [
      'DIRECT=OS:app01\\private$\\orders',
      { kind: 'direct-os', machine: 'app01', queue: privateOrders },
    ],
    [
      'direct=os:App01.Corp.Example\\PRIVATE$\\Orders',
      {
        kind: 'direct-os',
        machine: 'App01.Corp.Example',
        queue: { private: true, name: 'Orders' },
      },
    ],
    ['DIRECT=OS:.\\private$\\orders', { kind: 'direct-os', machine: '.', queue: privateOrders }],
    ['FormatName:DIRECT=OS:app01\\orders', { kind: 'direct-os', machine: 'app01', queue: orders }],
    ['formatname:Direct=Os:app01\\orders', { kind: 'direct-os', machine: 'app01', queue: orders }],
    [
      'DIRECT=OS:app01\\orders;JOURNAL',
      {
        kind: 'direct-os',
        machine: 'app01',
        queue: { private: false, name: 'orders', suffix: 'journal' },
      },
    ],
    [
      'DIRECT=OS:app01\\private$\\orders;journal',
      {
        kind: 'direct-os',
        machine: 'app01',
        queue: { private: true, name: 'orders', suffix: 'journal' },
      },
    ],
    [
      'DIRECT=OS:app01\\SYSTEM$;DEADLETTER',
      {
        kind: 'direct-os',
        machine: 'app01',
        queue: { private: false, name: 'SYSTEM$', system: true, suffix: 'deadletter' },
      },
    ],
    [
      'DIRECT=OS:app01\\system$;deadxact',
      {
        kind: 'direct-os',
        machine: 'app01',
        queue: { private: false, name: 'SYSTEM$', system: true, suffix: 'deadxact' },
      },
    ],
    [
      'DIRECT=OS:app01\\System$;Journal',
      {
        kind: 'direct-os',
        machine: 'app01',
        queue: { private: false, name: 'SYSTEM$', system: true, suffix: 'journal' },
      },
    ],
    ['DIRECT=OS:10.0.0.5\\orders', { kind: 'direct-os', machine: '10.0.0.5', queue: orders }],
    ['DIRECT=OS:app01.\\orders', { kind: 'direct-os', machine: 'app01.', queue: orders }],
    ['DIRECT=TCP:10.0.0.5\\orders', { kind: 'direct-tcp', address: '10.0.0.5', queue: orders }],
    [
      'DIRECT=tcp:10.0.0.5\\private$\\orders',
      { kind: 'direct-tcp', address: '10.0.0.5', queue: privateOrders },
    ],
    [
      'DIRECT=TCP:2001:DB8:0:0::5\\orders',
      { kind: 'direct-tcp', address: '2001:db8::5', queue: orders },
    ],
    [
      'DIRECT=TCP:[2001:db8::5]\\orders',
      { kind: 'direct-tcp', address: '2001:db8::5', queue: orders },
    ],
    [
      'DIRECT=HTTP://web01/msmq/orders',
      { kind: 'direct-http', secure: false, host: 'web01', queue: orders },
    ],
    [
      'DIRECT=https://Web01.Example.com:8443/MSMQ/private$/orders',
      {
        kind: 'direct-http',
        secure: true,
        host: 'Web01.Example.com',
        port: 8443,
        queue: privateOrders,
      },
    ],
    [
      'DIRECT=http://web01/msmq\\private$\\orders',
      { kind: 'direct-http', secure: false, host: 'web01', queue: privateOrders },
    ],
    [
      'DIRECT=http://10.0.0.5:80/msmq/orders',
      { kind: 'direct-http', secure: false, host: '10.0.0.5', port: 80, queue: orders },
    ],
    [
      'DIRECT=http://[2001:DB8::5]/msmq/orders',
      { kind: 'direct-http', secure: false, host: '2001:db8::5', queue: orders },
    ],
    ['app01\\orders', { kind: 'path', machine: 'app01', queue: orders }],
    ['app01\\private$\\orders', { kind: 'path', machine: 'app01', queue: privateOrders }],
    ['.\\private$\\orders', { kind: 'path', machine: '.', queue: privateOrders }],
    [
      '.\\Private$\\Orders',
      { kind: 'path', machine: '.', queue: { private: true, name: 'Orders' } },
    ],
    ['.\\orders', { kind: 'path', machine: '.', queue: orders }],
    [
      'app01\\private$\\order_queue$',
      { kind: 'path', machine: 'app01', queue: { private: true, name: 'order_queue$' } },
    ],
    [
      'app01\\private$\\Sales Orders (EU)',
      { kind: 'path', machine: 'app01', queue: { private: true, name: 'Sales Orders (EU)' } },
    ],
    [
      'app01\\private$\\commandes-été',
      { kind: 'path', machine: 'app01', queue: { private: true, name: 'commandes-été' } },
    ],
    [
      'app01\\private$x',
      { kind: 'path', machine: 'app01', queue: { private: false, name: 'private$x' } },
    ],
  ])('reads %s', (text, expected) => {
    expect(parseFormatName(text)).toEqual(expected);
  });

  it.each<[string, FormatName]>([
    ['orders@app01', { kind: 'direct-os', machine: 'app01', queue: privateOrders }],
    [
      'Sales.Orders@APP01.corp.example',
      {
        kind: 'direct-os',
        machine: 'APP01.corp.example',
        queue: { private: true, name: 'Sales.Orders' },
      },
    ],
    ['orders@10.0.0.5', { kind: 'direct-tcp', address: '10.0.0.5', queue: privateOrders }],
    ['orders@2001:DB8::5', { kind: 'direct-tcp', address: '2001:db8::5', queue: privateOrders }],
    ['orders@.', { kind: 'direct-os', machine: '.', queue: privateOrders }],
    ['orders@LocalHost', { kind: 'direct-os', machine: '.', queue: privateOrders }],
    ['orders@127.0.0.1', { kind: 'direct-os', machine: '.', queue: privateOrders }],
    ['orders', { kind: 'direct-os', machine: '.', queue: privateOrders }],
  ])('reads the NServiceBus address %s as the queue NServiceBus sends to', (text, expected) => {
    expect(parseFormatName(text)).toEqual(expected);
  });

  it('gives NServiceBus addresses the format name NServiceBus sends to', () => {
    expect(
      ['orders@app01', 'orders@10.0.0.5', 'orders'].map((text) =>
        formatFormatName(parseFormatName(text)),
      ),
    ).toEqual([
      'DIRECT=OS:app01\\private$\\orders',
      'DIRECT=TCP:10.0.0.5\\private$\\orders',
      'DIRECT=OS:.\\private$\\orders',
    ]);
  });

  it('accepts names at their limits', () => {
    const machine = [61, 63, 63, 63].map((length) => 'a'.repeat(length)).join('.');
    const name = 'q'.repeat(MAX_QUEUE_NAME_LENGTH);
    expect(parseFormatName(`DIRECT=OS:${machine}\\private$\\${name}`)).toEqual({
      kind: 'direct-os',
      machine,
      queue: { private: true, name },
    });
  });
});

describe('parseFormatName errors', () => {
  const long = 'a'.repeat(MAX_MACHINE_NAME_LENGTH + 1);
  const longQueue = 'q'.repeat(MAX_QUEUE_NAME_LENGTH + 1);
  it.each<[string, string, number]>([
    [
      'DIRECT=TPC:10.0.0.5\\q',
      'format name "DIRECT=TPC:10.0.0.5\\q": unknown address type "TPC" at column 8; use OS:, TCP:, HTTP:// or HTTPS://',
      8,
    ],
    [
      'DIRECT=app01\\q',
      'format name "DIRECT=app01\\q": the address type is missing after "DIRECT=" at column 8; use OS:, TCP:, HTTP:// or HTTPS://',
      8,
    ],
    [
      'DIRECT=',
      'format name "DIRECT=": the address type is missing after "DIRECT=" at column 8; use OS:, TCP:, HTTP:// or HTTPS://',
      8,
    ],
    [
      'DIRECT=SPX:00000001:0000000001\\q',
      'format name "DIRECT=SPX:00000001:0000000001\\q": address type "SPX" (SPX over IPX, gone since Windows Vista) is not modelled at column 8; use OS:, TCP:, HTTP:// or HTTPS://',
      8,
    ],
    [
      'DIRECT=HTTP:web01\\q',
      'format name "DIRECT=HTTP:web01\\q": "HTTP:" is not followed by "//" at column 13; write DIRECT=HTTP://host/msmq/queue',
      13,
    ],
    [
      'DIRECT=OS:app01',
      'format name "DIRECT=OS:app01": "\\" is missing between the machine name and the queue name at column 16; write \\queue or \\private$\\queue after it',
      16,
    ],
    [
      'DIRECT=OS:\\q',
      'format name "DIRECT=OS:\\q": the machine name is missing at column 11; write a NetBIOS or DNS name such as app01 or app01.corp.example before "\\"',
      11,
    ],
    [
      'DIRECT=TCP:\\q',
      'format name "DIRECT=TCP:\\q": the IP address is missing at column 12; write an IPv4 or IPv6 address before "\\"',
      12,
    ],
    [
      'DIRECT=OS:app 01\\q',
      'format name "DIRECT=OS:app 01\\q": the machine name "app 01" has " " at column 14; expected ASCII letters, digits, "-" and "_" (use punycode for other scripts)',
      14,
    ],
    [
      'DIRECT=OS:app01..corp\\q',
      'format name "DIRECT=OS:app01..corp\\q": the machine name "app01..corp" is not a valid host name at column 17; expected labels of 1 to 63 characters between single dots',
      17,
    ],
    [
      'DIRECT=OS:fe80::1\\q',
      'format name "DIRECT=OS:fe80::1\\q": "fe80::1" is an IPv6 address, not a computer name at column 11; address it with DIRECT=TCP:',
      11,
    ],
    [
      'DIRECT=TCP:10.0.0.300\\q',
      'format name "DIRECT=TCP:10.0.0.300\\q": "10.0.0.300" is not an IP address at column 12; write an IPv4 or IPv6 address such as 10.0.0.5, or use DIRECT=OS: for a computer name',
      12,
    ],
    [
      'DIRECT=TCP:app01\\q',
      'format name "DIRECT=TCP:app01\\q": "app01" is not an IP address at column 12; write an IPv4 or IPv6 address such as 10.0.0.5, or use DIRECT=OS: for a computer name',
      12,
    ],
    [
      'DIRECT=OS:app01\\',
      'format name "DIRECT=OS:app01\\": the queue name is missing at column 17; write name or private$\\name',
      17,
    ],
    [
      'DIRECT=OS:app01\\private$',
      'format name "DIRECT=OS:app01\\private$": "private$" is not followed by a queue name at column 25; write private$\\name',
      25,
    ],
    [
      'DIRECT=OS:app01\\private$\\',
      'format name "DIRECT=OS:app01\\private$\\": "private$" is not followed by a queue name at column 26; write private$\\name',
      26,
    ],
    [
      'DIRECT=OS:app01\\private$\\private$',
      'format name "DIRECT=OS:app01\\private$\\private$": "private$" is reserved, not a queue name at column 26; write a name of 1 to 124 characters without "\\", ";", "+", ",", \'"\' or control characters',
      26,
    ],
    [
      'DIRECT=OS:app01\\or+ders',
      'format name "DIRECT=OS:app01\\or+ders": the queue name has "+" at column 19; expected a name of 1 to 124 characters without "\\", ";", "+", ",", \'"\' or control characters',
      19,
    ],
    [
      'DIRECT=OS:app01\\ord\u0007ers',
      'format name "DIRECT=OS:app01\\ord\\u0007ers": the queue name has "\\u0007" at column 20; expected a name of 1 to 124 characters without "\\", ";", "+", ",", \'"\' or control characters',
      20,
    ],
    [
      'DIRECT=OS:app01\\orders\\journal$',
      'format name "DIRECT=OS:app01\\orders\\journal$": the queue name has "\\" at column 23; for the queue journal write name;JOURNAL',
      23,
    ],
    [
      'DIRECT=OS:a\\q,DIRECT=OS:b\\q',
      'format name "DIRECT=OS:a\\q,DIRECT=OS:b\\q": the queue name has "," at column 14; multiple-element format names (a,b) are not modelled: address one queue at a time',
      14,
    ],
    [
      'DIRECT=OS:app01\\orders;poison',
      'format name "DIRECT=OS:app01\\orders;poison": unknown suffix ";poison" at column 24; the only queue suffix is ;JOURNAL (subqueues such as ;poison are not modelled)',
      24,
    ],
    [
      'DIRECT=OS:app01\\orders;',
      'format name "DIRECT=OS:app01\\orders;": nothing follows ";" at column 24; the only queue suffix is ;JOURNAL (subqueues such as ;poison are not modelled)',
      24,
    ],
    [
      'DIRECT=OS:app01\\orders;DEADLETTER',
      'format name "DIRECT=OS:app01\\orders;DEADLETTER": ";DEADLETTER" is a queue of the computer, not of "orders" at column 24; write SYSTEM$;DEADLETTER instead of the queue name',
      24,
    ],
    [
      'DIRECT=OS:app01\\SYSTEM$',
      'format name "DIRECT=OS:app01\\SYSTEM$": "SYSTEM$" is not followed by the system queue at column 24; write SYSTEM$;JOURNAL, SYSTEM$;DEADLETTER or SYSTEM$;DEADXACT',
      24,
    ],
    [
      'DIRECT=OS:app01\\SYSTEM$;ORDERS',
      'format name "DIRECT=OS:app01\\SYSTEM$;ORDERS": unknown system queue "ORDERS" at column 25; write SYSTEM$;JOURNAL, SYSTEM$;DEADLETTER or SYSTEM$;DEADXACT',
      25,
    ],
    [
      'app01\\XactDeadletter$',
      'format name "app01\\XactDeadletter$": "XactDeadletter$" is System.Messaging path notation at column 7; write SYSTEM$;DEADXACT',
      7,
    ],
    [
      'DIRECT=http://web01/orders',
      'format name "DIRECT=http://web01/orders": "/msmq/" does not follow the host at column 20; HTTP format names address the msmq virtual directory: write http://host/msmq/queue',
      20,
    ],
    [
      'DIRECT=http://web01:99999/msmq/q',
      'format name "DIRECT=http://web01:99999/msmq/q": port "99999" is not a number from 1 to 65535 at column 21; write a port from 1 to 65535, or none',
      21,
    ],
    [
      'DIRECT=http:///msmq/q',
      'format name "DIRECT=http:///msmq/q": the host is missing at column 15; write a NetBIOS or DNS name such as app01 or app01.corp.example or an IP address after "//"',
      15,
    ],
    [
      'DIRECT=http://web01/msmq/a?b',
      'format name "DIRECT=http://web01/msmq/a?b": the queue name has "?" at column 27; in a URL the queue name cannot contain "/", "?" or "#"; expected a name of 1 to 124 characters without "\\", ";", "+", ",", \'"\' or control characters',
      27,
    ],
    [
      'PUBLIC=4a3f2c1e-0000-0000-0000-000000000001',
      'format name "PUBLIC=4a3f2c1e-0000-0000-0000-000000000001": PUBLIC= format names need the directory service (the queue GUID is looked up there), which the simulator does not model at column 1; address the queue with DIRECT=OS:, DIRECT=TCP: or DIRECT=HTTP(S)://',
      1,
    ],
    [
      'FormatName:PRIVATE=4a3f2c1e-0000-0000-0000-000000000001\\0000000c',
      'format name "FormatName:PRIVATE=4a3f2c1e-0000-0000-0000-000000000001\\0000000c": PRIVATE= format names need the directory service to find the owning computer, which the simulator does not model at column 12; address the queue with DIRECT=OS:, DIRECT=TCP: or DIRECT=HTTP(S)://',
      12,
    ],
    [
      'MULTICAST=234.1.1.1:8001',
      'format name "MULTICAST=234.1.1.1:8001": MULTICAST= (PGM) format names, which the simulator does not model at column 1; address the queue with DIRECT=OS:, DIRECT=TCP: or DIRECT=HTTP(S)://',
      1,
    ],
    [
      'DIRCET=OS:app01\\q',
      'format name "DIRCET=OS:app01\\q": unknown format name type "DIRCET" at column 1; use DIRECT= (or write a path name machine\\queue)',
      1,
    ],
    [
      'FormatName:app01\\q',
      'format name "FormatName:app01\\q": "FormatName:" is not followed by a format name at column 12; write FormatName:DIRECT=…, or a path name without the prefix',
      12,
    ],
    [
      'orders@app01@corp',
      'format name "orders@app01@corp": a second "@" at column 13; NServiceBus addresses are queue@machine, with one "@"',
      13,
    ],
    [
      '@app01',
      'format name "@app01": the queue name before "@" is missing at column 1; write queue@machine',
      1,
    ],
    [
      'orders@',
      'format name "orders@": the machine name after "@" is missing at column 8; write queue@machine',
      8,
    ],
    [
      'orders@app_01!',
      'format name "orders@app_01!": the machine name "app_01!" has "!" at column 14; expected ASCII letters, digits, "-" and "_" (use punycode for other scripts)',
      14,
    ],
    [
      'orders;journal@app01',
      'format name "orders;journal@app01": the queue name has ";" at column 7; expected a name of 1 to 124 characters without "\\", ";", "+", ",", \'"\' or control characters',
      7,
    ],
    [
      'orders @app01',
      'format name "orders @app01": the queue name starts or ends with whitespace at column 7; remove the whitespace (the simulator refuses it as a likely typo)',
      7,
    ],
    [
      'DIRECT=OS:app01\\ orders;JOURNAL',
      'format name "DIRECT=OS:app01\\ orders;JOURNAL": the queue name starts or ends with whitespace at column 17; remove the whitespace (the simulator refuses it as a likely typo)',
      17,
    ],
    [
      ' DIRECT=OS:app01\\q',
      'format name " DIRECT=OS:app01\\q": leading whitespace at column 1; remove the whitespace',
      1,
    ],
    [
      'DIRECT=OS:app01\\q\n',
      'format name "DIRECT=OS:app01\\q\\u000a": trailing whitespace at column 18; remove the whitespace',
      18,
    ],
  ])('rejects %j with a located message', (text, message, column) => {
    const error = errorOf(text);
    expect({
      name: error.name,
      code: error.code,
      message: error.message,
      column: error.column,
      value: error.value,
    }).toEqual({ name: 'FormatNameError', code: 'ERR_FORMAT_NAME', message, column, value: text });
    expect(error.allowed).toMatch(/\S/);
  });

  it('rejects an empty input, listing every valid form', () => {
    const error = errorOf('');
    expect([
      error.column,
      error.message.startsWith(
        'format name "": nothing is written at column 1; write one of DIRECT=OS:machine\\queue',
      ),
    ]).toEqual([1, true]);
    expect(error.allowed).toContain('queue@machine');
  });

  it('rejects a machine name over 256 characters at its first column, abbreviating the input', () => {
    const error = errorOf(`DIRECT=OS:${long}\\q`);
    expect([error.column, error.allowed]).toEqual([
      11,
      'a NetBIOS or DNS name such as app01 or app01.corp.example',
    ]);
    expect(error.message).toMatch(
      /^format name "DIRECT=OS:a+\.\.\.": the machine name is 257 characters long; the limit is 256 at column 11; /,
    );
  });

  it('rejects a queue name over 124 characters at its first column', () => {
    const error = errorOf(`DIRECT=OS:app01\\private$\\${longQueue}`);
    expect([
      error.column,
      /the queue name is 125 characters long; the limit is 124 at column 26; shorten it to 124 characters$/.test(
        error.message,
      ),
    ]).toEqual([26, true]);
  });

  it('keeps the DNS error as the cause of a bad machine name', () => {
    const error = errorOf('DIRECT=OS:-app01\\q');
    expect([error.column, (error.cause as MqsimError).code]).toEqual([11, 'ERR_DNS_NAME']);
  });

  it('throws FormatNameError, not TypeError, for a value that is not a string', () => {
    for (const value of [
      undefined,
      null,
      42,
      {},
      Object.create(null),
      Symbol('q'),
    ] as unknown as string[]) {
      expect(() => parseFormatName(value)).toThrow(FormatNameError);
    }
  });

  it('is recognised by MqsimError.isInstance and FormatNameError.isInstance', () => {
    const error = errorOf('DIRECT=XYZ:a\\b');
    expect([
      MqsimError.isInstance(error),
      FormatNameError.isInstance(error),
      FormatNameError.code,
    ]).toEqual([true, true, 'ERR_FORMAT_NAME']);
  });
});

describe('formatFormatName', () => {
  it.each([
    ['FormatName:direct=os:App01\\PRIVATE$\\Orders', 'DIRECT=OS:App01\\private$\\Orders'],
    ['direct=tcp:2001:DB8:0::5\\q;journal', 'DIRECT=TCP:2001:db8::5\\q;JOURNAL'],
    ['DIRECT=TCP:[::1]\\q', 'DIRECT=TCP:::1\\q'],
    ['DIRECT=OS:app01\\system$;deadletter', 'DIRECT=OS:app01\\SYSTEM$;DEADLETTER'],
    ['DIRECT=HTTPS://Web01:443/MsMq\\Private$\\q', 'DIRECT=https://Web01:443/msmq/private$/q'],
    ['DIRECT=http://[::1]/msmq/q', 'DIRECT=http://[::1]/msmq/q'],
    ['.\\PRIVATE$\\Orders', '.\\private$\\Orders'],
    ['App01\\Orders', 'App01\\Orders'],
  ])('writes %s as %s', (text, canonical) => {
    expect(formatFormatName(parseFormatName(text))).toBe(canonical);
  });
});

describe('formatNameKey and queuePathKey', () => {
  it('gives one key to every spelling of a queue that differs only in case or trailing dot', () => {
    const keys = [
      'DIRECT=OS:app01.corp\\private$\\orders',
      'direct=os:APP01.CORP.\\PRIVATE$\\Orders',
      'FormatName:DIRECT=OS:App01.Corp\\Private$\\ORDERS',
      'orders@APP01.corp',
    ].map((text) => formatNameKey(parseFormatName(text)));
    expect(new Set(keys)).toEqual(new Set(['direct=os:app01.corp\\private$\\orders']));
  });

  it('keeps notations, machines and queues apart', () => {
    const keys = [
      'DIRECT=OS:app01\\private$\\orders',
      'DIRECT=OS:app01\\orders',
      'DIRECT=OS:app01\\private$\\orders;journal',
      'DIRECT=OS:app02\\private$\\orders',
      'DIRECT=TCP:10.0.0.5\\private$\\orders',
      'app01\\private$\\orders',
      'DIRECT=http://app01/msmq/private$/orders',
      'DIRECT=https://app01/msmq/private$/orders',
    ].map((text) => formatNameKey(parseFormatName(text)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keys an IPv6 address by its canonical form', () => {
    expect(formatNameKey(parseFormatName('DIRECT=TCP:2001:DB8:0:0:0:0:0:5\\Q'))).toBe(
      'direct=tcp:2001:db8::5\\q',
    );
  });

  it('keys the queue part case-insensitively', () => {
    expect(
      [
        'DIRECT=OS:a\\PRIVATE$\\Orders',
        'b\\private$\\orders',
        'orders@c',
        'DIRECT=http://d/msmq/Private$/ORDERS',
        'DIRECT=OS:a\\Orders;Journal',
        'DIRECT=OS:a\\system$;DeadLetter',
      ].map((text) => queuePathKey(parseFormatName(text).queue)),
    ).toEqual([
      'private$\\orders',
      'private$\\orders',
      'private$\\orders',
      'private$\\orders',
      'orders;journal',
      'system$;deadletter',
    ]);
  });
});

describe('isPrivate and machineOf', () => {
  it.each([
    ['DIRECT=OS:App01\\private$\\q', true, 'App01'],
    ['DIRECT=OS:App01\\q', false, 'App01'],
    ['DIRECT=TCP:10.0.0.5\\q', false, '10.0.0.5'],
    ['DIRECT=https://web01:8443/msmq/private$/q', true, 'web01'],
    ['.\\private$\\q', true, '.'],
    ['q@app01', true, 'app01'],
    ['q@::1', true, '::1'],
    ['q', true, '.'],
    ['DIRECT=OS:app01\\SYSTEM$;DEADXACT', false, 'app01'],
  ])('%s: private %s, reached at %s', (text, expectedPrivate, machine) => {
    const name = parseFormatName(text);
    expect([isPrivate(name), machineOf(name)]).toEqual([expectedPrivate, machine]);
  });
});

// Generators of valid values, for the round-trip law.
const labelArbitrary = fc.stringMatching(/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,8}[A-Za-z0-9_])?$/);
const hostArbitrary = fc
  .array(labelArbitrary, { minLength: 1, maxLength: 4 })
  .map((labels) => labels.join('.'))
  .filter((host) => !/^[0-9.]+$/.test(host));
const machineArbitrary = fc.oneof(fc.constant('.'), hostArbitrary);
const ipArbitrary = fc.oneof(fc.ipV4(), fc.ipV6()).map((address) => canonicalIp(address));
const nameCharacter = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    fc.constantFrom('$', '.', '-', '_', ' ', '@', '=', ':'),
  )
  .filter((char) => !'\\;+,"'.includes(char) && char.charCodeAt(0) >= 0x20 && char !== '\u007f');
function queueArbitrary(url: boolean): fc.Arbitrary<QueueName> {
  const name = fc
    .array(nameCharacter, { minLength: 1, maxLength: 40 })
    .map((chars) => chars.join(''))
    .filter(
      (text) =>
        text.length <= MAX_QUEUE_NAME_LENGTH &&
        text.trim() === text &&
        !/^(private|system|journal|deadletter|xactdeadletter)\$$/i.test(text) &&
        !(url && /[/?#]/.test(text)),
    );
  const application = fc
    .record({ private: fc.boolean(), name, journal: fc.boolean() })
    .map(
      ({ private: isPrivateQueue, name: queueName, journal }): QueueName =>
        journal
          ? { private: isPrivateQueue, name: queueName, suffix: 'journal' }
          : { private: isPrivateQueue, name: queueName },
    )
    // A public queue named like "private$\x" or "SYSTEM$;x" would read back as another queue.
    .filter((queue) => queue.private || !/^(private\$[\\/]|system\$(;|$))/i.test(queue.name));
  const system = fc
    .constantFrom('journal', 'deadletter', 'deadxact' as const)
    .map((suffix): QueueName => ({ private: false, name: 'SYSTEM$', system: true, suffix }));
  return fc.oneof({ arbitrary: application, weight: 4 }, { arbitrary: system, weight: 1 });
}
const formatNameArbitrary: fc.Arbitrary<FormatName> = fc.oneof(
  fc.record({
    kind: fc.constant('direct-os' as const),
    machine: machineArbitrary,
    queue: queueArbitrary(false),
  }),
  fc.record({
    kind: fc.constant('direct-tcp' as const),
    address: ipArbitrary,
    queue: queueArbitrary(false),
  }),
  fc.record({
    kind: fc.constant('path' as const),
    machine: machineArbitrary,
    queue: queueArbitrary(false),
  }),
  fc
    .record({
      secure: fc.boolean(),
      host: fc.oneof(hostArbitrary, ipArbitrary),
      port: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
      queue: queueArbitrary(true),
    })
    .map(
      ({ secure, host, port, queue }): FormatName =>
        port === undefined
          ? { kind: 'direct-http', secure, host, queue }
          : { kind: 'direct-http', secure, host, port, queue },
    ),
);

const TOKENS = [
  'DIRECT=',
  'direct=',
  'FormatName:',
  'OS:',
  'TCP:',
  'HTTP://',
  'https://',
  'SPX:',
  'PUBLIC=',
  '\\',
  '/',
  '/msmq/',
  'private$',
  'PRIVATE$',
  'SYSTEM$',
  ';',
  'JOURNAL',
  'deadletter',
  'DEADXACT',
  '@',
  '.',
  ':',
  '[',
  ']',
  '::1',
  '10.0.0.5',
  'app01',
  'orders',
  'a',
  '1',
  '-',
  '_',
  ' ',
  ',',
  '+',
  '"',
  '%',
  '\u0000',
  '\n',
  'é',
  '😀',
  '\ud800',
  'localhost',
  '8443',
  'x'.repeat(130),
  'y'.repeat(260),
];
const tokenStringArbitrary = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 12 })
  .map((tokens) => tokens.join(''));

describe('laws', () => {
  it('reads back what it writes: parseFormatName(formatFormatName(x)) equals x', () => {
    fc.assert(
      fc.property(formatNameArbitrary, (name) => {
        expect(parseFormatName(formatFormatName(name))).toEqual(name);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives the lower-cased text of a name the same key as the name', () => {
    fc.assert(
      fc.property(formatNameArbitrary, (name) => {
        const text = formatFormatName(name);
        expect(formatNameKey(parseFormatName(text.toLowerCase()))).toBe(formatNameKey(name));
      }),
      { numRuns: 500 },
    );
  });

  it('for any string either reads a name that writes back to itself, or throws FormatNameError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
          tokenStringArbitrary,
        ),
        (text) => {
          let name: FormatName;
          try {
            name = parseFormatName(text);
          } catch (error) {
            expect(FormatNameError.isInstance(error)).toBe(true);
            expect((error as FormatNameError).column).toBeGreaterThanOrEqual(1);
            expect((error as FormatNameError).column).toBeLessThanOrEqual(text.length + 1);
            return;
          }
          expect(parseFormatName(formatFormatName(name))).toEqual(name);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('reads a very long input quickly', () => {
    const started = performance.now();
    for (const text of [
      `DIRECT=OS:app01\\${'a'.repeat(1_000_000)}`,
      'a@'.repeat(100_000),
      `${'\\'.repeat(100_000)}`,
      `DIRECT=http://${'[:'.repeat(100_000)}`,
    ]) {
      expect(() => parseFormatName(text)).toThrow(FormatNameError);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('format-name TSDoc examples', () => {
  const examples = extractExamples(
    readFileSync(new URL('./format-name.ts', import.meta.url), 'utf8'),
  );

  it('has an example on every function, constant and the error class', () => {
    expect(examples.length).toBe(10);
  });

  it.each(examples.map((example) => [example.line, example] as const))(
    'example on line %i holds',
    (_line, example) => runExample(example, {}, { ...formatNameModule }),
  );
});

describe('names that are Object.prototype keys', () => {
  it('are plain names: queues and machines called constructor, __proto__, toString', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(parseFormatName(`DIRECT=OS:SERVER\\${name}`)).toEqual({
        kind: 'direct-os',
        machine: 'SERVER',
        queue: { private: false, name },
      });
      expect(parseFormatName(`DIRECT=OS:${name}\\private$\\q`)).toMatchObject({ machine: name });
    }
    // An address type named like a prototype key is an unknown one, not Object's.
    expect(() => parseFormatName('DIRECT=constructor:x\\q')).toThrow(/OS:, TCP:/);
  });
});
