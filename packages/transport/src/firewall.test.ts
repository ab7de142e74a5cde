import { createTraceRecorder, fromTicks, TICKS, VirtualClock } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CapturedPacket,
  type FirewallSettings,
  formatCapture,
  type LinkSettings,
  Network,
  NetworkConfigError,
  type Session,
  toNdjson,
  toPcapng,
} from './index.js';

const SECOND = TICKS.perSecond;
const MS = TICKS.perMillisecond;

/** `web` (10.0.0.5) and `branch` (192.168.7.9) on one LAN with `app` (10.0.0.20), where MSMQ listens on 1801. */
function lan(link: LinkSettings = {}, seed = 3) {
  const clock = new VirtualClock({ epoch: fromTicks(0n) });
  const trace = createTraceRecorder();
  const network = new Network({ clock, seed, trace });
  network.addSegment('lan', link);
  const host = (name: string, address: string) =>
    network.addHost(name, { interfaces: [{ name: 'eth0', segment: 'lan', addresses: [address] }] });
  host('web', '10.0.0.5');
  host('branch', '192.168.7.9');
  host('app', '10.0.0.20');
  const received: unknown[] = [];
  const accepted: Session[] = [];
  network.listen(
    'app',
    { address: 'any', port: 1801, process: 'mqsvc.exe' },
    {
      onAccept: (session) => accepted.push(session),
      onData: (_session, frame) => received.push(frame),
      onReset: (session, reason) => received.push(`server ${session.remote} reset: ${reason}`),
    },
  );
  const outcomes: string[] = [];
  const connect = (from: string, port = 1801) =>
    network.connect(
      from,
      { address: '10.0.0.20', port },
      { process: 'mqsvc.exe' },
      {
        onConnect: (session) => outcomes.push(`${clock.ticks()} ${session.local} connected`),
        onRefused: (session) => outcomes.push(`${clock.ticks()} ${session.local} refused`),
        onTimeout: (session) => outcomes.push(`${clock.ticks()} ${session.local} timeout`),
        onReset: (session, reason) =>
          outcomes.push(`${clock.ticks()} ${session.local} reset: ${reason}`),
      },
    );
  return { clock, trace, network, received, accepted, outcomes, connect };
}

const BLOCK_MSMQ: FirewallSettings = {
  defaultInbound: 'allow',
  rules: [{ direction: 'inbound', action: 'block', port: 1801, protocol: 'tcp' }],
};

function syn(t: number, src: string, more: Partial<CapturedPacket> = {}): CapturedPacket {
  return {
    t,
    segment: 'lan',
    src,
    dst: '10.0.0.20:1801',
    flags: 'SYN',
    seq: 0,
    ack: 0,
    length: 0,
    stream: 1,
    ...more,
  };
}

