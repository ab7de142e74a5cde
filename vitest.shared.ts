import { defineProject } from 'vitest/config';

/**
 * The per-package vitest project: node environment, sources resolved through `@mqsim/source`.
 * `testTimeout` is for projects whose tests run whole simulations: a time-out there guards
 * against hangs, not speed (timing goals live in `pnpm bench`), so it must hold on a loaded CI box.
 */
export function defineMqsimProject(name: string, options: { readonly testTimeout?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['@mqsim/source'] },
    ssr: { resolve: { conditions: ['@mqsim/source'] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts'],
      typecheck: { enabled: false },
      ...(options.testTimeout === undefined ? {} : { testTimeout: options.testTimeout }),
    },
  });
}
