import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One vitest run over every workspace project, so `pnpm test` prints one summary and
// `.ci/run` can count it. Each project resolves siblings to their source via the
// `@mqsim/source` export condition, so no build is needed before testing.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    // Every core: vitest's default leaves one idle, which on a 2-core machine runs files one at a time.
    maxWorkers: availableParallelism(),
    reporters: ['default', ['json', { outputFile: '.vitest-results/results.json' }]],
  },
});
