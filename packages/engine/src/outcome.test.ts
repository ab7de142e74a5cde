import { readFileSync } from 'node:fs';
import { loadScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { runScenario } from './run-scenario.js';

const PAIR = `name: t
start: 2026-11-23T09:00:00Z
duration: 30m
networks: [{ name: lan }]
dns:
  zones: [{ name: corp.example }]
  records:
    - { name: app01.corp.example, type: A, value: 10.0.0.10 }
hosts:
  - name: APP01
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.10] }]
    queues: [{ name: 'private$\\orders' }]
  - name: APP02
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.20] }]
workload:
  - { from: APP02, to: orders@APP01, kind: recoverable, every: 1s, stop: 10m }
  - { from: APP01, to: orders@APP01, kind: recoverable, every: 1s, stop: 10m }
`;

const run = (extra: string) => runScenario(loadScenario(`${PAIR}${extra}`, 't.yaml'));
const MINUTE = 600_000_000;

/**
 * APP01 and APP02 on a 64 kbps LAN, APP02 in DNS with `queue` (a YAML flow mapping): the pair
 * the in-doubt cases below send over, for `duration`.
 */
const slowPair = (duration: string, queue: string) => `name: t
start: 2026-11-23T09:00:00Z
duration: ${duration}
networks: [{ name: lan, bandwidth: 64kbps }]
dns:
  zones: [{ name: corp.example }]
  records:
    - { name: app02.corp.example, type: A, value: 10.0.0.20 }
hosts:
  - name: APP01
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.10] }]
  - name: APP02
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.20] }]
    queues: [${queue}]
`;

/** The totals of a model-fuzz case kept in `__fixtures__`, run from its seed. */
const fixtureTotals = (name: string, seed: number) => {
  const text = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
  return runScenario(loadScenario(text, name), { seed }).totals;
};

describe('the run outcome', () => {
  it('measures time to drain, peak backlog and age when a receiver is down for five minutes', () => {
    const result = run(`timeline:
  - { at: 2m, do: stop-msmq, host: APP01 }
  - { at: 7m, do: start-msmq, host: APP01 }
expect:
  - drained: { by: 12m }
  - maxAge: { max: 8m }
`);
    const { outcome } = result;
    // APP01 is back at 7 min; APP02's backlog goes at its next retry, after which no message
    // waits more than 30 s.
    expect(outcome.drainedAt).toBeGreaterThan(7 * MINUTE);
    expect(outcome.drainedAt).toBeLessThan(10 * MINUTE);
    // Five minutes of messages pile up at APP02, and more until its next retry after the start
    // (MSMQ's back-off has reached 2 min by then); local sends never wait.
    expect(outcome.peakBacklog).toBeGreaterThan(300);
    expect(outcome.peakBacklog).toBeLessThan(480);
    expect(outcome.maxAgeAtDelivery).toBeGreaterThan(4 * MINUTE);
    expect(outcome.refusedAttempts).toBeGreaterThan(0);
    const queue = outcome.stateTime.find((entry) => entry.host === 'APP02');
    expect((queue?.ticks.Waiting ?? 0) / MINUTE).toBeGreaterThan(4);
    expect(result.expectations.map((expectation) => [expectation.ok, expectation.seen])).toEqual([
      [true, expect.stringMatching(/^at [789]m\d*s?$/)],
      [true, expect.stringMatching(/^[4-7]m\d*s?$/)],
    ]);
  });

  it('says not drained, and fails a drained expectation, while a sender still holds messages', () => {
    const result = run(`timeline:
  - { at: 2m, do: stop-msmq, host: APP01 }
expect:
  - drained: { by: 30m }
`);
    expect(result.outcome.drainedAt).toBeNull();
    expect(result.outcome.backlogAtEnd).toBe(480);
    expect(result.expectations[0]).toMatchObject({
      ok: false,
      seen: 'not drained: 480 messages still at senders',
    });
  });
});

describe('an outgoing expectation at a moment of the run', () => {
  it('looks at the queue then, and cannot be judged when the run stops before it', () => {
    const text = `${PAIR}timeline:
  - { at: 2m, do: stop-msmq, host: APP01 }
  - { at: 7m, do: start-msmq, host: APP01 }
expect:
  - outgoing: { host: APP02, queue: orders@APP01, state: Waiting, messages: { min: 100 }, at: 5m }
  - outgoing: { host: APP02, queue: orders@APP01, state: Connected, at: 12m }
`;
    const whole = runScenario(loadScenario(text, 't.yaml'));
    expect(whole.expectations.map((expectation) => [expectation.ok, expectation.text])).toEqual([
      [true, 'outgoing queue orders@APP01 on APP02 at 5m'],
      [true, 'outgoing queue orders@APP01 on APP02 at 12m'],
    ]);
    const cut = runScenario(loadScenario(text, 't.yaml'), { until: 10 * MINUTE });
    expect(cut.expectations.map((expectation) => [expectation.ok, expectation.seen])).toEqual([
      [true, expect.stringMatching(/^state Waiting, \d+ messages$/)],
      [false, 'not judged: the run ended before 12m'],
    ]);
  });
});

describe('a message its stopped sender counted lost on the wire', () => {
  // A slow link keeps each 1.5 KB message on the wire for ~0.2 s; the destination's queue is
  // transactional, so it discards every express message that arrives (NACK_NOT_TRANSACTIONAL_MSG).
  const text = `${slowPair('10m', "{ name: 'private$\\xact', transactional: true }")}workload:
  - { from: APP01, to: xact@APP02, kind: express, every: 10s, count: 5, size: 1500B, start: 0s }
timeline:
  - { at: 40100ms, do: stop-msmq, host: APP01 }
`;

  it('counts once, where its destination failed it, when it arrives after all', () => {
    const { totals } = runScenario(loadScenario(text, 't.yaml'));
    expect(totals).toMatchObject({ sent: 5, discarded: 5, lost: 0, stuck: 0, inDoubt: 1 });
  });
});

describe("a sender's dead-letter copy of a stored message, lost with the service", () => {
  // A first message opens the session. The destination stores the second just as a partition cuts the session acknowledgement
  // off; the sender's time-to-be-received runs out and it dead-letters its copy (in doubt);
  // then MSMQ stops on the sender and that express dead letter is lost. Model fuzz case
  // (fast-check seed -1058459724): the report counted it lost and purged -1.
  const text = `${slowPair('5m', "{ name: 'private$\\orders' }")}workload:
  - { from: APP01, to: orders@APP02, kind: express, every: 1s, count: 1, size: 16B, start: 56s, timeToBeReceived: 5s, deadLetter: true }
  - { from: APP01, to: orders@APP02, kind: express, every: 10s, count: 1, size: 16B, start: 0s }
timeline:
  - { at: 56s, do: partition, name: cut, a: [APP01], b: [APP02] }
  - { at: 88s, do: stop-msmq, host: APP01 }
`;

  it('counts it once, queued where it was stored, and in doubt', () => {
    const { totals } = runScenario(loadScenario(text, 't.yaml'));
    expect(totals).toMatchObject({ sent: 2, queued: 2, lost: 0, purged: 0, deadLettered: 0 });
    expect(totals.inDoubt).toBe(1);
  });
});

describe('a message its sender gave up while a copy was on the wire', () => {
  it('counts once, where the destination put it, when the copy arrives', () => {
    const totals = fixtureTotals('gave-up-while-on-the-wire.yaml', 1_622_265_380);
    expect(totals).toMatchObject({ sent: 28, discarded: 28, inDoubt: 28 });
  });
});

describe('express copies lost from the outgoing queue while on the wire', () => {
  // A lossy link breaks sessions, so the sender's unacknowledged copies go back to its outgoing
  // queue, sent once; MSMQ stops on the sender and three of them arrive a millisecond later.
  // Model fuzz case (fast-check seed -2052045813): the report counted them lost and queued.
  it('counts them once, where they arrived', () => {
    const totals = fixtureTotals('lost-from-the-outgoing-queue-on-the-wire.yaml', 419_792_206);
    expect(totals).toMatchObject({ sent: 35, lost: 2, inDoubt: 22 });
    const { sent, delivered, received, queued, deadLettered, lost, stuck, discarded, purged } =
      totals;
    expect(received + queued + deadLettered + lost + stuck + discarded + purged).toBe(sent);
    expect(delivered).toBeLessThanOrEqual(sent);
  });
});

describe('a resent copy refused by the machine the name now resolves to', () => {
  // APP02's name is moved to APP01's own address at the start; the first copies reach APP02 over
  // a lossy link and are received there, their acknowledgements lost; the resends go to APP01,
  // which refuses them (NACK_BAD_DST_Q, discarded). Model fuzz case (fast-check seed
  // 1154401704): the report counted 31 messages received and discarded.
  it('counts each message once, where it was received, with the refused copy in doubt', () => {
    const totals = fixtureTotals('resent-copy-refused-by-another-machine.yaml', 1);
    expect(totals).toMatchObject({ sent: 32, received: 32, discarded: 0, inDoubt: 31 });
  });
});

describe('a transactional message handed back after its sender dead-lettered its copy', () => {
  it('counts dead-lettered at the sender, not in flight', () => {
    const totals = fixtureTotals('returned-after-sender-gave-up.yaml', 1);
    expect(totals).toMatchObject({ sent: 29, deadLettered: 7, stuck: 19 });
  });
});

describe('the run history', () => {
  it("keeps each queue's state changes and every failed attempt, matching the counts", () => {
    const result = run(`timeline:
  - { at: 2m, do: stop-msmq, host: APP01 }
  - { at: 7m, do: start-msmq, host: APP01 }
`);
    const history = result.history;
    const queue = history?.queues.find((entry) => entry.host === 'APP02');
    const states = (queue?.changes ?? []).map((change) => change.state);
    // Connected until APP01 stops, Waiting while it is down, Connected again after its start,
    // Inactive once the workload has stopped and the queue is idle.
    expect(states.slice(-4)).toEqual(['Connected', 'Waiting', 'Connected', 'Inactive']);
    const waitingFrom = queue?.changes.at(-3)?.t ?? 0;
    expect(waitingFrom).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(waitingFrom).toBeLessThan(3 * MINUTE);
    const attempts = history?.attempts ?? [];
    expect(attempts.filter((a) => a.outcome === 'refused')).toHaveLength(
      result.outcome.refusedAttempts,
    );
    expect(attempts.filter((a) => a.outcome === 'timed-out')).toHaveLength(
      result.outcome.timedOutAttempts,
    );
    expect(attempts.every((a, i) => i === 0 || a.t >= (attempts[i - 1]?.t ?? 0))).toBe(true);
    expect(history?.truncated).toBe(false);
  });
});
