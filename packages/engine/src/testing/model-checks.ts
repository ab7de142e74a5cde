/**
 * The invariants the model fuzz test holds every run to, as checks that return problems (empty
 * when all hold) rather than throw:
 *
 * - **conservation**: every message sent is in exactly one place — received by an application
 *   (its journal copy is the same message), queued, dead-lettered (expired or rejected), waiting
 *   in an outgoing queue, in flight, or lost — and the counters of `accounting()` agree with the
 *   places; see {@link checkMessageBalance};
 * - **lost only express, only on a stop or crash**;
 * - **transactional exactly once, in order**: no message is stored or received twice, and the
 *   transactional messages of one stream (sender, destination as written, receiver) are stored
 *   and received in the order they were sent;
 * - **addressed here**: a queue manager stores only messages addressed to it — by one of its
 *   names for `DIRECT=OS:` (unless it sets IgnoreOSNameValidation), by an address it learned at
 *   start for `DIRECT=TCP:`;
 * - **DS refresh never early**: a list refresh starts no earlier than the next time its host
 *   persisted and read, unless the value was missing at the service start or it retries a
 *   failure.
 *
 * The trace-based checks run as events are emitted, through {@link createModelMonitor}'s sink;
 * the place-based ones whenever {@link checkModel} is called (mid-run and at the end).
 */
import { FileTime, fromBytes, fromIso, type TraceEvent, type TraceSink } from '@mqsim/filetime';
import { checkInvariants, parseFormatName, type QueueManager } from '@mqsim/queue-manager';
import type { Scenario, ScenarioAction } from '@mqsim/scenario';
import type { World } from '../build-world.js';
import type { Totals } from '../run-scenario.js';

/** Where the messages of a whole world are, by count, at one moment. */
export interface MessageBalance {
  readonly sent: number;
  /** Taken by an application (their journal copies are in `journal`, not counted again). */
  readonly received: number;
  readonly journal: number;
  readonly queued: number;
  /** Dead-lettered for another reason than a time limit (bad queue, quota, wrong kind). */
  readonly deadLettered: number;
  /** Dead-lettered because TimeToReachQueue or TimeToBeReceived ran out. */
  readonly expired: number;
  /** In an outgoing queue, never put on a session yet. */
  readonly outgoing: number;
  /** On a session, not acknowledged; or back in an outgoing queue to be resent. */
  readonly inFlight: number;
  /** Express messages lost on a stop or crash (including sent-but-unacknowledged ones). */
  readonly lost: number;
  /** Failed (expired or refused) and thrown away: sent without MQMSG_DEADLETTER. */
  readonly discarded: number;
  /** Purged by an administrator from a queue or a dead-letter queue. */
  readonly purged: number;
}

const EXPIRED_CLASSES: ReadonlySet<string> = new Set([
  'NACK_REACH_QUEUE_TIMEOUT',
  'NACK_RECEIVE_TIMEOUT',
  'NACK_RECEIVE_TIMEOUT_AT_SENDER',
]);

interface SentMessage {
  readonly delivery: string;
  readonly destination: string;
}

interface ListModel {
  /** The value in the registry, as the model follows it: FILETIME ticks, or undefined. */
  stored: bigint | undefined;
  /** What the running service goes by: read at its start, then what it wrote; null before a start. */
  known: bigint | undefined | null;
  failedSinceStart: boolean;
}

/** Watches a run's trace for the trace-based invariants; see the module comment. */
export interface ModelMonitor {
  /** Pass as `trace` to `startSimulation`. */
  readonly sink: TraceSink;
  /** Gives the monitor the world once it is built (for the addresses a service learned). */
  attach(world: World): void;
  /** Problems the trace showed so far. */
  readonly problems: readonly string[];
  /** What was sent, by `from:id`: kind and destination as written. */
  readonly sent: ReadonlyMap<string, SentMessage>;
}

const NEXT_TIME_VALUES: Readonly<Record<string, 'site' | 'enterprise'>> = {
  dsnextsitelistrefreshtime: 'site',
  dsnextenterpriselistrefreshtime: 'enterprise',
};

/**
 * A monitor of the trace-based invariants of one run of `scenario` (ended at `end` ticks): hand
 * its `sink` to `startSimulation` and `attach` the world it returns.
 */
