import { defineMqsimConfig } from '../../tsup.shared.js';

export default defineMqsimConfig({ index: 'src/index.ts', testing: 'src/testing/index.ts' });
