import { parseDocument } from 'yaml';
import { findParserExhaustion } from './nesting-limit.js';
import { ScenarioOverrideError } from './scenario-error.js';
import { displayPath } from './scenario-source.js';

/** One value of a `--set` flag: the text as written and what it means as YAML. */
export interface SetValue {
  /** As written, e.g. `100ms`, `true`, `"a,b"`. */
  readonly text: string;
  /** Parsed as YAML: `100ms` is text, `5` a number, `true` a boolean, `[a, b]` a list. */
  readonly value: unknown;
}

/** A `--set <path>=<v1>,<v2>` flag: where to change the scenario and the values to try. */
export interface SetFlag {
  /** The path as written, e.g. `hosts.1.msmq.nameCache`. */
  readonly path: string;
  /**
   * The path's keys: map keys, list indices (`1`) or names of list items (`APP02`). A key that
   * is all digits is an index in a list and a plain key in a map.
   */
  readonly segments: readonly string[];
  /** The values to try, in the order written; at least one. */
  readonly values: readonly SetValue[];
}

/** How `--set` paths are written, for messages and help. */
export const SET_PATH_SYNTAX =
  'keys joined by dots, list items by index or name: hosts.1.msmq.nameCache, hosts.APP02.msmq.nameCache, ' +
  'workload.0.every; also hosts[1].registry["Machine Cache"] as in scenario error messages';

/**
 * Reads one `--set` flag: a path into the scenario (see {@link SET_PATH_SYNTAX}), `=`, then one
 * or more values separated by commas. Each value is read as YAML, so `5` is a number, `true` a
 * boolean, `1s` text; a comma inside quotes or brackets does not split (`'a,b'`, `[10.0.0.1, 10.0.0.2]`).
 *
 * @example
 * ```ts
 * parseSetFlag('workload.0.every=1s,100ms').segments; // => ['workload', '0', 'every']
 * parseSetFlag('x=1s,5,true,[a, b]').values.map((v) => v.value); // => ['1s', 5, true, ['a', 'b']]
 * ```
 * @throws {ScenarioOverrideError} naming the character where the flag goes wrong.
 */
export function parseSetFlag(text: string): SetFlag {
  const fail = (message: string, at?: number): never => {
    throw new ScenarioOverrideError(
      `--set ${JSON.stringify(text)}: ${message}${at === undefined ? '' : ` at character ${at + 1}`}`,
      { value: text, allowed: `path=value1,value2 where the path is ${SET_PATH_SYNTAX}` },
    );
  };
  const equals = findOutside(text, '=', 0);
  if (equals === -1) fail('no "=" between the path and the values (write path=v1,v2)');
  const path = text.slice(0, equals);
  const segments = parseSetPath(path, fail);
  if (segments.length === 1 && segments[0] === 'seed')
    fail('the seed is swept with --seeds, not --set');
  const values: SetValue[] = [];
  let start = equals + 1;
  const seen = new Set<string>();
  while (true) {
    const comma = findOutside(text, ',', start);
    const end = comma === -1 ? text.length : comma;
    const raw = text.slice(start, end);
    const valueText = raw.trim();
    const at = start + (raw.length - raw.trimStart().length);
    if (valueText === '')
      fail(
        end === equals + 1 && comma === -1
          ? `no value after "=" (to set empty text, write '')`
          : 'an empty value',
        at,
      );
    if (seen.has(valueText)) fail(`the value ${valueText} is listed twice`, at);
    seen.add(valueText);
    values.push({ text: valueText, value: parseValue(valueText, (message) => fail(message, at)) });
    if (comma === -1) break;
    start = comma + 1;
  }
  return { path, segments, values };
}

/**
 * The keys of a `--set` path (see {@link SET_PATH_SYNTAX}).
 *
 * @example
 * ```ts
 * parseSetPath('hosts[1].registry["Machine Cache"]'); // => ['hosts', '1', 'registry', 'Machine Cache']
 * ```
 * @throws {ScenarioOverrideError} naming the character where the path goes wrong.
 */
