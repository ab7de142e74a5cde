/**
 * Child process of the queue-manager memory case: `node --expose-gc queue-manager-memory.js
 * <outgoing|destination> <messages>` queues that many express messages and prints one
 * `MemoryReport` as JSON. A process per figure, so neither the other scenario's garbage nor the
 * bench's own heap is counted. The pair is `createQueueManagerPair`'s: the world `@mqsim/engine`
 * builds from the bench's two-machine scenario, untraced; the partition is the world's network's.
 */
import { TICKS } from '@mqsim/filetime';
import {
  BATCH,
  createQueueManagerPair,
  DESTINATION,
  MESSAGE_SIZE,
  type MemoryReport,
  type MemoryScenario,
  PERIOD_TICKS,
} from './queue-manager-case.js';

const SECOND_TICKS = TICKS.perSecond;

function main(): number {
  const [where, count] = process.argv.slice(2);
  const messages = Number(count);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (
    (where !== 'outgoing' && where !== 'destination') ||
    !(Number.isInteger(messages) && messages > 0)
  ) {
    console.error(
      'usage: node --expose-gc queue-manager-memory.js <outgoing|destination> <messages>',
    );
    return 2;
  }
  if (gc === undefined) {
    console.error('run with node --expose-gc');
    return 2;
  }
  const { clock, network, sender, receiver } = createQueueManagerPair();
  if (where === 'outgoing') network.partition('cut', ['SENDER'], ['RECEIVER']);
  const options = { delivery: 'express', size: MESSAGE_SIZE } as const;
  gc();
  const { heapUsed: heapBefore, rss: rssBefore } = process.memoryUsage();
  for (let sent = 0; sent < messages; ) {
    const batch = Math.min(BATCH, messages - sent);
    for (let index = 0; index < batch; index++) sender.send(DESTINATION, options);
    sent += batch;
    // Delivering, or (partitioned) trying to connect: the messages arrive as a stream either way.
    clock.runUntil(clock.ticks() + PERIOD_TICKS);
  }
  // Let the last acknowledgements arrive (or the SYN retransmissions go on): nothing left in
  // flight. Bounded: the parent reports messages not where they should be.
  clock.runUntil(clock.ticks() + SECOND_TICKS);
  for (let period = 0; where === 'destination' && period < 1_000; period++) {
    const { outgoing, inFlight } = sender.accounting();
    if (outgoing + inFlight === 0) break;
    clock.runUntil(clock.ticks() + PERIOD_TICKS);
  }
  gc();
  const memory = process.memoryUsage();
  const report: MemoryReport = {
    where: where satisfies MemoryScenario,
    messages,
    heapBefore,
    heapAfter: memory.heapUsed,
    rssBefore,
    rss: memory.rss,
    heapTotal: memory.heapTotal,
    sender: sender.accounting(),
    receiver: receiver.accounting(),
  };
  console.log(JSON.stringify(report));
  return 0;
}

process.exitCode = main();
