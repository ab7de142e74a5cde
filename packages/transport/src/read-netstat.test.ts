import { readFileSync } from 'node:fs';
import { parseAddress } from '@mqsim/ip-address';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  connectionsTo,
  formatEndpoint,
  formatNetstat,
  isListeningOn,
  listenersOn,
  type NetstatEntry,
  type NetstatRow,
  readNetstat,
} from './index.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

const utf16le = (text: string) => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    bytes[2 + index * 2] = code & 0xff;
    bytes[3 + index * 2] = code >> 8;
  }
  return bytes;
};

// One table row per entry: [line, proto, local, foreign, state, pid, process, service].
const table = (rows: readonly NetstatEntry[]) =>
  rows.map((row) => [
    row.line,
    row.proto,
    row.local,
    row.foreign,
    row.state,
    row.pid,
    row.process,
    row.service,
  ]);

const toRow = (entry: NetstatEntry) => ({
  proto: entry.proto,
  local: entry.local,
  foreign: entry.foreign,
  state: entry.state,
  process: entry.process,
});

const endpointArbitrary = fc
  .tuple(
    fc.oneof(
      fc.ipV4(),
      fc.ipV6().map((address) => parseAddress(address).address),
      fc.constantFrom('0.0.0.0', '::', '::1', '127.0.0.1'),
    ),
    fc.integer({ min: 0, max: 65_535 }),
  )
  .map(([address, port]) => formatEndpoint(address, port));

const processArbitrary = fc.option(
  fc.stringMatching(/^[^\r\n\u2028\u2029]{1,40}$/).filter((name) => name.trim() === name),
  { nil: undefined },
);

const rowArbitrary: fc.Arbitrary<NetstatRow> = fc.record({
  proto: fc.constant('TCP' as const),
  local: endpointArbitrary,
  foreign: endpointArbitrary,
  state: fc.constantFrom(
    'LISTENING',
    'SYN_SENT',
    'SYN_RECEIVED',
    'ESTABLISHED',
    'FIN_WAIT_1',
    'LAST_ACK',
    'TIME_WAIT',
    'CLOSED',
  ),
  process: processArbitrary,
});

