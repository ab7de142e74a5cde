import { type FileTime, fromIso, parseDuration } from '@mqsim/filetime';
import { readDirectory, readDns } from './normalize-dns.js';
import { readExpectation } from './normalize-expectations.js';
import { readHost } from './normalize-hosts.js';
import { readNetworkSection } from './normalize-network.js';
import { normalizeTimeline } from './normalize-timeline.js';
import {
  DestinationResolver,
  readInterval,
  readWindow,
  readWorkload,
} from './normalize-workload.js';
import { msmqHost, type ScenarioTables } from './scenario-checks.js';
import { ScenarioContext } from './scenario-context.js';
import { SCENARIO_LIMITS } from './scenario-limits.js';
import type { RawScenario } from './scenario-schema.js';
import type { ScenarioSource } from './scenario-source.js';
import type { Scenario, ScenarioConsumer, ScenarioQueue } from './scenario-types.js';
import { roughly } from './scenario-values.js';

const MAX_DURATION_TICKS = parseDuration(SCENARIO_LIMITS.maxDuration);

/**
 * Checks what the schema cannot (values, cross references, sizes) and builds the normalized
 * {@link Scenario}; `undefined` when any problem was found (they are in `context.problems`).
 */
export function normalizeScenario(
  raw: RawScenario,
  source: ScenarioSource,
): {
  readonly scenario: Scenario | undefined;
  readonly problems: ScenarioContext['problems'];
} {
  const context = new ScenarioContext(source);
  const start = readStart(context, raw.start);
  const duration = readDuration(context, raw.duration);

  const {
    networks,
    normalizedNetworks,
    routers,
    hosts,
    interfaces,
    addressHost,
    nats,
    normalizedNats,
  } = readNetworkSection(context, raw);

  const dns = readDns(context, raw, hosts);
  const recordNames = new Set(dns.records.map((record) => record.name));
  const directory = readDirectory(context, raw, hosts);

  const queues = new Map<string, Map<string, ScenarioQueue>>();
  const normalizedHosts = raw.hosts.map((host, index) => {
    const normalized = readHost(context, host, index, interfaces.get(host.name.toLowerCase()));
    if (!queues.has(host.name.toLowerCase())) {
      queues.set(
        host.name.toLowerCase(),
        new Map(normalized.queues.map((queue) => [queue.name.toLowerCase(), queue])),
      );
    }
    return normalized;
  });

  const tables: ScenarioTables = {
    context,
    start,
    duration,
    networks,
    nats,
    hosts,
    zones: dns.zones,
    recordNames,
    interfaces,
    queues,
  };
  const hostByName = new Map(normalizedHosts.map((host) => [host.name.toLowerCase(), host]));
  const destinations = new DestinationResolver(tables, hostByName, addressHost);

  const workload = (raw.workload ?? []).map((item, index) =>
    readWorkload(tables, destinations, item, index),
  );
  const consumers = (raw.consumers ?? []).map((consumer, index): ScenarioConsumer => {
    const path = ['consumers', index];
    const host = msmqHost(tables, consumer.host, [...path, 'host']);
    const queue = destinations.localQueue(host, consumer.queue, [...path, 'queue']);
    const window = readWindow(tables, path, consumer.start, consumer.stop);
    return {
      host: host?.name ?? consumer.host,
      queue,
      every:
        consumer.every === undefined ? 0 : readInterval(tables, [...path, 'every'], consumer.every),
      ...window,
      location: context.location(path),
    };
  });
  const timeline = normalizeTimeline(tables, raw.timeline ?? []);
  const expectations = (raw.expect ?? []).map((item, index) =>
    readExpectation(tables, destinations, workload, item, index),
  );

  const messages = workload.reduce((sum, item) => sum + item.messages, 0);
  if (messages > SCENARIO_LIMITS.maxMessages) {
    const biggest = [...workload].sort((a, b) => b.messages - a.messages)[0];
    const detail =
      biggest === undefined
        ? ''
        : `; the largest, from ${biggest.from} to ${biggest.to.text} every ${roughly(biggest.every)}, sends about ${biggest.messages.toExponential(1)}`;
    context.problem(
      ['workload'],
      `would send about ${messages.toExponential(1)} messages in ${roughly(duration)}${detail}`,
      `at most ${SCENARIO_LIMITS.maxMessages.toLocaleString('en-US')} messages per run: send less often, for less time, or give a count`,
      { key: true },
    );
  }

  if (context.problems.length > 0) return { scenario: undefined, problems: context.problems };
  return {
    scenario: {
      file: source.file,
      name: raw.name,
      description: (raw.description ?? '').trim(),
      start,
      seed: raw.seed ?? 1,
      duration,
      networks: normalizedNetworks,
      routers,
      nats: normalizedNats,
      dns,
      directory,
      hosts: normalizedHosts,
      workload,
      consumers,
      timeline,
      expectations,
      estimate: { messages },
    },
    problems: [],
  };
}

/** The latest start a run can have: its clock, DS refresh times and reports stay within 9999. */
const LATEST_START = '9000-01-01T00:00:00Z';

function readStart(context: ScenarioContext, text: string): FileTime {
  try {
    const start = fromIso(text);
    // FILETIME reaches year 60056, but a run adds its duration and MSMQ's refresh intervals to
    // the start (and reports write four-digit years): keep well inside.
    if (!start.isBefore(fromIso(LATEST_START))) {
      context.problem(
        ['start'],
        `start: ${text} is too far in the future for a run`,
        `a start before ${LATEST_START}`,
      );
      return fromIso('2000-01-01T00:00:00Z');
    }
    return start;
  } catch (error) {
    context.problem(
      ['start'],
      `start: ${error instanceof Error ? error.message : String(error)}`,
      'an ISO-8601 date-time with a zone, such as 2026-11-23T08:00:00Z',
    );
    return fromIso('2000-01-01T00:00:00Z');
  }
}

function readDuration(context: ScenarioContext, text: string): number {
  let ticks: bigint;
  try {
    ticks = parseDuration(text);
  } catch (error) {
    context.problem(
      ['duration'],
      `duration: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 0;
  }
  if (ticks > MAX_DURATION_TICKS || ticks === 0n) {
    context.problem(
      ['duration'],
      ticks === 0n
        ? 'duration is 0: nothing would happen'
        : `duration ${text} is ${roughly(ticks)}, longer than mqsim simulates`,
      `a duration above 0 and at most ${SCENARIO_LIMITS.maxDuration}`,
    );
    return 0;
  }
  return Number(ticks);
}
