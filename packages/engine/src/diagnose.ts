import { isoParts, type TraceEvent, type TraceSink, toIso } from '@mqsim/filetime';
import type { LookupResult } from '@mqsim/name-cache';
import { type OutgoingQueueInfo, parseFormatName } from '@mqsim/queue-manager';
import type { World, WorldHost } from './build-world.js';
import type { Cause, CauseLayer, Finding, Fix, FixAction, NotFix } from './diagnosis-types.js';
import type { RunTraceEvent } from './notable-events.js';

/** What the trace said that the world's state alone cannot: when things started, what failed. */
export interface DiagnosisEvidence {
  /** When each host's MSMQ service last started. */
  readonly serviceStartedAt: ReadonlyMap<string, number>;
  /** When each outgoing queue (`host\0queue`) last went Waiting. */
  readonly waitingSince: ReadonlyMap<string, number>;
  /** Messages that failed, per `host\0class\0from-here|elsewhere`: count and first tick. */
  readonly failures: ReadonlyMap<string, { count: number; first: number; last: number }>;
  /** Sends refused at the API, per `host\0reason`: count and first tick. */
  readonly refusedSends: ReadonlyMap<string, { count: number; first: number; last: number }>;
  /** Acknowledgements ignored, per host: count and first tick. */
  readonly ignoredAcks: ReadonlyMap<string, { count: number; first: number; last: number }>;
  /** Transactional messages turned down, per `host\0reason`: count and first tick. */
  readonly rejected: ReadonlyMap<string, { count: number; first: number; last: number }>;
  /** The last DS refresh failure per host and list, when the last attempt failed. */
  readonly refreshFailing: ReadonlyMap<string, { t: number; error: string; failures: number }>;
}

/** Collects {@link DiagnosisEvidence} from a run's trace. */
export interface EvidenceMonitor {
  readonly sink: TraceSink;
  readonly evidence: DiagnosisEvidence;
}

/** What the diagnosis looks at besides the world: the time and the trace's evidence. */
export interface DiagnosisContext {
  readonly now: number;
  readonly evidence: DiagnosisEvidence;
}

/**
 * A trace sink that keeps what {@link diagnose} needs from the trace: service starts, when
 * outgoing queues began waiting, failures by class, refused sends, ignored acknowledgements,
 * turned-down messages, failing DS refreshes.
 */
export function createEvidenceMonitor(): EvidenceMonitor {
  const serviceStartedAt = new Map<string, number>();
  const waitingSince = new Map<string, number>();
  const failures = new Map<string, { count: number; first: number; last: number }>();
  const refusedSends = new Map<string, { count: number; first: number; last: number }>();
  const ignoredAcks = new Map<string, { count: number; first: number; last: number }>();
  const rejected = new Map<string, { count: number; first: number; last: number }>();
  const refreshFailing = new Map<string, { t: number; error: string; failures: number }>();
  const count = (
    map: Map<string, { count: number; first: number; last: number }>,
    key: string,
    t: number,
  ) => {
    const entry = map.get(key);
    if (entry === undefined) map.set(key, { count: 1, first: t, last: t });
    else {
      entry.count++;
      entry.last = t;
    }
  };
  const sink: TraceSink = {
    emit(traceEvent: TraceEvent) {
      const event = traceEvent as RunTraceEvent;
      switch (event.type) {
        case 'qm.service.started':
          serviceStartedAt.set(event.host, event.t);
          return;
        case 'qm.outgoing.state': {
          const key = `${event.host}\u0000${event.queue}`;
          if (event.state !== 'Waiting') waitingSince.delete(key);
          else if (!waitingSince.has(key)) waitingSince.set(key, event.t);
          return;
        }
        case 'qm.message.deadlettered':
        case 'qm.message.discarded':
          count(
            failures,
            `${event.host}\u0000${event.class}\u0000${event.from === event.host ? 'here' : 'elsewhere'}`,
            event.t,
          );
          return;
        case 'app.send.failed':
          if (event.host !== undefined)
            count(refusedSends, `${event.host}\u0000${event.reason}`, event.t);
          return;
        case 'qm.ack.ignored':
          count(ignoredAcks, event.host, event.t);
          return;
        case 'qm.message.rejected':
          count(rejected, `${event.host}\u0000${event.reason}`, event.t);
          return;
        case 'ds.refresh.failed':
          if (event.host !== undefined)
            refreshFailing.set(`${event.host}\u0000${event.list}`, {
              t: event.t,
              error: event.error,
              failures: event.consecutiveFailures,
            });
          return;
        case 'ds.refresh.succeeded':
          if (event.host !== undefined) refreshFailing.delete(`${event.host}\u0000${event.list}`);
          return;
        default:
          return;
      }
    },
  };
  return {
    sink,
    evidence: {
      serviceStartedAt,
      waitingSince,
      failures,
      refusedSends,
      ignoredAcks,
      rejected,
      refreshFailing,
    },
  };
}

/**
 * Findings over a run: {@link diagnose} at every look (each depth sample, before each timeline
 * action, at the end), each finding kept once — its first sighting's time, its latest text — so a
 * run that ends healthy still explains the incident it went through.
 */