export function createModelMonitor(scenario: Scenario, end: number): ModelMonitor {
  const problems: string[] = [];
  const sent = new Map<string, SentMessage>();
  const stored = new Set<string>();
  const received = new Set<string>();
  const lastStored = new Map<string, number>();
  const lastReceived = new Map<string, number>();
  const lists = new Map<string, ListModel>();
  const timeline = scenario.timeline.filter((action) => action.at <= end);
  let cursor = 0;
  let world: World | undefined;
  const start = scenario.start.ticks;
  const hostSpec = new Map(scenario.hosts.map((host) => [host.name.toLowerCase(), host]));

  const at = (event: TraceEvent) =>
    `${new FileTime(start + BigInt(event.t)).toString()} (tick ${event.t})`;
  const report = (event: TraceEvent, text: string) => problems.push(`${at(event)}: ${text}`);

  const listModel = (host: string, list: 'site' | 'enterprise') => {
    const key = `${host.toLowerCase()}|${list}`;
    let model = lists.get(key);
    if (model === undefined) {
      const spec = hostSpec.get(host.toLowerCase());
      const valueName =
        list === 'site' ? 'dsnextsitelistrefreshtime' : 'dsnextenterpriselistrefreshtime';
      const value = spec?.registry.find((entry) => entry.name.toLowerCase() === valueName)?.value;
      model = { stored: readFileTime(value), known: null, failedSinceStart: false };
      lists.set(key, model);
    }
    return model;
  };

  const onAction = (action: ScenarioAction) => {
    if (action.do !== 'set-registry-value' && action.do !== 'delete-registry-value') return;
    const list = NEXT_TIME_VALUES[action.name.toLowerCase()];
    if (list === undefined) return;
    listModel(action.host, list).stored =
      action.do === 'set-registry-value' ? readFileTime(action.value) : undefined;
  };

  const onDelivered = (event: TraceEvent) => {
    const uid = `${String(event.from)}:${String(event.id)}`;
    const receiver = String(event.host);
    if (stored.has(uid)) report(event, `${uid} is stored a second time, on ${receiver}`);
    stored.add(uid);
    const message = sent.get(uid);
    if (message === undefined) {
      report(event, `${receiver} stores ${uid}, which was never sent`);
      return;
    }
    const reason = notAddressedHere(receiver, message.destination);
    if (reason !== undefined)
      report(event, `${receiver} stores ${uid} sent to ${message.destination}: ${reason}`);
    if (message.delivery === 'transactional')
      checkOrder(event, lastStored, receiver, uid, message, 'stored');
  };

  const onReceived = (event: TraceEvent) => {
    const uid = `${String(event.from)}:${String(event.id)}`;
    const receiver = String(event.host);
    if (received.has(uid)) report(event, `${uid} is received a second time, on ${receiver}`);
    received.add(uid);
    const message = sent.get(uid);
    if (message?.delivery === 'transactional')
      checkOrder(event, lastReceived, receiver, uid, message, 'received');
  };

  const checkOrder = (
    event: TraceEvent,
    last: Map<string, number>,
    receiver: string,
    uid: string,
    message: SentMessage,
    what: string,
  ) => {
    const stream = `${receiver}|${String(event.from)}|${message.destination.toLowerCase()}`;
    const id = Number(event.id);
    const previous = last.get(stream) ?? 0;
    if (id <= previous)
      report(
        event,
        `transactional ${uid} (to ${message.destination}) is ${what} on ${receiver} after id ${previous} of the same stream`,
      );
    last.set(stream, Math.max(id, previous));
  };

  const notAddressedHere = (receiver: string, destination: string): string | undefined => {
    const spec = hostSpec.get(receiver.toLowerCase());
    const formatName = parseFormatName(destination);
    if (formatName.kind === 'direct-tcp') {
      const learned = world?.host(receiver).qm?.boundAddresses;
      if (learned === undefined || learned.includes(formatName.address)) return undefined;
      return `it learned ${learned.join(', ') || 'no address'} at start, not ${formatName.address}`;
    }
    if (formatName.kind !== 'direct-os' && formatName.kind !== 'path') return undefined;
    // The setting in force: read from the host's registry at the service's last start.
    if (world?.host(receiver).qm?.settings.ignoreOsNameValidation === true) return undefined;
    const machine = formatName.machine.toLowerCase();
    const names = [receiver.toLowerCase(), spec?.fqdn, '.', 'localhost'];
    return names.includes(machine) ? undefined : `${machine} is not one of its names`;
  };

  const onLost = (event: TraceEvent) => {
    const uid = `${String(event.from)}:${String(event.id)}`;
    const delivery = sent.get(uid)?.delivery;
    if (delivery !== 'express')
      report(
        event,
        `${delivery ?? 'unknown'} ${uid} is lost on ${String(event.host)} (${String(event.reason)})`,
      );
    if (event.reason !== 'stop' && event.reason !== 'crash')
      report(event, `${uid} is lost for ${String(event.reason)}, not a stop or crash`);
  };

  const onRefresh = (event: TraceEvent) => {
    const host = String(event.host);
    const list = event.list === 'enterprise' ? 'enterprise' : 'site';
    const model = listModel(host, list);
    const now = start + BigInt(event.t);
    switch (event.type) {
      case 'ds.refresh.succeeded':
        model.stored = fromIso(String(event.nextTime)).ticks;
        model.known = model.stored;
        model.failedSinceStart = false;
        return;
      case 'ds.refresh.failed':
        model.failedSinceStart = true;
        return;
      case 'ds.refresh.started':
        break;
      default:
        return;
    }
    const reason = String(event.reason);
    const label = `${host} starts ${list === 'site' ? 'a site' : 'an enterprise'} refresh (${reason})`;
    if (model.known === null) {
      report(event, `${label} while its service never started`);
      return;
    }
    if (reason === 'retry') {
      if (!model.failedSinceStart) report(event, `${label} without a failure since its start`);
      return;
    }
    if (reason === 'missing') {
      if (model.known !== undefined)
        report(event, `${label}, but the next time was ${new FileTime(model.known).toString()}`);
      return;
    }
    if (model.known === undefined) report(event, `${label} with no next time known`);
    else if (now < model.known)
      report(event, `${label} early: the next time is ${new FileTime(model.known).toString()}`);
  };

  const sink: TraceSink = {
    emit(event) {
      switch (event.type) {
        case 'qm.message.sent':
          sent.set(`${String(event.host)}:${String(event.id)}`, {
            delivery: String(event.delivery),
            destination: String(event.destination),
          });
          return;
        case 'qm.message.delivered':
          onDelivered(event);
          return;
        case 'qm.message.received':
          onReceived(event);
          return;
        case 'qm.message.lost':
          onLost(event);
          return;
        case 'qm.service.started': {
          for (const list of ['site', 'enterprise'] as const) {
            const model = listModel(String(event.host), list);
            model.known = model.stored;
            model.failedSinceStart = false;
          }
          return;
        }
        case 'scenario.action': {
          if (event.source !== 'scenario') return;
          const action = timeline[cursor++];
          if (action === undefined || action.do !== event.do) {
            report(
              event,
              `the timeline ran ${String(event.do)} where the scenario has ${action?.do ?? 'nothing'}`,
            );
            return;
          }
          onAction(action);
          return;
        }
        default:
          if (event.type.startsWith('ds.refresh.')) onRefresh(event);
      }
    },
  };

  return {
    sink,
    attach(attached) {
      world = attached;
    },
    problems,
    sent,
  };
}