describe('a blocked inbound port', () => {
  it('drops the SYNs silently: no RST, the connect times out after its retransmissions (21 s)', () => {
    const { clock, network, connect, outcomes, trace } = lan();
    network.setFirewall('app', BLOCK_MSMQ);
    const capture = network.startCapture();
    const session = connect('web');
    clock.run();
    const dropped = { drop: 'firewall', dropAt: 'app' } as const;
    expect(capture.packets).toEqual([
      syn(0, '10.0.0.5:49152', dropped),
      syn(3 * SECOND, '10.0.0.5:49152', { ...dropped, retransmission: true }),
      syn(9 * SECOND, '10.0.0.5:49152', { ...dropped, retransmission: true }),
    ]);
    expect(outcomes).toEqual([`${21 * SECOND} 10.0.0.5:49152 timeout`]);
    expect(session.outcome).toBe('timeout');
    expect(trace.events.filter((event) => event.type === 'tcp.timeout')).toEqual([
      {
        t: 21 * SECOND,
        host: 'web',
        source: 'transport',
        type: 'tcp.timeout',
        stream: 1,
        local: '10.0.0.5:49152',
        remote: '10.0.0.20:1801',
        phase: 'connect',
        reason: 'no-response',
      },
    ]);
  });

  it('leaves netstat as it was: MSMQ still LISTENING, no half-open connection', () => {
    const { clock, network, connect } = lan();
    const before = network.netstat('app');
    network.setFirewall('app', BLOCK_MSMQ);
    connect('web');
    clock.runFor(5 * SECOND);
    expect(network.netstat('app')).toEqual(before);
    expect(before.map((row) => `${row.local} ${row.state} ${row.process}`)).toEqual([
      '0.0.0.0:1801 LISTENING mqsvc.exe',
      '[::]:1801 LISTENING mqsvc.exe',
    ]);
  });

  it('shows in the capture renderings and in route()', () => {
    const { clock, network, connect } = lan();
    network.setFirewall('app', BLOCK_MSMQ);
    const capture = network.startCapture();
    connect('web');
    clock.runFor(SECOND);
    expect(toNdjson(capture.packets)).toBe(
      '{"t":0,"segment":"lan","src":"10.0.0.5:49152","dst":"10.0.0.20:1801","flags":"SYN","seq":0,"ack":0,"length":0,"stream":1,"drop":"firewall","dropAt":"app"}\n',
    );
    expect(formatCapture(capture.packets)).toBe(
      '0.0000000 lan 10.0.0.5:49152 > 10.0.0.20:1801 SYN seq=0 ack=0 len=0 DROPPED (firewall at app)',
    );
    // The pcapng packet comment Wireshark shows.
    expect(new TextDecoder().decode(toPcapng(capture.packets))).toContain(
      'dropped: firewall at app',
    );
    expect(network.route('web', '10.0.0.20', 1801)).toEqual({
      outcome: 'dropped',
      reason: 'firewall',
      dropAt: 'app',
      hops: [{ segment: 'lan', src: '10.0.0.5:*', dst: '10.0.0.20:1801' }],
      nats: [],
    });
    expect(network.route('web', '10.0.0.20', 2103)).toEqual({
      outcome: 'delivered',
      host: 'app',
      hops: [{ segment: 'lan', src: '10.0.0.5:*', dst: '10.0.0.20:2103' }],
      nats: [],
    });
  });

  it('still lets the host reach itself over the loopback, which Windows Firewall does not filter', () => {
    const { clock, network, outcomes } = lan();
    network.setFirewall('app', { defaultOutbound: 'block' });
    for (const port of [1801, 2105]) {
      network.connect(
        'app',
        { address: '10.0.0.20', port },
        {},
        {
          onConnect: () => outcomes.push(`${port} connected`),
          onRefused: () => outcomes.push(`${port} refused`),
        },
      );
    }
    clock.run();
    expect(outcomes).toEqual(['1801 connected', '2105 refused']);
    expect(network.route('app', '10.0.0.20', 1801).outcome).toBe('delivered');
  });
});

