import { readFileSync } from 'node:fs';
import * as filetime from '@mqsim/filetime';
import * as nameCache from '@mqsim/name-cache';
import * as transport from '@mqsim/transport';
import { describe, expect, it } from 'vitest';
import {
  extractExamples,
  extractSourceExamples,
  runExample,
} from '../../../test-support/doc-examples.js';
import * as queueManager from './index.js';

const modules = {
  '@mqsim/filetime': filetime,
  '@mqsim/name-cache': nameCache,
  '@mqsim/transport': transport,
  '@mqsim/queue-manager': queueManager,
};
const scope = { ...filetime, ...queueManager };
const readme = extractExamples(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));
const tsdoc = extractSourceExamples(new URL('./', import.meta.url));

describe('documentation examples', () => {
  it('has README and TSDoc examples', () => {
    expect([readme.length > 0, tsdoc.length >= 4]).toEqual([true, true]);
  });

  it.each(readme.map((example) => [example.line, example] as const))(
    'README example on line %i holds',
    (_line, example) => runExample(example, modules),
  );

  it.each(tsdoc.map((example) => [`${example.file}:${example.line}`, example] as const))(
    'TSDoc example %s holds',
    (_where, example) => runExample(example, modules, scope),
  );
});
