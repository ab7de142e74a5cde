import {
  splitOutputLines,
  type TextProblem,
  type TextReading,
  toCommandOutputText,
} from '@mqsim/filetime';
import { applyChanges } from './internal/apply-changes.js';
import { isKeyPathProblem, readKeyPath } from './internal/key-path.js';
import { REG_DWORD, REG_DWORD_BIG_ENDIAN, typeName } from './internal/reg-types.js';
import { findValueNameProblem } from './internal/value-name.js';
import type { RegValue } from './reg-value.js';
import { binary, dword, expandSz, multiSz, qword, raw, sz } from './reg-value.js';
import type { Registry } from './registry.js';

/** A key path line of `reg query` output, and where it was printed. */
export interface RegQuerySubkey {
  /** The path as printed, root spelled out (`HKEY_LOCAL_MACHINE\SOFTWARE\…`). */
  readonly path: string;
  /** The 1-based line it was printed on. */
  readonly line: number;
}

/** A key `reg query` printed with its values (or, with `/s`, a key without values). */
export interface RegQueryKey extends RegQuerySubkey {
  /** Its value lines, in the order printed. */
  readonly values: readonly RegQueryValue[];
}

/** One value line of `reg query` output: `    Name    REG_TYPE    data`. */
export interface RegQueryValue {
  /** The value's name; `''` for the default value (printed `(Default)`). */
  readonly name: string;
  /** The type name as printed: `REG_SZ`, `REG_DWORD`, …, `REG_UNKNOWN(0x100)`. */
  readonly type: string;
  /** The data exactly as printed after the type (`0xa8`, `DC01\0DC02`, `4242AB`, `''`). */
  readonly data: string;
  /**
   * The typed value, when the printed form determines it; absent for `(value not set)` and for
   * data its type cannot print (such a line is also reported as a problem).
   */
  readonly value?: RegValue;
  /** `true` for `(Default)    REG_SZ    (value not set)`: the key has no default value. */
  readonly notSet?: true;
  /** The 1-based line it was printed on. */
  readonly line: number;
}

/** An `ERROR: …` line of `reg.exe` (it writes them to stderr; `2>&1` puts them in the file). */
export interface RegQueryError {
  /** The text after `ERROR:`. */
  readonly message: string;
  /** The 1-based line it was printed on. */
  readonly line: number;
}

/** The last line of a `reg query` search: `End of search: 2 match(es) found.` */
export interface RegQueryEndOfSearch {
  /** How many matches `reg.exe` counted. */
  readonly matches: number;
  /** The 1-based line it was printed on. */
  readonly line: number;
}

/** What a saved `reg query` output says, as plain data. */
export interface RegQueryOutput {
  /** Keys printed with their values, or followed by a blank line (`/s` output), in order. */
  readonly keys: readonly RegQueryKey[];
  /** Subkey paths listed alone (`reg query` without `/s`): they exist, their values were not shown. */
  readonly subkeys: readonly RegQuerySubkey[];
  /**
   * Present when the output was a search (`/f`, `/t`, or `/v` with `/s`): it shows only the
   * matching values, not every value of each key.
   */
  readonly endOfSearch?: RegQueryEndOfSearch;
  /** The `ERROR:` lines, in order. */
  readonly errors: readonly RegQueryError[];
  /** Whether `reg.exe` said it could not find the key or value (`ERROR: The system was unable…`). */
  readonly notFound: boolean;
}

/** How {@link readRegQuery} reads localized output. */
export interface ReadRegQueryOptions {
  /**
   * Further spellings of `(Default)`, the default value's name, that a localized `reg.exe` prints
   * (for example `['(Standard)']`). `(Default)` is always recognised.
   */
  readonly defaultValueNames?: readonly string[];
}