describe('rule matching', () => {
  it('lets in only the subnet an allow rule names when the default blocks', () => {
    const { clock, network, connect, outcomes } = lan();
    network.setFirewall('app', {
      defaultInbound: 'block',
      rules: [{ direction: 'inbound', action: 'allow', port: 1801, remote: '10.0.0.0/24' }],
    });
    connect('web');
    connect('branch');
    clock.run();
    expect(outcomes).toEqual([
      `${10_000} 10.0.0.5:49152 connected`,
      `${21 * SECOND} 192.168.7.9:49152 timeout`,
    ]);
  });

  it('matches IPv6 prefixes', () => {
    const { clock, network } = lan();
    network.addInterface('web', { name: 'eth1', segment: 'lan', addresses: ['2001:db8:1::5'] });
    network.addInterface('app', { name: 'eth1', segment: 'lan', addresses: ['2001:db8:2::20'] });
    network.setFirewall('app', {
      rules: [{ direction: 'inbound', action: 'allow', remote: '2001:db8:1::/48' }],
    });
    expect(network.route('web', '2001:db8:2::20').outcome).toBe('delivered');
    network.setFirewall('app', {
      rules: [{ direction: 'inbound', action: 'allow', remote: '2001:db8:3::/48' }],
    });
    expect(network.route('web', '2001:db8:2::20').reason).toBe('firewall');
    // An IPv4 prefix never matches an IPv6 address.
    network.setFirewall('app', {
      rules: [{ direction: 'inbound', action: 'allow', remote: '0.0.0.0/0' }],
    });
    expect([
      network.route('web', '2001:db8:2::20').reason,
      network.route('web', '10.0.0.20').outcome,
    ]).toEqual(['firewall', 'delivered']);
    clock.run();
  });

  it('lets a matching block rule win over a matching allow rule, in either order', () => {
    const allow = { direction: 'inbound', action: 'allow', port: 1801 } as const;
    const block = { direction: 'inbound', action: 'block', remote: '10.0.0.5' } as const;
    for (const rules of [
      [allow, block],
      [block, allow],
    ]) {
      const { clock, network, connect, outcomes } = lan();
      network.setFirewall('app', { defaultInbound: 'block', rules });
      connect('web');
      connect('branch');
      clock.run();
      expect(outcomes).toEqual([
        `${10_000} 192.168.7.9:49152 connected`,
        `${21 * SECOND} 10.0.0.5:49152 timeout`,
      ]);
    }
  });

  it('blocks on the sending host with an outbound rule: the SYN dies on its first segment', () => {
    const { clock, network, connect, outcomes } = lan();
    network.listen('app', { address: 'any', port: 2103 });
    network.setFirewall('web', {
      rules: [{ direction: 'outbound', action: 'block', port: 1801, remote: '10.0.0.0/8' }],
    });
    const capture = network.startCapture();
    connect('web', 1801);
    connect('web', 2103);
    clock.run();
    expect(outcomes).toEqual([
      `${10_000} 10.0.0.5:49153 connected`,
      `${21 * SECOND} 10.0.0.5:49152 timeout`,
    ]);
    expect(capture.packets.filter((packet) => packet.drop !== undefined)).toEqual([
      syn(0, '10.0.0.5:49152', { drop: 'firewall', dropAt: 'web' }),
      syn(3 * SECOND, '10.0.0.5:49152', { drop: 'firewall', dropAt: 'web', retransmission: true }),
      syn(9 * SECOND, '10.0.0.5:49152', { drop: 'firewall', dropAt: 'web', retransmission: true }),
    ]);
    expect(network.route('web', '10.0.0.20', 1801)).toEqual({
      outcome: 'dropped',
      reason: 'firewall',
      dropAt: 'web',
      hops: [{ segment: 'lan', src: '10.0.0.5:*', dst: '10.0.0.20:1801' }],
      nats: [],
    });
  });

  it('lets everything through when switched off, and says so when read back', () => {
    const { clock, network, connect, outcomes } = lan();
    network.setFirewall('app', { ...BLOCK_MSMQ, enabled: false });
    connect('web');
    clock.run();
    expect(outcomes).toEqual([`${10_000} 10.0.0.5:49152 connected`]);
    expect(network.firewall('app')).toEqual({
      enabled: false,
      defaultInbound: 'allow',
      defaultOutbound: 'allow',
      rules: [
        { direction: 'inbound', action: 'block', protocol: 'tcp', port: 1801, remote: 'any' },
      ],
    });
  });

  it('reads back a copy: changing it changes nothing', () => {
    const { network } = lan();
    network.setFirewall('app', BLOCK_MSMQ);
    const read = network.firewall('app');
    (read.rules[0] as { port: unknown }).port = 2103;
    expect(network.firewall('app').rules[0]?.port).toBe(1801);
    expect(JSON.parse(JSON.stringify(network.firewall('app')))).toEqual(network.firewall('app'));
  });
});

describe('the state table', () => {
  it('keeps an established connection working after a block rule is added; new ones are dropped', () => {
    const { clock, network, connect, outcomes, received } = lan();
    const session = connect('web');
    clock.run();
    network.setFirewall('app', BLOCK_MSMQ);
    session.send('after the rule');
    connect('web');
    clock.run();
    expect(received).toEqual(['after the rule']);
    expect(outcomes).toEqual([
      `${10_000} 10.0.0.5:49152 connected`,
      `${15_000 + 21 * SECOND} 10.0.0.5:49153 timeout`,
    ]);
    expect(session.state).toBe('ESTABLISHED');
  });

  it('answers a SYN it lets in to a closed port with RST, as without a firewall', () => {
    const { clock, network, connect, outcomes } = lan();
    network.setFirewall('app', { defaultInbound: 'allow' });
    connect('web', 2105);
    clock.run();
    expect(outcomes).toEqual([`${10_000} 10.0.0.5:49152 refused`]);
  });
});

