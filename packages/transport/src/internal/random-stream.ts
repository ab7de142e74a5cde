import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** A seeded source of uniform numbers in [0, 1). */
export interface RandomStream {
  next(): number;
}

/**
 * The random stream named `name` of the run seeded with `seed`. Each link draws from its own
 * stream, so adding a segment or drawing more on one link never shifts what another link draws.
 */
export function createRandomStream(seed: number, name: string): RandomStream {
  const generator: RandomGenerator = xoroshiro128plus(mixSeed(seed, name));
  return { next: () => uniformFloat64(generator) };
}

// FNV-1a over the seed's 4 bytes and the name's UTF-16 units, then a murmur3 finaliser, so
// near names and near seeds give unrelated generator states.
function mixSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (let shift = 0; shift < 32; shift += 8) {
    hash = Math.imul(hash ^ ((seed >>> shift) & 0xff), 0x01000193);
  }
  for (let index = 0; index < name.length; index++) {
    hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash | 0;
}
