import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binary,
  dword,
  expandSz,
  multiSz,
  parseRegFile,
  qword,
  RegFileParseError,
  raw,
  sz,
} from './index.js';

const HEADER = 'Windows Registry Editor Version 5.00\r\n\r\n';
const KEY = '[HKEY_CURRENT_USER\\Software\\Demo]\r\n';
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));

/** The entries of a one-key file whose value lines are `lines`. */
function entriesOf(...lines: string[]) {
  const document = parseRegFile(`${HEADER}${KEY}${lines.join('\r\n')}\r\n\r\n`);
  const [section] = document.sections;
  if (section?.kind !== 'key') throw new Error('expected one key section');
  return section.entries;
}

function parsedValue(line: string) {
  const [entry] = entriesOf(line);
  if (entry?.kind !== 'set-value') throw new Error('expected one value');
  return entry.value;
}

describe('parseRegFile', () => {
  it('reads a document: header, sections in order, assignments and deletions', () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '; a comment',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]',
      '"DSSiteListRefresh"=dword:000000a8',
      '@="default"',
      '"Old"=-',
      '@=-',
      '',
      '[-HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\MachineCache]',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Empty]',
      '',
    ].join('\r\n');
    expect(parseRegFile(text)).toEqual({
      header: 'Windows Registry Editor Version 5.00',
      encoding: 'text',
      bom: false,
      sections: [
        {
          kind: 'key',
          path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters',
          entries: [
            { kind: 'set-value', name: 'DSSiteListRefresh', value: dword(168) },
            { kind: 'set-value', name: '', value: sz('default') },
            { kind: 'delete-value', name: 'Old' },
            { kind: 'delete-value', name: '' },
          ],
        },
        { kind: 'delete-key', path: 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\MachineCache' },
        { kind: 'key', path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Empty', entries: [] },
      ],
    });
  });

  it('reads every data form', () => {
    expect(parsedValue('"s"="C:\\\\Windows \\"quoted\\""')).toEqual(sz('C:\\Windows "quoted"'));
    expect(parsedValue('"d"=dword:a8')).toEqual(dword(168));
    expect(parsedValue('"d"=DWORD:FFFFFFFF')).toEqual(dword(0xffff_ffff));
    expect(parsedValue('"q"=hex(b):07,30,e4,26,ab,80,dd,01')).toEqual(qword(134405036471234567n));
    expect(parsedValue('"b"=hex:de,ad,BE,ef')).toEqual(binary([0xde, 0xad, 0xbe, 0xef]));
    expect(parsedValue('"b"=hex:')).toEqual(binary([]));
    expect(parsedValue('"e"=hex(2):25,00,77,00,69,00,6e,00,64,00,69,00,72,00,25,00,00,00')).toEqual(
      expandSz('%windir%'),
    );
    expect(parsedValue('"m"=hex(7):61,00,00,00,62,00,00,00,00,00')).toEqual(multiSz(['a', 'b']));
    expect(parsedValue('"m"=hex(7):00,00')).toEqual(multiSz([]));
    expect(parsedValue('"n"=hex(0):')).toEqual(raw(0, []));
    expect(parsedValue('"u"=hex(abcd):56,61,6c,75,65,00')).toEqual(
      raw(0xabcd, [0x56, 0x61, 0x6c, 0x75, 0x65, 0]),
    );
    expect(parsedValue('"x"=hex(1):61,00,0a,00,00,00')).toEqual(sz('a\n'));
  });

  it('keeps string-typed data that is not well formed as raw bytes', () => {
    expect(parsedValue('"e"=hex(2):')).toEqual(raw(2, []));
    expect(parsedValue('"s"=hex(1):61,00')).toEqual(raw(1, [0x61, 0]));
    expect(parsedValue('"m"=hex(7):61,00,00,00')).toEqual(raw(7, [0x61, 0, 0, 0]));
    expect(parsedValue('"d"=hex(4):07,00')).toEqual(raw(4, [7, 0]));
  });

  it('follows \\ continuations, with any indentation and a trailing comma', () => {
    expect(parsedValue('"b"=hex:01,02,\\\r\n  03,04,\\\r\n\t05')).toEqual(binary([1, 2, 3, 4, 5]));
    expect(parsedValue('"b"=hex:\\\r\n  01')).toEqual(binary([1]));
    expect(parsedValue('"b"=hex:01 , 02 ,')).toEqual(binary([1, 2]));
  });

  it('reads the same bytes however the hex data is wrapped (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean()),
        (bytes, breaks) => {
          const parts = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0'));
          const data = parts
            .map((part, index) =>
              index === 0 ? part : `${breaks[index] ? ',\\\r\n  ' : ','}${part}`,
            )
            .join('');
          expect(parsedValue(`"b"=hex:${data}`)).toEqual(binary(bytes));
        },
      ),
    );
  });

  it('treats names such as __proto__ as plain value names', () => {
    expect(entriesOf('"__proto__"=dword:00000001', '"constructor"="x"')).toEqual([
      { kind: 'set-value', name: '__proto__', value: dword(1) },
      { kind: 'set-value', name: 'constructor', value: sz('x') },
    ]);
  });

  it('keeps a key name that contains ] by closing at the last ] of the line', () => {
    const document = parseRegFile(`${HEADER}[HKEY_CURRENT_USER\\a]b]\r\n`);
    expect(document.sections).toEqual([
      { kind: 'key', path: 'HKEY_CURRENT_USER\\a]b', entries: [] },
    ]);
  });

  it('accepts LF and CR line endings as well as CRLF', () => {
    const text = 'Windows Registry Editor Version 5.00\n\n[HKCU\\A]\r"a"=dword:1\n';
    expect(parseRegFile(text).sections).toEqual([
      {
        kind: 'key',
        path: 'HKCU\\A',
        entries: [{ kind: 'set-value', name: 'a', value: dword(1) }],
      },
    ]);
  });

  it('reads REGEDIT4 files, whose hex(2) and hex(7) strings are ANSI (code page 1252)', () => {
    const document = parseRegFile(
      'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n"e"=hex(2):25,77,69,6e,64,69,72,25,80,00\r\n' +
        '"m"=hex(7):61,00,62,00,00\r\n',
    );
    expect(document.header).toBe('REGEDIT4');
    expect(document.sections).toEqual([
      {
        kind: 'key',
        path: 'HKEY_CURRENT_USER\\A',
        entries: [
          { kind: 'set-value', name: 'e', value: expandSz('%windir%€') },
          { kind: 'set-value', name: 'm', value: multiSz(['a', 'b']) },
        ],
      },
    ]);
  });

  it('decodes UTF-16LE with its byte-order mark and UTF-8 with or without one', () => {
    const text = `${HEADER}${KEY}"é"="ü😀"\r\n\r\n`;
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const utf8 = Uint8Array.from(Buffer.from(text, 'utf8'));
    const utf8Bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]);
    const expected = [
      {
        kind: 'key',
        path: 'HKEY_CURRENT_USER\\Software\\Demo',
        entries: [{ kind: 'set-value', name: 'é', value: sz('ü😀') }],
      },
    ];
    expect(parseRegFile(utf16)).toMatchObject({
      encoding: 'utf16le',
      bom: true,
      sections: expected,
    });
    expect(parseRegFile(utf8)).toMatchObject({ encoding: 'utf8', bom: false, sections: expected });
    expect(parseRegFile(utf8Bom)).toMatchObject({
      encoding: 'utf8',
      bom: true,
      sections: expected,
    });
    expect(parseRegFile(`\ufeff${text}`).sections).toEqual(expected);
  });

  it('reads the real-shaped MSMQ Parameters export in both encodings', () => {
    const fromUtf16 = parseRegFile(fixture('msmq-parameters.utf16le.reg'));
    const fromUtf8 = parseRegFile(fixture('msmq-parameters.utf8.reg'));
    expect(fromUtf16.encoding).toBe('utf16le');
    expect(fromUtf16.sections).toEqual(fromUtf8.sections);
    expect(fromUtf16.sections.map((section) => section.path)).toEqual([
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\MachineCache',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\security',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\ServersCache',
    ]);
    const [parameters] = fromUtf16.sections;
    if (parameters?.kind !== 'key') throw new Error('expected a key section');
    expect(parameters.entries.filter((entry) => entry.name.startsWith('DS'))).toEqual([
      { kind: 'set-value', name: 'DSSiteListRefresh', value: dword(168) },
      { kind: 'set-value', name: 'DSEnterpriseListRefresh', value: dword(672) },
      { kind: 'set-value', name: 'DSNextSiteListRefreshTime', value: qword(134405036471234567n) },
      {
        kind: 'set-value',
        name: 'DSNextEnterpriseListRefreshTime',
        value: qword(134423180471234567n),
      },
      { kind: 'set-value', name: 'DSListRefreshErrorRetryInterval', value: dword(60) },
    ]);
    expect(parameters.entries.find((entry) => entry.name === 'KnownDSServers')).toEqual({
      kind: 'set-value',
      name: 'KnownDSServers',
      value: multiSz(['DC01.corp.contoso.com', 'DC02.corp.contoso.com']),
    });
    expect(parameters.entries.find((entry) => entry.name === 'Description')).toEqual({
      kind: 'set-value',
      name: 'Description',
      value: sz('Queue manager on "APP01" (share \\\\APP01\\MSMQ$)'),
    });
  });
});

