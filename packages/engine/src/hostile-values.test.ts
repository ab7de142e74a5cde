import { loadScenario, ScenarioError } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './run-scenario.js';

const BASE = `name: t
start: 2026-11-23T08:00:00Z
duration: 30m
networks: [{ name: lan, jitter: { distribution: pareto, scale: 1ms, shape: 0.2 } }]
dns:
  zones: [{ name: corp.example }]
  records: [{ name: app01.corp.example, type: A, value: 10.0.0.10 }]
hosts:
  - { name: APP01, domain: corp.example, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.10] }], queues: [{ name: 'private$\\orders' }] }
  - { name: APP02, domain: corp.example, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.20] }] }
workload:
  - { from: APP02, to: orders@APP01, kind: recoverable, every: 100ms }
`;

// Whatever the loader accepts must run: values at the edge of what the schema allows.
describe('values the loader accepts run to the end', () => {
  it('a pareto jitter with a tiny shape (delays capped at an hour per packet)', () => {
    for (const seed of [1, 2, 3]) {
      const result = runScenario(loadScenario(BASE, 't.yaml'), { seed });
      expect(result.endedAt).toBe(30 * 600_000_000);
      expect(result.totals.sent).toBe(18_000);
    }
  });

  it('a start far in the future is refused where it is written', () => {
    const text = BASE.replace('start: 2026-11-23T08:00:00Z', 'start: 60056-01-01T00:00:00Z');
    let message = '';
    try {
      loadScenario(text, 't.yaml');
    } catch (error) {
      if (!ScenarioError.isInstance(error)) throw error;
      message = error.message;
    }
    expect(message).toMatch(/^t\.yaml:2:8: start: /);
    const late = BASE.replace('start: 2026-11-23T08:00:00Z', 'start: 9500-01-01T00:00:00Z');
    expect(() => loadScenario(late, 't.yaml')).toThrow(/too far in the future.*before 9000-01-01/);
  });
});
