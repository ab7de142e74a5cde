/** The shape every bench case has, so new cases are one more file and one line in main.ts. */
import type { CaseResult } from './report.js';
import type { SimPyAvailability } from './simpy.js';

/** Settings shared by every case, from the command line. */
export interface BenchSettings {
  /** Timed rounds per implementation; each case reports their median. */
  readonly rounds: number;
  /** Multiplies each case's default workload; below 1 for a quick smoke run. */
  readonly scale: number;
  /** Whether SimPy can run, checked once per bench run. */
  readonly simpy: SimPyAvailability;
}

/**
 * One benchmark: a name and a function that measures every implementation of it (a promise for
 * a case that measures real I/O, such as lookups against a local DNS server).
 */
export interface BenchCase {
  readonly name: string;
  run(settings: BenchSettings): CaseResult | Promise<CaseResult>;
}
