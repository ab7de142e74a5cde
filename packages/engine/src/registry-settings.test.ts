import { createTraceRecorder, TICKS } from '@mqsim/filetime';
import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './index.js';

// SENDER sends to RECEIVER, whose MSMQ service is stopped: every connection is refused and the
// outgoing queue retries on MSMQ's schedule — or every WaitTime seconds, once MSMQ has read it.
function scenario(lines: { readonly sender?: string; readonly timeline?: string } = {}) {
  return loadScenario(
    [
      'name: wait-time',
      'start: 2026-11-23T08:00:00Z',
      'duration: 10m',
      'networks: [{ name: lan }]',
      'dns: { zones: [{ name: corp.example }], records: [{ name: receiver.corp.example, type: A, value: 10.0.0.2 }] }',
      'hosts:',
      '  - name: SENDER',
      '    domain: corp.example',
      '    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }]',
      ...(lines.sender === undefined ? [] : [`    ${lines.sender}`]),
      '  - name: RECEIVER',
      '    domain: corp.example',
      '    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2] }]',
      "    queues: [{ name: 'private$\\orders' }]",
      '    msmq: { running: false }',
      'workload: [{ from: SENDER, to: orders@RECEIVER, kind: recoverable, every: 1s, count: 1 }]',
      ...(lines.timeline === undefined ? [] : ['timeline:', lines.timeline]),
    ].join('\n'),
    'wait-time.yaml',
  );
}

/** Seconds between the sender's connection attempts, in order. */
function retryGaps(run: ReturnType<typeof scenario>): number[] {
  const trace = createTraceRecorder();
  runScenario(run, { trace });
  const attempts = trace.events
    .filter((event) => event.type === 'qm.session.connecting' && event.host === 'SENDER')
    .map((event) => event.t);
  // Whole seconds: each gap also holds the refused attempt's round trip (about 1 ms).
  return attempts
    .slice(1)
    .map((t, index) => Math.round((t - (attempts[index] as number)) / TICKS.perSecond));
}

describe('MSMQ settings read from the registry at service start', () => {
  it('retries on MSMQ back-off schedule without WaitTime', () => {
    expect(retryGaps(scenario()).slice(0, 4)).toEqual([60, 90, 120, 150]);
  });

  it('retries every WaitTime seconds when the scenario sets msmq.waitTime (sugar for the value)', () => {
    expect(new Set(retryGaps(scenario({ sender: 'msmq: { waitTime: 10s }' })))).toEqual(
      new Set([10]),
    );
  });

  it('ignores a WaitTime written while running until MSMQ restarts, as on Windows', () => {
    const gaps = retryGaps(
      scenario({
        timeline: [
          '  - { at: 2m, do: set-registry-value, host: SENDER, name: WaitTime, type: REG_DWORD, value: 10 }',
          '  - { at: 5m, do: restart-msmq, host: SENDER }',
        ].join('\n'),
      }),
    );
    // 0:00 (first try), 1:00, 2:30, 4:30 on the back-off — the value written at 2:00 changes
    // nothing — then after the restart at 5:00: every 10 s.
    expect(gaps.slice(0, 3)).toEqual([60, 90, 120]);
    expect(new Set(gaps.slice(4))).toEqual(new Set([10]));
  });
});
