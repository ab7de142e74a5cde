import { TICKS } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import {
  InsufficientResourcesError,
  QueueError,
  QueueManager,
  QueueManagerStateError,
} from './queue-manager.js';
import { LONG_LIVED_SECONDS, QUEUE_MANAGER_DEFAULTS } from './settings.js';
import { createPair, createRegistryStore, createWorld, SECOND } from './test-world.js';

function pair(settings = {}) {
  const made = createPair(settings);
  return { ...made, check: () => expect(made.problems()).toEqual([]) };
}

describe('QueueManager lifecycle', () => {
  it('listens on port 1801 on each address it has at start, and says so', () => {
    const { world, receiver } = pair();
    expect(receiver.qm.state).toBe('running');
    expect(receiver.qm.boundAddresses).toEqual(['10.0.0.20']);
    expect(world.network.netstat('APP01').filter((row) => row.state === 'LISTENING')).toMatchObject(
      [{ local: '10.0.0.20:1801', process: 'mqsvc.exe' }],
    );
    expect(
      world.trace.events.find(
        (event) => event.type === 'qm.service.started' && event.host === 'APP01',
      ),
    ).toMatchObject({
      addresses: ['10.0.0.20'],
      names: ['app01', 'app01.corp.example'],
    });
  });

  it('binds to BindInterfaceIP only, when it is set', () => {
    const world = createWorld();
    world.network.addHost('MULTI', {
      interfaces: [{ name: 'eth0', segment: 'internet', addresses: ['10.0.0.1', '10.0.0.2'] }],
    });
    const { qm } = world.machine('APP03', '10.0.0.3', { bindInterfaceIp: '10.0.0.3' });
    qm.start();
    expect(qm.boundAddresses).toEqual(['10.0.0.3']);
  });

  it('fails to start, and stays stopped, when BindInterfaceIP names an address the host lost', () => {
    const world = createWorld();
    const { qm } = world.machine('APP03', '10.0.0.3', { bindInterfaceIp: '10.0.0.3' });
    world.network.setAddress('APP03', 'eth0', '10.0.0.33');
    expect(() => qm.start()).toThrow(/the MSMQ service on APP03 cannot start: .*10\.0\.0\.3/);
    expect(qm.state).toBe('stopped');
    expect(world.network.netstat('APP03')).toEqual([]);
  });

  it('refuses to send, receive or stop while stopped, and to start twice', () => {
    const { sender } = pair();
    expect(() => sender.qm.start()).toThrow(QueueManagerStateError);
    sender.qm.stop();
    expect(sender.qm.state).toBe('stopped');
    expect(() => sender.qm.send('orders@APP01')).toThrow(
      /cannot send: the MSMQ service on APP02 is stopped/,
    );
    expect(() => sender.qm.receive('private$\\orders')).toThrow(QueueManagerStateError);
    expect(() => sender.qm.stop()).toThrow(/is not running/);
  });

  it('loses express messages on stop and crash, keeps recoverable and transactional ones', () => {
    const { world, receiver, sender, check } = pair();
    world.network.partition('cut', ['APP02'], ['APP01']);
    sender.qm.send('orders@APP01', { delivery: 'express' });
    sender.qm.send('orders@APP01', { delivery: 'recoverable' });
    sender.qm.send('DIRECT=OS:app01\\private$\\billing', { delivery: 'transactional' });
    world.advance(1);
    sender.qm.crash();
    expect(sender.qm.accounting()).toMatchObject({ sent: 3, lost: 1, outgoing: 2 });
    expect(world.trace.events.filter((event) => event.type === 'qm.message.lost')).toMatchObject([
      { reason: 'crash', where: 'outgoing' },
    ]);
    world.network.heal('cut');
    sender.qm.start();
    world.advance(5);
    expect(receiver.qm.accounting()).toMatchObject({ queued: 2 });
    receiver.qm.send('DIRECT=OS:.\\private$\\orders', { delivery: 'express' });
    receiver.qm.stop();
    receiver.qm.start();
    expect(receiver.qm.accounting()).toMatchObject({ queued: 2, lost: 1 });
    check();
  });
});

