import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInScenarios } from './built-in.js';
import { loadScenario } from './load-scenario.js';
import { findParserExhaustion, PARSER_LIMITS } from './nesting-limit.js';

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
    expect(findParserExhaustion(text)).toBeUndefined();
  });

  it('accepts every built-in scenario', () => {
    for (const builtIn of builtInScenarios())
      expect(findParserExhaustion(readFileSync(builtIn.path, 'utf8'))).toBeUndefined();
  });
});

describe('node counts a parser would follow into exhaustion', () => {
  const nodes = (text: string, maxNodes: number) =>
    findParserExhaustion(text, { ...PARSER_LIMITS, maxNodes });

  // Each of these built millions of parser nodes (seconds and hundreds of MB) before the count.
  it.each([
    [
      'flow items',
      `hosts: [${'1,'.repeat(1_000_000)}1]`,
      /^deep\.yaml:1:\d+: more than 200000 nodes/,
    ],
    [
      'aliases',
      `a: &a 1\nb: [${'*a,'.repeat(1_000_000)}*a]`,
      /^deep\.yaml:2:\d+: more than 200000 nodes/,
    ],
    [
      'block items',
      `hosts:\n${'- 1\n'.repeat(1_000_000)}`,
      /^deep\.yaml:100001:3: more than 200000 nodes/,
    ],
    [
      'empty items',
      `x: [${','.repeat(1_000_000)}]`,
      /^deep\.yaml:1:200003: more than 200000 nodes/,
    ],
    ['anchors', `x: ${'&a '.repeat(1_000_000)}1`, /^deep\.yaml:1:600001: more than 200000 nodes/],
  ])('refuses %s past the limit, at the node that crossed it', (_kind, text, expected) => {
    expect(refusal(text)).toMatch(expected);
    expect(refusal(text)).toContain('(allowed: at most 200000 nodes)');
  });

  it('counts keys, values, items, brackets, aliases, anchors and tags, not their text', () => {
    expect(nodes('a: 1', 2)).toBeUndefined();
    expect(nodes('a: 1', 1)?.offset).toBe(3);
    expect(nodes('a: [1, 2]', 4)).toBeUndefined();
    expect(nodes('a: [1, 2]', 3)?.offset).toBe(7);
    expect(nodes('- - - x', 4)).toBeUndefined();
    expect(nodes('- - - x', 3)?.offset).toBe(6);
    // The key, the anchor and the tag: the tagged value is the tag's node.
    expect(nodes('a: &x !!str b', 3)).toBeUndefined();
    expect(nodes('a: &x !!str b', 2)?.offset).toBe(6);
    // A long scalar, quoted or plain, is one node, and a comment counts for nothing.
    expect(nodes(`a: "${'x, y: [z], '.repeat(1000)}" # ${'- ['.repeat(1000)}`, 2)).toBeUndefined();
    expect(nodes(`a: ${'word '.repeat(1000)}`, 2)).toBeUndefined();
  });

  it('still reports a repeated key where it is, in a map with many keys', () => {
    const keys = Array.from({ length: 20_000 }, (_, index) => `  k${index}: 1`);
    keys.splice(15_000, 0, '  k7: 2');
    expect(refusal(`name: t\nx:\n${keys.join('\n')}`)).toMatch(
      /^deep\.yaml:15003:3: YAML: Map keys must be unique/,
    );
  });
});
