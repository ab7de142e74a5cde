const BASE_MARKER = Symbol.for('mqsim.error');

function markerFor(code: string): symbol {
  return Symbol.for(`mqsim.error.${code}`);
}

/** Fields every mqsim error may carry beyond its message. */
export interface MqsimErrorDetails {
  /** The offending input, as the user gave it. */
  readonly value?: unknown;
  /** What would have been accepted, in words a user understands. */
  readonly allowed?: string;
  /** 1-based line in the input file, when the input is a file. */
  readonly line?: number;
  /** 1-based column in the input file, when the input is a file. */
  readonly column?: number;
  /** The underlying failure. */
  readonly cause?: unknown;
}

/**
 * The base of every error an `@mqsim/*` package throws: a stable `code`, a message that names the
 * bad input and what would be valid, and typed fields a program can read instead of parsing text.
 *
 * Recognise errors with `isInstance`, which works across duplicate installs of a package
 * (it checks a `Symbol.for` marker, not the prototype chain).
 *
 * @example
 * ```ts
 * try { parseDuration('7 days') } catch (error) {
 *   if (DurationParseError.isInstance(error)) console.log(error.code); // 'ERR_DURATION_PARSE'
 * }
 * ```
 */
export class MqsimError extends Error {
  /** The error's code, e.g. `ERR_FILETIME_RANGE`; set by each subclass. */
  static readonly code: string = 'ERR_MQSIM';

  /** Stable machine-readable code; never changes for the same kind of failure. */
  readonly code: string;
  // `declare`: no class-field initialiser, so a detail that was not given stays absent
  // (a plain field would be defined as `undefined` on every error, whatever the constructor does).
  /** The offending input, as the user gave it. */
  declare readonly value?: unknown;
  /** What would have been accepted. */
  declare readonly allowed?: string;
  /** 1-based line in the input file, when the input is a file. */
  declare readonly line?: number;
  /** 1-based column in the input file, when the input is a file. */
  declare readonly column?: number;

  constructor(message: string, details: MqsimErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    const code = (new.target as typeof MqsimError).code;
    this.name = new.target.name;
    this.code = code;
    if (details.value !== undefined) this.value = details.value;
    if (details.allowed !== undefined) this.allowed = details.allowed;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    Object.defineProperty(this, BASE_MARKER, { value: true });
    Object.defineProperty(this, markerFor(code), { value: true });
  }

  /**
   * Whether `value` is an error of this class (or, called on `MqsimError`, any mqsim error),
   * even when it comes from another copy of the package.
   */
  static isInstance<T extends abstract new (...args: never[]) => MqsimError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    if (typeof value !== 'object' || value === null) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    const code = (this as unknown as typeof MqsimError).code;
    const marker = code === MqsimError.code ? BASE_MARKER : markerFor(code);
    return (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** A FILETIME or tick count outside what the target can hold (u64, a `Date`, .NET `DateTime`, 2^53 simulation ticks). */
export class FileTimeRangeError extends MqsimError {
  static override readonly code = 'ERR_FILETIME_RANGE';
}

/** Text that is not a FILETIME in the form the parser was asked to read. */
export class FileTimeParseError extends MqsimError {
  static override readonly code = 'ERR_FILETIME_PARSE';
}

/** Text that is not a duration such as `168h`, `60m`, `7d`, `1h30m` or `500ms`. */
export class DurationParseError extends MqsimError {
  static override readonly code = 'ERR_DURATION_PARSE';
}

/** A timer asked for at a time the clock cannot honour (negative delay, in the past, not a whole tick). */
export class ScheduleError extends MqsimError {
  static override readonly code = 'ERR_SCHEDULE';
}

/** An event callback threw; the message names the simulation time at which it ran. */
export class SimulationEventError extends MqsimError {
  static override readonly code = 'ERR_SIMULATION_EVENT';
  /** Simulation time of the failing event, in ticks since the clock's epoch. */
  readonly ticks: number;
  /** Absolute time of the failing event as ISO-8601 UTC. */
  readonly iso: string;

  constructor(message: string, ticks: number, iso: string, cause: unknown) {
    super(message, { cause });
    this.ticks = ticks;
    this.iso = iso;
  }
}