const utf16 = (text: string, extra: number[] = []) =>
  Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le'), ...extra]);

describe('parseRegFile on malformed input', () => {
  const H = HEADER;
  const K = KEY;
  // [case, input, line, column, the start of the message after "Line l, column c: "]
  const cases: [string, string | Uint8Array, number, number, string][] = [
    [
      'an empty file',
      '',
      1,
      1,
      'expected the header line "Windows Registry Editor Version 5.00" (or "REGEDIT4"), found an empty file',
    ],
    ['a missing header', '[HKEY_CURRENT_USER\\Software]\r\n', 1, 1, 'expected the header line'],
    [
      'a wrong header version',
      'Windows Registry Editor Version 4.00\r\n',
      1,
      1,
      'expected the header line',
    ],
    [
      'an unterminated key line',
      `${H}[HKLM\\x\r\n`,
      3,
      8,
      "expected ']' to close the key name, found the end of the line",
    ],
    [
      'an unknown root',
      `${H}[HKEY_LOCAL_MACHIN\\SOFTWARE]\r\n`,
      3,
      2,
      'expected a root key: HKEY_LOCAL_MACHINE',
    ],
    [
      'an empty key name',
      `${H}[HKLM\\a\\\\b]\r\n`,
      3,
      9,
      'expected a key name, found an empty key name',
    ],
    [
      'a key name of 256 characters',
      `${H}[HKLM\\${'k'.repeat(256)}]\r\n`,
      3,
      7,
      'expected a key name of at most 255 characters',
    ],
    [
      'junk after the key line',
      `${H}[HKLM\\x] junk\r\n`,
      3,
      10,
      'expected the end of the line after \']\', found "j"',
    ],
    [
      'a deletion of a root key',
      `${H}[-HKEY_CURRENT_USER]\r\n`,
      3,
      3,
      'expected a key below a root key',
    ],
    [
      'a value before any key',
      `${H}"a"=dword:00000001\r\n`,
      3,
      1,
      'expected a [key] line before the first value',
    ],
    [
      'a value after a key deletion',
      `${H}[-HKCU\\x]\r\n"a"=dword:00000001\r\n`,
      4,
      1,
      'expected a [key] line (values cannot follow a [-key] deletion)',
    ],
    [
      'a line that is none of the forms',
      `${H}${K}garbage\r\n`,
      4,
      1,
      'expected a [key] line, a "name"=value or @=value line, a ; comment or a blank line, found "g"',
    ],
    [
      'a dword of 9 hex digits',
      `${H}${K}"a"=dword:123456789\r\n`,
      4,
      11,
      'expected at most 8 hex digits after dword: (a REG_DWORD is 0 to ffffffff), found 9 hex digits "123456789"',
    ],
    [
      'a non-hex dword digit',
      `${H}${K}"a"=dword:0000000g\r\n`,
      4,
      18,
      'expected hex digits (0-9, a-f) after dword:, found "g"',
    ],
    [
      'a dword without digits',
      `${H}${K}"a"=dword:\r\n`,
      4,
      11,
      'expected 1 to 8 hex digits after dword:, found the end of the line',
    ],
    [
      'a bad hex byte',
      `${H}${K}"a"=hex:01,0g,02\r\n`,
      4,
      12,
      'expected a hex byte (two hex digits, e.g. 0a), found "0g"',
    ],
    [
      'a hex byte of 3 digits',
      `${H}${K}"a"=hex:012\r\n`,
      4,
      9,
      'expected a hex byte (two hex digits, e.g. 0a), found "012"',
    ],
    [
      'two commas in a row',
      `${H}${K}"a"=hex:01,,02\r\n`,
      4,
      12,
      'expected a hex byte (two hex digits, e.g. 0a), found ","',
    ],
    [
      'hex bytes without a comma',
      `${H}${K}"a"=hex:01 02\r\n`,
      4,
      12,
      'expected \',\' between bytes, or the end of the line, found "0"',
    ],
    [
      'an unterminated string',
      `${H}${K}"a"="abc\r\n`,
      4,
      9,
      'expected a closing " to end the string, found the end of the line',
    ],
    [
      'an unterminated value name',
      `${H}${K}"abc=dword:1\r\n`,
      4,
      13,
      'expected a closing " to end the string',
    ],
    [
      'a bad escape',
      `${H}${K}"a"="C:\\Windows"\r\n`,
      4,
      8,
      'expected an escape \\\\ (backslash) or \\" (quote) — the only escapes in a .reg string, found "\\W"',
    ],
    [
      'junk after a string value',
      `${H}${K}"a"="x" junk\r\n`,
      4,
      9,
      'expected the end of the line after the value, found "j"',
    ],
    [
      'junk after a dword value',
      `${H}${K}"a"=dword:00000001 x\r\n`,
      4,
      20,
      'expected the end of the line after the value, found "x"',
    ],
    [
      'junk after a deletion',
      `${H}${K}"a"=- x\r\n`,
      4,
      7,
      'expected the end of the line after the value',
    ],
    ['a missing =', `${H}${K}"a" "x"\r\n`, 4, 5, `expected '=' after the value name, found "\\""`],
    ['a missing = after @', `${H}${K}@"x"\r\n`, 4, 2, "expected '=' after the value name"],
    [
      'an unknown data form',
      `${H}${K}"a"=str:x\r\n`,
      4,
      5,
      'expected value data: a "string", dword:, hex:, hex(N): or - to delete the value, found "s"',
    ],
    [
      'a bad hex type number',
      `${H}${K}"a"=hex(xyz):00\r\n`,
      4,
      9,
      'expected a type number of 1 to 8 hex digits in hex(N):',
    ],
    [
      'hex( without )',
      `${H}${K}"a"=hex(2:00\r\n`,
      4,
      10,
      "expected ')' after the type number in hex(N):",
    ],
    ['hex without :', `${H}${K}"a"=hex 00\r\n`, 4, 8, "expected ':' or '(' after hex"],
    [
      'hex(b) with 7 bytes',
      `${H}${K}"a"=hex(b):01,02,03,04,05,06,07\r\n`,
      4,
      5,
      'expected exactly 8 bytes after hex(b): (a REG_QWORD, little-endian), found 7 bytes',
    ],
    [
      'hex(b) with 9 bytes over two lines',
      `${H}${K}"a"=hex(b):01,02,03,04,05,\\\r\n  06,07,08,09\r\n`,
      4,
      5,
      'expected exactly 8 bytes after hex(b):',
    ],
    [
      'hex(2) with an odd byte count',
      `${H}${K}"a"=hex(2):41,00,00\r\n`,
      4,
      5,
      'expected an even number of bytes after hex(2): (REG_EXPAND_SZ is UTF-16LE text), found 3 bytes',
    ],
    [
      'hex(7) with an odd byte count',
      `${H}${K}"a"=hex(7):41\r\n`,
      4,
      5,
      'expected an even number of bytes after hex(7): (REG_MULTI_SZ is UTF-16LE text)',
    ],
    [
      'a bad byte on a continuation line',
      `${H}${K}"a"=hex:01,02,\\\r\n  03,zz\r\n`,
      5,
      6,
      'expected a hex byte (two hex digits, e.g. 0a), found "zz"',
    ],
    [
      'a continuation at the end of the file',
      `${H}${K}"a"=hex:01,\\`,
      4,
      13,
      "expected hex bytes on a next line after the '\\' continuation, found the end of the file",
    ],
    [
      'a continuation onto a blank line',
      `${H}${K}"a"=hex:01,\\\r\n\r\n`,
      5,
      1,
      "expected hex bytes on this line after the '\\' continuation, found the end of the line",
    ],
    [
      'a continuation onto a value line',
      `${H}${K}"a"=hex:01,\\\r\n"b"=dword:1\r\n`,
      5,
      1,
      'expected a hex byte (two hex digits, e.g. 0a), found "\\"b\\"=dword:1"',
    ],
    [
      'text after a continuation backslash',
      `${H}${K}"a"=hex:01,\\ x\r\n`,
      4,
      14,
      'expected the end of the line after the \'\\\' continuation, found "x"',
    ],
    [
      'a NUL in a value name',
      `${H}${K}"a\0b"=dword:1\r\n`,
      4,
      2,
      'expected a value name without NUL or line breaks, found "\\u0000"',
    ],
    [
      'an odd number of UTF-16LE bytes',
      utf16(`${H}${K}`, [0x41]),
      4,
      1,
      'expected UTF-16LE text, 2 bytes per unit, found an odd number of bytes (151)',
    ],
    [
      'bytes that are not UTF-8',
      Uint8Array.from([...Buffer.from(`${H}${K}"a"="`), 0xff, 0x22]),
      4,
      6,
      'expected UTF-8 text (or UTF-16LE with the byte-order mark FF FE), found bytes that are not UTF-8: FF 22',
    ],
    [
      'a UTF-16BE byte-order mark',
      Uint8Array.from([0xfe, 0xff, 0, 0x57]),
      1,
      1,
      'expected UTF-16LE (BOM FF FE) or UTF-8, found a UTF-16BE byte-order mark (FE FF)',
    ],
  ];

  it.each(cases)(
    'rejects %s at the exact line and column',
    (_case, input, line, column, message) => {
      let error: unknown;
      try {
        parseRegFile(input);
      } catch (caught) {
        error = caught;
      }
      expect(RegFileParseError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'ERR_REG_PARSE', line, column });
      expect(
        (error as Error).message.startsWith(`Line ${line}, column ${column}: ${message}`),
      ).toBe(true);
    },
  );

  it('sets the expected and found parts as allowed and value', () => {
    expect(() => parseRegFile(`${H}${K}"a"=dword:123456789\r\n`)).toThrow(
      expect.objectContaining({
        allowed: 'at most 8 hex digits after dword: (a REG_DWORD is 0 to ffffffff)',
        value: '9 hex digits "123456789"',
      }),
    );
  });

  it('counts columns in the original text across continuation lines (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (lines, indent) => {
          const continued = Array.from({ length: lines }, () => `${' '.repeat(indent)}01,\\`);
          const text = `${H}${K}"a"=hex:01,\\\r\n${[...continued, `${' '.repeat(indent)}01,x`].join('\r\n')}\r\n`;
          expect(() => parseRegFile(text)).toThrow(
            expect.objectContaining({ line: 5 + lines, column: indent + 4 }),
          );
        },
      ),
    );
  });
});