// What reg.exe prints when the key is missing (Wine's reg.exe tests, run on Windows, check the
// exit code; the text is reg.exe's STRING_CANNOT_FIND, quoted in issue 17 and Wine's reg.rc).
const NOT_FOUND = 'The system was unable to find the specified registry key or value.';
// reg.exe's last line after a search, e.g. "End of search: 14 match(es) found."
// (HTB Rustykey write-up and HTB Academy's Windows registry module, see __fixtures__/PROVENANCE.md).
const END_OF_SEARCH = /^End of search: (\d+) match\(es\) found\.$/;
const DEFAULT_NAME = '(Default)';
const VALUE_NOT_SET = '(value not set)';
const SEPARATOR = '    ';
const TYPE_BY_NAME = new Map<string, number>(
  Array.from({ length: 12 }, (_, kind) => [typeName(kind), kind] as const),
);
const UNKNOWN_TYPE = /^REG_UNKNOWN\(0x([0-9a-f]{1,8})\)$/;
const LONGEST_TYPE = 'REG_UNKNOWN(0xffffffff)'.length + 8; // past REG_RESOURCE_REQUIREMENTS_LIST
const ROOTS = [
  'HKEY_LOCAL_MACHINE',
  'HKEY_CURRENT_USER',
  'HKEY_CLASSES_ROOT',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
  'HKLM',
  'HKCU',
  'HKCR',
  'HKU',
  'HKCC',
];
const EXPECTED_LINE =
  'expected a key path (HKEY_…), a value line "    Name    REG_TYPE    data", an ERROR: line, ' +
  "reg.exe's End of search line or a blank line";

interface Block {
  readonly path: string;
  readonly line: number;
  readonly indent: string;
  readonly values: RegQueryValue[];
  followedByBlank: boolean;
}

interface ParsedValueLine {
  readonly name: string;
  readonly type: string;
  readonly data: string;
  readonly nameColumn: number;
  readonly dataColumn: number;
}

/**
 * Reads the text `reg query <key>`, `reg query <key> /s`, `reg query <key> /v Name` or a
 * `/f`/`/t` search printed (from a string or the bytes of a saved file: UTF-16LE with a BOM from
 * PowerShell, UTF-8, CRLF or LF): each key with its values, the subkeys listed without values,
 * `End of search`, and `ERROR:` lines. A line it cannot place is a problem with its line and
 * column; reading goes on with the next line. It never throws.
 *
 * A value line is split at the leftmost type name (`REG_SZ`, …, `REG_UNKNOWN(0x…)`) that has four
 * spaces before it and four spaces or the end of the line after it, as `reg.exe` prints it, so a
 * name holding `    REG_SZ    ` is misread but data holding it is not; lines whose separators
 * are tabs or other runs of blanks are read by the leftmost type name between blanks.
 *
 * @example
 * ```ts
 * const text = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\r\n' +
 *   '    DSSiteListRefresh    REG_DWORD    0xa8\r\n\r\n';
 * readRegQuery(text).value.keys[0]?.values[0];
 * // => { name: 'DSSiteListRefresh', type: 'REG_DWORD', data: '0xa8', value: { type: 'REG_DWORD', data: 168 }, line: 3 }
 * readRegQuery('ERROR: The system was unable to find the specified registry key or value.\r\n').value.notFound;
 * // => true
 * readRegQuery('\r\nHKEY_CURRENT_USER\\Software\r\n    oops\r\n').problems[0]?.line;
 * // => 3
 * ```
 */
