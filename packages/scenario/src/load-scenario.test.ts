import { readFileSync } from 'node:fs';
import { fromIso } from '@mqsim/filetime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioFile } from './load-scenario.js';
import { ScenarioError } from './scenario-error.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);
const read = (name: string) => readFileSync(fixture(name), 'utf8');

/** The message lines of the error loading `text` throws. */
function problems(text: string, file = 's.yaml'): string[] {
  try {
    loadScenario(text, file);
  } catch (error) {
    if (!ScenarioError.isInstance(error)) throw error;
    return error.message.split('\n');
  }
  throw new Error('expected the scenario to be refused');
}

const HEAD = 'name: t\nstart: 2026-11-23T08:00:00Z\nduration: 1h\nnetworks: [{ name: lan }]\n';
const HOST = (name: string, address: string) =>
  `  - { name: ${name}, interfaces: [{ name: eth0, network: lan, addresses: [${address}] }] }\n`;
const TWO_HOSTS = `${HEAD}hosts:\n${HOST('APP01', '10.0.0.1')}${HOST('APP02', '10.0.0.2')}`;

describe('loadScenario', () => {
  it('normalizes a valid scenario: ticks, canonical addresses, defaults, locations', () => {
    const file = 'small.yaml';
    const at = (line: number, column: number) => ({ file, line, column });
    const scenario = loadScenario(read('small.yaml'), file);
    expect(scenario).toEqual({
      file,
      name: 'small',
      description: '',
      start: fromIso('2026-11-23T08:00:00Z'),
      seed: 1,
      duration: 36_000_000_000,
      networks: [
        {
          name: 'lan',
          link: { latency: 10_000, loss: 0.01, bandwidth: 100_000_000 },
          location: at(5, 5),
        },
      ],
      routers: [],
      nats: [],
      dns: {
        server: undefined,
        zones: [{ name: 'corp.example', defaultTtl: 600, negativeTtl: 3600, location: at(7, 11) }],
        records: [
          {
            name: 'app01.corp.example',
            type: 'A',
            ttl: 600,
            data: '10.0.0.20',
            location: at(9, 7),
          },
        ],
      },
      directory: {
        controller: undefined,
        controllers: [],
        siteQueryTime: 20_000_000,
        enterpriseQueryTime: 100_000_000,
        failureTime: 6_000_000_000,
        workgroup: true,
      },
      hosts: [
        {
          name: 'APP01',
          role: 'server',
          domain: 'corp.example',
          fqdn: 'app01.corp.example',
          interfaces: [
            { name: 'eth0', network: 'lan', addresses: ['10.0.0.20'], location: at(14, 18) },
          ],
          dnsClient: {
            maxCacheTtl: 86_400,
            maxNegativeCacheTtl: 900,
            queryTimeouts: [1, 2, 2, 4, 8],
            suffixSearchList: ['corp.example'],
          },
          hostsFile: undefined,
          msmq: { running: true, nameCache: undefined, qmId: undefined },
          registry: [
            {
              name: 'DSSiteListRefresh',
              value: { type: 'REG_DWORD', data: 24 },
              location: at(17, 26),
            },
            {
              name: 'DSNextSiteListRefreshTime',
              value: { type: 'REG_QWORD', data: 133_000_000_000_000_001n },
              location: at(18, 34),
            },
          ],
          queues: [
            {
              name: 'private$\\orders',
              private: true,
              transactional: true,
              quota: 100 * 1024 * 1024,
              journal: false,
              location: at(15, 14),
            },
          ],
          location: at(11, 5),
        },
        {
          name: 'APP02',
          role: 'client',
          domain: undefined,
          fqdn: undefined,
          interfaces: [
            { name: 'eth0', network: 'lan', addresses: ['2001:db8::21'], location: at(20, 18) },
          ],
          dnsClient: {
            maxCacheTtl: 86_400,
            maxNegativeCacheTtl: 900,
            queryTimeouts: [1, 2, 2, 4, 8],
            suffixSearchList: [],
          },
          hostsFile: undefined,
          msmq: { running: true, nameCache: { kind: 'fixed-ttl', seconds: 30 }, qmId: undefined },
          // msmq.waitTime is sugar for the registry value MSMQ reads at start, in seconds.
          registry: [
            { name: 'WaitTime', value: { type: 'REG_DWORD', data: 30 }, location: at(21, 68) },
          ],
          queues: [],
          location: at(19, 5),
        },
      ],
      workload: [
        {
          from: 'APP02',
          to: {
            text: 'orders@app01',
            formatName: 'DIRECT=OS:app01\\private$\\orders',
            protocol: 'os',
            host: 'app01',
            queue: 'private$\\orders',
          },
          kind: 'transactional',
          every: 10_000_000,
          count: 100,
          size: 1024,
          start: 600_000_000,
          stop: 36_000_000_000,
          timeToReachQueue: undefined,
          timeToBeReceived: undefined,
          deadLetter: false,
          messages: 100,
          location: at(23, 5),
        },
      ],
      consumers: [
        {
          host: 'APP01',
          queue: 'private$\\orders',
          every: 100_000,
          start: 0,
          stop: 36_000_000_000,
          location: at(25, 5),
        },
      ],
      timeline: [
        { at: 6_000_000_000, note: 'first', location: at(28, 5), do: 'flushdns', host: 'APP02' },
        {
          at: 6_000_000_000,
          note: undefined,
          location: at(29, 5),
          do: 'dns-set',
          name: 'app01.corp.example',
          type: 'A',
          values: ['10.0.0.21'],
          ttl: 600,
        },
        {
          at: 18_000_000_000,
          note: undefined,
          location: at(27, 5),
          do: 'restart-msmq',
          host: 'APP01',
        },
      ],
      expectations: [
        { check: 'delivered', count: 'all', location: at(31, 5) },
        { check: 'lost', count: { min: 0, max: 0 }, location: at(32, 5) },
        {
          check: 'queue',
          host: 'APP01',
          queue: 'private$\\orders',
          messages: { min: 0, max: 0 },
          location: at(33, 5),
        },
      ],
      estimate: { messages: 100 },
    });
  });

  it('reads JSON (tab-indented too) into the same scenario as the YAML', () => {
    const withoutLocations = (value: unknown) =>
      JSON.stringify(value, (key, inner) =>
        key === 'location' || key === 'file'
          ? undefined
          : typeof inner === 'bigint'
            ? `${inner}`
            : inner,
      );
    const yaml = loadScenario(read('small.yaml'), 'small.yaml');
    const json = loadScenario(read('small.json'), 'small.json');
    expect(withoutLocations(json)).toEqual(withoutLocations(yaml));
    expect(json.hosts[0]?.location).toEqual({ file: 'small.json', line: 11, column: 3 });
  });

  it('reads a file with a byte-order mark and CRLF line ends the same, positions included', () => {
    const text = read('small.yaml');
    expect(loadScenario(`\uFEFF${text.replace(/\n/g, '\r\n')}`, 'small.yaml')).toEqual(
      loadScenario(text, 'small.yaml'),
    );
  });

  it('reports a problem inside a tagged variant against that variant only', () => {
    const text = TWO_HOSTS.replace(
      '{ name: lan }',
      '{ name: lan, jitter: { distribution: gaussian } }',
    );
    expect(problems(text)).toEqual([
      's.yaml:4:49: networks[0].jitter.distribution: "gaussian" is not one of the distribution values (allowed: uniform, normal, exponential, pareto)',
    ]);
  });

  it('loads both built-in drafts', () => {
    const nat = loadScenarioFile(
      new URL('../scenarios/nat-renumbering.yaml', import.meta.url).pathname,
    );
    const ds = loadScenarioFile(new URL('../scenarios/ds-refresh.yaml', import.meta.url).pathname);
    expect({
      nat: [
        nat.name,
        nat.hosts.map((host) => host.name),
        nat.timeline.map((action) => action.do),
        nat.estimate,
      ],
      ds: [ds.name, ds.hosts.map((host) => host.role), ds.timeline.length, ds.directory.controller],
    }).toEqual({
      nat: [
        'nat-renumbering',
        ['APP01', 'APP02'],
        [
          'renumber',
          'renumber',
          'add-nat',
          'dns-set',
          'dns-set',
          'flushdns',
          'flushdns',
          'restart-msmq',
          'restart-msmq',
        ],
        { messages: 7200 },
      ],
      ds: ['ds-refresh', ['none', 'client', 'server', 'routing-server'], 9, 'DC01'],
    });
  });
});

