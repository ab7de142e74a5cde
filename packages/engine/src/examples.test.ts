import * as filetime from '@mqsim/filetime';
import * as registry from '@mqsim/registry';
import * as scenario from '@mqsim/scenario';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as engine from './index.js';

const modules = {
  '@mqsim/filetime': filetime,
  '@mqsim/registry': registry,
  '@mqsim/scenario': scenario,
  '@mqsim/engine': engine,
};
describeDocumentationExamples(new URL('./', import.meta.url), modules, { ...registry, ...engine });
