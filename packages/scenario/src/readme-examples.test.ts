import { readFileSync } from 'node:fs';
import * as scenario from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { extractExamples, runExample } from '../../../test-support/doc-examples.js';

const examples = extractExamples(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));

describe('README examples', () => {
  it('has examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(1);
  });

  it.each(examples.map((example) => [example.line, example] as const))(
    'the example on line %i runs and its results hold',
    (_line, example) => runExample(example, { '@mqsim/scenario': scenario }),
  );
});
