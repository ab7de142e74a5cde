import { describe, expect, it } from 'vitest';
import { ScenarioOverrideError } from './scenario-error.js';
import {
  checkDistinctPaths,
  combineSetValues,
  parseSetFlag,
  parseSetPath,
  type SetFlag,
} from './set-flag.js';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(ScenarioOverrideError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new TypeError('expected a ScenarioOverrideError');
}

describe('parseSetFlag', () => {
  it('reads the path and each value as YAML: text, numbers, booleans, lists', () => {
    expect(parseSetFlag('hosts.1.msmq.nameCache=until-restart,respect-ttl')).toEqual({
      path: 'hosts.1.msmq.nameCache',
      segments: ['hosts', '1', 'msmq', 'nameCache'],
      values: [
        { text: 'until-restart', value: 'until-restart' },
        { text: 'respect-ttl', value: 'respect-ttl' },
      ],
    });
    expect(parseSetFlag('x=1s, 100 ,true,0x10,null').values).toEqual([
      { text: '1s', value: '1s' },
      { text: '100', value: 100 },
      { text: 'true', value: true },
      { text: '0x10', value: 16 },
      { text: 'null', value: null },
    ]);
  });

  it('does not split a value at a comma inside quotes or brackets', () => {
    expect(
      parseSetFlag(`x='a,b',"c,d",[10.0.0.1, 10.0.0.2],{ a: 1, b: 2 }`).values.map((v) => v.value),
    ).toEqual(['a,b', 'c,d', ['10.0.0.1', '10.0.0.2'], { a: 1, b: 2 }]);
  });

  it('keeps "=" in values and reads quoted and bracketed keys in the path', () => {
    expect(parseSetFlag('hosts[1].registry["A.B=C"]=x=y')).toMatchObject({
      segments: ['hosts', '1', 'registry', 'A.B=C'],
      values: [{ text: 'x=y', value: 'x=y' }],
    });
  });

  it('names what is wrong with a flag and where', () => {
    expect(
      ['workload.0.every', 'x=', 'x=1,,2', 'x=1,1', 'x=[a', 'seed=1,2', '=1'].map((text) =>
        messageOf(() => parseSetFlag(text)),
      ),
    ).toEqual([
      '--set "workload.0.every": no "=" between the path and the values (write path=v1,v2)',
      `--set "x=": no value after "=" (to set empty text, write '') at character 3`,
      '--set "x=1,,2": an empty value at character 5',
      '--set "x=1,1": the value 1 is listed twice at character 5',
      '--set "x=[a": the value [a is not valid YAML (Flow sequence must end with a ]) at character 3',
      '--set "seed=1,2": the seed is swept with --seeds, not --set',
      '--set "=1": no path before "=" at character 1',
    ]);
  });
});

describe('parseSetFlag and YAML aliases', () => {
  // An alias without its anchor made the YAML library throw, reported as an internal error.
  it('refuses anchors and aliases in a value as bad input, where the value is', () => {
    expect(messageOf(() => parseSetFlag('workload.0.every=*a'))).toMatch(
      /^--set "workload\.0\.every=\*a": the value \*a is not valid here \(.*\); write the value itself, without YAML anchors or aliases at character 18$/,
    );
    expect(messageOf(() => parseSetFlag('x=[&a 1, *a]'))).toMatch(
      /without YAML anchors or aliases/,
    );
  });
});

describe('parseSetFlag and values that would exhaust the parser', () => {
  // 100 000 `[` in a value ran the YAML parser out of stack ("Maximum call stack size exceeded").
  it('refuses them with the limits of a scenario file, showing the value shortened', () => {
    const deep = `workload.0.every=${'['.repeat(100_000)}`;
    expect(messageOf(() => parseSetFlag(deep))).toContain(
      `the value ${'['.repeat(60)}… (100000 characters) is refused: brackets nest more than 64 deep (allowed: at most 64 nested [ ] or { }) at character 18`,
    );
    expect(messageOf(() => parseSetFlag(`x=[${'1, '.repeat(250_000)}1]`))).toContain(
      'is refused: more than 200000 nodes',
    );
    expect(parseSetFlag(`x=${'['.repeat(10)}1${']'.repeat(10)}`).values).toHaveLength(1);
  });
});

describe('parseSetPath', () => {
  it('reads dotted keys, indices, names, and the bracket form of scenario messages', () => {
    expect(parseSetPath('hosts.APP02.msmq.nameCache')).toEqual([
      'hosts',
      'APP02',
      'msmq',
      'nameCache',
    ]);
    expect(parseSetPath('hosts[1].registry["Machine Cache"]')).toEqual([
      'hosts',
      '1',
      'registry',
      'Machine Cache',
    ]);
    expect(parseSetPath('a."b.c".d')).toEqual(['a', 'b.c', 'd']);
  });

  it('names the character where a path goes wrong', () => {
    expect(
      ['a..b', 'a.', '.a', 'a[x]', 'a[1', 'a"b"', 'a."b'].map((path) =>
        messageOf(() => parseSetPath(path)),
      ),
    ).toEqual([
      '--set path "a..b": an empty key at character 3',
      '--set path "a.": the path ends with "." at character 2',
      '--set path ".a": an empty key at character 1',
      '--set path "a[x]": write a list index [1] or a quoted key ["Machine Cache"] in brackets at character 2',
      '--set path "a[1": a "[" without its "]" at character 2',
      '--set path "a\\"b\\"": expected "." or "[" before "\\"" at character 2',
      '--set path "a.\\"b": a quote without its closing quote at character 3',
    ]);
  });
});

describe('combineSetValues', () => {
  it('gives every combination, the first flag changing slowest', () => {
    expect(
      combineSetValues<string | number>([
        { values: ['a', 'b'] },
        { values: ['x', 'y', 'z'] },
        { values: [1] },
      ]),
    ).toEqual([
      ['a', 'x', 1],
      ['a', 'y', 1],
      ['a', 'z', 1],
      ['b', 'x', 1],
      ['b', 'y', 1],
      ['b', 'z', 1],
    ]);
  });

  it('gives one empty combination without flags', () => {
    expect(combineSetValues([])).toEqual([[]]);
  });
});

describe('checkDistinctPaths', () => {
  it('refuses two flags for the same place, however written', () => {
    const flags: SetFlag[] = [parseSetFlag('hosts.1.msmq=a'), parseSetFlag('hosts[1].msmq=b')];
    expect(messageOf(() => checkDistinctPaths(flags))).toBe(
      '--set hosts[1].msmq sets the same value as --set hosts.1.msmq; give all its values in one flag (path=v1,v2)',
    );
    expect(() =>
      checkDistinctPaths([flags[0] as SetFlag, parseSetFlag('hosts.0.msmq=a')]),
    ).not.toThrow();
  });
});
