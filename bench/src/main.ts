/**
 * `pnpm bench`: runs every bench case and prints a table (or JSON with `--json`).
 *
 * Exit codes: 0 when the cases ran (targets missed or not), 1 when implementations disagreed
 * on the work done, 2 for bad options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchCase } from './bench-case.js';
import {
  createCliColdStartCase,
  FILETIME_COMMAND,
  RUN_DS_REFRESH_COMMAND,
} from './cli-cold-start-case.js';
import { createComposedRunCase } from './composed-run-case.js';
import { createDsRefreshPlannerCase } from './ds-refresh-planner-case.js';
import { createEnterpriseRunCase } from './enterprise-run-case.js';
import { createHoldCase } from './hold-case.js';
import { createNameCacheCase } from './name-cache-case.js';
import { createNameCacheVsCacheableLookupCase } from './name-cache-vs-cacheable-lookup-case.js';
import {
  createQueueManagerMemoryCase,
  createQueueManagerThroughputCase,
} from './queue-manager-case.js';
import { type CaseResult, formatJson, formatTable } from './report.js';
import { findSimPy } from './simpy.js';
import { formatSummary, summarize } from './summary.js';
import { createSweepWorkersCase } from './sweep-workers-case.js';
import { createTransportCase } from './transport-case.js';

const CASES: readonly BenchCase[] = [
  createHoldCase(1_000),
  createHoldCase(100_000),
  createNameCacheCase(10_000),
  createNameCacheVsCacheableLookupCase(10_000),
  createTransportCase(1_000),
  createQueueManagerThroughputCase(),
  createQueueManagerMemoryCase(),
  createDsRefreshPlannerCase(100_000),
  createCliColdStartCase(FILETIME_COMMAND),
  createCliColdStartCase(RUN_DS_REFRESH_COMMAND),
  createSweepWorkersCase(),
  createComposedRunCase(),
  createEnterpriseRunCase(),
];

const USAGE = `usage: pnpm bench [--json] [--out FILE] [--rounds N] [--scale F] [--case TEXT]
  --json       print machine-readable results instead of a table
  --out FILE   also write the JSON results to FILE (pnpm and turbo print to stdout too)
  --rounds N   timed rounds per implementation, median reported (default 3)
  --scale F    multiply every workload by F, e.g. 0.1 for a quick check (default 1)
  --case TEXT  run only the cases whose name contains TEXT, e.g. "N=1,000"
  --help       print this text`;

async function main(): Promise<number> {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const rounds = Number(values.rounds);
  const scale = Number(values.scale);
  if (!(Number.isInteger(rounds) && rounds >= 1) || !(scale > 0 && Number.isFinite(scale))) {
    console.error(`--rounds must be an integer ≥ 1 and --scale a number > 0\n${USAGE}`);
    return 2;
  }
  const selected = CASES.filter((benchCase) => benchCase.name.includes(values.case ?? ''));
  if (selected.length === 0) {
    console.error(
      `no case matches "${values.case}"; cases: ${CASES.map((benchCase) => benchCase.name).join(', ')}`,
    );
    return 2;
  }

  const simpy = findSimPy();
  const loadAtStart = loadavg();
  const results: CaseResult[] = [];
  for (const benchCase of selected) {
    if (process.stderr.isTTY) process.stderr.write(`running ${benchCase.name}…\n`);
    results.push(await benchCase.run({ rounds, scale, simpy }));
  }
  const environment = {
    node: process.version,
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}`,
    rounds,
    simpy: simpy.available ? simpy.version : undefined,
    loadAverage: { start: loadAtStart, end: loadavg() },
  };
  const summary = summarize(results);
  console.log(
    values.json
      ? formatJson(results, environment, summary)
      : `${formatTable(results, environment)}\n\n${formatSummary(summary, environment)}`,
  );
  if (values.out !== undefined) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${formatJson(results, environment, summary)}\n`);
  }
  return results.some((result) => result.problems.length > 0) ? 1 : 0;
}

function parseOptions() {
  // pnpm forwards a literal `--` (`pnpm bench -- --json`); parseArgs would end options there.
  const args = process.argv.slice(2);
  return parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    options: {
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      scale: { type: 'string', default: '1' },
      case: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }).values;
}

process.exitCode = await main();
