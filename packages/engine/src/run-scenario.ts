import {
  type DsRefreshTraceEvent,
  isDsRefreshTraceEvent,
  MSMQ_PARAMETERS_KEY,
} from '@mqsim/ds-refresh';
import {
  dateAndTime,
  fromTicks,
  MqsimError,
  type TraceEvent,
  type TraceSink,
  ticksToSeconds,
  toIso,
} from '@mqsim/filetime';
import {
  DEADLETTER_QUEUE,
  DEADXACT_QUEUE,
  InsufficientResourcesError,
  type MessageAccounting,
  type OutgoingQueueInfo,
  type QueueManager,
  queueKey,
} from '@mqsim/queue-manager';
import {
  loadScenarioFile,
  resolveScenario,
  type Scenario,
  type ScenarioExpectation,
} from '@mqsim/scenario';
import type { CapturedPacket } from '@mqsim/transport';
import { buildWorld, type World } from './build-world.js';
import { createDiagnosisLog, createEvidenceMonitor } from './diagnose.js';
import type { Finding } from './diagnosis-types.js';
import { SeedRangeError } from './errors.js';
import { type Expectation, evaluateExpectation, evaluateExpectations } from './expectations.js';
import { describeEvent } from './notable-events.js';
import {
  createOutcomeMonitor,
  type OutcomeMonitor,
  type RunHistory,
  type RunOutcome,
} from './outcome.js';
import { describeAction, performAction } from './timeline-actions.js';
import { createTraceCounter } from './trace-counts.js';
import type { EngineTraceEvent } from './trace-events.js';
import { createFingerprintSink, teeSinks } from './trace-fingerprint.js';

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Stop at this tick instead of the scenario's end. */
  readonly until?: number;
  /** Also receives every trace event (an NDJSON writer, a test recorder). */
  readonly trace?: TraceSink;
  /** Let the queue managers remember every message id, for `checkInvariants` (tests, fuzzing). */
  readonly trackMessages?: boolean;
  /** Called about every simulated `progressEvery` ticks, for a progress line. */
  readonly onProgress?: (ticks: number, events: number) => void;
  /**
   * Asked after each progress chunk (about 1% of the run); `true` ends the run there and the
   * result covers the run so far, with {@link RunResult.interruptedAt} set (Ctrl-C in `mqsim run`).
   */
  readonly shouldStop?: () => boolean;
  /**
   * Capture every packet on every segment from the start (`mqsim run --pcap`): the result's
   * {@link RunResult.packets}, ready for `toPcapng`. Off by default: a long run sends millions.
   */
  readonly capture?: boolean;
}

/** One line of the run's timeline: an action from the scenario, a note, or a notable event. */
export interface TimelineEntry {
  readonly t: number;
  readonly at: string;
  readonly host: string;
  readonly kind: 'action' | 'note' | 'event';
  readonly text: string;
}

/** Where one host stands at the end of the run. */
export interface HostReport {
  readonly name: string;
  readonly role: string;
  readonly service: 'running' | 'stopped' | 'none';
  readonly addresses: readonly string[];
  /** What the MSMQ service listens on (learned at its last start). */
  readonly boundAddresses: readonly string[];
  readonly outgoing: readonly OutgoingQueueInfo[];
  readonly queues: readonly { readonly path: string; readonly messages: number }[];
  readonly accounting: MessageAccounting | undefined;
  /** The persisted next refresh times, ISO, when present. */
  readonly refresh: { readonly site: string | undefined; readonly enterprise: string | undefined };
}

/** Depth of every outgoing queue, sampled over the run (for the HTML chart). */
export interface DepthSeries {
  readonly times: readonly number[];
  readonly series: readonly { readonly label: string; readonly values: readonly number[] }[];
}

