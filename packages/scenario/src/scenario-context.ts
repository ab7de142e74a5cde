import { didYouMeanHint } from './did-you-mean.js';
import { quote, type ScenarioProblem } from './scenario-error.js';
import { displayPath, type ScenarioPath, type ScenarioSource } from './scenario-source.js';
import type { SourceLocation } from './scenario-types.js';
import { type Parsed, parseTicks } from './scenario-values.js';

/** A name defined somewhere in the file, and where. */
export interface Definition<T> {
  readonly name: string;
  readonly path: ScenarioPath;
  readonly item: T;
}

/**
 * Names defined once per kind (hosts, networks, NATs …), compared case-insensitively when asked:
 * reports the second definition of a name, and unknown references with a did-you-mean.
 */
export class NameTable<T> {
  readonly #byKey = new Map<string, Definition<T>>();
  readonly #context: ScenarioContext;
  readonly #kind: string;
  readonly #fold: (name: string) => string;

  constructor(context: ScenarioContext, kind: string, caseInsensitive: boolean) {
    this.#context = context;
    this.#kind = kind;
    this.#fold = caseInsensitive ? (name) => name.toLowerCase() : (name) => name;
  }

  /** Records a definition; reports a duplicate at `path`. */
  define(name: string, path: ScenarioPath, item: T): void {
    const key = this.#fold(name);
    const first = this.#byKey.get(key);
    if (first !== undefined) {
      const at = this.#context.source.locate(first.path);
      this.#context.problem(
        path,
        `duplicate ${this.#kind} name ${quote(name)} (first defined at line ${at.line})`,
        `${/^[aeiou]/i.test(this.#kind) ? 'an' : 'a'} ${this.#kind} name used once`,
      );
      return;
    }
    this.#byKey.set(key, { name, path, item });
  }

  get(name: string): Definition<T> | undefined {
    return this.#byKey.get(this.#fold(name));
  }

  has(name: string): boolean {
    return this.#byKey.has(this.#fold(name));
  }

  get names(): string[] {
    return [...this.#byKey.values()].map((definition) => definition.name);
  }

  /** The definition `name` refers to; reports an unknown one at `path` with a did-you-mean. */
  resolve(name: string, path: ScenarioPath): Definition<T> | undefined {
    const found = this.get(name);
    if (found === undefined) this.reportUnknown(name, path);
    return found;
  }

  reportUnknown(name: string, path: ScenarioPath): void {
    const names = this.names;
    this.#context.problem(
      path,
      `${displayPath(path)}: unknown ${this.#kind} ${quote(name)}${didYouMeanHint(name, names)}`,
      names.length === 0 ? `no ${this.#kind} is defined` : `one of ${names.join(', ')}`,
    );
  }
}

/** Problems found while normalizing, located in the source; value readers that report. */
export class ScenarioContext {
  readonly source: ScenarioSource;
  readonly problems: ScenarioProblem[] = [];

  constructor(source: ScenarioSource) {
    this.source = source;
  }

  /** Reports a problem at `path` (its key with `key: true`); the message gets the path in front. */
  problem(
    path: ScenarioPath,
    message: string,
    allowed?: string,
    options?: { readonly key?: boolean },
  ): void {
    const at = this.source.locate(path, options);
    const where = displayPath(path);
    this.problems.push({
      file: this.source.file,
      ...at,
      path: where,
      // Every message names where it is, as `hosts[0].name: …`.
      message: where === '' || message.startsWith(where) ? message : `${where}: ${message}`,
      ...(allowed === undefined ? {} : { allowed }),
    });
  }

  location(path: ScenarioPath): SourceLocation {
    return { file: this.source.file, ...this.source.locate(path) };
  }

  /** The parsed value, or `fallback` after reporting why it could not be read. */
  take<T>(path: ScenarioPath, parsed: Parsed<T>, fallback: T): T {
    if (parsed.ok) return parsed.value;
    this.problem(path, `${displayPath(path)}: ${parsed.message}`, parsed.allowed);
    return fallback;
  }

  /** A duration in ticks (0 after reporting a bad one). */
  ticks(path: ScenarioPath, text: string): number {
    return this.take(path, parseTicks(text), 0);
  }

  /** An optional duration in ticks. */
  optionalTicks(path: ScenarioPath, text: string | undefined): number | undefined {
    return text === undefined ? undefined : this.ticks(path, text);
  }
}
