import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runOnWorkers } from './worker-pool.js';

// A worker in plain JavaScript that speaks the pool's protocol: it squares `n` after `delay` ms
// (so later tasks can finish first), fails on `fail`, and exits on `exit`.
const SQUARE = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', ({ index, task }) => {
  if (task.exit) process.exit(3);
  setTimeout(() => {
    if (task.fail) parentPort.postMessage({ index, failure: { message: 'no ' + task.n } });
    else parentPort.postMessage({ index, result: { square: task.n * task.n, thread: threadId } });
  }, task.delay ?? 0);
});
`;

interface Task {
  readonly n: number;
  readonly delay?: number;
  readonly fail?: boolean;
  readonly exit?: boolean;
}

const started: Worker[] = [];
const options = (size: number, onDone?: (done: number, total: number) => void) => ({
  size,
  createWorker: () => {
    const worker = new Worker(SQUARE, { eval: true });
    started.push(worker);
    return worker;
  },
  toError: (failure: { message: string }, task: Task) =>
    new RangeError(`task ${task.n}: ${failure.message}`),
  ...(onDone === undefined ? {} : { onDone }),
});

describe('runOnWorkers', () => {
  it('gives results in task order whatever order they finish in, on every worker', async () => {
    const tasks: Task[] = [40, 0, 30, 0, 10, 0].map((delay, n) => ({ n, delay }));
    const done: number[] = [];
    const results = await runOnWorkers<
      Task,
      { square: number; thread: number },
      { message: string }
    >(
      tasks,
      options(3, (count) => done.push(count)),
    );
    expect(results.map((result) => result.square)).toEqual([0, 1, 4, 9, 16, 25]);
    expect(new Set(results.map((result) => result.thread)).size).toBe(3);
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('starts no more workers than tasks, and none for no tasks', async () => {
    started.length = 0;
    await runOnWorkers([{ n: 2 }], options(8));
    expect(started.length).toBe(1);
    expect(await runOnWorkers([], options(8))).toEqual([]);
    expect(started.length).toBe(1);
  });

  it('rejects with the first failed task and stops every worker', async () => {
    started.length = 0;
    const tasks: Task[] = [{ n: 1 }, { n: 2, fail: true }, { n: 3, delay: 1000 }, { n: 4 }];
    await expect(runOnWorkers(tasks, options(2))).rejects.toThrow(new RangeError('task 2: no 2'));
    expect(started.map((worker) => worker.threadId)).toEqual([-1, -1]);
  });

  it('rejects when a worker exits before finishing', async () => {
    await expect(runOnWorkers([{ n: 1, exit: true }], options(1))).rejects.toThrow(
      'a sweep worker exited with code 3 before finishing',
    );
  });
});
