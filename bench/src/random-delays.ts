/**
 * Seeded exponential delays, drawn once outside every timed region so that each implementation
 * replays exactly the same sequence and no random-number cost is measured.
 */

// xoshiro128** (Blackman & Vigna), seeded through splitmix32: tiny, fast, and the same stream on
// every machine. The bench cannot depend on the simulator's PRNG library, so it carries its own.
function createUniform(seed: number): () => number {
  let state = seed >>> 0;
  const splitmix32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  const next32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const shifted = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= shifted;
    s3 = rotateLeft(s3, 11);
    return result;
  };
  // 53 random bits, so every double in [0, 1) on the 2^-53 grid is reachable.
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/**
 * `count` delays drawn from an exponential distribution with the given mean, rounded to whole
 * ticks (so some are 0 and exercise same-tick ordering).
 *
 * @example
 * ```ts
 * const delays = createExponentialDelays({ seed: 1, meanTicks: 1_000_000, count: 3 });
 * delays.length; // 3
 * Number.isInteger(delays[0]); // true
 * ```
 */
export function createExponentialDelays(options: {
  readonly seed: number;
  readonly meanTicks: number;
  readonly count: number;
}): Float64Array {
  const uniform = createUniform(options.seed);
  const delays = new Float64Array(options.count);
  for (let index = 0; index < options.count; index++) {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    delays[index] = Math.round(-options.meanTicks * Math.log1p(-uniform()));
  }
  return delays;
}