describe('the idle time-out', () => {
  it('forgets a connection silent for longer than the time-out: its data is dropped until TCP gives up', () => {
    const { clock, network, connect, outcomes, received, accepted } = lan();
    network.setFirewall('app', { defaultInbound: 'allow', idleTimeoutSeconds: 60 });
    const talker = connect('web');
    const quiet = connect('web');
    clock.run();
    const capture = network.startCapture();
    // The talker sends every 10 s; the quiet one sends once, after 61 s of silence.
    for (let second = 10; second <= 60; second += 10) {
      clock.runUntil(second * SECOND);
      talker.send(`talk ${second}`);
    }
    clock.runUntil(61 * SECOND);
    quiet.send('after 61 s');
    talker.send('talk 61');
    clock.runUntil(200 * SECOND);
    expect(received).toEqual([
      'talk 10',
      'talk 20',
      'talk 30',
      'talk 40',
      'talk 50',
      'talk 60',
      'talk 61',
    ]);
    // The first copy and 5 retransmissions (0.3 s doubling), then the session is aborted at 18.9 s.
    const drops = capture.packets.filter((packet) => packet.drop !== undefined);
    expect(
      drops.map((packet) => [
        (packet.t - 61 * SECOND) / MS,
        packet.flags,
        packet.drop,
        packet.dropAt,
      ]),
    ).toEqual([
      [0, 'PSH,ACK', 'firewall', 'app'],
      [300, 'PSH,ACK', 'firewall', 'app'],
      [900, 'PSH,ACK', 'firewall', 'app'],
      [2_100, 'PSH,ACK', 'firewall', 'app'],
      [4_500, 'PSH,ACK', 'firewall', 'app'],
      [9_300, 'PSH,ACK', 'firewall', 'app'],
    ]);
    expect(outcomes).toEqual([
      `${10_000} 10.0.0.5:49152 connected`,
      `${10_000} 10.0.0.5:49153 connected`,
      `${61 * SECOND + 18_900 * MS} 10.0.0.5:49153 reset: timeout`,
    ]);
    // Nobody sends RST; the server never hears of it and still holds its end open.
    expect(capture.packets.filter((packet) => packet.flags === 'RST,ACK')).toEqual([]);
    expect([talker.state, quiet.state, quiet.outcome]).toEqual([
      'ESTABLISHED',
      'CLOSED',
      'timeout',
    ]);
    expect(accepted.map((session) => session.state)).toEqual(['ESTABLISHED', 'ESTABLISHED']);
  });

  it('lets a new connection in after forgetting the old one', () => {
    const { clock, network, connect, received } = lan();
    network.setFirewall('app', { defaultInbound: 'allow', idleTimeoutSeconds: 1 });
    const first = connect('web');
    clock.run();
    clock.runFor(2 * SECOND);
    first.send('lost');
    clock.run();
    const second = network.connect(
      'web',
      { address: '10.0.0.20', port: 1801 },
      {},
      {
        onConnect: (session) => session.send('through'),
      },
    );
    clock.run();
    expect([first.outcome, second.state, received]).toEqual([
      'timeout',
      'ESTABLISHED',
      ['through'],
    ]);
  });
});

describe('net.firewall.changed', () => {
  it('records the settings, each rule in netsh words', () => {
    const { network, trace, clock } = lan();
    clock.runFor(5 * SECOND);
    network.setFirewall('app', {
      rules: [
        { direction: 'inbound', action: 'allow', port: 1801, remote: '10.0.0.7/24' },
        { direction: 'outbound', action: 'block', protocol: 'tcp', remote: '2001:DB8::/32' },
      ],
      idleTimeoutSeconds: 90,
    });
    network.setFirewall('app', { enabled: false });
    expect(trace.events.filter((event) => event.type === 'net.firewall.changed')).toEqual([
      {
        t: 5 * SECOND,
        host: 'app',
        source: 'transport',
        type: 'net.firewall.changed',
        enabled: true,
        defaultInbound: 'block',
        defaultOutbound: 'allow',
        rules: [
          'dir=in action=allow protocol=any localport=1801 remoteip=10.0.0.0/24',
          'dir=out action=block protocol=tcp remoteport=any remoteip=2001:db8::/32',
        ],
        idleTimeoutSeconds: 90,
      },
      {
        t: 5 * SECOND,
        host: 'app',
        source: 'transport',
        type: 'net.firewall.changed',
        enabled: false,
        defaultInbound: 'block',
        defaultOutbound: 'allow',
        rules: [],
      },
    ]);
  });
});

