import { RegistryValueNameError } from '../errors.js';
import { quote } from './quote.js';
import { hasLoneSurrogate } from './utf16.js';

/** The longest value name the registry stores, in UTF-16 units. */
const MAX_VALUE_NAME_LENGTH = 16_383;

const ALLOWED_VALUE_NAME =
  `'' for the default value, or a name of at most ${MAX_VALUE_NAME_LENGTH} characters ` +
  'without NUL, line breaks or unpaired surrogates';

/** Why a value name was refused, and at which UTF-16 offset in it. */
export interface ValueNameProblem {
  readonly offset: number;
  readonly found: string;
  readonly expected: string;
}

/** Checks a value name; `''` (the default value) is allowed. */
export function findValueNameProblem(name: string): ValueNameProblem | undefined {
  if (name.length > MAX_VALUE_NAME_LENGTH) {
    return {
      offset: 0,
      found: `a value name of ${name.length} characters`,
      expected: `a value name of at most ${MAX_VALUE_NAME_LENGTH} characters`,
    };
  }
  const bad = name.search(/[\0\r\n]/);
  if (bad >= 0) {
    return {
      offset: bad,
      found: JSON.stringify(name[bad]),
      expected: 'a value name without NUL or line breaks',
    };
  }
  if (hasLoneSurrogate(name)) {
    return {
      offset: 0,
      found: 'an unpaired UTF-16 surrogate',
      expected: 'a value name of whole Unicode characters',
    };
  }
  return undefined;
}

/** Throws {@link RegistryValueNameError} for a name the registry cannot hold. */
export function checkValueName(name: unknown, key: string): string {
  if (typeof name !== 'string') {
    throw new RegistryValueNameError(
      `Value name ${String(name)} in ${key} is not a string (use '' for the default value)`,
      { value: name, allowed: ALLOWED_VALUE_NAME },
    );
  }
  const problem = findValueNameProblem(name);
  if (problem !== undefined) {
    throw new RegistryValueNameError(
      `Value name ${quote(name)} in ${key} is not valid at character ` +
        `${problem.offset + 1}: expected ${problem.expected}, found ${problem.found}`,
      { value: name, allowed: ALLOWED_VALUE_NAME },
    );
  }
  return name;
}