export interface DiagnosisLog {
  /** Diagnoses the world now and merges what it finds. */
  look(world: World, context: DiagnosisContext): void;
  /** Every finding seen, in order of first sighting; `ongoing` when seen at the last look. */
  findings(): Finding[];
}

/** A {@link DiagnosisLog}. */
export function createDiagnosisLog(): DiagnosisLog {
  const seen = new Map<string, Finding>();
  let lastLook = -1;
  return {
    look(world, context) {
      lastLook = context.now;
      for (const finding of diagnose(world, context)) {
        const key = findingKey(finding);
        const first = seen.get(key);
        // The latest sighting, with the time of the first.
        seen.set(
          key,
          first === undefined ? finding : { ...finding, at: first.at, atTime: first.atTime },
        );
      }
    },
    findings() {
      return [...seen.values()].map((finding) => ({
        ...finding,
        ongoing: finding.lastSeen === lastLook,
      }));
    },
  };
}

function findingKey(finding: Finding): string {
  // Two rules of one layer on one host (a firewall that blocks, one that forgets idle
  // sessions) are two findings: their fixes' texts tell them apart.
  const fixes =
    finding.cause.layer === 'firewall' ? finding.fixes.map((fix) => fix.text).join('|') : '';
  return `${finding.subject.kind}\u0000${finding.host}\u0000${finding.subject.name}\u0000${finding.cause.layer}\u0000${finding.cause.host}\u0000${fixes}`;
}

/** A message waiting longer than this at its sender is a symptom even while its queue is Connected. */
const STUCK_TICKS = 60 * 10_000_000;

/**
 * Every symptom the world shows now, each with its cause — the layer that holds the wrong value
 * or blocks, on which host, since when, with the evidence — and the fixes that would clear it
 * and those that would not. Derived from the model's state and the trace's evidence, never from
 * a scenario's notes.
 *
 * @example
 * ```ts
 * import { runScenario } from '@mqsim/engine';
 * // The quickstart's cable is pulled, then the client's MSMQ crashes: what each moment showed.
 * runScenario('quickstart').diagnosis.map((finding) => finding.cause.layer); // => ['network', 'network', 'service-stopped', 'service-stopped']
 * ```
 */
