import {
  createTraceRecorder,
  fromTicks,
  TICKS,
  type TraceEvent,
  VirtualClock,
} from '@mqsim/filetime';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  isTransportTraceEvent,
  Network,
  TRANSPORT_TRACE_TYPES,
  type TransportTraceEvent,
  type TransportTraceType,
} from './index.js';

/** Runs a small network through everything the transport reports; returns the trace. */
function eventfulRun(): readonly TraceEvent[] {
  const clock = new VirtualClock({ epoch: fromTicks(0n) });
  const trace = createTraceRecorder();
  const net = new Network({ clock, seed: 1, trace });
  net.addSegment('lan');
  net.addHost('web', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5'] }] });
  net.addHost('app', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }] });
  const listener = net.listen(
    'app',
    { address: 'any', port: 1801, process: 'mqsvc.exe' },
    { onData: (session) => session.close() },
  );
  // connect, connected, accepted, data, closed
  net.connect('web', { address: '10.0.0.20', port: 1801 }, {}, { onConnect: (s) => s.send('m1') });
  clock.run();
  // reset
  net.connect('web', { address: '10.0.0.20', port: 1801 }, {}, { onConnect: (s) => s.reset() });
  clock.run();
  // refused, then a time-out to an address nobody holds
  net.connect('web', { address: '10.0.0.20', port: 1802 });
  net.connect('web', { address: '10.0.0.99', port: 1801 });
  clock.run();
  // partitions and renumbering
  net.partition('cut', ['web'], ['lan']);
  clock.runUntil(clock.ticks() + TICKS.perSecond);
  net.heal('cut');
  net.setAddress('app', 'eth0', '10.0.0.21');
  net.setFirewall('app', { defaultInbound: 'allow' });
  listener.close();
  return trace.events;
}

describe('TRANSPORT_TRACE_TYPES', () => {
  it('lists the type of every event the transport emits, and a run emits every type', () => {
    const events = eventfulRun().filter((event) => event.source === 'transport');
    const listed: readonly string[] = TRANSPORT_TRACE_TYPES;
    expect(events.filter((event) => !listed.includes(event.type))).toEqual([]);
    expect(events.every(isTransportTraceEvent)).toBe(true);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(listed));
  });

  it('names every type dotted, each segment kebab-case', () => {
    const dottedKebab = /^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/;
    expect(TRANSPORT_TRACE_TYPES.filter((type) => !dottedKebab.test(type))).toEqual([]);
    expect(new Set(TRANSPORT_TRACE_TYPES).size).toBe(TRANSPORT_TRACE_TYPES.length);
    expect(Object.isFrozen(TRANSPORT_TRACE_TYPES)).toBe(true);
  });

  it('is the type-name union of TransportTraceEvent', () => {
    expectTypeOf<(typeof TRANSPORT_TRACE_TYPES)[number]>().toEqualTypeOf<TransportTraceType>();
    expectTypeOf<TransportTraceEvent['type']>().toEqualTypeOf<TransportTraceType>();
    expectTypeOf<TransportTraceEvent>().toExtend<TraceEvent>();
  });
});

describe('isTransportTraceEvent', () => {
  it('narrows to the typed fields', () => {
    const refused = eventfulRun()
      .filter(isTransportTraceEvent)
      .find((event) => event.type === 'tcp.refused');
    expect(refused).toEqual({
      t: expect.any(Number),
      host: 'web',
      source: 'transport',
      type: 'tcp.refused',
      stream: 3,
      local: '10.0.0.5:49154',
      remote: '10.0.0.20:1802',
    });
  });
});
