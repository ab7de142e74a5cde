import { loadScenario, type Scenario } from '@mqsim/scenario';
import { type RunFailure, type RunSummary, summarizeRun, toRunFailure } from './run-summary.js';
import type { WorkerReply, WorkerRequest } from './worker-pool.js';

/** What every sweep worker starts with: the scenario text of each `--set` combination. */
export interface SweepWorkerData {
  /** The scenario file, for messages. */
  readonly file: string;
  /** The scenario text of each combination, `--set` values applied, by combination index. */
  readonly texts: readonly string[];
  /** Stop each run at this tick; `undefined`: the scenario's end. */
  readonly until: number | undefined;
}

/** One run of a sweep: a combination and a seed. */
export interface SweepTask {
  readonly combination: number;
  readonly seed: number;
}

/**
 * The function that answers sweep requests, in a worker thread or in-process (the same code
 * either way): each combination's scenario is loaded once, then runs are summarized; a failure
 * is answered as data, never thrown.
 *
 * @param loaded - scenarios already loaded from `data.texts`, by combination (in-process).
 */
export function createSweepTaskHandler(
  data: SweepWorkerData,
  loaded: readonly Scenario[] = [],
): (request: WorkerRequest<SweepTask>) => WorkerReply<RunSummary, RunFailure> {
  const scenarios = new Map<number, Scenario>(loaded.map((scenario, index) => [index, scenario]));
  return ({ index, task }) => {
    try {
      let scenario = scenarios.get(task.combination);
      if (scenario === undefined) {
        scenario = loadScenario(data.texts[task.combination] ?? '', data.file);
        scenarios.set(task.combination, scenario);
      }
      return { index, result: summarizeRun(scenario, task.combination, task.seed, data.until) };
    } catch (error) {
      return { index, failure: toRunFailure(error) };
    }
  };
}
