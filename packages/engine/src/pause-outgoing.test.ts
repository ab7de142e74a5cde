import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './index.js';

// MSMQOutgoingQueueManagement.Pause / Resume (ms711328, ms705170), the cmdlets
// Suspend-MsmqOutgoingQueue / Resume-MsmqOutgoingQueue: while paused the queue is OnHold and nothing
// is sent; resumed, everything held is delivered.
const scenario = (timeline: string) =>
  loadScenario(
    [
      'name: pause',
      'start: 2026-11-23T08:00:00Z',
      'duration: 30m',
      'networks: [{ name: lan }]',
      'hosts:',
      '  - { name: APP01, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }], queues: [{ name: "private$\\\\orders" }] }',
      '  - { name: APP02, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2] }] }',
      'workload: [{ from: APP02, to: "DIRECT=TCP:10.0.0.1\\\\private$\\\\orders", kind: recoverable, every: 1m }]',
      'timeline:',
      timeline,
      'expect:',
      '  - outgoing: { host: APP02, queue: "DIRECT=TCP:10.0.0.1\\\\private$\\\\orders", state: OnHold }',
    ].join('\n'),
    'pause.yaml',
  );

describe('pause-outgoing and resume-outgoing', () => {
  it('holds the outgoing queue OnHold until resumed, then delivers everything', () => {
    const held = runScenario(
      scenario(
        '  - { at: 5m, do: pause-outgoing, host: APP02, queue: "DIRECT=TCP:10.0.0.1\\\\private$\\\\orders" }',
      ),
    );
    expect(held.expectations.every((expectation) => expectation.ok)).toBe(true);
    expect(held.totals.delivered).toBeLessThan(held.totals.sent);
    expect(held.timeline.map((entry) => entry.text)).toContain(
      "Get-MsmqOutgoingQueue -Name 'DIRECT=TCP:10.0.0.1\\private$\\orders' | Suspend-MsmqOutgoingQueue",
    );
    const resumed = runScenario(
      scenario(
        [
          '  - { at: 5m, do: pause-outgoing, host: APP02, queue: "DIRECT=TCP:10.0.0.1\\\\private$\\\\orders" }',
          '  - { at: 20m, do: resume-outgoing, host: APP02, queue: "DIRECT=TCP:10.0.0.1\\\\private$\\\\orders" }',
        ].join('\n'),
      ),
    );
    expect(resumed.expectations.map((expectation) => expectation.ok)).toEqual([false]);
    expect(resumed.totals.delivered).toBe(resumed.totals.sent);
    expect(
      resumed.trace
        .filter(
          (event) => event.type.startsWith('qm.outgoing.') && event.type !== 'qm.outgoing.state',
        )
        .map((event) => event.type),
    ).toEqual(['qm.outgoing.paused', 'qm.outgoing.resumed']);
  });

  it('fails, and says so on the timeline, for an outgoing queue the host does not have', () => {
    const result = runScenario(
      scenario('  - { at: 5m, do: resume-outgoing, host: APP02, queue: other@APP01 }'),
    );
    expect(result.trace.filter((event) => event.type === 'scenario.action.failed').length).toBe(1);
  });
});
