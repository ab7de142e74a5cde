import { readFileSync } from 'node:fs';
import { toCommandOutputText } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatIpconfig,
  type IpconfigAdapter,
  type IpconfigAddress,
  type IpconfigReport,
  readIpconfig,
} from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
const ipv4 = fc.ipV4();
const ipv6 = fc.constantFrom(
  '2001:db8::20',
  'fe80::99d0:ec2d:b2e7:536b',
  'fd7a:115c:a1e0::1',
  '::1',
);
const state = fc.constantFrom('preferred', 'deprecated', 'tentative', 'duplicate', undefined);
const address: fc.Arbitrary<IpconfigAddress> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('ipv4' as const, 'autoconfiguration-ipv4' as const),
    address: ipv4,
    zone: fc.constant(undefined),
    state,
    subnetMask: fc.option(fc.constantFrom('255.255.255.0', '255.255.0.0'), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constantFrom('ipv6' as const, 'temporary-ipv6' as const, 'link-local-ipv6' as const),
    address: ipv6,
    zone: fc.option(fc.constantFrom('8', '16'), { nil: undefined }),
    state,
    subnetMask: fc.constant(undefined),
  }),
);
const text = fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,.#()-]{0,30}[A-Za-z0-9]$/), {
  nil: undefined,
});
const field = fc.record({
  label: fc.constantFrom(
    'Autoconfiguration Enabled',
    'NetBIOS over Tcpip',
    'DHCPv6 IAID',
    'Node Type',
  ),
  values: fc.array(word, { maxLength: 2 }),
});
const adapter: fc.Arbitrary<IpconfigAdapter> = fc.record({
  kind: fc.constantFrom('Ethernet', 'Wireless LAN', 'Tunnel', 'Unknown'),
  name: fc.constantFrom('Ethernet0', 'Local Area Connection* 9', 'isatap.{17A4D79E}', 'Wi-Fi'),
  mediaDisconnected: fc.boolean(),
  connectionSuffix: fc.option(fc.constantFrom('', 'corp.example'), { nil: undefined }),
  description: text,
  physicalAddress: fc.option(fc.constant('00-0C-29-D6-12-2E'), { nil: undefined }),
  dhcpEnabled: fc.option(fc.boolean(), { nil: undefined }),
  addresses: fc.array(address, { maxLength: 4 }),
  leaseObtained: fc.option(fc.constant('Thursday, June 22, 2023 10:39:04 AM'), { nil: undefined }),
  leaseExpires: fc.option(fc.constant('Montag, 23. September 2024 02:31:46'), { nil: undefined }),
  defaultGateways: fc.array(fc.oneof(ipv4, fc.constant('fe80::1%12')), { maxLength: 2 }),
  dhcpServer: fc.option(ipv4, { nil: undefined }),
  dnsServers: fc.array(fc.oneof(ipv4, fc.constant('fec0:0:0:ffff::1%1')), { maxLength: 3 }),
  fields: fc.array(field, { maxLength: 2 }),
});
const report: fc.Arbitrary<IpconfigReport> = fc.record({
  hostName: fc.option(word, { nil: undefined }),
  primaryDnsSuffix: fc.option(fc.constantFrom('', 'corp.example'), { nil: undefined }),
  dnsSuffixSearchList: fc.array(fc.constantFrom('corp.example', 'tail0a1b2.ts.net'), {
    maxLength: 2,
  }),
  adapters: fc.array(adapter, { maxLength: 3 }),
  fields: fc.array(field, { maxLength: 2 }),
});

// What plain `ipconfig` shows of a report: no machine-wide lines, no states, no /all-only lines.
function plain(value: IpconfigReport): IpconfigReport {
  return {
    hostName: undefined,
    primaryDnsSuffix: undefined,
    dnsSuffixSearchList: [],
    fields: [],
    adapters: value.adapters.map((entry) => ({
      ...entry,
      description: undefined,
      physicalAddress: undefined,
      dhcpEnabled: undefined,
      addresses: entry.addresses.map((one) => ({ ...one, state: undefined })),
      leaseObtained: undefined,
      leaseExpires: undefined,
      dhcpServer: undefined,
      dnsServers: [],
      fields: [],
    })),
  };
}

