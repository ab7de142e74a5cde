import { defineMqsimConfig } from '../../tsup.shared.js';

export default defineMqsimConfig(
  { index: 'src/index.ts', cli: 'src/cli.ts', 'sweep-worker': 'src/sweep/sweep-worker.ts' },
  // Splitting: commands load the scenario loader and the simulation with import() when they
  // run, so `mqsim filetime` starts without them (see the CLI cold-start bench case).
  { dts: { entry: { index: 'src/index.ts' } }, splitting: true },
);
