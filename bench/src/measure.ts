/** Repeated timing of several implementations of one case. */

/**
 * Runs every implementation once untimed (`warmUp`) so the JIT has compiled them, then
 * `rounds` times each, interleaved (A B A B …) so slow drift in machine load hits all of them
 * alike. Returns each implementation's runs in order.
 *
 * @example
 * ```ts
 * measureRounds({ a: (size) => size * 2 }, (run) => run(10), (run) => run(1_000), 3);
 * // { a: [2000, 2000, 2000] }
 * ```
 */
export function measureRounds<Implementation, Run>(
  implementations: Readonly<Record<string, Implementation>>,
  warmUp: (implementation: Implementation) => unknown,
  timed: (implementation: Implementation) => Run,
  rounds: number,
): Record<string, Run[]> {
  const names = Object.keys(implementations);
  const runs: Record<string, Run[]> = {};
  for (const name of names) {
    warmUp(implementations[name] as Implementation);
    runs[name] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const name of names) runs[name]?.push(timed(implementations[name] as Implementation));
  }
  return runs;
}

/**
 * The median of `values` (the mean of the middle two for an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * {@link measureRounds} for implementations that finish asynchronously (a lookup against a real
 * socket): the same warm-up, then rounds interleaved A B A B …, each awaited before the next.
 *
 * @example
 * ```ts
 * await measureRoundsAsync({ a: async (size: number) => size * 2 }, (run) => run(10), (run) => run(1_000), 3);
 * // { a: [2000, 2000, 2000] }
 * ```
 */
export async function measureRoundsAsync<Implementation, Run>(
  implementations: Readonly<Record<string, Implementation>>,
  warmUp: (implementation: Implementation, name: string) => Promise<unknown>,
  timed: (implementation: Implementation, name: string, round: number) => Promise<Run>,
  rounds: number,
): Promise<Record<string, Run[]>> {
  const names = Object.keys(implementations);
  const runs: Record<string, Run[]> = {};
  for (const name of names) {
    await warmUp(implementations[name] as Implementation, name);
    runs[name] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      runs[name]?.push(await timed(implementations[name] as Implementation, name, round));
    }
  }
  return runs;
}
