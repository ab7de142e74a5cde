/**
 * @mqsim/engine/testing — the model fuzz: random scenario intents (fast-check arbitraries) that
 * load as real scenario files, and the checks every run must pass — message conservation, order of
 * transactional delivery, no refresh earlier than its schedule.
 *
 * @packageDocumentation
 */
export type { MessageBalance, ModelMonitor } from './model-checks.js';
export { checkMessageBalance, checkModel, createModelMonitor } from './model-checks.js';
export type { FuzzCase, ScenarioIntent } from './scenario-arbitrary.js';
export {
  FUZZ_BOUNDS,
  FUZZ_START,
  fuzzCaseArbitrary,
  scenarioIntentArbitrary,
  toFuzzCase,
  toScenarioDocument,
} from './scenario-arbitrary.js';
