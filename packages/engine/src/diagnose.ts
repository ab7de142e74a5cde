import type { World } from './build-world.js';
import type { Finding } from './diagnosis-types.js';
import type { RunOutcome } from './outcome.js';

/** What the diagnosis looks at besides the world: the run's outcome and trace counts. */
export interface DiagnosisContext {
  readonly now: number;
  readonly outcome: RunOutcome;
  readonly traceCounts: ReadonlyMap<string, number>;
}

/**
 * Every symptom the world shows now, each with its cause, derived from the model: the layers'
 * values against the truth, not from any scenario's notes.
 */
export function diagnose(_world: World, _context: DiagnosisContext): Finding[] {
  return [];
}
