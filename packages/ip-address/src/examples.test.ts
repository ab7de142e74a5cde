import * as filetime from '@mqsim/filetime';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as ipAddress from './index.js';

const modules = { '@mqsim/filetime': filetime, '@mqsim/ip-address': ipAddress };
describeDocumentationExamples(new URL('./', import.meta.url), modules, { ...ipAddress });
