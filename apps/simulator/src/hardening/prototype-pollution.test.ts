import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '@mqsim/engine';
import { parseFormatName } from '@mqsim/queue-manager';
import { importRegFile, parseRegFile, Registry } from '@mqsim/registry';
import { loadScenario } from '@mqsim/scenario';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../index.js';
import { runCaptured } from './captured-cli.js';
import { CORPUS_DIRECTORY, materializeCase, readCorpus } from './corpus-manifest.js';

// `__proto__`, `constructor` and `prototype` (and their cousins toString, hasOwnProperty,
// valueOf) as keys or names anywhere in the input change nothing: no built-in prototype gains or
// loses a property, and a name that happens to be one behaves exactly like any other name.

const PROTOTYPES: readonly object[] = [
  Object.prototype,
  Array.prototype,
  Function.prototype,
  String.prototype,
  Number.prototype,
  Boolean.prototype,
  Map.prototype,
  Set.prototype,
  Promise.prototype,
  RegExp.prototype,
  Error.prototype,
];

/** Every own property of the built-in prototypes, by identity of its value or accessors. */
function snapshotPrototypes(): Map<object, Map<PropertyKey, PropertyDescriptor>> {
  return new Map(
    PROTOTYPES.map((prototype) => [
      prototype,
      new Map(
        Reflect.ownKeys(prototype).map((key) => [
          key,
          Reflect.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor,
        ]),
      ),
    ]),
  );
}

/** The properties that were added, removed or replaced since `before`, as readable names. */
function changedSince(before: Map<object, Map<PropertyKey, PropertyDescriptor>>): string[] {
  const changed: string[] = [];
  for (const [prototype, properties] of snapshotPrototypes()) {
    const earlier = before.get(prototype) as Map<PropertyKey, PropertyDescriptor>;
    const owner = (prototype as { constructor?: { name?: string } }).constructor?.name ?? '?';
    for (const key of new Set([...earlier.keys(), ...properties.keys()])) {
      const [was, now] = [earlier.get(key), properties.get(key)];
      const same =
        was !== undefined &&
        now !== undefined &&
        Object.is(was.value, now.value) &&
        was.get === now.get &&
        was.set === now.set;
      if (!same) changed.push(`${owner}.prototype.${String(key)}`);
    }
  }
  return changed;
}

