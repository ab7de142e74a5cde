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
        context.record('ipconfig /flushdns');
        host.os.flush();
        return '\nWindows IP Configuration\n\nSuccessfully flushed the DNS Resolver Cache.';
    }
  },
  complete: (args) => (args.length === 0 ? IPCONFIG_OPTIONS : []),
};

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
  const report: IpconfigReport = {
    hostName: name,
    primaryDnsSuffix: suffix,
    dnsSuffixSearchList: [],
    fields: [],
    adapters: adapters.map((adapter) => ({
      kind: 'Ethernet',
      name: adapter,
      mediaDisconnected: false,
      connectionSuffix: suffix,
      description: undefined,
      physicalAddress: undefined,
      dhcpEnabled: undefined,
      addresses: addresses
        .filter((address) => address.interface === adapter)
        .map((entry) => ({
          kind: entry.family === 'ipv6' ? 'ipv6' : 'ipv4',
          address: entry.address,
          zone: undefined,
          state: 'preferred',
          subnetMask: undefined,
        })),
      leaseObtained: undefined,
      leaseExpires: undefined,
      defaultGateways: [],
      dhcpServer: undefined,
      dnsServers: server === undefined ? [] : [server],
      fields: [],
    })),
  };
  return formatIpconfig(report, { all }).replace(/\r\n/g, '\n').replace(/\n$/, '');
}

/** `netstat -anb`: TCP connections and listeners with their owning programs. */
export const netstatCommand: ShellCommand = {
  name: 'netstat',
  forms: [
    {
      usage: 'netstat -anb',
      summary: 'TCP listeners and connections with their programs (mqsvc.exe on port 1801)',
    },
  ],
  run(args, context) {
    const letters = args.map((arg) =>
      /^[-/][a-z]+$/i.test(arg) ? arg.slice(1).toLowerCase() : undefined,
    );
    const flags = new Set(letters.join('').split(''));
    const valid =
      letters.every((letter) => letter !== undefined) &&
      flags.size === 3 &&
      ['a', 'n', 'b'].every((flag) => flags.has(flag));
    if (!valid) {
      const given = args.join(' ');
      throw new ShellUsageError(
        `netstat ${given === '' ? 'needs options' : `${quoteWord(given)} is not supported`}; the shell has netstat -anb (all listeners and connections, numeric, with the owning program)`,
        { value: given, allowed: '-anb' },
      );
    }
    return formatNetstat(context.world.network.netstat(context.host.spec.name));
  },
  complete: (args) => (args.length === 0 ? ['-anb'] : []),
};