export function readRegQuery(
  input: string | Uint8Array,
  options: ReadRegQueryOptions = {},
): TextReading<RegQueryOutput> {
  const defaultNames = new Set([DEFAULT_NAME, ...(options.defaultValueNames ?? [])]);
  const lines = splitOutputLines(toCommandOutputText(input));
  const problems: TextProblem[] = [];
  const blocks: Block[] = [];
  const errors: RegQueryError[] = [];
  let endOfSearch: RegQueryEndOfSearch | undefined;
  let pendingSummary: { line: number; text: string; matches: number } | undefined;
  let previousWasPath = false;
  const problem = (line: number, text: string, offset: number, message: string): void => {
    problems.push({ line, column: codePointColumn(text, offset), message, text });
  };

  for (const [index, text] of lines.entries()) {
    const line = index + 1;
    const current = blocks.at(-1);
    if (text.trim() === '') {
      if (previousWasPath && current !== undefined) current.followedByBlank = true;
      previousWasPath = false;
      continue;
    }
    previousWasPath = false;
    // A summary line is only reg.exe's when nothing but blank lines follows it.
    if (pendingSummary !== undefined) {
      problem(pendingSummary.line, pendingSummary.text, 0, `${EXPECTED_LINE}, found text`);
      pendingSummary = undefined;
    }
    const indentLength = leadingBlanks(text);
    const error = indentLength === 0 ? readErrorLine(text) : undefined;
    if (error !== undefined) {
      errors.push({ message: error, line });
      continue;
    }
    const rootAt = startsWithRoot(text, indentLength);
    const valueLine = indentLength > 0 || !rootAt ? findValueLine(text, current) : undefined;
    if (rootAt && valueLine === undefined) {
      const path = text.slice(indentLength);
      const checked = readKeyPath(path);
      if (isKeyPathProblem(checked)) {
        problem(
          line,
          text,
          indentLength + checked.offset,
          `expected ${checked.expected}, found ${checked.found}`,
        );
        continue;
      }
      blocks.push({
        path,
        line,
        indent: text.slice(0, indentLength),
        values: [],
        followedByBlank: false,
      });
      previousWasPath = true;
      continue;
    }
    if (valueLine !== undefined) {
      if (current === undefined) {
        problem(line, text, 0, 'expected a key path (HKEY_…) before the first value line');
        continue;
      }
      const nameProblem = findValueNameProblem(valueLine.name);
      if (nameProblem !== undefined) {
        problem(
          line,
          text,
          valueLine.nameColumn + nameProblem.offset,
          `expected ${nameProblem.expected}, found ${nameProblem.found}`,
        );
        continue;
      }
      const entry = toEntry(valueLine, line, defaultNames);
      if ('message' in entry) {
        problem(line, text, valueLine.dataColumn, entry.message);
        current.values.push(entry.entry);
      } else current.values.push(entry);
      continue;
    }
    const english = END_OF_SEARCH.exec(text.trim());
    if (english !== null) {
      endOfSearch = { matches: Number(english[1]), line };
      continue;
    }
    const localized = indentLength === 0 ? singleNumber(text) : undefined;
    if (localized !== undefined) {
      pendingSummary = { line, text, matches: localized };
      continue;
    }
    problem(line, text, indentLength, `${EXPECTED_LINE}, found text`);
  }
  if (pendingSummary !== undefined) {
    endOfSearch = { matches: pendingSummary.matches, line: pendingSummary.line };
  }

  const keys: RegQueryKey[] = [];
  const subkeys: RegQuerySubkey[] = [];
  for (const { path, line, values, followedByBlank } of blocks) {
    if (values.length > 0 || followedByBlank) keys.push({ path, line, values });
    else subkeys.push({ path, line });
  }
  return {
    value: {
      keys,
      subkeys,
      ...(endOfSearch === undefined ? {} : { endOfSearch }),
      errors,
      notFound: errors.some((error) => error.message === NOT_FOUND),
    },
    problems: problems.sort((a, b) => a.line - b.line),
  };
}

/**
 * Puts what a `reg query` output shows into a registry: creates every key and listed subkey, and
 * sets every value whose typed form the output determines. It never deletes: a value the output
 * does not show (a search, `/v`, a listed subkey) is left as it is.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * const key = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';
 * applyRegQuery(registry, readRegQuery(`\r\n${key}\r\n    DSSiteListRefresh    REG_DWORD    0xa8\r\n\r\n${key}\\MachineCache\r\n`).value);
 * registry.getValue(key, 'DSSiteListRefresh'); // => { type: 'REG_DWORD', data: 168 }
 * registry.hasKey(`${key}\\MachineCache`); // => true
 * ```
 * @throws {RegistryPathError} for a key path that names no key (only in hand-built outputs:
 * {@link readRegQuery} reports those as problems).
 * @throws {RegistryValueNameError} for a value name the registry cannot hold (hand-built outputs).
 * @throws {RegistryListenerError} after the changes, when a change listener threw.
 */
export function applyRegQuery(registry: Registry, output: RegQueryOutput): void {
  applyChanges((run) => {
    for (const key of output.keys) {
      run(() => registry.createKey(key.path));
      for (const entry of key.values) {
        const { value } = entry;
        if (value !== undefined) run(() => registry.setValue(key.path, entry.name, value));
      }
    }
    for (const subkey of output.subkeys) run(() => registry.createKey(subkey.path));
  });
}

