import { CliInputError } from '../cli-input.js';

/** The largest seed a scenario accepts (its `seed` is an unsigned 32-bit number). */
export const MAX_SEED = 4_294_967_295;

/** The most seeds one `--seeds` flag may name, whatever the run limit (a guard, not a budget). */
export const MAX_SEEDS = 1_000_000;

const ALLOWED = `whole numbers from 0 to ${MAX_SEED}: a range 1..100, one seed 5, or a list 1,2,9 (ranges allowed: 1..10,20)`;

/**
 * The seeds a `--seeds` flag names, in ascending order: a range `1..100` (both ends included),
 * one seed `5`, or a comma-separated list of seeds and ranges `1,2,9..11`.
 *
 * @example
 * ```ts
 * parseSeedList('1..4'); // => [1, 2, 3, 4]
 * parseSeedList('9,1,3..4'); // => [1, 3, 4, 9]
 * ```
 * @throws {CliInputError} naming the part that is wrong and where it starts, a range that ends
 *   before it starts, a seed listed twice, or more than `limit` seeds.
 */
export function parseSeedList(text: string, limit = MAX_SEEDS): number[] {
  const fail = (message: string): never => {
    throw new CliInputError(`--seeds ${JSON.stringify(text)}: ${message}`, {
      value: text,
      allowed: ALLOWED,
    });
  };
  if (text.trim() === '') fail('no seeds given');
  const seen = new Set<number>();
  const add = (seed: number) => {
    if (seen.has(seed)) fail(`seed ${seed} is listed twice`);
    seen.add(seed);
  };
  let offset = 0;
  for (const part of text.split(',')) {
    const start = offset;
    offset += part.length + 1;
    const item = part.trim();
    const at = (index: number) => `at character ${start + index + 1}`;
    if (item === '') fail(`an empty item ${at(0)}`);
    const dots = part.indexOf('..');
    if (dots === -1) {
      add(toSeed(part, 0, at, fail));
      continue;
    }
    const first = toSeed(part.slice(0, dots), 0, at, fail);
    const last = toSeed(part.slice(dots + 2), dots + 2, at, fail);
    if (last < first) fail(`the range ${item} ${at(part.indexOf(item))} ends before it starts`);
    if (seen.size + (last - first + 1) > limit)
      fail(`more than ${limit.toLocaleString('en-US')} seeds`);
    for (let seed = first; seed <= last; seed += 1) add(seed);
  }
  if (seen.size > limit) fail(`more than ${limit.toLocaleString('en-US')} seeds`);
  return [...seen].sort((a, b) => a - b);
}

/** The seed written in `raw`, which starts at index `from` of its item. */
function toSeed(
  raw: string,
  from: number,
  at: (index: number) => string,
  fail: (message: string) => never,
): number {
  const item = raw.trim();
  const where = at(from + (item === '' ? 0 : raw.indexOf(item)));
  if (!/^\d+$/.test(item)) {
    return fail(
      item === ''
        ? `a range ${where} is missing an end (write 1..100)`
        : `${JSON.stringify(item)} ${where} is not a whole number`,
    );
  }
  const seed = Number(item);
  if (seed > MAX_SEED) fail(`${item} ${where} is larger than ${MAX_SEED}`);
  return seed;
}

/**
 * Seeds as short text: consecutive seeds folded into ranges (the form `--seeds` reads).
 *
 * @example
 * ```ts
 * formatSeedList([1, 2, 3, 4, 9]); // => '1..4,9'
 * ```
 */
export function formatSeedList(seeds: readonly number[]): string {
  const sorted = [...seeds].sort((a, b) => a - b);
  const parts: string[] = [];
  let index = 0;
  while (index < sorted.length) {
    const first = sorted[index] as number;
    let last = first;
    while (sorted[index + 1] === last + 1) {
      index += 1;
      last += 1;
    }
    parts.push(
      first === last
        ? String(first)
        : last === first + 1
          ? `${first},${last}`
          : `${first}..${last}`,
    );
    index += 1;
  }
  return parts.join(',');
}
