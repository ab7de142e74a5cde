import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import type { Finding } from './diagnosis-types.js';
import { runScenario } from './run-scenario.js';

// Each case is a small scenario whose cause is known; the diagnosis must name the layer, the
// host that holds it and a fix, from the model alone (the scenarios have no notes).
function pair(options: {
  readonly hosts?: string;
  readonly app01?: string;
  readonly app02?: string;
  readonly timeline?: string;
  readonly kind?: string;
  readonly to?: string;
  readonly networks?: string;
  readonly directory?: string;
  readonly workload?: string;
}): string {
  return `name: t
start: 2026-11-23T09:00:00Z
duration: 20m
networks: ${options.networks ?? '[{ name: lan }]'}
dns:
  zones: [{ name: corp.example, ttl: 60 }]
  records:
    - { name: app01.corp.example, type: A, value: 10.0.0.10 }
    - { name: app02.corp.example, type: A, value: 10.0.0.20 }
${options.directory ?? ''}hosts:
  - name: APP01
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.10] }]
    queues: [{ name: 'private$\\orders' }, { name: 'private$\\billing', transactional: true }]
${options.app01 ?? ''}  - name: APP02
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.20] }]
${options.app02 ?? ''}${options.hosts ?? ''}workload:
  - { from: APP02, to: ${options.to ?? 'orders@APP01'}, kind: ${options.kind ?? 'recoverable'}, every: 1s${options.workload ?? ''} }
${options.timeline === undefined ? '' : `timeline:\n${options.timeline}`}`;
}

function diagnosis(text: string, minutes = 10): Finding[] {
  return [...runScenario(loadScenario(text, 't.yaml'), { until: minutes * 600_000_000 }).diagnosis];
}

const summary = (finding: Finding | undefined) => ({
  layer: finding?.cause.layer,
  host: finding?.cause.host,
  fixes: finding?.fixes.map((fix) => `${fix.action} ${fix.host}`.trim()),
});

