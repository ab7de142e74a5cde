import type { QueueManager } from './queue-manager.js';

/**
 * Checks the invariants the simulator promises, across a set of queue managers created with
 * `trackMessages: true`, and returns every violation found (empty when all hold):
 *
 * 1. Every message ever sent is in exactly one place: an outgoing queue, a destination queue, a
 *    dead-letter queue, received by an application, discarded (failed, sent without
 *    MQMSG_DEADLETTER), purged by an administrator, or lost (express, on a stop or
 *    crash) — or else in flight (sent on a session, not yet acknowledged, or a transactional copy
 *    awaiting its order acknowledgement, or a delivered dead-letter-tracked message awaiting its
 *    final one). A copy still awaiting
 *    its acknowledgement after it was delivered is the same message, not a second one — also when
 *    a broken session put it back in its outgoing queue to be resent (the receiver drops the
 *    resend) — and so is the journal's copy of a received message. The one exception: a copy
 *    whose time limit passed at its sender while it waited to be resent (TTRQ covers every copy)
 *    is in the sender's dead-letter queue and may also be in one place at the receiver, whose
 *    acknowledgement was lost with the session (`tracked.expiredInFlight`). Likewise a resent
 *    copy another machine refused on arrival (`tracked.turnedAway`: discarded or dead-lettered
 *    there, maybe purged since) is a copy, beside the one place the message has.
 * 2. No message is anywhere that was never sent.
 * 3. Transactional messages wait in each queue in the order they were sent, without duplicates.
 * 4. A running queue manager holds, in its own queues, only messages addressed to it.
 *
 * @example
 * ```ts
 * checkInvariants([]); // => []
 * ```
 */
export function checkInvariants(queueManagers: readonly QueueManager[]): string[] {
  const problems: string[] = [];
  const sent = new Set<string>();
  const settled = new Map<string, string[]>();
  const inFlight = new Set<string>();
  // Sender-side copies of messages already put on a session: after a broken session they wait to
  // be resent, and the receiver drops them if it has them.
  const resendable = new Set<string>();
  const lostInFlight = new Set<string>();
  // Messages that expired at their sender after a copy had been put on a session.
  const expiredInFlight = new Set<string>();
  // Per message, the places that are copies a machine refused on arrival.
  const turnedAway = new Map<string, Set<string>>();
  const note = (uid: string, place: string) => {
    const places = settled.get(uid) ?? [];
    places.push(place);
    settled.set(uid, places);
  };
  for (const qm of queueManagers) {
    const places = qm.places();
    if (places.tracked === undefined) {
      problems.push(`${qm.machine} does not track messages (create it with trackMessages: true)`);
      continue;
    }
    for (const uid of places.tracked.sent) sent.add(uid);
    for (const uid of places.tracked.received) note(uid, `received on ${qm.machine}`);
    for (const uid of places.tracked.lost) note(uid, `lost on ${qm.machine}`);
    for (const uid of places.tracked.discarded) note(uid, `discarded on ${qm.machine}`);
    for (const uid of places.tracked.purged) note(uid, `purged on ${qm.machine}`);
    for (const message of places.outgoing) {
      if (message.transmissions > 0) resendable.add(message.uid);
      else note(message.uid, `outgoing on ${qm.machine}`);
    }
    for (const message of places.queued) note(message.uid, `queued on ${qm.machine}`);
    // A journal keeps a copy of a received message: the same message, not another place.
    for (const message of places.journal) {
      if (!places.tracked.received.has(message.uid))
        problems.push(`${qm.machine} journals ${message.uid}, which was not received there`);
    }
    for (const message of places.deadLetter) note(message.uid, `dead-letter on ${qm.machine}`);
    for (const message of places.inFlight) inFlight.add(message.uid);
    for (const uid of places.tracked.lostInFlight) lostInFlight.add(uid);
    for (const uid of places.tracked.expiredInFlight) expiredInFlight.add(uid);
    for (const uid of places.tracked.turnedAway) {
      const copies = turnedAway.get(uid) ?? new Set();
      for (const where of ['discarded', 'dead-letter', 'purged'])
        copies.add(`${where} on ${qm.machine}`);
      turnedAway.set(uid, copies);
    }

    const lastTransactional = new Map<string, number>();
    for (const message of places.queued) {
      if (qm.state === 'running' && !qm.isAddressedHere(message.destination)) {
        problems.push(`${qm.machine} holds ${message.uid}, addressed to ${message.destination}`);
      }
      if (message.delivery !== 'transactional') continue;
      const stream = `${message.from}|${message.destinationKey}`;
      const last = lastTransactional.get(stream) ?? 0;
      if (message.id <= last)
        problems.push(
          `${qm.machine}: transactional ${message.uid} after id ${last} of the same sender and queue`,
        );
      lastTransactional.set(stream, message.id);
    }
  }
  for (const uid of sent) {
    const places = settled.get(uid) ?? [];
    // A copy that expired at its sender after it was sent may have reached the receiver too:
    // then it is in the sender's dead-letter queue (or was purged from it) and in one place at
    // the receiver.
    const sender = uid.slice(0, uid.lastIndexOf(':'));
    const expiredCopy =
      expiredInFlight.has(uid) &&
      places.length === 2 &&
      (places.includes(`dead-letter on ${sender}`) ||
        places.includes(`discarded on ${sender}`) ||
        places.includes(`purged on ${sender}`));
    const refused = turnedAway.get(uid);
    const refusedCopies =
      refused === undefined ? 0 : places.filter((place) => refused.has(place)).length;
    // Refused copies beside one other place, or several refused copies and nothing else.
    const refusedCopy = refusedCopies > 0 && places.length - refusedCopies <= 1;
    if (places.length > 1 && !expiredCopy && !refusedCopy)
      problems.push(`${uid} is in ${places.length} places: ${places.join(', ')}`);
    // An express message its sender lost while unacknowledged is where the wire put it, or lost.
    if (
      places.length === 0 &&
      !inFlight.has(uid) &&
      !lostInFlight.has(uid) &&
      !resendable.has(uid)
    ) {
      problems.push(`${uid} was sent and is nowhere`);
    }
  }
  for (const [uid, places] of settled) {
    if (!sent.has(uid)) problems.push(`${uid} is ${places.join(', ')} but was never sent`);
  }
  for (const uid of [...inFlight, ...resendable])
    if (!sent.has(uid)) problems.push(`${uid} is in flight but was never sent`);
  return problems;
}
