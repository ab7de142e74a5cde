import { defineMqsimConfig } from '../../tsup.shared.js';

export default defineMqsimConfig(
  { index: 'src/index.ts', cli: 'src/cli.ts', 'sweep-worker': 'src/sweep/sweep-worker.ts' },
  { dts: { entry: { index: 'src/index.ts' } } },
);
