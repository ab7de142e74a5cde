import { builtInScenarios, loadScenarioFile } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './run-scenario.js';

// The built-ins too large for the per-built-in tests (run-scenario.test.ts): each once, whole.
const estates = builtInScenarios()
  .map((builtIn) => loadScenarioFile(builtIn.path))
  .filter((scenario) => scenario.estimate.messages > 100_000);

describe('estates', () => {
  it('has at least one: the enterprise', () => {
    expect(estates.map((scenario) => scenario.hosts.length)).toContain(1020);
  });

  it.each(estates.map((scenario) => [scenario.name, scenario] as const))(
    'runs %s with every expectation met, and names both causes of the seed incident',
    (_name, scenario) => {
      const result = runScenario(scenario);
      expect(result.expectations.length).toBeGreaterThan(0);
      expect(result.expectations.filter((expectation) => !expectation.ok)).toEqual([]);
      const layers = new Set(result.diagnosis.map((finding) => finding.cause.layer));
      expect(layers).toContain('msmq-name-cache');
      expect(layers).toContain('msmq-listener-binding');
      // Some renumbered receivers were not fixed: their senders are still stuck at the end.
      expect(result.totals.stuck).toBeGreaterThan(0);
    },
    300_000,
  );
});
