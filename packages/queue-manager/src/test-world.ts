// Test support (not exported): a small simulated world — a public network, a LAN behind a NAT,
// DNS, and a queue manager per machine — built only from the real packages.

import type { ParameterStore, StoredValue } from '@mqsim/ds-refresh';
import {
  createTraceRecorder,
  fromIso,
  TICKS,
  type TraceRecorder,
  VirtualClock,
} from '@mqsim/filetime';
import { AuthoritativeDns, DnsClientCache } from '@mqsim/name-cache';
import { Network } from '@mqsim/transport';
import { checkInvariants } from './invariants.js';
import { QueueManager } from './queue-manager.js';
import type { QueueManagerSettings } from './settings.js';

export const SECOND = TICKS.perSecond;

/** A machine's `MSMQ\Parameters` key, as a map of values; `set` is what `reg add` does. */
export interface RegistryStore extends ParameterStore {
  setValue(name: string, value: StoredValue): void;
  deleteValue(name: string): void;
}

export function createRegistryStore(values: Record<string, StoredValue> = {}): RegistryStore {
  const map = new Map<string, StoredValue>(Object.entries(values));
  return {
    get: (name) => map.get(name),
    set: (name, value) => void map.set(name, value),
    setValue: (name, value) => void map.set(name, value),
    deleteValue: (name) => void map.delete(name),
  };
}

export interface Machine {
  readonly name: string;
  readonly os: DnsClientCache;
  readonly qm: QueueManager;
}

export interface World {
  readonly clock: VirtualClock;
  readonly network: Network;
  readonly dns: AuthoritativeDns;
  readonly trace: TraceRecorder;
  readonly machines: Map<string, Machine>;
  machine(
    name: string,
    address: string,
    settings?: QueueManagerSettings,
    segment?: string,
    registry?: ParameterStore,
    qmId?: string,
  ): Machine;
  advance(seconds: number): void;
}

/** Two segments: `internet` (public addresses) and `lan` (10.0.0.0/8) behind the NAT `edge`. */
export function createWorld(seed = 1): World {
  const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
  const trace = createTraceRecorder();
  const network = new Network({ clock, seed, trace });
  network.addSegment('internet');
  network.addSegment('lan');
  const dns = new AuthoritativeDns({ clock, trace, host: 'DNS' });
  dns.responseDelayMs = 0;
  dns.addZone('corp.example', { defaultTtl: 1200 });
  const machines = new Map<string, Machine>();
  return {
    clock,
    network,
    dns,
    trace,
    machines,
    machine(
      name,
      address,
      settings = {},
      segment = 'internet',
      registry = undefined,
      qmId = undefined,
    ) {
      network.addHost(name, { interfaces: [{ name: 'eth0', segment, addresses: [address] }] });
      dns.setRecords(`${name}.corp.example`, 'A', [address]);
      const os = new DnsClientCache({
        clock,
        server: dns,
        host: name,
        trace,
        suffixSearchList: ['corp.example'],
      });
      const qm = new QueueManager({
        machine: name,
        domain: 'corp.example',
        clock,
        network,
        resolver: os,
        settings,
        ...(registry === undefined ? {} : { registry }),
        ...(qmId === undefined ? {} : { qmId }),
        trace,
        trackMessages: true,
      });
      const machine = { name, os, qm };
      machines.set(name, machine);
      return machine;
    },
    advance(seconds) {
      clock.runUntil(clock.ticks() + seconds * SECOND);
    },
  };
}

/**
 * A receiver APP01 (10.0.0.20, with `private$\orders` and the transactional `private$\billing`)
 * and a sender APP02 (10.0.0.10), both started; `problems()` is `checkInvariants` of the two.
 */
export function createPair(settings: QueueManagerSettings = {}) {
  const world = createWorld();
  const receiver = world.machine('APP01', '10.0.0.20', settings);
  const sender = world.machine('APP02', '10.0.0.10', settings);
  receiver.qm.createQueue('private$\\orders');
  receiver.qm.createQueue('private$\\billing', { transactional: true });
  receiver.qm.start();
  sender.qm.start();
  return { world, receiver, sender, problems: () => checkInvariants([sender.qm, receiver.qm]) };
}
