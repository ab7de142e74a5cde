// The seed incident, reproduced from mechanisms only: nothing here says "messages get stuck".
import { describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants.js';
import type { QueueManagerSettings } from './settings.js';
import { createWorld } from './test-world.js';

const DESTINATION = 'orders@APP01';

/** APP02 sends to orders@APP01; both have public addresses; then both move behind NAT. */
function incident(seed = 1, senderSettings: QueueManagerSettings = {}) {
  const world = createWorld(seed);
  const { network, dns, clock } = world;
  const receiver = world.machine('APP01', '203.0.113.20', {}, 'lan');
  const sender = world.machine('APP02', '203.0.113.10', senderSettings, 'lan');
  receiver.qm.createQueue('private$\\orders');
  receiver.qm.start();
  sender.qm.start();
  const send = (count: number) => {
    for (let index = 0; index < count; index++)
      sender.qm.send(DESTINATION, { delivery: 'recoverable', sizeBytes: 512 });
  };
  send(10);
  world.advance(10);
  const renumber = () => {
    // The provider moves both servers behind NAT, keeping their external addresses.
    network.setAddress('APP01', 'eth0', '10.0.0.20');
    network.setAddress('APP02', 'eth0', '10.0.0.10');
    network.addNat({
      name: 'edge',
      inside: 'lan',
      outside: 'internet',
      external: ['203.0.113.10', '203.0.113.20'],
      mappings: [
        { external: '203.0.113.20:1801', internal: '10.0.0.20:1801' },
        { external: '203.0.113.10:1801', internal: '10.0.0.10:1801' },
      ],
      hairpin: false,
    });
    dns.setRecords('app01.corp.example', 'A', ['10.0.0.20']);
    dns.setRecords('app02.corp.example', 'A', ['10.0.0.10']);
  };
  const outgoing = () => sender.qm.outgoingQueues()[0];
  return { world, clock, receiver, sender, send, renumber, outgoing };
}

describe('the NAT renumbering incident', () => {
  it('delivers while nothing has changed', () => {
    const { receiver, outgoing } = incident();
    expect(receiver.qm.accounting().queued).toBe(10);
    expect(outgoing()).toMatchObject({
      state: 'Connected',
      nextHop: '203.0.113.20',
      messageCount: 0,
    });
  });

  it('after renumbering, messages pile up Waiting to connect with the old next hop, and /flushdns changes nothing', () => {
    const { world, renumber, send, outgoing, sender, receiver } = incident();
    renumber();
    world.advance(400); // the idle session is closed (CleanupInterval) before new work arrives
    send(100);
    world.advance(600);
    expect(outgoing()).toMatchObject({
      state: 'Waiting',
      nextHop: '203.0.113.20',
      messageCount: 100,
    });
    expect(outgoing()?.lastFailure).toMatch(/203\.0\.113\.20:1801 timed out/);
    sender.os.flush();
    world.advance(600);
    expect(outgoing()).toMatchObject({
      state: 'Waiting',
      nextHop: '203.0.113.20',
      messageCount: 100,
    });
    // The OS resolver has the new address; the service's own cache does not.
    expect(sender.os.lookup('app01.corp.example', 'A', () => {})?.values ?? []).toEqual([]);
    expect(sender.qm.nameCache?.entries().map((entry) => entry.values)).toEqual([['203.0.113.20']]);
    expect(receiver.qm.accounting().queued).toBe(10);
  });

  it('restarting only the sender is not enough: the receiver listens on its old address and refuses', () => {
    const { world, renumber, send, outgoing, sender, receiver } = incident();
    renumber();
    send(50);
    world.advance(120);
    sender.qm.restart();
    world.advance(60);
    // Within the record's TTL the OS resolver still has the old address, so the fresh service
    // cache picks it up again …
    expect(outgoing()).toMatchObject({ state: 'Waiting', nextHop: '203.0.113.20' });
    // … so flush the OS cache as well, and restart again.
    sender.os.flush();
    sender.qm.restart();
    world.advance(600);
    expect(outgoing()).toMatchObject({ state: 'Waiting', nextHop: '10.0.0.20', messageCount: 50 });
    expect(outgoing()?.lastFailure).toMatch(/10\.0\.0\.20:1801 refused/);
    expect(world.network.netstat('APP01').find((row) => row.state === 'LISTENING')?.local).toBe(
      '203.0.113.20:1801',
    );
    expect(receiver.qm.accounting().queued).toBe(10);
  });

  it('restarting only the receiver is not enough: the sender still dials the old address', () => {
    const { world, renumber, send, outgoing, receiver } = incident();
    renumber();
    send(50);
    world.advance(120);
    receiver.qm.restart();
    world.advance(600);
    expect(receiver.qm.boundAddresses).toEqual(['10.0.0.20']);
    expect(outgoing()).toMatchObject({
      state: 'Waiting',
      nextHop: '203.0.113.20',
      messageCount: 50,
    });
    expect(receiver.qm.accounting().queued).toBe(10);
  });

  it('restarting both drains every message, none lost', () => {
    const { world, renumber, send, outgoing, receiver, sender } = incident();
    renumber();
    send(1000);
    world.advance(300);
    sender.os.flush();
    world.advance(300);
    receiver.qm.restart();
    sender.qm.restart();
    world.advance(120);
    expect(outgoing()).toMatchObject({ state: 'Connected', nextHop: '10.0.0.20', messageCount: 0 });
    expect(receiver.qm.accounting()).toMatchObject({ queued: 1010, duplicatesDropped: 0 });
    expect(sender.qm.accounting()).toMatchObject({ sent: 1010, lost: 0, outgoing: 0, inFlight: 0 });
    expect(checkInvariants([sender.qm, receiver.qm])).toEqual([]);
  });

  // Facts file §7: MSMQ re-resolves a name only on its own retry schedule when delivery fails
  // (Breakwell, "How to deliver MSMQ messages to a new machine": a HOSTS entry moves the Next Hop
  // "after a while"); before the KB 833512 fix it never re-resolved.
  const hostsFix = (policy: 'until-restart' | 'never-re-resolve' | 're-resolve-on-failure') => {
    const { world, renumber, send, outgoing, sender, receiver } = incident(1, {
      nameCache: { kind: policy },
    });
    renumber();
    world.advance(400);
    send(100);
    world.advance(600);
    expect(outgoing()).toMatchObject({ state: 'Waiting', nextHop: '203.0.113.20' });
    // The admin puts the new address in the sender's HOSTS file (no flushdns, no restart).
    sender.os.setHosts([{ address: '10.0.0.20', names: ['app01', 'app01.corp.example'] }]);
    world.advance(600);
    return { world, outgoing, receiver };
  };

  it('under re-resolve-on-failure (KB 833512 fix) a HOSTS-file fix moves the next hop without an MSMQ restart (facts §7)', () => {
    const { world, outgoing, receiver } = hostsFix('re-resolve-on-failure');
    // The next retry resolved app01 again and dials the new address; the receiver, which still
    // listens on its old one, refuses until it is restarted — the sender is never restarted.
    expect(outgoing()).toMatchObject({ state: 'Waiting', nextHop: '10.0.0.20', messageCount: 100 });
    receiver.qm.restart();
    world.advance(600);
    expect(outgoing()).toMatchObject({ messageCount: 0 });
    expect(receiver.qm.accounting().queued).toBe(110);
    expect(
      world.trace.events
        .filter((event) => event.type === 'qm.session.established' && event.host === 'APP02')
        .map((event) => event.address),
    ).toEqual(['203.0.113.20', '10.0.0.20']);
  });

  it.each(['until-restart', 'never-re-resolve'] as const)(
    'under %s (before KB 833512) a HOSTS-file fix leaves the next hop until MSMQ restarts (facts §7)',
    (policy) => {
      const { outgoing } = hostsFix(policy);
      expect(outgoing()).toMatchObject({
        state: 'Waiting',
        nextHop: '203.0.113.20',
        messageCount: 100,
      });
    },
  );
});
