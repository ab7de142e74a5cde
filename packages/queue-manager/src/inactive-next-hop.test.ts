import { describe, expect, it } from 'vitest';
import { createWorld } from './test-world.js';

// PROPID_MGMT_QUEUE_STATE / MSMQOutgoingQueueManagement.State (ms705730, facts file §1): INACTIVE
// (NONACTIVE) means "the QM makes no attempt to connect the queue to any session"; NextHops is the
// address being connected to or connected (ms704940). An Inactive queue therefore has no next hop.
describe('an Inactive outgoing queue', () => {
  it('shows no next hop once its idle session is closed, and one again when it connects', () => {
    const world = createWorld();
    const receiver = world.machine('APP01', '198.51.100.20');
    const sender = world.machine('APP02', '198.51.100.21', { cleanupIntervalSeconds: 120 });
    receiver.qm.createQueue('private$\\orders');
    receiver.qm.start();
    sender.qm.start();
    sender.qm.send('orders@APP01');
    world.advance(60);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({
      state: 'Connected',
      nextHop: '198.51.100.20',
    });
    world.advance(120);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({
      state: 'Inactive',
      nextHop: undefined,
      nextHops: [],
    });
    sender.qm.send('orders@APP01');
    world.advance(1);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({
      state: 'Connected',
      nextHop: '198.51.100.20',
    });
  });
});