export function parseSetPath(
  path: string,
  fail: (message: string, at?: number) => never = (message, at) => {
    throw new ScenarioOverrideError(
      `--set path ${JSON.stringify(path)}: ${message}${at === undefined ? '' : ` at character ${at + 1}`}`,
      { value: path, allowed: SET_PATH_SYNTAX },
    );
  },
): string[] {
  if (path.trim() === '') return fail('no path before "="', 0);
  const segments: string[] = [];
  let index = 0;
  let expectSegment = true;
  while (index < path.length) {
    const char = path[index] as string;
    if (char === '[') {
      const close = findOutside(path, ']', index + 1);
      if (close === -1) fail('a "[" without its "]"', index);
      const inner = path.slice(index + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(inner);
      else if (/^".*"$/s.test(inner)) segments.push(unquote(inner, index + 1, fail));
      else fail('write a list index [1] or a quoted key ["Machine Cache"] in brackets', index);
      index = close + 1;
      expectSegment = false;
      continue;
    }
    if (char === '.') {
      if (expectSegment) fail('an empty key', index);
      expectSegment = true;
      index += 1;
      continue;
    }
    if (!expectSegment) fail(`expected "." or "[" before ${JSON.stringify(char)}`, index);
    if (char === '"') {
      const close = findClosingQuote(path, index);
      if (close === -1) fail('a quote without its closing quote', index);
      segments.push(unquote(path.slice(index, close + 1), index, fail));
      index = close + 1;
    } else {
      let end = index;
      while (end < path.length && !'.["'.includes(path[end] as string)) end += 1;
      const key = path.slice(index, end).trim();
      if (key === '') fail('an empty key', index);
      segments.push(key);
      index = end;
    }
    expectSegment = false;
  }
  if (expectSegment) fail('the path ends with "."', path.length - 1);
  return segments;
}

/**
 * Every combination of the flags' values, in the order nested loops give: the first flag
 * changes slowest, the last fastest. No flags: one combination with nothing changed.
 *
 * @example
 * ```ts
 * combineSetValues([{ values: ['a', 'b'] }, { values: ['x', 'y'] }]);
 * // => [['a', 'x'], ['a', 'y'], ['b', 'x'], ['b', 'y']]
 * ```
 */
export function combineSetValues<T>(flags: readonly { readonly values: readonly T[] }[]): T[][] {
  let combinations: T[][] = [[]];
  for (const flag of flags) {
    combinations = combinations.flatMap((combination) =>
      flag.values.map((value) => [...combination, value]),
    );
  }
  return combinations;
}

/**
 * Refuses two flags that set the same place (`hosts.1.x` and `hosts[1].x`).
 * @throws {ScenarioOverrideError} naming both flags.
 */
export function checkDistinctPaths(flags: readonly SetFlag[]): void {
  const seen = new Map<string, SetFlag>();
  for (const flag of flags) {
    const key = displayPath(flag.segments);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new ScenarioOverrideError(
        `--set ${flag.path} sets the same value as --set ${earlier.path}; give all its values in one flag (path=v1,v2)`,
        { value: flag.path, allowed: 'each path once' },
      );
    }
    seen.set(key, flag);
  }
}

function parseValue(text: string, fail: (message: string) => never): unknown {
  // The value is shown whole in messages only when short: it may be most of a 2 MB argument.
  const shown = text.length <= 80 ? text : `${text.slice(0, 60)}… (${text.length} characters)`;
  // The same limits as a scenario file: a value of 100 000 `[` ran the parser out of stack.
  const exhaustion = findParserExhaustion(text);
  if (exhaustion !== undefined) {
    return fail(
      `the value ${shown} is refused: ${exhaustion.message} (allowed: ${exhaustion.allowed})`,
    );
  }
  const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    const first = problem.message.split('\n', 1)[0] ?? problem.message;
    return fail(
      `the value ${shown} is not valid YAML (${first.replace(/ at line \d+, column \d+:?$/, '')})`,
    );
  }
  // An alias needs an anchor in the same value; the YAML library throws for one without. An
  // override value is one value: anchors and aliases are refused either way.
  try {
    return document.toJS({ maxAliasCount: 0 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      `the value ${shown} is not valid here (${message.split('\n', 1)[0]}); write the value itself, without YAML anchors or aliases`,
    );
  }
}

function unquote(
  quoted: string,
  at: number,
  fail: (message: string, at?: number) => never,
): string {
  try {
    const key: unknown = JSON.parse(quoted);
    if (typeof key === 'string' && key !== '') return key;
  } catch {
    // Reported below.
  }
  return fail(`${quoted} is not a quoted key`, at);
}

/** Index of `wanted` at or after `from`, outside quotes and brackets; -1 when there is none. */
function findOutside(text: string, wanted: string, from: number): number {
  let depth = 0;
  let index = from;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === wanted && depth === 0) return index;
    if (char === '"' || char === "'") {
      const close = char === '"' ? findClosingQuote(text, index) : text.indexOf("'", index + 1);
      if (close === -1) return -1;
      index = close + 1;
      continue;
    }
    if (char === '[' || char === '{') depth += 1;
    else if ((char === ']' || char === '}') && depth > 0) depth -= 1;
    index += 1;
  }
  return -1;
}

function findClosingQuote(text: string, open: number): number {
  for (let index = open + 1; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === '"') return index;
  }
  return -1;
}
