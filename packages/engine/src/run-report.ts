import { toIso } from '@mqsim/filetime';
import type { Finding } from './diagnosis-types.js';
import type { Expectation } from './expectations.js';
import type { RunOutcome } from './outcome.js';
import type { HostReport, RunResult, TimelineEntry, Totals } from './run-scenario.js';

/** A run as `mqsim run --json` prints it: a public contract — fields are added, never renamed. */
export interface RunReport {
  /** The scenario's name. */
  readonly scenario: string;
  /** The file it was loaded from, as named. */
  readonly file: string;
  readonly seed: number;
  /** Of the whole trace: the same scenario and seed give the same fingerprint. */
  readonly fingerprint: string;
  /** Trace events in the run. */
  readonly events: number;
  readonly timeline: readonly TimelineEntry[];
  readonly hosts: readonly HostReport[];
  readonly totals: Totals;
  /**
   * How the run went ({@link RunOutcome}: ticks from the start), with `drainedAtTime`, the
   * drain time as an ISO date-time (`null` when not drained).
   */
  readonly outcome: RunOutcome & { readonly drainedAtTime: string | null };
  /** Every symptom at the end of the run, its cause and fixes ({@link Finding}). */
  readonly diagnosis: readonly Finding[];
  readonly expectations: readonly Expectation[];
  /** Every expectation met and the run not interrupted. */
  readonly ok: boolean;
  /** Where Ctrl-C stopped the run, when it did. */
  readonly interrupted?: { readonly t: number; readonly at: string };
}

/**
 * The run as one JSON-ready document — exactly what `mqsim run --json` prints: the scenario's name
 * and file, seed, fingerprint, event count, timeline, hosts, totals, expectations, `ok`, and
 * `interrupted` when the run stopped early. Serialise it with {@link bigintAsString} as replacer.
 *
 * @example
 * ```ts
 * const report = toRunReport(runScenario('quickstart'));
 * [report.scenario, report.ok]; // => ['quickstart', true]
 * ```
 */
export function toRunReport(result: RunResult): RunReport {
  return {
    scenario: result.scenario.name,
    file: result.scenario.file,
    seed: result.seed,
    fingerprint: result.fingerprint,
    events: result.events,
    timeline: result.timeline,
    hosts: result.hosts,
    totals: result.totals,
    outcome: {
      ...result.outcome,
      drainedAtTime:
        result.outcome.drainedAt === null
          ? null
          : toIso(result.scenario.start.plus(result.outcome.drainedAt)),
    },
    diagnosis: result.diagnosis,
    expectations: result.expectations,
    // A partial run is never ok, whatever its expectations say so far.
    ok:
      result.interruptedAt === undefined &&
      result.expectations.every((expectation) => expectation.ok),
    ...(result.interruptedAt === undefined
      ? {}
      : {
          interrupted: {
            t: result.interruptedAt,
            at: toIso(result.scenario.start.plus(result.interruptedAt)),
          },
        }),
  };
}
