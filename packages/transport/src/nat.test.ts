import { fromTicks, TICKS, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { Network, type Session } from './index.js';

const SECOND = TICKS.perSecond;

/**
 * The hosting provider after the change: `sender` and `receiver` inside on `lan`, the NAT `edge`
 * holding their old public addresses (1:1) plus one for everyone else; `partner` outside.
 */
function hosting(hairpin: boolean) {
  const clock = new VirtualClock({ epoch: fromTicks(0n) });
  const network = new Network({ clock, seed: 3 });
  network.addSegment('lan');
  network.addSegment('internet', { latency: 200_000 });
  network.addHost('sender', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5'] }],
  });
  network.addHost('receiver', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }],
  });
  network.addHost('helper', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.30'] }],
  });
  network.addHost('partner', {
    interfaces: [{ name: 'eth0', segment: 'internet', addresses: ['198.51.100.7'] }],
  });
  network.addNat({
    name: 'edge',
    inside: 'lan',
    outside: 'internet',
    external: ['203.0.113.1', '203.0.113.10', '203.0.113.11'],
    mappings: [
      { external: '203.0.113.10', internal: '10.0.0.20' },
      { external: '203.0.113.11:1801', internal: '10.0.0.5:1801' },
    ],
    hairpin,
  });
  return { clock, network };
}

function watch(clock: VirtualClock) {
  const log: string[] = [];
  const note = (what: string) => (session: Session) =>
    log.push(`${clock.ticks()} ${session.host} ${what} ${session.local} ⇄ ${session.remote}`);
  return {
    log,
    handlers: {
      onConnect: note('connected'),
      onAccept: note('accepted'),
      onRefused: note('refused'),
      onTimeout: note('timed out'),
    },
  };
}

