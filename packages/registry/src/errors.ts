import { MqsimError, type MqsimErrorDetails } from '@mqsim/filetime';

/** Details of a {@link RegistryValueError}: where the value was going, when that is known. */
export interface RegistryValueErrorDetails extends MqsimErrorDetails {
  /** Full path of the key the value was being written to. */
  readonly key?: string;
  /** Name of the value (`''` is the default value). */
  readonly valueName?: string;
}

/**
 * A `.reg` file that Registry Editor's format does not allow: the message and the `line` and
 * `column` fields (1-based, in the original text) say where, what was found and what was expected.
 *
 * @example
 * ```ts
 * try {
 *   parseRegFile('REGEDIT5\r\n');
 * } catch (error) {
 *   if (!RegFileParseError.isInstance(error)) throw error;
 *   [error.line, error.column]; // => [1, 1]
 * }
 * ```
 */
export class RegFileParseError extends MqsimError {
  static override readonly code = 'ERR_REG_PARSE';
}

/**
 * A key path that names no registry key: an unknown root, an empty or over-long key name, or a
 * character a key name cannot hold; also raised when asked to create or delete a root key.
 *
 * @example
 * ```ts
 * new Registry().createKey('HKEY_LOCAL_MACHIN\\SOFTWARE'); // throws RegistryPathError
 * ```
 */
export class RegistryPathError extends MqsimError {
  static override readonly code = 'ERR_REG_PATH';
}

/**
 * An operation that needs an existing key (listing, exporting, querying) was given a key that does
 * not exist; `value` holds the path.
 *
 * @example
 * ```ts
 * new Registry().listValues('HKLM\\SOFTWARE\\Missing'); // throws RegistryKeyNotFoundError
 * ```
 */
export class RegistryKeyNotFoundError extends MqsimError {
  static override readonly code = 'ERR_REG_KEY_NOT_FOUND';
}

/**
 * Value data a registry value of its type cannot hold (a DWORD outside 0 … 2^32 − 1, a QWORD
 * outside 0 … 2^64 − 1, a string list containing NUL, …); names the key and value when known.
 *
 * @example
 * ```ts
 * dword(2 ** 32); // throws RegistryValueError: allowed is 'an integer from 0 to 4294967295'
 * ```
 */
export class RegistryValueError extends MqsimError {
  static override readonly code = 'ERR_REG_VALUE';
  /** Full path of the key the value was being written to, when known. */
  readonly key?: string;
  /** Name of the value, when known (`''` is the default value). */
  readonly valueName?: string;

  constructor(message: string, details: RegistryValueErrorDetails = {}) {
    super(message, details);
    if (details.key !== undefined) this.key = details.key;
    if (details.valueName !== undefined) this.valueName = details.valueName;
  }
}

/**
 * A value name the registry (or a `.reg` file) cannot hold: longer than 16,383 characters, or
 * containing NUL, a line break or an unpaired UTF-16 surrogate.
 *
 * @example
 * ```ts
 * new Registry().setValue('HKCU\\Software', 'two\nlines', sz('x')); // throws RegistryValueNameError
 * ```
 */
export class RegistryValueNameError extends MqsimError {
  static override readonly code = 'ERR_REG_VALUE_NAME';
}

/**
 * A change listener threw. The change itself is complete and every other listener still ran;
 * `cause` is the first listener error.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * registry.watch('HKCU\\Software', () => {
 *   throw new Error('boom');
 * });
 * registry.createKey('HKCU\\Software\\X'); // throws RegistryListenerError
 * registry.hasKey('HKCU\\Software\\X'); // => true
 * ```
 */
export class RegistryListenerError extends MqsimError {
  static override readonly code = 'ERR_REG_LISTENER';
}
