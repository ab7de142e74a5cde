import { describe, expect, it } from 'vitest';
import { CONNECTION_HISTORY_LENGTH } from './index.js';
import { createWorld, SECOND } from './test-world.js';

// [MS-MQQB] 3.1.5.2.3: every connection attempt appends an entry to OutgoingQueue.ConnectionHistory
// (the MMC's "Connection History"); Particular's MSMQ troubleshooting guide reads it with the
// State to find connectivity problems (facts file §1, §9).
describe('Connection History', () => {
  it('keeps the last attempts of an outgoing queue with their time, address and result', () => {
    const world = createWorld();
    const receiver = world.machine('APP01', '198.51.100.20');
    const sender = world.machine('APP02', '198.51.100.21', { waitTimeSeconds: 10 });
    receiver.qm.createQueue('private$\\orders');
    sender.qm.start();
    sender.qm.send('orders@APP01');
    world.advance(25);
    receiver.qm.start();
    world.advance(10);
    const history = sender.qm.outgoingQueues()[0]?.connectionHistory ?? [];
    const refused = {
      address: '198.51.100.20',
      result: 'failed',
      reason: 'connection to 198.51.100.20:1801 refused',
    };
    expect(history.map(({ t: _t, ...rest }) => rest)).toEqual([
      refused,
      refused,
      refused,
      { address: '198.51.100.20', result: 'connected', reason: undefined },
    ]);
    // Each attempt ends when the RST comes back, WaitTime (10 s) after the one before.
    const seconds = history.map((attempt) => Math.floor(attempt.t / SECOND));
    expect(seconds.slice(0, 3)).toEqual([0, 10, 20]);
    expect(seconds[3]).toBe(30);
  });

  it('remembers at most CONNECTION_HISTORY_LENGTH attempts, the newest', () => {
    const world = createWorld();
    world.machine('APP01', '198.51.100.20');
    const sender = world.machine('APP02', '198.51.100.21', { waitTimeSeconds: 1 });
    sender.qm.start();
    sender.qm.send('orders@APP01');
    world.advance(60);
    const history = sender.qm.outgoingQueues()[0]?.connectionHistory ?? [];
    expect(history.length).toBe(CONNECTION_HISTORY_LENGTH);
    expect(Math.floor((history.at(-1)?.t ?? 0) / SECOND)).toBeGreaterThan(55);
  });
});
