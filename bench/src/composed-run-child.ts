/**
 * Child process of the composed-run case: `node --expose-gc composed-run-child.js <mode>
 * <traffic>` prints one `ComposedReport` as JSON. A process per figure, so its peak RSS and heap
 * are its own. `run` is what `mqsim run` does with a scenario (load, run with trace fingerprint,
 * outcome, diagnosis and report); `destination`/`outgoing` stop with every message queued and
 * measure the heap they hold while the world still exists.
 */
import { runScenario, startSimulation } from '@mqsim/engine';
import { loadScenario } from '@mqsim/scenario';
import { type ComposedMode, type ComposedReport, composedScenarioText } from './composed-run.js';
import { holdWithBareHeap } from './hold-model.js';
import { createExponentialDelays } from './random-delays.js';

const BARE_HEAP_EVENTS = 3_000_000;
const BARE_HEAP_POPULATION = 1_000;

function bareHeapRate(): number {
  const delays = createExponentialDelays({
    seed: 42,
    meanTicks: 1_000_000,
    count: BARE_HEAP_POPULATION + BARE_HEAP_EVENTS,
  });
  holdWithBareHeap(delays, BARE_HEAP_POPULATION, BARE_HEAP_EVENTS); // warm-up
  const run = holdWithBareHeap(delays, BARE_HEAP_POPULATION, BARE_HEAP_EVENTS);
  return run.events / run.seconds;
}

function main(): number {
  const [mode, trafficText] = process.argv.slice(2);
  const traffic = Number(trafficText);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!(mode === 'run' || mode === 'destination' || mode === 'outgoing') || !(traffic > 0)) {
    console.error(
      'usage: node --expose-gc composed-run-child.js <run|destination|outgoing> <traffic>',
    );
    return 2;
  }
  if (gc === undefined) {
    console.error('run with node --expose-gc');
    return 2;
  }
  const bareHeapEventsPerSecond = bareHeapRate();
  const scenario = loadScenario(
    composedScenarioText(traffic, mode as ComposedMode),
    'composed.yaml',
  );
  gc();
  const started = process.hrtime.bigint();
  let report: ComposedReport;
  if (mode === 'run') {
    const result = runScenario(scenario);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    report = {
      mode,
      traffic,
      events: result.events,
      messages: result.totals.sent,
      seconds,
      bareHeapEventsPerSecond,
      maxRss: process.resourceUsage().maxRSS * 1024,
      queued: result.totals.queued + (result.totals.waiting ?? 0),
      queuedHeapBytes: 0,
      fingerprint: result.fingerprint,
    };
  } else {
    const simulation = startSimulation(scenario);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    simulation.advanceTo(simulation.end);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    gc();
    const queuedHeapBytes = process.memoryUsage().heapUsed - heapBefore;
    const result = simulation.report();
    report = {
      mode,
      traffic,
      events: result.events,
      messages: result.totals.sent,
      seconds,
      bareHeapEventsPerSecond,
      maxRss: process.resourceUsage().maxRSS * 1024,
      queued: mode === 'destination' ? result.totals.queued : (result.totals.waiting ?? 0),
      queuedHeapBytes,
      fingerprint: result.fingerprint,
    };
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

process.exitCode = main();
