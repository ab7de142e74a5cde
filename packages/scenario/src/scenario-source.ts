import {
  type Alias,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type Document as YamlDocument,
} from 'yaml';
import { findParserExhaustion, type ParserLimitProblem } from './nesting-limit.js';
import { quote, type ScenarioProblem } from './scenario-error.js';

/** A path into the scenario: map keys and list indices, e.g. `['hosts', 0, 'name']`. */
export type ScenarioPath = readonly (string | number)[];

/** Keys that could reach `Object.prototype`; refused everywhere, whatever the map. */
export const RESERVED_KEYS: readonly string[] = Object.freeze([
  '__proto__',
  'constructor',
  'prototype',
]);

/** Largest number of values a file may expand to once YAML aliases are followed. */
export const MAX_EXPANDED_VALUES = 1_000_000;

/** A parsed file: its plain data, and positions for any path into it. */
export interface ScenarioSource {
  readonly file: string;
  /**
   * Plain JSON-like data (objects, arrays, strings, numbers, booleans; `null` for an empty file),
   * reserved and complex keys left out; `undefined` after a syntax error or an alias expansion
   * past {@link MAX_EXPANDED_VALUES}.
   */
  readonly data: unknown;
  /** Syntax problems, reserved keys, complex keys, alias bombs. */
  readonly problems: readonly ScenarioProblem[];
  /**
   * The line and column of the value at `path` (or of its key, with `key: true`); the nearest
   * existing ancestor when the path does not exist.
   */
  locate(path: ScenarioPath, options?: { readonly key?: boolean }): Position;
  /** The exact source text of the scalar at `path` (for integers past 2^53), or `undefined`. */
  sourceText(path: ScenarioPath): string | undefined;
}

/** A 1-based position in the file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Parses YAML 1.2 (and so JSON) into plain data with positions. Never throws for bad input:
 * syntax errors, reserved keys (`__proto__`, `constructor`, `prototype`), complex keys and alias
 * bombs come back as problems.
 */
export function parseScenarioSource(text: string, file: string): ScenarioSource {
  const exhaustion = findParserExhaustion(text);
  if (exhaustion !== undefined) return refusedBeforeParsing(text, file, exhaustion);
  const lineCounter = new LineCounter();
  const document = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter,
    prettyErrors: false,
    // The library compares each key with every earlier one (a map of 100 000 keys took 80 s):
    // duplicateKeys below finds them in one pass.
    uniqueKeys: false,
    merge: false,
    version: '1.2',
    schema: 'core',
  });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: ScenarioProblem[] = [];
  const errors = [...document.errors, ...duplicateKeys(document)].sort(
    (left, right) => left.pos[0] - right.pos[0],
  );
  for (const issue of [...errors, ...document.warnings]) {
    const at = position(issue.pos[0]);
    problems.push({
      file,
      ...at,
      path: '',
      message: `YAML: ${yamlMessage(issue.message)}`,
      allowed: 'YAML 1.2 or JSON',
    });
  }
  const root = document.contents;
  const anchors = problems.length === 0 ? resolveAliases(document) : new Map<Alias, unknown>();
  const locate = (path: ScenarioPath, options?: { readonly key?: boolean }): Position => {
    const offset = locateOffset(anchors, root, path, options?.key === true);
    return position(offset);
  };
  const sourceText = (path: ScenarioPath): string | undefined => {
    const found = walk(anchors, root, path);
    if (found.rest > 0 || !isScalar(found.node) || !found.node.range) return undefined;
    const [start, end] = found.node.range;
    return text.replace(/^\uFEFF/, '').slice(start, end);
  };
  let data: unknown;
  if (problems.length === 0) {
    const converter = new Converter(anchors, file, position);
    data = converter.toData(root, []);
    problems.push(...converter.problems);
    // Past the expansion limit the data is cut short: checking it would only add noise.
    if (converter.tooBig) data = undefined;
  }
  return { file, data, problems, locate, sourceText };
}

/**
 * A source refused before parsing (nesting or a node count a parser would follow into
 * exhaustion): one problem at the offending position, no data.
 */
function refusedBeforeParsing(
  text: string,
  file: string,
  limit: ParserLimitProblem,
): ScenarioSource {
  const before = text.slice(0, limit.offset);
  const line = before.split('\n').length;
  const column = limit.offset - before.lastIndexOf('\n');
  const at = { line, column };
  return {
    file,
    data: undefined,
    problems: [{ file, ...at, path: '', message: limit.message, allowed: limit.allowed }],
    locate: () => at,
    sourceText: () => undefined,
  };
}

/**
 * The keys each map repeats (after the first), as the YAML library reports them with
 * `uniqueKeys: true`: scalar keys with the same value. One pass, a set per map.
 */
function duplicateKeys(
  document: YamlDocument.Parsed,
): { readonly pos: readonly [number, number]; readonly message: string }[] {
  const found: { readonly pos: readonly [number, number]; readonly message: string }[] = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          const start = pair.key.range?.[0] ?? 0;
          found.push({ pos: [start, start + 1], message: 'Map keys must be unique' });
        }
        seen.add(pair.key.value);
      }
    },
  });
  return found;
}

/** What each alias points at. */
type Anchors = ReadonlyMap<Alias, unknown>;

