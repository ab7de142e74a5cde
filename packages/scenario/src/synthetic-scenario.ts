/**
 * A large scenario of a given shape, written as scenario YAML: sites joined by a router, MSMQ
 * machines in each, message streams between them and the incidents of the seed articles and of
 * Particular's troubleshooting guide (servers renumbered in DNS, a partition, a crashed service,
 * a DNS outage, time limits) on one timeline. For load tests and benchmarks, and for the built-in
 * `enterprise` scenario, which is one of these written to a file.
 */

/** The shape of a {@link syntheticScenario}. */
export interface SyntheticShape {
  /** The scenario's name. */
  readonly name: string;
  /** One or two sentences for `mqsim scenarios`. Default: the shape in words. */
  readonly description?: string;
  /** Network segments, one per site, joined by one router. 1 to 99. */
  readonly sites: number;
  /** MSMQ machines per site (not counting its DC). 1 to 999. */
  readonly machinesPerSite: number;
  /** Workload streams, each from one machine to a queue on a machine of another site. */
  readonly streams: number;
  /**
   * How many machines receive (spread evenly over the sites; each has a consumer). Default
   * every machine may: stream `i` goes to machine `(13i + 5) mod n`.
   */
  readonly receivers?: number;
  /**
   * Traffic multiplier: each stream sends every `streamInterval / traffic` (1, 10, 100 …). The
   * interval is rounded to whole microseconds.
   */
  readonly traffic: number;
  /** A stream's interval at traffic 1. Default 10 s (written in seconds). */
  readonly streamIntervalSeconds?: number;
  /** Run length, in whole minutes (at least 60: the incidents are in the first hour). */
  readonly durationMinutes: number;
  /** Receiving servers renumbered in DNS at 15 min, restarted with their senders at 40 min. */
  readonly renumbered: number;
  /**
   * How many of the renumbered servers get the fix (MSMQ restarted on them and their senders at
   * 40 min); the others' senders keep dialling the old addresses to the end. Default all.
   */
  readonly restarted?: number;
  /**
   * With a domain controller per site (a `directory` section: DS list refreshes run); without,
   * a workgroup. Default true.
   */
  readonly directory?: boolean;
  /** Consumers read every receiving queue. Default true; false leaves every delivered message queued. */
  readonly consumers?: boolean;
  /**
   * Each consumer takes at most one message per this many whole seconds (`every:`). Default: as
   * soon as messages arrive (the engine polls a queue every 100 ms, which for hundreds of
   * consumers over a day is most of a run's events).
   */
  readonly consumerEverySeconds?: number;
  /**
   * Every network loses every packet from the start (`set-link … loss: 1`), so every message
   * waits in its sender's outgoing queue. Default false.
   */
  readonly networkDown?: boolean;
  /** Default 1. */
  readonly seed?: number;
}

interface Machine {
  readonly name: string;
  readonly site: number;
  readonly address: string;
}

/**
 * Writes the scenario YAML of `shape`. Deterministic: the same shape gives the same text.
 *
 * Stream `i` goes from machine `(7i) mod n` to the first machine of a different site chosen
 * by `(13i + 5) mod n`, so streams spread over every site; every 5th stream has a
 * time-to-reach-queue of 5 min (dead-lettered) and every 7th a time-to-be-received of 10 min.
 * Every 4th stream is express, the rest recoverable.
 *
 * @example
 * ```ts
 * const text = syntheticScenario({
 *   name: 'load-test', sites: 2, machinesPerSite: 3, streams: 4, traffic: 1,
 *   durationMinutes: 60, renumbered: 1,
 * });
 * loadScenario(text, 'load-test.yaml').hosts.length; // => 8
 * ```
 */