/** Everything a run produced. */
export interface RunResult {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly endedAt: number;
  readonly timeline: readonly TimelineEntry[];
  readonly hosts: readonly HostReport[];
  readonly totals: Totals;
  /** How the run went: time to drain, peak backlog, message age, attempts, time per queue state. */
  readonly outcome: RunOutcome;
  /** Every symptom at the end of the run, with its cause and fixes, derived from the model. */
  readonly diagnosis: readonly Finding[];
  readonly expectations: readonly Expectation[];
  readonly fingerprint: string;
  readonly events: number;
  readonly depth: DepthSeries;
  /** `ds.refresh.*` events, for the report. */
  readonly refreshes: readonly DsRefreshTraceEvent[];
  /** The first {@link KEPT_TRACE_EVENTS} trace events, for the HTML report's searchable trace. */
  readonly trace: readonly TraceEvent[];
  /** The tick at which `shouldStop` ended the run early; absent when the run went to its end. */
  readonly interruptedAt?: number;
  /**
   * Each outgoing queue's states over the run and the failed connection attempts (the HTML
   * report's state bands and markers); not part of the JSON report.
   */
  readonly history?: RunHistory;
  /** Every packet seen on every segment, in time order, when {@link RunOptions.capture} asked. */
  readonly packets?: readonly CapturedPacket[];
}

/** Message accounting summed over every host. */
export interface Totals {
  /**
   * Messages the applications sent. Every one of them is in exactly one of the buckets
   * `received`, `queued`, `deadLettered`, `discarded`, `purged`, `lost` and `stuck`, which sum
   * to `sent` (at the end of a run and at any `--until` cut-off); a message its destination
   * stored counts there even while its sender still holds a copy.
   */
  readonly sent: number;
  /** Stored in a destination queue, whatever happened to them next (not a bucket). */
  readonly delivered: number;
  /** Bucket: taken by an application (their journal copies are not counted again). */
  readonly received: number;
  /** Bucket: in a destination queue, waiting to be received. */
  readonly queued: number;
  /** Bucket: in a dead-letter queue (a time limit, a refusal, a full quota). */
  readonly deadLettered: number;
  /** Bucket: express messages lost with a stopped or crashed service. */
  readonly lost: number;
  /**
   * Bucket: at a sender and not stored at any destination yet: `waiting` plus `inFlight`.
   * Messages the destination stored whose sender still awaits the acknowledgement are not
   * stuck; they are counted where they were stored (see `awaitingAcknowledgement`).
   */
  readonly stuck: number;
  /** Part of `stuck`: in an outgoing queue (never sent, or back to be resent). */
  readonly waiting?: number;
  /**
   * Part of `stuck`: on a session without a session acknowledgement, or (transactional) sent
   * without an order acknowledgement, and not stored at the destination; or failed there and on
   * its way back to the source's dead-letter queue (`qm.message.returned`).
   */
  readonly inFlight?: number;
  /**
   * Not a bucket: messages stored at their destination whose sender still holds a copy
   * awaiting its session or order acknowledgement (acknowledgements on the wire).
   */
  readonly awaitingAcknowledgement?: number;
  /**
   * Not a bucket: copies a sender dead-lettered, discarded or lost after their destination had
   * stored the message, or had failed it (in doubt: the acknowledgement never reached the
   * sender); and resent copies another machine refused on arrival (its name now resolving
   * there) while the destination held the message. The message counts where the destination
   * put it.
   */
  readonly inDoubt?: number;
  /**
   * Sends the application could not make: the service was stopped, or the machine's storage
   * was full (MQ_ERROR_INSUFFICIENT_RESOURCES).
   */
  readonly sendFailures: number;
  /** Messages that failed and were thrown away: sent without MQMSG_DEADLETTER. */
  readonly discarded: number;
  /** Messages an administrator purged. */
  readonly purged: number;
  /** Delivered MQMSG_DEADLETTER messages whose final acknowledgement has not reached their sender (Unprocessed). */
  readonly unprocessed: number;
}

const SAMPLES = 240;

/** The largest seed: the transport's seeded streams use 32 bits. */
export const MAX_SEED = 2 ** 32 - 1;

/** How many trace events a result keeps for reports; the full trace goes to `--trace`/`--ndjson`. */
export const KEPT_TRACE_EVENTS = 20_000;

/**
 * Runs a scenario on a fresh world: workload, consumers, the timeline of actions, then the
 * expectations. Deterministic: the same scenario and seed give the same trace and fingerprint.
 *
 * `scenario` is a loaded {@link Scenario}, or the path of a scenario file (YAML or JSON), or the
 * name of a built-in scenario (`nat-renumbering`, `ds-refresh`, …).
 *
 * @example
 * ```ts
 * const result = runScenario('quickstart');
 * result.expectations.every((expectation) => expectation.ok); // => true
 * ```
 * @throws {ScenarioError} for a scenario file that cannot be used, with every problem located.
 * @throws {ScenarioNotFoundError} for a name that is neither a file nor a built-in.
 * @throws {SeedRangeError} for a seed outside 0 to {@link MAX_SEED}.
 */