describe('diagnose', () => {
  it('finds nothing when messages flow', () => {
    expect(diagnosis(pair({}))).toEqual([]);
  });

  it('msmq-name-cache: the sender holds the old address; flushdns does not help', () => {
    const findings = diagnosis(
      pair({
        timeline: `  - { at: 1m, do: renumber, host: APP01, interface: eth0, addresses: [10.0.0.11] }
  - { at: 1m, do: dns-set, name: app01.corp.example, type: A, values: [10.0.0.11] }
  - { at: 1m, do: restart-msmq, host: APP01 }
`,
      }),
    );
    expect(summary(findings[0])).toEqual({
      layer: 'msmq-name-cache',
      host: 'APP02',
      fixes: ['restart-msmq APP02'],
    });
    expect(findings[0]?.cause.evidence).toContain('DNS: app01.corp.example = 10.0.0.11');
    expect(findings[0]?.notFixes.map((notFix) => `${notFix.action} ${notFix.host}`)).toEqual([
      'flushdns APP02',
    ]);
    expect(findings).toHaveLength(1);
  });

  it('msmq-listener-binding: the receiver listens on the address it had at start', () => {
    const findings = diagnosis(
      pair({
        timeline: `  - { at: 1m, do: renumber, host: APP01, interface: eth0, addresses: [10.0.0.11] }
  - { at: 1m, do: dns-set, name: app01.corp.example, type: A, values: [10.0.0.11] }
  - { at: 2m, do: restart-msmq, host: APP02 }
`,
      }),
    );
    // Until APP02's restart at 2 min its own cache was the cause; after it, APP01's listener.
    expect(findings.map((finding) => [finding.cause.layer, finding.ongoing])).toEqual([
      ['msmq-name-cache', false],
      ['msmq-listener-binding', true],
    ]);
    expect(summary(findings[1])).toEqual({
      layer: 'msmq-listener-binding',
      host: 'APP01',
      fixes: ['restart-msmq APP01'],
    });
  });

  it('both, as in the seed incident: a restart on each machine', () => {
    const findings = diagnosis(
      pair({
        timeline: `  - { at: 1m, do: renumber, host: APP01, interface: eth0, addresses: [10.0.0.11] }
  - { at: 1m, do: dns-set, name: app01.corp.example, type: A, values: [10.0.0.11] }
`,
      }),
    );
    expect(findings.map(summary)).toEqual([
      { layer: 'msmq-name-cache', host: 'APP02', fixes: ['restart-msmq APP02'] },
      { layer: 'msmq-listener-binding', host: 'APP01', fixes: ['restart-msmq APP01'] },
    ]);
  });

  it('hosts-file: a stale entry on the sender', () => {
    const findings = diagnosis(pair({ app02: '    hostsFile: "10.0.0.99 app01\\n"\n' }));
    expect(summary(findings[0])).toMatchObject({ layer: 'hosts-file', host: 'APP02' });
    expect(findings[0]?.fixes[0]?.action).toBe('edit-hosts');
  });

  it('dns-zone: DNS still has the old address', () => {
    const findings = diagnosis(
      pair({
        timeline: `  - { at: 0s, do: renumber, host: APP01, interface: eth0, addresses: [10.0.0.11] }
  - { at: 0s, do: restart-msmq, host: APP01 }
`,
      }),
    );
    expect(summary(findings[0])).toEqual({ layer: 'dns-zone', host: '', fixes: ['fix-dns'] });
    expect(findings[0]?.fixes[0]?.timeline[0]).toEqual({
      do: 'dns-set',
      name: 'app01.corp.example',
      type: 'A',
      values: ['10.0.0.11'],
    });
  });

  it('dns-negative-cache: the sender cached "no such name" before the record existed', () => {
    const text = pair({
      timeline:
        '  - { at: 2m, do: dns-set, name: app01.corp.example, type: A, values: [10.0.0.10] }\n',
    })
      .replace('    - { name: app01.corp.example, type: A, value: 10.0.0.10 }\n', '')
      .replace(
        'zones: [{ name: corp.example, ttl: 60 }]',
        'zones: [{ name: corp.example, ttl: 60, negativeTtl: 3600 }]',
      );
    const findings = diagnosis(text, 5);
    const ongoing = findings.filter((finding) => finding.ongoing);
    expect(ongoing.map(summary)).toEqual([
      { layer: 'dns-negative-cache', host: 'APP02', fixes: ['flushdns APP02'] },
    ]);
  });

  it('dns-client-cache: MSMQ keeps no cache of its own, the OS cache holds the old address', () => {
    const findings = diagnosis(
      pair({
        app02: '    msmq: { nameCache: never }\n',
        timeline: `  - { at: 1m, do: renumber, host: APP01, interface: eth0, addresses: [10.0.0.11] }
  - { at: 1m, do: dns-set, name: app01.corp.example, type: A, values: [10.0.0.11] }
  - { at: 1m, do: restart-msmq, host: APP01 }
`,
      }).replace('ttl: 60 }]', 'ttl: 3600 }]'),
    );
    expect(summary(findings[0])).toEqual({
      layer: 'dns-client-cache',
      host: 'APP02',
      fixes: ['flushdns APP02'],
    });
  });

  it('service-stopped: nothing listens on the receiver', () => {
    const findings = diagnosis(pair({ timeline: '  - { at: 1m, do: stop-msmq, host: APP01 }\n' }));
    expect(summary(findings[0])).toEqual({
      layer: 'service-stopped',
      host: 'APP01',
      fixes: ['start-msmq APP01'],
    });
  });

  it('firewall: 1801 blocked on the receiver', () => {
    const findings = diagnosis(
      pair({
        timeline:
          '  - { at: 0s, do: firewall, host: APP01, defaultInbound: allow, rules: [{ direction: inbound, action: block, port: 1801 }] }\n',
      }),
    );
    expect(summary(findings[0])).toEqual({
      layer: 'firewall',
      host: 'APP01',
      fixes: ['open-firewall APP01'],
    });
  });

  it('network: a partition', () => {
    const findings = diagnosis(
      pair({ timeline: '  - { at: 1m, do: partition, name: cut, a: [APP01], b: [APP02] }\n' }),
    );
    expect(summary(findings[0])).toEqual({ layer: 'network', host: '', fixes: ['heal-network'] });
  });

  it('identity-check: a name the receiver does not own (KB 306785)', () => {
    const text = pair({
      to: "'DIRECT=OS:nlb.corp.example\\private$\\billing'",
      kind: 'transactional',
    }).replace(
      '    - { name: app02.corp.example',
      '    - { name: nlb.corp.example, type: A, value: 10.0.0.10 }\n    - { name: app02.corp.example',
    );
    const findings = diagnosis(text);
    expect(summary(findings[0])).toEqual({
      layer: 'identity-check',
      host: 'APP01',
      fixes: ['set-registry APP01'],
    });
  });

  it('qmid: two machines share a QMId', () => {
    const clone = `  - name: APP03
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.30] }]
    msmq: { qmId: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' }
`;
    const findings = diagnosis(
      pair({
        kind: 'transactional',
        to: 'billing@APP01',
        app02: "    msmq: { qmId: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' }\n",
        hosts: clone,
      }),
    );
    expect(findings.map((finding) => finding.cause.layer)).toContain('qmid');
    const qmid = findings.find((finding) => finding.cause.layer === 'qmid');
    expect(qmid?.fixes[0]?.action).toBe('reset-qmid');
  });

  it('quota: sends refused for Insufficient resources; purging the biggest holder is the fix', () => {
    const findings = diagnosis(
      pair({
        workload: ', size: 4KB, timeToReachQueue: 20s, deadLetter: true',
        app02: '    msmq: { machineQuota: 64KB }\n',
        timeline: '  - { at: 0s, do: stop-msmq, host: APP01 }\n',
      }),
    );
    const quota = findings.find((finding) => finding.cause.layer === 'quota');
    expect(quota).toMatchObject({ host: 'APP02', subject: { kind: 'send' } });
    expect(quota?.fixes[0]?.action).toBe('purge-queue');
  });

  it('ttrq: messages whose time-to-reach-queue ran out at their sender', () => {
    const findings = diagnosis(
      pair({
        workload: ', timeToReachQueue: 30s',
        timeline: '  - { at: 1m, do: stop-msmq, host: APP01 }\n',
      }),
    );
    const ttrq = findings.find((finding) => finding.cause.layer === 'ttrq');
    expect(ttrq).toMatchObject({
      host: 'APP02',
      subject: { kind: 'messages', name: 'NACK_REACH_QUEUE_TIMEOUT' },
      cause: { host: 'APP02' },
    });
    // And why they could not get there: the receiver's service.
    expect(findings.map((finding) => finding.cause.layer)).toContain('service-stopped');
  });

  it('directory: a DS refresh that keeps failing', () => {
    const findings = diagnosis(
      pair({
        directory: 'directory: { failureTime: 10s }\n',
        app02: '    msmq: { running: false }\n',
        timeline: '  - { at: 0s, do: dc-down }\n  - { at: 1m, do: start-msmq, host: APP02 }\n',
      }),
    );
    expect(findings.map((finding) => finding.cause.layer)).toContain('directory');
  });
});