describe('QueueManager delivery', () => {
  it('delivers to private queues by queue@machine, DIRECT=OS and DIRECT=TCP, and locally', () => {
    const { world, receiver, sender, check } = pair();
    sender.qm.send('orders@APP01', { label: 'a' });
    sender.qm.send('DIRECT=OS:app01.corp.example\\PRIVATE$\\Orders', { label: 'b' });
    sender.qm.send('DIRECT=TCP:10.0.0.20\\private$\\orders', { label: 'c' });
    receiver.qm.send('DIRECT=OS:.\\private$\\orders', { label: 'd' });
    world.advance(1);
    const labels: string[] = [];
    for (
      let message = receiver.qm.receive('private$\\orders');
      message;
      message = receiver.qm.receive('private$\\orders')
    )
      labels.push(message.label);
    expect(labels.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(sender.qm.outgoingQueues().map((queue) => queue.state)).toEqual([
      'Connected',
      'Connected',
      'Connected',
    ]);
    check();
  });

  it('keeps a journal of received messages when the queue asks for one', () => {
    const { world, receiver, sender, check } = pair();
    receiver.qm.createQueue('private$\\audit', { journal: true });
    sender.qm.send('audit@APP01');
    world.advance(1);
    expect(receiver.qm.peek('private$\\audit')?.from).toBe('APP02');
    receiver.qm.receive('private$\\audit');
    expect(receiver.qm.accounting()).toMatchObject({ journal: 1, received: 1, queued: 0 });
    check();
  });

  // Facts file §9 (Particular's MSMQ troubleshooting guide, "Insufficient resources"): journal
  // queues are among what fills the machine's storage quota.
  it('counts journal copies against MachineQuota: a send past it fails at the API (facts §9: journals fill the quota, "Insufficient resources")', () => {
    const world = createWorld();
    const journaled = world.machine('APP01', '10.0.0.20', { machineQuotaBytes: 2500 }).qm;
    const plain = world.machine('APP02', '10.0.0.10', { machineQuotaBytes: 2500 }).qm;
    const refusals: string[] = [];
    for (const qm of [journaled, plain]) {
      qm.createQueue('private$\\audit', { journal: qm === journaled });
      qm.start();
      for (let index = 0; index < 3; index++) {
        try {
          qm.send('DIRECT=OS:.\\private$\\audit', { sizeBytes: 1024, deadLetter: true });
        } catch (error) {
          if (!(error instanceof InsufficientResourcesError)) throw error;
          refusals.push(
            `${qm.machine} ${error.hresult.toString(16)} ${error.message.split(':')[0]}`,
          );
        }
        qm.receive('private$\\audit');
      }
    }
    // Two journal copies (2048 bytes) leave no room for a third message of 1024 bytes.
    expect(refusals).toEqual(['APP01 c00e0027 Insufficient resources to perform operation']);
    expect(journaled.accounting()).toMatchObject({
      sent: 2,
      received: 2,
      journal: 2,
      refusedAtSend: 1,
    });
    expect(journaled.storedBytes).toBe(2048);
    expect(plain.accounting()).toMatchObject({ received: 3, journal: 0, deadLetter: 0 });
    // Purging the journal is the fix: the next send is stored.
    expect(journaled.purge('private$\\audit', { journal: true })).toBe(2);
    journaled.send('DIRECT=OS:.\\private$\\audit', { sizeBytes: 1024 });
    expect(journaled.accounting()).toMatchObject({ sent: 3, queued: 1 });
  });

  // PROPID_M_JOURNAL (ms711367, aa919512) and "Dead-Letter Queues" (ms706227); facts file
  // summary 9: MQMSG_DEADLETTER sends a failed non-transactional message to the DLQ of the
  // machine that could not deliver it and a transactional one to the source's transactional DLQ;
  // the default, MQMSG_JOURNAL_NONE, keeps no copy.
  it('dead-letters only with MQMSG_DEADLETTER; without it a failed message is discarded and counted (PROPID_M_JOURNAL, facts summary 9)', () => {
    const { world, receiver, sender, check } = pair();
    world.network.partition('cut', ['APP02'], ['APP01']);
    sender.qm.send('orders@APP01', { timeToReachQueueSeconds: 5 });
    sender.qm.send('orders@APP01', { timeToReachQueueSeconds: 5, deadLetter: true });
    sender.qm.send('billing@APP01', {
      delivery: 'transactional',
      timeToReachQueueSeconds: 5,
      deadLetter: true,
    });
    world.advance(10);
    expect(sender.qm.accounting()).toMatchObject({ outgoing: 0, deadLetter: 2, discarded: 1 });
    const [nonTransactional, transactional] = sender.qm.queues().slice(0, 2);
    expect(nonTransactional?.messages.toArray().map((message) => message.id)).toEqual([2]);
    expect(transactional?.messages.toArray().map((message) => message.id)).toEqual([3]);
    expect(world.trace.events.find((event) => event.type === 'qm.message.discarded')).toMatchObject(
      {
        host: 'APP02',
        id: 1,
        from: 'APP02',
        destination: 'orders@APP01',
        class: 'NACK_REACH_QUEUE_TIMEOUT',
        reason: 'no-deadletter',
      },
    );
    world.network.heal('cut');
    sender.qm.send('nosuch@APP01');
    world.advance(400); // the next retry connects; the receiver has no such queue
    expect(receiver.qm.accounting()).toMatchObject({ deadLetter: 0, discarded: 1 });
    check();
  });

  it('dead-letters what the destination cannot take, with the class MSMQ records', () => {
    const { world, receiver, sender, check } = pair();
    receiver.qm.createQueue('private$\\small', { quotaBytes: 1000 });
    const deadLetter = true;
    sender.qm.send('nosuch@APP01', { deadLetter });
    sender.qm.send('billing@APP01', { delivery: 'recoverable', deadLetter });
    sender.qm.send('orders@APP01', { delivery: 'transactional', deadLetter });
    sender.qm.send('small@APP01', { sizeBytes: 800, deadLetter });
    sender.qm.send('small@APP01', { sizeBytes: 800, deadLetter });
    world.advance(1);
    const classes = receiver.qm.places().deadLetter.map((message) => message.deadLetterClass);
    expect(classes).toEqual([
      'NACK_BAD_DST_Q',
      'NACK_NOT_TRANSACTIONAL_MSG',
      'NACK_Q_EXCEED_QUOTA',
    ]);
    expect(receiver.qm.accounting()).toMatchObject({ deadLetter: 3, queued: 1 });
    // A transactional negative goes to the source's transactional DLQ, by the order
    // acknowledgement ("Dead-Letter Queues", ms706227; facts §4).
    expect(
      sender.qm
        .places()
        .deadLetter.map((message) => `${message.delivery} ${message.deadLetterClass}`),
    ).toEqual(['transactional NACK_NOT_TRANSACTIONAL_Q']);
    expect(
      sender.qm.queues().find((queue) => queue.path === 'SYSTEM$;DEADXACT')?.messages.length,
    ).toBe(1);
    check();
  });

  it('expires messages that cannot reach the queue in time into the sender dead-letter queue', () => {
    const { world, receiver, sender, check } = pair();
    world.network.partition('cut', ['APP02'], ['APP01']);
    sender.qm.send('orders@APP01', { timeToReachQueueSeconds: 30, deadLetter: true });
    sender.qm.send('billing@APP01', {
      delivery: 'transactional',
      timeToBeReceivedSeconds: 20,
      deadLetter: true,
    });
    sender.qm.send('orders@APP01');
    world.advance(40);
    expect(
      sender.qm
        .places()
        .deadLetter.map((message) => `${message.delivery} ${message.deadLetterClass}`),
    ).toEqual([
      'recoverable NACK_REACH_QUEUE_TIMEOUT',
      'transactional NACK_RECEIVE_TIMEOUT_AT_SENDER',
    ]);
    world.network.heal('cut');
    world.advance(120);
    expect(receiver.qm.accounting().queued).toBe(1);
    receiver.qm.createQueue('private$\\late');
    sender.qm.send('late@APP01', { timeToBeReceivedSeconds: 5, deadLetter: true });
    world.advance(10);
    expect(receiver.qm.receive('private$\\late')).toBeUndefined();
    expect(receiver.qm.places().deadLetter.map((message) => message.deadLetterClass)).toEqual([
      'NACK_RECEIVE_TIMEOUT',
    ]);
    check();
  });

  // Facts file §8 and summary 8: an unset PROPID_M_TIME_TO_REACH_QUEUE is the enterprise's
  // LONG_LIVED, 4 days on MSMQ 3.0 and later, 90 days in older enterprises.
  it('gives a message sent without a TTRQ the LONG_LIVED default: 4 days, 90 days legacy (facts §8)', () => {
    const world = createWorld();
    const receiver = world.machine('APP01', '10.0.0.20');
    const modern = world.machine('APP02', '10.0.0.10').qm;
    const legacy = world.machine('APP03', '10.0.0.30', {
      defaultTimeToReachQueueSeconds: LONG_LIVED_SECONDS.legacy,
    }).qm;
    const unlimited = world.machine('APP04', '10.0.0.40', {
      defaultTimeToReachQueueSeconds: Number.POSITIVE_INFINITY,
    }).qm;
    receiver.qm.createQueue('private$\\orders');
    for (const qm of [receiver.qm, modern, legacy, unlimited]) qm.start();
    world.network.partition('cut', ['APP02', 'APP03', 'APP04'], ['APP01']);
    const sentAt = world.clock.ticks();
    const [four, ninety, never] = [modern, legacy, unlimited].map((qm) => qm.send('orders@APP01'));
    expect(QUEUE_MANAGER_DEFAULTS.defaultTimeToReachQueueSeconds).toBe(4 * 86_400);
    expect(four?.reachBy).toBe(sentAt + 4 * 86_400 * SECOND);
    expect(ninety?.reachBy).toBe(sentAt + 90 * 86_400 * SECOND);
    expect(never?.reachBy).toBe(Number.POSITIVE_INFINITY);
    world.advance(4 * 86_400 - 2);
    expect(modern.accounting()).toMatchObject({ outgoing: 1 });
    world.advance(4);
    expect(modern.accounting()).toMatchObject({ outgoing: 0 });
    expect(
      world.trace.events
        .filter((event) => event.host === 'APP02' && event.type === 'qm.message.discarded')
        .map((event) => event.class),
    ).toEqual(['NACK_REACH_QUEUE_TIMEOUT']);
    expect(legacy.accounting()).toMatchObject({ outgoing: 1 });
  });

  // Issue 14 divergence 4; facts file summary 3 ("these stop only when TTRQ/TTBR expires") and
  // §8 (NACK_REACH_QUEUE_TIMEOUT for a message stuck in an outgoing queue): the time limit covers
  // every copy, a resent one too.
  it('expires a copy awaiting resend at its TTRQ: TTRQ covers every copy (facts summary 3, §8)', () => {
    const { world, receiver, sender, check } = pair({ waitTimeSeconds: 5 });
    sender.qm.send('orders@APP01');
    world.advance(1); // the session is up
    world.network.partition('cut', ['APP02'], ['APP01']);
    // A whole window is sent into the cut: none acknowledged, none delivered.
    for (let index = 0; index < 64; index++)
      sender.qm.send('orders@APP01', { timeToReachQueueSeconds: 60, deadLetter: true });
    world.advance(45); // the ack timeout breaks the session: the window waits to be resent
    expect(sender.qm.accounting()).toMatchObject({ outgoing: 64, deadLetter: 0 });
    world.advance(20); // their TTRQ passes while they wait
    expect(sender.qm.accounting()).toMatchObject({ outgoing: 0, inFlight: 0, deadLetter: 64 });
    expect(
      new Set(sender.qm.places().deadLetter.map((message) => message.deadLetterClass)),
    ).toEqual(new Set(['NACK_REACH_QUEUE_TIMEOUT']));
    expect(receiver.qm.accounting().queued).toBe(1);
    check();
  });

  it('a copy that reached the receiver before the session broke, then expired at the sender, is in both places (MSMQ cannot tell)', () => {
    const { world, receiver, sender, check } = pair({ waitTimeSeconds: 5 });
    sender.qm.send('orders@APP01');
    world.advance(1); // the session is up
    const late = sender.qm.send('orders@APP01', { timeToReachQueueSeconds: 5, deadLetter: true });
    world.clock.runUntil(world.clock.ticks() + 8_000); // 0.8 ms: delivered, not yet acknowledged
    expect(receiver.qm.accounting().queued).toBe(2);
    world.network.partition('cut', ['APP02'], ['APP01']);
    world.advance(60); // the session breaks, the copy waits to be resent, its TTRQ passes
    expect(sender.qm.accounting()).toMatchObject({ outgoing: 0, deadLetter: 1 });
    expect(sender.qm.places().tracked?.expiredInFlight).toEqual(new Set([late.uid]));
    world.network.heal('cut');
    world.advance(60);
    expect(receiver.qm.accounting()).toMatchObject({ queued: 2, duplicatesDropped: 0 });
    check();
  });

  // [MS-MQDMPR] 3.1.1.3 OutgoingQueue.NextHops ("the possible addresses") and ms704940 (while
  // the queue is being connected NextHops is a list); facts file §1.
  it('tries every next hop: a multi-homed receiver whose first address is dead is reached on the second (MS-MQDMPR NextHops)', () => {
    for (const failover of ['immediate', 'next-retry'] as const) {
      const world = createWorld();
      const receiver = world.machine('APP01', '10.0.0.20');
      const sender = world.machine('APP02', '10.0.0.10', { nextHopFailover: failover });
      // 10.0.0.99 is an address of APP01 that no longer answers (no host has it).
      world.dns.setRecords('APP01.corp.example', 'A', ['10.0.0.99', '10.0.0.20']);
      receiver.qm.createQueue('private$\\orders');
      receiver.qm.start();
      sender.qm.start();
      sender.qm.send('orders@APP01');
      world.advance(1);
      expect(sender.qm.outgoingQueues()[0]).toMatchObject({
        state: 'Waiting',
        nextHop: '10.0.0.99',
        nextHops: ['10.0.0.99', '10.0.0.20'],
      });
      world.advance(failover === 'immediate' ? 60 : 150);
      expect(receiver.qm.accounting().queued).toBe(1);
      expect(sender.qm.outgoingQueues()[0]).toMatchObject({
        state: 'Connected',
        nextHop: '10.0.0.20',
        nextHops: ['10.0.0.20'],
      });
      const dialled = world.trace.events
        .filter((event) => event.type === 'qm.session.connecting' && event.host === 'APP02')
        .map((event) => event.address);
      expect(dialled).toEqual(['10.0.0.99', '10.0.0.20']);
    }
  });

  it('retries on the WaitTime schedule: 60 s, then 30 s more each time up to 300 s', () => {
    const { world, sender } = pair();
    world.network.partition('cut', ['APP02'], ['APP01']);
    sender.qm.send('orders@APP01');
    world.advance(1200);
    const failures = world.trace.events
      .filter((event) => event.type === 'qm.session.failed')
      .map((event) => event.retryInSeconds);
    expect(failures.slice(0, 5)).toEqual([60, 90, 120, 150, 180]);
  });

  it('uses WaitTime as a fixed interval when set', () => {
    const { world, sender } = pair({ waitTimeSeconds: 10 });
    world.network.partition('cut', ['APP02'], ['APP01']);
    sender.qm.send('orders@APP01');
    world.advance(300);
    const failures = world.trace.events.filter(
      (event) => event.type === 'qm.session.failed' && event.host === 'APP02',
    );
    expect(new Set(failures.map((event) => event.retryInSeconds))).toEqual(new Set([10]));
  });

  it('closes an idle session after CleanupInterval: the outgoing queue goes Inactive', () => {
    const { world, sender } = pair({ cleanupIntervalSeconds: 120 });
    sender.qm.send('orders@APP01');
    world.advance(60);
    expect(sender.qm.outgoingQueues()[0]?.state).toBe('Connected');
    world.advance(120);
    expect(sender.qm.outgoingQueues()[0]?.state).toBe('Inactive');
    sender.qm.send('orders@APP01');
    world.advance(1);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ state: 'Connected', messageCount: 0 });
  });

  // Facts file §1 (Breakwell, "How do I create an MSMQ outgoing queue?"): CleanupInterval is
  // 5 min on clients and 2 min on servers.
  it('defaults CleanupInterval by role: 2 min on a server, 5 min on a client (facts §1, Breakwell)', () => {
    const world = createWorld();
    const store = createRegistryStore();
    const role = (
      name: string,
      address: string,
      which?: 'client' | 'server' | 'routing-server',
    ) => {
      world.network.addHost(name, {
        interfaces: [{ name: 'eth0', segment: 'internet', addresses: [address] }],
      });
      return new QueueManager({
        machine: name,
        clock: world.clock,
        network: world.network,
        resolver: { lookup: () => undefined },
        ...(which === undefined ? {} : { directory: { role: which, store, query: () => {} } }),
      });
    };
    expect(role('SRV01', '10.0.1.1', 'server').settings.cleanupIntervalSeconds).toBe(120);
    expect(role('SRV02', '10.0.1.2', 'routing-server').settings.cleanupIntervalSeconds).toBe(120);
    expect(role('CLI01', '10.0.1.3', 'client').settings.cleanupIntervalSeconds).toBe(300);
    expect(role('NONE1', '10.0.1.4').settings.cleanupIntervalSeconds).toBe(300);
    // A machine setting and a registry value still win over the role's default.
    store.setValue('CleanupInterval', { type: 'REG_DWORD', data: 60_000 });
    const server = role('SRV03', '10.0.1.5', 'server');
    server.start();
    expect(server.settings.cleanupIntervalSeconds).toBe(60);
  });

  it('holds and resumes an outgoing queue', () => {
    const { world, receiver, sender } = pair();
    sender.qm.send('orders@APP01');
    world.advance(1);
    sender.qm.hold('orders@APP01');
    sender.qm.send('orders@APP01');
    world.advance(10);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ state: 'OnHold', messageCount: 1 });
    sender.qm.resume('ORDERS@app01');
    world.advance(1);
    expect(receiver.qm.accounting().queued).toBe(2);
    expect(() => sender.qm.hold('other@APP09')).toThrow(QueueError);
  });
});

