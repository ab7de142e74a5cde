import { createTraceRecorder, fromTicks, TICKS, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import {
  AddressInUseError,
  AddressNotAvailableError,
  Network,
  type Network as NetworkType,
  type Session,
  SessionStateError,
} from './index.js';

const MS = 10_000;
const SECOND = TICKS.perSecond;

/** Two hosts on one LAN with the default 0.5 ms latency, tracing into `trace`. */
function lan() {
  const clock = new VirtualClock({ epoch: fromTicks(0n) });
  const trace = createTraceRecorder();
  const network = new Network({ clock, seed: 42, trace });
  network.addSegment('lan');
  network.addHost('sender', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5', '2001:db8::5'] }],
  });
  network.addHost('receiver', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20', '2001:db8::20'] }],
  });
  return { clock, trace, network };
}

/** Records what happens to sessions, with the tick. */
function recorder(clock: VirtualClock) {
  const log: string[] = [];
  const at = (what: string) => (session: Session<unknown>, extra?: unknown) =>
    log.push(
      `${clock.ticks()} ${session.host} ${what}${extra === undefined ? '' : ` ${String(extra)}`}`,
    );
  return {
    log,
    handlers: {
      onConnect: at('connect'),
      onAccept: at('accept'),
      onRefused: at('refused'),
      onTimeout: at('timeout'),
      onData: at('data'),
      onClose: at('close'),
      onReset: at('reset'),
    },
  };
}

