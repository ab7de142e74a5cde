import { describe, expect, it } from 'vitest';
import { createWorld } from './test-world.js';

// MSMQOutgoingQueueManagement.Pause (ms711328): "the queue manager will not start transmitting
// messages to the corresponding destination queue until the … Resume method is called. The
// connection state … is then MQ_QUEUE_STATE_ONHOLD"; Resume (ms705170) restarts the transmission
// ([MS-MQDMPR] 3.1.7.2.4: the queue goes Inactive and the normal connect logic takes it on).
// Suspend-MsmqOutgoingQueue / Resume-MsmqOutgoingQueue are the PowerShell cmdlets for them.
describe('QueueManager hold and resume (Suspend-/Resume-MsmqOutgoingQueue)', () => {
  it('holds an outgoing queue OnHold, sends nothing, then sends all on resume, tracing each', () => {
    const world = createWorld();
    const receiver = world.machine('APP01', '198.51.100.20');
    const sender = world.machine('APP02', '198.51.100.21');
    receiver.qm.createQueue('private$\\orders');
    receiver.qm.start();
    sender.qm.start();
    sender.qm.send('orders@APP01');
    world.advance(1);
    sender.qm.hold('orders@APP01');
    sender.qm.send('orders@APP01');
    sender.qm.send('orders@APP01');
    world.advance(600);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ state: 'OnHold', messageCount: 2 });
    expect(receiver.qm.accounting().queued).toBe(1);
    sender.qm.resume('ORDERS@app01');
    world.advance(5);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ state: 'Connected', messageCount: 0 });
    expect(receiver.qm.accounting().queued).toBe(3);
    const events = world.trace.events.filter(
      (event) => event.type === 'qm.outgoing.paused' || event.type === 'qm.outgoing.resumed',
    );
    expect(events).toEqual([
      {
        t: 1 * 10_000_000,
        host: 'APP02',
        source: 'queue-manager',
        type: 'qm.outgoing.paused',
        queue: 'orders@APP01',
        count: 0,
      },
      {
        t: 601 * 10_000_000,
        host: 'APP02',
        source: 'queue-manager',
        type: 'qm.outgoing.resumed',
        queue: 'orders@APP01',
        count: 2,
      },
    ]);
  });
});
