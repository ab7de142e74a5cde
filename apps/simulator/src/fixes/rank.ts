import type { RunSummary } from '../sweep/run-summary.js';

/** A replayed fix: what the ranking compares. */
export interface Ranked {
  readonly actions: readonly unknown[];
  readonly summary: RunSummary;
  /** Its place in the order the candidates were built: the last tie-breaker. */
  readonly order: number;
}

/**
 * The order of `mqsim fixes`: drained before not drained, then the earlier drain, fewer lost,
 * fewer dead-lettered and discarded, the lower peak backlog, fewer actions (one restart beats a
 * pair with the same outcome), then the order the candidates were built in.
 */
export function compareFixes(a: Ranked, b: Ranked): number {
  const drainedA = a.summary.outcome.drainedAt;
  const drainedB = b.summary.outcome.drainedAt;
  if ((drainedA === null) !== (drainedB === null)) return drainedA === null ? 1 : -1;
  return (
    (drainedA ?? 0) - (drainedB ?? 0) ||
    a.summary.totals.lost - b.summary.totals.lost ||
    failedOf(a) - failedOf(b) ||
    a.summary.outcome.peakBacklog - b.summary.outcome.peakBacklog ||
    a.actions.length - b.actions.length ||
    a.order - b.order
  );
}

function failedOf(ranked: Ranked): number {
  return ranked.summary.totals.deadLettered + ranked.summary.totals.discarded;
}
