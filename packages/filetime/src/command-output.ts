import { decodeWindows1252 } from './windows-1252.js';

/**
 * A line of a Windows command's output that a reader could not place, with where it is. Readers
 * report these instead of guessing, and go on with the next line.
 */
export interface TextProblem {
  /** 1-based line in the text. */
  readonly line: number;
  /** 1-based column (in code points) where the unreadable part begins. */
  readonly column: number;
  /** What was expected there, in words an admin understands. */
  readonly message: string;
  /** The whole line as it was, without its line ending. */
  readonly text: string;
}

/**
 * What a reader of Windows command output returns: what it understood (`value`) and every line it
 * could not place (`problems`, in line order). An empty `problems` means every line was read.
 */
export interface TextReading<T> {
  /** What the reader understood. */
  readonly value: T;
  /** The lines it could not place, in line order. */
  readonly problems: readonly TextProblem[];
}

/** The encodings {@link decodeCommandOutput} recognises. */
export type CommandOutputEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Command output as text, with the encoding it was found in. */
export interface DecodedCommandOutput {
  /** The text, without its byte-order mark. Line endings are kept as they were. */
  readonly text: string;
  /** The encoding the bytes were read in. */
  readonly encoding: CommandOutputEncoding;
}

/**
 * Reads the bytes of a saved Windows command output as text, in the encoding the tool wrote:
 * UTF-16LE with a BOM (Windows PowerShell 5.1's `>` and `Out-File`), UTF-16 without a BOM (told by
 * its NUL bytes), UTF-8 with or without a BOM (PowerShell 7, `Out-File -Encoding utf8`), and, for
 * bytes that are not UTF-8 (cmd.exe's `>` in an ANSI code page), Windows-1252. It never throws:
 * every byte sequence is text in Windows-1252.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array([0xff, 0xfe, 0x4f, 0x00, 0x4b, 0x00]);
 * decodeCommandOutput(bytes); // => { text: 'OK', encoding: 'utf-16le' }
 * ```
 */
export function decodeCommandOutput(input: Uint8Array): DecodedCommandOutput {
  const [b0, b1] = input;
  if (b0 === 0xff && b1 === 0xfe) return decodeWith('utf-16le', input.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return decodeWith('utf-16be', input.subarray(2));
  if (input.length >= 2 && input.length % 2 === 0) {
    const guess = utf16WithoutBom(input);
    if (guess !== undefined) return decodeWith(guess, input);
  }
  const body =
    input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? input.subarray(3) : input;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(input), encoding: 'windows-1252' };
  }
}

/**
 * The text of a command's output given as text or as the bytes of a saved file: bytes are decoded
 * with {@link decodeCommandOutput}; a string loses only a leading BOM.
 *
 * @example
 * ```ts
 * toCommandOutputText('\ufeffActive Connections'); // => 'Active Connections'
 * ```
 */
export function toCommandOutputText(input: string | Uint8Array): string {
  if (typeof input !== 'string') return decodeCommandOutput(input).text;
  return input.startsWith('\ufeff') ? input.slice(1) : input;
}

/**
 * The lines of a command's output, split at CRLF, LF or a lone CR (all three occur in saved
 * output: `netstat` through a pipe writes CR CR LF). A final line ending adds no empty line.
 *
 * @example
 * ```ts
 * splitOutputLines('a\r\r\nb\nc\r\n'); // => ['a', 'b', 'c']
 * ```
 */
export function splitOutputLines(text: string): string[] {
  // A scan, not a regular expression: `/\r*\n|\r/` backtracks over every run of lone CRs.
  const lines: string[] = [];
  let start = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      lines.push(text.slice(start, index));
      start = ++index;
    } else if (code === 13) {
      let end = index + 1;
      while (text.charCodeAt(end) === 13) end++;
      if (text.charCodeAt(end) === 10) {
        // CR LF, or CR CR LF: one line ending.
        lines.push(text.slice(start, index));
        start = index = end + 1;
      } else {
        // Each lone CR ends a line.
        lines.push(text.slice(start, index));
        for (let cr = index + 1; cr < end; cr++) lines.push('');
        start = index = end;
      }
    } else index++;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

function decodeWith(encoding: 'utf-16le' | 'utf-16be', bytes: Uint8Array): DecodedCommandOutput {
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}

/**
 * UTF-16 output without a BOM shows as a NUL in every other byte of its ASCII text; text in any
 * 8-bit encoding has no NULs at all. Decides on the first 256 bytes.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(bytes.length, 256) & ~1;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) evenNuls += 1;
    if (bytes[index + 1] === 0) oddNuls += 1;
  }
  const pairs = length / 2;
  if (oddNuls >= pairs * 0.6 && evenNuls === 0) return 'utf-16le';
  if (evenNuls >= pairs * 0.6 && oddNuls === 0) return 'utf-16be';
  return undefined;
}
