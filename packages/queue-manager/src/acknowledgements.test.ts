import { describe, expect, it } from 'vitest';
import { type MachineCacheStore, qmIdFromBytes, qmIdToBytes } from './qm-id.js';
import { QueueManager } from './queue-manager.js';
import { createPair, createWorld } from './test-world.js';

function pair() {
  const made = createPair();
  return { ...made, check: () => expect(made.problems()).toEqual([]) };
}

describe('order acknowledgements ([MS-MQQB] 3.1.1.6.2, facts §5)', () => {
  it('keeps a hidden transactional copy until the order acknowledgement, then releases it', () => {
    const { world, sender, check } = pair();
    sender.qm.send('billing@APP01', { delivery: 'transactional' });
    world.advance(1);
    expect(sender.qm.accounting()).toMatchObject({ awaitingOrderAck: 0, inFlight: 0 });
    const acknowledged = world.trace.events.find(
      (event) => event.type === 'qm.message.acknowledged',
    );
    expect(acknowledged).toMatchObject({ host: 'APP02', by: 'order' });
    expect(sender.qm.storedBytes).toBe(0);
    check();
  });

  it('resends a copy whose session broke before its acknowledgements; the receiver keeps one copy', () => {
    const { world, receiver, sender, check } = pair();
    sender.qm.send('billing@APP01', { delivery: 'transactional' });
    world.clock.runUntil(world.clock.ticks() + 30_000); // stored at the receiver, acknowledgements not back
    world.network.partition('cut', ['APP02'], ['APP01']);
    world.advance(60);
    world.network.heal('cut');
    world.advance(120);
    expect(world.trace.events.filter((event) => event.type === 'qm.message.duplicate').length).toBe(
      1,
    );
    expect(receiver.qm.accounting()).toMatchObject({ queued: 1 });
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({
      messageCount: 0,
      unacknowledgedCount: 0,
    });
    check();
  });

  it('sends a transactional message whose time-to-be-received passes at the destination to the source TDLQ', () => {
    const { world, receiver, sender, check } = pair();
    sender.qm.send('billing@APP01', {
      delivery: 'transactional',
      timeToBeReceivedSeconds: 30,
      deadLetter: true,
    });
    world.advance(5);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ messageCount: 1, unprocessedCount: 1 });
    world.advance(60);
    expect(receiver.qm.accounting()).toMatchObject({ queued: 0, deadLetter: 0 });
    expect(
      sender.qm
        .places()
        .deadLetter.map((message) => `${message.delivery} ${message.deadLetterClass}`),
    ).toEqual(['transactional NACK_RECEIVE_TIMEOUT']);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ messageCount: 0, unprocessedCount: 0 });
    check();
  });

  it('reports a purged MQMSG_DEADLETTER message to its sender as NACK_PURGED', () => {
    const { world, receiver, sender, check } = pair();
    sender.qm.send('billing@APP01', { delivery: 'transactional', deadLetter: true });
    sender.qm.send('orders@APP01', { deadLetter: true });
    sender.qm.send('orders@APP01');
    world.advance(5);
    expect(receiver.qm.purge('private$\\billing')).toBe(1);
    expect(receiver.qm.purge('private$\\orders')).toBe(2);
    world.advance(5);
    expect(receiver.qm.accounting()).toMatchObject({ purged: 2, queued: 0 });
    expect(sender.qm.places().deadLetter.map((message) => message.deadLetterClass)).toEqual([
      'NACK_PURGED',
    ]);
    expect(sender.qm.outgoingQueues().map((queue) => queue.unprocessedCount)).toEqual([0, 0]);
    expect(world.trace.events.filter((event) => event.type === 'qm.queue.purged')).toHaveLength(2);
    check();
  });
});

// Particular's troubleshooting guide (facts §9): with dead-lettering on (NServiceBus' default)
// a message stays counted in the outgoing queue until it is processed at the receiver.
describe('Number of messages, Unacknowledged, Unprocessed', () => {
  it('counts delivered MQMSG_DEADLETTER messages as Unprocessed until they are received', () => {
    const { world, receiver, sender, check } = pair();
    for (let index = 0; index < 3; index++) sender.qm.send('orders@APP01', { deadLetter: true });
    world.advance(5);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({
      messageCount: 3,
      unacknowledgedCount: 0,
      unprocessedCount: 3,
    });
    receiver.qm.receive('private$\\orders');
    receiver.qm.receive('private$\\orders');
    world.advance(1);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ messageCount: 1, unprocessedCount: 1 });
    expect(world.trace.events.filter((event) => event.type === 'qm.message.processed').length).toBe(
      2,
    );
    check();
  });

  it('keeps Unprocessed at 0 without dead-lettering', () => {
    const { world, sender } = pair();
    for (let index = 0; index < 3; index++) sender.qm.send('orders@APP01');
    world.advance(5);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ messageCount: 0, unprocessedCount: 0 });
  });
});

