import { MqsimError } from '@mqsim/filetime';

/**
 * One run of a sweep that failed with an mqsim error (the same failure `mqsim run` would report),
 * named by its seed and `--set` values.
 */
export class SweepRunError extends MqsimError {
  static override readonly code = 'ERR_SWEEP_RUN';
}

/**
 * A sweep that broke for a reason other than its input: a worker thread that died, or a run that
 * threw something other than an mqsim error. Not an {@link MqsimError} on purpose: the CLI reports
 * it as an internal error (exit 1), not as bad input (exit 2).
 */
export class SweepInternalError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown; readonly stack?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SweepInternalError';
    if (options?.stack !== undefined) this.stack = options.stack;
  }
}