export function diagnose(world: World, context: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (finding: Finding) => {
    const key = findingKey(finding);
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  const reasoner = new Reasoner(world, context);
  for (const host of world.hosts.values()) {
    for (const queue of host.qm?.outgoingQueues() ?? []) {
      for (const finding of reasoner.outgoingQueue(host, queue)) add(finding);
    }
  }
  for (const finding of reasoner.refusedSends()) add(finding);
  for (const finding of reasoner.failedMessages()) add(finding);
  // The clones themselves, unless an outgoing queue's finding already names them.
  if (!findings.some((finding) => finding.cause.layer === 'qmid'))
    for (const finding of reasoner.clonedQmIds()) add(finding);
  for (const finding of reasoner.refreshes()) add(finding);
  return findings;
}

const LABELS: Readonly<Record<string, string>> = {
  Waiting: 'Waiting to connect',
  OnHold: 'On hold',
};

class Reasoner {
  readonly #world: World;
  readonly #context: DiagnosisContext;

  constructor(world: World, context: DiagnosisContext) {
    this.#world = world;
    this.#context = context;
  }

  #time(t: number): string {
    return toIso(this.#world.scenario.start.plus(t));
  }

  #clock(t: number): string {
    return isoParts(this.#time(t)).time;
  }

  #finding(
    host: string,
    subject: Finding['subject'],
    symptom: string,
    cause: Omit<Cause, 'sinceTime'>,
    fixes: Fix[],
    notFixes: NotFix[] = [],
    lastSeen = this.#context.now,
  ): Finding {
    const { now } = this.#context;
    const at = Math.min(now, lastSeen);
    return {
      at,
      atTime: this.#time(at),
      lastSeen,
      lastSeenTime: this.#time(lastSeen),
      ongoing: true,
      host,
      subject,
      symptom,
      cause: {
        ...cause,
        sinceTime: cause.since === null ? null : this.#time(cause.since),
      },
      fixes,
      notFixes,
    };
  }

  /** The world's host named `name` (NetBIOS or DNS name), if any. */
  #hostNamed(name: string): WorldHost | undefined {
    // By computer name or FQDN, the first host in world order, as a walk over them would find.
    if (this.#byName === undefined) {
      this.#byName = new Map();
      for (const host of this.#world.hosts.values()) {
        for (const key of [host.spec.name.toLowerCase(), host.spec.fqdn])
          if (key !== undefined && !this.#byName.has(key)) this.#byName.set(key, host);
      }
    }
    return this.#byName.get(name.toLowerCase());
  }

  #byName: Map<string, WorldHost> | undefined;

  /** The host that has `address` now, if any. */
  #hostWith(address: string): WorldHost | undefined {
    for (const host of this.#world.hosts.values()) {
      if (this.#addresses(host).includes(address)) return host;
    }
    return undefined;
  }

  #addresses(host: WorldHost): string[] {
    return this.#world.network.addresses(host.spec.name).map((entry) => entry.address);
  }

  /** The candidate DNS names `name` stands for on `host`: itself, then with each suffix. */
  #candidates(host: WorldHost, name: string): string[] {
    const lower = name.toLowerCase().replace(/\.$/, '');
    if (lower.includes('.')) return [lower];
    return host.os.settings.suffixSearchList.map((suffix) => `${lower}.${suffix}`);
  }

  /** A cache's entry for `name` as `host` would look it up. */
  #cached(
    entries: readonly LookupResult[],
    host: WorldHost,
    name: string,
  ): LookupResult | undefined {
    const candidates = new Set([name.toLowerCase(), ...this.#candidates(host, name)]);
    return entries.find((entry) => entry.type === 'A' && candidates.has(entry.name));
  }

  /** What the DNS zone says for `name` from `host`: the first suffix that answers. */
  #dns(host: WorldHost, name: string): { name: string; values: string[]; status: string } {
    let last = { name, values: [] as string[], status: 'nxdomain' };
    for (const candidate of this.#candidates(host, name)) {
      try {
        const answer = this.#world.dns.answer(candidate, 'A');
        const values = answer.records.filter((record) => record.type === 'A').map((r) => r.data);
        last = { name: candidate, values, status: answer.status };
        if (answer.status === 'ok') return last;
      } catch {
        // A name DNS cannot hold: keep looking.
      }
    }
    return last;
  }

  #hostsFile(host: WorldHost, name: string): string[] {
    const candidates = new Set([name.toLowerCase(), ...this.#candidates(host, name)]);
    return host.os.hosts
      .filter((entry) => entry.names.some((candidate) => candidates.has(candidate)))
      .map((entry) => entry.address);
  }

  /** The symptoms of one outgoing queue, and their causes. */
  *outgoingQueue(sender: WorldHost, queue: OutgoingQueueInfo): Generator<Finding> {
    const { now, evidence } = this.#context;
    const qm = sender.qm;
    if (qm === undefined || queue.messageCount === 0) return;
    const waitingSince = evidence.waitingSince.get(`${sender.spec.name}\u0000${queue.queueName}`);
    const unacknowledged = queue.unacknowledgedCount;
    const stuck =
      (queue.state === 'Waiting' &&
        waitingSince !== undefined &&
        now - waitingSince > STUCK_TICKS / 2) ||
      (queue.state === 'Connected' &&
        unacknowledged > 0 &&
        this.#oldestUnacknowledged(queue) > STUCK_TICKS) ||
      queue.state === 'OnHold';
    if (!stuck && qm.state === 'running') return;
    const subject = { kind: 'outgoing-queue' as const, name: queue.queueName };
    const state = LABELS[queue.state] ?? queue.state;
    const symptom =
      `outgoing queue ${queue.queueName} on ${sender.spec.name}: ${state}, ${queue.messageCount} messages` +
      (queue.nextHop === undefined ? '' : `, next hop ${queue.nextHop}`) +
      (queue.lastFailure === undefined ? '' : ` (${queue.lastFailure})`);
    const name = sender.spec.name;
    if (qm.state !== 'running') {
      yield this.#finding(
        name,
        subject,
        symptom,
        {
          layer: 'service-stopped',
          host: name,
          since: null,
          detail: `the MSMQ service on ${name} is stopped: nothing is sent`,
          evidence: [`sc query msmq on ${name}: STOPPED`],
        },
        [startService(name)],
      );
      return;
    }
    if (queue.state === 'OnHold') {
      yield this.#finding(
        name,
        subject,
        symptom,
        {
          layer: 'service-stopped',
          host: name,
          since: null,
          detail: `the outgoing queue was suspended by an administrator (Suspend-MsmqOutgoingQueue)`,
          evidence: ['State: OnHold'],
        },
        [],
      );
      return;
    }
    let target: { by: 'os'; name: string } | { by: 'tcp'; address: string };
    try {
      const parsed = parseFormatName(queue.queueName);
      if (parsed.kind === 'direct-tcp') target = { by: 'tcp', address: parsed.address };
      else if (parsed.kind === 'direct-os' || parsed.kind === 'path')
        target = { by: 'os', name: parsed.machine };
      else return;
    } catch {
      return;
    }
    const receiver =
      target.by === 'os' ? this.#hostNamed(target.name) : this.#hostWith(target.address);
    const truth = receiver === undefined ? [] : this.#addresses(receiver);
    const hop = queue.nextHop;
    if (target.by === 'os' && hop === undefined) {
      yield* this.#unresolved(sender, target.name, subject, symptom);
      return;
    }
    if (hop === undefined) return;
    const route = this.#world.network.route(name, hop, 1801);
    const reached =
      route.outcome === 'delivered' && route.host !== undefined
        ? this.#world.hosts.get(route.host)
        : undefined;
    // Stale: the next hop is not one of the receiver's addresses and does not lead to it.
    const stale =
      target.by === 'os' && receiver !== undefined && reached !== receiver && !truth.includes(hop);
    if (stale && target.by === 'os' && receiver !== undefined) {
      yield this.#staleAddress(sender, receiver, target.name, hop, truth, subject, symptom);
      // Once the sender dials the right address, will the receiver take the session?
      const right = truth.find(
        (address) => this.#world.network.route(name, address, 1801).host === receiver.spec.name,
      );
      if (right !== undefined) {
        const listener = this.#listenerProblem(sender, receiver, right, subject, symptom, true);
        if (listener !== undefined) yield listener;
      }
      return;
    }
    if (route.outcome === 'dropped') {
      yield this.#dropped(
        sender,
        receiver,
        hop,
        route.reason ?? 'no-route',
        route.dropAt,
        subject,
        symptom,
      );
      return;
    }
    if (reached === undefined) return;
    if (reached.qm === undefined || reached.qm.state !== 'running') {
      const host = reached.spec.name;
      yield this.#finding(
        name,
        subject,
        symptom,
        {
          layer: 'service-stopped',
          host,
          since: null,
          detail: `the MSMQ service on ${host} is not running: nothing listens on ${hop}:1801`,
          evidence: [
            `sc query msmq on ${host}: ${reached.qm === undefined ? 'not installed' : 'STOPPED'}`,
          ],
        },
        reached.qm === undefined ? [] : [startService(host)],
      );
      return;
    }
    const listener = this.#listenerProblem(sender, reached, hop, subject, symptom, false);
    if (listener !== undefined) {
      yield listener;
      return;
    }
    if (target.by === 'tcp' && !reached.qm.boundAddresses.includes(target.address)) {
      const host = reached.spec.name;
      yield this.#finding(
        name,
        subject,
        symptom,
        {
          layer: 'identity-check',
          host,
          since: this.#context.evidence.serviceStartedAt.get(host) ?? null,
          detail: `${host} refuses sessions for DIRECT=TCP:${target.address}: it is not an address its MSMQ learned at start (KB 306416)`,
          evidence: [`${host} listens on ${reached.qm.boundAddresses.join(', ') || 'nothing'}`],
        },
        [restart(host, `MSMQ on ${host} learns its addresses again`)],
      );
      return;
    }
    if (target.by === 'os' && !reached.qm.isAddressedHere(queue.queueName)) {
      const host = reached.spec.name;
      yield this.#finding(
        name,
        subject,
        symptom,
        {
          layer: 'identity-check',
          host,
          since: null,
          detail: `${host}'s MSMQ does not own the name ${target.name}: it discards express messages to it and turns down transactional ones (KB 306785)`,
          evidence: [
            `names of ${host}: ${[host.toLowerCase(), reached.spec.fqdn].filter(Boolean).join(', ')}`,
            `${target.name} resolves to ${hop}, an address of ${host}`,
          ],
        },
        [ignoreNameValidation(host)],
      );
      return;
    }
    const clone = this.#cloneOf(sender);
    if (clone !== undefined) {
      yield this.#cloneFinding(sender, clone, subject, symptom);
      return;
    }
    const firewall = this.#world.network.firewall(reached.spec.name);
    if (firewall.enabled && firewall.idleTimeoutSeconds !== undefined) {
      const host = reached.spec.name;
      yield this.#finding(
        name,
        subject,
        symptom,
        {
          layer: 'firewall',
          host,
          since: null,
          detail: `the firewall on ${host} forgets connections idle for ${firewall.idleTimeoutSeconds} s, so a quiet session breaks`,
          evidence: [`idle time-out ${firewall.idleTimeoutSeconds} s`],
        },
        [
          fix('open-firewall', host, `remove the idle time-out from ${host}'s firewall`, [
            {
              do: 'firewall',
              host,
              defaultInbound: firewall.defaultInbound,
              rules: firewall.rules.map((rule) => ({
                direction: rule.direction,
                action: rule.action,
                port: rule.port,
                remote: rule.remote,
              })),
            },
          ]),
        ],
      );
    }
  }

  #oldestUnacknowledged(queue: OutgoingQueueInfo): number {
    // The queue's connection history says since when it has been connected; without per-message
    // times, a queue still unacknowledged at the end of a long connection counts as stuck.
    const history = queue.connectionHistory ?? [];
    const last = history[history.length - 1];
    return last === undefined ? 0 : this.#context.now - last.t;
  }

  /** The name never resolved: which layer answers "no such name". */
  *#unresolved(
    sender: WorldHost,
    name: string,
    subject: Finding['subject'],
    symptom: string,
  ): Generator<Finding> {
    const host = sender.spec.name;
    const cached = this.#cached(sender.os.entries(), sender, name);
    const dns = this.#dns(sender, name);
    const target = this.#hostNamed(name);
    const truth = target === undefined ? [] : this.#addresses(target);
    if (cached !== undefined && cached.status !== 'ok' && dns.status === 'ok') {
      yield this.#finding(
        host,
        subject,
        symptom,
        {
          layer: 'dns-negative-cache',
          host,
          since: cached.obtainedAt,
          detail: `${host}'s DNS client cache holds a negative answer (${cached.status}) for ${cached.name}; DNS now has ${dns.values.join(', ')}`,
          evidence: [
            `ipconfig /displaydns on ${host}: ${cached.name} ${cached.status}`,
            `DNS: ${dns.name} A ${dns.values.join(', ')}`,
          ],
        },
        [fix('flushdns', host, `ipconfig /flushdns on ${host}`, [{ do: 'flushdns', host }])],
      );
      return;
    }
    // DNS has the name and no cache says otherwise: the lookup is under way, not a symptom.
    if (dns.status === 'ok' && this.#world.dns.available) return;
    if (!this.#world.dns.available) {
      yield this.#finding(
        host,
        subject,
        symptom,
        {
          layer: 'network',
          host: '',
          since: null,
          detail: `the DNS server does not answer, so ${host} cannot resolve ${name}`,
          evidence: ['DNS server unavailable'],
        },
        [],
      );
      return;
    }
    const values = truth.length > 0 ? truth : [];
    yield this.#finding(
      host,
      subject,
      symptom,
      {
        layer: 'dns-zone',
        host: '',
        since: null,
        detail: `DNS has no address for ${dns.name} (${dns.status})${values.length > 0 ? `; the machine has ${values.join(', ')}` : ''}`,
        evidence: [`DNS: ${dns.name} ${dns.status}`],
      },
      values.length === 0 ? [] : [fixDns(dns.name, values), editHosts(sender, name, values)],
    );
  }

  /** The sender dials an address that is not the receiver's: which layer holds it. */
  #staleAddress(
    sender: WorldHost,
    receiver: WorldHost,
    name: string,
    hop: string,
    truth: readonly string[],
    subject: Finding['subject'],
    symptom: string,
  ): Finding {
    const host = sender.spec.name;
    const qm = sender.qm;
    const msmq =
      qm?.nameCache === undefined ? undefined : this.#cached(qm.nameCache.entries(), sender, name);
    const os = this.#cached(sender.os.entries(), sender, name);
    const hostsFile = this.#hostsFile(sender, name);
    const dns = this.#dns(sender, name);
    const truthText = truth.join(', ') || 'no address';
    const evidence = [
      msmq === undefined
        ? `MSMQ name cache on ${host}: no entry for ${name}`
        : `MSMQ name cache on ${host}: ${msmq.name} = ${msmq.values.join(', ')} since ${this.#clock(msmq.obtainedAt)}`,
      os === undefined
        ? `DNS client cache on ${host}: no entry`
        : `DNS client cache on ${host}: ${os.name} = ${os.values.join(', ') || os.status}`,
      ...(hostsFile.length > 0 ? [`hosts file on ${host}: ${name} = ${hostsFile.join(', ')}`] : []),
      `DNS: ${dns.name} = ${dns.values.join(', ') || dns.status}`,
      `${receiver.spec.name} has ${truthText}`,
    ];
    const restartSender = restart(host, `MSMQ on ${host} resolves ${name} afresh`);
    const osStale = os !== undefined && os.values.includes(hop) && os.expiresAt > this.#context.now;
    const flush: NotFix = {
      action: 'flushdns',
      host,
      why: `ipconfig /flushdns on ${host} clears the OS cache; MSMQ's own cache still holds ${hop}`,
    };
    if (hostsFile.includes(hop)) {
      return this.#finding(
        host,
        subject,
        symptom,
        {
          layer: 'hosts-file',
          host,
          since: null,
          detail: `the hosts file on ${host} maps ${name} to ${hop}, which is not ${receiver.spec.name}'s`,
          evidence,
        },
        [editHosts(sender, name, truth, true), restartSender],
        [flush],
      );
    }
    if (dns.values.includes(hop)) {
      return this.#finding(
        host,
        subject,
        symptom,
        {
          layer: 'dns-zone',
          host: '',
          since: null,
          detail: `DNS still says ${dns.name} = ${hop}; ${receiver.spec.name} has ${truthText}`,
          evidence,
        },
        [fixDns(dns.name, truth, host)],
        [flush],
      );
    }
    if (os !== undefined && os.values.includes(hop) && msmq === undefined) {
      return this.#finding(
        host,
        subject,
        symptom,
        {
          layer: 'dns-client-cache',
          host,
          since: os.obtainedAt,
          detail: `${host}'s DNS client cache holds ${os.name} = ${hop} since ${this.#clock(os.obtainedAt)}; DNS says ${dns.values.join(', ')}`,
          evidence,
        },
        [fix('flushdns', host, `ipconfig /flushdns on ${host}`, [{ do: 'flushdns', host }])],
      );
    }
    const since = msmq?.obtainedAt ?? null;
    return this.#finding(
      host,
      subject,
      symptom,
      {
        layer: 'msmq-name-cache',
        host,
        since,
        detail: `MSMQ on ${host} has held ${name} = ${hop}${since === null ? '' : ` since ${this.#clock(since)}`}; DNS says ${dns.values.join(', ') || dns.status}, and ${receiver.spec.name} has ${truthText}. MSMQ keeps the address until it restarts (${qm?.settings.nameCache.kind ?? 'until-restart'})${osStale ? `; the DNS client cache holds it too, until ${this.#clock(os.expiresAt)}` : ''}`,
        evidence,
      },
      // While the OS cache holds the old address too, a restart alone resolves it again from
      // there: flush it first.
      osStale
        ? [
            fix(
              'restart-msmq',
              host,
              `ipconfig /flushdns, then restart MSMQ on ${host}: MSMQ resolves ${name} from DNS`,
              [
                { do: 'flushdns', host },
                { do: 'restart-msmq', host },
              ],
            ),
          ]
        : [restartSender],
      osStale
        ? [
            flush,
            {
              action: 'restart-msmq',
              host,
              why: `a restart alone resolves ${name} from the DNS client cache, which still holds ${hop} until ${this.#clock(os.expiresAt)}`,
            },
          ]
        : [flush],
    );
  }

  /** Whether `receiver`'s MSMQ takes a session arriving at `address` from `sender`. */
  #listenerProblem(
    sender: WorldHost,
    receiver: WorldHost,
    address: string,
    subject: Finding['subject'],
    symptom: string,
    latent: boolean,
  ): Finding | undefined {
    const qm = receiver.qm;
    if (qm === undefined || qm.state !== 'running') return undefined;
    const route = this.#world.network.route(sender.spec.name, address, 1801);
    // The last hop's destination is `address:port` (after any NAT).
    const last = route.hops[route.hops.length - 1]?.dst;
    const arrival =
      last === undefined ? address : last.slice(0, last.lastIndexOf(':')).replace(/^\[|\]$/g, '');
    if (qm.boundAddresses.includes(arrival)) return undefined;
    const host = receiver.spec.name;
    const since = this.#context.evidence.serviceStartedAt.get(host) ?? null;
    return this.#finding(
      sender.spec.name,
      subject,
      symptom,
      {
        layer: 'msmq-listener-binding',
        host,
        since,
        detail: `${latent ? `once ${sender.spec.name} dials ${address}, ` : ''}MSMQ on ${host} refuses it: it listens on ${qm.boundAddresses.join(', ') || 'nothing'}, the addresses it had when it started${since === null ? '' : ` at ${this.#clock(since)}`}, and ${host} now has ${this.#addresses(receiver).join(', ')}`,
        evidence: [
          `netstat -anb on ${host}: mqsvc.exe LISTENING on ${qm.boundAddresses.map((a) => `${a}:1801`).join(', ') || 'nothing'}`,
          `the session arrives at ${arrival}:1801`,
        ],
      },
      [restart(host, `MSMQ on ${host} listens on its current addresses`)],
      [
        {
          action: 'flushdns',
          host,
          why: `ipconfig /flushdns on ${host} does not change what MSMQ listens on`,
        },
      ],
    );
  }

  #dropped(
    sender: WorldHost,
    receiver: WorldHost | undefined,
    hop: string,
    reason: string,
    dropAt: string | undefined,
    subject: Finding['subject'],
    symptom: string,
  ): Finding {
    const host = sender.spec.name;
    if (reason === 'firewall') {
      const blocking = dropAt ?? receiver?.spec.name ?? '';
      return this.#finding(
        host,
        subject,
        symptom,
        {
          layer: 'firewall',
          host: blocking,
          since: null,
          detail: `the firewall on ${blocking} drops TCP 1801 from ${host} without a reply, so every attempt times out`,
          evidence: [`route ${host} → ${hop}:1801: dropped by the firewall on ${blocking}`],
        },
        [openFirewall(blocking)],
      );
    }
    const partitioned = reason === 'partition';
    const text: Record<string, string> = {
      partition: `a network partition separates ${host} from ${hop}`,
      'no-route': `no route from ${host} reaches ${hop}`,
      'no-mapping': `the NAT ${dropAt ?? ''} has no mapping for ${hop}`,
      'hairpin-disabled': `${hop} is the NAT ${dropAt ?? ''}'s external address and the NAT does not hairpin: an inside host cannot reach it`,
      'no-address': `${host} no longer has the source address`,
    };
    const fixes: Fix[] = partitioned
      ? [fix('heal-network', '', 'heal the network partition', [{ do: 'heal' }])]
      : receiver !== undefined && this.#addresses(receiver).length > 0
        ? [editHosts(sender, receiver.spec.name, this.#addresses(receiver), true)]
        : [];
    return this.#finding(
      host,
      subject,
      symptom,
      {
        layer: 'network',
        host: dropAt ?? '',
        since: null,
        detail: text[reason] ?? `packets from ${host} to ${hop} are dropped (${reason})`,
        evidence: [
          `route ${host} → ${hop}:1801: dropped (${reason}${dropAt === undefined ? '' : ` at ${dropAt}`})`,
        ],
      },
      fixes,
    );
  }

  #cloneOf(host: WorldHost): WorldHost | undefined {
    const qmId = host.qm?.qmId;
    if (qmId === undefined) return undefined;
    // Hosts by QMId, made once per diagnosis: asking every host about every other was the
    // costliest line of a 1,000-machine run.
    if (this.#byQmId === undefined) {
      this.#byQmId = new Map();
      for (const other of this.#world.hosts.values()) {
        if (other.qm === undefined) continue;
        const same = this.#byQmId.get(other.qm.qmId);
        if (same === undefined) this.#byQmId.set(other.qm.qmId, [other]);
        else same.push(other);
      }
    }
    return this.#byQmId.get(qmId)?.find((other) => other !== host);
  }

  #byQmId: Map<string, WorldHost[]> | undefined;

  #cloneFinding(
    host: WorldHost,
    clone: WorldHost,
    subject: Finding['subject'],
    symptom: string,
  ): Finding {
    const name = host.spec.name;
    const qmId = host.qm?.qmId ?? '';
    return this.#finding(
      name,
      subject,
      symptom,
      {
        layer: 'qmid',
        host: name,
        since: null,
        detail: `${name} and ${clone.spec.name} share the QMId ${qmId} (cloned without Sysprep): receivers send their acknowledgements to whichever sent last, and keep one exactly-once sequence for both`,
        evidence: [`Machine Cache\\QMId on ${name} and ${clone.spec.name}: ${qmId}`],
      },
      [
        fix(
          'reset-qmid',
          clone.spec.name,
          `a new QMId for ${clone.spec.name}, then restart MSMQ on both`,
          [
            { do: 'reset-qmid', host: clone.spec.name },
            { do: 'restart-msmq', host: clone.spec.name },
            { do: 'restart-msmq', host: name },
          ],
        ),
      ],
      [
        {
          action: 'restart-msmq',
          host: name,
          why: `a restart keeps the QMId: ${name} and ${clone.spec.name} stay clones`,
        },
      ],
    );
  }

  *clonedQmIds(): Generator<Finding> {
    const reported = new Set<string>();
    for (const host of this.#world.hosts.values()) {
      const clone = this.#cloneOf(host);
      if (clone === undefined || reported.has(host.qm?.qmId ?? '')) continue;
      reported.add(host.qm?.qmId ?? '');
      const ignored =
        (this.#context.evidence.ignoredAcks.get(host.spec.name)?.count ?? 0) +
        (this.#context.evidence.ignoredAcks.get(clone.spec.name)?.count ?? 0);
      const symptom = `${host.spec.name} and ${clone.spec.name} are clones: ${ignored} acknowledgements went to the wrong machine`;
      yield this.#cloneFinding(host, clone, { kind: 'host', name: host.spec.name }, symptom);
    }
  }

  /** Sends refused at the API: the storage quota, or a stopped service. */
  *refusedSends(): Generator<Finding> {
    for (const [key, { count, first, last }] of this.#context.evidence.refusedSends) {
      const [host = '', reason] = key.split('\u0000');
      const world = this.#world.hosts.get(host);
      const subject = { kind: 'send' as const, name: host };
      if (reason === 'service-stopped') {
        yield this.#finding(
          host,
          subject,
          `${count} sends refused on ${host}: MSMQ was stopped`,
          {
            layer: 'service-stopped',
            host,
            since: first,
            detail: `the application on ${host} could not send while its MSMQ service was stopped`,
            evidence: [`first refused at ${this.#clock(first)}`],
          },
          world?.qm?.state === 'running' ? [] : [startService(host)],
          [],
          last,
        );
        continue;
      }
      const qm = world?.qm;
      if (qm === undefined) continue;
      // Described while the storage is full; once it is not, the last description stands.
      if (qm.storedBytes < qm.settings.machineQuotaBytes * 0.9) continue;
      const holders = qm
        .queues()
        .map((queue) => ({
          path: queue.path,
          bytes: queue.messages.bytes,
          journal: queue.journalMessages.bytes,
        }))
        .flatMap((queue) => [
          { path: queue.path, bytes: queue.bytes, journal: false },
          { path: queue.path, bytes: queue.journal, journal: true },
        ])
        .filter((entry) => entry.bytes > 0)
        .sort((a, b) => b.bytes - a.bytes);
      const quota = qm.settings.machineQuotaBytes;
      const fixes = holders
        .slice(0, 2)
        .map((holder) =>
          fix(
            'purge-queue',
            host,
            `purge ${holder.path}${holder.journal ? ' (journal)' : ''} on ${host}`,
            [{ do: 'purge-queue', host, queue: holder.path, journal: holder.journal }],
          ),
        );
      yield this.#finding(
        host,
        subject,
        `${count} sends refused on ${host}: Insufficient resources to perform operation`,
        {
          layer: 'quota',
          host,
          since: first,
          detail: `${host} stores ${qm.storedBytes} bytes of messages against a MachineQuota of ${quota}${holders[0] === undefined ? '' : `; the most is in ${holders[0].path}${holders[0].journal ? "'s journal" : ''}`}`,
          evidence: holders
            .slice(0, 3)
            .map(
              (holder) =>
                `${holder.path}${holder.journal ? ' journal' : ''}: ${holder.bytes} bytes`,
            ),
        },
        fixes,
        [],
        last,
      );
    }
  }

  /** Messages that failed: the class names the cause. */
  *failedMessages(): Generator<Finding> {
    const layers: Partial<Record<string, CauseLayer>> = {
      NACK_BAD_DST_Q: 'identity-check',
      NACK_REACH_QUEUE_TIMEOUT: 'ttrq',
      NACK_RECEIVE_TIMEOUT: 'ttrq',
      NACK_RECEIVE_TIMEOUT_AT_SENDER: 'ttrq',
      NACK_Q_EXCEED_QUOTA: 'quota',
    };
    for (const [key, { count, first, last }] of this.#context.evidence.failures) {
      const [host = '', klass = '', where] = key.split('\u0000');
      const layer = layers[klass];
      if (layer === undefined) continue;
      const subject = { kind: 'messages' as const, name: klass };
      const symptom = `${count} messages failed on ${host} with ${klass}${where === 'here' ? ' (sent from there)' : ''}`;
      const detail =
        layer === 'identity-check'
          ? `${host}'s MSMQ received messages for a name it does not own and threw them away (KB 306785)`
          : layer === 'quota'
            ? `${host}'s queue or machine quota was full when the messages arrived`
            : `the messages' time limit ran out before they were ${klass === 'NACK_RECEIVE_TIMEOUT' ? 'received' : 'delivered'}`;
      const fixes = layer === 'identity-check' ? [ignoreNameValidation(host)] : [];
      yield this.#finding(
        host,
        subject,
        symptom,
        {
          layer,
          host,
          since: first,
          detail,
          evidence: [`first at ${this.#clock(first)}`],
        },
        fixes,
        [],
        last,
      );
    }
  }

  /** DS list refreshes whose last attempt failed. */
  *refreshes(): Generator<Finding> {
    for (const [key, failure] of this.#context.evidence.refreshFailing) {
      const [host = '', list = ''] = key.split('\u0000');
      yield this.#finding(
        host,
        { kind: 'ds-refresh', name: list },
        `the ${list} list refresh on ${host} is failing (${failure.failures} in a row)`,
        {
          layer: 'directory',
          host,
          since: failure.t,
          detail: `the directory does not answer ${host}: ${failure.error}; MSMQ retries every DSListRefreshErrorRetryInterval`,
          evidence: [`last failure at ${this.#clock(failure.t)}`],
        },
        [],
      );
    }
  }
}

