// Type-checks every README and TSDoc example of every package in packages/* and apps/* in one
// TypeScript program under the strict base tsconfig (`pnpm typecheck:examples`, which
// `pnpm typecheck` runs after `tsc`).
//
// Each example becomes a module in `<package>/.doc-examples/` (gitignored, rewritten on each
// run): its code line for line, the `// => expected` comments left as comments. Written inside
// its package, an example's `@mqsim/*` imports resolve as a consumer's would, but to the sources
// through the `@mqsim/source` condition: the package itself by self-reference, siblings through
// its node_modules, so a README can only import what the package depends on. A TSDoc example
// sees, without an import, the exports of its own file, of its package and of the package's
// workspace dependencies, as the runner's `scope` does; the imports for the names it uses are
// appended after its code so line numbers stay. Errors print as `packages/x/README.md:LINE`.
// Blocks marked `nocheck` are skipped (see `example-blocks.ts`); the files listed in
// `pending-examples.ts` are reported but do not fail, until they type-check.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  boundNames,
  type DocExample,
  exampleNames,
  extractExamples,
  listSourceFiles,
} from './example-blocks.js';
import { PENDING_EXAMPLES, pendingExamples } from './pending-examples.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUTPUT = '.doc-examples';

interface WorkspacePackage {
  readonly folder: string;
  readonly name: string;
  /** The source file of the package's `.` export (its `@mqsim/source` condition), if any. */
  readonly entry: string | undefined;
  readonly workspaceDependencies: readonly string[];
}

/** One generated module: where its example came from. */
interface GeneratedExample {
  readonly file: string;
  readonly source: string;
  readonly firstLine: number;
  readonly lineCount: number;
}

/** A name a module exports, and whether it is a type only. */
interface ExportedName {
  readonly name: string;
  readonly typeOnly: boolean;
}

function readPackages(): WorkspacePackage[] {
  const folders = ['packages', 'apps']
    .flatMap((parent) =>
      existsSync(join(ROOT, parent))
        ? readdirSync(join(ROOT, parent)).map((name) => join(ROOT, parent, name))
        : [],
    )
    .filter((folder) => existsSync(join(folder, 'package.json')))
    .sort();
  return folders.map((folder) => {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name: string;
      exports?: Record<string, unknown>;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const dot = manifest.exports?.['.'];
    const source =
      typeof dot === 'object' && dot !== null
        ? (dot as Record<string, unknown>)['@mqsim/source']
        : undefined;
    const ranges = {
      ...manifest.peerDependencies,
      ...manifest.devDependencies,
      ...manifest.dependencies,
    };
    return {
      folder,
      name: manifest.name,
      entry: typeof source === 'string' ? resolve(folder, source) : undefined,
      workspaceDependencies: Object.keys(ranges)
        .filter((name) => ranges[name]?.startsWith('workspace:') === true)
        .sort(),
    };
  });
}

const exportCache = new Map<string, ExportedName[]>();

/** The names a module exports, read from its syntax (the repo has no `export *`). */
function exportedNames(file: string): ExportedName[] {
  const cached = exportCache.get(file);
  if (cached !== undefined) return cached;
  const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const names: ExportedName[] = [];
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause === undefined || !ts.isNamedExports(statement.exportClause)) {
        continue;
      }
      for (const element of statement.exportClause.elements) {
        names.push({
          name: element.name.text,
          typeOnly: statement.isTypeOnly || element.isTypeOnly,
        });
      }
    } else if (!isExported(statement)) {
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        for (const name of boundNames(declaration.name)) names.push({ name, typeOnly: false });
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.push({ name: statement.name.text, typeOnly: false });
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      names.push({ name: statement.name.text, typeOnly: true });
    }
  }
  exportCache.set(file, names);
  return names;
}