let before: ReturnType<typeof snapshotPrototypes>;
const scratch = mkdtempSync(join(tmpdir(), 'mqsim-pollution-'));
beforeAll(() => {
  before = snapshotPrototypes();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Whether anything reached the prototypes: a fresh object must still have nothing of its own. */
function pollution(): { readonly changed: readonly string[]; readonly polluted: unknown } {
  return { changed: changedSince(before), polluted: ({} as Record<string, unknown>).polluted };
}

const CLEAN = { changed: [], polluted: undefined };

/** A scenario whose names are parameters: once with prototype-ish names, once with plain ones. */
function namedScenario(names: {
  readonly server: string;
  readonly client: string;
  readonly network: string;
  readonly queue: string;
  readonly partition: string;
  readonly valueA: string;
  readonly valueB: string;
}): string {
  const { server, client, network, queue, partition, valueA, valueB } = names;
  return `name: names
start: 2026-11-23T09:00:00Z
duration: 20m
networks:
  - { name: ${network}, latency: 1ms }
dns:
  zones: [{ name: corp.example }]
  records:
    - { name: ${server}.corp.example, type: A, value: 10.0.0.10 }
hosts:
  - name: ${server}
    role: server
    domain: corp.example
    interfaces: [{ name: eth0, network: ${network}, addresses: [10.0.0.10] }]
    queues: [{ name: 'private$\\${queue}' }]
    registry:
      ${valueA}: { type: REG_DWORD, value: 7 }
      ${valueB}: { type: REG_SZ, value: text }
  - name: ${client}
    domain: corp.example
    interfaces: [{ name: eth0, network: ${network}, addresses: [10.0.0.20] }]
workload:
  - { from: ${client}, to: '${queue}@${server}', kind: recoverable, every: 1s }
consumers:
  - { host: ${server}, queue: 'private$\\${queue}', every: 2s }
timeline:
  - { at: 5m, do: partition, name: ${partition}, a: [${client}], b: [${server}] }
  - { at: 8m, do: heal, name: ${partition} }
  - { at: 10m, do: restart-msmq, host: ${server} }
expect:
  - lost: 0
  - registry: { host: ${server}, name: ${valueA}, exists: true }
  - trace: { type: constructor.prototype, count: 0 }
`;
}

const PROTOTYPE_NAMES = {
  server: 'constructor',
  client: 'prototype',
  network: 'hasOwnProperty',
  queue: '__proto__',
  partition: 'constructor',
  valueA: 'toString',
  valueB: 'valueOf',
};
const PLAIN_NAMES = {
  server: 'SERVER',
  client: 'CLIENT',
  network: 'lan',
  queue: 'orders',
  partition: 'cable',
  valueA: 'Alpha',
  valueB: 'Beta',
};

describe('prototype-ish names in a scenario', () => {
  it('run exactly like plain names: same events, accounting and verdicts', () => {
    const run = (names: typeof PLAIN_NAMES) => {
      const result = runScenario(loadScenario(namedScenario(names), 'names.yaml'));
      return {
        events: result.events,
        totals: result.totals,
        verdicts: result.expectations.map((expectation) => expectation.ok),
        timeline: result.timeline.length,
        hosts: result.hosts.map((host) => [host.role, host.service, host.queues.length]),
      };
    };
    const plain = run(PLAIN_NAMES);
    expect({ ...run(PROTOTYPE_NAMES), pollution: pollution() }).toEqual({
      ...plain,
      pollution: CLEAN,
    });
    expect(plain.verdicts).toEqual([true, true, true]);
  });

  it('come back as plain data in the JSON report', async () => {
    const file = join(scratch, 'names.yaml');
    writeFileSync(file, namedScenario(PROTOTYPE_NAMES));
    const { code, stdout } = await runCaptured(['run', file, '--json']);
    const report = JSON.parse(stdout) as { hosts: { name: string }[]; ok: boolean };
    expect({
      code,
      ok: report.ok,
      names: report.hosts.map((host) => host.name),
      plainObjects: report.hosts.every((host) => Object.getPrototypeOf(host) === Object.prototype),
      pollution: pollution(),
    }).toEqual({
      code: EXIT_CODES.ok,
      ok: true,
      names: ['constructor', 'prototype'],
      plainObjects: true,
      pollution: CLEAN,
    });
  });
});

describe('prototype keys refused by the loader', () => {
  it('leave every prototype as it was, in YAML and JSON, at any depth', async () => {
    const cases = readCorpus().filter((corpusCase) =>
      /^scenario\/(proto-|json-)/.test(corpusCase.id),
    );
    const codes: number[] = [];
    for (const corpusCase of cases) {
      const { args } = materializeCase(corpusCase, scratch);
      codes.push((await runCaptured(args)).code);
    }
    const direct = [
      '__proto__: { polluted: true }\n',
      'a: { __proto__: { polluted: true } }\n',
      '{ "constructor": { "prototype": { "polluted": true } } }',
      'x: &a { polluted: true }\n__proto__: *a\n',
      '? __proto__\n: { polluted: true }\n',
    ].map((text) => {
      try {
        loadScenario(text, 'direct.yaml');
        return 'loaded';
      } catch {
        return 'refused';
      }
    });
    expect({
      codes: [...new Set(codes)],
      direct: [...new Set(direct)],
      pollution: pollution(),
    }).toEqual({
      codes: [EXIT_CODES.badInput],
      direct: ['refused'],
      pollution: CLEAN,
    });
  });
});

const PARAMETERS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';

describe('prototype names in a .reg file', () => {
  const valid = readFileSync(join(CORPUS_DIRECTORY, 'reg/valid.reg'))
    .subarray(2)
    .toString('utf16le');
  const hostile = `${valid}"__proto__"=dword:00000001\r\n"constructor"="x"\r\n"prototype"=hex:01,02\r\n"toString"=dword:00000002\r\n"hasOwnProperty"=hex(b):00,00,00,00,00,00,00,00\r\n\r\n[${PARAMETERS}\\__proto__]\r\n"polluted"=dword:00000001\r\n\r\n[${PARAMETERS}\\constructor\\prototype]\r\n"polluted"=dword:00000001\r\n`;

  it('are values and keys like any other', () => {
    const registry = new Registry();
    const document = importRegFile(registry, hostile);
    const names = registry.listValues(PARAMETERS).map((entry) => entry.name);
    expect({
      entries: document.sections[0]?.kind === 'key' ? document.sections[0].entries.length : 0,
      names: names.filter((name) => !name.startsWith('DS')).sort(),
      proto: registry.getValue(PARAMETERS, '__proto__'),
      constructor: registry.getValue(PARAMETERS, 'constructor'),
      subkeys: registry.listSubkeys(PARAMETERS).sort(),
      deep: registry.getValue(`${PARAMETERS}\\constructor\\prototype`, 'polluted'),
      missing: registry.getValue(PARAMETERS, 'valueOf'),
      plainDocument: Object.getPrototypeOf(parseRegFile(hostile)) === Object.prototype,
      pollution: pollution(),
    }).toEqual({
      entries: 7,
      names: ['__proto__', 'constructor', 'hasOwnProperty', 'prototype', 'toString'],
      proto: { type: 'REG_DWORD', data: 1 },
      constructor: { type: 'REG_SZ', data: 'x' },
      subkeys: ['__proto__', 'constructor'],
      deep: { type: 'REG_DWORD', data: 1 },
      missing: undefined,
      plainDocument: true,
      pollution: CLEAN,
    });
  });

  it('do not change what mqsim ds-refresh status says', async () => {
    const status = async (name: string, text: string) => {
      const file = join(scratch, name);
      writeFileSync(file, text);
      const { code, stdout } = await runCaptured([
        'ds-refresh',
        'status',
        '--reg',
        file,
        '--now',
        '2026-11-27T09:00:00Z',
        '--json',
      ]);
      return { code, stdout };
    };
    expect({ ...(await status('hostile.reg', hostile)), pollution: pollution() }).toEqual({
      ...(await status('valid.reg', valid)),
      pollution: CLEAN,
    });
  });
});

describe('prototype names in format names and flags', () => {
  it('parse as plain data', () => {
    const parsed = [
      '__proto__@constructor',
      'DIRECT=OS:prototype\\private$\\__proto__',
      'constructor',
    ].map(parseFormatName);
    expect({
      parsed,
      plain: parsed.every((name) => Object.getPrototypeOf(name) === Object.prototype),
      pollution: pollution(),
    }).toEqual({
      parsed: [
        { kind: 'direct-os', machine: 'constructor', queue: { private: true, name: '__proto__' } },
        { kind: 'direct-os', machine: 'prototype', queue: { private: true, name: '__proto__' } },
        { kind: 'direct-os', machine: '.', queue: { private: true, name: 'constructor' } },
      ],
      plain: true,
      pollution: CLEAN,
    });
  });

  it('are refused as options, commands and values, touching nothing', async () => {
    const runs = [
      ['--__proto__'],
      ['run', 'quickstart', '--constructor'],
      ['run', 'quickstart', '--seed', '__proto__'],
      ['ds-refresh', '__proto__'],
      ['ds-refresh', 'plan', '--outage', '__proto__@1d+1h'],
      [
        'ds-refresh',
        'status',
        '--reg',
        join(CORPUS_DIRECTORY, 'reg/valid.reg'),
        '--role',
        'constructor',
      ],
      ['scenario', 'show', 'prototype'],
      ['filetime', '__proto__'],
    ];
    const codes = await Promise.all(runs.map(async (args) => (await runCaptured(args)).code));
    expect({ codes, pollution: pollution() }).toEqual({
      codes: runs.map(() => EXIT_CODES.badInput),
      pollution: CLEAN,
    });
  });
});