/** APP02 and its clone APP03 (the same QMId) send to APP01's transactional billing queue. */
function clones() {
  const world = createWorld();
  const receiver = world.machine('APP01', '10.0.0.20');
  receiver.qm.createQueue('private$\\billing', { transactional: true });
  const original = world.machine('APP02', '10.0.0.10');
  const clone = world.machine('APP03', '10.0.0.30', {}, 'internet', undefined, original.qm.qmId);
  for (const machine of [receiver, original, clone]) machine.qm.start();
  return { world, receiver, original, clone };
}

// Breakwell, "MSMQ prefers to be unique" (facts §3, §9): cloned machines share a QMId.
describe('cloned QMIds', () => {
  it('sends acknowledgements to the clone that sent last, which ignores them; the copies are resent and delivered later', () => {
    const { world, receiver, original, clone } = clones();
    const send = (machine: typeof original) =>
      machine.qm.send('billing@APP01', { delivery: 'transactional' });
    const halfMillisecond = () => world.clock.runUntil(world.clock.ticks() + 5_000);
    // The clone starts first, so the original's sequence is the later one and wins.
    send(clone);
    halfMillisecond();
    send(original);
    world.advance(0.2);
    // Then the clone's turned-down messages refresh the QMId cache between the original's
    // delivery and its order acknowledgement, which goes to the clone.
    for (let index = 0; index < 4; index++) {
      send(original);
      halfMillisecond();
      send(clone);
      world.advance(0.2);
    }
    expect(receiver.qm.qmIdCache().get(original.qm.qmId)).toBe('10.0.0.30');
    const ignored = world.trace.events.filter((event) => event.type === 'qm.ack.ignored');
    expect(ignored.length).toBeGreaterThan(0);
    expect(ignored[0]).toMatchObject({ host: 'APP03', kind: 'order', reason: 'unknown-sequence' });
    expect(original.qm.outgoingQueues()[0]?.unacknowledgedCount).toBeGreaterThan(0);
    // Stuck, then "inexplicably" delivered: the resend (SeqResend13Time, 30 s) is a duplicate the
    // receiver acknowledges again, to the original this time.
    world.advance(40);
    expect(
      world.trace.events.filter(
        (event) => event.type === 'qm.outgoing.resend' && event.host === 'APP02',
      ).length,
    ).toBeGreaterThan(0);
    expect(original.qm.outgoingQueues()[0]?.unacknowledgedCount).toBe(0);
  });

  it('delivers both once the clone has its own QMId and both services restarted', () => {
    const { world, receiver, original, clone } = clones();
    const next = clone.qm.resetQmId();
    expect(clone.qm.qmId).toBe(original.qm.qmId); // until the next start
    clone.qm.restart();
    expect(clone.qm.qmId).toBe(next);
    for (let index = 0; index < 5; index++) {
      original.qm.send('billing@APP01', { delivery: 'transactional' });
      clone.qm.send('billing@APP01', { delivery: 'transactional' });
      world.advance(0.2);
    }
    world.advance(5);
    expect(receiver.qm.accounting().queued).toBe(10);
    expect(world.trace.events.filter((event) => event.type === 'qm.ack.ignored')).toEqual([]);
  });
});

describe('Machine Cache\\QMId', () => {
  function cacheStore(initial?: string) {
    const values = new Map<string, { type: string; data: unknown }>();
    if (initial !== undefined)
      values.set('QMId', { type: 'REG_BINARY', data: qmIdToBytes(initial) });
    const store: MachineCacheStore = {
      get: (name) => values.get(name),
      set: (name, value) => void values.set(name, value),
    };
    const read = () => qmIdFromBytes(values.get('QMId')?.data as Uint8Array);
    return { store, read };
  }

  function machine(machineCache: MachineCacheStore, qmId?: string) {
    const world = createWorld();
    world.network.addHost('APP09', {
      interfaces: [{ name: 'eth0', segment: 'internet', addresses: ['10.0.0.90'] }],
    });
    return new QueueManager({
      machine: 'APP09',
      clock: world.clock,
      network: world.network,
      resolver: { lookup: () => undefined },
      machineCache,
      ...(qmId === undefined ? {} : { qmId }),
    });
  }

  it('writes the QMId at the first start and reads it back at later starts', () => {
    const cache = cacheStore();
    const qm = machine(cache.store, '{11111111-2222-4333-8444-555555555555}');
    qm.start();
    expect(cache.read()).toBe('11111111-2222-4333-8444-555555555555');
    qm.stop();
    qm.start();
    expect(qm.qmId).toBe('11111111-2222-4333-8444-555555555555');
  });

  it('takes the QMId the registry holds (an image cloned with it), and writes a reset one', () => {
    const cache = cacheStore('6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b');
    const qm = machine(cache.store);
    qm.start();
    expect(qm.qmId).toBe('6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b');
    const next = qm.resetQmId();
    qm.restart();
    expect([qm.qmId, cache.read()]).toEqual([next, next]);
  });
});
