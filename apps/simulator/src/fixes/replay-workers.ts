import { availableParallelism } from 'node:os';

/**
 * Below this many messages over all replays, the replays run in-process: a worker thread takes
 * about half a second to start and load the simulation, more than a few small runs take
 * (nat-renumbering, 7,200 messages, runs in about 0.15 s).
 */
export const IN_PROCESS_MESSAGES = 250_000;

/**
 * The worker threads for `runs` replays of a scenario (its loader's `estimate`) when the user named none: in-process (1)
 * for a small batch, else one per CPU core. `asked` wins when given.
 *
 * @example
 * ```ts
 * replayWorkers(2, { estimate: { messages: 7200 } }, 10); // => 2
 * replayWorkers(undefined, { estimate: { messages: 7200 } }, 10); // => 1
 * ```
 */
export function replayWorkers(
  asked: number | undefined,
  scenario: { readonly estimate: { readonly messages: number } },
  runs: number,
): number {
  if (asked !== undefined) return asked;
  return scenario.estimate.messages * runs <= IN_PROCESS_MESSAGES ? 1 : availableParallelism();
}