describe('loadScenario problems', () => {
  it('names an unknown key with a did-you-mean and the allowed keys', () => {
    const text = `${HEAD}hosts:\n  - { name: APP01, interfaces: [{ name: eth0, network: lan, adresses: [10.0.0.1] }] }\n`;
    expect(problems(text)).toEqual([
      's.yaml:6:61: unknown key "adresses" in hosts[0].interfaces[0]; did you mean "addresses"? (allowed: name, network, addresses)',
    ]);
  });

  it('reports a missing required key at its map, and an unknown top-level key', () => {
    expect(problems(`${HEAD}hostz: []\n`)).toEqual([
      's.yaml:1:1: missing required key "hosts" (allowed: required keys: name, start, duration, hosts)',
      's.yaml:5:1: unknown key "hostz" in the scenario; did you mean "hosts"? (allowed: $schema, name, description, start, seed, duration, networks, routers, nats, dns, directory, hosts, workload, consumers, timeline, expect)',
    ]);
    expect(problems(`${HEAD}hosts:\n  - name: APP01\n    role: server\n`)).toEqual([
      's.yaml:6:5: missing required key "interfaces" in hosts[0] (allowed: required keys: name, interfaces)',
    ]);
  });

  it('reports a wrong type with what was found and what is allowed', () => {
    expect(problems(TWO_HOSTS.replace('duration: 1h', 'duration: 60'))).toEqual([
      's.yaml:3:11: duration must be a duration, not the number 60 (write it with a unit, e.g. 60s) (allowed: a duration such as 10m, 1h30m, 500ms or 0s: whole numbers, units w d h m s ms us ns, largest first)',
    ]);
    expect(problems(`${HEAD}hosts:\n  - { name: APP01, interfaces: eth0 }\n`)).toEqual([
      's.yaml:6:32: hosts[0].interfaces must be a list, not text "eth0" (allowed: a list)',
    ]);
    expect(problems('- a\n- b\n')).toEqual([
      's.yaml:1:1: the scenario must be a map (key: value), not a list (allowed: a map (key: value))',
    ]);
  });

  it('reports a bad duration and a bad address', () => {
    const workload = `${TWO_HOSTS}workload:\n  - { from: APP02, to: x@APP01, kind: express, every: 1 second }\n`;
    expect(problems(workload)).toEqual([
      's.yaml:9:55: workload[0].every: "1 second" is not a duration (allowed: a duration such as 10m, 1h30m, 500ms or 0s: whole numbers, units w d h m s ms us ns, largest first)',
    ]);
    expect(problems(`${HEAD}hosts:\n${HOST('APP01', '10.0.0.300')}`)).toEqual([
      's.yaml:6:73: hosts[0].interfaces[0].addresses[0]: "10.0.0.300" is not an IPv4 or IPv6 address (allowed: an IPv4 or IPv6 address such as 10.0.0.20 or 2001:db8::20)',
    ]);
  });

  it('reports unknown hosts and networks where they are referenced', () => {
    const text = `${TWO_HOSTS.replace('APP01, interfaces', 'APP01, queues: [{ name: orders }], interfaces')}workload:\n  - { from: APP03, to: orders@APP1, kind: express, every: 1s }\ntimeline:\n  - { at: 5m, do: flushdns, host: APP3 }\n`;
    expect(problems(text)).toEqual([
      's.yaml:9:13: workload[0].from: unknown host "APP03"; did you mean "APP01"? (allowed: one of APP01, APP02)',
      's.yaml:9:24: workload[0].to: orders@APP1: unknown host "APP1": no host, DNS record or hosts-file entry has that name; did you mean "APP01"? (allowed: a host (APP01, APP02) or a name with a DNS record)',
      's.yaml:11:35: timeline[0].host: unknown host "APP3"; did you mean "APP01"? (allowed: one of APP01, APP02)',
    ]);
    expect(
      problems(`${HEAD}hosts:\n  - { name: APP01, interfaces: [{ name: eth0, network: lna }] }\n`),
    ).toEqual([
      's.yaml:6:56: hosts[0].interfaces[0].network: unknown network "lna"; did you mean "lan"? (allowed: one of lan)',
    ]);
  });

  it('reports unknown queues, telling a public queue from a private one', () => {
    const text = `${TWO_HOSTS.replace('APP01, interfaces', 'APP01, queues: [{ name: orders }], interfaces')}workload:\n  - { from: APP02, to: orders@APP01, kind: express, every: 1s }\nconsumers:\n  - { host: APP01, queue: 'private$\\ordres' }\n`;
    expect(problems(text)).toEqual([
      's.yaml:9:24: workload[0].to: host APP01 has no queue "private$\\orders"; APP01 has the public queue "orders" (queue@HOST names a private queue, DIRECT=OS:HOST\\name a public one) (allowed: one of orders)',
      's.yaml:11:27: consumers[0].queue: host APP01 has no queue "private$\\ordres" (allowed: one of orders)',
    ]);
  });

  it('reports duplicate host names (case-insensitive) and duplicate addresses on a network', () => {
    expect(
      problems(`${HEAD}hosts:\n${HOST('APP01', '10.0.0.1')}${HOST('app01', '10.0.0.1')}`),
    ).toEqual([
      's.yaml:7:13: hosts[1].name: duplicate host name "app01" (first defined at line 6) (allowed: a host name used once)',
      's.yaml:7:73: hosts[1].interfaces[0].addresses[0]: address 10.0.0.1 is already used on network lan (line 6) (allowed: an address used once per network)',
    ]);
  });

  it('reports values out of range with the range', () => {
    const text = TWO_HOSTS.replace('name: t', 'name: t\nseed: -1').replace(
      '{ name: lan }',
      '{ name: lan, loss: 2 }',
    );
    expect(problems(text)).toEqual([
      's.yaml:2:7: seed is -1, below the lowest allowed value (allowed: from 0 to 4294967295)',
      's.yaml:5:31: networks[0].loss is 2, above the highest allowed value (allowed: from 0 to 1)',
    ]);
  });

  it('shows a number JavaScript cannot hold exactly as it was written', () => {
    const seed = (written: string) =>
      problems(TWO_HOSTS.replace('name: t', `name: t\nseed: ${written}`));
    expect([seed('9007199254740993'), seed('1e400'), seed('0x20000000000001')]).toEqual([
      [
        's.yaml:2:7: seed is 9007199254740993, above the highest allowed value (allowed: from 0 to 4294967295)',
      ],
      ['s.yaml:2:7: seed must be a whole number, not the number 1e400 (allowed: a whole number)'],
      [
        's.yaml:2:7: seed is 0x20000000000001, above the highest allowed value (allowed: from 0 to 4294967295)',
      ],
    ]);
  });

  it('hints at what was meant: a unit for a bare number, the full action name, single quotes', () => {
    const timeline = (item: string) => problems(`${TWO_HOSTS}timeline:\n  - ${item}\n`);
    expect(timeline('{ at: 1200, do: flushdns, host: APP01 }')).toEqual([
      's.yaml:9:11: timeline[0].at: 1200 is not a time (write it with a unit, e.g. 1200s) (allowed: a time: a duration after the start (10m, 1h30m) or an ISO-8601 date-time (2026-11-23T08:10:00Z))',
    ]);
    expect(timeline('{ at: 1m, do: restart, host: APP01 }')[0]).toContain(
      'timeline[0].do: "restart" is not one of the do values; did you mean "restart-msmq"?',
    );
    expect(
      timeline('{ at: 1m, do: purge-queue, host: APP01, queue: "private$\\orders" }')[0],
    ).toContain(
      "YAML: Invalid escape sequence \\o: in double quotes \\ starts an escape; write a queue name such as 'private$\\orders' in single quotes, or without quotes",
    );
  });

  it('reports times outside the run', () => {
    const text = `${TWO_HOSTS}timeline:\n  - { at: 2h, do: flushdns, host: APP01 }\n  - { at: 2026-11-23T07:00:00Z, do: dc-down }\n`;
    expect(problems(text)).toEqual([
      's.yaml:9:11: timeline[0].at: 2h is past the end of the run (duration 1h) (allowed: from 0s to 1h after the start)',
      's.yaml:10:11: timeline[1].at: 2026-11-23T07:00:00Z is before the start (2026-11-23T08:00:00.0000000Z) (allowed: a time within the run)',
    ]);
  });

  it('names an unknown action with a did-you-mean', () => {
    const text = `${TWO_HOSTS}timeline:\n  - { at: 1m, do: flushdsn, host: APP01 }\n`;
    expect(problems(text)).toEqual([
      's.yaml:9:19: timeline[0].do: "flushdsn" is not one of the do values; did you mean "flushdns"? (allowed: renumber, add-address, remove-address, add-nat, remove-nat, dns-set, flushdns, stop-msmq, start-msmq, restart-msmq, crash-msmq, add-interface, firewall, purge-queue, reset-qmid, pause-outgoing, resume-outgoing, reboot, set-registry-value, delete-registry-value, hosts-file, partition, heal, set-link, dns-server-down, dns-server-up, dc-down, dc-up, note)',
    ]);
  });

  it('refuses absurd sizes up front, with an estimate', () => {
    const withQueue = TWO_HOSTS.replace(
      'APP01, interfaces',
      "APP01, queues: [{ name: 'private$\\orders' }], interfaces",
    );
    const rate = `${withQueue.replace('duration: 1h', 'duration: 366d')}workload:\n  - { from: APP02, to: orders@APP01, kind: express, every: 1ms }\n`;
    const count = `${withQueue}workload:\n  - { from: APP02, to: orders@APP01, kind: express, every: 1ms, count: 1000000000000 }\n`;
    const hosts = `${HEAD}anchor: &h { name: APP01, interfaces: [{ name: eth0, network: lan }] }\nhosts: [${Array(10_000).fill('*h').join(', ')}]\n`;
    expect({
      rate: problems(rate),
      count: problems(count),
      duration: problems(TWO_HOSTS.replace('duration: 1h', 'duration: 52143w')),
      hosts: problems(hosts).slice(1),
    }).toEqual({
      rate: [
        's.yaml:8:1: workload: would send about 3.2e+10 messages in about 366 days; the largest, from APP02 to orders@APP01 every 1ms, sends about 3.2e+10 (allowed: at most 10,000,000 messages per run: send less often, for less time, or give a count)',
      ],
      count: [
        's.yaml:9:72: workload[0].count is 1000000000000, above the highest allowed value (allowed: from 1 to 10000000)',
      ],
      duration: [
        's.yaml:3:11: duration 52143w is about 999 years, longer than mqsim simulates (allowed: a duration above 0 and at most 366d)',
      ],
      hosts: [
        's.yaml:6:8: hosts has 10000 items, more than mqsim can simulate (allowed: at most 2000 items (a scenario limit))',
      ],
    });
  });

  it('refuses alias bombs and oversized text before checking anything else', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        ['b', 'c', 'd', 'e', 'f'].map(
          (name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcde'[index]}`).join(', ')}]`,
        ),
      )
      .concat([`g: [${Array(10).fill('*f').join(', ')}]`])
      .join('\n');
    expect(problems(bomb)).toEqual([
      's.yaml:1:11: the file expands to more than 1000000 values (allowed: fewer aliases (*name) of large anchors)',
    ]);
    expect(problems(`# ${'x'.repeat(6 * 1024 * 1024)}\n`)).toEqual([
      's.yaml:1:1: the file has 6291459 characters, more than a scenario needs (allowed: at most 5242880 characters)',
    ]);
  });

  it('refuses __proto__, constructor and prototype keys anywhere, and pollutes nothing', () => {
    const yaml = `${TWO_HOSTS}__proto__: { polluted: true }\n`;
    const json =
      '{ "__proto__": { "polluted": true }, "name": "t", "start": "2026-11-23T08:00:00Z", "duration": "1h", "hosts": [] }';
    const registry = `${HEAD}hosts:\n  - name: APP01\n    interfaces: [{ name: eth0, network: lan }]\n    registry:\n      constructor: { type: REG_DWORD, value: 1 }\n      prototype: { type: REG_DWORD, value: 1 }\n`;
    expect({
      yaml: problems(yaml),
      json: problems(json, 's.json'),
      registry: problems(registry),
    }).toEqual({
      yaml: [
        's.yaml:8:1: unknown key "__proto__" in the scenario (reserved everywhere) (allowed: any key but __proto__, constructor, prototype)',
      ],
      json: [
        's.json:1:3: unknown key "__proto__" in the scenario (reserved everywhere) (allowed: any key but __proto__, constructor, prototype)',
        's.json:1:111: hosts has 0 item(s); it needs at least 1 (allowed: at least 1 item(s))',
      ],
      registry: [
        's.yaml:9:7: unknown key "constructor" in hosts[0].registry (reserved everywhere) (allowed: any key but __proto__, constructor, prototype)',
        's.yaml:10:7: unknown key "prototype" in hosts[0].registry (reserved everywhere) (allowed: any key but __proto__, constructor, prototype)',
      ],
    });
    expect([
      ({} as Record<string, unknown>).polluted,
      Object.hasOwn(Object.prototype, 'polluted'),
    ]).toEqual([undefined, false]);
  });

  it('reports YAML and JSON syntax errors at their position', () => {
    expect({
      yaml: problems(`${HEAD}hosts:\n  - name: APP01\n   interfaces: [\n`),
      duplicate: problems(`${TWO_HOSTS}name: again\n`),
      json: problems('{ "name": "t", "start": "2026-11-23T08:00:00Z",, }', 's.json'),
    }).toEqual({
      yaml: [
        's.yaml:7:1: YAML: Sequence item without - indicator (allowed: YAML 1.2 or JSON)',
        's.yaml:8:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (allowed: YAML 1.2 or JSON)',
      ],
      duplicate: ['s.yaml:8:1: YAML: Map keys must be unique (allowed: YAML 1.2 or JSON)'],
      json: ['s.json:1:48: YAML: Unexpected , in flow map (allowed: YAML 1.2 or JSON)'],
    });
  });

  it('reports an empty file', () => {
    const expected = [
      's.yaml:1:1: the file is empty (allowed: a scenario: name, start, duration and hosts at least (see scenario.schema.json))',
    ];
    expect([problems(''), problems('# nothing yet\n\n')]).toEqual([expected, expected]);
  });

  it('reports registry data that does not fit its type', () => {
    const text = `${HEAD}hosts:\n  - name: APP01\n    interfaces: [{ name: eth0, network: lan }]\n    registry:\n      A: { type: REG_DWORD, value: 4294967296 }\n      C: { type: REG_BINARY, value: "zz" }\n      D: { type: REG_SZ, value: [a] }\n`;
    expect(problems(text)).toEqual([
      's.yaml:9:36: hosts[0].registry.A.value: REG_DWORD needs a whole number from 0 to 4294967295, not the number 4294967296 (allowed: a whole number from 0 to 4294967295 (0xFFFFFFFF))',
      's.yaml:10:37: hosts[0].registry.C.value: REG_BINARY needs hex bytes, not text "zz" (allowed: hex bytes such as "01 ff 3c" or "01,ff,3c")',
      's.yaml:11:33: hosts[0].registry.D.value: REG_SZ needs text, not a list (allowed: text)',
    ]);
  });

  it('asks for one check per expectation', () => {
    const text = `${TWO_HOSTS}expect:\n  - { lost: 0, delivered: all }\n  - {}\n  - outgoing: { host: APP02, queue: orders@APP01, state: Waiting }\n`;
    expect(problems(text)).toEqual([
      's.yaml:9:5: expect[0] has 2 checks (lost, delivered); an expectation checks one thing, so write one item each (allowed: one of lost, delivered, deadLettered, outgoing, queue, trace, registry, drained, maxAge)',
      's.yaml:10:5: expect[1] is empty (allowed: one of lost, delivered, deadLettered, outgoing, queue, trace, registry, drained, maxAge)',
    ]);
  });
});