export function runScenario(scenario: Scenario | string, options: RunOptions = {}): RunResult {
  const chunks = runScenarioInChunks(
    typeof scenario === 'string' ? loadScenarioFile(resolveScenario(scenario)) : scenario,
    options,
  );
  let step = chunks.next();
  while (step.done !== true) step = chunks.next();
  return step.value;
}

/**
 * {@link runScenario} one progress chunk (about 1% of the run) per `next()`, yielding the tick
 * reached. A caller that awaits between chunks lets the event loop run, so a signal handler can
 * make `shouldStop` true mid-run (`mqsim run` and Ctrl-C); the returned value is the result.
 */
export function* runScenarioInChunks(
  scenario: Scenario,
  options: RunOptions = {},
): Generator<number, RunResult, void> {
  const simulation = startSimulation(scenario, options);
  const { clock } = simulation.world;
  const chunk = Math.max(1, Math.floor(simulation.end / 100));
  while (clock.ticks() < simulation.end) {
    simulation.advanceTo(Math.min(simulation.end, clock.ticks() + chunk));
    options.onProgress?.(clock.ticks(), simulation.events());
    if (clock.ticks() < simulation.end && options.shouldStop?.() === true) {
      // Stopped early: the report as of now, its timeline ending with a note saying so.
      const t = clock.ticks();
      const result = simulation.report();
      const at = dateAndTime(toIso(scenario.start.plus(t)));
      const percent = Math.floor((100 * t) / scenario.duration);
      const text = `run interrupted at ${at} (${percent}% of the scenario); the report covers the run so far`;
      const note: TimelineEntry = { t, at, host: '', kind: 'note', text };
      return { ...result, timeline: [...result.timeline, note], interruptedAt: t };
    }
    yield clock.ticks();
  }
  return simulation.report();
}

/** A scenario set up and paused at its start, advanced on demand (the shell, `runScenario`). */
export interface Simulation {
  readonly world: World;
  /** The tick the run ends at. */
  readonly end: number;
  /** Runs every event up to `tick` (not past the end). */
  advanceTo(tick: number): void;
  /** Trace events so far. */
  events(): number;
  /** Records an action performed from outside the scenario (the shell) on the timeline and trace. */
  record(host: string, text: string): void;
  /** Where everything stands now, with the expectations checked now. */
  report(): RunResult;
}

