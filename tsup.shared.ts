import { defineConfig, type Options } from 'tsup';

/**
 * The one build configuration every package uses: ESM only, `.d.ts` next to each entry,
 * source maps, no bundling of dependencies. Packages pass only their entry points.
 */
export function defineMqsimConfig(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
