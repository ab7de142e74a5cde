import { MSMQ_PARAMETERS_KEY } from '@mqsim/ds-refresh';
import { formatDuration, TICKS } from '@mqsim/filetime';
import { formatNameKey, parseFormatName } from '@mqsim/queue-manager';
import type { CountRange, ScenarioExpectation, SourceLocation } from '@mqsim/scenario';
import type { World } from './build-world.js';
import type { RunOutcome } from './outcome.js';

/** One expectation, checked: what was expected, what was seen, where it was written. */
export interface Expectation {
  readonly text: string;
  readonly ok: boolean;
  readonly expected: string;
  readonly seen: string;
  readonly location: SourceLocation;
  /**
   * `false` when the run could not judge it yet: it stopped (`--until`, the shell) before the
   * moment the expectation is about. For an expectation about the end, `ok` then says whether it
   * holds so far and `seen` says so; one about a moment the run did not reach is not `ok`.
   * Absent when judged.
   */
  readonly judged?: false;
}

/** What the checks look at: the world at the end of the run and the run's counters. */
export interface ExpectationContext {
  readonly world: World;
  readonly totals: {
    readonly sent: number;
    readonly delivered: number;
    readonly lost: number;
    readonly deadLettered: number;
  };
  /** Trace events by `type`, and by `type host`. */
  readonly traceCounts: ReadonlyMap<string, number>;
  /**
   * Where a run that stopped before its end stands (ticks), and where its end is: expectations
   * about the end are then not judged. Absent for a run that reached its end.
   */
  readonly stoppedAt?: number;
  readonly end?: number;
  /** How the run went, for `drained` and `maxAge`. */
  readonly outcome?: RunOutcome;
}

/**
 * Checks every expectation of a scenario at the end of its run. An expectation that looks at a
 * moment of the run (`outgoing … at`) takes its result from `earlier`, where the run put it when
 * that moment came; one whose moment the run did not reach cannot be judged, and fails saying so.
 */
export function evaluateExpectations(
  expectations: readonly ScenarioExpectation[],
  context: ExpectationContext,
  earlier: ReadonlyMap<ScenarioExpectation, Expectation> = new Map(),
): Expectation[] {
  return expectations.map((expectation) => {
    if (!('at' in expectation) || expectation.at === undefined) {
      const result = check(expectation, context);
      if (context.stoppedAt === undefined || context.end === undefined) return result;
      // About the end of the run, which has not come: whether it holds so far, not a verdict.
      return {
        ...result,
        judged: false,
        seen: `${result.seen} so far (not judged yet: the run stopped at ${durationText(context.stoppedAt)} of ${durationText(context.end)})`,
      };
    }
    const judged = earlier.get(expectation);
    if (judged !== undefined) return judged;
    return {
      ...check(expectation, context),
      ok: false,
      judged: false,
      seen: `not judged: the run ended before ${durationText(expectation.at)}`,
    };
  });
}

/** Checks one expectation now (the run calls it at an expectation's `at`). */
export function evaluateExpectation(
  expectation: ScenarioExpectation,
  context: ExpectationContext,
): Expectation {
  return check(expectation, context);
}

