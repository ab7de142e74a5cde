import { describe, expect, it } from 'vitest';
import {
  DurationParseError,
  FileTimeParseError,
  FileTimeRangeError,
  MqsimError,
  ScheduleError,
  SimulationEventError,
} from './index.js';

const subclasses = [
  [FileTimeRangeError, 'ERR_FILETIME_RANGE'],
  [FileTimeParseError, 'ERR_FILETIME_PARSE'],
  [DurationParseError, 'ERR_DURATION_PARSE'],
  [ScheduleError, 'ERR_SCHEDULE'],
] as const;

describe('MqsimError', () => {
  it('carries its code, name, message and the typed details it was given', () => {
    const cause = new TypeError('underlying');
    const error = new FileTimeParseError('"x" is not a FILETIME', {
      value: 'x',
      allowed: 'a FILETIME',
      line: 3,
      column: 14,
      cause,
    });
    expect({
      name: error.name,
      code: error.code,
      message: error.message,
      value: error.value,
      allowed: error.allowed,
      line: error.line,
      column: error.column,
      cause: error.cause,
    }).toEqual({
      name: 'FileTimeParseError',
      code: 'ERR_FILETIME_PARSE',
      message: '"x" is not a FILETIME',
      value: 'x',
      allowed: 'a FILETIME',
      line: 3,
      column: 14,
      cause,
    });
    expect(error).toBeInstanceOf(MqsimError);
    expect(error).toBeInstanceOf(Error);
  });

  it('leaves out the details it was not given', () => {
    const error = new ScheduleError('bad');
    expect(['value', 'allowed', 'line', 'column', 'cause'].filter((key) => key in error)).toEqual(
      [],
    );
  });

  it('keeps a falsy value and a falsy cause', () => {
    const error = new FileTimeRangeError('zero', { value: 0, cause: 0 });
    expect([error.value, error.cause, 'cause' in error]).toEqual([0, 0, true]);
  });

  it('has the code ERR_MQSIM when used directly', () => {
    const error = new MqsimError('generic');
    expect([error.name, error.code, MqsimError.code]).toEqual([
      'MqsimError',
      'ERR_MQSIM',
      'ERR_MQSIM',
    ]);
  });

  it.each(subclasses)(
    'gives %o its stable code %s, on the class and on each error',
    (type, code) => {
      const error = new type('message');
      expect([type.code, error.code, error.name]).toEqual([code, code, type.name]);
    },
  );

  it('gives SimulationEventError the time of the failing event and its cause', () => {
    const cause = new Error('boom');
    const error = new SimulationEventError(
      'event threw',
      42,
      '2026-01-01T00:00:00.0000042Z',
      cause,
    );
    expect({
      name: error.name,
      code: error.code,
      ticks: error.ticks,
      iso: error.iso,
      cause: error.cause,
      message: error.message,
    }).toEqual({
      name: 'SimulationEventError',
      code: 'ERR_SIMULATION_EVENT',
      ticks: 42,
      iso: '2026-01-01T00:00:00.0000042Z',
      cause,
      message: 'event threw',
    });
  });
});

describe('MqsimError.isInstance', () => {
  it('recognises every subclass as an MqsimError', () => {
    for (const error of [
      new MqsimError('a'),
      new FileTimeRangeError('b'),
      new FileTimeParseError('c'),
      new DurationParseError('d'),
      new ScheduleError('e'),
      new SimulationEventError('f', 0, '1601-01-01T00:00:00.0000000Z', undefined),
    ]) {
      expect(MqsimError.isInstance(error)).toBe(true);
    }
  });

  it('recognises a subclass only as itself, not as a sibling', () => {
    const errors = [
      new FileTimeRangeError('a'),
      new FileTimeParseError('b'),
      new DurationParseError('c'),
      new ScheduleError('d'),
    ];
    const matrix = subclasses.map(([type]) => errors.map((error) => type.isInstance(error)));
    expect(matrix).toEqual([
      [true, false, false, false],
      [false, true, false, false],
      [false, false, true, false],
      [false, false, false, true],
    ]);
    expect(SimulationEventError.isInstance(new ScheduleError('x'))).toBe(false);
    expect(FileTimeRangeError.isInstance(new MqsimError('base'))).toBe(false);
  });

  it('says no to plain errors and to values that are not errors', () => {
    for (const value of [
      new Error('plain'),
      new RangeError('range'),
      Object.assign(new Error('look-alike'), { code: 'ERR_FILETIME_RANGE' }),
      { code: 'ERR_FILETIME_RANGE', name: 'FileTimeRangeError' },
      null,
      undefined,
      'ERR_FILETIME_RANGE',
      42,
    ]) {
      expect([MqsimError.isInstance(value), FileTimeRangeError.isInstance(value)]).toEqual([
        false,
        false,
      ]);
    }
  });

  it('recognises an error from another copy of the package by its Symbol.for marker', () => {
    // What a duplicate install's error looks like: another class, the same registered symbols.
    const foreign = {
      [Symbol.for('mqsim.error')]: true,
      [Symbol.for('mqsim.error.ERR_FILETIME_RANGE')]: true,
      message: 'from another copy',
    };
    expect(foreign instanceof FileTimeRangeError).toBe(false);
    expect([
      MqsimError.isInstance(foreign),
      FileTimeRangeError.isInstance(foreign),
      FileTimeParseError.isInstance(foreign),
    ]).toEqual([true, true, false]);
  });

  it('checks only the marker of the class it is called on', () => {
    const subclassOnly = { [Symbol.for('mqsim.error.ERR_SCHEDULE')]: true };
    expect([ScheduleError.isInstance(subclassOnly), MqsimError.isInstance(subclassOnly)]).toEqual([
      true,
      false,
    ]);
    const notTrue = { [Symbol.for('mqsim.error.ERR_SCHEDULE')]: 'yes' };
    expect(ScheduleError.isInstance(notTrue)).toBe(false);
  });

  it('recognises errors made by a second, separately loaded copy of the module', async () => {
    // A query string makes the module loader evaluate errors.ts again: new classes, same markers.
    const specifier = './errors.js?duplicate-install';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import('./errors.js');
    const foreign = new copy.ScheduleError('from the copy');
    expect(copy.ScheduleError).not.toBe(ScheduleError);
    expect(foreign instanceof ScheduleError).toBe(false);
    expect([
      ScheduleError.isInstance(foreign),
      MqsimError.isInstance(foreign),
      FileTimeRangeError.isInstance(foreign),
      copy.ScheduleError.isInstance(new ScheduleError('ours')),
    ]).toEqual([true, true, false, true]);
  });

  it('narrows the type so typed fields can be read', () => {
    const error: unknown = new FileTimeRangeError('x', { value: 7n, allowed: 'less' });
    if (!FileTimeRangeError.isInstance(error)) return expect.fail('expected a FileTimeRangeError');
    expect([error.code, error.value, error.allowed]).toEqual(['ERR_FILETIME_RANGE', 7n, 'less']);
  });
});
