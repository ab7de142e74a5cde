import { durationText, type RunResult, type Totals } from '@mqsim/engine';
import { isoParts, toIso } from '@mqsim/filetime';

/**
 * The run's message totals as one sentence's parts, for the text and HTML reports: the buckets
 * every run has, then those that are only worth a word when something landed in them. `sent` is
 * the sum of received, still queued, dead-lettered, lost, stuck, discarded and purged; the
 * copies awaiting an acknowledgement and the in-doubt ones are the same messages again, named
 * last so a reader can see why a sender still shows them.
 */
export function totalsParts(t: Totals): string[] {
  const parts = [
    `sent ${t.sent}`,
    `delivered ${t.delivered}`,
    `received ${t.received}`,
    `still queued ${t.queued}`,
    `dead-lettered ${t.deadLettered}`,
    `lost ${t.lost}`,
    `stuck at senders ${t.stuck}${(t.inFlight ?? 0) > 0 ? ` (${t.inFlight} in flight)` : ''}`,
  ];
  // Optional in older summaries (a sweep's saved results), so read with a default.
  const optional: [string, number | undefined][] = [
    ['discarded (no MQMSG_DEADLETTER)', t.discarded],
    ['purged', t.purged],
    ['unprocessed at the destination', t.unprocessed],
    ['sends refused', t.sendFailures],
    // Not buckets: the same messages, counted where they were delivered.
    ['delivered with the acknowledgement on its way back', t.awaitingAcknowledgement],
    ['in-doubt copies given up at senders or refused elsewhere after delivery', t.inDoubt],
  ];
  for (const [label, count] of optional) if ((count ?? 0) > 0) parts.push(`${label} ${count}`);
  return parts;
}

/** The run's outcome in two lines: time to drain, then backlog, age and connection attempts. */
export function outcomeLines(result: RunResult): string[] {
  const { outcome, scenario } = result;
  const clock = (t: number) => isoParts(toIso(scenario.start.plus(t))).time;
  const drained =
    outcome.drainedAt === null
      ? `not drained: ${outcome.backlogAtEnd} messages still at senders`
      : outcome.drainedAt === 0
        ? 'no message waited at a sender'
        : `drained at ${clock(outcome.drainedAt)}, ${durationText(outcome.drainedAt)} after the start`;
  return [
    `  ${drained}`,
    `  peak backlog ${outcome.peakBacklog} at ${clock(outcome.peakBacklogAt)}, oldest at delivery ${durationText(outcome.maxAgeAtDelivery)}; attempts refused ${outcome.refusedAttempts}, timed out ${outcome.timedOutAttempts}`,
  ];
}
