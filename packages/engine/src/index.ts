/**
 * @mqsim/engine — turns a scenario into a world of simulated packages (network, DNS, directory,
 * registries, MSMQ services), runs it on the virtual clock, and judges it: the timeline, each
 * host's outgoing queues and message accounting, the expectations, and a fingerprint of the
 * trace. Deterministic: the same scenario and seed give the same trace.
 *
 * @packageDocumentation
 */
export type { World, WorldHost } from './build-world.js';
export { buildWorld, toLinkSettings } from './build-world.js';
export type {
  DiagnosisContext,
  DiagnosisEvidence,
  DiagnosisLog,
  EvidenceMonitor,
} from './diagnose.js';
export { createDiagnosisLog, createEvidenceMonitor, diagnose } from './diagnose.js';
export type {
  Cause,
  CauseLayer,
  Finding,
  FindingSubject,
  Fix,
  FixAction,
  NotFix,
} from './diagnosis-types.js';
export { CAUSE_LAYERS } from './diagnosis-types.js';
export { SeedRangeError, UnknownHostError, UnsupportedActionError } from './errors.js';
export type { Expectation, ExpectationContext } from './expectations.js';
export { durationText, evaluateExpectations, rangeText } from './expectations.js';
export type { RunTraceEvent } from './notable-events.js';
export { describeEvent } from './notable-events.js';
export type {
  FailedAttempt,
  OutcomeMonitor,
  QueueStateHistory,
  QueueStateTime,
  RunHistory,
  RunOutcome,
} from './outcome.js';
export { createOutcomeMonitor, DELAYED_AFTER_TICKS, HISTORY_LIMITS } from './outcome.js';
export { msmqParametersStore } from './registry-store.js';
export type { RunReport } from './run-report.js';
export { toRunReport } from './run-report.js';
export type {
  DepthSeries,
  HostReport,
  RunOptions,
  RunResult,
  Simulation,
  TimelineEntry,
  Totals,
} from './run-scenario.js';
export {
  collapseRepeats,
  KEPT_TRACE_EVENTS,
  MAX_SEED,
  runScenario,
  runScenarioInChunks,
  startSimulation,
} from './run-scenario.js';
export type { ActionDefinition, ActionName, ActionOf } from './timeline-actions.js';
export { describeAction, performAction, TIMELINE_ACTIONS } from './timeline-actions.js';
export type { EngineTraceEvent, EngineTraceType } from './trace-events.js';
export { ENGINE_TRACE_TYPES } from './trace-events.js';
export type { FingerprintSink } from './trace-fingerprint.js';
export { bigintAsString, createFingerprintSink, teeSinks } from './trace-fingerprint.js';
