// The static half of the hardening issue's "Determinism": nothing in a simulation reads the wall
// clock, `Math.random`, the environment, or an order no seed controls. Every non-test TypeScript
// source of `packages/*/src` (the engine and scenario format among them) is parsed with the
// TypeScript compiler (syntax only, so comments, TSDoc examples and strings never match) and
// checked against the rules below; a legitimate use is listed in ALLOWED with the reason, and an
// entry that no longer matches anything fails too, so the list cannot go stale.
//
// Limits, on purpose: names are matched syntactically (a local variable called `performance`
// would be reported; rename it), computed access (`Math['random']`) is not followed, and
// `Object.keys`/`Object.entries` are not flagged — their order is the insertion order of the
// parsed input (integer-like keys first), the same on every run of the same scenario.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

/** What is scanned (folders and files): the packages and the simulator's simulation code. */
const ROOTS = [
  ...readdirSync(join(REPOSITORY, 'packages')).map((name) => `packages/${name}/src`),
  'apps/simulator/src/scenarios',
  'apps/simulator/src/cli-input.ts',
];

/** What a simulation is started from; everything these import must lie under ROOTS. */
const SIMULATION_ENTRIES = [
  'packages/engine/src/run-scenario.ts',
  'packages/scenario/src/load-scenario.ts',
];

interface Allowed {
  readonly file: string;
  /** A rule's pattern, as findings print it. */
  readonly pattern: string;
  readonly why: string;
}

/** The legitimate ambient reads, each with its reason. */
const ALLOWED: readonly Allowed[] = [
  {
    file: 'packages/filetime/src/system-clock.ts',
    pattern: 'performance',
    why: 'SystemClock is the real-time Clock: its ticks and epoch come from performance.now()/timeOrigin',
  },
  {
    file: 'packages/filetime/src/system-clock.ts',
    pattern: 'setTimeout',
    why: "SystemClock's timers are real timers; simulations use VirtualClock",
  },
  {
    file: 'packages/name-cache/src/node-lookup.ts',
    pattern: 'new SystemClock()',
    why: "the real-Node lookup adapter's default clock when none is given; simulations never build it",
  },
  {
    file: 'packages/name-cache/src/node-lookup.ts',
    pattern: 'process.nextTick',
    why: "the adapter keeps Node's dns.lookup contract: callbacks run on a later tick",
  },
  {
    file: 'packages/name-cache/src/node-lookup.ts',
    pattern: "import 'node:dns'",
    why: 'the adapter wraps Node’s real resolver (dns.lookup) for real processes',
  },
  {
    file: 'packages/name-cache/src/node-lookup.ts',
    pattern: "import 'node:os'",
    why: "the adapter honours dns.lookup's hints: ADDRCONFIG reads the machine's addresses (injectable)",
  },
  {
    file: 'packages/name-cache/src/internal/negative-ttl-query.ts',
    pattern: "import 'node:dgram'",
    why: "the real-Node adapter's SOA question for a negative TTL (RFC 2308), to a real DNS server",
  },
  {
    file: 'packages/name-cache/src/internal/negative-ttl-query.ts',
    pattern: 'setTimeout',
    why: "the real-Node adapter's time-out for that SOA question; simulations never load it",
  },
  {
    file: 'packages/name-cache/src/test-dns-server.ts',
    pattern: "import 'node:dgram'",
    why: 'test support: a real UDP DNS server on 127.0.0.1 for node-lookup.test.ts, not exported',
  },
  {
    file: 'packages/scenario/src/built-in.ts',
    pattern: "import 'node:fs'",
    why: 'lists (sorted) and reads the shipped scenario files: the CLI’s input, not ambient state',
  },
  {
    file: 'packages/scenario/src/load-scenario.ts',
    pattern: "import 'node:fs'",
    why: 'loadScenarioFile reads the file the user names: input, not ambient state',
  },
];

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly pattern: string;
  readonly why: string;
}

const WALL_CLOCK = 'reads the wall clock; take a Clock (VirtualClock in simulations)';
const TIMER = 'a real timer fires in real time; schedule on the Clock';
const RANDOM = 'unseeded randomness; draw from a seeded stream (@mqsim/transport’s link streams)';
const PROCESS =
  'reads the process (environment, arguments, real time, event loop); pass the value in';