/** A relative module specifier from `fromFolder` to a `.ts` file, as NodeNext wants it. */
function relativeSpecifier(fromFolder: string, file: string): string {
  const path = relative(fromFolder, file).split(sep).join('/').replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

/** `import` lines for the names a TSDoc example uses without importing them. */
function scopeImports(
  example: DocExample,
  sourceFile: string,
  outputFolder: string,
  owner: WorkspacePackage,
  packages: ReadonlyMap<string, WorkspacePackage>,
): string[] {
  const candidates: { specifier: string; names: ExportedName[] }[] = [
    { specifier: relativeSpecifier(outputFolder, sourceFile), names: exportedNames(sourceFile) },
  ];
  for (const name of [owner.name, ...owner.workspaceDependencies]) {
    const entry = packages.get(name)?.entry;
    if (entry !== undefined && existsSync(entry)) {
      candidates.push({ specifier: name, names: exportedNames(entry) });
    }
  }
  const { used, declared } = exampleNames(example.code);
  const chosen = new Map<string, { values: string[]; types: string[] }>();
  for (const name of [...used].sort()) {
    if (declared.has(name)) continue;
    for (const candidate of candidates) {
      const exported = candidate.names.find((entry) => entry.name === name);
      if (exported === undefined) continue;
      const lists = chosen.get(candidate.specifier) ?? { values: [], types: [] };
      (exported.typeOnly ? lists.types : lists.values).push(name);
      chosen.set(candidate.specifier, lists);
      break;
    }
  }
  return [...chosen].flatMap(([specifier, { values, types }]) => [
    ...(values.length > 0 ? [`import { ${values.join(', ')} } from '${specifier}';`] : []),
    ...(types.length > 0 ? [`import type { ${types.join(', ')} } from '${specifier}';`] : []),
  ]);
}

/** The example's code with relative import specifiers made relative to the output folder. */
function relocateImports(code: string, fromFolder: string, outputFolder: string): string {
  return code.replace(
    /^(\s*import\s[^'"]*from\s*)(['"])(\.{1,2}\/[^'"]+)\2/gm,
    (_match, head: string, quote: string, specifier: string) => {
      const target = resolve(fromFolder, specifier).replace(/\.js$/, '.ts');
      return `${head}${quote}${relativeSpecifier(outputFolder, target)}${quote}`;
    },
  );
}

function generate(packages: readonly WorkspacePackage[]): GeneratedExample[] {
  const byName = new Map(packages.map((entry) => [entry.name, entry]));
  const generated: GeneratedExample[] = [];
  for (const owner of packages) {
    const outputFolder = join(owner.folder, OUTPUT);
    rmSync(outputFolder, { recursive: true, force: true });
    const sourceFolder = join(owner.folder, 'src');
    const sources = existsSync(sourceFolder)
      ? listSourceFiles(sourceFolder).map((file) => join(sourceFolder, file))
      : [];
    const readmes = [join(owner.folder, 'README.md')]
      .concat(
        existsSync(sourceFolder)
          ? listMarkdown(sourceFolder).map((file) => join(sourceFolder, file))
          : [],
      )
      .filter((file) => existsSync(file));
    for (const file of [...readmes, ...sources]) {
      const isReadme = file.endsWith('.md');
      const examples = extractExamples(readFileSync(file, 'utf8')).filter(
        (example) => example.nocheck !== true,
      );
      for (const example of examples) {
        mkdirSync(outputFolder, { recursive: true });
        const name = relative(owner.folder, file).split(sep).join('__');
        const output = join(outputFolder, `${name}-${example.line}.ts`);
        const code = relocateImports(example.code, dirname(file), outputFolder);
        const imports = isReadme ? [] : scopeImports(example, file, outputFolder, owner, byName);
        const text = `${code}\n\n${imports.join('\n')}\nexport {};\n`;
        writeFileSync(output, text);
        generated.push({
          file: output,
          source: file,
          firstLine: example.line,
          lineCount: example.code.split('\n').length,
        });
      }
    }
  }
  return generated;
}

function listMarkdown(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        return entry.name === 'node_modules' || entry.name.startsWith('.')
          ? []
          : listMarkdown(folder, path);
      }
      return entry.name.endsWith('.md') ? [path] : [];
    });
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = join(ROOT, 'tsconfig.base.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    { noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => report([diagnostic]) },
  );
  if (parsed === undefined) throw new Error(`cannot read ${configFile}`);
  return parsed.options;
}

function report(diagnostics: readonly ts.Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    console.error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
}

function main(): void {
  const packages = readPackages();
  const generated = generate(packages);
  const program = ts.createProgram(
    generated.map((example) => example.file),
    compilerOptions(),
  );
  const byFile = new Map(generated.map((example) => [resolve(example.file), example]));
  const problems: string[] = [];
  const pendingErrors = new Map<string, number>();
  report([...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]);
  // Only the examples' own diagnostics: the sources' errors are `tsc -p tsconfig.json`'s.
  const diagnostics = generated.flatMap((example) => {
    const sourceFile = program.getSourceFile(example.file);
    return sourceFile === undefined
      ? []
      : [
          ...program.getSyntacticDiagnostics(sourceFile),
          ...program.getSemanticDiagnostics(sourceFile),
        ];
  });
  for (const diagnostic of diagnostics) {
    const file = diagnostic.file === undefined ? undefined : resolve(diagnostic.file.fileName);
    const example = file === undefined ? undefined : byFile.get(file);
    if (example === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      report([diagnostic]);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where =
      line < example.lineCount
        ? `${relative(ROOT, example.source)}:${example.firstLine + line}`
        : `${relative(ROOT, example.source)}:${example.firstLine} (in the imports added for the example's scope)`;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    const source = relative(ROOT, example.source).split(sep).join('/');
    if (pendingExamples(source) !== undefined) {
      pendingErrors.set(source, (pendingErrors.get(source) ?? 0) + 1);
      continue;
    }
    problems.push(`${where.split(sep).join('/')}: error TS${diagnostic.code}: ${message}`);
  }
  const checkedSources = new Set(
    generated.map((example) => relative(ROOT, example.source).split(sep).join('/')),
  );
  for (const [source, { why }] of Object.entries(PENDING_EXAMPLES)) {
    const errors = pendingErrors.get(source) ?? 0;
    if (errors > 0) {
      console.log(`pending: ${source}: ${errors} type error(s) in its examples (${why})`);
    } else {
      const state = checkedSources.has(source) ? 'type-checks now' : 'has no examples any more';
      problems.push(`${source}: ${state}: remove its entry from test-support/pending-examples.ts`);
    }
  }
  for (const problem of problems) console.error(problem);
  const files = checkedSources.size;
  if (problems.length > 0) {
    console.error(
      `examples: ${problems.length} problem(s) in ${generated.length} examples of ${files} files`,
    );
    process.exitCode = 1;
  } else {
    const pending = Object.keys(PENDING_EXAMPLES).length;
    console.log(
      `examples: ${generated.length} examples of ${files} files checked; no errors outside the ${pending} pending files`,
    );
  }
}

main();