describe('TCP connect and accept', () => {
  it('completes the handshake in one round trip and delivers data after the ACK', () => {
    const { clock, network, trace } = lan();
    const { log, handlers } = recorder(clock);
    network.listen(
      'receiver',
      { address: '10.0.0.20', port: 1801, process: 'mqsvc.exe' },
      handlers,
    );
    const session = network.connect(
      'sender',
      { address: '10.0.0.20', port: 1801 },
      { process: 'mqsvc.exe' },
      { ...handlers, onConnect: (opened) => opened.send('m1') },
    );
    expect([session.state, session.local, session.remote]).toEqual([
      'SYN_SENT',
      '10.0.0.5:49152',
      '10.0.0.20:1801',
    ]);
    clock.run();
    expect(log).toEqual(['15000 receiver accept', '15000 receiver data m1']);
    expect(session.state).toBe('ESTABLISHED');
    expect(trace.events.filter((event) => event.type.startsWith('tcp.'))).toEqual([
      {
        t: 0,
        host: 'receiver',
        source: 'transport',
        type: 'tcp.listen',
        local: '10.0.0.20:1801',
        process: 'mqsvc.exe',
      },
      {
        t: 0,
        host: 'sender',
        source: 'transport',
        type: 'tcp.connect',
        stream: 1,
        local: '10.0.0.5:49152',
        remote: '10.0.0.20:1801',
        process: 'mqsvc.exe',
      },
      {
        t: 10_000,
        host: 'sender',
        source: 'transport',
        type: 'tcp.connected',
        stream: 1,
        local: '10.0.0.5:49152',
        remote: '10.0.0.20:1801',
      },
      {
        t: 15_000,
        host: 'receiver',
        source: 'transport',
        type: 'tcp.accepted',
        stream: 1,
        local: '10.0.0.20:1801',
        remote: '10.0.0.5:49152',
        process: 'mqsvc.exe',
      },
      {
        t: 15_000,
        host: 'receiver',
        source: 'transport',
        type: 'tcp.data',
        stream: 1,
        local: '10.0.0.20:1801',
        remote: '10.0.0.5:49152',
        bytes: 2,
      },
    ]);
  });

  it('works over IPv6, and a listener on any address accepts on every current address', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    network.listen('receiver', { address: 'any', port: 1801 }, handlers);
    network.connect('sender', { address: '2001:db8::20', port: 1801 }, {}, handlers);
    network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '10000 sender connect',
      '10000 sender connect',
      '15000 receiver accept',
      '15000 receiver accept',
    ]);
    expect(network.sessions('receiver').map((session) => session.local)).toEqual([
      '[2001:db8::20]:1801',
      '10.0.0.20:1801',
    ]);
  });

  it('connects a host to itself over the loopback', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    network.listen('sender', { address: '127.0.0.1', port: 1801 }, handlers);
    network.listen('sender', { address: '10.0.0.5', port: 1801 }, handlers);
    const capture = network.startCapture({ segments: ['lan'] });
    const loopback = network.startCapture({ segments: ['loopback'] });
    network.connect('sender', { address: '127.0.0.1', port: 1801 }, {}, handlers);
    network.connect('sender', { address: '10.0.0.5', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '20 sender connect',
      '20 sender connect',
      '30 sender accept',
      '30 sender accept',
    ]);
    expect(capture.packets).toEqual([]);
    expect(
      loopback.packets.map((packet) => `${packet.t} ${packet.src} > ${packet.dst} ${packet.flags}`),
    ).toEqual([
      '0 127.0.0.1:49152 > 127.0.0.1:1801 SYN',
      '0 10.0.0.5:49153 > 10.0.0.5:1801 SYN',
      '10 127.0.0.1:1801 > 127.0.0.1:49152 SYN,ACK',
      '10 10.0.0.5:1801 > 10.0.0.5:49153 SYN,ACK',
      '20 127.0.0.1:49152 > 127.0.0.1:1801 ACK',
      '20 10.0.0.5:49153 > 10.0.0.5:1801 ACK',
    ]);
  });

  it('refuses with RST when the host is there but nothing listens on that address and port', () => {
    const { clock, network, trace } = lan();
    const { log, handlers } = recorder(clock);
    network.listen('receiver', { address: '10.0.0.20', port: 1802 }, handlers);
    const session = network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual(['10000 sender refused']);
    expect([session.state, session.outcome]).toEqual(['CLOSED', 'refused']);
    expect(trace.events.at(-1)).toEqual({
      t: 10_000,
      host: 'sender',
      source: 'transport',
      type: 'tcp.refused',
      stream: 1,
      local: '10.0.0.5:49152',
      remote: '10.0.0.20:1801',
    });
  });

  it('times out after 21 s when nobody has the address: SYN at 0, 3 and 9 s', () => {
    const { clock, network, trace } = lan();
    const { log, handlers } = recorder(clock);
    const capture = network.startCapture();
    const session = network.connect('sender', { address: '10.0.0.99', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([`${21 * SECOND} sender timeout`]);
    expect([session.state, session.outcome]).toEqual(['CLOSED', 'timeout']);
    expect(
      capture.packets.map((packet) => [packet.t, packet.flags, packet.drop, packet.retransmission]),
    ).toEqual([
      [0, 'SYN', 'no-route', undefined],
      [3 * SECOND, 'SYN', 'no-route', true],
      [9 * SECOND, 'SYN', 'no-route', true],
    ]);
    expect(trace.events.at(-1)).toMatchObject({
      type: 'tcp.timeout',
      phase: 'connect',
      reason: 'no-response',
    });
  });

  it('honours a shorter connect time-out', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    network.connect(
      'sender',
      { address: '10.0.0.99', port: 1801 },
      { timeout: 5 * SECOND },
      handlers,
    );
    clock.run();
    expect(log).toEqual([`${5 * SECOND} sender timeout`]);
  });

  it('fails at once when the host has no address of the destination family', () => {
    const { clock, network, trace } = lan();
    network.addHost('v4only', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.7'] }],
    });
    const { log, handlers } = recorder(clock);
    network.connect('v4only', { address: '2001:db8::20', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual(['0 v4only timeout']);
    expect(trace.events.at(-1)).toMatchObject({
      type: 'tcp.timeout',
      local: '[::]:0',
      reason: 'no-route',
    });
  });

  it('allocates ephemeral ports from 49152 upwards, skipping ones in use', () => {
    const { network } = lan();
    const ports = [1, 2, 3].map(
      () => network.connect('sender', { address: '10.0.0.20', port: 1801 }).localPort,
    );
    expect(ports).toEqual([49_152, 49_153, 49_154]);
  });

  it('binds only to addresses the host has, once per address and port', () => {
    const { network } = lan();
    network.listen('receiver', { address: '10.0.0.20', port: 1801 });
    expect(() => network.listen('receiver', { address: '10.0.0.20', port: 1801 })).toThrow(
      AddressInUseError,
    );
    expect(() => network.listen('receiver', { address: '10.0.0.21', port: 1801 })).toThrow(
      "listen on 10.0.0.21:1801 on host 'receiver': the host does not have address 10.0.0.21 (WSAEADDRNOTAVAIL)",
    );
    expect(() => network.listen('receiver', { address: '10.0.0.21', port: 1801 })).toThrow(
      AddressNotAvailableError,
    );
    // A specific binding and a wildcard may share a port; two wildcards of a family may not.
    network.listen('receiver', { address: '0.0.0.0', port: 1801 });
    expect(() => network.listen('receiver', { address: 'any', port: 1801 })).toThrow(
      "listen on any address port 1801 on host 'receiver': 0.0.0.0:1801 is already held by System (WSAEADDRINUSE)",
    );
    expect(() =>
      network.connect('sender', { address: '10.0.0.20', port: 1801 }, { localAddress: '10.0.0.6' }),
    ).toThrow(AddressNotAvailableError);
  });

  it('does not let a session send before it is established', () => {
    const { network } = lan();
    const session = network.connect('sender', { address: '10.0.0.20', port: 1801 });
    expect(() => session.send('too early')).toThrow(SessionStateError);
    expect(() => session.send('too early')).toThrow(
      "cannot send on session 10.0.0.5:49152 → 10.0.0.20:1801 on host 'sender': it is SYN_SENT",
    );
  });

  it('rejects a frame size that is not a byte count', () => {
    const { clock, network } = lan();
    network.listen('receiver', { address: 'any', port: 1801 });
    const session = network.connect('sender', { address: '10.0.0.20', port: 1801 });
    clock.run();
    expect(() => session.send('x', -1)).toThrow(
      'send on session 10.0.0.5:49152 → 10.0.0.20:1801: bytes=-1 is not a size',
    );
    expect(session.framesSent).toBe(0);
  });
});