function check(expectation: ScenarioExpectation, context: ExpectationContext): Expectation {
  const { world, totals } = context;
  const result = (text: string, ok: boolean, expected: string, seen: string): Expectation => ({
    text,
    ok,
    expected,
    seen,
    location: expectation.location,
  });
  switch (expectation.check) {
    case 'lost':
      return countCheck('messages lost', expectation.count, totals.lost, result);
    case 'deadLettered':
      return countCheck('messages dead-lettered', expectation.count, totals.deadLettered, result);
    case 'delivered':
      if (expectation.count === 'all') {
        return result(
          'every message sent was delivered',
          totals.delivered === totals.sent,
          `${totals.sent}`,
          `${totals.delivered}`,
        );
      }
      return countCheck('messages delivered', expectation.count, totals.delivered, result);
    case 'drained': {
      const drainedAt = context.outcome?.drainedAt ?? null;
      return result(
        'every sender drained',
        drainedAt !== null && drainedAt <= expectation.by,
        `by ${durationText(expectation.by)}`,
        drainedAt === null
          ? `not drained: ${context.outcome?.backlogAtEnd ?? 0} messages still at senders`
          : `at ${durationText(drainedAt)}`,
      );
    }
    case 'maxAge': {
      const age = context.outcome?.maxAgeAtDelivery ?? 0;
      return result(
        'the oldest message at delivery',
        age <= expectation.max,
        `at most ${durationText(expectation.max)}`,
        durationText(age),
      );
    }
    case 'queue': {
      const qm = world.host(expectation.host).qm;
      const queue = qm
        ?.queues()
        .find((candidate) => candidate.path.toLowerCase() === expectation.queue.toLowerCase());
      return countCheck(
        `messages in ${expectation.queue} on ${expectation.host}`,
        expectation.messages,
        queue?.messages.length ?? 0,
        result,
      );
    }
    case 'outgoing': {
      const qm = world.host(expectation.host).qm;
      const key = formatNameKey(parseFormatName(expectation.queue.formatName));
      const row = qm
        ?.outgoingQueues()
        .find((candidate) => formatNameKey(parseFormatName(candidate.queueName)) === key);
      const wanted: string[] = [];
      const seen: string[] = [];
      let ok = true;
      if (expectation.state !== undefined) {
        wanted.push(`state ${expectation.state}`);
        seen.push(`state ${row?.state ?? 'none (no outgoing queue)'}`);
        ok &&= row?.state === expectation.state;
      }
      if (expectation.nextHop !== undefined) {
        wanted.push(`next hop ${expectation.nextHop}`);
        seen.push(`next hop ${row?.nextHop ?? 'none'}`);
        ok &&= row?.nextHop === expectation.nextHop;
      }
      if (expectation.messages !== undefined) {
        wanted.push(`${rangeText(expectation.messages)} messages`);
        seen.push(`${row?.messageCount ?? 0} messages`);
        ok &&= inRange(row?.messageCount ?? 0, expectation.messages);
      }
      if (expectation.unacknowledged !== undefined) {
        wanted.push(`${rangeText(expectation.unacknowledged)} unacknowledged`);
        seen.push(`${row?.unacknowledgedCount ?? 0} unacknowledged`);
        ok &&= inRange(row?.unacknowledgedCount ?? 0, expectation.unacknowledged);
      }
      if (expectation.unprocessed !== undefined) {
        wanted.push(`${rangeText(expectation.unprocessed)} unprocessed`);
        seen.push(`${row?.unprocessedCount ?? 0} unprocessed`);
        ok &&= inRange(row?.unprocessedCount ?? 0, expectation.unprocessed);
      }
      return result(
        `outgoing queue ${expectation.queue.text} on ${expectation.host}${expectation.at === undefined ? '' : ` at ${durationText(expectation.at)}`}`,
        ok,
        wanted.join(', '),
        seen.join(', '),
      );
    }
    case 'trace': {
      const key =
        expectation.host === undefined
          ? expectation.type
          : `${expectation.type} ${expectation.host.toLowerCase()}`;
      const where = expectation.host === undefined ? '' : ` on ${expectation.host}`;
      return countCheck(
        `${expectation.type} events${where}`,
        expectation.count,
        context.traceCounts.get(key) ?? 0,
        result,
      );
    }
    case 'registry': {
      const exists =
        world.host(expectation.host).registry.getValue(MSMQ_PARAMETERS_KEY, expectation.name) !==
        undefined;
      return result(
        `${expectation.name} on ${expectation.host}`,
        exists === expectation.exists,
        expectation.exists ? 'present' : 'absent',
        exists ? 'present' : 'absent',
      );
    }
  }
}

function countCheck(
  what: string,
  range: CountRange,
  value: number,
  result: (text: string, ok: boolean, expected: string, seen: string) => Expectation,
): Expectation {
  return result(what, inRange(value, range), rangeText(range), String(value));
}

function inRange(value: number, range: CountRange): boolean {
  return value >= range.min && value <= range.max;
}

/** `3`, `at least 1`, `0 to 10`. */
export function rangeText(range: CountRange): string {
  if (range.min === range.max) return String(range.min);
  if (range.max === Number.POSITIVE_INFINITY) return `at least ${range.min}`;
  if (range.min === 0) return `at most ${range.max}`;
  return `${range.min} to ${range.max}`;
}

/**
 * Ticks as the scenario format writes durations, to the second (to the millisecond below one).
 *
 * @example
 * ```ts
 * [durationText(45_000_000_000), durationText(2_500_000)]; // => ['1h15m', '250ms']
 * ```
 */
export function durationText(ticks: number): string {
  const unit = ticks < TICKS.perSecond ? TICKS.perMillisecond : TICKS.perSecond;
  return formatDuration(Math.round(ticks / unit) * unit);
}
