import { createHash } from 'node:crypto';
import type { TraceEvent, TraceSink } from '@mqsim/filetime';

/** A sink that folds every event into a SHA-256, so two runs can be compared by one string. */
export interface FingerprintSink extends TraceSink {
  /** Events folded in so far. */
  readonly count: number;
  /** The hex digest of every event so far, in order (the first 16 hex digits are plenty to compare). */
  digest(): string;
}

/**
 * Fingerprints a run's trace: the same scenario and seed give the same fingerprint, and any
 * difference in any event — time, order, field — changes it.
 *
 * @example
 * ```ts
 * const sink = createFingerprintSink();
 * sink.emit({ t: 0, source: 'demo', type: 'demo.started' });
 * sink.digest().length; // => 64
 * ```
 */
export function createFingerprintSink(): FingerprintSink {
  const hash = createHash('sha256');
  let count = 0;
  let digest: string | undefined;
  return {
    emit(event: TraceEvent) {
      hash.update(JSON.stringify(event, bigintAsString));
      hash.update('\n');
      count++;
    },
    get count() {
      return count;
    },
    digest() {
      digest ??= hash.copy().digest('hex');
      const value = digest;
      digest = undefined;
      return value;
    },
  };
}

/** JSON has no bigint: trace fields that are bigints are written as decimal strings. */
export function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Sends every event to each sink in turn. */
export function teeSinks(...sinks: readonly (TraceSink | undefined)[]): TraceSink {
  const present = sinks.filter((sink): sink is TraceSink => sink !== undefined);
  return {
    emit: (event) => {
      for (const sink of present) sink.emit(event);
    },
  };
}
