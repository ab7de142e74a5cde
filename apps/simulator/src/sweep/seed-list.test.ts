import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliInputError } from '../cli-input.js';
import { formatSeedList, MAX_SEED, parseSeedList } from './seed-list.js';

function errorOf(run: () => unknown): { name: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(CliInputError.isInstance(error)).toBe(true);
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new TypeError('expected a CliInputError');
}

describe('parseSeedList', () => {
  it('reads a range with both ends included, one seed, and a list of seeds and ranges', () => {
    expect(parseSeedList('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeedList('5')).toEqual([5]);
    expect(parseSeedList('1,2,9')).toEqual([1, 2, 9]);
    expect(parseSeedList(' 9 , 1..3 ,20..21')).toEqual([1, 2, 3, 9, 20, 21]);
    expect(parseSeedList(`0,${MAX_SEED}`)).toEqual([0, MAX_SEED]);
  });

  it('names the part that is wrong and the character where it starts', () => {
    const messages = [
      '1..x',
      '..5',
      '5..1',
      '1,,2',
      '1,1..3',
      '-3',
      '1.5',
      '',
      `${MAX_SEED + 1}`,
    ].map((text) => errorOf(() => parseSeedList(text)).message);
    expect(messages).toEqual([
      '--seeds "1..x": "x" at character 4 is not a whole number',
      '--seeds "..5": a range at character 1 is missing an end (write 1..100)',
      '--seeds "5..1": the range 5..1 at character 1 ends before it starts',
      '--seeds "1,,2": an empty item at character 3',
      '--seeds "1,1..3": seed 1 is listed twice',
      '--seeds "-3": "-3" at character 1 is not a whole number',
      '--seeds "1.5": "1.5" at character 1 is not a whole number',
      '--seeds "": no seeds given',
      `--seeds "${MAX_SEED + 1}": ${MAX_SEED + 1} at character 1 is larger than ${MAX_SEED}`,
    ]);
  });

  it('refuses more seeds than its limit before listing them', () => {
    expect(errorOf(() => parseSeedList(`0..${MAX_SEED}`)).message).toBe(
      `--seeds "0..${MAX_SEED}": more than 1,000,000 seeds`,
    );
    expect(errorOf(() => parseSeedList('1..11', 10)).message).toBe(
      '--seeds "1..11": more than 10 seeds',
    );
  });
});

describe('formatSeedList', () => {
  it('folds consecutive seeds into ranges', () => {
    expect(formatSeedList([9, 1, 2, 3, 5, 6])).toBe('1..3,5,6,9');
  });

  it('writes what parseSeedList reads back to the same seeds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1 }), (seeds) => {
        expect(parseSeedList(formatSeedList(seeds))).toEqual([...seeds].sort((a, b) => a - b));
      }),
    );
  });
});
