import { describeDocumentationExamples } from '../../../test-support/doc-examples.js';
import * as filetime from './index.js';

describeDocumentationExamples(
  new URL('./', import.meta.url),
  { '@mqsim/filetime': filetime },
  {
    ...filetime,
  },
);