describe('QueueManager settings names', () => {
  it('accepts the deprecated names without a unit; the unit-suffixed name wins when both are given', () => {
    const world = createWorld();
    const old = world.machine('APP01', '10.0.0.20', {
      waitTime: 10,
      retrySchedule: [5],
      cleanupInterval: 60,
      ackTimeout: 20,
      ackDelayMs: 2,
      machineQuota: 4096,
      expirySweepInterval: 2,
    }).qm;
    expect(old.settings).toMatchObject({
      waitTimeSeconds: 10,
      retryScheduleSeconds: [5],
      cleanupIntervalSeconds: 60,
      ackTimeoutSeconds: 20,
      ackDelayMilliseconds: 2,
      machineQuotaBytes: 4096,
      expirySweepIntervalSeconds: 2,
      waitTime: 10,
      cleanupInterval: 60,
      machineQuota: 4096,
    });
    const both = world.machine('APP02', '10.0.0.10', { waitTime: 10, waitTimeSeconds: 20 }).qm;
    expect([both.settings.waitTimeSeconds, both.settings.waitTime]).toEqual([20, 20]);
    expect(QUEUE_MANAGER_DEFAULTS).toMatchObject({
      cleanupIntervalSeconds: 300,
      cleanupInterval: 300,
      machineQuotaBytes: 1024 ** 3,
      machineQuota: 1024 ** 3,
    });

    old.createQueue('private$\\small', { quota: 100, quotaBytes: 200 });
    expect(old.queues().at(-1)?.quota).toBe(200);
    old.start();
    const message = old.send('small@APP01', {
      size: 10,
      timeToReachQueue: 30,
      timeToReachQueueSeconds: 5,
      timeToBeReceived: 60,
    });
    expect([
      message.size,
      (message.reachBy - message.sentAt) / TICKS.perSecond,
      (message.receiveBy - message.sentAt) / TICKS.perSecond,
    ]).toEqual([10, 5, 60]);
  });
});

