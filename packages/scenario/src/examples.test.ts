import * as dsRefresh from '@mqsim/ds-refresh';
import * as filetime from '@mqsim/filetime';
import * as registry from '@mqsim/registry';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as scenario from './index.js';

const modules = {
  '@mqsim/ds-refresh': dsRefresh,
  '@mqsim/filetime': filetime,
  '@mqsim/registry': registry,
  '@mqsim/scenario': scenario,
};
describeDocumentationExamples(new URL('./', import.meta.url), modules, { ...scenario });
