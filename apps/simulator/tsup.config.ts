import { defineMqsimConfig } from '../../tsup.shared.js';

export default defineMqsimConfig(
  { index: 'src/index.ts', cli: 'src/cli.ts' },
  { dts: { entry: { index: 'src/index.ts' } } },
);
