import { describe, expect, it } from 'vitest';
import { isQueueManagerTraceEvent, QUEUE_MANAGER_TRACE_TYPES } from './index.js';
import { createRegistryStore, createWorld } from './test-world.js';

/** Runs two queue managers through most of what can happen to them; returns the trace. */
function eventfulWorld() {
  const world = createWorld();
  const receiver = world.machine('APP01', '10.0.0.20');
  const sender = world.machine('APP02', '10.0.0.10', {
    waitTimeSeconds: 5,
    ackTimeoutSeconds: 2,
    cleanupIntervalSeconds: 120,
  });
  receiver.qm.createQueue('private$\\orders');
  receiver.qm.createQueue('private$\\billing', { transactional: true });
  receiver.qm.start();
  sender.qm.start();

  // Delivered, received, dead-lettered, idle-closed.
  sender.qm.send('orders@APP01');
  sender.qm.send('nosuch@APP01');
  sender.qm.send('nosuch@APP01', { deadLetter: true });
  world.advance(1);
  receiver.qm.receive('private$\\orders');
  world.advance(200);

  // Refused while the receiver is down; a crash and a stop lose express messages.
  receiver.qm.stop();
  sender.qm.send('orders@APP01', { delivery: 'express' });
  world.advance(10);
  sender.qm.crash();
  sender.qm.start();
  receiver.qm.start();
  world.advance(10);

  // A message addressed to a name that is not the receiver's: the session is accepted and the
  // message turned down (KB 306785); transactional ones are resent. A DIRECT=TCP session to an
  // address the receiver did not learn at start is rejected on both sides.
  world.dns.setRecords('cluster.corp.example', 'A', ['10.0.0.20']);
  sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\orders');
  sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\billing', {
    delivery: 'transactional',
    timeToReachQueueSeconds: 40,
  });
  const inside = world.machine('APP07', '10.1.0.7', {}, 'lan');
  inside.qm.createQueue('private$\\orders');
  inside.qm.start();
  world.network.addNat({
    name: 'edge',
    inside: 'lan',
    outside: 'internet',
    external: ['203.0.113.7'],
    mappings: [{ external: '203.0.113.7', internal: '10.1.0.7' }],
  });
  sender.qm.send('DIRECT=TCP:203.0.113.7\\private$\\orders', { timeToReachQueueSeconds: 20 });
  world.advance(45);

  // Order and final acknowledgements: a transactional message sent with MQMSG_DEADLETTER is
  // order-acknowledged, then processed once it is received.
  sender.qm.send('billing@APP01', { delivery: 'transactional', deadLetter: true });
  world.advance(1);
  receiver.qm.receive('private$\\billing');
  world.advance(1);
  // One purged at its destination goes back to its source's transactional DLQ.
  sender.qm.send('billing@APP01', { delivery: 'transactional', deadLetter: true });
  world.advance(1);
  receiver.qm.purge('private$\\billing');
  world.advance(1);

  // A clone with the sender's QMId: acknowledgements go to whichever sent last.
  const clone = world.machine('APP05', '10.0.0.50', {}, 'internet', undefined, sender.qm.qmId);
  clone.qm.start();
  for (let index = 0; index < 4; index++) {
    clone.qm.send('billing@APP01', { delivery: 'transactional' });
    sender.qm.send('billing@APP01', { delivery: 'transactional' });
    world.advance(0.5);
  }
  world.advance(5);
  clone.qm.resetQmId();

  // A full machine refuses a send at the API; purging frees it.
  const full = world.machine('APP06', '10.0.0.60', { machineQuotaBytes: 1500 });
  full.qm.createQueue('private$\\local');
  full.qm.start();
  full.qm.send('DIRECT=OS:.\\private$\\local');
  expect(() => full.qm.send('DIRECT=OS:.\\private$\\local')).toThrow(/Insufficient resources/);
  full.qm.purge('private$\\local');

  // A copy delivered but not acknowledged is resent after a broken session: a duplicate.
  sender.qm.send('orders@APP01');
  world.advance(1);
  sender.qm.send('orders@APP01');
  world.clock.runUntil(world.clock.ticks() + 8_000);
  world.network.partition('cut', ['APP02'], ['APP01']);
  world.advance(60);
  world.network.heal('cut');
  world.advance(60);

  // A half-open session: the receiver's host vanishes from the network without a word.
  sender.qm.send('orders@APP01');
  world.advance(1);
  world.network.partition('silent', ['APP02'], ['APP01']);
  sender.qm.send('orders@APP01', { timeToReachQueueSeconds: 1 });
  world.advance(30);
  world.network.heal('silent');

  // An administrator suspends and resumes an outgoing queue.
  sender.qm.hold('orders@APP01');
  sender.qm.resume('orders@APP01');
  world.advance(1);

  // A service that cannot bind to the BindInterfaceIP its registry names does not start.
  const registry = createRegistryStore({ BindInterfaceIP: { type: 'REG_SZ', data: '10.0.0.30' } });
  const lonely = world.machine('APP03', '10.0.0.30', {}, 'internet', registry);
  world.network.setAddress('APP03', 'eth0', '10.0.0.33');
  expect(() => lonely.qm.start()).toThrow();
  return world.trace.events;
}

describe('QUEUE_MANAGER_TRACE_TYPES', () => {
  it('lists the type of every event a queue manager emits, and the scenarios emit every type', () => {
    const events = eventfulWorld().filter((event) => event.source === 'queue-manager');
    const listed: readonly string[] = QUEUE_MANAGER_TRACE_TYPES;
    expect(events.filter((event) => !listed.includes(event.type))).toEqual([]);
    expect(events.every(isQueueManagerTraceEvent)).toBe(true);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(listed));
  });

  it('names every type dotted, each segment kebab-case', () => {
    const dottedKebab = /^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/;
    expect(QUEUE_MANAGER_TRACE_TYPES.filter((type) => !dottedKebab.test(type))).toEqual([]);
    expect(new Set(QUEUE_MANAGER_TRACE_TYPES).size).toBe(QUEUE_MANAGER_TRACE_TYPES.length);
    expect(Object.isFrozen(QUEUE_MANAGER_TRACE_TYPES)).toBe(true);
  });
});

describe('isQueueManagerTraceEvent', () => {
  it('accepts queue-manager events only', () => {
    expect(
      isQueueManagerTraceEvent({ t: 0, source: 'queue-manager', type: 'qm.outgoing.state' }),
    ).toBe(true);
    expect(isQueueManagerTraceEvent({ t: 0, source: 'transport', type: 'qm.outgoing.state' })).toBe(
      false,
    );
    expect(isQueueManagerTraceEvent({ t: 0, source: 'queue-manager', type: 'qm.nothing' })).toBe(
      false,
    );
  });
});
