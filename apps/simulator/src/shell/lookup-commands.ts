import {
  formatNslookup,
  formatResolveDnsName,
  type NslookupReport,
  type ResolveDnsNameReport,
} from '@mqsim/name-cache';
import type { RouteDescription } from '@mqsim/transport';
import { askServer, dnsServerOf, resolveLikeWindows, type ShellLookup } from './name-lookup.js';
import type { ShellCommand, ShellContext } from './shell-context.js';
import { ShellUsageError } from './shell-errors.js';

/** `10.0.0.5:1801`, `[::1]:1801` or `10.0.0.5:*` as its address and port (NaN for `*`). */
function splitEndpoint(text: string): { address: string; port: number } {
  const colon = text.lastIndexOf(':');
  const address = text.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { address, port: Number(text.slice(colon + 1)) };
}

const crlf = (text: string) => text.replace(/\r\n/g, '\n').replace(/\n+$/, '');

/** The PTR name of an IPv4 address (`20.0.0.10.in-addr.arpa`); `undefined` for IPv6. */
function reverseName(address: string): string | undefined {
  const parts = address.split('.');
  return parts.length === 4 ? `${parts.reverse().join('.')}.in-addr.arpa` : undefined;
}

/** The name nslookup shows for its server: the PTR of its address, or `UnKnown` without one. */
function serverName(context: ShellContext, address: string): string | undefined {
  const reverse = reverseName(address);
  if (reverse === undefined) return undefined;
  try {
    const answer = context.world.dns.answer(reverse, 'PTR');
    return answer.status === 'ok' ? answer.records.at(-1)?.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `nslookup NAME`: asks the DNS server directly, bypassing the DNS Client cache and the HOSTS
 * file (as Windows nslookup does), so it shows what DNS says now — in the seed incident the new
 * address, while MSMQ still dials the old one.
 */
export const nslookupCommand: ShellCommand = {
  name: 'nslookup',
  forms: [
    {
      usage: 'nslookup NAME',
      summary: 'ask the DNS server now (no cache, no HOSTS file): what DNS says',
    },
  ],
  examples: ['nslookup app01', 'nslookup app01.corp.example'],
  run(args, context) {
    const [name, ...rest] = args;
    if (name === undefined || rest.length > 0 || name.startsWith('-'))
      throw new ShellUsageError(
        "nslookup: usage: nslookup NAME (the shell asks the scenario's DNS server)",
        {
          value: args.join(' '),
          allowed: 'nslookup NAME',
        },
      );
    const server = dnsServerOf(context);
    const shown = server === undefined ? undefined : serverName(context, server.address);
    const label = shown ?? 'UnKnown';
    const lookup = askServer(context, name);
    const base: NslookupReport = {
      // With no DNS server host in the scenario, nslookup still names one: UnKnown, no address.
      server:
        server === undefined
          ? { name: undefined, address: undefined }
          : { name: shown, address: server.address },
      serverTimeouts: 0,
      queryTimeouts: 0,
      timeoutSeconds: undefined,
      // The scenario's DNS server holds the zones: its answers are authoritative.
      authoritative: true,
      answers: [],
      failure: undefined,
    };
    let report: NslookupReport;
    switch (lookup.status) {
      case 'ok':
        report = {
          ...base,
          answers: [{ name: lookup.name, addresses: lookup.addresses, aliases: aliasesOf(lookup) }],
        };
        break;
      case 'timeout':
        // The reverse lookup of the server times out first, then the A and AAAA questions.
        report = {
          ...base,
          server: { name: undefined, address: server?.address },
          serverTimeouts: 1,
          queryTimeouts: 2,
          timeoutSeconds: 2,
          failure: {
            kind: 'timeout',
            server: 'UnKnown',
            name: undefined,
            message: 'Request to UnKnown timed-out',
          },
        };
        break;
      case 'nodata':
        report = {
          ...base,
          failure: {
            kind: 'no-records',
            server: label,
            name,
            message: `No internal type for both IPv4 and IPv6 Addresses (A+AAAA) records available for ${name}`,
          },
        };
        break;
      default:
        report = {
          ...base,
          failure: {
            kind: lookup.status === 'servfail' ? 'servfail' : 'nxdomain',
            server: label,
            name,
            message: `${label} can't find ${name}: ${lookup.status === 'servfail' ? 'Server failed' : 'Non-existent domain'}`,
          },
        };
    }
    return crlf(formatNslookup(report));
  },
};

function aliasesOf(lookup: ShellLookup): string[] {
  return lookup.records.filter((record) => record.type === 'CNAME').map((record) => record.name);
}

const RESOLVE_USAGE = 'Resolve-DnsName [-Name] NAME [-Type A|AAAA] [-DnsOnly] [| Format-List]';

/**
 * `Resolve-DnsName NAME`: through the DNS Client as Windows resolves it (HOSTS file, cache, then
 * the server); `-DnsOnly` asks the server only. The TTL of a cached answer is what is left of it.
 */
export const resolveDnsNameCommand: ShellCommand = {
  name: 'Resolve-DnsName',
  forms: [
    {
      usage: RESOLVE_USAGE,
      summary: 'resolve as the DNS Client does (HOSTS, cache, server); -DnsOnly asks the server',
    },
  ],
  examples: ['Resolve-DnsName app01', 'Resolve-DnsName app01 -DnsOnly | Format-List'],
  run(args, context) {
    let name: string | undefined;
    let type: 'A' | 'AAAA' | undefined;
    let dnsOnly = false;
    let list = false;
    for (let index = 0; index < args.length; index++) {
      const arg = args[index] ?? '';
      const lower = arg.toLowerCase();
      if (lower === '-name' && args[index + 1] !== undefined) name = args[++index];
      else if (lower === '-type' && /^(a|aaaa)$/i.test(args[index + 1] ?? ''))
        type = (args[++index] ?? 'A').toUpperCase() as 'A' | 'AAAA';
      else if (lower === '-dnsonly') dnsOnly = true;
      else if (
        arg === '|' &&
        /^(format-list|fl)$/i.test(args[index + 1] ?? '') &&
        index + 2 === args.length
      ) {
        list = true;
        index++;
      } else if (!arg.startsWith('-') && name === undefined) name = arg;
      else
        throw new ShellUsageError(`Resolve-DnsName: usage: ${RESOLVE_USAGE}`, {
          value: arg,
          allowed: RESOLVE_USAGE,
        });
    }
    if (name === undefined)
      throw new ShellUsageError(`Resolve-DnsName: usage: ${RESOLVE_USAGE}`, {
        allowed: RESOLVE_USAGE,
      });
    const lookup = dnsOnly ? askServer(context, name) : resolveLikeWindows(context, name);
    const now = context.world.clock.ticks();
    const cached = context.host.os.entries();
    const report: ResolveDnsNameReport =
      lookup.status === 'ok'
        ? {
            records: lookup.addresses
              .filter(
                (address) => type === undefined || (type === 'AAAA') === address.includes(':'),
              )
              .map((address) => {
                const record = lookup.records.find((entry) => entry.data === address);
                const entry = cached.find(
                  (item) => item.name === lookup.name && item.values.includes(address),
                );
                const ttl =
                  lookup.source === 'cache' && entry !== undefined
                    ? Math.max(0, Math.ceil((entry.expiresAt - now) / 10_000_000))
                    : lookup.source === 'hosts'
                      ? 0
                      : (record?.ttl ?? 0);
                return {
                  name: lookup.name,
                  truncated: false,
                  type: address.includes(':') ? 'AAAA' : 'A',
                  ttl,
                  section: 'Answer',
                  data: address,
                };
              }),
            errors: [],
          }
        : {
            records: [],
            errors: [
              lookup.status === 'timeout'
                ? {
                    name,
                    message: 'This operation returned because the timeout period expired',
                    status: 'timeout',
                    errorId: 'ERROR_TIMEOUT',
                  }
                : {
                    name,
                    message: 'DNS name does not exist',
                    status: 'nxdomain',
                    errorId: 'DNS_ERROR_RCODE_NAME_ERROR',
                  },
            ],
          };
    return crlf(formatResolveDnsName(report, { shape: list ? 'list' : 'table' }));
  },
};

/** What a probe of `address` from the current machine finds, without sending anything. */
interface Probe {
  readonly route: RouteDescription;
  /** The source address and interface the machine would use. */
  readonly source: string | undefined;
  readonly interfaceName: string | undefined;
  /** Round trip in milliseconds from the segments' latency. */
  readonly rttMs: number;
  /** Routers and NATs crossed. */
  readonly routersCrossed: number;
}

function probe(context: ShellContext, address: string, port: number): Probe {
  const { network, scenario } = context.world;
  const name = context.host.spec.name;
  const route = network.route(name, address, port);
  const first = route.hops[0];
  const source = first === undefined ? undefined : splitEndpoint(first.src).address;
  const interfaceName = network
    .addresses(name)
    .find((entry) => entry.address === source)?.interface;
  const latency = route.hops.reduce((sum, hop) => {
    const segment = scenario.networks.find((network) => network.name === hop.segment);
    return sum + (segment?.link.latency ?? 0);
  }, 0);
  return {
    route,
    source,
    interfaceName,
    rttMs: (2 * latency) / 10_000,
    routersCrossed: Math.max(0, route.hops.length - 1),
  };
}

/**
 * Whether an ICMP echo would come back. The simulated firewall models TCP rules only, so a
 * packet its rules would stop still counts as answered; NATs, partitions, missing routes and
 * addresses nobody holds stop it.
 */
function echoAnswered(result: Probe): boolean {
  return result.route.outcome === 'delivered' || result.route.reason === 'firewall';
}

/** Whether the machine reached on the route listens on the address and port it reached. */
function tcpAnswered(context: ShellContext, result: Probe, port: number): boolean {
  const { route } = result;
  if (route.outcome !== 'delivered' || route.host === undefined) return false;
  const last = route.hops.at(-1);
  if (last === undefined) return false;
  const reached = splitEndpoint(last.dst).address;
  return context.world.network.netstat(route.host).some((row) => {
    if (row.state !== 'LISTENING') return false;
    const local = splitEndpoint(row.local);
    return (
      local.port === port &&
      (local.address === reached || local.address === '0.0.0.0' || local.address === '::')
    );
  });
}

const PING_USAGE = 'ping NAME [-n COUNT]';

/**
 * `ping NAME`: resolves as the DNS Client does (the OS cache, not MSMQ's) and sends echoes over
 * the simulated network, as Windows prints them. In the seed incident ping answers while MSMQ
 * waits: ping resolves the new address, MSMQ holds the old one.
 */
export const pingCommand: ShellCommand = {
  name: 'ping',
  forms: [{ usage: PING_USAGE, summary: 'ICMP echo, the name resolved by the OS (not by MSMQ)' }],
  examples: ['ping app01', 'ping 10.0.0.20 -n 1'],
  run(args, context) {
    let target: string | undefined;
    let count = 4;
    for (let index = 0; index < args.length; index++) {
      const arg = args[index] ?? '';
      if (/^[-/]n$/i.test(arg)) {
        const value = Number(args[++index]);
        if (!Number.isInteger(value) || value < 1 || value > 100)
          throw new ShellUsageError(`ping: -n takes a count from 1 to 100; usage: ${PING_USAGE}`, {
            value: args[index],
            allowed: '1 to 100',
          });
        count = value;
      } else if (target === undefined && !/^[-/]/.test(arg)) target = arg;
      else
        throw new ShellUsageError(`ping: usage: ${PING_USAGE}`, {
          value: arg,
          allowed: PING_USAGE,
        });
    }
    if (target === undefined)
      throw new ShellUsageError(`ping: usage: ${PING_USAGE}`, { allowed: PING_USAGE });
    const lookup = resolveLikeWindows(context, target);
    const address = lookup.addresses.find((entry) => !entry.includes(':')) ?? lookup.addresses[0];
    if (lookup.status !== 'ok' || address === undefined)
      return `Ping request could not find host ${target}. Please check the name and try again.`;
    const result = probe(context, address, 7);
    const answered = echoAnswered(result);
    const shown = lookup.source === 'literal' ? address : `${lookup.name} [${address}]`;
    const time = result.rttMs < 1 ? 'time<1ms' : `time=${Math.round(result.rttMs)}ms`;
    const ttl = 128 - result.routersCrossed;
    const lines = ['', `Pinging ${shown} with 32 bytes of data:`];
    for (let index = 0; index < count; index++)
      lines.push(
        answered ? `Reply from ${address}: bytes=32 ${time} TTL=${ttl}` : 'Request timed out.',
      );
    const received = answered ? count : 0;
    lines.push(
      '',
      `Ping statistics for ${address}:`,
      `    Packets: Sent = ${count}, Received = ${received}, Lost = ${count - received} (${Math.round((100 * (count - received)) / count)}% loss),`,
    );
    if (answered) {
      const ms = Math.round(result.rttMs);
      lines.push(
        'Approximate round trip times in milli-seconds:',
        `    Minimum = ${ms}ms, Maximum = ${ms}ms, Average = ${ms}ms`,
      );
    }
    return lines.join('\n');
  },
};

const TNC_USAGE = 'Test-NetConnection NAME [-Port N]';

/**
 * `Test-NetConnection NAME -Port 1801`: whether a TCP connection to the port would be accepted
 * now (a listener on the address reached), and without `-Port` whether ping answers, in
 * Windows PowerShell 5.1's list layout (real captures: a blocked port prints `WARNING: TCP
 * connect to (ADDRESS : PORT) failed`, then PingSucceeded and PingReplyDetails (RTT)).
 */
export const testNetConnectionCommand: ShellCommand = {
  name: 'Test-NetConnection',
  aliases: ['tnc'],
  forms: [
    {
      usage: TNC_USAGE,
      summary:
        'is anything listening on that port at the address the OS resolves? (TcpTestSucceeded)',
    },
  ],
  examples: ['Test-NetConnection app01 -Port 1801', 'tnc 10.0.0.20 -Port 1801'],
  run(args, context) {
    let target: string | undefined;
    let port: number | undefined;
    for (let index = 0; index < args.length; index++) {
      const arg = args[index] ?? '';
      const lower = arg.toLowerCase();
      if (lower === '-port') {
        const value = Number(args[++index]);
        if (!Number.isInteger(value) || value < 1 || value > 65_535)
          throw new ShellUsageError(
            `Test-NetConnection: -Port takes 1 to 65535; usage: ${TNC_USAGE}`,
            {
              value: args[index],
              allowed: '1 to 65535',
            },
          );
        port = value;
      } else if (lower === '-computername' && args[index + 1] !== undefined) target = args[++index];
      else if (target === undefined && !arg.startsWith('-')) target = arg;
      else
        throw new ShellUsageError(`Test-NetConnection: usage: ${TNC_USAGE}`, {
          value: arg,
          allowed: TNC_USAGE,
        });
    }
    if (target === undefined)
      throw new ShellUsageError(`Test-NetConnection: usage: ${TNC_USAGE}`, { allowed: TNC_USAGE });
    const lookup = resolveLikeWindows(context, target);
    const address = lookup.addresses.find((entry) => !entry.includes(':')) ?? lookup.addresses[0];
    if (lookup.status !== 'ok' || address === undefined) {
      // UNCERTAIN: the layout after a failed resolution, from memory of PowerShell 5.1.
      return [
        `WARNING: Name resolution of ${target} failed`,
        '',
        ...fields([
          ['ComputerName', target],
          ['RemoteAddress', ''],
          ['InterfaceAlias', ''],
          ['SourceAddress', ''],
          ['PingSucceeded', 'False'],
        ]),
      ].join('\n');
    }
    const echo = probe(context, address, 7);
    const pinged = echoAnswered(echo);
    const rtt = `${Math.round(echo.rttMs)} ms`;
    const common: [string, string][] = [
      ['ComputerName', target],
      ['RemoteAddress', address],
    ];
    const local: [string, string][] = [
      ['InterfaceAlias', echo.interfaceName ?? ''],
      ['SourceAddress', echo.source ?? ''],
    ];
    if (port === undefined) {
      return [
        ...(pinged ? [''] : [`WARNING: Ping to ${address} failed with status: TimedOut`, '']),
        ...fields([
          ...common,
          ...local,
          ['PingSucceeded', pinged ? 'True' : 'False'],
          ['PingReplyDetails (RTT)', pinged ? rtt : '0 ms'],
        ]),
      ].join('\n');
    }
    const tcp = probe(context, address, port);
    if (tcpAnswered(context, tcp, port))
      return [
        '',
        ...fields([
          ...common,
          ['RemotePort', String(port)],
          ...local,
          ['TcpTestSucceeded', 'True'],
        ]),
      ].join('\n');
    return [
      `WARNING: TCP connect to (${address} : ${port}) failed`,
      ...(pinged ? [] : [`WARNING: Ping to ${address} failed with status: TimedOut`]),
      '',
      '',
      ...fields([
        ...common,
        ['RemotePort', String(port)],
        ...local,
        ['PingSucceeded', pinged ? 'True' : 'False'],
        ['PingReplyDetails (RTT)', pinged ? rtt : '0 ms'],
        ['TcpTestSucceeded', 'False'],
      ]),
    ].join('\n');
  },
};

/** PowerShell's list layout: names padded to the longest, ` : `, an empty value ending at the colon. */
function fields(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)} :${value === '' ? '' : ` ${value}`}`);
}
