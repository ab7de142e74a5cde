import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
} from 'yaml';
import { didYouMeanHint } from './did-you-mean.js';
import { ScenarioOverrideError } from './scenario-error.js';
import { displayPath } from './scenario-source.js';
import type { SetFlag, SetValue } from './set-flag.js';

/** A scenario text after one `--set` value, and the line it added, if it added one. */
export interface OverrideEdit {
  readonly text: string;
  /**
   * The 1-based line of the new text that the edit inserted (a key added to a block map);
   * lines below it moved down by one. `undefined` when every line stayed where it was.
   */
  readonly addedLine: number | undefined;
}

/**
 * The scenario text with the value at `flag`'s path replaced by `value`, edited in place so the
 * rest of the file keeps its lines, comments and layout (and the loader's messages point at the
 * user's file). A missing key is added to its map (`hosts.0.dnsClient.maxCacheTtl` when the host
 * has no `dnsClient`): on the same line in a flow map `{ … }`, on a new line in a block map.
 * Whether the result is a valid scenario is the loader's job.
 *
 * @example
 * ```ts
 * const flag = parseSetFlag('hosts.APP02.msmq.nameCache=respect-ttl');
 * const text = 'hosts:\n  - { name: APP02, msmq: { nameCache: until-restart } }\n';
 * flag.values.map((value) => applyOverride(text, 'a.yaml', flag, value).text);
 * // => ['hosts:\n  - { name: APP02, msmq: { nameCache: "respect-ttl" } }\n']
 * ```
 * @throws {ScenarioOverrideError} at the line and column where the path leads nowhere: an index
 *   past the end of a list, a name no list item has, a key inside a plain value, an alias.
 */
export function applyOverride(
  text: string,
  file: string,
  flag: SetFlag,
  value: SetValue,
): OverrideEdit {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
  });
  const fail = (offset: number, message: string, allowed: string): never => {
    const { line, col } = lineCounter.linePos(offset);
    throw new ScenarioOverrideError(
      `${file}:${line}:${col}: --set ${flag.path}: ${message} (allowed: ${allowed})`,
      { value: flag.path, allowed, line, column: col },
    );
  };
  if (document.errors.length > 0)
    fail(document.errors[0]?.pos[0] ?? 0, 'the scenario is not valid YAML', 'a valid scenario');

  const reached: (string | number)[] = [];
  const where = () => (reached.length === 0 ? 'the scenario' : displayPath(reached));
  let node: unknown = document.contents;
  let holder: Pair | undefined;
  for (let index = 0; index < flag.segments.length; index += 1) {
    const segment = flag.segments[index] as string;
    const rest = flag.segments.slice(index);
    if (isAlias(node)) {
      fail(
        start(node),
        `${where()} is the alias *${node.source}, shared with its anchor`,
        `a path that does not go through an alias; change the anchored value &${node.source}`,
      );
    }
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === segment,
      );
      if (pair === undefined) return insertKey(text, node, rest, value, reached, fail);
      reached.push(segment);
      holder = pair;
      node = pair.value;
      continue;
    }
    if (isSeq(node)) {
      const position = findItem(node.items, segment);
      if (position === undefined) {
        const names = itemNames(node.items);
        const count = node.items.length;
        const indices =
          count === 0
            ? 'no index (the list is empty)'
            : count === 1
              ? 'index 0'
              : `an index from 0 to ${count - 1}`;
        fail(
          start(node),
          /^\d+$/.test(segment)
            ? `${where()} has ${count} item${count === 1 ? '' : 's'}, so no item ${segment}`
            : `no item in ${where()} is named ${JSON.stringify(segment)}${didYouMeanHint(segment, names)}`,
          names.length === 0 ? indices : `${indices}, or a name: ${names.join(', ')}`,
        );
        return { text, addedLine: undefined };
      }
      reached.push(position);
      holder = undefined;
      node = node.items[position];
      continue;
    }
    if (isNull(node)) {
      // `msmq:` with nothing after it: the whole value is written.
      return {
        text: replaceNode(text, node, holder, nest(rest, render(value))),
        addedLine: undefined,
      };
    }
    fail(
      start(node),
      `${where()} is ${describe(node)}, which has no ${JSON.stringify(segment)} inside`,
      `a path to a value inside a map or list`,
    );
  }
  if (isAlias(node)) {
    fail(
      start(node),
      `${where()} is the alias *${node.source}, shared with its anchor`,
      `a path that does not end at an alias; change the anchored value &${node.source}`,
    );
  }
  return { text: replaceNode(text, node, holder, render(value)), addedLine: undefined };
}

type Fail = (offset: number, message: string, allowed: string) => never;