describe('QueueManager identity check', () => {
  it('rejects a DIRECT=TCP session to an address it did not learn at start', () => {
    const { world, receiver, sender, check } = pair();
    world.network.addAddress('APP01', 'eth0', '10.0.0.21');
    // A listener on every address would accept the connection; MSMQ's check still refuses it.
    world.network.listen('APP01', { address: '10.0.0.21', port: 1801, process: 'relay.exe' });
    sender.qm.send('DIRECT=TCP:10.0.0.21\\private$\\orders');
    world.advance(30);
    expect(receiver.qm.accounting().queued).toBe(0);
    expect(sender.qm.outgoingQueues()[0]).toMatchObject({ state: 'Waiting', messageCount: 1 });
    check();
  });

  // The per-message DIRECT=OS name check (KB 306785) is in identity-check.test.ts.
});

describe('QueueManager transactional delivery', () => {
  it('delivers exactly once and in order across broken sessions and a receiver crash', () => {
    const { world, receiver, sender, check } = pair({ waitTimeSeconds: 5 });
    world.network.setLink('internet', { loss: 0.05, latency: 2 * TICKS.perMillisecond });
    for (let index = 1; index <= 300; index++) {
      sender.qm.send('billing@APP01', { delivery: 'transactional', body: index });
      if (index % 50 === 0) world.advance(0.002);
      if (index === 100) world.network.partition('cut', ['APP02'], ['APP01']);
      if (index === 150) world.network.heal('cut');
      if (index === 200) receiver.qm.crash();
      if (index === 220) receiver.qm.start();
    }
    world.advance(600);
    const bodies: unknown[] = [];
    for (
      let message = receiver.qm.receive('private$\\billing');
      message;
      message = receiver.qm.receive('private$\\billing')
    )
      bodies.push(message.body);
    expect(bodies).toEqual(Array.from({ length: 300 }, (_, index) => index + 1));
    check();
  });
});

