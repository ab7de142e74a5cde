import type { WorldHost } from '@mqsim/engine';
import { formatIpconfig, type IpconfigReport } from '@mqsim/name-cache';
import { formatNetstat } from '@mqsim/transport';
import { expectAtMost, pickWord, quoteWord } from './shell-arguments.js';
import type { ShellCommand, ShellContext } from './shell-context.js';
import { ShellUsageError } from './shell-errors.js';

const IPCONFIG_OPTIONS = ['/all', '/displaydns', '/flushdns'] as const;

/** `ipconfig`, `ipconfig /all`, `ipconfig /displaydns`, `ipconfig /flushdns`. */
export const ipconfigCommand: ShellCommand = {
  name: 'ipconfig',
  forms: [
    {
      usage: 'ipconfig [/all]',
      summary: "this machine's adapters and their IPv4/IPv6 addresses now",
    },
    {
      usage: 'ipconfig /displaydns',
      summary: "what the Windows DNS Client cache holds (not MSMQ's own name cache)",
    },
    {
      usage: 'ipconfig /flushdns',
      summary: "empty the DNS Client cache (MSMQ's own name cache keeps its answers)",
    },
  ],
  examples: ['ipconfig', 'ipconfig /flushdns', 'ipconfig /displaydns'],
  run(args, context) {
    expectAtMost(args, 1, 'ipconfig [/all | /displaydns | /flushdns]');
    const option =
      args[0] === undefined ? undefined : pickWord('ipconfig option', args[0], IPCONFIG_OPTIONS);
    const host = context.host;
    switch (option) {
      case undefined:
      case '/all':
        return ipconfigText(context, host, option === '/all');
      case '/displaydns':
        return host.os.displayDns().replace(/\r\n/g, '\n');
      case '/flushdns':
        context.record('ipconfig /flushdns', { do: 'flushdns', host: host.spec.name });
        host.os.flush();
        return '\nWindows IP Configuration\n\nSuccessfully flushed the DNS Resolver Cache.';
    }
  },
  complete: (args) => (args.length === 0 ? IPCONFIG_OPTIONS : []),
};

/**
 * What `ipconfig` shows for the current machine. The scenario gives addresses without prefixes
 * or gateways, so two things are assumed and said here: IPv4 addresses are shown on a /24
 * (255.255.255.0), and a segment joined to a router or a NAT has its gateway at the .1 of that
 * /24 (none otherwise). Physical addresses are made up (Hyper-V's 00-15-5D prefix), stable per
 * machine and adapter.
 */
function ipconfigText(context: ShellContext, host: WorldHost, all: boolean): string {
  const { network, scenario } = context.world;
  const name = host.spec.name;
  const suffix = host.spec.domain ?? '';
  const addresses = network.addresses(name);
  const adapters = [
    ...new Set([
      ...host.spec.interfaces.map((entry) => entry.name),
      ...addresses.map((entry) => entry.interface),
    ]),
  ];
  const server =
    scenario.dns.server === undefined
      ? undefined
      : network.addresses(scenario.dns.server)[0]?.address;
  const segmentOf = (adapter: string) =>
    host.spec.interfaces.find((entry) => entry.name === adapter)?.network;
  const routed = (segment: string | undefined) =>
    segment !== undefined &&
    (scenario.routers.some((router) => router.networks.includes(segment)) ||
      scenario.nats.some((nat) => nat.inside === segment || nat.outside === segment));
  const report: IpconfigReport = {
    hostName: name,
    primaryDnsSuffix: suffix,
    dnsSuffixSearchList: host.spec.dnsClient.suffixSearchList,
    fields: [
      { label: 'Node Type', values: ['Hybrid'] },
      { label: 'IP Routing Enabled', values: ['No'] },
      { label: 'WINS Proxy Enabled', values: ['No'] },
    ],
    adapters: adapters.map((adapter) => {
      const own = addresses.filter((address) => address.interface === adapter);
      const firstV4 = own.find((entry) => entry.family !== 'ipv6')?.address;
      return {
        kind: 'Ethernet',
        name: adapter,
        mediaDisconnected: false,
        connectionSuffix: suffix,
        description: 'Microsoft Hyper-V Network Adapter',
        physicalAddress: physicalAddress(name, adapter),
        dhcpEnabled: false,
        addresses: own.map((entry) => ({
          kind: entry.family === 'ipv6' ? 'ipv6' : 'ipv4',
          address: entry.address,
          zone: undefined,
          state: 'preferred',
          subnetMask: entry.family === 'ipv6' ? undefined : '255.255.255.0',
        })),
        leaseObtained: undefined,
        leaseExpires: undefined,
        defaultGateways:
          firstV4 !== undefined && routed(segmentOf(adapter))
            ? [firstV4.replace(/\.\d+$/, '.1')]
            : [],
        dhcpServer: undefined,
        dnsServers: server === undefined ? [] : [server],
        fields: [
          { label: 'Autoconfiguration Enabled', values: ['Yes'] },
          { label: 'NetBIOS over Tcpip', values: ['Enabled'] },
        ],
      };
    }),
  };
  return formatIpconfig(report, { all }).replace(/\r\n/g, '\n').replace(/\n$/, '');
}

