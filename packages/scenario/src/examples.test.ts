import { describe, expect, it } from 'vitest';
import { extractSourceExamples, runExample } from '../../../test-support/doc-examples.js';
import * as scenario from './index.js';
import * as patterns from './scenario-patterns.js';
import * as source from './scenario-source.js';
import * as values from './scenario-values.js';

// Internal modules' TSDoc examples use their own exports too.
const scope = { ...patterns, ...source, ...values, ...scenario };
const examples = extractSourceExamples(new URL('./', import.meta.url));

describe('TSDoc examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))(
    '%s holds',
    (_where, example) => runExample(example, { '@mqsim/scenario': scenario }, scope),
  );
});