/**
 * Counts where every message of `queueManagers` is, and checks the count against itself and
 * against each queue manager's `accounting()`:
 * sent = received + queued + dead-lettered + expired + outgoing + in flight + lost + discarded +
 * purged, each message
 * in one bucket; lost ones are express; expired ones had a time limit that passed. A copy that
 * expired at its sender after it was put on a session (its `tracked.expiredInFlight`) counts
 * once: where the receiver holds it if it got there, else as expired.
 */
export function checkMessageBalance(
  queueManagers: readonly QueueManager[],
  sentMessages: ReadonlyMap<string, SentMessage>,
  now: number,
): { readonly balance: MessageBalance; readonly problems: string[] } {
  const problems: string[] = [];
  const sent = new Set<string>();
  const bucket = new Map<string, keyof MessageBalance>();
  const unsettled = new Map<string, keyof MessageBalance>();
  let journal = 0;
  const counters = {
    sent: 0,
    received: 0,
    lost: 0,
    journal: 0,
    deadLetter: 0,
    queued: 0,
    discarded: 0,
    purged: 0,
  };
  const place = (uid: string, where: keyof MessageBalance) => {
    if (!bucket.has(uid)) bucket.set(uid, where);
  };
  // Copies that expired at their sender after they had been put on a session (TTRQ covers every
  // copy): the receiver may hold the same message, so they are placed after everything else.
  const expiredCopies: string[] = [];
  const unprocessed = new Set<string>();
  const discardedCopies: string[] = [];
  let expiredAlsoDelivered = 0;
  let discardedAlsoDelivered = 0;
  // A sender's dead-letter copy of a message expired after delivery, later purged, is a copy too.
  const purgedCopies: string[] = [];
  let purgedAlsoDelivered = 0;
  // Copies a machine refused on arrival (`tracked.turnedAway`): where the message is unless
  // another machine put it somewhere, then duplicates of a resend (their sender's copy, still
  // awaiting an acknowledgement, does not outrank them).
  const refusedCopies: { uid: string; where: keyof MessageBalance }[] = [];
  const refusedAlso = { discarded: 0, deadLetter: 0, purged: 0 };
  for (const qm of queueManagers) {
    const places = qm.places();
    const tracked = places.tracked;
    if (tracked === undefined) continue;
    const accounting = qm.accounting();
    counters.sent += accounting.sent;
    counters.received += accounting.received;
    counters.lost += accounting.lost;
    counters.journal += accounting.journal;
    counters.deadLetter += accounting.deadLetter;
    counters.queued += accounting.queued;
    counters.discarded += accounting.discarded;
    if (accounting.discarded !== tracked.discarded.size)
      problems.push(
        `${qm.machine} counts ${accounting.discarded} discarded but tracks ${tracked.discarded.size}`,
      );
    // Dead-lettering only when asked (PROPID_M_JOURNAL = MQMSG_DEADLETTER); otherwise discarded.
    for (const message of places.deadLetter)
      if (!message.deadLetter)
        problems.push(
          `${message.uid} is in a dead-letter queue on ${qm.machine} but was sent without MQMSG_DEADLETTER`,
        );
    counters.purged += accounting.purged;
    if (accounting.purged !== tracked.purged.size)
      problems.push(
        `${qm.machine} counts ${accounting.purged} purged but tracks ${tracked.purged.size}`,
      );
    for (const uid of tracked.purged) {
      if (tracked.expiredInFlight.has(uid) && uid.startsWith(`${qm.machine}:`))
        purgedCopies.push(uid);
      else if (tracked.turnedAway.has(uid)) refusedCopies.push({ uid, where: 'purged' });
      else place(uid, 'purged');
    }
    for (const uid of tracked.discarded) {
      if (tracked.expiredInFlight.has(uid)) discardedCopies.push(uid);
      else if (tracked.turnedAway.has(uid)) refusedCopies.push({ uid, where: 'discarded' });
      else place(uid, 'discarded');
    }
    if (accounting.sent !== tracked.sent.size)
      problems.push(`${qm.machine} counts ${accounting.sent} sent but tracks ${tracked.sent.size}`);
    if (accounting.received !== tracked.received.size)
      problems.push(
        `${qm.machine} counts ${accounting.received} received but tracks ${tracked.received.size} messages: one was received twice`,
      );
    if (accounting.lost !== tracked.lost.size + tracked.lostInFlight.size)
      problems.push(
        `${qm.machine} counts ${accounting.lost} lost but tracks ${tracked.lost.size} + ${tracked.lostInFlight.size} in flight`,
      );
    for (const uid of tracked.sent) sent.add(uid);
    for (const uid of tracked.received) place(uid, 'received');
    for (const message of places.queued) place(message.uid, 'queued');
    for (const message of places.deadLetter) {
      const klass = message.deadLetterClass ?? '';
      // A copy the receiver turned down keeps the class it said (KB 306785: NACK_BAD_DST_Q)
      // when its time-to-reach-queue runs out at the sender.
      const turnedDown = klass !== '' && klass === message.lastNack && message.from === qm.machine;
      const expired = EXPIRED_CLASSES.has(klass) || turnedDown;
      if (tracked.expiredInFlight.has(message.uid) && message.from === qm.machine) {
        if (!expired)
          problems.push(
            `${message.uid} tracked as expired at ${qm.machine} but dead-lettered as ${klass}`,
          );
        expiredCopies.push(message.uid);
      } else if (tracked.turnedAway.has(message.uid))
        refusedCopies.push({ uid: message.uid, where: expired ? 'expired' : 'deadLettered' });
      else place(message.uid, expired ? 'expired' : 'deadLettered');
      if (!expired) continue;
      const deadline =
        klass === 'NACK_REACH_QUEUE_TIMEOUT' || turnedDown ? message.reachBy : message.receiveBy;
      if (!(deadline <= now))
        problems.push(
          `${message.uid} dead-lettered as ${klass} on ${qm.machine} before its limit (${deadline})`,
        );
    }
    journal += places.journal.length;
    for (const uid of tracked.lost) place(uid, 'lost');
    for (const message of places.outgoing) {
      if (message.transmissions === 0) place(message.uid, 'outgoing');
      else unsettled.set(message.uid, 'inFlight');
    }
    // A delivered message awaiting its final acknowledgement is where its destination put it,
    // unless the destination failed it and hands it back (then the record is all there is).
    const awaitingFinal = new Set(places.unprocessed.map((message) => message.uid));
    for (const uid of awaitingFinal) unprocessed.add(uid);
    for (const message of places.inFlight)
      if (!awaitingFinal.has(message.uid)) unsettled.set(message.uid, 'inFlight');
    for (const uid of tracked.lostInFlight) if (!unsettled.has(uid)) unsettled.set(uid, 'lost');
  }
  for (const { uid, where } of refusedCopies) {
    if (!bucket.has(uid)) place(uid, where);
    else if (where === 'discarded' || where === 'purged') refusedAlso[where]++;
    else refusedAlso.deadLetter++;
  }
  for (const uid of unprocessed)
    if (!bucket.has(uid) && !unsettled.has(uid)) unsettled.set(uid, 'inFlight');
  for (const uid of expiredCopies) {
    if (bucket.has(uid) || unsettled.has(uid)) expiredAlsoDelivered++;
    else place(uid, 'expired');
  }
  for (const uid of discardedCopies) {
    if (bucket.has(uid) || unsettled.has(uid)) discardedAlsoDelivered++;
    else place(uid, 'discarded');
  }
  for (const uid of purgedCopies) {
    if (bucket.has(uid) || unsettled.has(uid)) purgedAlsoDelivered++;
    else place(uid, 'purged');
  }
  const balance = {
    sent: sent.size,
    received: 0,
    journal,
    queued: 0,
    deadLettered: 0,
    expired: 0,
    outgoing: 0,
    inFlight: 0,
    lost: 0,
    discarded: 0,
    purged: 0,
  };
  for (const uid of sent) {
    const where = bucket.get(uid) ?? unsettled.get(uid);
    if (where === undefined) {
      problems.push(`${uid} was sent and is nowhere`);
      continue;
    }
    balance[where]++;
    const delivery = sentMessages.get(uid)?.delivery;
    if (where === 'lost' && delivery !== 'express')
      problems.push(`${uid} is lost but was sent ${delivery ?? 'with an unknown kind'}`);
  }
  const accounted =
    balance.received +
    balance.queued +
    balance.deadLettered +
    balance.expired +
    balance.outgoing +
    balance.inFlight +
    balance.lost +
    balance.discarded +
    balance.purged;
  if (accounted !== balance.sent)
    problems.push(
      `${balance.sent} sent but ${accounted} accounted for: ${JSON.stringify(balance)}`,
    );
  if (counters.sent !== balance.sent)
    problems.push(
      `the queue managers count ${counters.sent} sent, the messages say ${balance.sent}`,
    );
  if (counters.purged - purgedAlsoDelivered - refusedAlso.purged !== balance.purged)
    problems.push(
      `the queue managers count ${counters.purged} purged (${purgedAlsoDelivered} of them copies expired at their sender after delivery, ${refusedAlso.purged} refused copies), the model places ${balance.purged}`,
    );
  if (counters.journal > counters.received)
    problems.push(`${counters.journal} journal copies of ${counters.received} received messages`);
  if (counters.queued !== balance.queued)
    problems.push(
      `the queue managers count ${counters.queued} queued, the queues hold ${balance.queued}`,
    );
  // A copy expired at its sender that the receiver also holds is one message counted in two
  // queue managers' accounting.
  if (counters.discarded - discardedAlsoDelivered - refusedAlso.discarded !== balance.discarded)
    problems.push(
      `the queue managers count ${counters.discarded} discarded (${discardedAlsoDelivered} of them copies expired at their sender after delivery, ${refusedAlso.discarded} refused copies), the model places ${balance.discarded}`,
    );
  if (
    counters.deadLetter - expiredAlsoDelivered - refusedAlso.deadLetter !==
    balance.deadLettered + balance.expired
  )
    problems.push(
      `the queue managers count ${counters.deadLetter} dead letters (${expiredAlsoDelivered} of them copies expired at their sender after delivery, ${refusedAlso.deadLetter} refused copies), the queues hold ${balance.deadLettered + balance.expired}`,
    );
  return { balance, problems };
}