const LOCAL_TIME = 'depends on the machine’s time zone; use the UTC methods or @mqsim/filetime';
const LOCALE = 'depends on the machine’s locale; pass an explicit locale such as "en-US"';

/** Node modules that reach the machine or the outside world (time, files, network, processes). */
const AMBIENT_MODULES = new Set([
  'child_process',
  'cluster',
  'dgram',
  'dns',
  'dns/promises',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'net',
  'os',
  'perf_hooks',
  'process',
  'readline',
  'timers',
  'timers/promises',
  'tls',
  'worker_threads',
]);
/** Pure helpers of ambient modules (no I/O), fine to import by name. */
const PURE_IMPORTS = new Map([['net', ['isIP', 'isIPv4', 'isIPv6', 'SocketAddress']]]);
const RANDOM_CRYPTO = new Set([
  'getRandomValues',
  'randomBytes',
  'randomFill',
  'randomFillSync',
  'randomInt',
  'randomUUID',
  'webcrypto',
]);
const LOCAL_TIME_METHODS = new Set([
  'getDate',
  'getDay',
  'getFullYear',
  'getHours',
  'getMilliseconds',
  'getMinutes',
  'getMonth',
  'getSeconds',
  'getTimezoneOffset',
  'getYear',
  'setDate',
  'setFullYear',
  'setHours',
  'setMilliseconds',
  'setMinutes',
  'setMonth',
  'setSeconds',
  'toDateString',
  'toTimeString',
]);
/** Locale-sensitive methods, and how many arguments come before the locale (a Map: an object
 * literal would also answer for `toString`, from its prototype). */
const LOCALE_METHODS = new Map([
  ['localeCompare', 1],
  ['toLocaleDateString', 0],
  ['toLocaleLowerCase', 0],
  ['toLocaleString', 0],
  ['toLocaleTimeString', 0],
  ['toLocaleUpperCase', 0],
]);

/** Every ambient read in `text` (a TypeScript source), by line. */
function findAmbientInputs(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, pattern: string, why: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ file, line: line + 1, pattern, why });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node)) return; // `ReturnType<typeof setTimeout>` reads nothing
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      checkModule(node, report);
    } else if (ts.isCallExpression(node)) {
      checkCall(node, report);
    } else if (ts.isNewExpression(node)) {
      checkNew(node, report);
    } else if (ts.isPropertyAccessExpression(node)) {
      checkMember(node, report);
    } else if (ts.isIdentifier(node) && isGlobalReference(node)) {
      checkGlobal(node, report);
    } else if (ts.isForInStatement(node)) {
      report(
        node,
        'for…in',
        'visits integer-like keys first and inherited keys too; iterate a Map or an array',
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

type Report = (node: ts.Node, pattern: string, why: string) => void;

function checkModule(node: ts.ImportDeclaration | ts.ExportDeclaration, report: Report): void {
  if (node.moduleSpecifier === undefined || !ts.isStringLiteral(node.moduleSpecifier)) return;
  if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly === true) return;
  if (ts.isExportDeclaration(node) && node.isTypeOnly) return;
  const specifier = node.moduleSpecifier.text;
  const name = specifier.replace(/^node:/, '');
  const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : undefined;
  const named =
    bindings !== undefined && ts.isNamedImports(bindings)
      ? bindings.elements.map((element) => (element.propertyName ?? element.name).text)
      : undefined;
  if (name === 'crypto') {
    for (const imported of named ?? []) {
      if (RANDOM_CRYPTO.has(imported)) report(node, `import { ${imported} }`, RANDOM);
    }
    return;
  }
  if (!AMBIENT_MODULES.has(name)) return;
  const pure = PURE_IMPORTS.get(name);
  const onlyPure =
    pure !== undefined &&
    named !== undefined &&
    ts.isImportDeclaration(node) &&
    node.importClause?.name === undefined &&
    named.every((imported) => pure.includes(imported));
  if (!onlyPure) {
    report(
      node,
      `import '${specifier}'`,
      'reaches the machine or the outside world (time, files, network, processes)',
    );
  }
}

function checkCall(node: ts.CallExpression, report: Report): void {
  const callee = node.expression;
  if (
    (callee.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(callee) && callee.text === 'require')) &&
    node.arguments[0] !== undefined &&
    ts.isStringLiteral(node.arguments[0])
  ) {
    const name = node.arguments[0].text.replace(/^node:/, '');
    if (AMBIENT_MODULES.has(name) || name === 'crypto') {
      report(
        node,
        `import('${node.arguments[0].text}')`,
        'loads a module that reaches the machine',
      );
    }
    return;
  }
  if (ts.isIdentifier(callee) && callee.text === 'Date' && isGlobalReference(callee)) {
    report(node, 'Date()', WALL_CLOCK);
    return;
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const localeAt = LOCALE_METHODS.get(method);
    const locale = localeAt === undefined ? undefined : node.arguments[localeAt];
    if (
      localeAt !== undefined &&
      (locale === undefined ||
        locale.kind === ts.SyntaxKind.UndefinedKeyword ||
        isUndefined(locale))
    ) {
      report(node, `${method}() without a locale`, LOCALE);
    }
    if (method === 'sort' || method === 'toSorted') checkComparator(node, report);
  }
}