describe('NAT', () => {
  it('forwards from outside through a static 1:1 mapping; the server sees the real client', () => {
    const { clock, network } = hosting(false);
    const { log, handlers } = watch(clock);
    network.listen('receiver', { address: 'any', port: 1801 }, handlers);
    const capture = network.startCapture();
    network.connect('partner', { address: '203.0.113.10', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '410000 partner connected 198.51.100.7:49152 ⇄ 203.0.113.10:1801',
      '615000 receiver accepted 10.0.0.20:1801 ⇄ 198.51.100.7:49152',
    ]);
    expect(
      capture.packets
        .slice(0, 4)
        .map((packet) => [packet.t, packet.segment, packet.flags, packet.src, packet.dst]),
    ).toEqual([
      [0, 'internet', 'SYN', '198.51.100.7:49152', '203.0.113.10:1801'],
      [200_000, 'lan', 'SYN', '198.51.100.7:49152', '10.0.0.20:1801'],
      [205_000, 'lan', 'SYN,ACK', '10.0.0.20:1801', '198.51.100.7:49152'],
      [210_000, 'internet', 'SYN,ACK', '203.0.113.10:1801', '198.51.100.7:49152'],
    ]);
  });

  it('forwards a port mapping only for its port', () => {
    const { clock, network } = hosting(false);
    const { log, handlers } = watch(clock);
    network.listen('sender', { address: 'any', port: 1801 }, handlers);
    network.listen('sender', { address: 'any', port: 80 }, handlers);
    network.connect('partner', { address: '203.0.113.11', port: 1801 }, {}, handlers);
    network.connect('partner', { address: '203.0.113.11', port: 80 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '410000 partner connected 198.51.100.7:49152 ⇄ 203.0.113.11:1801',
      '615000 sender accepted 10.0.0.5:1801 ⇄ 198.51.100.7:49152',
      `${21 * SECOND} partner timed out 198.51.100.7:49153 ⇄ 203.0.113.11:80`,
    ]);
  });

  it('translates inside-out connections through a dynamic mapping that lasts as long as the connection', () => {
    const { clock, network } = hosting(false);
    const { log, handlers } = watch(clock);
    const accepted: Session[] = [];
    const replies: string[] = [];
    network.listen(
      'partner',
      { address: '198.51.100.7', port: 1801 },
      {
        ...handlers,
        onAccept: (session) => {
          accepted.push(session);
          handlers.onAccept(session);
        },
      },
    );
    const clientHandlers = {
      ...handlers,
      onData: (session: Session, frame: unknown) =>
        replies.push(`${clock.ticks()} ${session.host} ${String(frame)}`),
    };
    const helper = network.connect(
      'helper',
      { address: '198.51.100.7', port: 1801 },
      {},
      clientHandlers,
    );
    const receiver = network.connect(
      'receiver',
      { address: '198.51.100.7', port: 1801 },
      {},
      clientHandlers,
    );
    clock.run();
    expect(log).toEqual([
      '410000 helper connected 10.0.0.30:49152 ⇄ 198.51.100.7:1801',
      '410000 receiver connected 10.0.0.20:49152 ⇄ 198.51.100.7:1801',
      '615000 partner accepted 198.51.100.7:1801 ⇄ 203.0.113.1:49152',
      '615000 partner accepted 198.51.100.7:1801 ⇄ 203.0.113.10:49152',
    ]);
    expect(network.natTable('edge')).toEqual([
      { type: 'static', external: '203.0.113.10', internal: '10.0.0.20' },
      { type: 'static', external: '203.0.113.11:1801', internal: '10.0.0.5:1801' },
      { type: 'dynamic', external: '203.0.113.1:49152', internal: '10.0.0.30:49152' },
    ]);
    // Replies come back through the mappings.
    for (const session of accepted) session.send(`reply to ${session.remote}`);
    clock.runFor(SECOND);
    expect(replies).toEqual([
      '820000 helper reply to 203.0.113.1:49152',
      '820000 receiver reply to 203.0.113.10:49152',
    ]);
    helper.close();
    receiver.close();
    clock.runFor(SECOND);
    expect(helper.state).toBe('TIME_WAIT');
    expect(network.natTable('edge')).toHaveLength(3);
    clock.run();
    // After TIME_WAIT the dynamic mapping is gone.
    expect(network.natTable('edge')).toEqual([
      { type: 'static', external: '203.0.113.10', internal: '10.0.0.20' },
      { type: 'static', external: '203.0.113.11:1801', internal: '10.0.0.5:1801' },
    ]);
  });

  it('drops inside-out connections without a mapping when dynamic mapping is off', () => {
    const { clock, network } = hosting(false);
    network.setNat('edge', { dynamic: false });
    const { log, handlers } = watch(clock);
    network.listen('partner', { address: 'any', port: 1801 }, handlers);
    network.connect('helper', { address: '198.51.100.7', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([`${21 * SECOND} helper timed out 10.0.0.30:49152 ⇄ 198.51.100.7:1801`]);
    expect(network.route('helper', '198.51.100.7')).toEqual({
      outcome: 'dropped',
      reason: 'no-mapping',
      dropAt: 'edge',
      hops: [{ segment: 'lan', src: '10.0.0.30:*', dst: '198.51.100.7:1801' }],
      nats: [],
    });
  });

  it('hairpin off: an inside host connecting to an external address of its own NAT times out', () => {
    const { clock, network } = hosting(false);
    const { log, handlers } = watch(clock);
    network.listen('receiver', { address: 'any', port: 1801 }, handlers);
    const capture = network.startCapture();
    network.connect('sender', { address: '203.0.113.10', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([`${21 * SECOND} sender timed out 10.0.0.5:49152 ⇄ 203.0.113.10:1801`]);
    expect(
      capture.packets.map((packet) => [
        packet.t,
        packet.segment,
        packet.flags,
        packet.drop,
        packet.dropAt,
      ]),
    ).toEqual([
      [0, 'lan', 'SYN', 'hairpin-disabled', 'edge'],
      [3 * SECOND, 'lan', 'SYN', 'hairpin-disabled', 'edge'],
      [9 * SECOND, 'lan', 'SYN', 'hairpin-disabled', 'edge'],
    ]);
  });

  it('hairpin on: the same connection goes out to the NAT and back in, source translated', () => {
    const { clock, network } = hosting(true);
    const { log, handlers } = watch(clock);
    network.listen('receiver', { address: 'any', port: 1801 }, handlers);
    const capture = network.startCapture();
    network.connect('helper', { address: '203.0.113.10', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '20000 helper connected 10.0.0.30:49152 ⇄ 203.0.113.10:1801',
      '30000 receiver accepted 10.0.0.20:1801 ⇄ 203.0.113.1:49152',
    ]);
    expect(
      capture.packets
        .slice(0, 2)
        .map((packet) => `${packet.t} ${packet.segment} ${packet.src} > ${packet.dst}`),
    ).toEqual([
      '0 lan 10.0.0.30:49152 > 203.0.113.10:1801',
      '5000 lan 203.0.113.1:49152 > 10.0.0.20:1801',
    ]);
    expect(network.route('helper', '203.0.113.10')).toEqual({
      outcome: 'delivered',
      host: 'receiver',
      hops: [
        { segment: 'lan', src: '10.0.0.30:*', dst: '203.0.113.10:1801' },
        { segment: 'lan', src: '203.0.113.1:*', dst: '10.0.0.20:1801' },
      ],
      nats: ['edge'],
    });
  });

  it('hairpin can be switched on at run time, and a waiting connect then gets through', () => {
    const { clock, network } = hosting(false);
    const { log, handlers } = watch(clock);
    network.listen('receiver', { address: 'any', port: 1801 }, handlers);
    network.connect('helper', { address: '203.0.113.10', port: 1801 }, {}, handlers);
    clock.runUntil(5 * SECOND);
    network.setNat('edge', { hairpin: true });
    clock.run();
    expect(log).toEqual([
      `${9 * SECOND + 20_000} helper connected 10.0.0.30:49152 ⇄ 203.0.113.10:1801`,
      `${9 * SECOND + 30_000} receiver accepted 10.0.0.20:1801 ⇄ 203.0.113.1:49152`,
    ]);
  });

  it('describes the outside and inside views of one service', () => {
    const { network } = hosting(false);
    expect(network.route('partner', '203.0.113.10', 1801)).toEqual({
      outcome: 'delivered',
      host: 'receiver',
      hops: [
        { segment: 'internet', src: '198.51.100.7:*', dst: '203.0.113.10:1801' },
        { segment: 'lan', src: '198.51.100.7:*', dst: '10.0.0.20:1801' },
      ],
      nats: ['edge'],
    });
    expect(network.route('sender', '10.0.0.20', 1801)).toEqual({
      outcome: 'delivered',
      host: 'receiver',
      hops: [{ segment: 'lan', src: '10.0.0.5:*', dst: '10.0.0.20:1801' }],
      nats: [],
    });
    expect(network.route('partner', '203.0.113.12', 1801)).toEqual({
      outcome: 'dropped',
      reason: 'no-route',
      hops: [{ segment: 'internet', src: '198.51.100.7:*', dst: '203.0.113.12:1801' }],
      nats: [],
    });
  });
});
