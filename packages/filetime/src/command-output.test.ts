import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommandOutput, splitOutputLines, toCommandOutputText } from './index.js';

const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));

describe('decodeCommandOutput', () => {
  it('reads UTF-16LE with a BOM, as Windows PowerShell 5.1 redirection writes it', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...utf16le('TCP    0.0.0.0:1801\r\n')]);
    expect(decodeCommandOutput(bytes)).toEqual({
      text: 'TCP    0.0.0.0:1801\r\n',
      encoding: 'utf-16le',
    });
  });

  it('reads UTF-16BE with a BOM', () => {
    const bytes = new Uint8Array([0xfe, 0xff, 0, 0x4f, 0, 0x4b]);
    expect(decodeCommandOutput(bytes)).toEqual({ text: 'OK', encoding: 'utf-16be' });
  });

  it('tells UTF-16LE without a BOM by its NUL bytes', () => {
    expect(decodeCommandOutput(utf16le('Active Connections'))).toEqual({
      text: 'Active Connections',
      encoding: 'utf-16le',
    });
  });

  it('reads UTF-8 with and without a BOM', () => {
    const text = 'Nom de l’hôte';
    const bytes = new TextEncoder().encode(text);
    expect(decodeCommandOutput(bytes)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCommandOutput(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toEqual({
      text,
      encoding: 'utf-8',
    });
  });

  it('reads bytes that are not UTF-8 as Windows-1252 (cmd.exe redirection in an ANSI code page)', () => {
    const bytes = new Uint8Array([0x45, 0x74, 0x61, 0x74, 0x20, 0xe9, 0x80]);
    expect(decodeCommandOutput(bytes)).toEqual({ text: 'Etat é€', encoding: 'windows-1252' });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(typeof decodeCommandOutput(bytes).text).toBe('string');
      }),
    );
  });

  it('gives back any text saved as UTF-8 or as UTF-16LE with a BOM', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const clean = text.replace(/^\ufeff/, '');
        expect(decodeCommandOutput(new Uint8Array([0xff, 0xfe, ...utf16le(clean)])).text).toBe(
          clean,
        );
        expect(
          decodeCommandOutput(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(clean)])).text,
        ).toBe(clean);
      }),
    );
  });
});

describe('toCommandOutputText', () => {
  it('drops a leading BOM from a string and decodes bytes', () => {
    expect(toCommandOutputText('\ufeffA')).toBe('A');
    expect(toCommandOutputText('A\ufeff')).toBe('A\ufeff');
    expect(toCommandOutputText(new Uint8Array([0xff, 0xfe, 0x41, 0]))).toBe('A');
  });
});

describe('splitOutputLines', () => {
  it('splits at CRLF, LF, a lone CR and the CR CR LF of piped netstat', () => {
    expect(splitOutputLines('a\r\nb\nc\rd\r\r\ne')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps empty lines and adds none for a final line ending', () => {
    expect(splitOutputLines('\r\na\r\n\r\nb\r\n')).toEqual(['', 'a', '', 'b']);
    expect(splitOutputLines('')).toEqual([]);
  });

  it('reads a megabyte of lone CRs as that many empty lines, in linear time', () => {
    expect(splitOutputLines('\r'.repeat(1_000_000))).toHaveLength(1_000_000);
    expect(splitOutputLines(`a${'\r'.repeat(500_000)}\nb`)).toEqual(['a', 'b']);
  });

  it('gives back the lines joined with any of the endings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string().map((line) => line.replace(/[\r\n]/g, '')),
          { maxLength: 8 },
        ),
        fc.constantFrom('\r\n', '\n', '\r\r\n'),
        (lines, ending) => {
          const text = lines.map((line) => line + ending).join('');
          expect(splitOutputLines(text)).toEqual(lines);
        },
      ),
    );
  });
});
