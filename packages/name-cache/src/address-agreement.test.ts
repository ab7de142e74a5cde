// DNS answers and the network must write every address the same way: the queue manager resolves
// a name here and connects with the answer there, and compares format-name addresses with the
// addresses its host holds. These tests go through both packages' public APIs.
import { createTraceRecorder, fromIso, VirtualClock } from '@mqsim/filetime';
import {
  isLoopbackAddress,
  isUnspecifiedAddress,
  parseAddress as parseIpAddress,
} from '@mqsim/ip-address';
import * as transport from '@mqsim/transport';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthoritativeDns,
  canonicalIp,
  DnsClientCache,
  ipFamily,
  type LookupResult,
  parseHostsFile,
  reverseName,
  toDnsRecord,
} from './index.js';

const EPOCH = fromIso('2026-11-23T08:00:00Z');
const word = fc.integer({ min: 0, max: 0xffff });
const group = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xffff), word);
/** IPv6 text with zero runs, any case, padding, `::` anywhere it may go and IPv4 tails. */
const ipv6 = fc.oneof(
  fc.ipV6(),
  fc
    .tuple(
      fc.oneof(
        fc.array(group, { minLength: 8, maxLength: 8 }),
        fc.tuple(word, word).map(([high, low]) => [0, 0, 0, 0, 0, 0xffff, high, low]),
        fc.tuple(word, word).map(([high, low]) => [0, 0, 0, 0, 0, 0, high, low]),
      ),
      fc.boolean(),
      fc.boolean(),
      fc.nat(),
    )
    .map(([words, upper, tail, at]) => {
      const parts = words.map((value) => {
        const hex = value.toString(16);
        return upper ? hex.toUpperCase() : hex;
      });
      if (tail) {
        const [high = 0, low = 0] = words.slice(6);
        parts.splice(6, 2, `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`);
      }
      const zero = parts.findIndex((part, index) => part === '0' && index >= at % parts.length);
      if (zero === -1) return parts.join(':');
      let end = zero;
      while (parts[end] === '0') end++;
      return `${parts.slice(0, zero).join(':')}::${parts.slice(end).join(':')}`;
    }),
);
const address = fc.oneof(fc.ipV4(), ipv6);

describe('name-cache and transport agree on addresses', () => {
  it('give every address the canonical text and family @mqsim/ip-address gives it', () => {
    fc.assert(
      fc.property(address, (text) => {
        const expected = parseIpAddress(text);
        expect(canonicalIp(text)).toBe(expected.address);
        expect(ipFamily(text)).toBe(expected.family === 'ipv4' ? 4 : 6);
        expect(transport.parseAddress(text)).toEqual(expected);
        expect(transport.isIpAddress(text)).toBe(true);
        expect(transport.parseEndpoint(transport.formatEndpoint(text, 1801))).toEqual({
          ...expected,
          port: 1801,
        });
        const type = expected.family === 'ipv4' ? 'A' : 'AAAA';
        expect(toDnsRecord({ name: 'app01.corp.example', type, data: text }, 60).data).toBe(
          expected.address,
        );
        expect(reverseName(text)).toBe(reverseName(expected.address));
      }),
      { numRuns: 1000 },
    );
  });

  it('store an address from a hosts file, a DNS record and a network interface as one text', () => {
    fc.assert(
      fc.property(address, (text) => {
        const { family, address: canonical } = parseIpAddress(text);
        // Loopback is implicit and "any" is no interface address.
        fc.pre(!isLoopbackAddress(canonical) && !isUnspecifiedAddress(canonical));
        const net = new transport.Network({ clock: new VirtualClock({ epoch: EPOCH }), seed: 1 });
        net.addSegment('lan');
        net.addHost('APP01', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: [text] }] });
        expect(net.addresses('APP01')).toEqual([
          { interface: 'eth0', segment: 'lan', address: canonical, family },
        ]);
        expect(parseHostsFile(`${text} app01\n`)[0]?.address).toBe(canonical);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['::1.2.3.4', '::102:304'],
    ['0:0:0:0:0:0:1.2.3.4', '::102:304'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::FFFF:0102:0304', '::ffff:1.2.3.4'],
  ])('resolve %s through DNS and connect to the host that holds it', (written, canonical) => {
    const clock = new VirtualClock({ epoch: EPOCH });
    const dns = new AuthoritativeDns();
    dns.addZone('corp.example');
    dns.setRecords('app01.corp.example', 'AAAA', [written]);
    const os = new DnsClientCache({ clock, server: dns });
    let answer: LookupResult | undefined;
    os.lookup('app01.corp.example', 'AAAA', (result) => {
      answer = result;
    });
    clock.run();
    expect(answer?.values).toEqual([canonical]);

    // The receiver's interface is configured with the other spelling.
    const other = written.includes('.') ? canonical : written;
    const trace = createTraceRecorder();
    const net = new transport.Network({ clock, seed: 1, trace });
    net.addSegment('lan');
    net.addHost('APP02', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['fd00::2'] }],
    });
    net.addHost('APP01', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: [other] }] });
    net.listen('APP01', { address: written, port: 1801, process: 'mqsvc.exe' });
    const outcomes: string[] = [];
    for (const target of [written, ...(answer?.values ?? [])]) {
      net.connect(
        'APP02',
        { address: target, port: 1801 },
        {},
        {
          onConnect: (session) => outcomes.push(`connected ${session.remote}`),
          onRefused: (session) => outcomes.push(`refused ${session.remote}`),
          onTimeout: (session) => outcomes.push(`timed out ${session.remote}`),
        },
      );
    }
    clock.run();
    expect(outcomes).toEqual([`connected [${canonical}]:1801`, `connected [${canonical}]:1801`]);
    expect(
      trace.events.filter((event) => event.type === 'tcp.listen').map((event) => event.local),
    ).toEqual([`[${canonical}]:1801`]);
  });
});
