import * as filetime from '@mqsim/filetime';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as registry from './index.js';

const modules = { '@mqsim/filetime': filetime, '@mqsim/registry': registry };
const scope = { ...filetime, ...registry };
describeDocumentationExamples(new URL('./', import.meta.url), modules, scope);