/** `a < b ? -1 : 1` never says "equal", so the order of equal items is left to the engine. */
function checkComparator(node: ts.CallExpression, report: Report): void {
  const comparator = node.arguments[0];
  if (
    comparator === undefined ||
    !(ts.isArrowFunction(comparator) || ts.isFunctionExpression(comparator))
  )
    return;
  let body: ts.Node = comparator.body;
  while (ts.isParenthesizedExpression(body)) body = body.expression;
  if (!ts.isConditionalExpression(body)) return;
  const nonZero = (branch: ts.Expression): boolean => {
    let inner = branch;
    while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
    if (ts.isPrefixUnaryExpression(inner)) inner = inner.operand;
    return ts.isNumericLiteral(inner) && Number(inner.text) !== 0;
  };
  if (nonZero(body.whenTrue) && nonZero(body.whenFalse)) {
    report(
      node,
      'comparator that never returns 0',
      'equal items are never equal to it, so their order is up to the engine; return 0 for ties',
    );
  }
}

function checkNew(node: ts.NewExpression, report: Report): void {
  if (!ts.isIdentifier(node.expression)) return;
  const name = node.expression.text;
  // @mqsim/filetime's real-time clock is imported, not global: matched by name.
  if (name === 'SystemClock') {
    report(node, 'new SystemClock()', `${WALL_CLOCK}; inject the Clock instead of making one`);
  }
  if (!isGlobalReference(node.expression)) return;
  if (name === 'Date' && (node.arguments === undefined || node.arguments.length === 0)) {
    report(node, 'new Date()', `${WALL_CLOCK} (new Date(value) converting a given value is fine)`);
  } else if (name === 'WeakRef' || name === 'FinalizationRegistry') {
    report(node, `new ${name}()`, 'observes garbage collection, which no seed controls');
  }
}

function checkMember(node: ts.PropertyAccessExpression, report: Report): void {
  const path = dottedName(node)?.replace(/^(globalThis|global|window)\./, '');
  const method = node.name.text;
  if (path === 'Date.now') report(node, 'Date.now', WALL_CLOCK);
  else if (path === 'Math.random') report(node, 'Math.random', RANDOM);
  else if (path === 'crypto.randomUUID' || path === 'crypto.getRandomValues')
    report(node, path, RANDOM);
  else if (path?.startsWith('Intl.') === true && path.split('.').length === 2)
    report(node, path, `${LOCALE}, and its time zone`);
  else if (LOCAL_TIME_METHODS.has(method)) report(node, `.${method}()`, LOCAL_TIME);
  // `process.…` and `performance.…` are reported by checkGlobal, on the global's name.
}

function checkGlobal(node: ts.Identifier, report: Report): void {
  const name = node.text;
  const member =
    ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node
      ? `.${node.parent.name.text}`
      : '';
  if (name === 'process') report(node, `process${member}`, PROCESS);
  else if (name === 'performance') report(node, 'performance', WALL_CLOCK);
  else if (name === 'setTimeout' || name === 'setInterval' || name === 'setImmediate')
    report(node, name, TIMER);
}

