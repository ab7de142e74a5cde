import { TICKS, type TraceEvent } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { readQueueManagerSettings } from './index.js';
import { createRegistryStore, createWorld } from './test-world.js';

const dword = (data: number) => ({ type: 'REG_DWORD', data });
const text = (data: string) => ({ type: 'REG_SZ', data });

describe('readQueueManagerSettings', () => {
  it('reads nothing from a key without the values', () => {
    expect(readQueueManagerSettings(createRegistryStore())).toEqual({ settings: {}, findings: [] });
  });

  it('reads every value it knows, converted to the settings units', () => {
    const store = createRegistryStore({
      WaitTime: dword(30),
      IgnoreOSNameValidation: dword(1),
      BindInterfaceIP: text('2001:DB8::0005'),
      MachineQuota: dword(2048),
      CleanupInterval: dword(120_000),
      AckTimeout: dword(45_000),
    });
    expect(readQueueManagerSettings(store)).toEqual({
      settings: {
        waitTimeSeconds: 30,
        ignoreOsNameValidation: true,
        bindInterfaceIp: '2001:db8::5',
        machineQuotaBytes: 2048 * 1024,
        cleanupIntervalSeconds: 120,
        ackTimeoutSeconds: 45,
      },
      findings: [],
    });
  });

  it('leaves out a value of the wrong type or out of range, with a finding for each', () => {
    const store = createRegistryStore({
      WaitTime: text('30'),
      IgnoreOSNameValidation: dword(2),
      BindInterfaceIP: text('app01'),
      MachineQuota: dword(0),
      CleanupInterval: { type: 'REG_QWORD', data: 120_000n },
      AckTimeout: dword(0),
    });
    expect(readQueueManagerSettings(store)).toEqual({
      settings: {},
      findings: [
        {
          value: 'WaitTime',
          severity: 'warning',
          message:
            "WaitTime is REG_SZ, but MSMQ reads a REG_DWORD (seconds); it is ignored and the machine's default is used. Re-create it as REG_DWORD.",
        },
        {
          value: 'IgnoreOSNameValidation',
          severity: 'warning',
          message: 'IgnoreOSNameValidation is 2; it must be 0 or 1 and is ignored.',
        },
        {
          value: 'BindInterfaceIP',
          severity: 'warning',
          message:
            'BindInterfaceIP is "app01", which is not an IP address; it is ignored and the service listens on every address.',
        },
        {
          value: 'MachineQuota',
          severity: 'warning',
          message:
            'MachineQuota is 0 KB, which would refuse every message; it is ignored (what MSMQ does with 0 is not documented).',
        },
        {
          value: 'CleanupInterval',
          severity: 'warning',
          message:
            "CleanupInterval is REG_QWORD, but MSMQ reads a REG_DWORD (milliseconds); it is ignored and the machine's default is used. Re-create it as REG_DWORD.",
        },
        {
          value: 'AckTimeout',
          severity: 'warning',
          message:
            'AckTimeout is 0 ms, which would close every session before its first acknowledgement; it is ignored.',
        },
      ],
    });
  });

  it('uses, and mentions, values that look written in the wrong unit', () => {
    const store = createRegistryStore({
      WaitTime: dword(30_000),
      CleanupInterval: dword(120),
      AckTimeout: dword(5_000),
      BindInterfaceIP: text(''),
    });
    const reading = readQueueManagerSettings(store);
    expect(reading.settings).toEqual({
      waitTimeSeconds: 30_000,
      cleanupIntervalSeconds: 0.12,
      ackTimeoutSeconds: 5,
    });
    expect(reading.findings.map((finding) => [finding.value, finding.severity])).toEqual([
      ['WaitTime', 'info'],
      ['BindInterfaceIP', 'info'],
      ['CleanupInterval', 'info'],
      ['AckTimeout', 'info'],
    ]);
    expect(reading.findings[0]?.message).toBe(
      'WaitTime is 30000 s (8h20m) between retries. MSMQ reads seconds; if 30000 was meant as milliseconds, write 30.',
    );
    expect(
      readQueueManagerSettings(createRegistryStore({ WaitTime: dword(0xffff_ffff) })),
    ).toMatchObject({ settings: {}, findings: [{ value: 'WaitTime', severity: 'warning' }] });
  });
});

/** A sender whose receiver is down: every attempt is refused, so the retries follow the settings. */
function refusedSender(settings = {}) {
  const world = createWorld();
  const registry = createRegistryStore();
  world.machine('APP01', '10.0.0.20'); // the receiver's host, its MSMQ service never started
  const sender = world.machine('APP02', '10.0.0.10', settings, 'internet', registry);
  sender.qm.start();
  sender.qm.send('DIRECT=TCP:10.0.0.20\\private$\\orders');
  /** Seconds from each failure to the next connection attempt, in order, since `from`. */
  const gaps = (from = 0) => {
    const events = world.trace.events.filter((event) => event.host === 'APP02' && event.t >= from);
    const result: number[] = [];
    let failedAt: number | undefined;
    for (const event of events) {
      if (event.type === 'qm.session.failed') failedAt = event.t;
      if (event.type === 'qm.session.connecting' && failedAt !== undefined) {
        result.push((event.t - failedAt) / TICKS.perSecond);
        failedAt = undefined;
      }
    }
    return result;
  };
  const settingsRead = () =>
    world.trace.events.filter(
      (event): event is TraceEvent & Record<string, unknown> => event.type === 'qm.settings.read',
    );
  return { world, registry, sender, gaps, settingsRead };
}

