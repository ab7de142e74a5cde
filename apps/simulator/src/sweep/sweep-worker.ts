// The entry of each sweep worker thread, built to dist/sweep-worker.js beside the CLI: it answers
// the pool's requests with run summaries until the pool stops it.
import { parentPort, workerData } from 'node:worker_threads';
import { createSweepTaskHandler, type SweepTask, type SweepWorkerData } from './sweep-task.js';
import type { WorkerRequest } from './worker-pool.js';

const handle = createSweepTaskHandler(workerData as SweepWorkerData);
parentPort?.on('message', (request: WorkerRequest<SweepTask>) => {
  parentPort?.postMessage(handle(request));
});