/** Builds the world of `scenario` and schedules its workload, consumers and timeline, at tick 0. */
export function startSimulation(scenario: Scenario, options: RunOptions = {}): Simulation {
  const seed = options.seed ?? scenario.seed;
  // The network's random streams take 32 bits: a larger seed would silently alias a smaller one.
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    throw new SeedRangeError(`seed ${String(seed)} is not a whole number from 0 to ${MAX_SEED}`, {
      value: seed,
      allowed: `0 to ${MAX_SEED}`,
    });
  }
  const end = Math.min(options.until ?? scenario.duration, scenario.duration);
  const fingerprint = createFingerprintSink();
  const timeline: TimelineEntry[] = [];
  const refreshes: DsRefreshTraceEvent[] = [];
  const traceCounter = createTraceCounter();
  const kept: TraceEvent[] = [];
  const at = (t: number) => dateAndTime(toIso(scenario.start.plus(t)));
  const collect: TraceSink = {
    emit(event) {
      if (kept.length < KEPT_TRACE_EVENTS) kept.push(event);
      traceCounter.count(event);
      if (isDsRefreshTraceEvent(event)) refreshes.push(event);
      const text = describeEvent(event);
      if (text !== undefined)
        timeline.push({ t: event.t, at: at(event.t), host: event.host ?? '', kind: 'event', text });
    },
  };
  const outcome = createOutcomeMonitor();
  const evidence = createEvidenceMonitor();
  const diagnosisLog = createDiagnosisLog();
  const trace = teeSinks(fingerprint, collect, outcome.sink, evidence.sink, options.trace);
  const emit = (event: EngineTraceEvent) => trace.emit(event);
  const built = buildWorld(scenario, seed, trace, {
    trackMessages: options.trackMessages === true,
  });
  const { clock } = built;
  const capture = options.capture === true ? built.network.startCapture() : undefined;
  let sendFailures = 0;

  for (const workload of scenario.workload) {
    const host = built.host(workload.from);
    let sent = 0;
    const sendOne = () => {
      if (clock.ticks() >= workload.stop || sent >= workload.messages) return;
      sent++;
      const qm = host.qm;
      if (qm === undefined || qm.state !== 'running') refused('service-stopped');
      else {
        try {
          sendFrom(qm);
        } catch (error) {
          // MQ_ERROR_INSUFFICIENT_RESOURCES: the application's send fails; it goes on sending.
          if (!(error instanceof InsufficientResourcesError)) throw error;
          refused('insufficient-resources');
        }
      }
      if (sent < workload.messages && clock.ticks() + workload.every < workload.stop)
        clock.schedule(workload.every, sendOne);
    };
    const refused = (reason: 'service-stopped' | 'insufficient-resources') => {
      sendFailures++;
      emit({
        t: clock.ticks(),
        host: host.spec.name,
        source: 'app',
        type: 'app.send.failed',
        destination: workload.to.text,
        reason,
      });
    };
    const sendFrom = (qm: QueueManager) =>
      qm.send(workload.to.formatName, {
        delivery: workload.kind,
        size: workload.size,
        // MQMSG_DEADLETTER: without it a failed message is discarded, not dead-lettered.
        deadLetter: workload.deadLetter,
        ...(workload.timeToReachQueue === undefined
          ? {}
          : { timeToReachQueueSeconds: ticksToSeconds(workload.timeToReachQueue) }),
        ...(workload.timeToBeReceived === undefined
          ? {}
          : { timeToBeReceivedSeconds: ticksToSeconds(workload.timeToBeReceived) }),
      });
    clock.scheduleAt(Math.min(workload.start, end), sendOne);
  }

  for (const consumer of scenario.consumers) {
    const host = built.host(consumer.host);
    const poll = Math.max(consumer.every, 1_000_000);
    const take = () => {
      if (clock.ticks() >= consumer.stop) return;
      const qm = host.qm;
      if (qm?.state === 'running') {
        if (consumer.every === 0) while (qm.receive(consumer.queue) !== undefined);
        else qm.receive(consumer.queue);
      }
      clock.schedule(poll, take);
    };
    clock.scheduleAt(Math.min(consumer.start, end), take);
  }

  for (const action of scenario.timeline) {
    if (action.at > end) continue;
    clock.scheduleAt(action.at, () => {
      // What the admin would have seen just before acting.
      look();
      const text = describeAction(action);
      timeline.push({
        t: clock.ticks(),
        at: at(clock.ticks()),
        host: 'host' in action ? action.host : '',
        kind: action.do === 'note' ? 'note' : 'action',
        text,
      });
      if (action.note !== undefined)
        timeline.push({
          t: clock.ticks(),
          at: at(clock.ticks()),
          host: 'host' in action ? action.host : '',
          kind: 'note',
          text: action.note,
        });
      emit({
        t: clock.ticks(),
        ...('host' in action ? { host: action.host } : {}),
        source: 'scenario',
        type: 'scenario.action',
        do: action.do,
      });
      try {
        performAction(built, action);
      } catch (error) {
        // An action that cannot be carried out now (starting a running service, an address the
        // host lost) is what a real admin would see fail: say so on the timeline, run on.
        if (!MqsimError.isInstance(error)) throw error;
        const host = 'host' in action ? action.host : '';
        const where = `${action.location.file}:${action.location.line}:${action.location.column}`;
        timeline.push({
          t: clock.ticks(),
          at: at(clock.ticks()),
          host,
          kind: 'note',
          text: `failed: ${error.message} (${where})`,
        });
        emit({
          t: clock.ticks(),
          ...(host === '' ? {} : { host }),
          source: 'scenario',
          type: 'scenario.action.failed',
          do: action.do,
          reason: error.message,
        });
      }
    });
  }

  // Queue depths, sampled evenly, for the report's chart.
  const times: number[] = [];
  const depths = new Map<string, number[]>();
  const step = Math.max(1, Math.floor(end / SAMPLES));
  // Expectations that look at a moment of the run are judged when it comes.
  const judgedEarlier = new Map<ScenarioExpectation, Expectation>();
  for (const expectation of scenario.expectations) {
    if (expectation.check !== 'outgoing' || expectation.at === undefined || expectation.at > end)
      continue;
    clock.scheduleAt(expectation.at, () => {
      const hosts = hostReports();
      judgedEarlier.set(
        expectation,
        evaluateExpectation(expectation, {
          world: built,
          totals: sumTotals(built, hosts, sendFailures, outcome),
          traceCounts: traceCounter.snapshot(),
          outcome: outcome.outcome(clock.ticks()),
        }),
      );
    });
  }
  const look = () => diagnosisLog.look(built, { now: clock.ticks(), evidence: evidence.evidence });
  const sample = () => {
    look();
    const index = times.length;
    times.push(clock.ticks());
    for (const host of built.hosts.values()) {
      for (const queue of host.qm?.outgoingQueues() ?? []) {
        const label = `${host.spec.name} → ${queue.queueName}`;
        let values = depths.get(label);
        if (values === undefined) {
          values = Array<number>(index).fill(0);
          depths.set(label, values);
        }
        values.push(queue.messageCount);
      }
    }
    for (const values of depths.values()) while (values.length < times.length) values.push(0);
    if (clock.ticks() + step <= end) clock.schedule(step, sample);
  };
  clock.scheduleAt(0, sample);

  const hostReports = (): HostReport[] =>
    [...built.hosts.values()].map((host): HostReport => {
      const registryTime = (name: string) => {
        const value = host.registry.getValue(MSMQ_PARAMETERS_KEY, name);
        return value?.type === 'REG_QWORD' ? toIso(fromTicks(value.data)) : undefined;
      };
      return {
        name: host.spec.name,
        role: host.spec.role,
        service: host.qm === undefined ? 'none' : host.qm.state,
        addresses: built.network.addresses(host.spec.name).map((entry) => entry.address),
        boundAddresses: host.qm?.boundAddresses ?? [],
        outgoing: host.qm?.outgoingQueues() ?? [],
        queues: (host.qm?.queues() ?? []).map((queue) => ({
          path: queue.path,
          messages: queue.messages.length,
        })),
        accounting: host.qm?.accounting(),
        refresh: {
          site: registryTime('DSNextSiteListRefreshTime'),
          enterprise: registryTime('DSNextEnterpriseListRefreshTime'),
        },
      };
    });

  const report = (): RunResult => {
    const hosts = hostReports();
    const totals = sumTotals(built, hosts, sendFailures, outcome);
    const measured = outcome.outcome(clock.ticks());
    const expectations = evaluateExpectations(
      scenario.expectations,
      {
        world: built,
        totals,
        traceCounts: traceCounter.snapshot(),
        outcome: measured,
        ...(clock.ticks() < scenario.duration
          ? { stoppedAt: clock.ticks(), end: scenario.duration }
          : {}),
      },
      judgedEarlier,
    );
    look();
    return {
      scenario,
      seed,
      endedAt: clock.ticks(),
      timeline: collapseRepeats([...timeline].sort((a, b) => a.t - b.t)),
      hosts,
      totals,
      outcome: measured,
      diagnosis: diagnosisLog.findings(),
      expectations,
      fingerprint: fingerprint.digest(),
      events: fingerprint.count,
      depth: {
        times: [...times],
        series: [...depths].map(([label, values]) => ({ label, values: [...values] })),
      },
      refreshes: [...refreshes],
      trace: [...kept],
      history: outcome.history(),
      ...(capture === undefined ? {} : { packets: [...capture.packets] }),
    };
  };
  return {
    world: built,
    end,
    advanceTo(tick) {
      clock.runUntil(Math.min(end, Math.max(tick, clock.ticks())));
    },
    events: () => fingerprint.count,
    record(host, text) {
      timeline.push({ t: clock.ticks(), at: at(clock.ticks()), host, kind: 'action', text });
      emit({
        t: clock.ticks(),
        ...(host === '' ? {} : { host }),
        source: 'shell',
        type: 'scenario.action',
        text,
      });
    },
    report,
  };
}

