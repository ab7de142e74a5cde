// Entry of the bundle determinism.test.ts builds with esbuild and runs outside vitest: as a worker
// thread (the request in `workerData`, the answer posted back) or as the main thread of a fresh
// `node` process (the request read from the JSON file named by the first argument, the answer
// written to stdout as JSON). Test support only; nothing imports it.
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { type IsolatedAnswer, type IsolatedRequest, runJobs } from './determinism-jobs.js';

const request = (
  isMainThread ? JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) : workerData
) as IsolatedRequest;
const passes = Array.from({ length: request.passes }, () => runJobs(request.jobs));
const answer: IsolatedAnswer = { isMainThread, threadId, passes };
if (isMainThread) process.stdout.write(JSON.stringify(answer));
else parentPort?.postMessage(answer);