describe('TCP handshake losses', () => {
  it('a lost SYN-ACK is sent again when the SYN is retransmitted', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    const capture = network.startCapture();
    network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.runUntil(4_999);
    network.setLink('lan', { loss: 1 });
    clock.runUntil(5_001);
    network.setLink('lan', { loss: 0 });
    expect(network.netstat('receiver').map((row) => row.state)).toEqual([
      'LISTENING',
      'SYN_RECEIVED',
    ]);
    clock.run();
    expect(log).toEqual([
      `${3 * SECOND + 10_000} sender connect`,
      `${3 * SECOND + 15_000} receiver accept`,
    ]);
    expect(
      capture.packets.map((packet) => [packet.t, packet.flags, packet.drop, packet.retransmission]),
    ).toEqual([
      [0, 'SYN', undefined, undefined],
      [5_000, 'SYN,ACK', 'loss', undefined],
      [3 * SECOND, 'SYN', undefined, true],
      [3 * SECOND + 5_000, 'SYN,ACK', undefined, true],
      [3 * SECOND + 10_000, 'ACK', undefined, undefined],
    ]);
  });

  it('a lost final ACK holds back the data behind it; the server accepts on its retransmission', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    network.connect(
      'sender',
      { address: '10.0.0.20', port: 1801 },
      {},
      {
        ...handlers,
        // The final ACK went out (and was lost) just before this runs.
        onConnect: (session) => {
          network.setLink('lan', { loss: 0 });
          session.send('behind');
        },
      },
    );
    clock.runUntil(9_999);
    network.setLink('lan', { loss: 1 });
    clock.run();
    expect(log).toEqual([
      `${10_000 + 300 * MS + 5_000} receiver accept`,
      `${10_000 + 300 * MS + 5_000} receiver data behind`,
    ]);
  });

  it('drops a half-open connection whose client went away, after 21 s, without telling the server', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    network.connect('sender', { address: '10.0.0.20', port: 1801 }, { timeout: 1_000 }, handlers);
    network.partition('gone', ['sender'], ['lan']);
    clock.runUntil(20 * SECOND);
    expect(network.netstat('receiver').map((row) => row.state)).toEqual([
      'LISTENING',
      'SYN_RECEIVED',
    ]);
    clock.run();
    expect([log, network.netstat('receiver').map((row) => row.state)]).toEqual([
      ['1000 sender timeout'],
      ['LISTENING'],
    ]);
  });
});