/**
 * Folds runs of the same event on the same host (a connection failing every retry) into their
 * first line, marked with how often and until when, so the timeline stays readable.
 */
export function collapseRepeats(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const open = new Map<string, { index: number; key: string; count: number; last: string }>();
  const keyOf = (entry: TimelineEntry) => entry.text.replace(/; retry in \d+ s$/, '');
  for (const entry of entries) {
    if (entry.kind !== 'event') {
      open.delete(entry.host);
      out.push(entry);
      continue;
    }
    const key = keyOf(entry);
    const run = open.get(entry.host);
    if (run !== undefined && run.key === key) {
      run.count++;
      // The time of day, with the date when the run of repeats has crossed midnight.
      const first = out[run.index] as TimelineEntry;
      run.last = entry.at.slice(0, 10) === first.at.slice(0, 10) ? entry.at.slice(11) : entry.at;
      out[run.index] = { ...first, text: `${key} (×${run.count}, last at ${run.last})` };
      continue;
    }
    open.set(entry.host, { index: out.length, key, count: 1, last: entry.at });
    out.push(entry);
  }
  return out;
}

/**
 * The run's totals, each message in one bucket. The queue managers' counters count a copy
 * wherever one is, so the copies senders hold for messages their destination already stored —
 * awaiting an acknowledgement, or given up on after delivery — are taken out of the sender's
 * buckets using what the outcome monitor saw of the trace.
 */
