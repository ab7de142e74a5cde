import { createTraceRecorder, fromTicks, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import {
  AddressParseError,
  LINK_DEFAULTS,
  Network,
  NetworkConfigError,
  TCP_DEFAULTS,
} from './index.js';

function office() {
  const clock = new VirtualClock({ epoch: fromTicks(0n) });
  const trace = createTraceRecorder();
  const network = new Network({ clock, seed: 1, trace });
  network.addSegment('lan');
  network.addSegment('internet');
  network.addHost('web', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.8'] }],
  });
  return { clock, trace, network };
}

function errorOf(run: () => unknown): { code: string; message: string; value?: unknown } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  return expect.unreachable('expected an error');
}

describe('Network configuration errors', () => {
  it('rejects a duplicate address on one segment, naming both holders', () => {
    const { network } = office();
    const error = errorOf(() =>
      network.addHost('db', {
        interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.8'] }],
      }),
    );
    expect(NetworkConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ERR_NET_CONFIG',
      value: '10.0.0.8',
      message:
        "host 'db' interface 'eth0': duplicate address 10.0.0.8 on segment 'lan': host 'web' interface 'eth0' already has it",
    });
    // The failed host left nothing behind: its name and addresses are free again.
    network.addHost('db', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.9'] }],
    });
    expect(network.addresses('db').map((entry) => entry.address)).toEqual(['10.0.0.9']);
  });

  it('rejects a duplicate address across routed segments, and a router that would join duplicates', () => {
    const { network } = office();
    network.addSegment('dmz');
    network.addRouter('core', ['lan', 'dmz']);
    expect(
      errorOf(() =>
        network.addHost('x', {
          interfaces: [{ name: 'eth0', segment: 'dmz', addresses: ['10.0.0.8'] }],
        }),
      ).message,
    ).toBe(
      "host 'x' interface 'eth0': duplicate address 10.0.0.8: host 'web' interface 'eth0' already has it on segment 'lan', which is routed to segment 'dmz'",
    );
    network.addSegment('lab');
    network.addHost('y', {
      interfaces: [{ name: 'eth0', segment: 'lab', addresses: ['10.0.0.8'] }],
    });
    expect(errorOf(() => network.addRouter('bridge', ['lab', 'dmz'])).message).toBe(
      "router 'bridge': duplicate address 10.0.0.8 — it is on segment 'lab' and on segment 'lan', which the router would join",
    );
  });

  it('rejects a malformed address with a typed error naming host, interface and input', () => {
    const { network } = office();
    const error = errorOf(() =>
      network.addHost('db', {
        interfaces: [{ name: 'eth1', segment: 'lan', addresses: ['10.0.0.300'] }],
      }),
    );
    expect(AddressParseError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "host 'db' interface 'eth1': '10.0.0.300' is not an IP address: octet 300 is above 255",
    );
    expect(errorOf(() => network.addAddress('web', 'eth0', 'fe80::1::2')).message).toBe(
      "host 'web' interface 'eth0': 'fe80::1::2' is not an IP address: '::' may appear only once",
    );
  });

  it('rejects loopback and unspecified addresses on interfaces', () => {
    const { network } = office();
    expect(errorOf(() => network.addAddress('web', 'eth0', '127.0.0.1')).message).toBe(
      "host 'web' interface 'eth0': 127.0.0.1 cannot be assigned to an interface",
    );
    expect(errorOf(() => network.setAddress('web', 'eth0', ['0.0.0.0'])).code).toBe(
      'ERR_NET_CONFIG',
    );
  });

  it('rejects NAT mappings to nothing, naming the NAT and the mapping', () => {
    const { network } = office();
    const error = errorOf(() =>
      network.addNat({
        name: 'edge',
        inside: 'lan',
        outside: 'internet',
        external: ['203.0.113.10'],
        mappings: [{ external: '203.0.113.10:1801', internal: '10.0.0.99:1801' }],
      }),
    );
    expect(error).toMatchObject({
      code: 'ERR_NET_CONFIG',
      value: '10.0.0.99:1801',
      message:
        "NAT 'edge' mapping 203.0.113.10:1801 → 10.0.0.99:1801: maps to nothing — no host on the inside (segment 'lan' and segments routed to it) has 10.0.0.99",
    });
    // Nothing was half-made: the same NAT can be added correctly afterwards.
    network.addNat({
      name: 'edge',
      inside: 'lan',
      outside: 'internet',
      external: ['203.0.113.10'],
      mappings: [{ external: '203.0.113.10:1801', internal: '10.0.0.8:1801' }],
    });
    expect(network.natTable('edge')).toEqual([
      { type: 'static', external: '203.0.113.10:1801', internal: '10.0.0.8:1801' },
    ]);
  });

  it.each([
    [
      { external: '203.0.113.99', internal: '10.0.0.8' },
      "NAT 'edge' mapping 203.0.113.99 → 10.0.0.8: 203.0.113.99 is not one of the NAT's external addresses",
    ],
    [
      { external: '203.0.113.10:1801', internal: '10.0.0.8' },
      "NAT 'edge' mapping 203.0.113.10:1801 → 10.0.0.8: give ports on both sides or on neither",
    ],
    [
      { external: '203.0.113.10', internal: 'fe80::8' },
      "NAT 'edge' mapping 203.0.113.10 → fe80::8: external and internal addresses differ in family",
    ],
    [
      { external: '203.0.113.10:99999', internal: '10.0.0.8:1801' },
      "NAT 'edge' mapping 203.0.113.10:99999 → 10.0.0.8:1801 external: '203.0.113.10:99999' is not an endpoint: port 99999 is not a whole number from 1 to 65535",
    ],
  ])('rejects NAT mapping %o', (mapping, message) => {
    const { network } = office();
    network.addAddress('web', 'eth0', 'fe80::8');
    expect(
      errorOf(() =>
        network.addNat({
          name: 'edge',
          inside: 'lan',
          outside: 'internet',
          external: ['203.0.113.10'],
          mappings: [mapping],
        }),
      ).message,
    ).toBe(message);
  });

  it('rejects a second mapping of the same external address and port', () => {
    const { network } = office();
    network.addNat({
      name: 'edge',
      inside: 'lan',
      outside: 'internet',
      external: ['203.0.113.10'],
      mappings: [{ external: '203.0.113.10', internal: '10.0.0.8' }],
    });
    expect(
      errorOf(() =>
        network.addNatMapping('edge', { external: '203.0.113.10:80', internal: '10.0.0.8:80' }),
      ).message,
    ).toBe(
      "NAT 'edge' mapping 203.0.113.10:80 → 10.0.0.8:80: 203.0.113.10:80 is already mapped to 10.0.0.8",
    );
  });

  it('rejects a NAT whose external address a host already has, or whose sides are routed together', () => {
    const { network } = office();
    network.addHost('isp', {
      interfaces: [{ name: 'eth0', segment: 'internet', addresses: ['203.0.113.1'] }],
    });
    expect(
      errorOf(() =>
        network.addNat({
          name: 'edge',
          inside: 'lan',
          outside: 'internet',
          external: ['203.0.113.1'],
        }),
      ).message,
    ).toBe(
      "NAT 'edge': duplicate address 203.0.113.1 on segment 'internet': host 'isp' interface 'eth0' already has it",
    );
    network.addRouter('r1', ['lan', 'internet']);
    expect(
      errorOf(() =>
        network.addNat({
          name: 'edge',
          inside: 'lan',
          outside: 'internet',
          external: ['203.0.113.2'],
        }),
      ).message,
    ).toBe(
      "NAT 'edge': inside segment 'lan' and outside segment 'internet' are already routed to each other",
    );
  });

  it('names unknown items and lists the known ones', () => {
    const { network } = office();
    expect(
      errorOf(() => network.connect('nobody', { address: '10.0.0.8', port: 1801 })),
    ).toMatchObject({
      message: "connect: there is no host 'nobody'",
      value: 'nobody',
    });
    expect(
      errorOf(() => network.addHost('db', { interfaces: [{ name: 'eth0', segment: 'wan' }] })),
    ).toMatchObject({ message: "host 'db' interface 'eth0': there is no segment 'wan'" });
    expect(errorOf(() => network.addAddress('web', 'eth9', '10.0.0.9')).message).toBe(
      "addAddress: host 'web' has no interface 'eth9'",
    );
    expect(errorOf(() => network.removeAddress('web', '10.0.0.9')).message).toBe(
      "removeAddress: host 'web' does not have 10.0.0.9",
    );
    expect(errorOf(() => network.setLink('web', { latency: 1 })).message).toBe(
      "setLink: there is no segment 'web' ('web' is a host; give a pair of host names for a host-to-host path)",
    );
  });

  it('keeps names unique across hosts, segments, routers and NATs', () => {
    const { network } = office();
    expect(errorOf(() => network.addSegment('web')).message).toBe(
      "segment 'web': the name is already used by host 'web'",
    );
    expect(errorOf(() => network.addHost('', {})).message).toBe('a host needs a non-empty name');
  });

  it.each([
    [{ loss: 1.5 }, "segment 'lan': link setting loss=1.5 is out of range"],
    [{ latency: -1 }, "segment 'lan': link setting latency=-1 is out of range"],
    [{ latency: 0.5 }, "segment 'lan': link setting latency=0.5 is out of range"],
    [{ bandwidth: 0 }, "segment 'lan': link setting bandwidth=0 is out of range"],
    [
      { jitter: { distribution: 'gamma', k: 2 } },
      'segment \'lan\': link setting jitter={"distribution":"gamma","k":2} is out of range',
    ],
    [
      { jitter: { distribution: 'pareto', scale: 10, shape: 0 } },
      "segment 'lan': link setting jitter.shape=0 is out of range",
    ],
    [{ latencyMs: 3 }, "segment 'lan': unknown link setting 'latencyMs'"],
  ])('rejects link settings %o', (settings, message) => {
    const { network } = office();
    expect(errorOf(() => network.setLink('lan', settings as never))).toMatchObject({
      code: 'ERR_NET_CONFIG',
      message,
    });
  });

  it('rejects bad partitions', () => {
    const { network } = office();
    expect(errorOf(() => network.partition('p', ['web'], ['mars'])).message).toBe(
      "partition 'p': there is no host, segment, router or NAT 'mars'",
    );
    expect(errorOf(() => network.partition('p', ['web'], ['web', 'lan'])).message).toBe(
      "partition 'p': 'web' is on both sides",
    );
    network.partition('p', ['web'], ['lan']);
    expect(errorOf(() => network.partition('p', ['web'], ['lan'])).message).toBe(
      "partition 'p': a partition of that name is already in place",
    );
    expect(errorOf(() => network.heal('q')).message).toBe("heal: there is no partition 'q'");
  });

  it('rejects a seed that is not an integer and bad TCP settings', () => {
    const clock = new VirtualClock({ epoch: fromTicks(0n) });
    expect(errorOf(() => new Network({ clock, seed: 1.5 })).message).toBe(
      'network seed 1.5 is not an integer',
    );
    expect(errorOf(() => new Network({ clock, seed: 1, tcp: { timeWait: -1 } })).message).toBe(
      'TCP setting timeWait=-1 is out of range',
    );
    expect(
      errorOf(
        () =>
          new Network({
            clock,
            seed: 1,
            tcp: { ephemeralPortFirst: 60_000, ephemeralPortLast: 50_000 },
          }),
      ).message,
    ).toBe('TCP ephemeral port range 60000–50000 is invalid');
  });
});