/**
 * Every invariant that can be checked on the world as it stands now: `checkInvariants` of
 * `@mqsim/queue-manager`, {@link checkMessageBalance}, and what the monitor saw so far.
 */
export function checkModel(
  world: World,
  monitor: ModelMonitor,
): { readonly balance: MessageBalance; readonly problems: string[] } {
  const queueManagers = [...world.hosts.values()].flatMap((host) =>
    host.qm === undefined ? [] : [host.qm],
  );
  const { balance, problems } = checkMessageBalance(
    queueManagers,
    monitor.sent,
    world.clock.ticks(),
  );
  // Invariant 4 of `checkInvariants` ("holds only messages addressed to it") asks
  // `isAddressedHere` at check time, against the names and addresses of the service's *latest*
  // start, and without IgnoreOSNameValidation: a message rightly accepted before a renumbering
  // and restart, or accepted for another name by a service told to ignore names, reads as a
  // violation. The monitor checks the same rule where it belongs — when the message is
  // accepted — so those lines are left to it.
  const invariants = checkInvariants(queueManagers).filter(
    (problem) => !/^\S+ holds \S+, addressed to \S+$/.test(problem),
  );
  return { balance, problems: [...invariants, ...problems, ...monitor.problems] };
}

/**
 * Checks a report's totals against the model's balance: the buckets (`received`, `queued`,
 * `deadLettered`, `discarded`, `purged`, `lost`, `stuck` = `waiting` + `inFlight`) sum to `sent`,
 * and each equals where the model placed the messages.
 */
