/** Where a text nests deeper than a parser should be asked to follow, and what is allowed. */
export interface NestingProblem {
  /** Offset of the character that went past the limit. */
  readonly offset: number;
  readonly message: string;
  readonly allowed: string;
}

/** How deep a scenario may nest: far more than any scenario needs, far less than exhausts a parser. */
export const NESTING_LIMITS = Object.freeze({
  /** Flow collections (`[`, `{`, as JSON writes everything) inside one another. */
  maxFlowDepth: 64,
  /** Columns of indentation before a line's first character (block nesting). */
  maxIndent: 256,
});

/**
 * Finds nesting a YAML or JSON parser would follow into exhaustion — a file of a million `[`
 * runs one out of memory — in one linear pass over the text, before it is parsed. Flow brackets
 * count outside quoted scalars and comments; block nesting counts as indentation. Approximate
 * in the safe direction: a plain scalar's stray `[` counts too, which only matters past the
 * limit, far beyond any real scenario.
 *
 * @example
 * ```ts
 * findExcessiveNesting('hosts: [[[]]]'); // => undefined
 * findExcessiveNesting(`a: ${'['.repeat(100)}`)?.offset; // => 67
 * ```
 */
export function findExcessiveNesting(
  text: string,
  limits: { readonly maxFlowDepth: number; readonly maxIndent: number } = NESTING_LIMITS,
): NestingProblem | undefined {
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  // The last character that is not a space or tab: a quote opens a scalar only after one of
  // these (or at the start of a line), so an apostrophe inside plain text is just text.
  let previous = '\n';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (lineStart) {
      if (char === ' ') {
        indent++;
        if (indent > limits.maxIndent) {
          return {
            offset: index,
            message: `a line is indented more than ${limits.maxIndent} columns`,
            allowed: `at most ${limits.maxIndent} columns of indentation`,
          };
        }
        continue;
      }
      lineStart = false;
    }
    switch (char) {
      case '\n':
        lineStart = true;
        indent = 0;
        previous = '\n';
        continue;
      case '#':
        if (previous === '\n' || text[index - 1] === ' ' || text[index - 1] === '\t') {
          const end = text.indexOf('\n', index);
          index = (end === -1 ? text.length : end) - 1;
          continue;
        }
        break;
      case '"':
      case "'":
        if (opensScalar(previous)) {
          index = endOfQuoted(text, index, char);
          previous = char;
          continue;
        }
        break;
      case '[':
      case '{':
        depth++;
        if (depth > limits.maxFlowDepth) {
          return {
            offset: index,
            message: `brackets nest more than ${limits.maxFlowDepth} deep`,
            allowed: `at most ${limits.maxFlowDepth} nested [ ] or { }`,
          };
        }
        break;
      case ']':
      case '}':
        if (depth > 0) depth--;
        break;
      case ' ':
      case '\t':
      case '\r':
        continue;
      default:
        break;
    }
    previous = char;
  }
  return undefined;
}

function opensScalar(previous: string): boolean {
  return (
    previous === '\n' ||
    previous === ':' ||
    previous === '-' ||
    previous === '[' ||
    previous === '{' ||
    previous === ',' ||
    previous === '?'
  );
}

/** The offset of the closing quote of the scalar opened at `start` (or the last offset). */
function endOfQuoted(text: string, start: number, quote: string): number {
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index];
    if (quote === '"' && char === '\\') {
      index++;
      continue;
    }
    if (char === quote) {
      // '' is an escaped quote inside a single-quoted scalar.
      if (quote === "'" && text[index + 1] === "'") {
        index++;
        continue;
      }
      return index;
    }
  }
  return text.length - 1;
}