/**
 * Resolves every alias in one pass, in document order (an alias means the latest anchor of its
 * name before it). `Alias.resolve` searches the whole document per call: quadratic on a file of
 * many aliases.
 */
function resolveAliases(document: YamlDocument.Parsed): Anchors {
  const latest = new Map<string, unknown>();
  const targets = new Map<Alias, unknown>();
  visit(document, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, latest.get(node.source));
      else if (node.anchor !== undefined) latest.set(node.anchor, node);
    },
  });
  return targets;
}

function follow(anchors: Anchors, node: unknown): unknown {
  return isAlias(node) ? anchors.get(node) : node;
}

/** The first line of a `yaml` error, without its own "at line …" suffix. */
function yamlMessage(message: string): string {
  const first = (message.split('\n', 1)[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  // `"private$\orders"`: in double quotes a backslash starts an escape; queue names need none.
  return /^Invalid escape sequence/.test(first)
    ? `${first}: in double quotes \\ starts an escape; write a queue name such as 'private$\\orders' in single quotes, or without quotes`
    : first;
}

class Converter {
  readonly problems: ScenarioProblem[] = [];
  #values = 0;
  tooBig = false;
  readonly #anchors: Anchors;
  readonly #file: string;
  readonly #position: (offset: number) => Position;

  constructor(anchors: Anchors, file: string, position: (offset: number) => Position) {
    this.#anchors = anchors;
    this.#file = file;
    this.#position = position;
  }

  toData(node: unknown, path: (string | number)[]): unknown {
    this.#values += 1;
    if (this.#values > MAX_EXPANDED_VALUES) {
      if (!this.tooBig) {
        this.tooBig = true;
        this.#problem(node, path, `the file expands to more than ${MAX_EXPANDED_VALUES} values`, {
          allowed: 'fewer aliases (*name) of large anchors',
        });
      }
      return null;
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      return this.toData(this.#anchors.get(node), path);
    }
    if (isScalar(node)) return node.value ?? null;
    if (isSeq(node)) {
      return node.items.map((item, index) => this.toData(item, [...path, index]));
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = this.#key(pair, path);
        if (key === undefined) continue;
        // `key` is never `__proto__` here, so plain assignment cannot reach a prototype.
        result[key] = this.toData(pair.value, [...path, key]);
      }
      return result;
    }
    return null;
  }

  #key(pair: Pair, path: (string | number)[]): string | undefined {
    const keyNode = follow(this.#anchors, pair.key);
    if (!isScalar(keyNode)) {
      this.#problem(pair.key ?? pair.value, path, 'a key must be plain text, not a list or map', {
        allowed: 'a plain key such as name:',
      });
      return undefined;
    }
    const key = String(keyNode.value);
    if (RESERVED_KEYS.includes(key)) {
      this.#problem(
        keyNode,
        path,
        `unknown key ${quote(key)} in ${path.length === 0 ? 'the scenario' : displayPath(path)} (reserved everywhere)`,
        {
          allowed: `any key but ${RESERVED_KEYS.join(', ')}`,
        },
      );
      return undefined;
    }
    return key;
  }

  #problem(
    node: unknown,
    path: ScenarioPath,
    message: string,
    extra: { readonly allowed: string },
  ): void {
    const range = (node as Partial<Node> | null)?.range;
    const at = this.#position(range?.[0] ?? 0);
    this.problems.push({ file: this.#file, ...at, path: displayPath(path), message, ...extra });
  }
}

interface WalkResult {
  /** The deepest node reached. */
  readonly node: unknown;
  /** The pair holding it, when it was reached through a map key. */
  readonly pair: Pair | undefined;
  /** How many segments of the path could not be followed. */
  readonly rest: number;
}

function walk(anchors: Anchors, root: unknown, path: ScenarioPath): WalkResult {
  let node: unknown = root;
  let pair: Pair | undefined;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    node = follow(anchors, node);
    let next: unknown;
    let nextPair: Pair | undefined;
    if (isSeq(node)) {
      next = node.items[Number(segment)];
    } else if (isMap(node)) {
      nextPair = node.items.find((item) => {
        const key = follow(anchors, item.key);
        return isScalar(key) && String(key.value) === String(segment);
      });
      next = nextPair?.value;
    }
    if (next === undefined || next === null) {
      // A key with no value (`name:`) still has a position: the key's.
      if (nextPair !== undefined) return { node: nextPair.key, pair: nextPair, rest: 0 };
      return { node, pair, rest: path.length - index };
    }
    node = next;
    pair = nextPair;
  }
  node = follow(anchors, node) ?? node;
  return { node, pair, rest: 0 };
}

function locateOffset(anchors: Anchors, root: unknown, path: ScenarioPath, key: boolean): number {
  const found = walk(anchors, root, path);
  const target = key && found.rest === 0 && isPair(found.pair) ? found.pair.key : found.node;
  const range = (target as Partial<Node> | null)?.range;
  return range?.[0] ?? 0;
}

/**
 * A path as people read it: `hosts[0].interfaces[1].addresses[0]`, `registry["Machine Cache"]`.
 *
 * @example
 * ```ts
 * displayPath(['hosts', 0, 'registry', 'Machine Cache']); // => 'hosts[0].registry["Machine Cache"]'
 * ```
 */
export function displayPath(path: ScenarioPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${quote(segment)}]`;
  }
  return text;
}
