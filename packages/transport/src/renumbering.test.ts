import { createTraceRecorder, fromTicks, TICKS, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { formatNetstat, Network, type Session } from './index.js';

const SECOND = TICKS.perSecond;

function lan() {
  const clock = new VirtualClock({ epoch: fromTicks(0n) });
  const trace = createTraceRecorder();
  const network = new Network({ clock, seed: 9, trace });
  network.addSegment('lan');
  network.addHost('sender', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5'] }],
  });
  network.addHost('receiver', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }],
  });
  const log: string[] = [];
  const note = (what: string) => (session: Session, detail?: unknown) =>
    log.push(
      `${clock.ticks()} ${session.host} ${what} ${session.remote}${detail === undefined ? '' : ` ${String(detail)}`}`,
    );
  const handlers = {
    onConnect: note('connected'),
    onAccept: note('accepted'),
    onRefused: note('refused'),
    onTimeout: note('timed out'),
    onData: note('data'),
    onReset: note('reset'),
  };
  return { clock, trace, network, log, handlers };
}

describe('renumbering under a bound listener', () => {
  it('a listener bound to the old address goes stale: connects to the new address are refused', () => {
    const { clock, network, log, handlers } = lan();
    const listener = network.listen(
      'receiver',
      { address: '10.0.0.20', port: 1801, process: 'mqsvc.exe' },
      handlers,
    );
    network.setAddress('receiver', 'eth0', '10.0.0.21');
    expect([listener.open, listener.stale]).toEqual([true, true]);
    network.connect('sender', { address: '10.0.0.21', port: 1801 }, {}, handlers);
    network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '10000 sender refused 10.0.0.21:1801',
      `${21 * SECOND} sender timed out 10.0.0.20:1801`,
    ]);
    // netstat -anb still shows the listener — on an address the host no longer has.
    expect(formatNetstat(network.netstat('receiver'))).toBe(
      [
        '',
        'Active Connections',
        '',
        '  Proto  Local Address          Foreign Address        State',
        '  TCP    10.0.0.20:1801         0.0.0.0:0              LISTENING',
        ' [mqsvc.exe]',
      ].join('\n'),
    );
  });

  it('the listener works again if the host gets its old address back', () => {
    const { clock, network, log, handlers } = lan();
    const listener = network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    network.setAddress('receiver', 'eth0', '10.0.0.21');
    network.addAddress('receiver', 'eth0', '10.0.0.20');
    expect(listener.stale).toBe(false);
    network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '10000 sender connected 10.0.0.20:1801',
      '15000 receiver accepted 10.0.0.5:49152',
    ]);
  });

  it("a listener on 'any' follows the host's current addresses", () => {
    const { clock, network, log, handlers } = lan();
    const listener = network.listen('receiver', { address: 'any', port: 1801 }, handlers);
    network.setAddress('receiver', 'eth0', '10.0.0.21');
    expect(listener.stale).toBe(false);
    network.connect('sender', { address: '10.0.0.21', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual([
      '10000 sender connected 10.0.0.21:1801',
      '15000 receiver accepted 10.0.0.5:49152',
    ]);
  });

  it('when another host takes the old address, it refuses the connects meant for the old listener', () => {
    const { clock, network, log, handlers } = lan();
    network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    network.setAddress('receiver', 'eth0', '10.0.0.21');
    network.addHost('newcomer', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }],
    });
    network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.run();
    expect(log).toEqual(['10000 sender refused 10.0.0.20:1801']);
  });

  it('an established session dies when its address goes: the sender retransmits for 18.9 s, then gives up', () => {
    const { clock, network, log, handlers, trace } = lan();
    network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    const client = network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.run();
    network.setAddress('receiver', 'eth0', '10.0.0.21');
    client.send('lost');
    const sentAt = clock.ticks();
    clock.run();
    expect(log.slice(2)).toEqual([
      `${sentAt + (189 * SECOND) / 10} sender reset 10.0.0.20:1801 timeout`,
    ]);
    expect([client.state, client.outcome]).toEqual(['CLOSED', 'timeout']);
    expect(trace.events.at(-1)).toMatchObject({
      type: 'tcp.timeout',
      phase: 'established',
      host: 'sender',
    });
    // The receiver's end never hears of it: still ESTABLISHED (half-open), on the old address.
    expect(
      network.netstat('receiver').map((row) => `${row.local} ${row.foreign} ${row.state}`),
    ).toEqual(['10.0.0.20:1801 0.0.0.0:0 LISTENING', '10.0.0.20:1801 10.0.0.5:49152 ESTABLISHED']);
  });

  it('an established session is reset when its address moves to a host that has no such connection', () => {
    const { clock, network, log, handlers } = lan();
    network.listen('receiver', { address: '10.0.0.20', port: 1801 }, handlers);
    const client = network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, handlers);
    clock.run();
    network.setAddress('receiver', 'eth0', '10.0.0.21');
    network.addHost('newcomer', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }],
    });
    client.send('misdelivered');
    clock.run();
    expect(log.slice(2)).toEqual(['25000 sender reset 10.0.0.20:1801 rst']);
  });
});

