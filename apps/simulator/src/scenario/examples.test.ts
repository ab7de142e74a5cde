import { describe, expect, it } from 'vitest';
import { extractSourceExamples, runExample } from '../../../../test-support/doc-examples.js';
import * as didYouMean from './did-you-mean.js';
import * as load from './load-scenario.js';
import * as errors from './scenario-error.js';
import * as schema from './scenario-schema.js';
import * as source from './scenario-source.js';
import * as values from './scenario-values.js';

const scope = { ...didYouMean, ...load, ...errors, ...schema, ...source, ...values };
const examples = extractSourceExamples(new URL('./', import.meta.url));

describe('TSDoc examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))(
    '%s holds',
    (_where, example) => runExample(example, {}, scope),
  );
});
