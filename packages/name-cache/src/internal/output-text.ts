import {
  splitOutputLines,
  type TextProblem,
  type TextReading,
  toCommandOutputText,
} from '@mqsim/filetime';
import { canonicalIp, ipFamily } from '../ip-address.js';

// Shared by the readers of saved command output (ipconfig, nslookup, Resolve-DnsName): lines,
// problems, the dot-leader labels of ipconfig and the lenient name and address forms.
// Every helper here is linear in its input and never throws.

/** The lines of a saved output, decoded and split (CRLF, LF, CR; UTF-16 or UTF-8 bytes). */
export function outputLines(input: string | Uint8Array): string[] {
  return splitOutputLines(toCommandOutputText(input));
}

/** Collects the problems of one reading, in line order. */
export class ProblemList {
  readonly problems: TextProblem[] = [];

  /** Reports line `index` (0-based) from 0-based `offset`, with what was expected there. */
  add(index: number, text: string, offset: number, message: string): void {
    const column = [...text.slice(0, Math.max(0, offset))].length + 1;
    this.problems.push({ line: index + 1, column, message, text });
  }

  reading<T>(value: T): TextReading<T> {
    return { value, problems: this.problems };
  }
}

/** How many leading spaces and tabs a line has (a tab counts 8, as a console shows it). */
export function indentation(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 8 - (width % 8);
    else break;
  }
  return width;
}

/** Index of the first character that is not a space or tab; `line.length` for a blank line. */
export function firstTextIndex(line: string): number {
  let index = 0;
  while (index < line.length && (line[index] === ' ' || line[index] === '\t')) index++;
  return index;
}

/** True for a line of spaces and tabs only. */
export function isBlank(line: string): boolean {
  return firstTextIndex(line) === line.length;
}

/** A `Label . . . . : value` line split at its colon. */
export interface LeaderLine {
  /** The label without its dot leader, spaces collapsed (`Connection-specific DNS Suffix`). */
  readonly label: string;
  /** Lower case label, for matching. */
  readonly key: string;
  /** The value after the colon, trimmed; `''` when the line has none. */
  readonly value: string;
  /** 0-based offset of the value in the line. */
  readonly valueOffset: number;
}

/**
 * Splits an ipconfig line at the colon that ends its label. The label is everything before the
 * first colon, without its dot leader (` . . . .`, `. . .`, or none at all, as in German
 * `Verbindungsspezifisches DNS-Suffix:`): no ipconfig label in any language we have seen holds a
 * colon, while values (IPv6 addresses, lease times) do. `undefined` when the line has no colon or
 * nothing before it.
 */
export function splitLeader(line: string): LeaderLine | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  let end = colon;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '.' || line[end - 1] === '\t')) {
    end--;
  }
  const label = collapseSpaces(line.slice(0, end));
  if (label === '') return undefined;
  let valueStart = colon + 1;
  while (valueStart < line.length && (line[valueStart] === ' ' || line[valueStart] === '\t')) {
    valueStart++;
  }
  return {
    label,
    key: label.toLowerCase(),
    value: line.slice(valueStart).trimEnd(),
    valueOffset: valueStart,
  };
}

/** Trims and turns each run of spaces and tabs into one space. */
export function collapseSpaces(text: string): string {
  return text.trim().replace(/[ \t]+/g, ' ');
}

/**
 * A DNS name as readers report it: lower case, without a trailing dot. Not validated: a saved
 * output may hold names this package would refuse to serve (`_msdcs`, IDN), and they still
 * compare.
 */
export function reportedName(text: string): string {
  const trimmed = text.trim();
  const bare = trimmed.endsWith('.') && trimmed.length > 1 ? trimmed.slice(0, -1) : trimmed;
  return bare.toLowerCase();
}

/** The canonical text of an address, or `undefined` when the text is none. */
export function canonicalAddress(text: string): string | undefined {
  return ipFamily(text) === undefined ? undefined : canonicalIp(text);
}

/**
 * An address with an optional `%zone` (`fe80::1%12`, as ipconfig prints link-local addresses
 * and DNS servers), canonical; `undefined` when the part before `%` is no address.
 */
export function splitZone(text: string): { address: string; zone: string | undefined } | undefined {
  const percent = text.indexOf('%');
  const bare = percent < 0 ? text : text.slice(0, percent);
  const zone = percent < 0 ? undefined : text.slice(percent + 1);
  if (zone === '') return undefined;
  const address = canonicalAddress(bare);
  if (address === undefined) return undefined;
  if (zone !== undefined && ipFamily(address) !== 6) return undefined;
  return { address, zone };
}

/** Whole decimal number text (no sign, no spaces) as a safe integer; `undefined` otherwise. */
export function wholeNumber(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