describe('bad settings', () => {
  const cases: [string, unknown, unknown][] = [
    [
      'a port out of range',
      { rules: [{ direction: 'inbound', action: 'block', port: 70_000 }] },
      70_000,
    ],
    [
      'a prefix too long',
      { rules: [{ direction: 'inbound', action: 'allow', remote: '10.0.0.0/33' }] },
      '10.0.0.0/33',
    ],
    [
      'an IPv6 prefix too long',
      { rules: [{ direction: 'inbound', action: 'allow', remote: '::/129' }] },
      '::/129',
    ],
    [
      'a malformed remote',
      { rules: [{ direction: 'inbound', action: 'allow', remote: '10.0.0.300' }] },
      '10.0.0.300',
    ],
    ['a direction not listed', { rules: [{ direction: 'in', action: 'allow' }] }, 'in'],
    ['an action not listed', { rules: [{ direction: 'inbound', action: 'deny' }] }, 'deny'],
    [
      'a protocol not modelled',
      { rules: [{ direction: 'inbound', action: 'allow', protocol: 'udp' }] },
      'udp',
    ],
    [
      'an unknown rule field',
      { rules: [{ direction: 'inbound', action: 'allow', localport: 1801 }] },
      'localport',
    ],
    ['an unknown setting', { defaultInbond: 'allow' }, 'defaultInbond'],
    ['a bad default', { defaultOutbound: 'deny' }, 'deny'],
    ['a negative idle time-out', { idleTimeoutSeconds: -1 }, -1],
    ['rules that are not an array', { rules: 'block 1801' }, 'block 1801'],
    ['an enabled that is not a boolean', { enabled: 'no' }, 'no'],
  ];
  it.each(cases)('throws NetworkConfigError naming %s', (_name, settings, value) => {
    const { network } = lan();
    let thrown: unknown;
    try {
      network.setFirewall('app', settings as FirewallSettings);
    } catch (error) {
      thrown = error;
    }
    expect(NetworkConfigError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'ERR_NET_CONFIG', value });
    expect((thrown as Error).message).toContain(`setFirewall on host 'app'`);
    expect(network.firewall('app').enabled).toBe(false);
  });

  it('throws NetworkConfigError for an unknown host', () => {
    const { network } = lan();
    expect(() => network.setFirewall('nobody', {})).toThrow(
      expect.objectContaining({ code: 'ERR_NET_CONFIG', value: 'nobody' }) as unknown as Error,
    );
    expect(() => network.firewall('nobody')).toThrow(NetworkConfigError);
  });
});

describe('a firewall that allows everything', () => {
  it('changes nothing on the wire: the capture equals the run without one, for any seed and faults', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.nat({ max: 20_000 }),
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 30 * SECOND })), { maxLength: 12 }),
        fc.boolean(),
        (seed, loss, jitter, steps, withRules) => {
          const run = (firewall: boolean) => {
            const { clock, network, connect } = lan({ loss, jitter }, seed);
            if (firewall) {
              const rules = withRules
                ? [
                    { direction: 'inbound', action: 'allow', port: 1801 } as const,
                    { direction: 'outbound', action: 'allow', remote: '10.0.0.0/8' } as const,
                  ]
                : [];
              for (const host of ['web', 'branch', 'app']) {
                network.setFirewall(host, { defaultInbound: 'allow', rules });
              }
            }
            const capture = network.startCapture();
            const sessions = [connect('web'), connect('branch'), connect('web', 2103)];
            for (const [which, wait] of steps) {
              clock.runFor(wait);
              const session = sessions[which] as Session;
              if (session.state === 'ESTABLISHED') session.send(`after ${wait}`, wait % 500);
            }
            for (const session of sessions) if (session.state === 'ESTABLISHED') session.close();
            clock.run();
            return toNdjson(capture.packets);
          };
          expect(run(true)).toBe(run(false));
        },
      ),
      { numRuns: 100 },
    );
  });
});
