import { defineProject } from 'vitest/config';

/**
 * The per-package vitest project: node environment, sources resolved through `@mqsim/source`.
 * `testTimeout` (default 30 s) guards against hangs, not speed (timing goals live in
 * `pnpm bench`), so it must hold on a loaded CI box; projects that run whole simulations raise it.
 */
export function defineMqsimProject(name: string, options: { readonly testTimeout?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['@mqsim/source'] },
    ssr: { resolve: { conditions: ['@mqsim/source'] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts'],
      // Test files of one package share a worker's module graph instead of re-importing every
      // sibling's source per file: the import time was half of `pnpm test`. Tests must not leave
      // global state behind (none mocks modules; fake timers are restored in afterEach).
      isolate: false,
      typecheck: { enabled: false },
      // A time-out only guards against hangs: vitest's 5 s default failed property tests that
      // take 2 s on an idle machine and 6.5 s on a loaded CI box.
      testTimeout: options.testTimeout ?? 30_000,
    },
  });
}
