import * as dns from 'node:dns';
import * as http from 'node:http';
import * as filetime from '@mqsim/filetime';
import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as nameCache from './index.js';
import * as nameCacheNode from './node.js';

const modules = {
  '@mqsim/filetime': filetime,
  '@mqsim/name-cache': nameCache,
  '@mqsim/name-cache/node': nameCacheNode,
  'node:dns': dns,
  'node:http': http,
};
const scope = { ...filetime, ...nameCache };
describeDocumentationExamples(new URL('./', import.meta.url), modules, scope);
