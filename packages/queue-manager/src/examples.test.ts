import * as filetime from '@mqsim/filetime';
import * as nameCache from '@mqsim/name-cache';
import * as transport from '@mqsim/transport';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as queueManager from './index.js';

const modules = {
  '@mqsim/filetime': filetime,
  '@mqsim/name-cache': nameCache,
  '@mqsim/transport': transport,
  '@mqsim/queue-manager': queueManager,
};
const scope = { ...filetime, ...queueManager };
describeDocumentationExamples(new URL('./', import.meta.url), modules, scope);
