import { SCENARIO_LIMITS } from '@mqsim/scenario';
import type { MachineEvidence } from './evidence-model.js';

/** When the reproduced estate changes from what MSMQ last saw to what the machines have now. */
const CHANGE_AT = '1m';
/** When a DNS Client cache the evidence shows current is flushed, after the change. */
const FLUSHED_AT = '1m30s';
/** How long the reproduction runs: long enough for MSMQ's retries to show the symptom. */
const DURATION = '20m';
/** The most messages a reproduction sends per outgoing queue: the symptom needs a backlog, not its size. */
const MAX_BACKLOG = 2000;

const WILDCARDS = new Set(['0.0.0.0', '::']);

/**
 * A scenario that reproduces what the evidence shows, as plain data (written as JSON, which is
 * YAML too). The model's rules do the rest: each machine starts with the addresses MSMQ was
 * started with — the ones its listener is bound to, where that is no longer an address it has —
 * and DNS first answers what each sender's outgoing queue still dials. At {@link CHANGE_AT} the
 * machines get the addresses `ipconfig` shows and DNS the answers the lookups gave; a message
 * sent before then fills each sender's MSMQ name cache, as it had been before the change, and
 * the observed backlog follows. What the evidence does not show stays at MSMQ's defaults.
 */
export function doctorScenario(
  evidence: readonly MachineEvidence[],
  source: string,
): Record<string, unknown> {
  const byName = new Map(evidence.map((machine) => [machine.machine.toLowerCase(), machine]));
  const dialled = new Map<string, string>();
  for (const machine of evidence)
    for (const queue of machine.outgoing ?? [])
      if (queue.nextHops[0] !== undefined && !dialled.has(queue.machine))
        dialled.set(queue.machine, queue.nextHops[0]);
  const answered = new Map<string, readonly string[]>();
  for (const machine of evidence)
    for (const answer of machine.answers) {
      const short = answer.value.name.split('.')[0] ?? answer.value.name;
      if (byName.has(short) && !answered.has(short)) answered.set(short, answer.value.addresses);
    }
  // A destination queue is transactional when what is sent to it is (the evidence rarely says).
  const transactionalQueues = new Set<string>();
  for (const machine of evidence)
    for (const queue of machine.outgoing ?? [])
      if (queue.transactional === true)
        transactionalQueues.add(`${queue.machine}|${queue.path.toLowerCase()}`);
  const domain = evidence.find((machine) => machine.domain !== undefined)?.domain ?? 'corp.example';

  const hosts: Record<string, unknown>[] = [];
  const records: Record<string, unknown>[] = [];
  const timeline: Record<string, unknown>[] = [];
  const workload: Record<string, unknown>[] = [];
  let spare = 1;
  for (const machine of evidence) {
    const key = machine.machine.toLowerCase();
    const now = (machine.addresses ?? []).map((entry) => entry.value);
    const bound = (machine.listeners ?? [])
      .map((entry) => entry.value)
      .filter((address) => !WILDCARDS.has(address));
    const stale = bound.filter((address) => !now.includes(address));
    // Without ipconfig, the addresses the others dial or the lookups answered stand in.
    const current =
      now.length > 0
        ? now
        : [...(answered.get(key) ?? []), ...(dialled.has(key) ? [dialled.get(key) as string] : [])];
    // A scenario interface holds at most 16 addresses (SCENARIO_LIMITS); a server with more is
    // modelled by its first 16, the ones MSMQ binds and dials being kept first.
    const addresses = current.length > 0 ? atMost16(current) : [spareAddress(spare++)];
    const before = atMost16(
      stale.length > 0 ? stale : dialled.get(key) ? [dialled.get(key) as string] : addresses,
    );
    const dns = atMost16(answered.get(key) ?? addresses);
    hosts.push({
      name: machine.machine,
      role: 'server',
      domain: machine.domain ?? domain,
      interfaces: [{ name: 'eth0', network: 'lan', addresses: before }],
      msmq: { nameCache: 'until-restart' },
      ...(machine.queues.length > 0
        ? {
            queues: machine.queues.map((name) => ({
              name,
              transactional: transactionalQueues.has(`${key}|${name.toLowerCase()}`),
            })),
          }
        : {}),
      ...registryOf(machine),
    });
    records.push({
      name: `${key}.${machine.domain ?? domain}`,
      type: 'A',
      value: dialled.get(key) ?? before[0],
    });
    if (!sameList(before, addresses))
      timeline.push({
        at: CHANGE_AT,
        do: 'renumber',
        host: machine.machine,
        interface: 'eth0',
        addresses,
      });
    if (!sameList([dialled.get(key) ?? before[0] ?? ''], dns))
      timeline.push({
        at: CHANGE_AT,
        do: 'dns-set',
        name: `${key}.${machine.domain ?? domain}`,
        type: 'A',
        values: dns,
      });
  }
  // A DNS Client cache the evidence shows holds no stale answer: it was flushed, or expired,
  // after the change (the seed incident's admin ran ipconfig /flushdns, to no avail).
  for (const machine of evidence) {
    if (!machine.displayDns) continue;
    const stale = machine.answers.some((answer) => {
      const short = answer.value.name.split('.')[0] ?? '';
      const dialledThere = dialled.get(short);
      return dialledThere !== undefined && answer.value.addresses.includes(dialledThere);
    });
    if (!stale) timeline.push({ at: FLUSHED_AT, do: 'flushdns', host: machine.machine });
  }
  for (const machine of evidence) {
    for (const queue of machine.outgoing ?? []) {
      const target = byName.get(queue.machine);
      if (target === undefined || queue.direct === 'other') continue;
      const to = `${queue.path.replace(/^private\$\\/i, '')}@${target.machine}`;
      const kind = queue.transactional === true ? 'transactional' : 'recoverable';
      workload.push({ from: machine.machine, to, kind, count: 1, every: '1s', start: '0s' });
      const backlog = Math.min(queue.messageCount, MAX_BACKLOG);
      if (backlog > 0)
        workload.push({
          from: machine.machine,
          to,
          kind,
          count: backlog,
          every: '100ms',
          start: '2m',
        });
    }
  }
  return {
    name: 'doctor',
    description: `Reproduces the estate ${source} shows: written by mqsim doctor from the machines' own outputs. Edit it to try what the evidence could not decide.`,
    start: '2026-01-05T08:00:00Z',
    seed: 1,
    duration: DURATION,
    networks: [{ name: 'lan', latency: '1ms' }],
    dns: { zones: [{ name: domain, ttl: 1200, negativeTtl: 900 }], records },
    hosts,
    workload,
    timeline,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** The MSMQ Parameters values the evidence showed, as a scenario's `registry` map. */
function registryOf(machine: MachineEvidence): Record<string, unknown> {
  const registry: Record<string, unknown> = {};
  for (const [name, { value }] of machine.parameters) {
    const typed = value as { type?: string; data?: unknown };
    if (typed.type === 'REG_DWORD' && typeof typed.data === 'number')
      registry[name] = { type: 'REG_DWORD', value: typed.data };
    else if (typed.type === 'REG_QWORD' && typeof typed.data === 'bigint')
      registry[name] = { type: 'REG_QWORD', value: `0x${typed.data.toString(16)}` };
    else if (typed.type === 'REG_SZ' && typeof typed.data === 'string')
      registry[name] = { type: 'REG_SZ', value: typed.data };
  }
  return Object.keys(registry).length === 0 ? {} : { registry };
}

/** The first distinct addresses, as many as one scenario interface may hold (16). */
function atMost16(addresses: readonly string[]): string[] {
  return [...new Set(addresses)].slice(0, SCENARIO_LIMITS.maxAddressesPerInterface);
}

/**
 * The `n`th address (from 1) for a machine whose evidence shows none: from 198.18.0.0/15, the
 * range RFC 2544 sets aside for benchmarks, so it cannot be a real machine's (and holds 1000).
 */
function spareAddress(n: number): string {
  return `198.18.${Math.floor(n / 256)}.${n % 256}`;
}
