import type { Totals } from '@mqsim/engine';

/**
 * The run's message totals as one sentence's parts, for the text and HTML reports: the buckets
 * every run has, then those that are only worth a word when something landed in them.
 */
export function totalsParts(t: Totals): string[] {
  const parts = [
    `sent ${t.sent}`,
    `delivered ${t.delivered}`,
    `received ${t.received}`,
    `still queued ${t.queued}`,
    `dead-lettered ${t.deadLettered}`,
    `lost ${t.lost}`,
    `stuck at senders ${t.stuck}`,
  ];
  // Optional in older summaries (a sweep's saved results), so read with a default.
  const optional: [string, number | undefined][] = [
    ['discarded (no MQMSG_DEADLETTER)', t.discarded],
    ['purged', t.purged],
    ['unprocessed at the destination', t.unprocessed],
    ['sends refused', t.sendFailures],
  ];
  for (const [label, count] of optional) if ((count ?? 0) > 0) parts.push(`${label} ${count}`);
  return parts;
}
