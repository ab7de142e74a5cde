/** Where a text would make a parser nest too deep or build too many nodes, and what is allowed. */
export interface ParserLimitProblem {
  /** Offset of the character that went past the limit. */
  readonly offset: number;
  readonly message: string;
  readonly allowed: string;
}

/**
 * How deep a scenario may nest and how many nodes it may have: far more than any scenario needs
 * (the largest built-in has about 700 nodes, nests 6 brackets deep and indents 12 columns), far
 * less than exhausts a parser (the YAML parser needs about 1.5 KB and 5 µs per node, and runs out
 * of stack near 900 nested compact entries).
 */
export const PARSER_LIMITS = Object.freeze({
  /** Flow collections (`[`, `{`, as JSON writes everything) inside one another. */
  maxFlowDepth: 64,
  /**
   * Columns of indentation before a line's first character (block nesting); compact block
   * entries (`- - - a`, `? - a`) count as the columns they take.
   */
  maxIndent: 256,
  /**
   * Nodes the parser would build: each key, value, list item, bracket, alias and anchor, whether
   * or not it is valid (an error is built too). About 300 MB of parser memory at most.
   */
  maxNodes: 200_000,
});

/** The limits {@link findParserExhaustion} checks. */
export interface ParserLimits {
  readonly maxFlowDepth: number;
  readonly maxIndent: number;
  readonly maxNodes: number;
}

/**
 * Finds what a YAML or JSON parser would follow into exhaustion, in one linear pass over the
 * text and in constant memory, before it is parsed: nesting (a file of a million `[` runs one
 * out of memory, a line of `- - - …` out of stack) and node counts (a 5 MB `[1,1,1,…]`, a
 * million aliases `*a`, two million lines `- 1` build millions of nodes). Flow brackets and
 * nodes count outside quoted scalars and comments; block nesting counts as indentation. A node
 * starts at the first character after an indicator (`:`, `-`, `?`, `,`, `[`, `{`, a line
 * start), or at an anchor, alias or tag. Approximate in the safe direction: a plain scalar's
 * stray `[` or `: ` counts too, which only matters past the limits, far beyond any real scenario.
 *
 * @example
 * ```ts
 * findParserExhaustion('hosts: [[[]]]'); // => undefined
 * findParserExhaustion(`a: ${'['.repeat(100)}`)?.offset; // => 67
 * findParserExhaustion(`a: [${'1,'.repeat(300_000)}]`)?.message; // => 'more than 200000 nodes (keys, values, list items, brackets, aliases)'
 * ```
 */
export function findParserExhaustion(
  text: string,
  limits: ParserLimits = PARSER_LIMITS,
): ParserLimitProblem | undefined {
  let depth = 0;
  let nodes = 0;
  let lineStart = true;
  // Columns of the line's indentation, compact block entries included.
  let indent = 0;
  // The last character that is not a space or tab: a quote opens a scalar, and a node starts,
  // only after one of the indicators (or at the start of a line), so an apostrophe inside plain
  // text is just text.
  let previous = '\n';
  const tooManyNodes = (offset: number): ParserLimitProblem => ({
    offset,
    message: `more than ${limits.maxNodes} nodes (keys, values, list items, brackets, aliases)`,
    allowed: `at most ${limits.maxNodes} nodes`,
  });
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (lineStart) {
      // `- `, `? ` and `: ` at the start of a line open a block entry nested one level deeper,
      // like indentation: `- - - a` is three lists deep.
      const compactEntry =
        (char === '-' || char === '?' || char === ':') && isBlank(text[index + 1]);
      if (char === ' ' || compactEntry) {
        indent++;
        if (indent > limits.maxIndent) {
          return char === ' '
            ? {
                offset: index,
                message: `a line is indented more than ${limits.maxIndent} columns`,
                allowed: `at most ${limits.maxIndent} columns of indentation`,
              }
            : {
                offset: index,
                message: `compact block entries (- or ?) nest more than ${limits.maxIndent} columns deep`,
                allowed: `at most ${limits.maxIndent} columns of indentation and entries`,
              };
        }
        if (compactEntry) {
          nodes++;
          if (nodes > limits.maxNodes) return tooManyNodes(index);
          previous = char;
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
      case ' ':
      case '\t':
      case '\r':
        continue;
      case '#':
        if (previous === '\n' || isBlank(text[index - 1])) {
          const end = text.indexOf('\n', index);
          index = (end === -1 ? text.length : end) - 1;
          continue;
        }
        break;
      default:
        break;
    }
    // A node starts here: after an indicator, or as a further anchor, alias or tag.
    if (
      char === '[' ||
      char === '{' ||
      startsNode(previous) ||
      ((char === '&' || char === '*' || char === '!') && isBlank(text[index - 1]))
    ) {
      nodes++;
      if (nodes > limits.maxNodes) return tooManyNodes(index);
    }
    switch (char) {
      case '"':
      case "'":
        if (startsNode(previous)) {
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
      default:
        break;
    }
    previous = char;
  }
  return undefined;
}

/** Whether a character is a space, a tab, a line end, or past the end of the text. */
function isBlank(char: string | undefined): boolean {
  return char === undefined || char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/** Whether a node (or a quoted scalar) may start after `previous`, the last non-blank character. */
function startsNode(previous: string): boolean {
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