describe('TCP data', () => {
  it('delivers frames in order, once, with the link delay, and counts bytes of any frame shape', () => {
    const { clock, network, trace } = lan();
    const received: unknown[] = [];
    network.listen(
      'receiver',
      { address: '10.0.0.20', port: 1801 },
      {
        onData: (_session, frame) => received.push([clock.ticks(), frame]),
      },
    );
    network.connect(
      'sender',
      { address: '10.0.0.20', port: 1801 },
      {},
      {
        onConnect: (session) => {
          session.send('abc');
          session.send(new Uint8Array(10));
          session.send({ id: 3 }, 700);
          session.send({ id: 4 });
        },
      },
    );
    clock.run();
    expect(received).toEqual([
      [15_000, 'abc'],
      [15_000, new Uint8Array(10)],
      [15_000, { id: 3 }],
      [15_000, { id: 4 }],
    ]);
    expect(
      trace.events.filter((event) => event.type === 'tcp.data').map((event) => event.bytes),
    ).toEqual([3, 10, 700, 0]);
  });

  it('replies flow back on the accepted session', () => {
    const { clock, network } = lan();
    const replies: unknown[] = [];
    network.listen(
      'receiver',
      { address: '10.0.0.20', port: 1801 },
      {
        onData: (session, frame) => session.send(`ack ${String(frame)}`),
      },
    );
    const client = network.connect(
      'sender',
      { address: '10.0.0.20', port: 1801 },
      {},
      {
        onConnect: (session) => session.send('m1'),
        onData: (_session, frame) => replies.push([clock.ticks(), frame]),
      },
    );
    clock.run();
    expect(replies).toEqual([[20_000, 'ack m1']]);
    expect([client.framesSent, client.framesReceived]).toEqual([1, 1]);
  });
});

describe('TCP close and reset', () => {
  function established(
    network: NetworkType,
    clock: VirtualClock,
    handlers: ReturnType<typeof recorder>['handlers'],
  ) {
    let server: Session | undefined;
    network.listen(
      'receiver',
      { address: '10.0.0.20', port: 1801, process: 'mqsvc.exe' },
      {
        ...handlers,
        onAccept: (session) => {
          server = session;
          handlers.onAccept(session);
        },
      },
    );
    const client = network.connect(
      'sender',
      { address: '10.0.0.20', port: 1801 },
      { process: 'mqsvc.exe' },
      handlers,
    );
    clock.run();
    return { client, server: server as Session };
  }

  it('closes in order after queued data; the closer waits in TIME_WAIT for 240 s', () => {
    const { clock, network, trace } = lan();
    const { log, handlers } = recorder(clock);
    const { client, server } = established(network, clock, handlers);
    client.send('last');
    client.close();
    expect(client.state).toBe('FIN_WAIT_1');
    clock.runFor(10 * MS);
    expect(log.slice(2)).toEqual([
      '20000 receiver data last',
      '20000 receiver close',
      '25000 sender close',
    ]);
    expect([client.state, server.state, client.outcome, server.outcome]).toEqual([
      'TIME_WAIT',
      'CLOSED',
      'closed',
      'closed',
    ]);
    expect(network.netstat('sender')).toEqual([
      {
        proto: 'TCP',
        local: '10.0.0.5:49152',
        foreign: '10.0.0.20:1801',
        state: 'TIME_WAIT',
        process: undefined,
      },
    ]);
    clock.run();
    expect([clock.ticks(), client.state, network.netstat('sender')]).toEqual([
      25_000 + 240 * SECOND,
      'CLOSED',
      [],
    ]);
    expect(
      trace.events
        .filter((event) => event.type === 'tcp.closed')
        .map((event) => [event.host, event.by]),
    ).toEqual([
      ['receiver', 'peer'],
      ['sender', 'local'],
    ]);
    expect(() => client.send('after')).toThrow('it is CLOSED (closed)');
  });

  it('reset() sends RST: the peer gets onReset, frames not yet sent are dropped', () => {
    const { clock, network, trace } = lan();
    const { log, handlers } = recorder(clock);
    const { client, server } = established(network, clock, handlers);
    server.reset();
    expect([server.state, server.outcome]).toEqual(['CLOSED', 'aborted']);
    clock.run();
    expect(log.slice(2)).toEqual(['20000 sender reset rst']);
    expect([client.state, client.outcome]).toEqual(['CLOSED', 'reset']);
    expect(
      trace.events
        .filter((event) => event.type === 'tcp.reset')
        .map((event) => [event.host, event.by]),
    ).toEqual([
      ['receiver', 'local'],
      ['sender', 'peer'],
    ]);
    expect([network.netstat('sender'), network.sessions('receiver')]).toEqual([[], []]);
  });

  it('discards data that reaches a session after it was reset or closed', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    const { client, server } = established(network, clock, handlers);
    client.send('in flight');
    server.reset();
    clock.run();
    expect(log.slice(2)).toEqual(['20000 sender reset rst']);
  });

  it('closing while connecting abandons the attempt without callbacks', () => {
    const { clock, network } = lan();
    const { log, handlers } = recorder(clock);
    network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    const client = network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    client.close();
    clock.run();
    expect([client.state, client.outcome, log]).toEqual(['CLOSED', 'aborted', []]);
  });
});