function isUndefined(node: ts.Expression): boolean {
  return ts.isIdentifier(node) && node.text === 'undefined';
}

/** `a.b.c` for a chain of plain names, else undefined. */
function dottedName(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const left = dottedName(node.expression);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  return undefined;
}

/** Whether `node` reads a global of that name, rather than naming a member, key or declaration. */
function isGlobalReference(node: ts.Identifier): boolean {
  const parent: ts.Node = node.parent;
  // `{ process }` reads `process`; every other node with this identifier as its `name`,
  // `propertyName` or `label` declares or names something (`a.process`, `{ process: 1 }`, …).
  if (!ts.isShorthandPropertyAssignment(parent)) {
    if ('name' in parent && parent.name === node) return false;
    if ('propertyName' in parent && parent.propertyName === node) return false;
    if ('label' in parent && parent.label === node) return false;
    if (ts.isQualifiedName(parent)) return false;
  }
  return !isDeclaredAround(node);
}

/**
 * Whether a function, block or module around `node` declares its name (a parameter, a variable,
 * a function, class or import), so it is a local such as a `process` parameter, not the global.
 */
function isDeclaredAround(node: ts.Identifier): boolean {
  const name = node.text;
  const binds = (target: ts.BindingName | undefined): boolean =>
    target !== undefined &&
    (ts.isIdentifier(target)
      ? target.text === name
      : target.elements.some((element) => !ts.isOmittedExpression(element) && binds(element.name)));
  const declares = (statement: ts.Node): boolean => {
    if (ts.isVariableStatement(statement))
      return statement.declarationList.declarations.some((declaration) => binds(declaration.name));
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))
      return statement.name?.text === name;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      return (
        clause?.name?.text === name ||
        (bindings !== undefined &&
          (ts.isNamespaceImport(bindings)
            ? bindings.name.text === name
            : bindings.elements.some((element) => element.name.text === name)))
      );
    }
    return false;
  };
  for (let scope: ts.Node | undefined = node.parent; scope !== undefined; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((parameter) => binds(parameter.name)))
      return true;
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
      if (scope.statements.some(declares)) return true;
    }
    if (
      (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) &&
      scope.initializer !== undefined &&
      ts.isVariableDeclarationList(scope.initializer) &&
      scope.initializer.declarations.some((declaration) => binds(declaration.name))
    )
      return true;
    if (ts.isCatchClause(scope) && binds(scope.variableDeclaration?.name)) return true;
  }
  return false;
}

/** The non-test TypeScript sources under `root` (or `root` itself), relative to the repository. */
function sourcesUnder(root: string): string[] {
  if (root.endsWith('.ts')) return [root];
  const directory = join(REPOSITORY, root);
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry))
    .filter((entry) => !entry.split(/[\\/]/).includes('__fixtures__'))
    .filter((entry) => statSync(join(directory, entry)).isFile())
    .map((entry) => `${root}/${entry.replaceAll('\\', '/')}`)
    .sort();
}

