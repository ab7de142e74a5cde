import { defineTraceVocabulary, type TraceEvent } from '@mqsim/filetime';

/**
 * The trace events the engine itself emits, beside those of the packages it runs:
 *
 * | type | source | fields |
 * | --- | --- | --- |
 * | `scenario.action` | `scenario` | `do` (the action's name) — a timeline action is carried out |
 * | `scenario.action` | `shell` | `text` (the command line) — an admin's command in `mqsim shell` |
 * | `scenario.action.failed` | `scenario` | `do`, `reason` — the action could not be carried out now |
 * | `app.send.failed` | `app` | `destination`, `reason` (`service-stopped`; `insufficient-resources`: MQ_ERROR_INSUFFICIENT_RESOURCES, the storage quota is full) — the application's send was refused |
 * | `run.interrupted` | `mqsim` | `at` (ISO) — the last line of a trace the run stopped early (Ctrl-C) |
 */
export type EngineTraceEvent =
  | (TraceEvent<'scenario.action'> & { readonly source: 'scenario'; readonly do: string })
  | (TraceEvent<'scenario.action'> & { readonly source: 'shell'; readonly text: string })
  | (TraceEvent<'scenario.action.failed'> & {
      readonly source: 'scenario';
      readonly do: string;
      readonly reason: string;
    })
  | (TraceEvent<'app.send.failed'> & {
      readonly source: 'app';
      readonly destination: string;
      readonly reason: 'service-stopped' | 'insufficient-resources';
    })
  | (TraceEvent<'run.interrupted'> & { readonly source: 'mqsim'; readonly at: string });

/** The `type` of an {@link EngineTraceEvent}. */
export type EngineTraceType = EngineTraceEvent['type'];

// The engine's events come from several sources (scenario, shell, app, mqsim): the guard
// of defineTraceVocabulary is not used, only its checked list.
const VOCABULARY = defineTraceVocabulary<EngineTraceEvent>('scenario', {
  'scenario.action': true,
  'scenario.action.failed': true,
  'app.send.failed': true,
  'run.interrupted': true,
});

/**
 * Every {@link EngineTraceType}.
 *
 * @example
 * ```ts
 * ENGINE_TRACE_TYPES.includes('app.send.failed'); // => true
 * ```
 */
export const ENGINE_TRACE_TYPES: readonly EngineTraceType[] = VOCABULARY.types;
