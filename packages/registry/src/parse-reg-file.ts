import { decodeWindows1252 } from '@mqsim/filetime';
import { RegFileParseError } from './errors.js';
import { isKeyPathProblem, readKeyPath } from './internal/key-path.js';
import { quote } from './internal/quote.js';
import { decodeRegData } from './internal/reg-data-codec.js';
import { decodeRegText, splitLines, type TextLine } from './internal/reg-text.js';
import { isTextKind, REG_BINARY, REG_QWORD, typeName } from './internal/reg-types.js';
import { encodeUtf16le } from './internal/utf16.js';
import { findValueNameProblem } from './internal/value-name.js';
import type {
  RegFileDocument,
  RegFileEntry,
  RegFileHeader,
  RegFileKeyDeletion,
  RegFileSection,
} from './reg-file-document.js';
import type { RegValue } from './reg-value.js';

const VERSION_5: RegFileHeader = 'Windows Registry Editor Version 5.00';
const VERSION_4: RegFileHeader = 'REGEDIT4';
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const HEX_BYTE = /^[0-9a-fA-F]{1,2}$/;
/** What ends a byte in hex data: a comma, a blank or a continuation backslash. */
const BYTE_END = /[,\\ \t]/;

/** A `[key]` section while its value lines are still being read. */
interface OpenKeySection {
  readonly kind: 'key';
  readonly path: string;
  readonly entries: RegFileEntry[];
}

/**
 * Reads a `.reg` file as Registry Editor writes it into a plain document: the header, then each
 * `[key]` with its `"name"=data` lines, `[-key]` deletions and `"name"=-` value deletions, in
 * file order. Nothing is applied; pass the document to {@link applyRegFile}.
 *
 * Bytes are decoded as UTF-16LE after the byte-order mark `FF FE` (Registry Editor's format),
 * otherwise as UTF-8 with or without `EF BB BF`. The header is `Windows Registry Editor Version
 * 5.00` or `REGEDIT4` (whose `hex(2)`/`hex(7)` strings are code-page-1252 bytes). Data forms:
 * `"string"` (escapes `\\` and `\"` only), `dword:` and 1–8 hex digits, `hex:` (REG_BINARY) and
 * `hex(N):` (type N, hexadecimal: `hex(2)` REG_EXPAND_SZ, `hex(7)` REG_MULTI_SZ, `hex(b)`
 * REG_QWORD) with comma-separated bytes, continued over lines by a trailing `\`; `-` deletes.
 * Blank lines and lines starting with `;` are skipped. Names such as `__proto__` are plain data.
 *
 * @example
 * ```ts
 * parseRegFile('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Demo]\r\n"Hours"=dword:000000a8\r\n');
 * // { header: 'Windows Registry Editor Version 5.00', encoding: 'text', bom: false, sections: [
 * //   { kind: 'key', path: 'HKEY_CURRENT_USER\\Software\\Demo',
 * //     entries: [{ kind: 'set-value', name: 'Hours', value: { type: 'REG_DWORD', data: 168 } }] }] }
 * ```
 * @throws {RegFileParseError} for anything else, with the 1-based `line` and `column` in the
 * original text (continuation lines included), what was found and what was expected.
 */
export function parseRegFile(input: string | Uint8Array): RegFileDocument {
  const length = typeof input === 'string' ? input.length : input.byteLength;
  if (length > MAX_REG_FILE_LENGTH) {
    throw new RegFileParseError(
      `Line 1, column 1: expected a .reg file of at most ${MAX_REG_FILE_LENGTH} characters, found one of ${length}`,
      {
        line: 1,
        column: 1,
        value: length,
        allowed: `at most ${MAX_REG_FILE_LENGTH} characters (MAX_REG_FILE_LENGTH)`,
      },
    );
  }
  const { text, encoding, bom } = decodeRegText(input);
  return new RegFileParser(text).parse(encoding, bom);
}

/**
 * The longest `.reg` file {@link parseRegFile} reads: 64 Mi characters (bytes, for a `Uint8Array`),
 * far beyond an export of MSMQ's keys, and bounded so a hostile file cannot take the memory.
 */
export const MAX_REG_FILE_LENGTH = 64 * 1024 * 1024;

class RegFileParser {
  readonly #text: string;
  readonly #lines: TextLine[];
  #lineIndex = 0;
  #header: RegFileHeader = VERSION_5;

  constructor(text: string) {
    this.#text = text;
    this.#lines = splitLines(text);
  }

