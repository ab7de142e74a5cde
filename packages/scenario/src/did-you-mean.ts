import { quote } from './scenario-error.js';
/**
 * The candidate closest to what the user typed, for "did you mean …?" hints; `undefined` when none
 * is close. Case, `-` and `_` are ignored first (`negative-ttl` → `negativeTtl`, `Name` → `name`),
 * then up to one edit per three characters (rounded up) is tolerated; failing that, a word of
 * three or more characters that begins exactly one candidate is taken as that candidate.
 *
 * Twenty lines of edit distance over a few short names: no dependency is worth it here.
 *
 * @example
 * ```ts
 * didYouMean('adresses', ['name', 'network', 'addresses']); // => 'addresses'
 * didYouMean('negative-ttl', ['ttl', 'negativeTtl']); // => 'negativeTtl'
 * didYouMean('restart', ['restart-msmq', 'stop-msmq']); // => 'restart-msmq'
 * didYouMean('zzz', ['name']); // => undefined
 * ```
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = fold(input);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.ceil(wanted.length / 3)) + 1;
  // A word that begins exactly one candidate (`restart` → `restart-msmq`) is that candidate.
  const beginning: string[] = [];
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const folded = fold(candidate);
    const distance = editDistance(wanted, folded);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
    if (wanted.length >= 3 && folded.startsWith(wanted)) beginning.push(candidate);
  }
  return best ?? (beginning.length === 1 ? beginning[0] : undefined);
}

/** ` (did you mean "x"?)`, or nothing when no candidate is close. */
export function didYouMeanHint(input: string, candidates: Iterable<string>): string {
  const suggestion = didYouMean(input, candidates);
  return suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`;
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `lna` → `lan` is one
 * edit, as a typist sees it.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
