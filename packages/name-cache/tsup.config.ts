import { defineMqsimConfig } from '../../tsup.shared.js';

// Splitting, so that the main entry's lazy `import('./node-lookup.js')` (the deprecated
// createCachedLookup) stays a separate chunk and dist/index.js imports no `node:dns`.
export default defineMqsimConfig(
  { index: 'src/index.ts', node: 'src/node.ts' },
  { splitting: true },
);
