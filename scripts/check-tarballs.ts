// What each published package's tarball would hold, checked: no tests, test helpers, fixtures or
// hardening suites, and the MIT LICENSE. Every non-private workspace package under packages/* and
// apps/* is packed with `pnpm pack --dry-run --json` (pnpm's own file list, which is what
// `pnpm publish` ships), so a package added later is checked without being listed anywhere.
//
//   tsx scripts/check-tarballs.ts                      every package (`pnpm check:package` runs it)
//   tsx scripts/check-tarballs.ts packages/filetime    only these package folders
//
// One line per problem (`packages/x: ships src/a.test.ts (a test file)`), exit code 1 if any.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

/**
 * What a tarball must not ship, with the reason printed when it does. A pattern with a `folder`
 * group names a whole folder: its files are reported as that folder, once.
 */
const FORBIDDEN: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\.test\.[cm]?[jt]sx?$|\.test\.d\.[cm]?ts$/, what: 'a test file' },
  { pattern: /\.test-d\.[cm]?ts$/, what: 'a type-level test file' },
  { pattern: /(^|\/)test-[^/]*\.[cm]?[jt]s$/, what: 'a test helper (test-*.ts)' },
  { pattern: /^(?<folder>(?:.*\/)?__fixtures__\/)/, what: 'test fixtures' },
  {
    pattern: /^(?<folder>(?:.*\/)?hardening\/)|(^|\/)hardening\.[^/]*$/,
    what: 'the hardening suite',
  },
];

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly license?: string;
}

/** The folders of the workspace packages that would be published. */
function publishedPackages(): string[] {
  return ['packages', 'apps']
    .flatMap((parent) =>
      existsSync(join(ROOT, parent))
        ? readdirSync(join(ROOT, parent)).map((name) => join(ROOT, parent, name))
        : [],
    )
    .filter((folder) => existsSync(join(folder, 'package.json')))
    .filter((folder) => readManifest(folder).private !== true)
    .sort();
}

function readManifest(folder: string): Manifest {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
}

/** `npx -y pnpm@<version>`, the version the root `packageManager` names (as CI runs pnpm). */
function pnpmCommand(): [string, string[]] {
  const { packageManager } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    packageManager: string;
  };
  return ['npx', ['-y', packageManager]];
}

/** The paths `pnpm pack` would put in the tarball, relative to the package folder. */
async function packedFiles(folder: string): Promise<string[]> {
  const [command, prefix] = pnpmCommand();
  const { stdout } = await run(command, [...prefix, 'pack', '--dry-run', '--json'], {
    cwd: folder,
    maxBuffer: 64 * 1024 * 1024,
  });
  const json = stdout.slice(stdout.indexOf('{'));
  const packed = JSON.parse(json) as { files: { path: string }[] };
  return packed.files.map((file) => file.path.replace(/\\/g, '/')).sort();
}

/** pnpm's own message when `pnpm pack --json` fails (it prints `{ "error": { "message" } }`). */
function packFailure(error: unknown): string {
  const { stdout = '', message } = error as { stdout?: string; message: string };
  try {
    const parsed = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      error?: { message?: string };
    };
    return parsed.error?.message ?? message;
  } catch {
    return message.split('\n')[0] ?? message;
  }
}

/** Every problem with one package's tarball, each as one line. */
async function checkPackage(folder: string, rootLicense: string): Promise<string[]> {
  const where = relative(ROOT, folder).replace(/\\/g, '/');
  const manifest = readManifest(folder);
  const problems: string[] = [];
  if (manifest.license !== 'MIT') {
    problems.push(
      `${where}: package.json "license" is ${JSON.stringify(manifest.license)}, not "MIT"`,
    );
  }
  let files: string[];
  try {
    files = await packedFiles(folder);
  } catch (error) {
    return [...problems, `${where}: pnpm pack --dry-run failed: ${packFailure(error)}`];
  }
  const reported = new Map<string, { what: string; count: number }>();
  for (const file of files) {
    for (const { pattern, what } of FORBIDDEN) {
      const match = pattern.exec(file);
      if (match === null) continue;
      const shipped = match.groups?.folder ?? file;
      const entry = reported.get(shipped) ?? { what, count: 0 };
      reported.set(shipped, { what, count: entry.count + 1 });
      break;
    }
  }
  for (const [shipped, { what, count }] of reported) {
    const files = shipped.endsWith('/') ? ` (${count} file${count === 1 ? '' : 's'})` : '';
    problems.push(
      `${where}: ships ${shipped}${files}: ${what}; exclude it in package.json "files"`,
    );
  }
  if (!files.includes('LICENSE')) {
    problems.push(`${where}: ships no LICENSE; copy the root LICENSE into ${where}/`);
  } else if (readFileSync(join(folder, 'LICENSE'), 'utf8') !== rootLicense) {
    problems.push(`${where}: LICENSE differs from the root LICENSE; copy the root one`);
  }
  return problems;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).map((folder) => resolve(folder));
  const folders = requested.length > 0 ? requested : publishedPackages();
  const rootLicense = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  const results: string[][] = [];
  // Two packs at a time: each is a pnpm process, and CI machines have two cores.
  for (let index = 0; index < folders.length; index += 2) {
    const batch = folders.slice(index, index + 2);
    results.push(...(await Promise.all(batch.map((folder) => checkPackage(folder, rootLicense)))));
  }
  const problems = results.flat();
  for (const problem of problems) console.error(problem);
  const names = folders.map((folder) => relative(ROOT, folder).replace(/\\/g, '/'));
  if (problems.length > 0) {
    console.error(`tarball check: ${problems.length} problem(s) in ${names.length} package(s)`);
    process.exitCode = 1;
  } else {
    console.log(`tarball check: ${names.length} package(s) ship no tests and carry the LICENSE`);
  }
}

await main();
