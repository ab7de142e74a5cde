// The code examples of READMEs and TSDoc comments, as data: what `doc-examples.ts` runs under
// vitest and `typecheck-examples.ts` type-checks. No test framework here, so a plain script can
// use it.
//
// An example is a fenced block whose info string starts with `ts` (or `typescript`, `js`,
// `javascript`). Words after the language mark the rare exceptions:
//
//   ```ts norun     type-checked, not run (needs something a test cannot give it)
//   ```ts nocheck   run, not type-checked (not valid TypeScript on purpose)
//   ```ts nocheck norun   neither: an API listing of signatures, not an example
//
// An example that shows a deliberate type error writes `// @ts-expect-error` above that line
// instead of `nocheck`. A block followed by a line `prints` and a ```text block must print
// exactly that text through `console.log`.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One code block, with the 1-based line in its file where the code starts. */
export interface DocExample {
  readonly code: string;
  readonly line: number;
  /** Not type-checked (```ts nocheck). */
  readonly nocheck?: boolean;
  /** Not run (```ts norun). */
  readonly norun?: boolean;
  /** What the example must print through `console.log`, when a `prints` block follows it. */
  readonly prints?: string;
}

/** The info-string words an example fence may carry after its language. */
export const EXAMPLE_FLAGS = ['nocheck', 'norun'] as const;

const FENCE = /^\s*(?:\*\s?)?```(?:ts|typescript|js|javascript)(?:\s+(.*?))?\s*$/;
const ANY_FENCE = /^\s*(?:\*\s?)?```(\w*)/;
const FENCE_END = /^\s*(?:\*\s?)?```\s*$/;
const DOC_PREFIX = /^\s*\*( |$)/;

/**
 * Every ```ts/js block of a Markdown file or a TypeScript source's doc comments, in order.
 * @throws {Error} for an info-string word that is not one of {@link EXAMPLE_FLAGS}, so a typo
 * cannot turn a check off.
 */
export function extractExamples(text: string): DocExample[] {
  const lines = text.split(/\r?\n/);
  const examples: DocExample[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = FENCE.exec(lines[index] ?? '');
    if (fence === null) {
      index = skipOtherBlock(lines, index);
      continue;
    }
    const flags = (fence[1] ?? '').split(/\s+/).filter((word) => word !== '');
    for (const flag of flags) {
      if (!(EXAMPLE_FLAGS as readonly string[]).includes(flag)) {
        throw new Error(
          `line ${index + 1}: unknown example flag ${JSON.stringify(flag)} (allowed: ${EXAMPLE_FLAGS.join(', ')})`,
        );
      }
    }
    const start = index + 1;
    const end = closingFence(lines, start);
    const prints = printedBlock(lines, end + 1);
    examples.push({
      code: lines
        .slice(start, end)
        .map((line) => line.replace(DOC_PREFIX, ''))
        .join('\n'),
      line: start + 1,
      ...(flags.includes('nocheck') ? { nocheck: true } : {}),
      ...(flags.includes('norun') ? { norun: true } : {}),
      ...(prints === undefined ? {} : { prints: prints.text }),
    });
    index = prints?.end ?? end;
  }
  return examples;
}

// A ```sh or ```text block is skipped whole, so a ```ts line quoted inside it is no example.
function skipOtherBlock(lines: readonly string[], index: number): number {
  if (ANY_FENCE.exec(lines[index] ?? '') === null) return index;
  return closingFence(lines, index + 1);
}

function closingFence(lines: readonly string[], start: number): number {
  let end = start;
  while (end < lines.length && !FENCE_END.test(lines[end] ?? '')) end++;
  return end;
}

// `prints` on its own line after a block, then a ```text block: what the example prints.
function printedBlock(
  lines: readonly string[],
  after: number,
): { text: string; end: number } | undefined {
  let index = nextNonBlank(lines, after);
  if (!/^prints:?$/i.test(stripped(lines[index]))) return undefined;
  index = nextNonBlank(lines, index + 1);
  if (!/^```(text)?$/.test(stripped(lines[index]))) return undefined;
  const end = closingFence(lines, index + 1);
  const text = lines
    .slice(index + 1, end)
    .map((line) => line.replace(DOC_PREFIX, ''))
    .join('\n');
  return { text, end };
}

function nextNonBlank(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && stripped(lines[index]) === '') index++;
  return index;
}

function stripped(line: string | undefined): string {
  return (line ?? '').replace(DOC_PREFIX, '').trim();
}

/** Whether a source file is a test, a type-level test or test support rather than shipped code. */
export function isTestFile(file: string): boolean {
  return /\.test(-d)?\.ts$/.test(file) || /(^|[\\/])test-[^\\/]*\.ts$/.test(file);
}

/**
 * Every example in the TSDoc comments of the non-test `.ts` files under `directory`, its
 * subfolders included; `file` is the path relative to `directory`.
 */
export function extractSourceExamples(directory: URL): (DocExample & { readonly file: string })[] {
  return listSourceFiles(fileURLToPath(directory)).flatMap((file) =>
    extractExamples(readFileSync(new URL(file, directory), 'utf8')).map((example) => ({
      ...example,
      file,
    })),
  );
}

/**
 * The non-test `.ts` files under `folder`, recursively, as paths relative to it (`/`-separated),
 * skipping `__fixtures__`, `node_modules` and dot-folders.
 */
export function listSourceFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix))
    .sort()
    .flatMap((name) => {
      const relative = prefix === '' ? name : `${prefix}/${name}`;
      if (statSync(join(folder, relative)).isDirectory()) {
        return name === '__fixtures__' || name === 'node_modules' || name.startsWith('.')
          ? []
          : listSourceFiles(folder, relative);
      }
      return name.endsWith('.ts') && !name.endsWith('.d.ts') && !isTestFile(name) ? [relative] : [];
    });
}

/** The names a binding (`x`, `{ a, b: [c] }`) declares. */
export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : boundNames(element.name),
  );
}

/** Identifiers an example refers to, and the names it declares or imports at its top level. */
export function exampleNames(code: string): { used: Set<string>; declared: Set<string> } {
  const sourceFile = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true);
  const used = new Set<string>();
  const declared = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        for (const name of boundNames(declaration.name)) declared.add(name);
      }
    } else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name !== undefined) declared.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings))
        declared.add(bindings.name.text);
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) declared.add(element.name.text);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      declared.add(statement.name.text);
    }
  }
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isMember =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isQualifiedName(parent) && parent.right === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isPropertySignature(parent) && parent.name === node) ||
        (ts.isMethodDeclaration(parent) && parent.name === node) ||
        (ts.isPropertyDeclaration(parent) && parent.name === node);
      if (!isMember) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { used, declared };
}
