import { didYouMean } from '@mqsim/scenario';
import { ShellUsageError } from './shell-errors.js';

/**
 * Checks that `args` holds at most `count` words.
 * @throws {ShellUsageError} naming the first extra word and the command's usage.
 */
export function expectAtMost(args: readonly string[], count: number, usage: string): void {
  const extra = args[count];
  if (extra !== undefined) {
    throw new ShellUsageError(`unexpected argument ${quoteWord(extra)}; usage: ${usage}`, {
      value: extra,
      allowed: usage,
    });
  }
}

/**
 * The entry of `allowed` that `text` names, case-insensitively (`EXPRESS` → `express`).
 * @throws {ShellUsageError} naming `what`, the text, a close match and every allowed word.
 */
export function pickWord<T extends string>(
  what: string,
  text: string | undefined,
  allowed: readonly T[],
): T {
  const found = allowed.find((word) => word.toLowerCase() === text?.toLowerCase());
  if (found !== undefined) return found;
  const list = allowed.join(', ');
  if (text === undefined) {
    throw new ShellUsageError(`${what} is missing; allowed: ${list}`, { allowed: list });
  }
  const suggestion = didYouMean(text, allowed);
  throw new ShellUsageError(
    `${what} ${quoteWord(text)} is not allowed${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}; allowed: ${list}`,
    { value: text, allowed: list },
  );
}

/** A word as typed, in double quotes, for messages. */
export function quoteWord(text: string): string {
  return `"${text}"`;
}

/**
 * The entries of `candidates` that start with `prefix`, ignoring case, without repeats, in order.
 */
export function startingWith(candidates: Iterable<string>, prefix: string): string[] {
  const folded = prefix.toLowerCase();
  const out: string[] = [];
  for (const candidate of candidates) {
    if (candidate.toLowerCase().startsWith(folded) && !out.includes(candidate)) out.push(candidate);
  }
  return out;
}