describe('QueueManager registry settings', () => {
  it('retries every WaitTime seconds after `reg add … /v WaitTime` and a restart', () => {
    const { world, registry, sender, gaps, settingsRead } = refusedSender();
    world.advance(400);
    expect(gaps()).toEqual([60, 90, 120]);
    registry.setValue('WaitTime', dword(10));
    sender.qm.restart();
    const restartedAt = world.clock.ticks();
    world.advance(35);
    expect(gaps(restartedAt)).toEqual([10, 10, 10]);
    expect(sender.qm.settings).toMatchObject({ waitTimeSeconds: 10, waitTime: 10 });
    expect(settingsRead()).toMatchObject([
      { host: 'APP02', values: ['WaitTime'], findings: [], settings: { waitTimeSeconds: 10 } },
    ]);
  });

  it('ignores a WaitTime changed while the service runs, until the next start', () => {
    const { world, registry, sender, gaps } = refusedSender();
    world.advance(1);
    registry.setValue('WaitTime', dword(10));
    world.advance(400);
    expect(gaps()).toEqual([60, 90, 120]);
    expect(sender.qm.settings.waitTimeSeconds).toBeUndefined();
    sender.qm.stop();
    sender.qm.start();
    expect(sender.qm.settings.waitTimeSeconds).toBe(10);
  });

  it('reports a WaitTime of the wrong type and keeps the retry schedule', () => {
    const { world, registry, sender, gaps, settingsRead } = refusedSender();
    registry.setValue('WaitTime', text('10'));
    sender.qm.restart();
    world.advance(400);
    expect(gaps()).toEqual([60, 90, 120]);
    expect(settingsRead()).toMatchObject([
      {
        values: [],
        findings: [{ value: 'WaitTime', severity: 'warning' }],
        settings: { retryScheduleSeconds: [60, 90, 120, 150, 180, 210, 240, 270, 300] },
      },
    ]);
    expect(settingsRead()[0]?.settings).not.toHaveProperty('waitTimeSeconds');
  });

  it('prefers a registry value over the constructor setting, and that over the default', () => {
    const { world, registry, sender, gaps } = refusedSender({
      waitTimeSeconds: 20,
      cleanupIntervalSeconds: 100,
    });
    world.advance(50);
    expect(gaps()).toEqual([20, 20]);
    registry.setValue('WaitTime', dword(5));
    sender.qm.restart();
    expect(sender.qm.settings).toMatchObject({
      waitTimeSeconds: 5,
      cleanupIntervalSeconds: 100,
      ackTimeoutSeconds: 30,
    });
    registry.deleteValue('WaitTime');
    sender.qm.restart();
    expect(sender.qm.settings.waitTimeSeconds).toBe(20);
  });

  it('accepts sessions for other names after IgnoreOSNameValidation = 1 and a restart', () => {
    const world = createWorld();
    const registry = createRegistryStore();
    const receiver = world.machine('APP01', '10.0.0.20', {}, 'internet', registry);
    const sender = world.machine('APP02', '10.0.0.10', { waitTimeSeconds: 5 });
    receiver.qm.createQueue('private$\\billing', { transactional: true });
    receiver.qm.start();
    sender.qm.start();
    world.dns.setRecords('cluster.corp.example', 'A', ['10.0.0.20']);
    // Transactional: turned down by the name check, it stays at the sender and is resent.
    sender.qm.send('DIRECT=OS:cluster.corp.example\\private$\\billing', {
      delivery: 'transactional',
    });
    world.advance(10);
    registry.setValue('IgnoreOSNameValidation', dword(1));
    world.advance(40);
    expect(receiver.qm.accounting().queued).toBe(0);
    receiver.qm.restart();
    world.advance(60);
    expect(receiver.qm.accounting().queued).toBe(1);
  });

  it('listens on BindInterfaceIP only after a restart', () => {
    const world = createWorld();
    const registry = createRegistryStore();
    const { qm } = world.machine('APP03', '10.0.0.3', {}, 'internet', registry);
    world.network.addAddress('APP03', 'eth0', '10.0.0.4');
    qm.start();
    registry.setValue('BindInterfaceIP', text('10.0.0.4'));
    expect(qm.boundAddresses).toEqual(['10.0.0.3', '10.0.0.4']);
    qm.restart();
    expect(qm.boundAddresses).toEqual(['10.0.0.4']);
    expect(world.network.netstat('APP03').filter((row) => row.state === 'LISTENING')).toMatchObject(
      [{ local: '10.0.0.4:1801' }],
    );
  });

  it('reads the DS refresh store when no registry is given', () => {
    const world = createWorld();
    const store = createRegistryStore({ MachineQuota: dword(1) });
    world.network.addHost('APP06', {
      interfaces: [{ name: 'eth0', segment: 'internet', addresses: ['10.0.0.6'] }],
    });
    const { qm: template } = world.machine('APP05', '10.0.0.5');
    const qm = new (template.constructor as typeof import('./queue-manager.js').QueueManager)({
      machine: 'APP06',
      clock: world.clock,
      network: world.network,
      resolver: { lookup: () => undefined },
      directory: { role: 'client', store, query: () => {} },
    });
    qm.start();
    expect(qm.settings.machineQuotaBytes).toBe(1024);
    qm.createQueue('private$\\q');
    expect(() => qm.send('DIRECT=OS:.\\private$\\q', { sizeBytes: 2000 })).toThrow(
      /Insufficient resources to perform operation: APP06 stores 0 bytes of messages and its MachineQuota is 1024/,
    );
  });
});
