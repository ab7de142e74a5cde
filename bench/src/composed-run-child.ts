/**
 * Child process of the composed-run case: `node --expose-gc composed-run-child.js <mode>
 * <traffic>` prints one `ComposedReport` as JSON. A process per figure, so its peak RSS and heap
 * are its own. `run` is what `mqsim run` does with a scenario (load, run with trace fingerprint,
 * outcome, diagnosis and report); `destination`/`outgoing` stop with every message queued and
 * measure the heap they hold while the world still exists.
 */
import { type RunResult, runScenario, startSimulation } from '@mqsim/engine';
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
  // `run`: the whole run and its report, as `mqsim run` makes them. Otherwise the run is held at
  // its end, so the heap its queued messages take is measured while the world still exists.
  let seconds: number;
  let queuedHeapBytes = 0;
  let result: RunResult;
  if (mode === 'run') {
    result = runScenario(scenario);
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } else {
    const simulation = startSimulation(scenario);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    simulation.advanceTo(simulation.end);
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
    gc();
    queuedHeapBytes = process.memoryUsage().heapUsed - heapBefore;
    result = simulation.report();
  }
  const { totals } = result;
  const report: ComposedReport = {
    mode,
    traffic,
    events: result.events,
    messages: totals.sent,
    seconds,
    bareHeapEventsPerSecond,
    maxRss: process.resourceUsage().maxRSS * 1024,
    queued:
      mode === 'run'
        ? totals.queued + (totals.waiting ?? 0)
        : mode === 'destination'
          ? totals.queued
          : (totals.waiting ?? 0),
    queuedHeapBytes,
    fingerprint: result.fingerprint,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

process.exitCode = main();
