import { RegFileParseError } from '../errors.js';
import type { RegFileEncoding } from '../reg-file-document.js';
import { decodeUtf8, findInvalidUtf8 } from './utf8.js';
import { decodeUtf16le } from './utf16.js';

/** A `.reg` file's text and how it was stored. */
export interface RegText {
  readonly text: string;
  readonly encoding: RegFileEncoding;
  readonly bom: boolean;
}

/** One line of a text: `[start, end)` without its line break. */
export interface TextLine {
  readonly start: number;
  readonly end: number;
}

/** Splits at CRLF, LF or CR; a text ending in a line break has an empty last line. */
export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit !== 10 && unit !== 13) continue;
    lines.push({ start, end: index });
    if (unit === 13 && text.charCodeAt(index + 1) === 10) index++;
    start = index + 1;
  }
  lines.push({ start, end: text.length });
  return lines;
}

/** 1-based line and column (in UTF-16 units) of `index` in `text`. */
function locate(text: string, index: number): { line: number; column: number } {
  const lines = splitLines(text.slice(0, index));
  const last = lines[lines.length - 1] as TextLine;
  return { line: lines.length, column: index - last.start + 1 };
}

/**
 * Decodes a `.reg` file: UTF-16LE after an `FF FE` byte-order mark (or when the second byte is
 * 0, as in `W\0i\0`), otherwise UTF-8 with or without `EF BB BF`. A string is taken as is, less a
 * leading U+FEFF.
 */
export function decodeRegText(input: string | Uint8Array): RegText {
  if (typeof input === 'string') {
    const bom = input.charCodeAt(0) === 0xfeff;
    return { text: bom ? input.slice(1) : input, encoding: 'text', bom: false };
  }
  if (!(input instanceof Uint8Array)) {
    throw new RegFileParseError(
      `A .reg file must be given as a string or a Uint8Array, not ${typeof input}`,
      { value: input, allowed: 'a string or a Uint8Array', line: 1, column: 1 },
    );
  }
  const [first, second] = input;
  if (first === 0xfe && second === 0xff) {
    throw encodingError('', 'UTF-16LE (BOM FF FE) or UTF-8', 'a UTF-16BE byte-order mark (FE FF)');
  }
  const utf16Bom = first === 0xff && second === 0xfe;
  if (utf16Bom || (input.length >= 2 && first !== 0 && second === 0)) {
    const start = utf16Bom ? 2 : 0;
    const even = input.length - ((input.length - start) % 2);
    const text = decodeUtf16le(input, start, even);
    if (even !== input.length) {
      throw encodingError(
        text,
        'UTF-16LE text, 2 bytes per unit',
        `an odd number of bytes (${input.length - start}): the last unit is cut off`,
      );
    }
    return { text, encoding: 'utf16le', bom: utf16Bom };
  }
  const bom = first === 0xef && second === 0xbb && input[2] === 0xbf;
  const start = bom ? 3 : 0;
  const invalid = findInvalidUtf8(input, start);
  if (invalid >= 0) {
    const shown = Array.from(input.subarray(invalid, invalid + 4), (byte) =>
      byte.toString(16).toUpperCase().padStart(2, '0'),
    ).join(' ');
    throw encodingError(
      decodeUtf8(input, start, invalid),
      'UTF-8 text (or UTF-16LE with the byte-order mark FF FE)',
      `bytes that are not UTF-8: ${shown}`,
    );
  }
  return { text: decodeUtf8(input, start), encoding: 'utf8', bom };
}

function encodingError(before: string, expected: string, found: string): RegFileParseError {
  const { line, column } = locate(before, before.length);
  return new RegFileParseError(
    `Line ${line}, column ${column}: expected ${expected}, found ${found}`,
    {
      line,
      column,
      value: found,
      allowed: expected,
    },
  );
}