export function syntheticScenario(shape: SyntheticShape): string {
  checkShape(shape);
  const { sites, machinesPerSite, streams, traffic, durationMinutes, renumbered } = shape;
  const directory = shape.directory ?? true;
  const intervalSeconds = shape.streamIntervalSeconds ?? 10;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const machines: Machine[] = [];
  for (let site = 1; site <= sites; site++)
    for (let index = 1; index <= machinesPerSite; index++)
      machines.push({
        name: `S${pad(site, 2)}-APP${pad(index, 3)}`,
        site,
        address: `10.${site}.${1 + Math.floor(index / 250)}.${index % 250}`,
      });
  const total = machines.length;
  // The machines streams go to: every machine, or `receivers` of them spread over the sites.
  const pool =
    shape.receivers === undefined
      ? machines
      : Array.from(
          { length: shape.receivers },
          (_, index) =>
            machines[Math.floor((index * total) / (shape.receivers ?? total))] as Machine,
        );
  const receiverOf = (stream: number, sender: Machine): Machine => {
    for (let step = 0; step < pool.length; step++) {
      const candidate = pool[(13 * stream + 5 + step) % pool.length] as Machine;
      if (candidate.site !== sender.site || sites === 1) {
        if (candidate !== sender) return candidate;
      }
    }
    return sender;
  };
  const flows = Array.from({ length: streams }, (_, stream) => {
    const from = machines[(7 * stream) % total] as Machine;
    return { stream, from, to: receiverOf(stream, from) };
  });
  const receivers = [...new Set(flows.map((flow) => flow.to))];
  const moved = receivers.slice(0, renumbered);
  const sendersOf = (machine: Machine) =>
    flows.filter((flow) => flow.to === machine).map((flow) => flow.from);
  const every = `${Math.max(1, Math.round((intervalSeconds * 1e6) / traffic))}us`;
  const dc = (site: number) => `S${pad(site, 2)}-DC`;
  const net = (site: number) => `site${pad(site, 2)}`;

  const lines: string[] = [
    '# yaml-language-server: $schema=../scenario.schema.json',
    '#',
    `# Written by syntheticScenario() in @mqsim/scenario (${JSON.stringify({ ...shape, name: undefined, description: undefined })}).`,
    `name: ${shape.name}`,
    `description: ${JSON.stringify(
      shape.description ??
        `${total} MSMQ machines in ${sites} sites, ${streams} streams; ${renumbered} servers renumbered in DNS, a partition, a crash and a DNS outage.`,
    )}`,
    'start: 2026-11-23T00:00:00Z',
    `seed: ${shape.seed ?? 1}`,
    `duration: ${durationMinutes}m`,
    '',
    'networks:',
    ...Array.from({ length: sites }, (_, s) => `  - { name: ${net(s + 1)}, latency: 1ms }`),
  ];
  if (sites > 1)
    lines.push(
      '',
      'routers:',
      `  - { name: wan, networks: [${Array.from({ length: sites }, (_, s) => net(s + 1)).join(', ')}] }`,
    );
  if (directory)
    lines.push(
      '',
      'directory:',
      `  controllers: [${Array.from({ length: sites }, (_, s) => dc(s + 1)).join(', ')}]`,
      '  siteQueryTime: 2s',
      '  enterpriseQueryTime: 10s',
    );
  lines.push(
    '',
    'dns:',
    '  zones:',
    '    - { name: corp.example, ttl: 1200, negativeTtl: 900 }',
    '  records:',
  );
  for (const machine of machines)
    lines.push(
      `    - { name: ${machine.name.toLowerCase()}.corp.example, type: A, value: ${machine.address} }`,
    );
  lines.push('', 'hosts:');
  for (let site = 1; site <= sites && directory; site++)
    lines.push(
      `  - { name: ${dc(site)}, role: none, interfaces: [{ name: eth0, network: ${net(site)}, addresses: [10.${site}.0.2] }] }`,
    );
  const receiving = new Set(receivers);
  for (const machine of machines)
    lines.push(
      `  - name: ${machine.name}`,
      '    role: server',
      '    domain: corp.example',
      `    interfaces: [{ name: eth0, network: ${net(machine.site)}, addresses: [${machine.address}] }]`,
      ...(receiving.has(machine) ? ["    queues: [{ name: 'private$\\orders' }]"] : []),
    );
  lines.push('', 'workload:');
  for (const { stream, from, to } of flows) {
    const limits = [
      ...(stream % 5 === 4 ? ['timeToReachQueue: 5m', 'deadLetter: true'] : []),
      ...(stream % 7 === 6 ? ['timeToBeReceived: 10m'] : []),
    ];
    lines.push(
      `  - { from: ${from.name}, to: orders@${to.name}, kind: ${stream % 4 === 3 ? 'express' : 'recoverable'}, every: ${every}, size: 1KB${limits.map((limit) => `, ${limit}`).join('')} }`,
    );
  }
  if (shape.consumers !== false) {
    lines.push('', 'consumers:');
    for (const machine of receivers)
      lines.push(
        `  - { host: ${machine.name}, queue: 'private$\\orders'${shape.consumerEverySeconds === undefined ? '' : `, every: ${shape.consumerEverySeconds}s`} }`,
      );
  }

  lines.push('', 'timeline:');
  for (let site = 1; site <= sites && shape.networkDown === true; site++)
    lines.push(`  - { at: 0s, do: set-link, network: ${net(site)}, loss: 1 }`);
  for (const [index, machine] of moved.entries()) {
    const address = `10.${machine.site}.200.${1 + index}`;
    lines.push(
      `  - { at: 15m, do: renumber, host: ${machine.name}, interface: eth0, network: ${net(machine.site)}, addresses: [${address}] }`,
      `  - { at: 15m, do: dns-set, name: ${machine.name.toLowerCase()}.corp.example, type: A, values: [${address}] }`,
    );
  }
  const first = machines.filter((machine) => machine.site === 1).slice(0, 2);
  const second = machines.filter((machine) => machine.site === Math.min(2, sites)).slice(-2);
  if (sites > 1) {
    lines.push(
      `  - { at: 20m, do: partition, name: wan-cut, a: [${first.map((machine) => machine.name).join(', ')}], b: [${second.map((machine) => machine.name).join(', ')}] }`,
      '  - { at: 25m, do: heal, name: wan-cut }',
    );
  }
  const crashed = flows[0]?.from;
  if (crashed !== undefined)
    lines.push(
      `  - { at: 30m, do: crash-msmq, host: ${crashed.name} }`,
      `  - { at: 31m, do: start-msmq, host: ${crashed.name} }`,
    );
  // The fix of the seed incident: restart MSMQ on the renumbered receiver and on its senders.
  const fixed = moved.slice(0, shape.restarted ?? moved.length);
  const restarted = new Set(fixed.flatMap((machine) => [machine, ...sendersOf(machine)]));
  for (const machine of restarted)
    lines.push(`  - { at: 40m, do: restart-msmq, host: ${machine.name} }`);
  lines.push('  - { at: 45m, do: dns-server-down }', '  - { at: 50m, do: dns-server-up }');
  // What the shape guarantees, whatever the traffic: every MSMQ machine refreshes its site list
  // at start (no DSNext… value yet), and a renumbered receiver's senders dial its old address.
  lines.push('', 'expect:', '  - delivered: { min: 1 }');
  if (directory) lines.push(`  - trace: { type: ds.refresh.succeeded, count: { min: ${total} } }`);
  if (moved.length > 0 && shape.networkDown !== true)
    lines.push('  - trace: { type: qm.session.failed, count: { min: 1 } }');
  lines.push('');
  return `${lines.join('\n')}`;
}

