import * as engine from '@mqsim/engine';
import * as filetime from '@mqsim/filetime';
import * as scenario from '@mqsim/scenario';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';

// The CLI's README shows shell commands, not code: only its TSDoc examples run.
const modules = {
  '@mqsim/engine': engine,
  '@mqsim/filetime': filetime,
  '@mqsim/scenario': scenario,
};
describeDocumentationExamples(
  new URL('./', import.meta.url),
  modules,
  { ...filetime, ...scenario, ...engine },
  { readmeExamples: false },
);