describe('readNetstat', () => {
  it('reads back every row formatNetstat writes, in text and as UTF-16LE with CRLF', () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 12 }), (rows) => {
        const text = formatNetstat(rows);
        for (const input of [text, utf16le(text.replaceAll('\n', '\r\n'))]) {
          const { value, problems } = readNetstat(input);
          expect(problems).toEqual([]);
          expect(value.rows.map(toRow)).toEqual(rows);
          // Each row takes two lines, but a TIME_WAIT row without an owner has no owner line.
          const lines: number[] = [];
          let next = 5;
          for (const row of rows) {
            lines.push(next);
            next += row.state === 'TIME_WAIT' && row.process === undefined ? 1 : 2;
          }
          expect(value.rows.map((row) => row.line)).toEqual(lines);
          expect(value.elevationRequired).toBeUndefined();
        }
      }),
    );
  });

  it('reads back -ano (with each PID) and -an as formatNetstat writes them', () => {
    const withPid = fc.record({
      row: rowArbitrary,
      pid: fc.integer({ min: 0, max: 99_999 }),
    });
    fc.assert(
      fc.property(fc.array(withPid, { maxLength: 12 }), (entries) => {
        const rows = entries.map(({ row, pid }) => ({ ...row, pid }));
        const ano = readNetstat(formatNetstat(rows, { owners: 'pids' }));
        expect(ano.problems).toEqual([]);
        expect(ano.value.rows.map((row) => [row.local, row.foreign, row.state, row.pid])).toEqual(
          rows.map((row) => [row.local, row.foreign, row.state, row.pid]),
        );
        const an = readNetstat(formatNetstat(rows, { owners: 'none' }));
        expect(an.problems).toEqual([]);
        expect(an.value.rows.map((row) => [row.local, row.state, row.pid, row.process])).toEqual(
          rows.map((row) => [row.local, row.state, undefined, undefined]),
        );
      }),
    );
  });

  it('parses each endpoint into its canonical address and port', () => {
    fc.assert(
      fc.property(rowArbitrary, (row) => {
        const [entry] = readNetstat(formatNetstat([row])).value.rows;
        const split = (text: string) => {
          const colon = text.lastIndexOf(':');
          return {
            address: text.slice(0, colon).replace(/^\[|\]$/g, ''),
            port: Number(text.slice(colon + 1)),
          };
        };
        for (const [endpoint, text] of [
          [entry?.localEndpoint, row.local],
          [entry?.foreignEndpoint, row.foreign],
        ] as const) {
          const { address, port } = split(text);
          expect(endpoint).toEqual({ ...parseAddress(address), port });
        }
      }),
    );
  });

  it('reads a real French netstat -anb saved by PowerShell (UTF-16LE, CRLF)', () => {
    const { value, problems } = readNetstat(fixture('netstat-anb-fr.utf16le.txt'));
    expect(problems).toEqual([]);
    expect(value.elevationRequired).toBeUndefined();
    const u = undefined;
    expect(table(value.rows)).toEqual([
      [5, 'TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', u, 'svchost.exe', 'RpcSs'],
      [8, 'TCP', '0.0.0.0:445', '0.0.0.0:0', 'LISTENING', u, u, u],
      [10, 'TCP', '0.0.0.0:5040', '0.0.0.0:0', 'LISTENING', u, 'svchost.exe', 'CDPSvc'],
      [13, 'TCP', '0.0.0.0:49664', '0.0.0.0:0', 'LISTENING', u, 'lsass.exe', u],
      [15, 'TCP', '10.3.1.1:139', '0.0.0.0:0', 'LISTENING', u, u, u],
      [
        17,
        'TCP',
        '10.33.51.143:51737',
        '20.199.120.151:443',
        'ESTABLISHED',
        u,
        'svchost.exe',
        'WpnService',
      ],
      [20, 'TCP', '10.33.51.143:59505', '20.199.120.182:443', 'ESTABLISHED', u, 'OneDrive.exe', u],
      [22, 'TCP', '10.33.51.143:60367', '104.115.83.91:443', 'LAST_ACK', u, 'SearchHost.exe', u],
      [24, 'TCP', '10.33.51.143:60742', '204.79.197.239:443', 'TIME_WAIT', u, u, u],
      [25, 'TCP', '10.33.51.143:60743', '204.79.197.239:443', 'TIME_WAIT', u, u, u],
      [
        26,
        'TCP',
        '10.33.51.143:60851',
        '20.54.232.160:443',
        'ESTABLISHED',
        u,
        'svchost.exe',
        'CDPUserSvc_1e10a891',
      ],
      [29, 'TCP', '10.33.51.143:60939', '52.97.135.50:443', 'SYN_SENT', u, 'SearchHost.exe', u],
      [31, 'TCP', '[::]:135', '[::]:0', 'LISTENING', u, 'svchost.exe', 'RpcSs'],
      [34, 'TCP', '[::]:445', '[::]:0', 'LISTENING', u, u, u],
      [36, 'TCP', '[::1]:49670', '[::]:0', 'LISTENING', u, 'jhi_service.exe', u],
      [38, 'UDP', '0.0.0.0:123', '*:*', u, u, 'svchost.exe', 'W32Time'],
      [41, 'UDP', '0.0.0.0:49195', '172.217.20.170:443', u, u, 'chrome.exe', u],
      [43, 'UDP', '10.3.1.1:137', '*:*', u, u, u, u],
      [45, 'UDP', '127.0.0.1:53623', '127.0.0.1:53623', u, u, 'svchost.exe', 'iphlpsvc'],
      [48, 'UDP', '[::]:5353', '*:*', u, u, 'chrome.exe', u],
      [50, 'UDP', '[fe80::1c1:6b45:9b7e:293a%9]:1900', '*:*', u, u, 'svchost.exe', 'SSDPSRV'],
      [53, 'UDP', '[fe80::bea3:6d81:698c:40d5%4]:49246', '*:*', u, u, 'svchost.exe', 'SSDPSRV'],
    ]);
    expect(value.rows[20]).toEqual({
      proto: 'UDP',
      local: '[fe80::1c1:6b45:9b7e:293a%9]:1900',
      foreign: '*:*',
      localEndpoint: { family: 'ipv6', address: 'fe80::1c1:6b45:9b7e:293a', port: 1900, zone: '9' },
      foreignEndpoint: undefined,
      state: undefined,
      process: 'svchost.exe',
      service: 'SSDPSRV',
      line: 50,
    });
    expect(value.rows[16]?.foreignEndpoint).toEqual({
      family: 'ipv4',
      address: '172.217.20.170',
      port: 443,
    });
    expect(listenersOn(value.rows, 135).map((row) => row.localEndpoint)).toEqual([
      { family: 'ipv4', address: '0.0.0.0', port: 135 },
      { family: 'ipv6', address: '::', port: 135 },
    ]);
  });

  it('reads a real German netstat -an saved by cmd in code page 850 (ABHÖREN as ABH™REN)', () => {
    const { value, problems } = readNetstat(fixture('netstat-an-de.cp850.txt'));
    expect(problems).toEqual([]);
    const u = undefined;
    expect(table(value.rows)).toEqual([
      [4, 'TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', u, u, u],
      [5, 'TCP', '0.0.0.0:445', '0.0.0.0:0', 'LISTENING', u, u, u],
      [6, 'TCP', '127.0.0.1:44080', '127.0.0.1:49918', 'ESTABLISHED', u, u, u],
      [7, 'TCP', '127.0.0.1:44080', '127.0.0.1:51244', 'FIN_WAIT_2', u, u, u],
      [8, 'TCP', '127.0.0.1:49186', '0.0.0.0:0', 'LISTENING', u, u, u],
      [9, 'TCP', '127.0.0.1:49186', '127.0.0.1:49273', 'CLOSE_WAIT', u, u, u],
      [10, 'TCP', '127.0.0.1:51231', '127.0.0.1:44080', 'TIME_WAIT', u, u, u],
      [11, 'TCP', '172.17.67.120:139', '0.0.0.0:0', 'LISTENING', u, u, u],
      [12, 'TCP', '172.17.67.120:49293', '192.168.121.7:80', 'ESTABLISHED', u, u, u],
      [13, 'TCP', '172.17.67.120:49842', '18.184.173.70:443', 'CLOSE_WAIT', u, u, u],
      [14, 'TCP', '172.17.67.120:51232', '192.168.121.20:8080', 'TIME_WAIT', u, u, u],
      [15, 'TCP', '[::]:135', '[::]:0', 'LISTENING', u, u, u],
      [16, 'TCP', '[::]:3389', '[::]:0', 'LISTENING', u, u, u],
      [17, 'TCP', '[::1]:22350', '[::1]:49370', 'ESTABLISHED', u, u, u],
      [18, 'UDP', '0.0.0.0:123', '*:*', u, u, u, u],
      [19, 'UDP', '0.0.0.0:500', '*:*', u, u, u, u],
    ]);
  });

  it('reads netstat -ano rows with a PID, also where the header has no PID column', () => {
    // Published French `netstat -ano` and `-abo` captures have no "PID" in the header, yet a PID on
    // every row; a UDP row's PID stands under the PID column after an empty state column.
    const text = [
      'Connexions actives',
      '',
      '  Proto  Adresse locale         Adresse distante       État',
      '  TCP    0.0.0.0:1801           0.0.0.0:0              LISTENING       2412',
      '  TCP    10.0.0.5:49152         10.0.0.20:1801         TIME_WAIT       0',
      '  UDP    [::1]:62261            *:*                                    1036',
    ].join('\r\n');
    const { value, problems } = readNetstat(text);
    expect(problems).toEqual([]);
    expect(value.rows.map((row) => [row.proto, row.state, row.pid])).toEqual([
      ['TCP', 'LISTENING', 2412],
      ['TCP', 'TIME_WAIT', 0],
      ['UDP', undefined, 1036],
    ]);
  });

  it('reads the English -abno shape: service line, owner, no ownership information', () => {
    const text = [
      '',
      'Active Connections',
      '',
      '  Proto  Local Address          Foreign Address        State           PID',
      '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       924',
      '  RpcSs',
      ' [svchost.exe]',
      '  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4',
      ' Can not obtain ownership information',
      '  TCP    10.0.0.20:1801         10.0.0.5:49152         ESTABLISHED     2412',
      ' [mqsvc.exe]',
    ].join('\r\n');
    const { value, problems } = readNetstat(text);
    expect(problems).toEqual([]);
    expect(table(value.rows)).toEqual([
      [5, 'TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 924, 'svchost.exe', 'RpcSs'],
      [8, 'TCP', '0.0.0.0:445', '0.0.0.0:0', 'LISTENING', 4, undefined, undefined],
      [10, 'TCP', '10.0.0.20:1801', '10.0.0.5:49152', 'ESTABLISHED', 2412, 'mqsvc.exe', undefined],
    ]);
  });

  it('flags netstat -b run without administrator rights, in English, German and French', () => {
    for (const message of [
      'The requested operation requires elevation.',
      'Der angeforderte Vorgang erfordert erhöhte Rechte.',
      'L’opération demandée nécessite une élévation.',
    ]) {
      expect(readNetstat(`${message}\r\n`)).toEqual({
        value: { rows: [], elevationRequired: { line: 1, text: message } },
        problems: [],
      });
    }
  });

  it('reports each line it cannot place with line and column, and reads the rest', () => {
    const text = [
      'PS C:\\> netstat -ab',
      '',
      'Active Connections',
      '',
      '  Proto  Local Address          Foreign Address        State',
      '  TCP    0.0.0.0:135            orion:0                LISTENING',
      '  RpcEptMapper',
      ' [svchost.exe]',
      '  TCP    0.0.0.0:1801           0.0.0.0:0              LISTEN',
      '  TCP    0.0.0.0:1801           0.0.0.0:0',
      '  TCP    0.0.0.0:99999          0.0.0.0:0              LISTENING',
      '  TCP    [fe80::1%4]:1801       [::]:0                 LISTENING       12ab',
      '  UDP    0.0.0.0:1801           *:*                                    7   8',
      '  TCP    [::]:1801              [::]:0                 LISTENING',
      ' [mqsvc.exe]',
      ' [stray.exe]',
      '  TCP    ::1:1801               [::]:0                 LISTENING',
    ].join('\n');
    const { value, problems } = readNetstat(text);
    expect(value.rows.map((row) => [row.line, row.local, row.process])).toEqual([
      [14, '[::]:1801', 'mqsvc.exe'],
    ]);
    const hint = ' (like 10.0.0.5:1801 or [fe80::1%4]:1801; collect netstat with -n)';
    expect(problems.map(({ line, column, message }) => [line, column, message])).toEqual([
      [1, 1, "expected a TCP or UDP row, the 'Active Connections' banner or the 'Proto' header"],
      [6, 33, `foreign address: 'orion:0' is not an address:port in numbers${hint}`],
      [
        9,
        56,
        "'LISTEN' is not a TCP state netstat prints; expected one of CLOSED, LISTENING, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, DELETE_TCB, BOUND (or German ABHÖREN, HERGESTELLT, WARTEND, SCHLIESSEN_WARTEN, SYN_GESENDET, FIN_WARTEN_1, FIN_WARTEN_2)",
      ],
      [10, 42, 'expected a TCP state such as LISTENING or ESTABLISHED after the foreign address'],
      [
        11,
        10,
        `local address: '0.0.0.0:99999' is not an address:port in numbers: port 99999 is above 65535`,
      ],
      [12, 72, 'expected the process id (a number) after the state, or the end of the line'],
      [13, 76, 'expected the end of the line after the process id'],
      [
        16,
        2,
        'a program name in brackets must follow a TCP or UDP row (netstat -b prints it below the row it owns)',
      ],
      [17, 10, `local address: '::1:1801' is not an address:port in numbers${hint}`],
    ]);
    expect(problems[1]?.text).toBe(
      '  TCP    0.0.0.0:135            orion:0                LISTENING',
    );
  });

  it('reads a file cut off in the middle of a row up to the cut', () => {
    const text = formatNetstat([
      {
        proto: 'TCP',
        local: '10.0.0.20:1801',
        foreign: '0.0.0.0:0',
        state: 'LISTENING',
        process: 'mqsvc.exe',
      },
      {
        proto: 'TCP',
        local: '10.0.0.20:1801',
        foreign: '10.0.0.5:49152',
        state: 'ESTABLISHED',
        process: 'mqsvc.exe',
      },
    ]);
    const cut = text.slice(0, text.indexOf('10.0.0.5:49') + 11);
    const { value, problems } = readNetstat(cut);
    expect(value.rows.map((row) => row.line)).toEqual([5]);
    expect(problems).toEqual([
      {
        line: 7,
        column: 44,
        message: 'expected a TCP state such as LISTENING or ESTABLISHED after the foreign address',
        text: '  TCP    10.0.0.20:1801         10.0.0.5:49',
      },
    ]);
  });

  it('never throws, on any text or bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const { problems } = readNetstat(text);
        for (const problem of problems) expect(problem.column).toBeGreaterThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        readNetstat(bytes);
      }),
    );
    const garbage = new Uint8Array(64 * 1024).map((_, index) => (index * 7919) % 256);
    expect(readNetstat(garbage).value.rows).toEqual([]);
  });

  it('reads a 1 MB line in linear time', () => {
    for (const line of [
      `  TCP    ${'1'.repeat(1_000_000)}`,
      `  TCP    0.0.0.0:1801 0.0.0.0:0 LISTENING ${' 7'.repeat(500_000)}`,
      ` [${']  '.repeat(330_000)}`,
      `  ${'a'.repeat(1_000_000)}`,
    ]) {
      const started = performance.now();
      const { problems } = readNetstat(
        `  TCP    0.0.0.0:1801           0.0.0.0:0              LISTENING\n${line}\n`,
      );
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(problems.length).toBeLessThanOrEqual(1);
    }
  });
});