describe('Network addresses', () => {
  it('adds, removes and renumbers addresses at run time with net.address.changed events', () => {
    const { clock, network, trace } = office();
    clock.runUntil(100);
    network.addAddress('web', 'eth0', '2001:DB8::8');
    clock.runUntil(200);
    network.setAddress('web', 'eth0', ['10.0.0.18', '2001:db8::8']);
    network.removeAddress('web', '2001:db8::8');
    network.addInterface('web', { name: 'vpn', segment: 'internet', addresses: ['198.51.100.4'] });
    expect(network.addresses('web')).toEqual([
      { interface: 'eth0', segment: 'lan', address: '10.0.0.18', family: 'ipv4' },
      { interface: 'vpn', segment: 'internet', address: '198.51.100.4', family: 'ipv4' },
    ]);
    expect(trace.events).toEqual([
      {
        t: 100,
        host: 'web',
        source: 'transport',
        type: 'net.address.changed',
        interface: 'eth0',
        segment: 'lan',
        added: ['2001:db8::8'],
        removed: [],
      },
      {
        t: 200,
        host: 'web',
        source: 'transport',
        type: 'net.address.changed',
        interface: 'eth0',
        segment: 'lan',
        added: ['10.0.0.18'],
        removed: ['10.0.0.8'],
      },
      {
        t: 200,
        host: 'web',
        source: 'transport',
        type: 'net.address.changed',
        interface: 'eth0',
        segment: 'lan',
        added: [],
        removed: ['2001:db8::8'],
      },
      {
        t: 200,
        host: 'web',
        source: 'transport',
        type: 'net.address.changed',
        interface: 'vpn',
        segment: 'internet',
        added: ['198.51.100.4'],
        removed: [],
      },
    ]);
  });

  it('leaves the interface unchanged when a renumbering would duplicate an address', () => {
    const { network } = office();
    network.addHost('db', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.9'] }],
    });
    expect(() => network.setAddress('web', 'eth0', ['10.0.0.7', '10.0.0.9'])).toThrow(
      "host 'web' interface 'eth0': duplicate address 10.0.0.9 on segment 'lan': host 'db' interface 'eth0' already has it",
    );
    expect(network.addresses('web').map((entry) => entry.address)).toEqual(['10.0.0.8']);
    // 10.0.0.7 was released again, and 10.0.0.8 is still held.
    network.addAddress('db', 'eth0', '10.0.0.7');
    expect(() => network.addAddress('db', 'eth0', '10.0.0.8')).toThrow(
      /duplicate address 10\.0\.0\.8/,
    );
  });

  it('exposes the documented defaults', () => {
    expect([
      LINK_DEFAULTS.latency,
      TCP_DEFAULTS.synRetransmitTimeout,
      TCP_DEFAULTS.timeWait,
    ]).toEqual([5_000, 30_000_000, 2_400_000_000]);
  });
});