describe('QueueManager directory service', () => {
  it('runs the DS refresh schedule while the service runs', () => {
    const world = createWorld();
    const values = new Map<string, { type: 'REG_QWORD'; data: bigint }>();
    const queries: string[] = [];
    const { qm } = world.machine('APP05', '10.0.0.5');
    const hosted = new (qm.constructor as typeof import('./queue-manager.js').QueueManager)({
      machine: 'APP06',
      clock: world.clock,
      network: world.network,
      resolver: qm.nameCache ?? { lookup: () => undefined },
      directory: {
        role: 'client',
        store: { get: (name) => values.get(name), set: (name, value) => values.set(name, value) },
        query: (list, done) => {
          queries.push(list);
          world.clock.schedule(SECOND, () => done({ ok: true }));
        },
      },
    });
    world.network.addHost('APP06', {
      interfaces: [{ name: 'eth0', segment: 'internet', addresses: ['10.0.0.6'] }],
    });
    hosted.start();
    world.advance(5);
    expect(queries).toEqual(['site', 'enterprise']);
    expect([...values.keys()].sort()).toEqual([
      'DSNextEnterpriseListRefreshTime',
      'DSNextSiteListRefreshTime',
    ]);
    expect(hosted.dsRefresh?.schedule('site').phase).toBe('scheduled');
    hosted.stop();
    expect(hosted.dsRefresh).toBeUndefined();
  });
});
