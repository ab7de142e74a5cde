import { describe, expect, it } from 'vitest';
import { extractSourceExamples, runExample } from '../../../../test-support/doc-examples.js';
import * as seedList from './seed-list.js';
import * as sweepTable from './sweep-table.js';

const scope = { ...seedList, ...sweepTable };
const examples = extractSourceExamples(new URL('./', import.meta.url));

describe('TSDoc examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))(
    '%s holds',
    (_where, example) => runExample(example, {}, scope),
  );
});
