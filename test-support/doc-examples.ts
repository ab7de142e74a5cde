// The one runner for the code examples of READMEs and TSDoc comments, so they cannot rot;
// `typecheck-examples.ts` type-checks the same examples (`pnpm typecheck`). The blocks, their
// flags (`nocheck`, `norun`) and `prints` are described in `example-blocks.ts`.
//
// An example is TypeScript; its types are stripped before it runs. A line
// `expression; // => expected` is an assertion: both sides are evaluated and compared with
// `toEqual`; the `// => expected` may also stand alone on the next line. A line
// `statement; // throws ErrorName` asserts that the statement throws an error whose `name` is
// ErrorName. Imports are looked up in the `modules` the test passes (specifier → module
// namespace); TSDoc examples also see `scope` and their own file's exports without an import.
//
// Files listed in `pending-examples.ts` with `run: false` are skipped. A package's examples
// test is one line:
//   describeDocumentationExamples(new URL('./', import.meta.url), modules, scope);
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  type DocExample,
  exampleNames,
  extractExamples,
  extractSourceExamples,
} from './example-blocks.js';
import { pendingExamples } from './pending-examples.js';

export type { DocExample } from './example-blocks.js';
export { extractExamples, extractSourceExamples } from './example-blocks.js';

/**
 * Runs one example against `modules` (import specifier → module namespace). `scope` names are
 * visible without an import, for TSDoc examples that use the package's own exports directly.
 * An example marked `norun` is skipped; one with `prints` must print exactly that.
 */
export function runExample(
  example: DocExample,
  modules: Record<string, object>,
  scope: Record<string, unknown> = {},
): void {
  if (example.norun === true) return;
  const rewritten = joinContinuedAssertions(example.code.split('\n'))
    .map((line, offset) => rewriteLine(line, example.line + offset, modules))
    .join('\n');
  const source = stripTypes(rewritten);
  const check = (actual: () => unknown, expected: () => unknown, line: number) => {
    expect(actual(), `example assertion on line ${line}`).toEqual(expected());
  };
  const throws = (run: () => unknown, name: string, line: number) => {
    expect(run, `example on line ${line} throws ${name}`).toThrow(
      expect.objectContaining({ name }) as unknown as Error,
    );
  };
  const printed: string[] = [];
  const console = example.prints === undefined ? globalThis.console : capturingConsole(printed);
  // The example's own imports and declarations win over `scope` (a parameter of the same name
  // would be a redeclaration).
  const { declared } = exampleNames(example.code);
  const names = Object.keys(scope).filter(
    (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'console' && !declared.has(name),
  );
  new Function('__modules', '__check', '__throws', 'console', ...names, source)(
    modules,
    check,
    throws,
    console,
    ...names.map((name) => scope[name]),
  );
  if (example.prints !== undefined) {
    expect(printed.join('').replace(/\r\n/g, '\n').trimEnd(), 'what the example prints').toBe(
      example.prints.trimEnd(),
    );
  }
}

function capturingConsole(printed: string[]): Pick<Console, 'log' | 'info'> {
  const print = (...parts: unknown[]) => {
    printed.push(`${parts.map((part) => String(part)).join(' ')}\n`);
  };
  return { log: print, info: print };
}

// Examples are TypeScript: annotations, `!` and `satisfies` go before the code runs. Imports are
// rewritten first, so the output is a plain script for `new Function`.
function stripTypes(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: false,
      sourceMap: false,
      removeComments: false,
    },
    reportDiagnostics: false,
  }).outputText;
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

function rewriteLine(line: string, lineNumber: number, modules: Record<string, object>): string {
  if (/^\s*import\s+type\s/.test(line)) return '';
  const namespaceImport = /^\s*import\s*\*\s*as\s+([\w$]+)\s+from\s*'([^']+)';?\s*$/.exec(line);
  if (namespaceImport !== null) {
    return `const ${namespaceImport[1]} = ${moduleReference(namespaceImport[2] ?? '', lineNumber, modules)};`;
  }
  const importMatch = /^\s*import\s*\{([^}]*)\}\s*from\s*'([^']+)';?\s*$/.exec(line);
  if (importMatch !== null) {
    const names = (importMatch[1] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '' && !name.startsWith('type '))
      .map((name) => name.replace(/\s+as\s+/, ': '));
    return `const {${names.join(', ')}} = ${moduleReference(importMatch[2] ?? '', lineNumber, modules)};`;
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

function moduleReference(
  specifier: string,
  lineNumber: number,
  modules: Record<string, object>,
): string {
  if (!(specifier in modules)) {
    throw new Error(
      `the example on line ${lineNumber} imports '${specifier}', which its test does not pass in modules (${Object.keys(modules).join(', ')})`,
    );
  }
  return `__modules[${JSON.stringify(specifier)}]`;
}

/**
 * The documentation-examples suite of one package: every ```ts block of its README (imports
 * resolved from `modules`) and of its sources' TSDoc (the package's exports in `scope`, and the
 * exports of the example's own file) must hold. A README's `## Quick start` block is at most 15
 * lines. `packageDirectory` is the package's `src/` folder URL. `readmeExamples: false` is for a
 * README that shows shell commands only (the CLI's): it must then hold no code examples.
 */
export function describeDocumentationExamples(
  packageDirectory: URL,
  modules: Record<string, object>,
  scope: Record<string, unknown>,
  options: { readonly readmeExamples?: boolean } = {},
): void {
  const readmeText = readFileSync(new URL('../README.md', packageDirectory), 'utf8');
  const readme = extractExamples(readmeText);
  const repository = fileURLToPath(new URL('../', import.meta.url));
  const notRun = (file: string) =>
    pendingExamples(relative(repository, fileURLToPath(new URL(file, packageDirectory))))?.run ===
    false;
  const tsdoc = extractSourceExamples(packageDirectory);
  describe('documentation examples', () => {
    it('has README and TSDoc examples', () => {
      expect([readme.length > 0, tsdoc.length >= 4]).toEqual([
        options.readmeExamples ?? true,
        true,
      ]);
    });

    const quickStart = quickStartExample(readmeText);
    if (quickStart !== undefined) {
      it('has a quick start of at most 15 lines', () => {
        expect(quickStart.code.trimEnd().split('\n').length).toBeLessThanOrEqual(15);
      });
    }

    it.each(readme.filter(runs).map((example) => [example.line, example] as const))(
      'README.md:%i holds',
      (_line, example) => runExample(example, modules),
    );

    for (const file of new Set(tsdoc.map((example) => example.file).filter(notRun))) {
      it.skip(`TSDoc examples of ${file} (pending: test-support/pending-examples.ts)`, () => {});
    }

    const running = tsdoc.filter((example) => runs(example) && !notRun(example.file));
    it.each(running.map((example) => [`${example.file}:${example.line}`, example] as const))(
      'TSDoc example %s holds',
      async (_where, example) => {
        const own = (await import(new URL(example.file, packageDirectory).href)) as object;
        runExample(example, modules, { ...scope, ...own });
      },
    );
  });
}

function runs(example: DocExample): boolean {
  return example.norun !== true;
}

/** The first example after a `## Quick start` heading, if the README has one. */
function quickStartExample(readme: string): DocExample | undefined {
  const heading = /^##\s+quick start\s*$/im.exec(readme);
  if (heading === null) return undefined;
  const before = readme.slice(0, heading.index).split(/\r?\n/).length;
  return extractExamples(readme).find((example) => example.line > before);
}
