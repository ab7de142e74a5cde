import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScenarioNotFoundError } from './scenario-error.js';

// The built-in scenarios ship as YAML beside the code: `scenarios/` at the package root, reached
// the same way from `src/` (tests, the workspace) and from `dist/` (the published package).
const DIRECTORY = fileURLToPath(new URL('../scenarios/', import.meta.url));

/** One built-in scenario: its name and the first lines of its description. */
export interface BuiltInScenario {
  readonly name: string;
  readonly path: string;
  readonly summary: string;
}

/** The built-in scenarios, by name. */
export function builtInScenarios(): BuiltInScenario[] {
  if (!existsSync(DIRECTORY)) return [];
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const path = `${DIRECTORY}${file}`;
      const text = readFileSync(path, 'utf8');
      const description =
        /^description:\s*>?\s*\n((?:\s{2,}.*\n)+)/m.exec(text)?.[1] ??
        /^description:\s*(.+)$/m.exec(text)?.[1] ??
        '';
      return {
        name: file.replace(/\.yaml$/, ''),
        path,
        summary: unquote(description.replace(/\s+/g, ' ').trim()),
      };
    });
}

/**
 * The file to load for `target`: a built-in scenario's name, or a path as given.
 * @throws {ScenarioNotFoundError} naming the built-ins when `target` is neither a file nor a built-in.
 */
export function resolveScenario(target: string): string {
  // A file wins over a built-in of the same name, and needs no built-ins directory.
  if (/[\\/.]/.test(target) && existsSync(target)) return target;
  const builtIn = builtInScenarios().find((scenario) => scenario.name === target);
  if (builtIn !== undefined) return builtIn.path;
  if (existsSync(target)) return target;
  const names = builtInScenarios().map((scenario) => scenario.name);
  throw new ScenarioNotFoundError(
    `no scenario file or built-in scenario named ${JSON.stringify(target)}; built-ins: ${names.join(', ')}`,
    {
      value: target,
      allowed: `a scenario file (.yaml or .json) or one of ${names.join(', ')}`,
    },
  );
}

/** A one-line YAML scalar as written: `"…"` (JSON escapes), `'…'` (`''` for a quote) or plain. */
function unquote(text: string): string {
  if (/^".*"$/.test(text)) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  if (/^'.*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  return text;
}
