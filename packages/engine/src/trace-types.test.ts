import { DS_REFRESH_TRACE_TYPES } from '@mqsim/ds-refresh';
import { createTraceRecorder } from '@mqsim/filetime';
import { NAME_CACHE_TRACE_TYPES } from '@mqsim/name-cache';
import { QUEUE_MANAGER_TRACE_TYPES } from '@mqsim/queue-manager';
import {
  builtInScenarios,
  loadScenario,
  loadScenarioFile,
  ScenarioError,
  TRACE_TYPE_PATTERN,
} from '@mqsim/scenario';
import { TRANSPORT_TRACE_TYPES } from '@mqsim/transport';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINE_TRACE_TYPES, runScenario } from './index.js';
import { fuzzCaseArbitrary } from './testing/index.js';

// Every event type any component of a run can emit, from the list each package exports.
const KNOWN_TYPES: readonly string[] = [
  ...DS_REFRESH_TRACE_TYPES,
  ...NAME_CACHE_TRACE_TYPES,
  ...QUEUE_MANAGER_TRACE_TYPES,
  ...TRANSPORT_TRACE_TYPES,
  ...ENGINE_TRACE_TYPES,
];

// The built-ins, and a fixed sample of the model fuzz's random scenarios: every action, role,
// delivery kind and fault among them.
function emittedTypes(): Set<string> {
  const scenarios = [
    // Estates emit nothing the small built-ins do not, in a thousand times the events.
    ...builtInScenarios()
      .map((builtIn) => loadScenarioFile(builtIn.path))
      .filter((scenario) => scenario.estimate.messages <= 100_000)
      .map((scenario) => ({ scenario, seed: 1 })),
    ...fc.sample(fuzzCaseArbitrary(), { numRuns: 30, seed: 13 }).map((fuzzCase) => ({
      scenario: loadScenario(fuzzCase.yaml, 'fuzz.yaml'),
      seed: fuzzCase.seed,
    })),
  ];
  const types = new Set<string>();
  for (const { scenario, seed } of scenarios) {
    const trace = createTraceRecorder();
    runScenario(scenario, { seed, trace });
    for (const event of trace.events) types.add(event.type);
  }
  return types;
}

function withTraceExpectation(type: string): string {
  return [
    'name: t',
    'start: 2026-11-23T08:00:00Z',
    'duration: 1m',
    'networks: [{ name: lan }]',
    'hosts: [{ name: A, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }] }]',
    `expect: [{ trace: { type: ${type}, count: 0 } }]`,
  ].join('\n');
}

describe('trace event types', () => {
  it('every type a package lists matches the scenario schema, so an expectation can name it', () => {
    const pattern = new RegExp(TRACE_TYPE_PATTERN);
    expect(KNOWN_TYPES.filter((type) => !pattern.test(type))).toEqual([]);
    const refused = KNOWN_TYPES.filter((type) => {
      try {
        loadScenario(withTraceExpectation(type), 't.yaml');
        return false;
      } catch (error) {
        if (ScenarioError.isInstance(error)) return true;
        throw error;
      }
    });
    expect(refused).toEqual([]);
  });

  it('every type emitted by the built-ins and a sample of random scenarios is listed', () => {
    const unlisted = [...emittedTypes()].filter((type) => !KNOWN_TYPES.includes(type)).sort();
    expect(unlisted).toEqual([]);
  });

  it('the schema refuses what is not a dotted type', () => {
    const pattern = new RegExp(TRACE_TYPE_PATTERN);
    expect(
      ['tcp', 'TCP.refused', 'tcp..refused', 'tcp.-refused', 'tcp.refused-'].map((type) =>
        pattern.test(type),
      ),
    ).toEqual([false, false, false, false, false]);
  });
});