describe('ScenarioError', () => {
  it('carries every problem, sorted by position, and the first position as line and column', () => {
    let caught: unknown;
    try {
      loadScenario(
        `${HEAD}hosts:\n  - { name: APP01, interfaces: [{ name: eth0, network: lan, adresses: [] }] }\nseed: x\n`,
        's.yaml',
      );
    } catch (error) {
      caught = error;
    }
    const error = caught as ScenarioError;
    expect({
      isInstance: ScenarioError.isInstance(caught),
      code: error.code,
      line: error.line,
      column: error.column,
      problems: error.problems.map(({ line, column, path }) => [line, column, path]),
    }).toEqual({
      isInstance: true,
      code: 'ERR_SCENARIO',
      line: 6,
      column: 61,
      problems: [
        [6, 61, 'hosts[0].interfaces[0].adresses'],
        [7, 7, 'seed'],
      ],
    });
  });

  it('is the only thing bad input ever throws', () => {
    const loads = (text: string) => {
      try {
        loadScenario(text, 'fuzz.yaml');
        return 'loaded';
      } catch (error) {
        return ScenarioError.isInstance(error) && error.problems.length > 0 ? 'refused' : error;
      }
    };
    const valid = read('small.yaml');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc
            .tuple(fc.nat(valid.length), fc.string())
            .map(([at, text]) => valid.slice(0, at) + text + valid.slice(at)),
          fc
            .tuple(fc.nat(valid.length), fc.nat(40))
            .map(([at, cut]) => valid.slice(0, at) + valid.slice(at + cut)),
        ),
        (text) => ['loaded', 'refused'].includes(loads(text) as string),
      ),
      { numRuns: 300 },
    );
  });
});

