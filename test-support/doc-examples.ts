// Runs the code examples in READMEs and TSDoc comments so they cannot rot.
//
// An example is a ```ts block written as plain JavaScript (no type annotations). A line
// `expression; // => expected` is an assertion: both sides are evaluated and compared with
// `toEqual`. Imports of the package under test are rewritten to destructure the module object.
import { expect } from 'vitest';

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

/** Runs one example against `modules` (import specifier → module namespace). */
export function runExample(example: DocExample, modules: Record<string, object>): void {
  const source = example.code
    .split('\n')
    .map((line, offset) => rewriteLine(line, example.line + offset))
    .join('\n');
  const check = (actual: () => unknown, expected: () => unknown, line: number) => {
    expect(actual(), `example assertion on line ${line}`).toEqual(expected());
  };
  new Function('__modules', '__check', source)(modules, check);
}

function rewriteLine(line: string, lineNumber: number): string {
  const importMatch = /^\s*import\s*\{([^}]*)\}\s*from\s*'([^']+)';?\s*$/.exec(line);
  if (importMatch !== null) {
    const names = (importMatch[1] ?? '').replace(/\s+as\s+/g, ': ');
    return `const {${names}} = __modules[${JSON.stringify(importMatch[2])}];`;
  }
  const assertion = /^(\s*)(.*?);?\s*\/\/ => (.*)$/.exec(line);
  if (assertion !== null) {
    const [, indent, expression, expected] = assertion;
    return `${indent}__check(() => (${expression}), () => (${expected}), ${lineNumber});`;
  }
  return line;
}
