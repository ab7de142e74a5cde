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
});
