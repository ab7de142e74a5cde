import * as filetime from '@mqsim/filetime';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as transport from './index.js';

const modules = { '@mqsim/filetime': filetime, '@mqsim/transport': transport };
const scope = { ...filetime, ...transport };
describeDocumentationExamples(new URL('./', import.meta.url), modules, scope);