/** Files a module imports at run time (type-only imports left out), resolved to sources. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(join(REPOSITORY, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imported: string[] = [];
  for (const statement of source.statements) {
    if (
      !(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ||
      statement.moduleSpecifier === undefined ||
      !ts.isStringLiteral(statement.moduleSpecifier)
    )
      continue;
    if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true) continue;
    if (ts.isExportDeclaration(statement) && statement.isTypeOnly) continue;
    const specifier = statement.moduleSpecifier.text;
    if (specifier.startsWith('.')) {
      const target = join(file, '..', specifier).replaceAll('\\', '/');
      const typescript = target.replace(/\.js$/, '.ts');
      // A generated JavaScript module (the precompiled scenario validator) has no .ts source.
      imported.push(
        !existsSync(join(REPOSITORY, typescript)) && existsSync(join(REPOSITORY, target))
          ? target
          : typescript,
      );
    } else if (specifier.startsWith('@mqsim/')) {
      const folder = `packages/${specifier.slice('@mqsim/'.length)}`;
      const manifest = JSON.parse(readFileSync(join(REPOSITORY, folder, 'package.json'), 'utf8'));
      const entry = manifest.exports['.']['@mqsim/source'] as string;
      imported.push(`${folder}/${entry.replace(/^\.\//, '')}`);
    }
  }
  return imported;
}

function importClosure(entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    // Data (the published JSON Schema) is read, not run, and generated code (Ajv's precompiled
    // validator, which reads nothing ambient by construction) is not TypeScript: neither is scanned.
    if (file.endsWith('.ts')) pending.push(...runtimeImports(file));
  }
  return [...seen].sort();
}

const format = (finding: Finding) =>
  `${finding.file}:${finding.line}: ${finding.pattern} — ${finding.why}`;
const isAllowed = (finding: Finding) =>
  ALLOWED.some((entry) => entry.file === finding.file && entry.pattern === finding.pattern);

describe('no ambient inputs in simulation code', () => {
  const files = ROOTS.flatMap(sourcesUnder);
  const findings = files.flatMap((file) =>
    findAmbientInputs(file, readFileSync(join(REPOSITORY, file), 'utf8')),
  );

  it('finds no wall clock, unseeded randomness, environment or engine-chosen order', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(findings.filter((finding) => !isAllowed(finding)).map(format)).toEqual([]);
  });

  it('allows nothing that is no longer there', () => {
    const stale = ALLOWED.filter(
      (entry) =>
        !findings.some(
          (finding) => finding.file === entry.file && finding.pattern === entry.pattern,
        ),
    );
    expect(stale).toEqual([]);
  });

  it('scans every module a simulation imports', () => {
    const scanned = new Set(files);
    const closure = importClosure(SIMULATION_ENTRIES);
    expect(closure.length).toBeGreaterThan(50);
    expect(closure.filter((file) => file.endsWith('.ts') && !scanned.has(file))).toEqual([]);
  });
});

describe('findAmbientInputs', () => {
  const patterns = (text: string) =>
    findAmbientInputs('example.ts', text).map((finding) => `${finding.line}: ${finding.pattern}`);

  it('reports each ambient read by line', () => {
    const text = [
      "import { readFileSync } from 'node:fs';",
      "import { randomUUID, createHash } from 'node:crypto';",
      'const a = Date.now() + performance.now() + Math.random();',
      'const b = new Date();',
      'const c = process.env.HOME ?? globalThis.Date.now();',
      'setTimeout(() => {}, 10);',
      'for (const key in {}) {}',
      'const d = new SystemClock();',
      'const e = new Date(0).getHours() + "x".localeCompare("y");',
      'const f = [3, 1].sort((x, y) => (x < y ? -1 : 1));',
      'const g = new WeakRef({});',
      'function h(process: string) { return { process, env: process.length }; }',
      'const i = { process };',
    ].join('\n');
    expect(patterns(text)).toEqual([
      "1: import 'node:fs'",
      '2: import { randomUUID }',
      '3: Date.now',
      '3: performance',
      '3: Math.random',
      '4: new Date()',
      '5: process.env',
      '5: Date.now',
      '6: setTimeout',
      '7: for…in',
      '8: new SystemClock()',
      '9: .getHours()',
      '9: localeCompare() without a locale',
      '10: comparator that never returns 0',
      '11: new WeakRef()',
      '13: process',
    ]);
  });

  it('ignores comments, TSDoc examples, strings, types, members and given values', () => {
    const text = [
      '/**',
      ' * @example',
      ' * ```ts',
      ' * Date.now(); Math.random(); process.env.X; setTimeout(f, 1); new Date();',
      ' * ```',
      ' */',
      '// performance.now() in a line comment',
      "const text = 'Date.now() and Math.random() in a string';",
      'const template = `process.env in a template`;',
      'type Timer = ReturnType<typeof setTimeout>;',
      'const clock = { setTimeout: 1, now: () => 0 };',
      'clock.setTimeout; clock.now();',
      'const given = new Date(1_700_000_000_000).getUTCHours();',
      "const shown = (1234).toLocaleString('en-US') + 'a'.localeCompare('b', 'en');",
      'const sorted = [3, 1].sort((x, y) => x - y);',
      "import { isIP } from 'node:net';",
      "import { createHash } from 'node:crypto';",
      "import type { Stats } from 'node:fs';",
    ].join('\n');
    expect(patterns(text)).toEqual([]);
  });
});
