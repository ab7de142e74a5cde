import { type Clock, TICKS } from '@mqsim/filetime';
import type { DirectoryQuery, DirectoryQueryResult } from './ds-refresh-scheduler.js';
import type { DirectoryList } from './parameters.js';

/** Options for {@link SimulatedDirectory}. */
export interface SimulatedDirectoryOptions {
  readonly clock: Clock;
  /**
   * How long a successful query takes, in ticks. Defaults: site list 2 s, enterprise list 10 s —
   * UNCERTAIN (nothing documents it; it grows with the number of sites and servers), so a setting.
   */
  readonly queryTicks?: Partial<Record<DirectoryList, number>>;
  /**
   * How long a query to an unreachable directory takes to fail, in ticks. Default 10 min: MSMQ's
   * documented DS error time-out is servers × 2 × protocols × RpcCancelTimeout (5 min), here
   * one DC and one protocol.
   */
  readonly failureTicks?: number;
}

/** One query the directory answered. */
export interface DirectoryQueryRecord {
  readonly list: DirectoryList;
  /** Clock ticks when it started. */
  readonly startedAt: number;
  readonly ok: boolean;
}

/**
 * A domain controller for simulations: answers list queries after a delay on the clock, or fails
 * them while `available` is false (DC down, network partition).
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-11-23T00:00:00Z') });
 * const directory = new SimulatedDirectory({ clock });
 * directory.available = false;
 * const results: DirectoryQueryResult[] = [];
 * directory.query('site', (result) => results.push(result));
 * clock.run();
 * results; // => [{ ok: false, error: 'the directory service did not answer (DC unreachable)' }]
 * ```
 */
export class SimulatedDirectory {
  /** Whether queries succeed. Checked when a query starts. */
  available = true;
  readonly #clock: Clock;
  readonly #queryTicks: Record<DirectoryList, number>;
  readonly #failureTicks: number;
  readonly #history: DirectoryQueryRecord[] = [];

  constructor(options: SimulatedDirectoryOptions) {
    this.#clock = options.clock;
    this.#queryTicks = {
      site: options.queryTicks?.site ?? 2 * TICKS.perSecond,
      enterprise: options.queryTicks?.enterprise ?? 10 * TICKS.perSecond,
    };
    this.#failureTicks = options.failureTicks ?? 10 * TICKS.perMinute;
  }

  /** Every query so far, in order. */
  get history(): readonly DirectoryQueryRecord[] {
    return this.#history;
  }

  /** The {@link DirectoryQuery} to hand to a scheduler. */
  readonly query: DirectoryQuery = (list, done) => {
    const ok = this.available;
    this.#history.push({ list, startedAt: this.#clock.ticks(), ok });
    const result: DirectoryQueryResult = ok
      ? { ok: true }
      : { ok: false, error: 'the directory service did not answer (DC unreachable)' };
    this.#clock.schedule(ok ? this.#queryTicks[list] : this.#failureTicks, () => done(result));
  };
}
