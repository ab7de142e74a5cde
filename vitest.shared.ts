import { defineProject } from 'vitest/config';

/** The per-package vitest project: node environment, sources resolved through `@mqsim/source`. */
export function defineMqsimProject(name: string) {
  return defineProject({
    resolve: { conditions: ['@mqsim/source'] },
    ssr: { resolve: { conditions: ['@mqsim/source'] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts'],
      typecheck: { enabled: false },
    },
  });
}
