import { MqsimError, parseDurationTicks } from '@mqsim/filetime';

/** A command-line flag or argument whose value cannot be used. */
export class CliInputError extends MqsimError {
  static override readonly code = 'ERR_CLI_INPUT';
}

/**
 * A whole number from a flag, within `min`…`max`.
 * @throws {CliInputError} naming the flag, the text and the allowed range.
 */
export function parseIntegerFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw new CliInputError(
      `${flag} ${JSON.stringify(text)} is not a whole number from ${min} to ${max}`,
      {
        value: text,
        allowed: `a whole number from ${min} to ${max}`,
      },
    );
  }
  return value;
}

/**
 * A duration such as `365d` or `1h` from a flag, in simulation ticks.
 * @throws {CliInputError} naming the flag, with the accepted duration forms.
 */
export function parseDurationFlag(flag: string, text: string): number {
  try {
    return parseDurationTicks(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliInputError(`${flag}: ${reason}`, { value: text, cause: error });
  }
}