/**
 * Each whole-number option's range; `optional` ones may be left out (each then has its own
 * meaning: every machine receives, every renumbered pair restarts, consumers read at once).
 */
const SHAPE_RANGES = {
  sites: { min: 1, max: 99 },
  machinesPerSite: { min: 1, max: 999 },
  streams: { min: 1, max: 1000 },
  durationMinutes: { min: 60, max: 527_040 },
  renumbered: { min: 0, max: 1000 },
  restarted: { min: 0, max: 1000, optional: true },
  receivers: { min: 1, max: 99_999, optional: true },
  consumerEverySeconds: { min: 1, max: 86_400, optional: true },
} as const;

/** One line naming the option, its value and what would be valid. */
function checkShape(shape: SyntheticShape): void {
  for (const [option, range] of Object.entries(SHAPE_RANGES)) {
    const value: unknown = shape[option as keyof typeof SHAPE_RANGES];
    if (value === undefined && 'optional' in range) continue;
    if (
      !(
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= range.min &&
        value <= range.max
      )
    )
      throw new RangeError(
        `syntheticScenario: ${option} ${String(value)} is not valid (allowed: a whole number from ${range.min} to ${range.max})`,
      );
  }
  if ((shape.receivers ?? 0) > shape.sites * shape.machinesPerSite)
    throw new RangeError(
      `syntheticScenario: receivers ${shape.receivers} is more than the ${shape.sites * shape.machinesPerSite} machines (allowed: at most sites × machinesPerSite)`,
    );
  const interval = shape.streamIntervalSeconds ?? 10;
  for (const [option, value] of [
    ['traffic', shape.traffic],
    ['streamIntervalSeconds', interval],
  ] as const)
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0))
      throw new RangeError(
        `syntheticScenario: ${option} ${String(value)} is not valid (allowed: a number above 0)`,
      );
  if ((interval * 1e3) / shape.traffic < 1)
    throw new RangeError(
      `syntheticScenario: traffic ${shape.traffic} sends more often than every 1ms (allowed: streamIntervalSeconds / traffic ≥ 0.001)`,
    );
}

/**
 * The shape of the built-in `enterprise` scenario (`scenarios/enterprise.yaml` is
 * `syntheticScenario(ENTERPRISE_SHAPE)`; `pnpm --filter @mqsim/scenario generate` rewrites it).
 *
 * @example
 * ```ts
 * ENTERPRISE_SHAPE.sites * ENTERPRISE_SHAPE.machinesPerSite; // => 1000
 * ```
 */
export const ENTERPRISE_SHAPE: SyntheticShape = Object.freeze({
  name: 'enterprise',
  description:
    'An enterprise for a day: 1,000 MSMQ servers in 20 sites with a DC each, 400 message streams between sites to 150 receiving servers. 100 receiving servers are renumbered in DNS; their senders keep the old addresses until MSMQ is restarted on both sides, which is done for 60 of them. A WAN partition, a crashed service and a DNS outage on the way; DS refreshes at start.',
  sites: 20,
  machinesPerSite: 50,
  streams: 400,
  receivers: 150,
  consumerEverySeconds: 1,
  traffic: 1,
  streamIntervalSeconds: 60,
  durationMinutes: 1440,
  renumbered: 100,
  restarted: 60,
});