  parse(encoding: RegFileDocument['encoding'], bom: boolean): RegFileDocument {
    const text = this.#text;
    const first = this.#lines[0] as TextLine;
    const header = text.slice(first.start, first.end).replace(/[ \t]+$/, '');
    if (header !== VERSION_5 && header !== VERSION_4) {
      throw this.#error(
        0,
        `the header line "${VERSION_5}" (or "${VERSION_4}")`,
        header === '' ? (text === '' ? 'an empty file' : 'an empty line') : quote(header),
      );
    }
    this.#header = header;
    const sections: RegFileSection[] = [];
    let current: OpenKeySection | undefined;
    let deletion = false;
    for (this.#lineIndex = 1; this.#lineIndex < this.#lines.length; this.#lineIndex++) {
      const line = this.#line();
      const start = this.#skipBlanks(line.start);
      if (start === line.end || text[start] === ';') continue;
      const lead = text[start];
      if (lead === '[') {
        const section = this.#keyLine(start);
        sections.push(section);
        deletion = section.kind === 'delete-key';
        current = section.kind === 'key' ? section : undefined;
      } else if (lead === '"' || lead === '@') {
        if (deletion) {
          throw this.#error(
            start,
            'a [key] line (values cannot follow a [-key] deletion)',
            'a value line',
          );
        }
        if (current === undefined) {
          throw this.#error(start, 'a [key] line before the first value', 'a value line');
        }
        current.entries.push(this.#valueLine(start));
      } else {
        throw this.#error(
          start,
          'a [key] line, a "name"=value or @=value line, a ; comment or a blank line',
        );
      }
    }
    return { header: this.#header, encoding, bom, sections };
  }

  #keyLine(open: number): OpenKeySection | RegFileKeyDeletion {
    const text = this.#text;
    const line = this.#line();
    const close = text.lastIndexOf(']', line.end - 1);
    if (close <= open) throw this.#error(line.end, "']' to close the key name");
    const after = this.#skipBlanks(close + 1);
    if (after < line.end) throw this.#error(after, "the end of the line after ']'");
    const isDeletion = text[open + 1] === '-';
    const pathStart = isDeletion ? open + 2 : open + 1;
    const path = text.slice(pathStart, close);
    const parsed = readKeyPath(path);
    if (isKeyPathProblem(parsed)) {
      throw this.#error(pathStart + parsed.offset, parsed.expected, parsed.found);
    }
    if (!isDeletion) return { kind: 'key', path, entries: [] };
    if (parsed.names.length === 0) {
      throw this.#error(
        pathStart,
        'a key below a root key (a root key cannot be deleted)',
        quote(path),
      );
    }
    return { kind: 'delete-key', path };
  }

  #valueLine(start: number): RegFileEntry {
    const text = this.#text;
    let name = '';
    let position = start + 1;
    if (text[start] === '"') {
      ({ text: name, next: position } = this.#quoted(start));
      const problem = findValueNameProblem(name);
      if (problem !== undefined) throw this.#error(start + 1, problem.expected, problem.found);
    }
    position = this.#skipBlanks(position);
    if (text[position] !== '=' || position >= this.#line().end) {
      throw this.#error(position, "'=' after the value name");
    }
    position = this.#skipBlanks(position + 1);
    const lead = position < this.#line().end ? text[position] : undefined;
    if (lead === '-') {
      this.#endOfLine(position + 1);
      return { kind: 'delete-value', name };
    }
    return { kind: 'set-value', name, value: this.#data(position) };
  }

  #data(position: number): RegValue {
    const text = this.#text;
    if (text[position] === '"' && position < this.#line().end) {
      const { text: data, next } = this.#quoted(position);
      this.#endOfLine(next);
      return Object.freeze({ type: 'REG_SZ', data });
    }
    const word = text.slice(position, Math.min(position + 6, this.#line().end)).toLowerCase();
    if (word === 'dword:') return this.#dword(position + 6);
    if (word.startsWith('hex')) return this.#hex(position);
    throw this.#error(
      position,
      'value data: a "string", dword:, hex:, hex(N): or - to delete the value',
    );
  }

  #dword(start: number): RegValue {
    const text = this.#text;
    const end = this.#line().end;
    let position = start;
    while (position < end && HEX_DIGIT.test(text[position] as string)) position++;
    const digits = text.slice(start, position);
    if (digits.length === 0) throw this.#error(start, '1 to 8 hex digits after dword:');
    if (digits.length > 8) {
      throw this.#error(
        start,
        'at most 8 hex digits after dword: (a REG_DWORD is 0 to ffffffff)',
        `${digits.length} hex digits ${quote(digits)}`,
      );
    }
    const after = this.#skipBlanks(position);
    if (after === position && after < end) {
      throw this.#error(position, 'hex digits (0-9, a-f) after dword:');
    }
    this.#endOfLine(after);
    return Object.freeze({ type: 'REG_DWORD', data: Number.parseInt(digits, 16) });
  }

  #hex(start: number): RegValue {
    const text = this.#text;
    let position = start + 3;
    let kind = REG_BINARY;
    let form = 'hex:';
    if (text[position] === '(' && position < this.#line().end) {
      const digitsStart = position + 1;
      position = digitsStart;
      while (position < this.#line().end && HEX_DIGIT.test(text[position] as string)) position++;
      const digits = text.slice(digitsStart, position);
      if (digits.length === 0 || digits.length > 8) {
        throw this.#error(
          digitsStart,
          'a type number of 1 to 8 hex digits in hex(N):, e.g. hex(2): or hex(b):',
          digits.length === 0 ? undefined : `${digits.length} hex digits`,
        );
      }
      if (text[position] !== ')' || position >= this.#line().end) {
        throw this.#error(position, "')' after the type number in hex(N):");
      }
      position++;
      kind = Number.parseInt(digits, 16);
      form = `hex(${digits}):`;
    }
    if (text[position] !== ':' || position >= this.#line().end) {
      throw this.#error(position, form === 'hex:' ? "':' or '(' after hex" : "':' after hex(N)");
    }
    const startLine = this.#lineIndex;
    let bytes = this.#hexBytes(position + 1);
    const where = { line: startLine, index: start };
    if (kind === REG_QWORD && bytes.length !== 8) {
      throw this.#errorAt(
        where,
        `exactly 8 bytes after ${form} (a REG_QWORD, little-endian)`,
        `${bytes.length} bytes`,
      );
    }
    if (isTextKind(kind)) {
      if (this.#header === VERSION_4) {
        bytes = encodeUtf16le(decodeWindows1252(bytes));
      } else if (bytes.length % 2 !== 0) {
        throw this.#errorAt(
          where,
          `an even number of bytes after ${form} (${typeName(kind)} is UTF-16LE text)`,
          `${bytes.length} bytes`,
        );
      }
    }
    return decodeRegData(kind, bytes);
  }

  /** Comma-separated bytes from `start` to the end of the value, following `\` continuations. */
  #hexBytes(start: number): Uint8Array {
    const text = this.#text;
    const bytes: number[] = [];
    let position = start;
    let expectByte = true;
    for (;;) {
      position = this.#skipBlanks(position);
      const end = this.#line().end;
      if (position >= end) break;
      const unit = text[position] as string;
      if (expectByte && unit === '\\') {
        const after = this.#skipBlanks(position + 1);
        if (after < end)
          throw this.#error(after, "the end of the line after the '\\' continuation");
        if (this.#lineIndex + 1 >= this.#lines.length) {
          throw this.#error(end, "hex bytes on a next line after the '\\' continuation");
        }
        this.#lineIndex++;
        position = this.#skipBlanks(this.#line().start);
        if (position >= this.#line().end) {
          throw this.#error(position, "hex bytes on this line after the '\\' continuation");
        }
        continue;
      }
      if (!expectByte) {
        if (unit !== ',') throw this.#error(position, "',' between bytes, or the end of the line");
        expectByte = true;
        position++;
        continue;
      }
      let tokenEnd = position;
      while (tokenEnd < end && !BYTE_END.test(text[tokenEnd] as string)) tokenEnd++;
      const token = text.slice(position, tokenEnd);
      if (!HEX_BYTE.test(token)) {
        throw this.#error(
          position,
          'a hex byte (two hex digits, e.g. 0a)',
          token === '' ? undefined : quote(token),
        );
      }
      bytes.push(Number.parseInt(token, 16));
      position = tokenEnd;
      expectByte = false;
    }
    return Uint8Array.from(bytes);
  }

  /** Reads `"…"` starting at the opening quote; `\\` and `\"` are the only escapes. */
  #quoted(open: number): { text: string; next: number } {
    const text = this.#text;
    const end = this.#line().end;
    let result = '';
    let from = open + 1;
    // One pass over the line: searching the whole text for the next quote or backslash made a
    // file of many values quadratic.
    for (let position = from; position < end; position++) {
      const char = text[position];
      if (char === '"') return { text: result + text.slice(from, position), next: position + 1 };
      if (char !== '\\') continue;
      const escaped = position + 1 < end ? text[position + 1] : undefined;
      if (escaped !== '\\' && escaped !== '"') {
        throw this.#error(
          position,
          'an escape \\\\ (backslash) or \\" (quote) — the only escapes in a .reg string',
          escaped === undefined ? "'\\' at the end of the line" : quote(`\\${escaped}`),
        );
      }
      result += text.slice(from, position) + escaped;
      position++;
      from = position + 1;
    }
    throw this.#error(end, 'a closing " to end the string');
  }

  #endOfLine(position: number): void {
    const after = this.#skipBlanks(position);
    if (after < this.#line().end) throw this.#error(after, 'the end of the line after the value');
  }

  #skipBlanks(position: number): number {
    const end = this.#line().end;
    let index = position;
    while (index < end && (this.#text[index] === ' ' || this.#text[index] === '\t')) index++;
    return index;
  }

  #line(): TextLine {
    return this.#lines[this.#lineIndex] as TextLine;
  }

  #error(index: number, expected: string, found?: string): RegFileParseError {
    return this.#errorAt({ line: this.#lineIndex, index }, expected, found);
  }

  #errorAt(
    where: { line: number; index: number },
    expected: string,
    found?: string,
  ): RegFileParseError {
    const line = this.#lines[where.line] as TextLine;
    const column = where.index - line.start + 1;
    const shown = found ?? this.#describe(where.index, line, where.line);
    return new RegFileParseError(
      `Line ${where.line + 1}, column ${column}: expected ${expected}, found ${shown}`,
      { line: where.line + 1, column, value: shown, allowed: expected },
    );
  }

  #describe(index: number, line: TextLine, lineIndex: number): string {
    if (index >= line.end)
      return lineIndex === this.#lines.length - 1 ? 'the end of the file' : 'the end of the line';
    return quote(String.fromCodePoint(this.#text.codePointAt(index) as number));
  }
}