// `/all` prints an adapter's other lines where Windows does: Autoconfiguration Enabled after DHCP
// Enabled, the DHCPv6 lines before DNS Servers, the rest after; so they read back in that order.
function inWindowsOrder(value: IpconfigReport): IpconfigReport {
  const place = (label: string) =>
    label === 'Autoconfiguration Enabled' ? 0 : label.startsWith('DHCPv6') ? 1 : 2;
  return {
    ...value,
    adapters: value.adapters.map((entry) => ({
      ...entry,
      fields: entry.fields
        .map((one, index) => ({ one, index }))
        .sort((a, b) => place(a.one.label) - place(b.one.label) || a.index - b.index)
        .map(({ one }) => one),
    })),
  };
}

const adapterDefaults: IpconfigAdapter = {
  kind: 'Ethernet',
  name: '',
  mediaDisconnected: false,
  connectionSuffix: undefined,
  description: undefined,
  physicalAddress: undefined,
  dhcpEnabled: undefined,
  addresses: [],
  leaseObtained: undefined,
  leaseExpires: undefined,
  defaultGateways: [],
  dhcpServer: undefined,
  dnsServers: [],
  fields: [],
};
const v4 = (
  address: string,
  subnetMask: string | undefined,
  state?: 'preferred',
): IpconfigAddress => ({
  kind: 'ipv4',
  address,
  zone: undefined,
  state,
  subnetMask,
});

