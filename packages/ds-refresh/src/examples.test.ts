import * as filetime from '@mqsim/filetime';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as dsRefresh from './index.js';

const modules = { '@mqsim/filetime': filetime, '@mqsim/ds-refresh': dsRefresh };
const scope = { ...filetime, ...dsRefresh };
describeDocumentationExamples(new URL('./', import.meta.url), modules, scope);