function fix(
  action: FixAction,
  host: string,
  text: string,
  timeline: readonly Readonly<Record<string, unknown>>[],
): Fix {
  return { action, host, text, timeline };
}

/** KB 306785's fix: `IgnoreOSNameValidation` = 1 on the receiver, then an MSMQ restart there. */
function ignoreNameValidation(host: string): Fix {
  return fix(
    'set-registry',
    host,
    `IgnoreOSNameValidation = 1 on ${host}, then restart MSMQ there`,
    [
      {
        do: 'set-registry-value',
        host,
        name: 'IgnoreOSNameValidation',
        type: 'REG_DWORD',
        value: 1,
      },
      { do: 'restart-msmq', host },
    ],
  );
}

function startService(host: string): Fix {
  return fix('start-msmq', host, `net start msmq on ${host}`, [{ do: 'start-msmq', host }]);
}

function restart(host: string, why: string): Fix {
  return fix('restart-msmq', host, `net stop msmq && net start msmq on ${host}: ${why}`, [
    { do: 'restart-msmq', host },
  ]);
}

function openFirewall(host: string): Fix {
  return fix('open-firewall', host, `allow TCP 1801 in on ${host}'s firewall`, [
    {
      do: 'firewall',
      host,
      defaultInbound: 'allow',
      rules: [{ direction: 'inbound', action: 'allow', port: 1801 }],
    },
  ]);
}

