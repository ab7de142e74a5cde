import { MqsimError } from '@mqsim/filetime';

/** A seed that is not a whole number from 0 to {@link MAX_SEED} (the transport's streams take 32 bits). */
export class SeedRangeError extends MqsimError {
  static override readonly code = 'ERR_ENGINE_SEED';
}

/** A host name that is not one of the scenario's hosts; `allowed` lists them. */
export class UnknownHostError extends MqsimError {
  static override readonly code = 'ERR_ENGINE_UNKNOWN_HOST';
}

/**
 * A timeline action the packages underneath cannot carry out yet (e.g. removing a NAT); the run
 * goes on and the timeline says the action failed.
 */
export class UnsupportedActionError extends MqsimError {
  static override readonly code = 'ERR_ENGINE_UNSUPPORTED_ACTION';
}
