import { defineConfig } from 'vitest/config';

// One vitest run over every workspace project, so `pnpm test` prints one summary and
// `.ci/run` can count it. Each project resolves siblings to their source via the
// `@mqsim/source` export condition, so no build is needed before testing.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    reporters: ['default', ['json', { outputFile: '.vitest-results/results.json' }]],
  },
});
