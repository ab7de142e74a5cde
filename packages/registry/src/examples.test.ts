import { readFileSync } from 'node:fs';
import * as filetime from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import * as registry from './index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const MODULES: Record<string, unknown> = {
  '@mqsim/filetime': filetime,
  '@mqsim/registry': registry,
};

/** The first fenced block of `language` after `heading`. */
function block(heading: string, language: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(section);
  if (match?.[1] === undefined) throw new Error(`no ${language} block after ${heading}`);
  return match[1];
}

describe('README', () => {
  it('has a quick start of at most 15 lines that prints what the README says', () => {
    const code = block('## Quick start', 'ts');
    expect(code.trimEnd().split('\n').length).toBeLessThanOrEqual(15);
    // The example is plain JavaScript apart from its imports, which become lookups here.
    const body = code.replace(
      /^import \{([^}]*)\} from '([^']+)';$/gm,
      (_line, names: string, from: string) =>
        `const {${names}} = modules[${JSON.stringify(from)}];`,
    );
    const printed: string[] = [];
    const console = { log: (...parts: unknown[]) => printed.push(`${parts.join(' ')}\n`) };
    new Function('modules', 'console', body)(MODULES, console);
    const output = printed.join('').replace(/\r\n/g, '\n');
    expect(output.trimEnd()).toBe(block('prints', 'text').trimEnd());
  });
});