export function checkReportTotals(totals: Totals, balance: MessageBalance): string[] {
  const problems: string[] = [];
  const buckets =
    totals.received +
    totals.queued +
    totals.deadLettered +
    totals.discarded +
    totals.purged +
    totals.lost +
    totals.stuck;
  if (buckets !== totals.sent)
    problems.push(
      `the report's buckets sum to ${buckets}, not sent ${totals.sent}: ${JSON.stringify(totals)}`,
    );
  if ((totals.waiting ?? 0) + (totals.inFlight ?? 0) !== totals.stuck)
    problems.push(
      `the report's stuck ${totals.stuck} is not waiting + in flight: ${JSON.stringify(totals)}`,
    );
  const expected: [keyof Totals, number][] = [
    ['sent', balance.sent],
    ['received', balance.received],
    ['queued', balance.queued],
    ['deadLettered', balance.deadLettered + balance.expired],
    ['discarded', balance.discarded],
    ['purged', balance.purged],
    ['lost', balance.lost],
    ['stuck', balance.outgoing + balance.inFlight],
  ];
  for (const [name, count] of expected)
    if (totals[name] !== count)
      problems.push(`the report counts ${name} ${String(totals[name])}, the model places ${count}`);
  return problems;
}

/** A registry value read as the scheduler reads a next time: a FILETIME, or undefined (missing). */
function readFileTime(value: { readonly type: string; readonly data: unknown } | undefined) {
  if (value === undefined) return undefined;
  if (value.type === 'REG_QWORD' && typeof value.data === 'bigint') return value.data;
  if (value.type === 'REG_BINARY' && value.data instanceof Uint8Array && value.data.length === 8)
    return fromBytes(value.data).ticks;
  return undefined;
}
