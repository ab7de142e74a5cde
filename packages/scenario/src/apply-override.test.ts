import { describe, expect, it } from 'vitest';
import { applyOverride } from './apply-override.js';
import { loadScenario } from './load-scenario.js';
import { ScenarioOverrideError } from './scenario-error.js';
import { parseSetFlag } from './set-flag.js';

const TINY = `name: tiny
start: 2026-11-23T08:00:00Z
duration: 10m # short
networks:
  - { name: lan }
dns:
  zones: [{ name: corp.example }]
  records:
    - { name: app01.corp.example, type: A, value: 10.0.0.1 }
hosts:
  - name: APP01 # the receiver
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }]
    msmq: { nameCache: until-restart }
    queues: [{ name: 'private$\\orders' }]
  - name: APP02
    domain: corp.example
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2] }]
workload:
  - { from: APP02, to: orders@APP01, kind: recoverable, every: 1s }
expect:
  - delivered: all
`;

/** `TINY` with each `[before, after]` text replaced once. */
function tinyWith(...edits: [string, string][]): string {
  return edits.reduce((text, [before, after]) => {
    expect(text).toContain(before);
    return text.replace(before, after);
  }, TINY);
}

function apply(text: string, flag: string, which = 0): string {
  const parsed = parseSetFlag(flag);
  return applyOverride(text, 'tiny.yaml', parsed, parsed.values[which] as never).text;
}

function failure(text: string, flag: string): { message: string; line?: number; column?: number } {
  try {
    apply(text, flag);
  } catch (error) {
    expect(ScenarioOverrideError.isInstance(error)).toBe(true);
    const { message, line, column } = error as ScenarioOverrideError;
    return {
      message,
      ...(line === undefined ? {} : { line }),
      ...(column === undefined ? {} : { column }),
    };
  }
  throw new TypeError('expected a ScenarioOverrideError');
}

describe('applyOverride', () => {
  it('replaces a value in place, by index or by name, leaving the rest of the file as it was', () => {
    const expected = tinyWith(['{ nameCache: until-restart }', '{ nameCache: "respect-ttl" }']);
    expect(apply(TINY, 'hosts.0.msmq.nameCache=respect-ttl')).toBe(expected);
    expect(apply(TINY, 'hosts.APP01.msmq.nameCache=respect-ttl')).toBe(expected);
    expect(apply(TINY, 'hosts.app01.msmq.nameCache=respect-ttl')).toBe(expected);
    expect(apply(TINY, 'duration=20m')).toBe(tinyWith(['duration: 10m #', 'duration: "20m" #']));
  });

  it('writes numbers as given, so integers past 2^53 are not rounded', () => {
    expect(apply(TINY, 'workload.0.every=9007199254740993')).toBe(
      tinyWith(['every: 1s', 'every: 9007199254740993']),
    );
  });

  it('writes lists and maps as flow YAML', () => {
    expect(apply(TINY, 'hosts.APP02.interfaces.0.addresses=[10.0.0.3, 10.0.0.4]')).toBe(
      tinyWith(['addresses: [10.0.0.2]', 'addresses: ["10.0.0.3","10.0.0.4"]']),
    );
  });

  it('adds a missing key at the end of a block map, at its indentation', () => {
    const text = apply(TINY, 'hosts.APP02.dnsClient.maxCacheTtl=0');
    expect(text).toBe(
      tinyWith([
        'addresses: [10.0.0.2] }]\n',
        'addresses: [10.0.0.2] }]\n    dnsClient: { maxCacheTtl: 0 }\n',
      ]),
    );
    expect(loadScenario(text, 'tiny.yaml').hosts[1]?.dnsClient).toMatchObject({ maxCacheTtl: 0 });
    const flag = parseSetFlag('hosts.APP02.dnsClient.maxCacheTtl=0');
    expect(applyOverride(TINY, 'tiny.yaml', flag, flag.values[0] as never).addedLine).toBe(19);
    const unterminated = parseSetFlag('expect.0.lost=0');
    expect(
      applyOverride(TINY.trimEnd(), 'tiny.yaml', unterminated, unterminated.values[0] as never),
    ).toEqual({
      text: `${TINY.trimEnd()}\n    lost: 0\n`,
      addedLine: 23,
    });
  });

  it('adds a missing key to a flow map, on the same line', () => {
    expect(apply(TINY, 'hosts.0.msmq.dsRefresh=false')).toBe(
      tinyWith(['{ nameCache: until-restart }', '{ nameCache: until-restart, dsRefresh: false }']),
    );
    expect(apply(tinyWith(['{ name: lan }', '{}']), 'networks.0.name=wan')).toBe(
      tinyWith(['{ name: lan }', '{ name: "wan" }']),
    );
  });

  it('writes into a key that has no value yet', () => {
    const text = tinyWith([
      '    domain: corp.example\n    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2]',
      '    msmq:\n    domain: corp.example\n    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.2]',
    ]);
    expect(apply(text, 'hosts.1.msmq.nameCache=never')).toBe(
      text.replace('    msmq:\n', '    msmq: { nameCache: "never" }\n'),
    );
  });

  it('keeps lines, so the loader points at the value in the user file', () => {
    try {
      loadScenario(apply(TINY, 'hosts.0.msmq.nameCache=bogus'), 'tiny.yaml');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe(
        'tiny.yaml:14:24: hosts[0].msmq.nameCache: "bogus" is not one of the allowed values (allowed: until-restart, respect-ttl, never, never-re-resolve, re-resolve-on-failure)',
      );
    }
  });

  it('says where a path leads nowhere, with what is there', () => {
    expect(failure(TINY, 'hosts.2.msmq=x')).toEqual({
      message:
        'tiny.yaml:11:3: --set hosts.2.msmq: hosts has 2 items, so no item 2 (allowed: an index from 0 to 1, or a name: APP01, APP02)',
      line: 11,
      column: 3,
    });
    expect(failure(TINY, 'hosts.APP2.msmq=x').message).toBe(
      'tiny.yaml:11:3: --set hosts.APP2.msmq: no item in hosts is named "APP2"; did you mean "APP02"? (allowed: an index from 0 to 1, or a name: APP01, APP02)',
    );
    expect(failure(TINY, 'name.first=x').message).toBe(
      'tiny.yaml:1:7: --set name.first: name is the value "tiny", which has no "first" inside (allowed: a path to a value inside a map or list)',
    );
    expect(failure(TINY, 'hosts.1.queues.0.name=x').message).toBe(
      'tiny.yaml:16:5: --set hosts.1.queues.0.name: hosts[1].queues is not in the scenario, so it has no item 0 to change (allowed: the whole value: --set hosts[1].queues=[…])',
    );
    expect(failure(TINY, 'expect.3=x').message).toBe(
      'tiny.yaml:22:3: --set expect.3: expect has 1 item, so no item 3 (allowed: index 0)',
    );
  });

  it('refuses a path through an alias, whose anchor other places share', () => {
    const text = tinyWith(
      ['  - { name: lan }', '  - &lan { name: lan }'],
      ['zones: [{ name: corp.example }]', 'zones: [{ name: corp.example }]\n  extra: *lan'],
    );
    expect(failure(text, 'dns.extra.name=x').message).toBe(
      'tiny.yaml:8:10: --set dns.extra.name: dns.extra is the alias *lan, shared with its anchor (allowed: a path that does not go through an alias; change the anchored value &lan)',
    );
  });
});
