// Test support only: a tiny authoritative DNS server on 127.0.0.1 for node-lookup.test.ts, so the
// real-Node adapter is tested against real UDP DNS traffic without any outside network. Not part
// of the package's API (index.ts does not export it) and not built into dist/.
import { createSocket, type RemoteInfo } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

/** One question the test server received. */
export interface TestDnsQuery {
  /** Lower case, as the server matched it. */
  readonly name: string;
  readonly type: string;
}

/** A DNS server a test controls: records can change between lookups, as in a renumbering. */
export interface TestDnsServer {
  /** `127.0.0.1:PORT`, for `resolver.setServers([server.address])`. */
  readonly address: string;
  /** Every question received, in arrival order. */
  readonly queries: readonly TestDnsQuery[];
  /**
   * Sets the A or AAAA records of `name` (replacing them); an empty list leaves the name with no
   * data of that type. `ttl` is one TTL for the set, or one per address.
   */
  setRecords(
    name: string,
    type: 'A' | 'AAAA',
    addresses: readonly string[],
    ttl: number | readonly number[],
  ): void;
  /** Removes `name` entirely: the server answers NXDOMAIN for it. */
  removeName(name: string): void;
  /**
   * Makes the server authoritative for `origin`: a negative answer (NXDOMAIN, NODATA) for a name
   * in it carries the zone's SOA in the authority section with TTL `ttl` and MINIMUM `minimum`
   * (RFC 2308), and a SOA question for the apex is answered.
   */
  setZone(origin: string, soa: { readonly ttl: number; readonly minimum: number }): void;
  /** Drops every question for `name` (of `type`, or of any type) unanswered: a silent server. */
  silence(name: string, type?: 'A' | 'AAAA'): void;
  /** Stops listening. */
  close(): Promise<void>;
}

interface RecordSet {
  readonly addresses: readonly string[];
  readonly ttl: number | readonly number[];
}

/** RCODE 3, "no such name", in the low four bits of the flags. */
const NXDOMAIN = 3;

/**
 * Starts an authoritative server for whatever names the test sets, on an ephemeral UDP port of
 * 127.0.0.1. It answers A and AAAA from its records with their TTLs, NOERROR without answers
 * (NODATA) for a known name lacking the asked type, and NXDOMAIN for an unknown name.
 *
 * @example
 * In a test: `const server = await startTestDnsServer()`, then
 * `server.setRecords('app01.mqsim.test', 'A', ['127.0.0.1'], 60)` and point a
 * `dns.promises.Resolver` at `server.address`; `server.queries` counts what reached the wire.
 */
export async function startTestDnsServer(): Promise<TestDnsServer> {
  const names = new Map<string, Map<'A' | 'AAAA', RecordSet>>();
  const queries: TestDnsQuery[] = [];
  const zones = new Map<string, { readonly ttl: number; readonly minimum: number }>();
  const silent = new Set<string>();
  const zoneOf = (name: string): string | undefined => {
    for (let at = name; ; at = at.slice(at.indexOf('.') + 1)) {
      if (zones.has(at)) return at;
      if (!at.includes('.')) return undefined;
    }
  };
  const socket = createSocket('udp4');

  socket.on('message', (message: Buffer, from: RemoteInfo) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: a real server drops it too
    }
    const questions = query.questions ?? [];
    const answers: dnsPacket.Answer[] = [];
    const authorities: dnsPacket.Answer[] = [];
    let flags = dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE;
    for (const question of questions) {
      const name = question.name.toLowerCase().replace(/\.$/, '');
      queries.push({ name, type: question.type });
      if (silent.has(name) || silent.has(`${name} ${question.type}`)) return;
      const zone = zoneOf(name);
      const soa = zone === undefined ? undefined : zones.get(zone);
      const soaRecord = (): dnsPacket.Answer => ({
        type: 'SOA',
        name: zone as string,
        ttl: soa?.ttl ?? 0,
        data: {
          mname: `ns1.${zone}`,
          rname: `hostmaster.${zone}`,
          serial: 1,
          refresh: 3600,
          retry: 600,
          expire: 86_400,
          minimum: soa?.minimum ?? 0,
        },
      });
      if (question.type === 'SOA' && zone === name) {
        answers.push(soaRecord());
        continue;
      }
      const records = names.get(name);
      const set =
        question.type === 'A' || question.type === 'AAAA' ? records?.get(question.type) : undefined;
      if (records === undefined) flags |= NXDOMAIN;
      (set?.addresses ?? []).forEach((data, index) => {
        const ttl = typeof set?.ttl === 'number' ? set.ttl : (set?.ttl[index] ?? 0);
        answers.push({ type: question.type as 'A', name: question.name, ttl, data });
      });
      if ((set?.addresses.length ?? 0) === 0 && soa !== undefined) authorities.push(soaRecord());
    }
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: flags | (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0),
      questions,
      answers,
      authorities,
    });
    socket.send(response, from.port, from.address);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address();

  return {
    address: `127.0.0.1:${port}`,
    queries,
    setRecords(name, type, addresses, ttl) {
      const key = name.toLowerCase();
      const records = names.get(key) ?? new Map<'A' | 'AAAA', RecordSet>();
      records.set(type, { addresses: [...addresses], ttl });
      names.set(key, records);
    },
    removeName(name) {
      names.delete(name.toLowerCase());
    },
    setZone(origin, soa) {
      zones.set(origin.toLowerCase(), soa);
    },
    silence(name, type) {
      silent.add(type === undefined ? name.toLowerCase() : `${name.toLowerCase()} ${type}`);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
