import * as engine from '@mqsim/engine';
import * as filetime from '@mqsim/filetime';
import * as scenario from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runExample } from '../../../test-support/doc-examples.js';
import { extractSourceExamples } from '../../../test-support/example-blocks.js';

// The CLI's README shows shell commands, not code; its TSDoc examples run here, each with its own
// module's exports in scope (as describeDocumentationExamples does for the packages).
const modules = {
  '@mqsim/engine': engine,
  '@mqsim/filetime': filetime,
  '@mqsim/scenario': scenario,
};
const examples = extractSourceExamples(new URL('./', import.meta.url));

describe('TSDoc examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))(
    '%s holds',
    async (_where, example) => {
      const own = (await import(new URL(example.file, import.meta.url).href)) as object;
      runExample(example, modules, { ...filetime, ...scenario, ...engine, ...own });
    },
  );
});
