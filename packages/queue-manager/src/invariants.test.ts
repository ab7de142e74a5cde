import { TICKS } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants.js';
import type { DeliveryKind } from './message.js';
import { createWorld } from './test-world.js';

const operation = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('send' as const),
      kind: fc.constantFrom<DeliveryKind>('express', 'recoverable', 'transactional'),
      count: fc.integer({ min: 1, max: 20 }),
      from: fc.constantFrom('APP01', 'APP02'),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 120_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('restart' as const, 'crash' as const, 'stop-start' as const),
      host: fc.constantFrom('APP01', 'APP02'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constantFrom('partition' as const, 'heal' as const) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('renumber' as const),
      host: fc.constantFrom('APP01', 'APP02'),
      octet: fc.integer({ min: 30, max: 250 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('receive' as const),
      count: fc.integer({ min: 1, max: 30 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('lossy' as const),
      loss: fc.constantFrom(0, 0.01, 0.2),
    }),
  },
);

describe('queue manager invariants under random interleavings', () => {
  it('every message is in exactly one place, transactional order holds, and everything not lost arrives once the dust settles', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 40 }),
        fc.integer({ min: 1, max: 1_000 }),
        (operations, seed) => {
          const world = createWorld(seed);
          const a = world.machine('APP01', '10.0.0.20', { waitTimeSeconds: 5 });
          const b = world.machine('APP02', '10.0.0.10', { waitTimeSeconds: 5 });
          for (const machine of [a, b]) {
            machine.qm.createQueue('private$\\plain');
            machine.qm.createQueue('private$\\xact', { transactional: true });
            machine.qm.start();
          }
          let partitioned = false;
          const qms = [a.qm, b.qm];
          const received = new Map<string, number[]>();
          const take = () => {
            for (const qm of qms) {
              if (qm.state !== 'running') continue;
              for (
                let message = qm.receive('private$\\xact');
                message;
                message = qm.receive('private$\\xact')
              ) {
                const list = received.get(message.from) ?? [];
                list.push(message.id);
                received.set(message.from, list);
              }
              while (qm.receive('private$\\plain')) {
                // drained
              }
            }
          };
          for (const step of operations) {
            if (step.op === 'send') {
              const from = step.from === 'APP01' ? a : b;
              const to = step.from === 'APP01' ? 'APP02' : 'APP01';
              if (from.qm.state !== 'running') continue;
              const queue = step.kind === 'transactional' ? 'xact' : 'plain';
              for (let index = 0; index < step.count; index++)
                from.qm.send(`${queue}@${to}`, { delivery: step.kind, sizeBytes: 200 });
            } else if (step.op === 'advance') {
              world.clock.runUntil(world.clock.ticks() + step.ms * TICKS.perMillisecond);
            } else if (step.op === 'restart' || step.op === 'stop-start') {
              const qm = step.host === 'APP01' ? a.qm : b.qm;
              if (qm.state === 'running') qm.stop();
              qm.start();
            } else if (step.op === 'crash') {
              const qm = step.host === 'APP01' ? a.qm : b.qm;
              if (qm.state === 'running') qm.crash();
            } else if (step.op === 'partition' && !partitioned) {
              world.network.partition('cut', ['APP01'], ['APP02']);
              partitioned = true;
            } else if (step.op === 'heal' && partitioned) {
              world.network.heal('cut');
              partitioned = false;
            } else if (step.op === 'renumber') {
              const address = `10.0.1.${step.octet}`;
              const other = step.host === 'APP01' ? 'APP02' : 'APP01';
              if (world.network.addresses(other).some((entry) => entry.address === address))
                continue;
              world.network.setAddress(step.host, 'eth0', address);
              world.dns.setRecords(`${step.host}.corp.example`, 'A', [address]);
            } else if (step.op === 'receive') {
              take();
            } else if (step.op === 'lossy') {
              world.network.setLink('internet', { loss: step.loss });
            }
            expect(checkInvariants(qms)).toEqual([]);
          }
          // Settle: heal, no loss, let DNS queries in flight land, flush caches, restart both, wait.
          if (partitioned) world.network.heal('cut');
          world.network.setLink('internet', { loss: 0 });
          world.clock.runUntil(world.clock.ticks() + 60 * TICKS.perSecond);
          for (const machine of [a, b]) {
            machine.os.flush();
            if (machine.qm.state === 'running') machine.qm.stop();
            machine.qm.start();
          }
          world.clock.runUntil(world.clock.ticks() + 600 * TICKS.perSecond);
          take();
          expect(checkInvariants(qms)).toEqual([]);
          for (const qm of qms) expect(qm.accounting()).toMatchObject({ outgoing: 0, inFlight: 0 });
          for (const ids of received.values()) expect(ids).toEqual([...ids].sort((x, y) => x - y));
        },
      ),
      { numRuns: 150 },
    );
  });
});
