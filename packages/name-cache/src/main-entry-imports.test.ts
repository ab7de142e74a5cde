// The main entry is for simulations: it must not load Node's resolver (or its sockets and
// network interfaces) when imported. Walks the static imports from `src/index.ts` (and, when the
// package is built, from `dist/index.js`), following this package's own modules; a dynamic
// `import()` is not followed, since it loads nothing until it runs.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const FORBIDDEN = ['dns', 'dns/promises', 'dgram', 'os'];

/** Every module specifier reached by static, value (not type-only) imports from `entry`. */
function staticGraph(entry: string, toFile: (from: string, specifier: string) => string) {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
      if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true)
        continue;
      if (ts.isExportDeclaration(statement) && statement.isTypeOnly) continue;
      const specifier = statement.moduleSpecifier;
      if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
      if (specifier.text.startsWith('.')) visit(toFile(file, specifier.text));
      else external.add(specifier.text);
    }
  };
  visit(entry);
  return { files: [...seen], external: [...external].sort() };
}

const loadsNodeNetworking = (specifiers: readonly string[]) =>
  specifiers.filter((specifier) => FORBIDDEN.includes(specifier.replace(/^node:/, '')));

describe('the main entry, @mqsim/name-cache', () => {
  it('imports no node:dns, node:dgram or node:os from its sources', () => {
    const graph = staticGraph(join(PACKAGE, 'src/index.ts'), (from, specifier) =>
      join(dirname(from), specifier.replace(/\.js$/, '.ts')),
    );
    expect(graph.files.some((file) => file.endsWith('deprecated-cached-lookup.ts'))).toBe(true);
    expect(loadsNodeNetworking(graph.external)).toEqual([]);
  });

  it('still reaches node:dns from the /node entry (the walk can see it)', () => {
    const graph = staticGraph(join(PACKAGE, 'src/node.ts'), (from, specifier) =>
      join(dirname(from), specifier.replace(/\.js$/, '.ts')),
    );
    expect(loadsNodeNetworking(graph.external)).toEqual(['node:dgram', 'node:dns', 'node:os']);
  });

  it.skipIf(!existsSync(join(PACKAGE, 'dist/index.js')))(
    'imports no dns, dgram or os from the built dist/index.js',
    () => {
      const graph = staticGraph(join(PACKAGE, 'dist/index.js'), (from, specifier) =>
        join(dirname(from), specifier),
      );
      expect(loadsNodeNetworking(graph.external)).toEqual([]);
      const node = staticGraph(join(PACKAGE, 'dist/node.js'), (from, specifier) =>
        join(dirname(from), specifier),
      );
      expect(loadsNodeNetworking(node.external).length).toBeGreaterThan(0);
    },
  );
});