/** A list item by index, or by the `name` of a map item (exact, else the one case-insensitive match). */
function findItem(items: readonly unknown[], segment: string): number | undefined {
  if (/^\d+$/.test(segment)) {
    const index = Number(segment);
    return index < items.length ? index : undefined;
  }
  const names = items.map((item) => itemName(item));
  const exact = names.indexOf(segment);
  if (exact !== -1) return exact;
  const folded = names.flatMap((name, index) =>
    name?.toLowerCase() === segment.toLowerCase() ? [index] : [],
  );
  return folded.length === 1 ? folded[0] : undefined;
}

function itemName(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const pair = item.items.find((entry) => isScalar(entry.key) && entry.key.value === 'name');
  return isScalar(pair?.value) ? String(pair.value.value) : undefined;
}

function itemNames(items: readonly unknown[]): string[] {
  return items.map(itemName).filter((name): name is string => name !== undefined);
}

/** Adds `rest[0]: {rest[1]: … value}` at the end of `map`, in the map's own style. */
function insertKey(
  text: string,
  map: YAMLMap,
  rest: readonly string[],
  value: SetValue,
  reached: readonly (string | number)[],
  fail: Fail,
): OverrideEdit {
  const [key, ...inner] = rest as [string, ...string[]];
  const index = inner.find((segment) => /^\d+$/.test(segment));
  if (index !== undefined) {
    const missing = displayPath([...reached, key]);
    fail(
      start(map),
      `${missing} is not in the scenario, so it has no item ${index} to change`,
      `the whole value: --set ${missing}=[…]`,
    );
  }
  const entry = `${renderKey(key)}: ${nest(inner, render(value))}`;
  if (map.flow) {
    const last = map.items.at(-1);
    if (last === undefined) {
      const open = start(map) + 1;
      return { text: `${text.slice(0, open)} ${entry} ${text.slice(open)}`, addedLine: undefined };
    }
    const after = end(last.value ?? last.key);
    return { text: `${text.slice(0, after)}, ${entry}${text.slice(after)}`, addedLine: undefined };
  }
  const first = map.items[0];
  const last = map.items.at(-1);
  // A block map always has an item.
  if (first === undefined || last === undefined) return { text, addedLine: undefined };
  const keyStart = start(first.key);
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const line = `${' '.repeat(keyStart - lineStart)}${entry}\n`;
  const lastEnd = end(last.value ?? last.key);
  const newline = text[lastEnd - 1] === '\n' ? lastEnd - 1 : text.indexOf('\n', lastEnd);
  const before = newline === -1 ? `${text}\n` : text.slice(0, newline + 1);
  const after = newline === -1 ? '' : text.slice(newline + 1);
  return { text: before + line + after, addedLine: before.split('\n').length };
}

/** Replaces the text of `node` (the value of `holder`, when it is a map value) by `flow`. */
function replaceNode(text: string, node: unknown, holder: Pair | undefined, flow: string): string {
  let from: number;
  let to: number;
  if (node === null || node === undefined) {
    // `key:` with no value node at all: write after the key's colon.
    const keyEnd = end(holder?.key);
    const colon = text.indexOf(':', keyEnd);
    from = colon + 1;
    to = from;
  } else {
    const range = (node as Partial<Node>).range;
    from = range?.[0] ?? 0;
    to = range?.[1] ?? from;
  }
  let replacement = flow;
  if (text[from - 1] === ':') replacement = ` ${replacement}`;
  if (text[to - 1] === '\n' && to > from) replacement = `${replacement}\n`;
  return text.slice(0, from) + replacement + text.slice(to);
}

/** Flow text wrapped in one map per key: `nest(['a', 'b'], '1')` is `{ a: { b: 1 } }`. */
function nest(keys: readonly string[], flow: string): string {
  return keys.reduceRight((inner, key) => `{ ${renderKey(key)}: ${inner} }`, flow);
}

/**
 * A value as YAML flow text: JSON, which YAML 1.2 reads the same in any position; a number as
 * written (`0x1F`, or an integer past 2^53 that JSON would round).
 */
function render(value: SetValue): string {
  if (typeof value.value === 'number') return value.text;
  return value.value === undefined ? 'null' : JSON.stringify(value.value);
}

function renderKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}

function isNull(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function describe(node: unknown): string {
  if (isScalar(node)) return `the value ${JSON.stringify(node.value)}`;
  return 'a plain value';
}

function start(node: unknown): number {
  return (node as Partial<Node> | null)?.range?.[0] ?? 0;
}

function end(node: unknown): number {
  return (node as Partial<Node> | null)?.range?.[1] ?? 0;
}
