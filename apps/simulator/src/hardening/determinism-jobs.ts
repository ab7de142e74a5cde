import { runScenario, type Totals } from '@mqsim/engine';
import { loadScenario } from '@mqsim/scenario';

/** One run to make: a scenario's text (and its file name for messages), a seed, an end tick. */
export interface IsolatedJob {
  readonly file: string;
  readonly text: string;
  readonly seed: number;
  readonly until?: number;
}

/** What two runs are compared on. */
export interface IsolatedResult {
  readonly fingerprint: string;
  readonly events: number;
  readonly totals: Totals;
}

/** Work for `determinism-entry.ts`: the jobs, run this many times over, back to back. */
export interface IsolatedRequest {
  readonly jobs: readonly IsolatedJob[];
  readonly passes: number;
}

/** Where the jobs ran, and the results of each pass in job order. */
export interface IsolatedAnswer {
  readonly isMainThread: boolean;
  readonly threadId: number;
  readonly passes: readonly (readonly IsolatedResult[])[];
}

/**
 * Runs each job on a scenario loaded afresh from its text: the same procedure in the test's own
 * thread, in a worker thread and in a child process (see `determinism-entry.ts`).
 */
export function runJobs(jobs: readonly IsolatedJob[]): IsolatedResult[] {
  return jobs.map((job) => {
    const result = runScenario(loadScenario(job.text, job.file), {
      seed: job.seed,
      ...(job.until === undefined ? {} : { until: job.until }),
    });
    return { fingerprint: result.fingerprint, events: result.events, totals: result.totals };
  });
}
