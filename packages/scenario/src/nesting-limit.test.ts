import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInScenarios } from './built-in.js';
import { loadScenario } from './load-scenario.js';
import { findExcessiveNesting } from './nesting-limit.js';

function refusal(text: string): string {
  try {
    loadScenario(text, 'deep.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

describe('nesting a parser would follow into exhaustion', () => {
  // `{` counts too: the 64th `[` is the 65th level. A million of them are refused before parsing
  // (the parser took 100 s and ran out of memory on them).
  it('is refused before parsing, at the offending position, for YAML and JSON alike', () => {
    const json = `{"hosts":${'['.repeat(1_000_000)}`;
    expect(refusal(json)).toBe(
      'deep.yaml:1:73: brackets nest more than 64 deep (allowed: at most 64 nested [ ] or { })',
    );
    const yaml = `name: t\nhosts:\n  - ${'{ a: '.repeat(200)}`;
    expect(refusal(yaml)).toMatch(/^deep\.yaml:3:\d+: brackets nest more than 64 deep/);
  });

  it('refuses block nesting as indentation beyond 256 columns', () => {
    const lines = ['name: t', 'hosts:'];
    for (let depth = 1; depth < 200; depth++) lines.push(`${'  '.repeat(depth)}a${depth}:`);
    expect(refusal(lines.join('\n'))).toMatch(
      /^deep\.yaml:\d+:257: a line is indented more than 256 columns/,
    );
  });

  it('does not count brackets in quoted scalars, comments or plain words with apostrophes', () => {
    const many = '['.repeat(100);
    const text = [
      `# ${many}`,
      `a: "${many}"`,
      `b: '${many}'`,
      `c: it's [not] "a problem"`,
      `d: '${many}''${many}'`,
    ].join('\n');
    expect(findExcessiveNesting(text)).toBeUndefined();
  });

  it('accepts every built-in scenario', () => {
    for (const builtIn of builtInScenarios())
      expect(findExcessiveNesting(readFileSync(builtIn.path, 'utf8'))).toBeUndefined();
  });
});
