import type { WorldHost } from '@mqsim/engine';
import type { DnsRecord, DnsResponse } from '@mqsim/name-cache';
import { isIpAddress } from '@mqsim/transport';
import type { ShellContext } from './shell-context.js';

/** How a name resolved for a shell command: what Windows tools print from. */
export interface ShellLookup {
  /** The name asked, as typed. */
  readonly asked: string;
  /** The fully qualified name that answered (or the last one tried), lower case. */
  readonly name: string;
  readonly status: 'ok' | 'nxdomain' | 'nodata' | 'timeout' | 'servfail';
  /** A and AAAA answers, IPv4 first. */
  readonly addresses: readonly string[];
  /** The records behind the answer (CNAME chain, then A/AAAA), for Resolve-DnsName. */
  readonly records: readonly DnsRecord[];
  /** Where the answer came from: the HOSTS file, the DNS Client cache, or the server now. */
  readonly source: 'literal' | 'hosts' | 'cache' | 'server';
}

/** The DNS server the scenario names, with its first address, when it has one. */
export function dnsServerOf(context: ShellContext): { name: string; address: string } | undefined {
  const server = context.world.scenario.dns.server;
  if (server === undefined) return undefined;
  const address = context.world.network.addresses(server)[0]?.address;
  return address === undefined ? undefined : { name: server, address };
}

/** Whether the current machine can ask the DNS server now, as its DNS Client decides it. */
export function dnsReachable(context: ShellContext): boolean {
  return context.host.os.serverReachable();
}

/**
 * The names Windows tries for `name`: as given when it has a dot (or ends in one), else with
 * each suffix of the machine's DNS suffix search list (its primary suffix by default).
 */
export function candidateNames(host: WorldHost, name: string): string[] {
  const plain = name.replace(/\.$/, '').toLowerCase();
  if (plain.includes('.') || name.endsWith('.')) return [plain];
  const suffixes = host.spec.dnsClient.suffixSearchList;
  return suffixes.length === 0 ? [plain] : suffixes.map((suffix) => `${plain}.${suffix}`);
}

/** The server's A and AAAA answers for each candidate in turn, as nslookup asks them. */
export function askServer(context: ShellContext, name: string): ShellLookup {
  if (isIpAddress(name)) return literal(name);
  if (!dnsReachable(context))
    return {
      asked: name,
      name: name.toLowerCase(),
      status: 'timeout',
      addresses: [],
      records: [],
      source: 'server',
    };
  let last: ShellLookup | undefined;
  for (const candidate of candidateNames(context.host, name)) {
    const found = fromResponses(name, candidate, [
      context.world.dns.answer(candidate, 'A'),
      context.world.dns.answer(candidate, 'AAAA'),
    ]);
    if (found.status === 'ok') return found;
    last = found;
  }
  return (
    last ?? { asked: name, name, status: 'nxdomain', addresses: [], records: [], source: 'server' }
  );
}

/**
 * `name` as the Windows DNS Client resolves it for ping, Test-NetConnection and Resolve-DnsName:
 * the HOSTS file, then the cache (until each answer's TTL runs out), then the server. The
 * shell's lookups read the cache but do not fill it (a command does not let simulated time
 * pass, and a query takes some), so the run goes on as it would have.
 */
export function resolveLikeWindows(context: ShellContext, name: string): ShellLookup {
  if (isIpAddress(name)) return literal(name);
  const os = context.host.os;
  const candidates = candidateNames(context.host, name);
  for (const candidate of candidates) {
    const listed = os.hosts
      .filter((entry) => entry.names.includes(candidate))
      .map((entry) => entry.address);
    if (listed.length > 0)
      return {
        asked: name,
        name: candidate,
        status: 'ok',
        addresses: ipv4First(listed),
        records: [],
        source: 'hosts',
      };
  }
  // entries() holds the live ones only: none past its TTL.
  const cached = os.entries();
  for (const candidate of candidates) {
    const entries = cached.filter(
      (entry) => entry.name === candidate && (entry.type === 'A' || entry.type === 'AAAA'),
    );
    const ok = entries.filter((entry) => entry.status === 'ok');
    if (ok.length > 0)
      return {
        asked: name,
        name: candidate,
        status: 'ok',
        addresses: ipv4First(ok.flatMap((entry) => entry.values)),
        records: ok.flatMap((entry) => entry.records),
        source: 'cache',
      };
    if (entries.some((entry) => entry.status === 'nxdomain'))
      return {
        asked: name,
        name: candidate,
        status: 'nxdomain',
        addresses: [],
        records: [],
        source: 'cache',
      };
  }
  return askServer(context, name);
}

function literal(address: string): ShellLookup {
  return {
    asked: address,
    name: address,
    status: 'ok',
    addresses: [address],
    records: [],
    source: 'literal',
  };
}

function fromResponses(
  asked: string,
  name: string,
  responses: readonly DnsResponse[],
): ShellLookup {
  const ok = responses.filter((response) => response.status === 'ok');
  if (ok.length > 0) {
    const records = ok.flatMap((response) => response.records);
    const addresses = records
      .filter((record) => record.type === 'A' || record.type === 'AAAA')
      .map((record) => record.data);
    return {
      asked,
      name,
      status: 'ok',
      addresses: ipv4First([...new Set(addresses)]),
      records: dedupe(records),
      source: 'server',
    };
  }
  const status = responses.some((response) => response.status === 'servfail')
    ? 'servfail'
    : responses.every((response) => response.status === 'nxdomain')
      ? 'nxdomain'
      : 'nodata';
  return { asked, name, status, addresses: [], records: [], source: 'server' };
}

function dedupe(records: readonly DnsRecord[]): DnsRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = `${record.name} ${record.type} ${record.data}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function ipv4First(addresses: readonly string[]): string[] {
  return [
    ...addresses.filter((a) => !a.includes(':')),
    ...addresses.filter((a) => a.includes(':')),
  ];
}
