import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractExamples, runExample } from '../../../test-support/doc-examples.js';
import * as filetime from './index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = extractExamples(readme);

describe('README examples', () => {
  it('has examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((example) => [example.line, example] as const))(
    'the example on line %i runs and its results hold',
    (_line, example) => {
      runExample(example, { '@mqsim/filetime': filetime });
    },
  );
});
