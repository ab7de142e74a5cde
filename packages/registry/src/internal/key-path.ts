import { RegistryPathError } from '../errors.js';
import { foldName } from './fold-name.js';
import { quote } from './quote.js';
import { hasLoneSurrogate } from './utf16.js';

/** The five root keys, by full name, with the abbreviation `reg.exe` accepts. */
export const ROOT_KEYS = [
  ['HKEY_LOCAL_MACHINE', 'HKLM'],
  ['HKEY_CURRENT_USER', 'HKCU'],
  ['HKEY_CLASSES_ROOT', 'HKCR'],
  ['HKEY_USERS', 'HKU'],
  ['HKEY_CURRENT_CONFIG', 'HKCC'],
] as const;

/** A root key's full name. */
export type RootKeyName = (typeof ROOT_KEYS)[number][0];

const ROOT_BY_FOLDED = new Map<string, RootKeyName>(
  ROOT_KEYS.flatMap(([name, abbreviation]) => [
    [name, name],
    [abbreviation, name],
  ]),
);

/** The longest key name the registry stores, in UTF-16 units. */
const MAX_KEY_NAME_LENGTH = 255;

const ALLOWED_KEY_PATH =
  'a root (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, ' +
  'HKEY_CURRENT_CONFIG or HKLM, HKCU, HKCR, HKU, HKCC) followed by \\-separated key names of ' +
  `1 to ${MAX_KEY_NAME_LENGTH} characters without NUL, line breaks or unpaired surrogates`;

/** A key path split into its root and key names (names as given, case preserved). */
export interface KeyPath {
  readonly root: RootKeyName;
  readonly names: readonly string[];
}

/** Why a key path was refused, and at which UTF-16 offset in it. */
export interface KeyPathProblem {
  readonly offset: number;
  readonly found: string;
  readonly expected: string;
}

/** How many levels of keys Windows allows below a root key. */
export const MAX_KEY_DEPTH = 512;

/** Splits and checks a key path; a single trailing `\` is allowed, as `reg.exe` allows it. */
export function readKeyPath(path: string): KeyPath | KeyPathProblem {
  const trimmed = path.endsWith('\\') && path.length > 1 ? path.slice(0, -1) : path;
  const parts = trimmed.split('\\');
  const rootText = parts[0] as string;
  const root = ROOT_BY_FOLDED.get(rootText.toUpperCase());
  if (root === undefined) {
    return {
      offset: 0,
      found: rootText === '' ? 'an empty root name' : quote(rootText),
      expected:
        'a root key: HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, ' +
        'HKEY_CURRENT_CONFIG (or HKLM, HKCU, HKCR, HKU, HKCC)',
    };
  }
  const names = parts.slice(1);
  // Windows allows 512 levels of keys below a root ("Registry element size limits"); deeper
  // paths also overflow recursive walks of the tree.
  if (names.length > MAX_KEY_DEPTH) {
    let offset = rootText.length + 1;
    for (const name of names.slice(0, MAX_KEY_DEPTH)) offset += name.length + 1;
    return {
      offset,
      found: `a key path ${names.length} levels deep`,
      expected: `at most ${MAX_KEY_DEPTH} levels of keys below the root (the Windows limit)`,
    };
  }
  let offset = rootText.length + 1;
  for (const name of names) {
    const problem = checkKeyName(name);
    if (problem !== undefined) return { ...problem, offset: offset + problem.offset };
    offset += name.length + 1;
  }
  return { root, names };
}

function checkKeyName(name: string): KeyPathProblem | undefined {
  if (name === '') {
    return { offset: 0, found: 'an empty key name (two \\ in a row)', expected: 'a key name' };
  }
  if (name.length > MAX_KEY_NAME_LENGTH) {
    return {
      offset: 0,
      found: `a key name of ${name.length} characters`,
      expected: `a key name of at most ${MAX_KEY_NAME_LENGTH} characters`,
    };
  }
  const bad = name.search(/[\0\r\n]/);
  if (bad >= 0) {
    return {
      offset: bad,
      found: JSON.stringify(name[bad]),
      expected: 'a key name without NUL or line breaks',
    };
  }
  if (hasLoneSurrogate(name)) {
    return {
      offset: 0,
      found: 'an unpaired UTF-16 surrogate',
      expected: 'a key name of whole Unicode characters',
    };
  }
  return undefined;
}

/** Whether {@link readKeyPath} refused the path. */
export function isKeyPathProblem(result: KeyPath | KeyPathProblem): result is KeyPathProblem {
  return 'offset' in result;
}

/** Splits and checks a key path, throwing for one that names no key. */
export function parseKeyPath(path: string): KeyPath {
  if (typeof path !== 'string') {
    throw new RegistryPathError(`Key path ${String(path)} is not a string`, {
      value: path,
      allowed: ALLOWED_KEY_PATH,
    });
  }
  const result = readKeyPath(path);
  if (isKeyPathProblem(result)) {
    throw new RegistryPathError(
      `Key path ${quote(path)} is not valid at character ${result.offset + 1}: ` +
        `expected ${result.expected}, found ${result.found}`,
      { value: path, allowed: ALLOWED_KEY_PATH },
    );
  }
  return result;
}

/** The path with the root's full name and the names as given. */
export function formatKeyPath(path: KeyPath): string {
  return [path.root, ...path.names].join('\\');
}

/** The folded form of a whole path, for comparing paths. */
export function foldKeyPath(path: KeyPath): string {
  return [path.root, ...path.names.map(foldName)].join('\\');
}
