/**
 * @mqsim/scenario — the mqsim scenario format: a YAML (or JSON) file describing machines,
 * networks, DNS, queues, a workload, a timeline of admin actions and expectations. This package
 * reads such files with exact positions, checks them against the published JSON Schema,
 * normalises them into a {@link Scenario} the engine runs, and applies `--set` overrides.
 *
 * @packageDocumentation
 */

export type { OverrideEdit } from './apply-override.js';
export { applyOverride } from './apply-override.js';
export type { BuiltInScenario } from './built-in.js';
export { builtInScenarios, resolveScenario } from './built-in.js';
export { didYouMean, didYouMeanHint } from './did-you-mean.js';
export { loadScenario, loadScenarioFile } from './load-scenario.js';
export { ACTION_NAMES } from './scenario-actions.js';
export type { ScenarioProblem } from './scenario-error.js';
export {
  formatProblem,
  MAX_REPORTED_PROBLEMS,
  quote,
  ScenarioError,
  ScenarioNotFoundError,
  ScenarioOverrideError,
} from './scenario-error.js';
export { SCENARIO_JSON_SCHEMA, scenarioJsonSchemaText } from './scenario-json-schema.js';
export { SCENARIO_LIMITS } from './scenario-limits.js';
export { TRACE_TYPE_PATTERN } from './scenario-patterns.js';
export type { Position, ScenarioPath, ScenarioSource } from './scenario-source.js';
export { displayPath, parseScenarioSource } from './scenario-source.js';
export type {
  CountRange,
  MessageKind,
  OutgoingQueueState,
  PartitionMember,
  Scenario,
  ScenarioAction,
  ScenarioConsumer,
  ScenarioDestination,
  ScenarioDirectory,
  ScenarioDns,
  ScenarioEstimate,
  ScenarioExpectation,
  ScenarioHost,
  ScenarioInterface,
  ScenarioJitter,
  ScenarioLinkSettings,
  ScenarioMsmqSettings,
  ScenarioNat,
  ScenarioNetwork,
  ScenarioQueue,
  ScenarioRegistryValue,
  ScenarioRole,
  ScenarioRouter,
  ScenarioWorkload,
  ScenarioZone,
  SourceLocation,
} from './scenario-types.js';
export type { Parsed, RegistryValueInput } from './scenario-values.js';
export {
  parseDestination,
  parseRegistryValue,
  parseSize,
  parseTicks,
} from './scenario-values.js';
export type { SetFlag, SetValue } from './set-flag.js';
export {
  checkDistinctPaths,
  combineSetValues,
  parseSetFlag,
  parseSetPath,
  SET_PATH_SYNTAX,
} from './set-flag.js';
export type { SyntheticShape } from './synthetic-scenario.js';
export { ENTERPRISE_SHAPE, syntheticScenario } from './synthetic-scenario.js';