function leadingBlanks(text: string): number {
  let index = 0;
  while (index < text.length && isBlank(text.charCodeAt(index))) index += 1;
  return index;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function startsWithRoot(text: string, at: number): boolean {
  for (const root of ROOTS) {
    if (text.length < at + root.length) continue;
    if (text.slice(at, at + root.length).toUpperCase() !== root) continue;
    const next = text[at + root.length];
    if (next === undefined || next === '\\') return true;
  }
  return false;
}

/**
 * The parts of a value line, or `undefined` when the line holds no type name between blanks.
 * The name starts after the key line's indentation plus `reg.exe`'s four spaces (so a name may
 * begin with blanks), or after the leading blanks of a line indented some other way.
 */
function findValueLine(text: string, current: Block | undefined): ParsedValueLine | undefined {
  const indent = `${current?.indent ?? ''}${SEPARATOR}`;
  const nameStart = text.startsWith(indent) ? indent.length : leadingBlanks(text);
  return findTypeToken(text, nameStart, true) ?? findTypeToken(text, nameStart, false);
}

/**
 * Searches left to right for a type name: with `exact`, one with four spaces before it and four
 * spaces or the end of the line after it; otherwise one between any blanks. Linear: each `REG_`
 * occurrence costs at most the length of the longest type name.
 */
function findTypeToken(
  text: string,
  nameStart: number,
  exact: boolean,
): ParsedValueLine | undefined {
  let from = nameStart + 1;
  for (;;) {
    const at = text.indexOf('REG_', from);
    if (at < 0) return undefined;
    from = at + 1;
    const end = typeTokenEnd(text, at);
    if (end === undefined) continue;
    if (exact) {
      if (at - SEPARATOR.length <= nameStart || !text.startsWith(SEPARATOR, at - 4)) continue;
      if (end !== text.length && !text.startsWith(SEPARATOR, end)) continue;
      const dataStart = end === text.length ? end : end + SEPARATOR.length;
      return {
        name: text.slice(nameStart, at - SEPARATOR.length),
        type: text.slice(at, end),
        data: text.slice(dataStart),
        nameColumn: nameStart,
        dataColumn: dataStart,
      };
    }
    if (!isBlank(text.charCodeAt(at - 1))) continue;
    if (end !== text.length && !isBlank(text.charCodeAt(end))) continue;
    let nameEnd = at;
    while (nameEnd > nameStart && isBlank(text.charCodeAt(nameEnd - 1))) nameEnd -= 1;
    if (nameEnd === nameStart) continue;
    let dataStart = end;
    while (dataStart < text.length && isBlank(text.charCodeAt(dataStart))) dataStart += 1;
    return {
      name: text.slice(nameStart, nameEnd),
      type: text.slice(at, end),
      data: text.slice(dataStart),
      nameColumn: nameStart,
      dataColumn: dataStart,
    };
  }
}

/** The end of the type name starting at `at`, when it is one `reg.exe` prints. */
function typeTokenEnd(text: string, at: number): number | undefined {
  let end = at + 4;
  const limit = Math.min(text.length, at + LONGEST_TYPE);
  while (end < limit) {
    const code = text.charCodeAt(end);
    if (!((code >= 0x41 && code <= 0x5a) || code === 0x5f)) break;
    end += 1;
  }
  const word = text.slice(at, end);
  if (TYPE_BY_NAME.has(word)) return end;
  if (word !== 'REG_UNKNOWN' || text[end] !== '(') return undefined;
  let close = end;
  while (close < limit && text[close] !== ')') close += 1;
  if (close >= limit) return undefined;
  return UNKNOWN_TYPE.test(text.slice(at, close + 1)) ? close + 1 : undefined;
}

/** The type number of a printed type name. */
function kindOf(type: string): number | undefined {
  const known = TYPE_BY_NAME.get(type);
  if (known !== undefined) return known;
  const unknown = UNKNOWN_TYPE.exec(type);
  return unknown === null ? undefined : Number.parseInt(unknown[1] as string, 16);
}

/**
 * A value entry with its typed value, as `reg.exe` prints each type: strings as they are,
 * REG_MULTI_SZ items joined by a literal `\0`, DWORD and QWORD as `0x` hex, everything else as
 * upper-case hex bytes (`REG_DWORD_BIG_ENDIAN` of 4 bytes as the little-endian DWORD, like Windows).
 */
function toEntry(
  parsed: ParsedValueLine,
  line: number,
  defaultNames: ReadonlySet<string>,
): RegQueryValue | { entry: RegQueryValue; message: string } {
  const name = defaultNames.has(parsed.name) ? '' : parsed.name;
  const { type, data } = parsed;
  const base = { name, type, data };
  if (name === '' && type === 'REG_SZ' && data === VALUE_NOT_SET) {
    return { ...base, notSet: true, line };
  }
  const typed = toValue(type, data);
  if (typeof typed === 'string') return { entry: { ...base, line }, message: typed };
  return { ...base, value: typed, line };
}

const DWORD_TEXT = /^0x([0-9a-fA-F]{1,8})$/;
const QWORD_TEXT = /^0x([0-9a-fA-F]{1,16})$/;
const HEX_BYTES = /^(?:[0-9a-fA-F]{2})*$/;

/** The typed value, or what was expected of the data. */
function toValue(type: string, data: string): RegValue | string {
  switch (type) {
    case 'REG_SZ':
      return sz(data);
    case 'REG_EXPAND_SZ':
      return expandSz(data);
    case 'REG_MULTI_SZ':
      if (data.includes('\0')) return 'expected REG_MULTI_SZ data without NUL characters';
      return multiSz(data === '' ? [] : data.split('\\0'));
    case 'REG_QWORD': {
      const match = QWORD_TEXT.exec(data);
      if (match === null) return 'expected REG_QWORD data as 0x and 1 to 16 hex digits';
      return qword(BigInt(`0x${match[1]}`));
    }
    case 'REG_BINARY': {
      const bytes = hexBytes(data);
      return bytes === undefined
        ? 'expected REG_BINARY data as pairs of hex digits'
        : binary(bytes);
    }
  }
  const kind = kindOf(type) as number;
  if (kind === REG_DWORD || kind === REG_DWORD_BIG_ENDIAN) {
    const match = DWORD_TEXT.exec(data);
    if (match !== null) {
      const number = Number.parseInt(match[1] as string, 16);
      if (kind === REG_DWORD) return dword(number);
      return raw(kind, [
        number & 0xff,
        (number >>> 8) & 0xff,
        (number >>> 16) & 0xff,
        number >>> 24,
      ]);
    }
  }
  // Any other type, and DWORD data that is not 4 bytes, is printed as its bytes in hex.
  const bytes = hexBytes(data);
  if (bytes === undefined) {
    return kind === REG_DWORD || kind === REG_DWORD_BIG_ENDIAN
      ? `expected ${type} data as 0x and 1 to 8 hex digits`
      : `expected ${type} data as pairs of hex digits`;
  }
  return raw(kind, bytes);
}

function hexBytes(data: string): Uint8Array | undefined {
  if (!HEX_BYTES.test(data)) return undefined;
  const bytes = new Uint8Array(data.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(data.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/**
 * The message of an `ERROR:` line; localized `reg.exe` spells the word in capitals of its language
 * (`FEHLER:`, `ERREUR :`), so any capitalised word of 3 or more letters before the colon counts.
 */
function readErrorLine(text: string): string | undefined {
  const match = /^(\p{Lu}{3,}) ?:(.*)$/u.exec(text);
  return match === null ? undefined : (match[2] as string).trim();
}

/**
 * The one number on a line, for a localized `End of search` line (`Suche beendet: 2
 * Übereinstimmung(en) gefunden.`): a line of text with exactly one run of digits.
 */
function singleNumber(text: string): number | undefined {
  const runs = text.match(/\d+/g);
  if (runs?.length !== 1) return undefined;
  const matches = Number(runs[0]);
  return Number.isSafeInteger(matches) ? matches : undefined;
}

/** The 1-based column, in code points, of UTF-16 offset `offset` in `text`. */
function codePointColumn(text: string, offset: number): number {
  let column = 1;
  for (let index = 0; index < offset && index < text.length; index++) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (
      code >= 0xd800 &&
      code <= 0xdbff &&
      next >= 0xdc00 &&
      next <= 0xdfff &&
      index + 1 < offset
    ) {
      index += 1;
    }
    column += 1;
  }
  return column;
}
