import { type RunOutcome, runScenario, type Totals } from '@mqsim/engine';
import { MqsimError } from '@mqsim/filetime';
import type { Scenario } from '@mqsim/scenario';

/** What a sweep keeps of one run: small enough to pass between threads by the thousand. */
export interface RunSummary {
  /** Index of the `--set` combination (0 when there is no `--set`). */
  readonly combination: number;
  readonly seed: number;
  /** The run's trace fingerprint: equal fingerprints, identical runs. */
  readonly fingerprint: string;
  /** The tick the run stopped at. */
  readonly endedAt: number;
  /** Trace events. */
  readonly events: number;
  readonly totals: Totals;
  readonly expectations: {
    readonly passed: number;
    /** The text of each failed expectation, in scenario order. */
    readonly failed: readonly string[];
  };
  /** The part of the run's {@link RunOutcome} that sweeps and `mqsim fixes` compare. */
  readonly outcome: SummaryOutcome;
  /** The first finding of the run's diagnosis, when it has one: its symptom and cause. */
  readonly finding: { readonly symptom: string; readonly cause: string } | undefined;
}

/** What a {@link RunSummary} keeps of a {@link RunOutcome}: ticks from the start, and counts. */
export type SummaryOutcome = Pick<
  RunOutcome,
  'drainedAt' | 'peakBacklog' | 'backlogAtEnd' | 'refusedAttempts' | 'timedOutAttempts'
>;

/**
 * Runs `scenario` with `seed` (until `until`, when given) and keeps its {@link RunSummary}.
 * Deterministic, like {@link runScenario}: the same inputs give the same summary in any thread.
 */
export function summarizeRun(
  scenario: Scenario,
  combination: number,
  seed: number,
  until: number | undefined,
): RunSummary {
  const result = runScenario(scenario, { seed, ...(until === undefined ? {} : { until }) });
  const failed = result.expectations.filter((expectation) => !expectation.ok);
  const first = result.diagnosis[0];
  return {
    combination,
    seed,
    fingerprint: result.fingerprint,
    endedAt: result.endedAt,
    events: result.events,
    totals: { ...result.totals },
    expectations: {
      passed: result.expectations.length - failed.length,
      failed: failed.map((expectation) => expectation.text),
    },
    outcome: {
      drainedAt: result.outcome.drainedAt,
      peakBacklog: result.outcome.peakBacklog,
      backlogAtEnd: result.outcome.backlogAtEnd,
      refusedAttempts: result.outcome.refusedAttempts,
      timedOutAttempts: result.outcome.timedOutAttempts,
    },
    finding:
      first === undefined ? undefined : { symptom: first.symptom, cause: first.cause.detail },
  };
}

/** A failed run, as plain data that crosses a thread boundary. */
export interface RunFailure {
  readonly message: string;
  /** The mqsim error code when it was an mqsim error (bad input, as for `mqsim run`). */
  readonly code: string | undefined;
  readonly stack: string | undefined;
}

/** A run's error as {@link RunFailure}. */
export function toRunFailure(error: unknown): RunFailure {
  return {
    message: error instanceof Error ? error.message : String(error),
    code: MqsimError.isInstance(error) ? error.code : undefined,
    stack: error instanceof Error ? error.stack : undefined,
  };
}