describe('readIpconfig', () => {
  it('reads back what formatIpconfig writes, with /all and without', () => {
    fc.assert(
      fc.property(report, (value) => {
        expect(readIpconfig(formatIpconfig(value, { all: true }))).toEqual({
          value: inWindowsOrder(value),
          problems: [],
        });
        expect(readIpconfig(formatIpconfig(value))).toEqual({ value: plain(value), problems: [] });
      }),
    );
  });

  it('never throws, on any text or bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array()), (input) => {
        readIpconfig(input);
      }),
    );
  });

  it('reads ipconfig /all of Windows 10 saved by PowerShell (UTF-16LE with BOM)', () => {
    const { value, problems } = readIpconfig(fixture('ipconfig-all-windows10.txt'));
    expect(problems).toEqual([]);
    expect(value).toEqual({
      hostName: 'APP02',
      primaryDnsSuffix: '',
      dnsSuffixSearchList: ['tail0a1b2.ts.net', 'corp.example'],
      fields: [
        { label: 'Node Type', values: ['Hybrid'] },
        { label: 'IP Routing Enabled', values: ['No'] },
        { label: 'WINS Proxy Enabled', values: ['No'] },
      ],
      adapters: [
        {
          ...adapterDefaults,
          kind: 'Unknown',
          name: 'Tailscale',
          connectionSuffix: 'tail0a1b2.ts.net',
          description: 'Tailscale Tunnel',
          physicalAddress: '',
          dhcpEnabled: false,
          addresses: [
            {
              kind: 'ipv6',
              address: 'fd7a:115c:a1e0:ab12:4843:cd96:6293:47b2',
              zone: undefined,
              state: 'preferred',
              subnetMask: undefined,
            },
            {
              kind: 'link-local-ipv6',
              address: 'fe80::99d0:ec2d:b2e7:536b',
              zone: '8',
              state: 'preferred',
              subnetMask: undefined,
            },
            v4('100.115.71.66', '255.255.255.255', 'preferred'),
          ],
          dnsServers: ['fec0:0:0:ffff::1%1', 'fec0:0:0:ffff::2%1', 'fec0:0:0:ffff::3%1'],
          fields: [
            { label: 'Autoconfiguration Enabled', values: ['Yes'] },
            { label: 'NetBIOS over Tcpip', values: ['Enabled'] },
            { label: 'Connection-specific DNS Suffix Search List', values: ['tail0a1b2.ts.net'] },
          ],
        },
        {
          ...adapterDefaults,
          name: 'Ethernet 2',
          connectionSuffix: 'corp.example',
          description: 'ASIX AX88179 USB 3.0 to Gigabit Ethernet Adapter #2',
          physicalAddress: '02-00-5E-10-00-21',
          dhcpEnabled: true,
          addresses: [
            {
              kind: 'link-local-ipv6',
              address: 'fe80::c936:c2db:79ad:e1c6',
              zone: '16',
              state: 'preferred',
              subnetMask: undefined,
            },
            v4('10.0.0.21', '255.255.255.0', 'preferred'),
          ],
          leaseObtained: 'Thursday, June 22, 2023 10:39:04 AM',
          leaseExpires: 'Monday, September 23, 2024 2:31:46 AM',
          defaultGateways: ['10.0.0.1'],
          dhcpServer: '10.0.0.1',
          dnsServers: ['10.0.0.2'],
          fields: [
            { label: 'Autoconfiguration Enabled', values: ['Yes'] },
            { label: 'DHCPv6 IAID', values: ['351866565'] },
            { label: 'DHCPv6 Client DUID', values: ['00-01-00-01-2A-15-C3-11-1C-D3-05-F1-58-E1'] },
            { label: 'NetBIOS over Tcpip', values: ['Enabled'] },
          ],
        },
        {
          ...adapterDefaults,
          name: 'Bluetooth Network Connection',
          mediaDisconnected: true,
          connectionSuffix: '',
          description: 'Bluetooth Device (Personal Area Network)',
          physicalAddress: '02-00-5E-10-00-22',
          dhcpEnabled: true,
          fields: [{ label: 'Autoconfiguration Enabled', values: ['Yes'] }],
        },
      ],
    });
  });

  it('reads Server 2016 with a disconnected tunnel adapter', () => {
    const { value, problems } = readIpconfig(fixture('ipconfig-all-server2016.txt'));
    expect(problems).toEqual([]);
    expect(
      value.adapters.map((entry) => [entry.kind, entry.name, entry.mediaDisconnected]),
    ).toEqual([
      ['Ethernet', 'Ethernet0', false],
      ['Tunnel', 'isatap.{17A4D79E-85D7-47FC-8972-ABBD8B58DC71}', true],
    ]);
    expect(value.adapters[0]?.addresses).toEqual([
      {
        kind: 'link-local-ipv6',
        address: 'fe80::40c:2f5f:6658:9ec3',
        zone: '2',
        state: 'preferred',
        subnetMask: undefined,
      },
      v4('10.0.0.5', '255.255.255.0', 'preferred'),
    ]);
    expect(value.adapters[0]?.dnsServers).toEqual(['10.0.0.2']);
  });

  it('reads Windows XP, whose IPv4 line says "IP Address" and whose leases come last', () => {
    const { value, problems } = readIpconfig(fixture('ipconfig-all-windows-xp.txt'));
    expect(problems).toEqual([]);
    expect(value.adapters[0]).toEqual({
      ...adapterDefaults,
      name: 'Local Area Connection',
      connectionSuffix: '',
      description: 'Intel(R) PRO/1000 MT Network Connection',
      physicalAddress: '00-0C-29-00-00-35',
      dhcpEnabled: true,
      addresses: [v4('10.0.0.35', '255.255.255.0')],
      defaultGateways: ['10.0.0.1'],
      dhcpServer: '10.0.0.1',
      dnsServers: ['10.0.0.2'],
      leaseObtained: 'Saturday, September 21, 2024 10:31:26 PM',
      leaseExpires: 'Sunday, September 22, 2024 10:31:26 PM',
      fields: [{ label: 'Autoconfiguration Enabled', values: ['Yes'] }],
    });
  });

  it('reads German ipconfig saved by cmd.exe (code page 850)', () => {
    const { value, problems } = readIpconfig(fixture('ipconfig-de.txt'));
    expect(problems).toEqual([]);
    expect(value).toEqual({
      hostName: undefined,
      primaryDnsSuffix: undefined,
      dnsSuffixSearchList: [],
      fields: [],
      adapters: [
        { ...adapterDefaults, name: 'Ethernet', mediaDisconnected: true, connectionSuffix: '' },
        {
          ...adapterDefaults,
          kind: 'Wireless LAN',
          name: 'WLAN',
          connectionSuffix: 'corp.example',
          addresses: [
            {
              kind: 'link-local-ipv6',
              address: 'fe80::18bb:ecc9:8bc3:931a',
              zone: '18',
              state: undefined,
              subnetMask: undefined,
            },
            v4('10.0.0.149', '255.255.255.0'),
          ],
          defaultGateways: ['10.0.0.1'],
        },
        {
          ...adapterDefaults,
          kind: 'Tunnel',
          name: 'isatap.{5E99D55C-CB2B-420C-A7F6-9B5C6EFA2447}',
          mediaDisconnected: true,
          connectionSuffix: '',
        },
      ],
    });
  });

  it('reads German labels with umlauts, in cp850 bytes and as text, and (Bevorzugt)', () => {
    const text = [
      'Windows-IP-Konfiguration',
      '   Primäres DNS-Suffix . . . . . . . : corp.example',
      'Ethernet-Adapter Ethernet:',
      '   IPv4-Adresse  . . . . . . . . . . : 10.0.0.5(Bevorzugt)',
      '   Lease läuft ab. . . . . . . . . . : Mittwoch, 23. September 2026 08:12:04',
    ].join('\r\n');
    const cp850 = Uint8Array.from(
      [...text].map((char) => (char === 'ä' ? 0x84 : char.charCodeAt(0))),
    );
    for (const input of [text, cp850]) {
      const { value, problems } = readIpconfig(input);
      expect(problems).toEqual([]);
      expect(value.primaryDnsSuffix).toBe('corp.example');
      expect(value.adapters[0]?.addresses).toEqual([v4('10.0.0.5', undefined, 'preferred')]);
      expect(value.adapters[0]?.leaseExpires).toBe('Mittwoch, 23. September 2026 08:12:04');
    }
  });

  it('reports what it cannot place, with line and column, and reads on', () => {
    const { value, problems } = readIpconfig(
      [
        'C:\\>ipconfig',
        'Ethernet adapter Ethernet0:',
        '   IPv4 Address. . . . . . . . . . . : 10.0.0.300',
        '   IPv6 Address. . . . . . . . . . . : 2001:db8::1(Weird)',
        '   just some words',
        '                                       10.0.0.9',
        '   Default Gateway . . . . . . . . . : 10.0.0.1',
      ].join('\n'),
    );
    expect(value.adapters[0]?.defaultGateways).toEqual(['10.0.0.1']);
    expect(value.adapters[0]?.addresses.map((entry) => entry.address)).toEqual(['2001:db8::1']);
    expect(problems.map(({ line, column }) => [line, column])).toEqual([
      [1, 1],
      [3, 40],
      [4, 51],
      [5, 4],
      [6, 40],
    ]);
  });

  it('survives truncation, binary garbage and a line of 1 MB', () => {
    const whole = fixture('ipconfig-all-server2016.txt').toString('latin1');
    const cut = readIpconfig(whole.slice(0, whole.indexOf('Subnet Mask') + 5));
    expect(cut.value.adapters[0]?.addresses.map((entry) => entry.address)).toEqual([
      'fe80::40c:2f5f:6658:9ec3',
      '10.0.0.5',
    ]);
    expect(cut.problems.map((problem) => problem.line)).toEqual([20]);
    expect(
      readIpconfig(Uint8Array.from({ length: 4096 }, (_, index) => (index * 97) % 256)).value
        .adapters,
    ).toEqual([]);
    const started = performance.now();
    const long = readIpconfig(
      `   Host Name . . . : ${'x'.repeat(1 << 20)}\r\n${'a'.repeat(1 << 20)}`,
    );
    expect(long.value.hostName?.length).toBe(1 << 20);
    expect(long.problems).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('formatIpconfig', () => {
  // The layout is checked against real captures (see __fixtures__/PROVENANCE.md), not against the
  // reader: blank lines, dot leaders, the space after `(Preferred)` and after an empty value, the
  // empty `Default Gateway` line, where Autoconfiguration Enabled and the DHCPv6 lines go, and the
  // suffix search list whose values all sit on continuation lines.
  it.each(['ipconfig-all-windows10.txt', 'ipconfig-all-server2016.txt'])(
    'writes what it reads of %s back byte for byte, as Windows printed it',
    (name) => {
      const bytes = fixture(name);
      const real = toCommandOutputText(bytes);
      expect(formatIpconfig(readIpconfig(bytes).value, { all: true })).toBe(real);
    },
  );

  it('writes plain ipconfig with two blank lines after the banner and the empty gateway line', () => {
    const text = formatIpconfig({
      hostName: undefined,
      primaryDnsSuffix: undefined,
      dnsSuffixSearchList: [],
      fields: [],
      adapters: [
        {
          ...adapterDefaults,
          name: 'Ethernet0',
          connectionSuffix: '',
          addresses: [v4('10.0.0.5', '255.255.255.0')],
        },
      ],
    });
    expect(text.split('\r\n')).toEqual([
      '',
      'Windows IP Configuration',
      '',
      '',
      'Ethernet adapter Ethernet0:',
      '',
      '   Connection-specific DNS Suffix  . : ',
      '   IPv4 Address. . . . . . . . . . . : 10.0.0.5',
      '   Subnet Mask . . . . . . . . . . . : 255.255.255.0',
      '   Default Gateway . . . . . . . . . : ',
      '',
    ]);
  });
});
