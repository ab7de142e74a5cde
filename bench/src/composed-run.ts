/**
 * The scenario of the composed-run case, and the report one child process prints: the issue's
 * 50-host, 40-stream shape (five sites of ten machines, a DC each, five receivers renumbered in
 * DNS, a WAN partition, a crash, restarts, time limits, a DNS outage) at a traffic multiplier.
 */
import { syntheticScenario } from '@mqsim/scenario';

/** What the child measures: a whole run, or the heap that queued messages take. */
export type ComposedMode = 'run' | 'destination' | 'outgoing';

/** One child's figures (`composed-run-child.ts` prints it as JSON). */
export interface ComposedReport {
  readonly mode: ComposedMode;
  readonly traffic: number;
  readonly events: number;
  /** Messages the applications sent. */
  readonly messages: number;
  readonly seconds: number;
  /** The bare typed-array heap's HOLD rate (N = 1,000) in the same process, just before. */
  readonly bareHeapEventsPerSecond: number;
  /** Peak resident set size of the process, bytes. */
  readonly maxRss: number;
  /** `destination`/`outgoing`: messages held there at the end, and the heap they grew by. */
  readonly queued: number;
  readonly queuedHeapBytes: number;
  readonly fingerprint: string;
}

/**
 * The composed scenario's YAML at `traffic` × (one message per stream every 10 s; 40 streams
 * for an hour: 14,400 messages at 1×).
 *
 * @example
 * ```ts
 * composedScenarioText(100, 'run').includes('every: 100000us'); // => true
 * ```
 */
export function composedScenarioText(traffic: number, mode: ComposedMode): string {
  return syntheticScenario({
    name: 'composed',
    sites: 5,
    machinesPerSite: 10,
    streams: 40,
    traffic,
    durationMinutes: 60,
    renumbered: 5,
    ...(mode === 'destination' ? { consumers: false } : {}),
    ...(mode === 'outgoing' ? { networkDown: true } : {}),
  });
}
