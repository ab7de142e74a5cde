import { describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants.js';
import { createWorld } from './test-world.js';

// KB 306785 (facts file §3, summary 5): MSMQ checks that a DIRECT=OS message belongs to the
// receiving queue manager *per message*. A name it does not own does not refuse the session:
// express messages are discarded by the receiver; transactional ones stay unacknowledged in the
// sender's outgoing queue and get MQMSG_CLASS_NACK_BAD_DST_Q when their TTRQ runs out;
// IgnoreOSNameValidation = 1 lets them in.
function nlbPair(ignoreOsNameValidation: boolean) {
  const world = createWorld();
  const receiver = world.machine('APP01', '10.0.0.20', { ignoreOsNameValidation });
  const sender = world.machine('APP02', '10.0.0.10');
  receiver.qm.createQueue('private$\\orders');
  receiver.qm.createQueue('private$\\billing', { transactional: true });
  receiver.qm.start();
  sender.qm.start();
  // An NLB-style virtual name that resolves to APP01, which does not know it as its own.
  world.dns.setRecords('cluster.corp.example', 'A', ['10.0.0.20']);
  return { world, receiver, sender };
}

describe('identity check per message (KB 306785)', () => {
  it('accepts the session: the outgoing queue is Connected, not Waiting', () => {
    const { world, sender } = nlbPair(false);
    sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\billing', {
      delivery: 'transactional',
    });
    world.advance(5);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ state: 'Connected' });
    expect(world.trace.events.filter((event) => event.type === 'qm.session.rejected')).toEqual([]);
  });

  it('discards express messages at the receiver, counted with a trace event', () => {
    const { world, receiver, sender } = nlbPair(false);
    sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\orders', { delivery: 'express' });
    world.advance(5);
    expect(receiver.qm.accounting()).toMatchObject({ queued: 0, discarded: 1, deadLetter: 0 });
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ messageCount: 0 });
    expect(world.trace.events.find((event) => event.type === 'qm.message.discarded')).toMatchObject(
      { host: 'APP01', class: 'NACK_BAD_DST_Q' },
    );
    expect(checkInvariants([sender.qm, receiver.qm])).toEqual([]);
  });

  it('keeps transactional messages unacknowledged at the sender, resending, until TTRQ gives NACK_BAD_DST_Q', () => {
    const { world, receiver, sender } = nlbPair(false);
    sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\billing', {
      delivery: 'transactional',
      timeToReachQueueSeconds: 600,
      deadLetter: true,
    });
    world.advance(300);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({
      state: 'Connected',
      messageCount: 1,
      unacknowledgedCount: 1,
    });
    expect(receiver.qm.accounting().queued).toBe(0);
    const rejected = world.trace.events.filter((event) => event.type === 'qm.message.rejected');
    expect(rejected[0]).toMatchObject({
      host: 'APP01',
      reason: 'not-this-machine',
      class: 'NACK_BAD_DST_Q',
    });
    // Resent at 30 s, 60 s, 90 s (SeqResend13Time), then after 5 minutes (SeqResend46Time).
    expect(rejected.length).toBe(4);
    world.advance(400);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ messageCount: 0 });
    expect(
      sender.qm
        .places()
        .deadLetter.map((message) => `${message.delivery} ${message.deadLetterClass}`),
    ).toEqual(['transactional NACK_BAD_DST_Q']);
    expect(checkInvariants([sender.qm, receiver.qm])).toEqual([]);
  });

  it('lets every kind in with IgnoreOSNameValidation = 1', () => {
    const { world, receiver, sender } = nlbPair(true);
    sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\orders', { delivery: 'express' });
    sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\billing', {
      delivery: 'transactional',
    });
    world.advance(5);
    expect(receiver.qm.accounting()).toMatchObject({ queued: 2, discarded: 0 });
    expect(sender.qm.outgoingQueues().map((queue) => queue.messageCount)).toEqual([0, 0]);
  });
});