describe('the NAT renumbering incident', () => {
  it('reproduces it: RST on the new address, time-out on the cached external one; restarting MSMQ fixes it', () => {
    const clock = new VirtualClock({ epoch: fromTicks(0n) });
    const network = new Network({ clock, seed: 2011 });
    network.addSegment('hosting');
    network.addSegment('internet', { latency: 150_000 });
    network.addRouter('provider', ['hosting', 'internet']);
    network.addHost('web', {
      interfaces: [{ name: 'eth0', segment: 'hosting', addresses: ['203.0.113.5'] }],
    });
    network.addHost('app', {
      interfaces: [{ name: 'eth0', segment: 'hosting', addresses: ['203.0.113.10'] }],
    });
    const log: string[] = [];
    const note = (what: string) => (session: Session) =>
      log.push(`${session.host} ${what} ${session.local} ⇄ ${session.remote}`);
    const handlers = {
      onConnect: note('connected'),
      onAccept: note('accepted'),
      onRefused: note('refused'),
      onTimeout: note('timed out'),
    };
    // MSMQ on `app` starts and binds to the addresses it has.
    const msmq = network.listen(
      'app',
      { address: '203.0.113.10', port: 1801, process: 'mqsvc.exe' },
      handlers,
    );
    network.connect(
      'web',
      { address: '203.0.113.10', port: 1801 },
      { process: 'mqsvc.exe' },
      handlers,
    );
    clock.runFor(SECOND);

    // The provider moves both servers behind NAT; they keep their external addresses there.
    network.removeRouter('provider');
    network.setAddress('web', 'eth0', '10.0.0.5');
    network.setAddress('app', 'eth0', '10.0.0.20');
    network.addNat({
      name: 'edge',
      inside: 'hosting',
      outside: 'internet',
      external: ['203.0.113.5', '203.0.113.10'],
      mappings: [
        { external: '203.0.113.5', internal: '10.0.0.5' },
        { external: '203.0.113.10', internal: '10.0.0.20' },
      ],
    });
    // The sender's cached address is the external one; a fresh lookup gives the internal one.
    network.connect(
      'web',
      { address: '203.0.113.10', port: 1801 },
      { process: 'mqsvc.exe' },
      handlers,
    );
    network.connect(
      'web',
      { address: '10.0.0.20', port: 1801 },
      { process: 'mqsvc.exe' },
      handlers,
    );
    clock.runFor(30 * SECOND);

    // Restarting MSMQ on the receiver rebinds to the addresses it has now.
    msmq.close();
    network.listen('app', { address: '10.0.0.20', port: 1801, process: 'mqsvc.exe' }, handlers);
    network.connect(
      'web',
      { address: '10.0.0.20', port: 1801 },
      { process: 'mqsvc.exe' },
      handlers,
    );
    clock.runFor(SECOND);

    expect(log).toEqual([
      'web connected 203.0.113.5:49152 ⇄ 203.0.113.10:1801',
      'app accepted 203.0.113.10:1801 ⇄ 203.0.113.5:49152',
      'web refused 10.0.0.5:49154 ⇄ 10.0.0.20:1801',
      'web timed out 10.0.0.5:49153 ⇄ 203.0.113.10:1801',
      'web connected 10.0.0.5:49155 ⇄ 10.0.0.20:1801',
      'app accepted 10.0.0.20:1801 ⇄ 10.0.0.5:49155',
    ]);
    expect(formatNetstat(network.netstat('app'))).toBe(
      [
        '',
        'Active Connections',
        '',
        '  Proto  Local Address          Foreign Address        State',
        '  TCP    10.0.0.20:1801         0.0.0.0:0              LISTENING',
        ' [mqsvc.exe]',
        '  TCP    10.0.0.20:1801         10.0.0.5:49155         ESTABLISHED',
        ' [mqsvc.exe]',
        '  TCP    203.0.113.10:1801      203.0.113.5:49152      ESTABLISHED',
        ' [mqsvc.exe]',
      ].join('\n'),
    );
  });
});

describe('moving an interface to another segment', () => {
  it('re-cables a host behind a NAT: old listener stale, new address reachable on the new segment only', () => {
    const { clock, network, trace } = lan();
    network.addSegment('dmz');
    network.addHost('outsider', {
      interfaces: [{ name: 'eth0', segment: 'dmz', addresses: ['203.0.113.9'] }],
    });
    const listener = network.listen('receiver', { address: '10.0.0.20', port: 1801 });
    network.moveInterface('receiver', 'eth0', 'dmz', ['203.0.113.20']);
    expect(listener.stale).toBe(true);
    expect(network.addresses('receiver')).toEqual([
      { interface: 'eth0', segment: 'dmz', address: '203.0.113.20', family: 'ipv4' },
    ]);
    expect(trace.events.at(-1)).toMatchObject({
      type: 'net.address.changed',
      segment: 'dmz',
      added: ['203.0.113.20'],
      removed: ['10.0.0.20'],
    });
    network.listen('receiver', { address: '203.0.113.20', port: 1801 });
    const outcomes: string[] = [];
    network.connect(
      'outsider',
      { address: '203.0.113.20', port: 1801 },
      {},
      { onConnect: () => outcomes.push('outsider connected') },
    );
    network.connect(
      'sender',
      { address: '203.0.113.20', port: 1801 },
      {},
      { onTimeout: () => outcomes.push('sender timed out') },
    );
    clock.runUntil(30 * SECOND);
    expect(outcomes).toEqual(['outsider connected', 'sender timed out']);
    // The old address is free on the old segment again.
    network.addAddress('sender', 'eth0', '10.0.0.20');
  });

  it('refuses an address already taken on the new segment, and leaves the interface as it was', () => {
    const { network } = lan();
    network.addSegment('dmz');
    network.addHost('other', {
      interfaces: [{ name: 'eth0', segment: 'dmz', addresses: ['203.0.113.20'] }],
    });
    expect(() => network.moveInterface('receiver', 'eth0', 'dmz', ['203.0.113.20'])).toThrow(
      /203\.0\.113\.20/,
    );
    expect(network.addresses('receiver')).toMatchObject([{ segment: 'lan', address: '10.0.0.20' }]);
    expect(() => network.moveInterface('receiver', 'eth0', 'nowhere', ['10.0.0.1'])).toThrow(
      /nowhere/,
    );
  });
});