describe('loadScenarioFile', () => {
  it('reads a file, and refuses one it cannot read with a ScenarioError', () => {
    expect(loadScenarioFile(fixture('small.yaml').pathname).name).toEqual('small');
    expect(() => loadScenarioFile('/no/such/scenario.yaml')).toThrow(
      expect.objectContaining({
        code: 'ERR_SCENARIO',
        message:
          '/no/such/scenario.yaml:1:1: cannot read the scenario: no such file (allowed: a readable .yaml, .yml or .json file)',
      }) as unknown as Error,
    );
  });
});

describe('timeline and expectations', () => {
  it('normalizes every action in time order, with names as defined and values canonical', () => {
    const scenario = loadScenario(read('every-action.yaml'), 'every-action.yaml');
    const brief = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value, (key, inner) =>
          key === 'location'
            ? `${inner.line}:${inner.column}`
            : typeof inner === 'bigint'
              ? `${inner}n`
              : inner,
        ),
      );
    expect(brief(scenario.timeline)).toEqual([
      {
        at: 0,
        location: '67:5',
        do: 'set-registry-value',
        host: 'APP01',
        name: 'DSNextSiteListRefreshTime',
        value: { type: 'REG_QWORD', data: '134404992000000000n' },
      },
      {
        at: 600_000_000,
        location: '45:5',
        do: 'renumber',
        host: 'APP01',
        interface: 'eth1',
        addresses: ['2001:db8::1'],
      },
      {
        at: 1_200_000_000,
        location: '46:5',
        do: 'add-address',
        host: 'APP01',
        interface: 'eth0',
        address: '10.0.0.11',
      },
      {
        at: 1_800_000_000,
        location: '47:5',
        do: 'remove-address',
        host: 'APP01',
        address: '10.0.0.11',
      },
      {
        at: 2_400_000_000,
        location: '48:5',
        do: 'add-nat',
        nat: {
          name: 'edge2',
          inside: 'lan',
          outside: 'dmz',
          external: ['198.51.100.2'],
          mappings: [],
          dynamic: false,
          hairpin: false,
        },
      },
      { at: 3_000_000_000, location: '49:5', do: 'remove-nat', name: 'edge' },
      {
        at: 3_600_000_000,
        location: '50:5',
        do: 'dns-set',
        name: 'alias.corp.example',
        type: 'CNAME',
        values: ['app01.corp.example'],
        ttl: 30,
      },
      { at: 4_200_000_000, location: '51:5', do: 'flushdns', host: 'DC01' },
      { at: 4_800_000_000, location: '52:5', do: 'stop-msmq', host: 'APP01' },
      { at: 5_400_000_000, location: '53:5', do: 'start-msmq', host: 'APP01' },
      { at: 6_000_000_000, location: '54:5', do: 'crash-msmq', host: 'APP01' },
      { at: 6_600_000_000, location: '55:5', do: 'reboot', host: 'APP01' },
      {
        at: 7_200_000_000,
        location: '56:5',
        do: 'set-registry-value',
        host: 'APP01',
        name: 'WaitTime',
        value: { type: 'REG_DWORD', data: 10 },
      },
      {
        at: 7_800_000_000,
        location: '57:5',
        do: 'delete-registry-value',
        host: 'APP01',
        name: 'WaitTime',
      },
      {
        at: 8_400_000_000,
        location: '58:5',
        do: 'hosts-file',
        host: 'APP02',
        text: '10.0.0.3 legacy-app01\n',
        entries: [{ address: '10.0.0.3', names: ['legacy-app01'], line: 1 }],
      },
      {
        at: 9_000_000_000,
        location: '59:5',
        do: 'partition',
        name: 'partition-1',
        a: [
          { kind: 'host', name: 'APP02' },
          { kind: 'network', name: 'dmz' },
        ],
        b: [{ kind: 'network', name: 'lan' }],
      },
      { at: 9_600_000_000, location: '60:5', do: 'heal' },
      {
        at: 10_200_000_000,
        location: '61:5',
        do: 'set-link',
        network: 'lan',
        link: { latency: 20_000, jitter: { distribution: 'uniform', max: 10_000 }, loss: 0.5 },
      },
      { at: 10_800_000_000, location: '62:5', do: 'dns-server-down' },
      { at: 11_400_000_000, location: '63:5', do: 'dns-server-up' },
      { at: 12_000_000_000, location: '64:5', do: 'dc-down' },
      { at: 12_600_000_000, location: '65:5', do: 'dc-up' },
      { at: 13_200_000_000, location: '66:5', do: 'note', text: 'done' },
      ...(['pause-outgoing', 'resume-outgoing'] as const).map((action, index) => ({
        at: 13_500_000_000 + index * 150_000_000,
        location: `${68 + index}:5`,
        do: action,
        host: 'APP02',
        queue: {
          text: 'DIRECT=TCP:10.0.0.1\\audit',
          formatName: 'DIRECT=TCP:10.0.0.1\\audit',
          protocol: 'tcp',
          host: '10.0.0.1',
          queue: 'audit',
        },
      })),
    ]);
    expect(
      brief([
        scenario.start,
        scenario.workload.map((item) => [item.to, item.messages]),
        scenario.expectations,
      ]),
    ).toEqual([
      '2026-11-23T07:00:00.0000000Z',
      [
        [
          {
            text: 'DIRECT=TCP:10.0.0.1\\audit',
            formatName: 'DIRECT=TCP:10.0.0.1\\audit',
            protocol: 'tcp',
            host: '10.0.0.1',
            queue: 'audit',
          },
          1440,
        ],
        [
          {
            text: 'FormatName:DIRECT=OS:legacy-app01\\audit',
            formatName: 'DIRECT=OS:legacy-app01\\audit',
            protocol: 'os',
            host: 'legacy-app01',
            queue: 'audit',
          },
          24,
        ],
      ],
      [
        { check: 'deadLettered', count: { min: 1, max: 2 }, location: '71:5' },
        {
          check: 'outgoing',
          host: 'APP02',
          queue: {
            text: 'direct=tcp:10.0.0.1\\AUDIT',
            formatName: 'DIRECT=TCP:10.0.0.1\\AUDIT',
            protocol: 'tcp',
            host: '10.0.0.1',
            queue: 'AUDIT',
          },
          state: 'Connected',
          messages: { min: 0, max: 10 },
          location: '72:5',
        },
        { check: 'trace', type: 'tcp.refused', count: { min: 0, max: 0 }, location: '73:5' },
        { check: 'registry', host: 'APP01', name: 'WaitTime', exists: false, location: '74:5' },
      ],
    ]);
    expect(scenario.hosts[1]?.msmq).toEqual({
      running: false,
      nameCache: undefined,
      qmId: '6f1c2a4e-0b5d-4c1e-9a3b-1d2e3f4a5b6c',
    });
    expect(
      scenario.hosts[1]?.registry.map((entry) => [entry.name, entry.value.type, entry.value.data]),
    ).toEqual([['BindInterfaceIP', 'REG_SZ', '10.0.0.1']]);
  });

  it('checks every cross reference, each at its place', () => {
    expect(problems(read('bad-references.yaml'), 'bad-references.yaml')).toEqual([
      'bad-references.yaml:7:13: networks[1].name: duplicate network name "LAN" (first defined at line 6) (allowed: a network name used once)',
      'bad-references.yaml:9:41: nats[0].outside: NAT edge has lan on both sides (allowed: two different networks)',
      "bad-references.yaml:10:30: nats[0].mappings[0].external: 10.0.0.9 is not one of NAT edge's external addresses (allowed: one of 10.0.0.1)",
      'bad-references.yaml:10:50: nats[0].mappings[0].internal: a mapping has ports on both sides (a port forward) or on neither (1:1 NAT) (allowed: address ↔ address, or address:port ↔ address:port)',
      'bad-references.yaml:10:50: nats[0].mappings[0].internal: no interface on network lan has address 10.0.0.50 (allowed: an address of a host on lan)',
      'bad-references.yaml:12:11: dns.server: unknown host "DC02"; did you mean "DC01"? (allowed: one of DC01, APP01)',
      'bad-references.yaml:15:15: dns.records[0].name: app01.other.example is in no zone of dns.zones (allowed: a name in corp.example)',
      'bad-references.yaml:16:54: dns.records[1].value: AAAA record app02.corp.example: "10.0.0.2" is not an IPv6 address such as 2001:db8::5 (allowed: an IPv6 address)',
      'bad-references.yaml:21:5: hosts[0].queues: host DC01 has role none (no MSMQ), so it has no queues (allowed: remove it, or give the host an MSMQ role)',
      'bad-references.yaml:25:17: hosts[1].interfaces[1].name: duplicate interface name "ETH0" (first defined at line 24) (allowed: an interface name used once)',
      'bad-references.yaml:26:13: hosts[1].msmq.waitTime: msmq.waitTime and registry.WaitTime set the same thing (line 28) (allowed: one of the two)',
      'bad-references.yaml:26:45: hosts[1].msmq.bindInterfaceIp: 10.0.0.99 is not an address of APP01 (allowed: one of 10.0.0.3)',
      'bad-references.yaml:29:51: hosts[1].queues[1].name: duplicate queue name "private$\\Orders" (first defined at line 29) (allowed: a queue name used once)',
      'bad-references.yaml:31:13: workload[0].from: host DC01 has role none: it runs no MSMQ (allowed: a host with an MSMQ role)',
      'bad-references.yaml:31:59: workload[0].every: every 100us is shorter than mqsim simulates (allowed: at least 1ms)',
      'bad-references.yaml:31:72: workload[0].size: size 5MB is larger than MSMQ allows (allowed: at most 4MB (MaxMessageSize))',
      'bad-references.yaml:31:84: workload[0].start: 3h is past the end of the run (duration 2h) (allowed: from 0s to 2h after the start)',
      'bad-references.yaml:32:24: workload[1].to: x@DC01: host DC01 has role none, so it has no queues (allowed: a host with an MSMQ role)',
      'bad-references.yaml:32:76: workload[1].stop: stop (5m) is not after start (10m) (allowed: a stop after the start)',
      'bad-references.yaml:34:53: timeline[0].interface: host APP01 has no interface "eth2"; did you mean "eth0"? (allowed: one of eth0)',
      'bad-references.yaml:34:81: timeline[0].addresses[1]: address "10.0.0.7" is listed twice (allowed: each address once)',
      'bad-references.yaml:36:37: timeline[2].name: no NAT "edge" exists at 3m (allowed: no NAT exists then)',
      'bad-references.yaml:37:72: timeline[3].values[0]: A record app01.corp.example: "2001:db8::1" is not an IPv4 address such as 10.0.0.5 (allowed: an IPv4 address)',
      'bad-references.yaml:38:31: timeline[4].name: no partition "wan" is in force at 5m (allowed: no partition is in force then)',
      'bad-references.yaml:39:41: timeline[5].a[1]: unknown host or network "lna"; did you mean "lan"? (allowed: one of DC01, APP01, lan)',
      'bad-references.yaml:39:51: timeline[5].b[0]: APP01 is on both sides of the partition (allowed: each host or network on one side)',
      'bad-references.yaml:40:39: timeline[6].host: host DC01 has role none: it runs no MSMQ (allowed: a host with an MSMQ role)',
      'bad-references.yaml:41:38: timeline[7].network: unknown network "wan"; did you mean "lan"? (allowed: one of lan)',
      'bad-references.yaml:43:37: expect[0].outgoing.queue: no workload sends from APP01 to orders@DC02, so it has no such outgoing queue (allowed: one of x@DC01)',
      'bad-references.yaml:44:33: expect[1].queue.name: host APP01 has no queue "private$\\ordrs"; did you mean "private$\\Orders"? (allowed: one of private$\\Orders)',
      'bad-references.yaml:44:61: expect[1].queue.messages: min 5 is above max 1 (allowed: min ≤ max)',
    ]);
  });
});