function sumTotals(
  world: World,
  hosts: readonly HostReport[],
  sendFailures: number,
  monitor: OutcomeMonitor,
): Totals {
  const totals = {
    sent: 0,
    delivered: 0,
    received: 0,
    queued: 0,
    deadLettered: 0,
    lost: 0,
    stuck: 0,
    sendFailures,
    discarded: 0,
    purged: 0,
    unprocessed: 0,
  };
  for (const host of hosts) {
    const count = host.accounting;
    if (count === undefined) continue;
    totals.sent += count.sent;
    totals.delivered += count.delivered;
    totals.received += count.received;
    totals.queued += count.queued;
    totals.deadLettered += count.deadLetter;
    totals.lost += count.lost;
    totals.discarded += count.discarded;
    totals.purged += count.purged;
    totals.unprocessed += count.unprocessed;
  }
  let waiting = 0;
  let inFlight = 0;
  let awaitingAcknowledgement = 0;
  const after = monitor.copiesAfterDelivery();
  let deadLetteredAfterDelivery = 0;
  for (const host of world.hosts.values()) {
    const qm = host.qm;
    if (qm === undefined) continue;
    const held = qm.heldMessages();
    for (const message of held.outgoing) {
      if (monitor.isDeliveredWhileHeld(message.from, message.id)) awaitingAcknowledgement++;
      else waiting++;
    }
    for (const message of held.inFlight) {
      if (monitor.isDeliveredWhileHeld(message.from, message.id)) awaitingAcknowledgement++;
      else inFlight++;
    }
    if (after.deadLettered.size === 0 && after.refusedDeadLetters.size === 0) continue;
    for (const queue of qm.queues()) {
      const key = queueKey(queue.path);
      if (key !== DEADLETTER_QUEUE && key !== DEADXACT_QUEUE) continue;
      // The sender's own dead-letter copy; the destination may dead-letter the same message too.
      // Or a duplicate of a resend this machine refused on arrival.
      for (const message of queue.messages.toArray())
        if (
          (message.from === qm.machine && after.deadLettered.has(message.uid)) ||
          after.refusedDeadLetters.has(`${qm.machine}\u0000${message.uid}`)
        )
          deadLetteredAfterDelivery++;
    }
  }
  const inDoubtDeadLetters = after.deadLettered.size + after.refusedDeadLetters.size;
  // An in-doubt dead letter no longer in its queue was purged from it: a dead-letter queue is
  // left no other way (one lost with its service has left the set).
  const purgedAfterDelivery = inDoubtDeadLetters - deadLetteredAfterDelivery;
  return {
    ...totals,
    deadLettered: totals.deadLettered - deadLetteredAfterDelivery,
    lost: totals.lost - after.lost - after.lostWhileHeld,
    discarded: totals.discarded - after.discarded,
    purged: totals.purged - purgedAfterDelivery,
    stuck: waiting + inFlight + monitor.returning(),
    waiting,
    inFlight: inFlight + monitor.returning(),
    awaitingAcknowledgement,
    inDoubt: after.lost + after.discarded + inDoubtDeadLetters,
  };
}
