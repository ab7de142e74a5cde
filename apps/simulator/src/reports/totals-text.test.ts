import { describe, expect, it } from 'vitest';
import { totalsParts } from './totals-text.js';

const base = {
  sent: 10,
  delivered: 7,
  received: 6,
  queued: 1,
  deadLettered: 0,
  lost: 0,
  stuck: 1,
  sendFailures: 0,
  discarded: 0,
  purged: 0,
  unprocessed: 0,
};

describe('totalsParts', () => {
  it('names the buckets every run has, and the others only when something is in them', () => {
    expect(totalsParts(base)).toEqual([
      'sent 10',
      'delivered 7',
      'received 6',
      'still queued 1',
      'dead-lettered 0',
      'lost 0',
      'stuck at senders 1',
    ]);
    expect(totalsParts({ ...base, discarded: 2, sendFailures: 3 }).slice(7)).toEqual([
      'discarded (no MQMSG_DEADLETTER) 2',
      'sends refused 3',
    ]);
  });

  it('shows the in-flight part of stuck, and the copies that are not buckets, last', () => {
    const totals = {
      ...base,
      received: 4,
      queued: 2,
      stuck: 3,
      waiting: 1,
      inFlight: 2,
      awaitingAcknowledgement: 4,
      inDoubt: 1,
      deadLettered: 1,
    };
    expect(totalsParts(totals)).toEqual([
      'sent 10',
      'delivered 7',
      'received 4',
      'still queued 2',
      'dead-lettered 1',
      'lost 0',
      'stuck at senders 3 (2 in flight)',
      'delivered with the acknowledgement on its way back 4',
      'in-doubt copies given up at senders or refused elsewhere after delivery 1',
    ]);
  });
});
