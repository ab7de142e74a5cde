// Runs the code examples in READMEs and TSDoc comments so they cannot rot.
//
// An example is a ```ts block written as plain JavaScript (no type annotations). A line
// `expression; // => expected` is an assertion: both sides are evaluated and compared with
// `toEqual`; the `// => expected` may also stand alone on the next line. A line `statement; // throws ErrorName` asserts that the statement throws an error
// whose `name` is ErrorName. Imports of the package under test are rewritten to destructure the
// module object.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** One code block, with the 1-based line in its file where the code starts. */
export interface DocExample {
  readonly code: string;
  readonly line: number;
}

const FENCE = /^\s*(?:\*\s?)?```(ts|typescript|js|javascript)\s*$/;
const FENCE_END = /^\s*(?:\*\s?)?```\s*$/;

/** Every ```ts/js block of a Markdown file or a TypeScript source's doc comments. */
export function extractExamples(text: string): DocExample[] {
  const lines = text.split(/\r?\n/);
  const examples: DocExample[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!FENCE.test(lines[index] ?? '')) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !FENCE_END.test(lines[end] ?? '')) end++;
    const body = lines.slice(start, end).map((line) => line.replace(/^\s*\*( |$)/, ''));
    examples.push({ code: body.join('\n'), line: start + 1 });
    index = end;
  }
  return examples;
}

/**
 * Runs one example against `modules` (import specifier → module namespace). `scope` names are
 * visible without an import, for TSDoc examples that use the package's own exports directly.
 */
export function runExample(
  example: DocExample,
  modules: Record<string, object>,
  scope: Record<string, unknown> = {},
): void {
  const source = joinContinuedAssertions(example.code.split('\n'))
    .map((line, offset) => rewriteLine(line, example.line + offset))
    .join('\n');
  const check = (actual: () => unknown, expected: () => unknown, line: number) => {
    expect(actual(), `example assertion on line ${line}`).toEqual(expected());
  };
  const throws = (run: () => unknown, name: string, line: number) => {
    expect(run, `example on line ${line} throws ${name}`).toThrow(
      expect.objectContaining({ name }) as unknown as Error,
    );
  };
  const names = Object.keys(scope).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  new Function('__modules', '__check', '__throws', ...names, source)(
    modules,
    check,
    throws,
    ...names.map((name) => scope[name]),
  );
}

// `expr;` followed by a line `// => expected` is one assertion, for results too long for one
// line; the comment line is emptied so line numbers stay right.
function joinContinuedAssertions(lines: string[]): string[] {
  const joined = [...lines];
  for (let index = 1; index < joined.length; index++) {
    const expected = /^\s*\/\/ => (.*)$/.exec(joined[index] ?? '');
    const previous = joined[index - 1] ?? '';
    if (expected === null || previous.includes('//') || previous.trim() === '') continue;
    joined[index - 1] = `${previous} // => ${expected[1]}`;
    joined[index] = '';
  }
  return joined;
}

function rewriteLine(line: string, lineNumber: number): string {
  const importMatch = /^\s*import\s*\{([^}]*)\}\s*from\s*'([^']+)';?\s*$/.exec(line);
  if (importMatch !== null) {
    const names = (importMatch[1] ?? '').replace(/\s+as\s+/g, ': ');
    return `const {${names}} = __modules[${JSON.stringify(importMatch[2])}];`;
  }
  const throwing = /^(\s*)(.*?);?\s*\/\/ throws (\w+)/.exec(line);
  if (throwing !== null) {
    const [, indent, statement, name] = throwing;
    return `${indent}__throws(() => { ${statement}; }, ${JSON.stringify(name)}, ${lineNumber});`;
  }
  const assertion = /^(\s*)(.*?);?\s*\/\/ => (.*)$/.exec(line);
  if (assertion !== null) {
    const [, indent, expression, expected] = assertion;
    return `${indent}__check(() => (${expression}), () => (${expected}), ${lineNumber});`;
  }
  return line;
}

/** Every example in the TSDoc comments of the non-test `.ts` files directly in `directory`. */
export function extractSourceExamples(directory: URL): (DocExample & { readonly file: string })[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort()
    .flatMap((file) =>
      extractExamples(readFileSync(new URL(file, directory), 'utf8')).map((example) => ({
        ...example,
        file,
      })),
    );
}

/**
 * The documentation-examples suite of one package: every ```ts block of its README (imports
 * resolved from `modules`) and of its sources' TSDoc (the package's exports in scope) must hold.
 * `packageDirectory` is the package's `src/` folder URL.
 */
export function describeDocumentationExamples(
  packageDirectory: URL,
  modules: Record<string, object>,
  scope: Record<string, unknown>,
): void {
  const readme = extractExamples(readFileSync(new URL('../README.md', packageDirectory), 'utf8'));
  const tsdoc = extractSourceExamples(packageDirectory);
  describe('documentation examples', () => {
    it('has README and TSDoc examples', () => {
      expect([readme.length > 0, tsdoc.length >= 4]).toEqual([true, true]);
    });

    it.each(readme.map((example) => [example.line, example] as const))(
      'README example on line %i holds',
      (_line, example) => runExample(example, modules),
    );

    it.each(tsdoc.map((example) => [`${example.file}:${example.line}`, example] as const))(
      'TSDoc example %s holds',
      (_where, example) => runExample(example, modules, scope),
    );
  });
}