describe('listenersOn, isListeningOn, connectionsTo', () => {
  // The receiver of the renumbering incident: MSMQ still listens on the address it had at start.
  const { rows } = readNetstat(
    formatNetstat([
      {
        proto: 'TCP',
        local: '0.0.0.0:135',
        foreign: '0.0.0.0:0',
        state: 'LISTENING',
        process: 'svchost.exe',
      },
      {
        proto: 'TCP',
        local: '203.0.113.10:1801',
        foreign: '0.0.0.0:0',
        state: 'LISTENING',
        process: 'mqsvc.exe',
      },
      {
        proto: 'TCP',
        local: '10.0.0.20:49152',
        foreign: '10.0.0.3:1801',
        state: 'SYN_SENT',
        process: 'mqsvc.exe',
      },
      {
        proto: 'TCP',
        local: '10.0.0.20:49153',
        foreign: '10.0.0.4:1801',
        state: 'ESTABLISHED',
        process: 'mqsvc.exe',
      },
      {
        proto: 'TCP',
        local: '[::]:1801',
        foreign: '[::]:0',
        state: 'LISTENING',
        process: 'mqsvc.exe',
      },
    ]),
  ).value;

  it('lists the addresses a port listens on', () => {
    expect(listenersOn(rows, 1801).map((row) => [row.local, row.process, row.line])).toEqual([
      ['203.0.113.10:1801', 'mqsvc.exe', 7],
      ['[::]:1801', 'mqsvc.exe', 13],
    ]);
  });

  it('tells whether a connection to an address and port finds a listener', () => {
    expect(isListeningOn(rows, '10.0.0.20', 1801)).toBe(false);
    expect(isListeningOn(rows, '203.0.113.10', 1801)).toBe(true);
    expect(isListeningOn(rows, '10.0.0.20', 135)).toBe(true);
    expect(isListeningOn(rows, '2001:DB8::20', 1801)).toBe(true);
    expect(isListeningOn(rows, 'app01', 1801)).toBe(false);
  });

  it('lists the connections to a port, optionally in some states only', () => {
    expect(connectionsTo(rows, 1801).map((row) => [row.foreign, row.state])).toEqual([
      ['10.0.0.3:1801', 'SYN_SENT'],
      ['10.0.0.4:1801', 'ESTABLISHED'],
    ]);
    expect(connectionsTo(rows, 1801, ['SYN_SENT']).map((row) => row.foreign)).toEqual([
      '10.0.0.3:1801',
    ]);
    expect(connectionsTo(rows, 135)).toEqual([]);
  });
});
