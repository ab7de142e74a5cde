// Source files whose TSDoc examples are not yet strict TypeScript, listed when the examples
// started to be type-checked. They are not type-checked (`pnpm typecheck` prints how many errors
// each still has); `run: false` ones are not run either. A listed file whose examples all
// type-check fails `pnpm typecheck` until its entry is removed, so the list only shrinks: fix a
// file's examples (types, `?.` on indexed results, a whole example instead of a fragment), then
// delete its line. New files are never listed: mark a single block `nocheck` instead, rarely
// (see `example-blocks.ts`).

/** Why a file's examples are exempt, and whether they are run meanwhile. */
export interface PendingExamples {
  readonly why: string;
  /** `false` when the examples are fragments that cannot run either. */
  readonly run?: false;
}

/** Repository-relative source path → why its TSDoc examples are not type-checked yet. */
export const PENDING_EXAMPLES: Readonly<Record<string, PendingExamples>> = {};

/** The pending entry of a source file, by its path relative to the repository root. */
export function pendingExamples(repositoryPath: string): PendingExamples | undefined {
  return PENDING_EXAMPLES[repositoryPath.replace(/\\/g, '/')];
}