/** FNV-1a of `text`: a made-up identifier that is the same on every run and machine. */
function stableHash(text: string): number {
  let hash = 2166136261;
  for (const char of text) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

/** `00-15-5D-1A-2B-3C`: a made-up MAC, the same for a machine and adapter every time. */
function physicalAddress(host: string, adapter: string): string {
  const hash = stableHash(`${host.toLowerCase()}\u0000${adapter}`);
  const bytes = [0x00, 0x15, 0x5d, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff];
  return bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('-');
}

const NETSTAT_FORMS = ['-anb', '-ano', '-an'] as const;

/**
 * A process id for an owning program, stable for a machine and program as on a real machine
 * between restarts of nothing: System is 4, TIME_WAIT rows 0, others a multiple of 4 (as
 * Windows hands them out) derived from the names.
 */
function pidOf(host: string, process: string | undefined, state: string | undefined): number {
  if (state === 'TIME_WAIT') return 0;
  if (process === undefined) return 4;
  return 1000 + (stableHash(`${host.toLowerCase()}\u0000${process.toLowerCase()}`) % 2000) * 4;
}

/** `netstat -anb`, `-ano`, `-an`: TCP connections and listeners, with their programs or PIDs. */
export const netstatCommand: ShellCommand = {
  name: 'netstat',
  forms: [
    {
      usage: 'netstat -anb',
      summary: 'TCP listeners and connections with their programs (mqsvc.exe on port 1801)',
    },
    { usage: 'netstat -ano', summary: 'the same with the owning process id (PID) column' },
    { usage: 'netstat -an', summary: 'the same without owners' },
  ],
  examples: ['netstat -anb', 'netstat -ano | findstr 1801'],
  run(args, context) {
    const letters = args.map((arg) =>
      /^[-/][a-z]+$/i.test(arg) ? arg.slice(1).toLowerCase() : undefined,
    );
    const flags = new Set(letters.join('').split(''));
    const known =
      letters.every((letter) => letter !== undefined) && flags.has('a') && flags.has('n');
    const extra = [...flags].filter((flag) => !'anbo'.includes(flag));
    if (!known || extra.length > 0 || (flags.has('b') && flags.has('o'))) {
      const given = args.join(' ');
      throw new ShellUsageError(
        `netstat ${given === '' ? 'needs options' : `${quoteWord(given)} is not supported`}; the shell has netstat -anb (with the owning program), -ano (with its PID) and -an`,
        { value: given, allowed: NETSTAT_FORMS.join(', ') },
      );
    }
    const name = context.host.spec.name;
    const rows = context.world.network.netstat(name);
    if (flags.has('o'))
      return formatNetstat(
        rows.map((row) => ({ ...row, pid: pidOf(name, row.process, row.state) })),
        { owners: 'pids' },
      );
    return formatNetstat(rows, { owners: flags.has('b') ? 'programs' : 'none' });
  },
  complete: (args) => (args.length === 0 ? NETSTAT_FORMS : []),
};
