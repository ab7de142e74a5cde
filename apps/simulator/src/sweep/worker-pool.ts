import type { Worker } from 'node:worker_threads';
import { SweepInternalError } from './sweep-errors.js';

/**
 * The messages between the pool and its workers. The pool posts `{ index, task }`; a worker
 * answers each with `{ index, result }` or `{ index, failure }` (both structured-clonable).
 */
export type WorkerRequest<Task> = { readonly index: number; readonly task: Task };

/** A worker's answer to one {@link WorkerRequest}. */
export type WorkerReply<Result, Failure> =
  | { readonly index: number; readonly result: Result }
  | { readonly index: number; readonly failure: Failure };

/** Options of {@link runOnWorkers}. */
export interface WorkerPoolOptions<Task, Failure> {
  /** Workers to start (at most one per task). */
  readonly size: number;
  /** Starts one worker that speaks the {@link WorkerRequest} protocol. */
  readonly createWorker: () => Worker;
  /** The error to reject with when a task fails. */
  readonly toError: (failure: Failure, task: Task) => Error;
  /** Called after each finished task, with how many are done. */
  readonly onDone?: (done: number, total: number) => void;
}

/**
 * Runs every task on a pool of worker threads, one task per worker at a time, and resolves with
 * the results in task order, whatever order they finish in. The first failure (a failed task,
 * a worker that throws or exits) stops every worker and rejects; all workers are stopped at the
 * end.
 */
export async function runOnWorkers<Task, Result, Failure>(
  tasks: readonly Task[],
  options: WorkerPoolOptions<Task, Failure>,
): Promise<Result[]> {
  const results: Result[] = new Array(tasks.length);
  if (tasks.length === 0) return results;
  const size = Math.max(1, Math.min(options.size, tasks.length));
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let settled = false;
      const stop = (error: Error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const feed = (worker: Worker) => {
        if (settled || next >= tasks.length) return;
        const index = next;
        next += 1;
        worker.postMessage({ index, task: tasks[index] as Task } satisfies WorkerRequest<Task>);
      };
      for (let count = 0; count < size; count += 1) {
        const worker = options.createWorker();
        workers.push(worker);
        worker.on('message', (reply: WorkerReply<Result, Failure>) => {
          if (settled) return;
          if ('failure' in reply) {
            stop(options.toError(reply.failure, tasks[reply.index] as Task));
            return;
          }
          results[reply.index] = reply.result;
          done += 1;
          options.onDone?.(done, tasks.length);
          if (done === tasks.length) {
            settled = true;
            resolve();
          } else feed(worker);
        });
        worker.on('error', stop);
        worker.on('exit', (code) => {
          if (!settled)
            stop(
              new SweepInternalError(`a sweep worker exited with code ${code} before finishing`),
            );
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
