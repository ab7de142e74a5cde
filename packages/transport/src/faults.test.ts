import { createTraceRecorder, fromTicks, TICKS, VirtualClock } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LinkSettings, Network, type Session, toNdjson } from './index.js';

const MS = 10_000;
const SECOND = TICKS.perSecond;

function pair(link: LinkSettings = {}, seed = 5) {
  const clock = new VirtualClock({ epoch: fromTicks(0n) });
  const trace = createTraceRecorder();
  const network = new Network({ clock, seed, trace });
  network.addSegment('lan', link);
  network.addHost('a', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.1'] }] });
  network.addHost('b', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.2'] }] });
  const received: { t: number; frame: unknown }[] = [];
  let server: Session | undefined;
  network.listen(
    'b',
    { address: '10.0.0.2', port: 1801 },
    {
      onAccept: (session) => {
        server = session;
      },
      onData: (_session, frame) => received.push({ t: clock.ticks(), frame }),
    },
  );
  const resets: string[] = [];
  const client = network.connect(
    'a',
    { address: '10.0.0.2', port: 1801 },
    {},
    {
      onReset: (_session, reason) => resets.push(`${clock.ticks()} ${reason}`),
    },
  );
  return { clock, trace, network, received, client, resets, server: () => server as Session };
}

describe('in-order delivery', () => {
  it('keeps frames in order under any jitter, loss, reordering and duplication, for any seed', () => {
    const jitter = fc.oneof(
      fc.nat({ max: 50_000 }),
      fc.record({ distribution: fc.constant('uniform' as const), max: fc.nat({ max: 50_000 }) }),
      fc.record({ distribution: fc.constant('normal' as const), stddev: fc.nat({ max: 20_000 }) }),
      fc.record({
        distribution: fc.constant('exponential' as const),
        mean: fc.nat({ max: 20_000 }),
      }),
      fc.record({
        distribution: fc.constant('pareto' as const),
        scale: fc.nat({ max: 10_000 }),
        shape: fc.double({ min: 0.5, max: 3, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer(),
        jitter,
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.array(fc.nat({ max: 20_000 }), { minLength: 1, maxLength: 40 }),
        (seed, jitterSetting, loss, reorder, duplicate, gaps) => {
          const { clock, network, received, client, resets } = pair({}, seed);
          clock.run();
          if (client.state !== 'ESTABLISHED') return; // the handshake itself may time out
          network.setLink('lan', { jitter: jitterSetting, loss, reorder, duplicate });
          const sentAt: number[] = [];
          gaps.forEach((gap, index) => {
            clock.runFor(gap);
            if (client.state !== 'ESTABLISHED') return;
            sentAt.push(clock.ticks());
            client.send(index);
          });
          clock.run();
          const frames = received.map((entry) => entry.frame);
          // Whatever arrived is a prefix of what was sent, in order, each frame once; all of it
          // unless retransmissions ran out and the session was aborted.
          expect(frames).toEqual(sentAt.map((_, index) => index).slice(0, frames.length));
          if (resets.length === 0) expect(frames).toHaveLength(sentAt.length);
          const times = received.map((entry) => entry.t);
          expect(times).toEqual([...times].sort((left, right) => left - right));
          // Only a normal jitter can take a packet below the fixed latency.
          const floor =
            typeof jitterSetting === 'object' && jitterSetting.distribution === 'normal'
              ? 0
              : 5_000;
          received.forEach((entry, index) => {
            expect(entry.t).toBeGreaterThanOrEqual((sentAt[index] as number) + floor);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('holds later frames behind a lost one until its retransmission arrives (head-of-line blocking)', () => {
    const { clock, network, received, client } = pair();
    clock.run();
    const capture = network.startCapture();
    network.setLink('lan', { loss: 1 });
    client.send('first');
    network.setLink('lan', { loss: 0 });
    client.send('second');
    const sentAt = clock.ticks();
    clock.run();
    // The first copy is lost; the retransmission goes 300 ms later and arrives 0.5 ms after that.
    expect(received).toEqual([
      { t: sentAt + 300 * MS + 5_000, frame: 'first' },
      { t: sentAt + 300 * MS + 5_000, frame: 'second' },
    ]);
    expect(
      capture.packets.map((packet) => [
        packet.t - sentAt,
        packet.seq,
        packet.drop,
        packet.retransmission,
      ]),
    ).toEqual([
      [0, 1, 'loss', undefined],
      [0, 6, undefined, undefined],
      [300 * MS, 1, undefined, true],
    ]);
  });

  it('shows duplicates and reordering only in the capture: the application sees each frame once', () => {
    const { clock, network, received, client } = pair();
    clock.run();
    const capture = network.startCapture();
    network.setLink('lan', { duplicate: 1, reorder: 1, reorderDelay: 2 * MS });
    client.send('x');
    const sentAt = clock.ticks();
    clock.run();
    // 0.5 ms latency plus 2 ms held back; the copy is discarded by TCP.
    expect(received).toEqual([{ t: sentAt + 25_000, frame: 'x' }]);
    expect(capture.packets.map((packet) => [packet.flags, packet.duplicate])).toEqual([
      ['PSH,ACK', undefined],
      ['PSH,ACK', true],
    ]);
  });
});

describe('bandwidth and latency', () => {
  it('draws latency from the jitter distribution, per packet', () => {
    const delays = (jitter: NonNullable<LinkSettings['jitter']>) => {
      const { clock, network, received, client } = pair({}, 3);
      clock.run();
      network.setLink('lan', { jitter, latency: 50_000 });
      const values: number[] = [];
      for (let index = 0; index < 200; index++) {
        const sentAt = clock.ticks();
        client.send(index);
        clock.run();
        values.push((received.at(-1)?.t as number) - sentAt);
      }
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      return { min: Math.min(...values), max: Math.max(...values), mean };
    };
    const uniform = delays({ distribution: 'uniform', max: 10_000 });
    expect([
      uniform.min >= 50_000,
      uniform.max < 60_000,
      Math.abs(uniform.mean - 55_000) < 1_000,
    ]).toEqual([true, true, true]);
    const normal = delays({ distribution: 'normal', stddev: 10_000 });
    expect([
      normal.min < 50_000,
      normal.max > 50_000,
      Math.abs(normal.mean - 50_000) < 2_000,
    ]).toEqual([true, true, true]);
    const exponential = delays({ distribution: 'exponential', mean: 10_000 });
    expect([exponential.min >= 50_000, Math.abs(exponential.mean - 60_000) < 2_000]).toEqual([
      true,
      true,
    ]);
    const pareto = delays({ distribution: 'pareto', scale: 1_000, shape: 1.5 });
    expect([pareto.min >= 50_000, pareto.max > 60_000]).toEqual([true, true]);
  });

  it('serialises frames one after another on a slow segment', () => {
    const { clock, network, received, client } = pair();
    clock.run();
    network.setLink('lan', { bandwidth: 1_000_000 });
    const sentAt = clock.ticks();
    client.send(new Uint8Array(960));
    client.send(new Uint8Array(960));
    clock.run();
    // (960 + 40) bytes × 8 / 1 Mbit/s = 8 ms on the wire each, then 0.5 ms latency.
    expect(received.map((entry) => entry.t - sentAt)).toEqual([80_000 + 5_000, 160_000 + 5_000]);
  });

  it('a host-pair link replaces the segment settings for that pair only', () => {
    const clock = new VirtualClock({ epoch: fromTicks(0n) });
    const network = new Network({ clock, seed: 1 });
    network.addSegment('lan');
    for (const [name, address] of [
      ['a', '10.0.0.1'],
      ['b', '10.0.0.2'],
      ['c', '10.0.0.3'],
    ] as const) {
      network.addHost(name, {
        interfaces: [{ name: 'eth0', segment: 'lan', addresses: [address] }],
      });
    }
    network.setLink(['b', 'a'], { latency: 40 * MS });
    const connected: string[] = [];
    network.listen('b', { address: 'any', port: 1801 });
    network.listen('c', { address: 'any', port: 1801 });
    for (const address of ['10.0.0.2', '10.0.0.3']) {
      network.connect(
        'a',
        { address, port: 1801 },
        {},
        {
          onConnect: (session) => connected.push(`${session.remote} ${clock.ticks()}`),
        },
      );
    }
    clock.run();
    expect(connected).toEqual(['10.0.0.3:1801 10000', '10.0.0.2:1801 800000']);
  });
});

describe('partitions', () => {
  it('drops traffic across a partition; retransmissions get through once it heals', () => {
    const { clock, network, received, client, trace } = pair();
    clock.run();
    const start = clock.ticks();
    network.partition('cut', ['a'], ['b']);
    client.send('m1');
    client.send('m2');
    clock.runUntil(start + SECOND);
    expect(received).toEqual([]);
    network.heal('cut');
    clock.run();
    // Retransmissions at +0.3 s and +0.9 s were dropped; the one at +2.1 s arrives.
    expect(received).toEqual([
      { t: start + 2_100 * MS + 5_000, frame: 'm1' },
      { t: start + 2_100 * MS + 5_000, frame: 'm2' },
    ]);
    expect(trace.events.filter((event) => event.type.startsWith('net.'))).toEqual([
      {
        t: start,
        source: 'transport',
        type: 'net.partitioned',
        name: 'cut',
        sideA: ['a'],
        sideB: ['b'],
      },
      { t: start + SECOND, source: 'transport', type: 'net.healed', name: 'cut' },
    ]);
  });

  it('a connect made during a partition succeeds on the SYN retransmission after healing', () => {
    const clock = new VirtualClock({ epoch: fromTicks(0n) });
    const network = new Network({ clock, seed: 1 });
    network.addSegment('lan');
    network.addSegment('wan');
    network.addRouter('r', ['lan', 'wan']);
    network.addHost('a', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.1'] }],
    });
    network.addHost('b', {
      interfaces: [{ name: 'eth0', segment: 'wan', addresses: ['10.1.0.1'] }],
    });
    network.listen('b', { address: 'any', port: 1801 });
    network.partition('outage', ['lan'], ['wan']);
    const connected: number[] = [];
    network.connect(
      'a',
      { address: '10.1.0.1', port: 1801 },
      {},
      {
        onConnect: () => connected.push(clock.ticks()),
      },
    );
    clock.runUntil(5 * SECOND);
    network.heal();
    clock.run();
    // SYNs at 0 and 3 s were cut; the one at 9 s crosses two segments each way.
    expect(connected).toEqual([9 * SECOND + 20_000]);
  });

  it('aborts a session whose peer stays unreachable until the retransmissions run out', () => {
    const { clock, network, client, resets } = pair();
    clock.run();
    network.partition('cut', ['a'], ['lan']);
    const sentAt = clock.ticks();
    client.send('never');
    clock.run();
    expect(resets).toEqual([`${sentAt + 18_900 * MS} timeout`]);
  });
});

describe('determinism', () => {
  function noisyRun(seed: number) {
    const { clock, network, client, trace } = pair({}, seed);
    const capture = network.startCapture();
    clock.run();
    network.setLink('lan', {
      jitter: { distribution: 'exponential', mean: 3_000 },
      loss: 0.1,
      duplicate: 0.05,
      reorder: 0.1,
    });
    for (let index = 0; index < 50; index++) {
      client.send(`m${index}`);
      clock.runFor(1_000);
    }
    client.close();
    clock.run();
    return { capture: toNdjson(capture.packets), trace: JSON.stringify(trace.events) };
  }

  it('gives the same capture and trace for the same seed, and a different one for another seed', () => {
    const first = noisyRun(77);
    const second = noisyRun(77);
    expect(second).toEqual(first);
    expect(first.capture.split('\n').length).toBeGreaterThan(50);
    expect(noisyRun(78).capture).not.toBe(first.capture);
  });

  it('draws each link from its own stream: adding a segment does not change another link', () => {
    const run = (extra: boolean) => {
      const { clock, network, received, client } = pair({}, 11);
      clock.run();
      if (extra) network.addSegment('unrelated', { jitter: 10_000 });
      network.setLink('lan', { jitter: 10_000 });
      for (let index = 0; index < 10; index++) client.send(index);
      clock.run();
      return received.map((entry) => entry.t);
    };
    expect(run(true)).toEqual(run(false));
  });
});
