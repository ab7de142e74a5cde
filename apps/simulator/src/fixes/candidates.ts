import type { Finding } from '@mqsim/engine';
import { actionsKey, type RawAction } from './timeline-edit.js';

/** The most candidate fixes `mqsim fixes` replays (singles first, then diagnosis fixes, then pairs). */
export const MAX_CANDIDATES = 40;

/** A fix to try: timeline actions (without `at`) to add at the fix time. */
export interface Candidate {
  readonly actions: readonly RawAction[];
  /** Where it came from: the generic list, a finding of the diagnosis, or a pair of singles. */
  readonly source: 'generic' | 'diagnosis' | 'pair';
}

/** What the candidates are built from. */
export interface CandidateInput {
  /** The hosts whose outgoing queues show a symptom (the senders), in scenario order. */
  readonly senders: readonly string[];
  /** The senders and the receivers of their workload streams, in scenario order. */
  readonly involved: readonly string[];
  /** Whether a host's MSMQ service runs at the fix time (`undefined`: the host has no MSMQ). */
  readonly runningAtFix: (host: string) => boolean | undefined;
  /** The first run's findings: their fixes' timelines are candidates too. */
  readonly diagnosis: readonly Finding[];
  /** Default {@link MAX_CANDIDATES}. */
  readonly limit?: number;
}

/** The candidates in the order they are replayed, and how many the limit cut. */
export interface CandidateList {
  readonly candidates: readonly Candidate[];
  readonly cut: number;
}

/**
 * The candidate fixes, deduplicated by their timeline and cut at `limit`:
 * 1. singles from the generic list: `restart-msmq` on every involved host whose service runs at
 *    the fix time (`start-msmq` where it is stopped), `flushdns` on every sender;
 * 2. the fixes of every finding, as the diagnosis wrote them;
 * 3. pairs of two singles (of 1 and 2) on different hosts: restarts on a sender and a receiver
 *    first, then the others in the order of their parts.
 */
export function buildCandidates(input: CandidateInput): CandidateList {
  const limit = input.limit ?? MAX_CANDIDATES;
  const all: Candidate[] = [];
  const seen = new Set<string>();
  const add = (candidate: Candidate) => {
    if (candidate.actions.length === 0) return;
    const key = actionsKey(candidate.actions);
    if (seen.has(key)) return;
    seen.add(key);
    all.push(candidate);
  };
  const service: Candidate[] = [];
  for (const host of input.involved) {
    const running = input.runningAtFix(host);
    if (running === undefined) continue;
    const candidate: Candidate = {
      actions: [{ do: running ? 'restart-msmq' : 'start-msmq', host }],
      source: 'generic',
    };
    service.push(candidate);
    add(candidate);
  }
  for (const host of input.senders)
    if (input.runningAtFix(host) !== undefined)
      add({ actions: [{ do: 'flushdns', host }], source: 'generic' });
  for (const finding of input.diagnosis)
    for (const fix of finding.fixes) add({ actions: fix.timeline, source: 'diagnosis' });
  const singles = all.filter((candidate) => hostsOf(candidate).length > 0);
  const pairs: Candidate[] = [];
  for (let i = 0; i < singles.length; i += 1) {
    for (let j = i + 1; j < singles.length; j += 1) {
      const a = singles[i] as Candidate;
      const b = singles[j] as Candidate;
      const hostsA = hostsOf(a);
      if (hostsOf(b).some((host) => hostsA.includes(host))) continue;
      pairs.push({ actions: [...a.actions, ...b.actions], source: 'pair' });
    }
  }
  const isServicePair = (pair: Candidate) =>
    pair.actions.length === 2 &&
    pair.actions.every((action) =>
      service.some((single) => actionsKey(single.actions) === actionsKey([action])),
    );
  for (const pair of [...pairs.filter(isServicePair), ...pairs.filter((p) => !isServicePair(p))])
    add(pair);
  return { candidates: all.slice(0, limit), cut: Math.max(0, all.length - limit) };
}

function hostsOf(candidate: Candidate): string[] {
  const hosts = new Set<string>();
  for (const action of candidate.actions)
    if (typeof action.host === 'string') hosts.add(action.host);
  return [...hosts];
}