function fixDns(name: string, values: readonly string[], restartHost?: string): Fix {
  return fix(
    'fix-dns',
    '',
    `set ${name} A ${values.join(', ')} in DNS${restartHost === undefined ? '' : `, then restart MSMQ on ${restartHost}`}`,
    [
      { do: 'dns-set', name, type: 'A', values: [...values] },
      ...(restartHost === undefined
        ? []
        : [
            { do: 'flushdns', host: restartHost },
            { do: 'restart-msmq', host: restartHost },
          ]),
    ],
  );
}

function editHosts(
  host: WorldHost,
  name: string,
  values: readonly string[],
  restartAfter = false,
): Fix {
  const kept = host.os.hosts.filter(
    (entry) =>
      !entry.names.some(
        (candidate) =>
          candidate === name.toLowerCase() || candidate.startsWith(`${name.toLowerCase()}.`),
      ),
  );
  const lines = [
    ...kept.map((entry) => `${entry.address} ${entry.names.join(' ')}`),
    ...values.slice(0, 1).map((address) => `${address} ${name.toLowerCase()}`),
  ];
  const who = host.spec.name;
  return fix(
    'edit-hosts',
    who,
    `map ${name} to ${values[0] ?? ''} in the hosts file on ${who}${restartAfter ? ', then restart MSMQ there' : ''}`,
    [
      { do: 'hosts-file', host: who, content: `${lines.join('\n')}\n` },
      ...(restartAfter ? [{ do: 'restart-msmq', host: who }] : []),
    ],
  );
}
