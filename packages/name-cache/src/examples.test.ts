import * as filetime from '@mqsim/filetime';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as nameCache from './index.js';

const modules = { '@mqsim/filetime': filetime, '@mqsim/name-cache': nameCache };
const scope = { ...filetime, ...nameCache };
describeDocumentationExamples(new URL('./', import.meta.url), modules, scope);
