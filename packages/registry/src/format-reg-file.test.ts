import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registryArbitrary } from './__fixtures__/arbitraries.js';
import {
  applyRegFile,
  binary,
  dword,
  expandSz,
  exportRegFile,
  formatRegFile,
  importRegFile,
  multiSz,
  parseRegFile,
  qword,
  Registry,
  RegistryKeyNotFoundError,
  raw,
  sz,
} from './index.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));
const PARAMETERS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';
const KEY_BASE = 'HKEY_CURRENT_USER\\Software\\Wine\\reg_test';
const ansi = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('formatRegFile', () => {
  it('writes an empty key as header, blank line, [key] and a blank line', () => {
    const registry = new Registry();
    registry.createKey(KEY_BASE);
    expect(formatRegFile(registry, KEY_BASE)).toBe(
      `Windows Registry Editor Version 5.00\r\n\r\n[${KEY_BASE}]\r\n\r\n`,
    );
  });

  it("matches Registry Editor's export of a complex tree, byte for byte", () => {
    // The expected text is the one Wine's test suite checks against Windows' own export.
    const registry = new Registry();
    registry.setValue(KEY_BASE, 'DWORD', dword(0x100));
    registry.setValue(KEY_BASE, 'String', sz('Your text here...'));
    registry.setValue(`${KEY_BASE}\\Subkey1`, 'Binary', binary([0x11, 0x22, 0x33, 0x44]));
    registry.setValue(`${KEY_BASE}\\Subkey1`, 'Undefined hex', raw(0x100, ansi('%PATH%\0')));
    registry.setValue(`${KEY_BASE}\\Subkey2a`, 'double"quote', sz('"Hello, World!"'));
    registry.setValue(`${KEY_BASE}\\Subkey2a`, "single'quote", dword(8));
    registry.setValue(`${KEY_BASE}\\Subkey2a\\Subkey2b`, '', sz('Default value name'));
    registry.setValue(
      `${KEY_BASE}\\Subkey2a\\Subkey2b`,
      'Multiple strings',
      multiSz(['Line1', 'Line2', 'Line3']),
    );
    registry.setValue(`${KEY_BASE}\\Subkey3a`, 'Backslash', sz('Use \\\\ to escape a backslash'));
    const deepest = `${KEY_BASE}\\Subkey3a\\Subkey3b\\Subkey3c`;
    registry.setValue(deepest, 'String expansion', expandSz('%HOME%\\%PATH%'));
    registry.setValue(deepest, 'Zero data type', raw(0, ansi('Value\0')));
    registry.setValue(`${KEY_BASE}\\Subkey4`, '', dword(0x12345678));
    registry.setValue(`${KEY_BASE}\\Subkey4`, '43981', raw(0xabcd, ansi('Value\0')));
    expect(formatRegFile(registry, KEY_BASE)).toBe(
      [
        'Windows Registry Editor Version 5.00',
        '',
        `[${KEY_BASE}]`,
        '"DWORD"=dword:00000100',
        '"String"="Your text here..."',
        '',
        `[${KEY_BASE}\\Subkey1]`,
        '"Binary"=hex:11,22,33,44',
        '"Undefined hex"=hex(100):25,50,41,54,48,25,00',
        '',
        `[${KEY_BASE}\\Subkey2a]`,
        '"double\\"quote"="\\"Hello, World!\\""',
        '"single\'quote"=dword:00000008',
        '',
        `[${KEY_BASE}\\Subkey2a\\Subkey2b]`,
        '@="Default value name"',
        '"Multiple strings"=hex(7):4c,00,69,00,6e,00,65,00,31,00,00,00,4c,00,69,00,6e,\\',
        '  00,65,00,32,00,00,00,4c,00,69,00,6e,00,65,00,33,00,00,00,00,00',
        '',
        `[${KEY_BASE}\\Subkey3a]`,
        '"Backslash"="Use \\\\\\\\ to escape a backslash"',
        '',
        `[${KEY_BASE}\\Subkey3a\\Subkey3b]`,
        '',
        `[${KEY_BASE}\\Subkey3a\\Subkey3b\\Subkey3c]`,
        '"String expansion"=hex(2):25,00,48,00,4f,00,4d,00,45,00,25,00,5c,00,25,00,50,\\',
        '  00,41,00,54,00,48,00,25,00,00,00',
        '"Zero data type"=hex(0):56,61,6c,75,65,00',
        '',
        `[${KEY_BASE}\\Subkey4]`,
        '@=dword:12345678',
        '"43981"=hex(abcd):56,61,6c,75,65,00',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('writes values in stored order and subkeys in case-insensitive order', () => {
    const registry = new Registry();
    registry.setValue(KEY_BASE, 'Value 2', sz('I was added first!'));
    registry.setValue(KEY_BASE, 'Value 1', sz('I was added second!'));
    registry.createKey(`${KEY_BASE}\\b`);
    registry.createKey(`${KEY_BASE}\\A`);
    expect(formatRegFile(registry, KEY_BASE)).toBe(
      [
        'Windows Registry Editor Version 5.00',
        '',
        `[${KEY_BASE}]`,
        '"Value 2"="I was added first!"',
        '"Value 1"="I was added second!"',
        '',
        `[${KEY_BASE}\\A]`,
        '',
        `[${KEY_BASE}\\b]`,
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('writes empty data of each kind the way Registry Editor does', () => {
    const registry = new Registry();
    registry.setValue(KEY_BASE, 'Wine1a', raw(0, []));
    registry.setValue(KEY_BASE, 'Wine1b', sz(''));
    registry.setValue(KEY_BASE, 'Wine1c', raw(2, []));
    registry.setValue(KEY_BASE, 'Wine1d', binary([]));
    registry.setValue(KEY_BASE, 'Wine1e', raw(4, []));
    registry.setValue(KEY_BASE, 'Wine1f', raw(7, []));
    registry.setValue(KEY_BASE, 'Wine1g', raw(0x100, []));
    expect(formatRegFile(registry, KEY_BASE).split('\r\n').slice(3, -2)).toEqual([
      '"Wine1a"=hex(0):',
      '"Wine1b"=""',
      '"Wine1c"=hex(2):',
      '"Wine1d"=hex:',
      '"Wine1e"=hex(4):',
      '"Wine1f"=hex(7):',
      '"Wine1g"=hex(100):',
    ]);
  });

  it('writes a REG_SZ that a quoted string cannot hold as hex(1):', () => {
    const registry = new Registry();
    registry.setValue(KEY_BASE, 'lines', sz('a\r\nb'));
    registry.setValue(KEY_BASE, 'nul', sz('a\0b'));
    registry.setValue(KEY_BASE, 'no terminator', raw(1, [0x61, 0]));
    expect(formatRegFile(registry, KEY_BASE).split('\r\n').slice(3, -2)).toEqual([
      '"lines"=hex(1):61,00,0d,00,0a,00,62,00,00,00',
      '"nul"=hex(1):61,00,00,00,62,00,00,00',
      '"no terminator"=hex(1):61,00',
    ]);
  });

  it('escapes backslashes and quotes in names and strings, and nothing else', () => {
    const registry = new Registry();
    registry.setValue(KEY_BASE, '\\\\foo\\\\bar', sz(''));
    registry.setValue(KEY_BASE, 'count/up', sz('one/two/three; [x] = @ -'));
    registry.createKey(`${KEY_BASE}\\https://winehq.org`);
    expect(formatRegFile(registry, KEY_BASE)).toBe(
      [
        'Windows Registry Editor Version 5.00',
        '',
        `[${KEY_BASE}]`,
        '"\\\\\\\\foo\\\\\\\\bar"=""',
        '"count/up"="one/two/three; [x] = @ -"',
        '',
        `[${KEY_BASE}\\https://winehq.org]`,
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('wraps hex data as Registry Editor does: break after the comma that reaches 77 characters', () => {
    const registry = new Registry();
    const settings = [
      0x30, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 2, 0x80, 0, 0, 3, 0, 0, 0, 0x3e, 0, 0, 0, 0x28, 0, 0,
      0, 0, 0, 0, 0, 0x10, 4, 0, 0, 0x80, 7, 0, 0, 0x38, 4, 0, 0, 0x60, 0, 0, 0, 1, 0, 0, 0,
    ];
    registry.setValue(
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StuckRects3',
      'Settings',
      binary(settings),
    );
    // The same bytes as a real Windows export of StuckRects3: 21 bytes, then 25, then the rest.
    expect(
      formatRegFile(
        registry,
        'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StuckRects3',
      )
        .split('\r\n')
        .slice(3, 6),
    ).toEqual([
      '"Settings"=hex:30,00,00,00,fe,ff,ff,ff,02,80,00,00,03,00,00,00,3e,00,00,00,28,\\',
      '  00,00,00,00,00,00,00,10,04,00,00,80,07,00,00,38,04,00,00,60,00,00,00,01,00,\\',
      '  00,00',
    ]);
  });

  it('puts at least one byte on the first line, however long the name', () => {
    const registry = new Registry();
    registry.setValue(KEY_BASE, 'n'.repeat(80), binary([1, 2, 3]));
    expect(formatRegFile(registry, KEY_BASE).split('\r\n').slice(3, 6)).toEqual([
      `"${'n'.repeat(80)}"=hex:01,\\`,
      '  02,03',
      '',
    ]);
  });

  it('keeps hex lines within 80 characters for names that leave room (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'B', ' ', '_'), maxLength: 60 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom<'binary' | 'multi' | 'qword'>('binary', 'multi', 'qword'),
        (name, bytes, kind) => {
          const registry = new Registry();
          const value =
            kind === 'binary'
              ? binary(bytes)
              : kind === 'qword'
                ? qword(BigInt(bytes.length) * 1_000_000_007n)
                : multiSz([name, name]);
          registry.setValue(KEY_BASE, name, value);
          const lines = formatRegFile(registry, KEY_BASE).split('\r\n').slice(3, -2);
          for (const [index, line] of lines.entries()) {
            expect(line.length).toBeLessThanOrEqual(80);
            if (index > 0) expect(line).toMatch(/^ {2}[0-9a-f]{2}/);
            if (index < lines.length - 1) expect(line.endsWith(',\\')).toBe(true);
          }
        },
      ),
    );
  });

  it('exports only the subtree of the key, and a root key by its full name', () => {
    const registry = new Registry();
    registry.setValue('HKCU\\A', 'x', dword(1));
    registry.setValue('HKCU\\B', 'y', dword(2));
    expect(formatRegFile(registry, 'hkcu\\a')).toBe(
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n"x"=dword:00000001\r\n\r\n',
    );
    expect(formatRegFile(registry, 'HKCU').split('\r\n')[2]).toBe('[HKEY_CURRENT_USER]');
  });

  it('throws RegistryKeyNotFoundError for a key that does not exist', () => {
    expect(() => formatRegFile(new Registry(), 'HKLM\\Missing')).toThrow(RegistryKeyNotFoundError);
  });
});

describe('exportRegFile', () => {
  it('writes UTF-16LE with the byte-order mark by default, UTF-8 without one on request', () => {
    const registry = new Registry();
    registry.setValue('HKCU\\Software\\Demo', 'é', sz('😀'));
    const text = formatRegFile(registry, 'HKCU\\Software\\Demo');
    expect(exportRegFile(registry, 'HKCU\\Software\\Demo')).toEqual(
      Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]),
    );
    expect(exportRegFile(registry, 'HKCU\\Software\\Demo', { encoding: 'utf8' })).toEqual(
      Uint8Array.from(Buffer.from(text, 'utf8')),
    );
    expect(
      exportRegFile(registry, 'HKCU\\Software\\Demo', { encoding: 'utf8', bom: true }),
    ).toEqual(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf8')]));
    expect(exportRegFile(registry, 'HKCU\\Software\\Demo', { bom: false })).toEqual(
      Uint8Array.from(Buffer.from(text, 'utf16le')),
    );
  });

  it('round-trips the real-shaped MSMQ Parameters export byte for byte (UTF-16LE)', () => {
    const registry = new Registry();
    importRegFile(registry, fixture('msmq-parameters.utf16le.reg'));
    expect(exportRegFile(registry, PARAMETERS)).toEqual(fixture('msmq-parameters.utf16le.reg'));
  });

  it('round-trips the same export byte for byte as UTF-8, and converts between the two', () => {
    const fromUtf8 = new Registry();
    importRegFile(fromUtf8, fixture('msmq-parameters.utf8.reg'));
    expect(exportRegFile(fromUtf8, PARAMETERS, { encoding: 'utf8' })).toEqual(
      fixture('msmq-parameters.utf8.reg'),
    );
    expect(exportRegFile(fromUtf8, PARAMETERS)).toEqual(fixture('msmq-parameters.utf16le.reg'));
  });

  it('rebuilds the export from values set through the API', () => {
    const registry = new Registry();
    const cache = `${PARAMETERS}\\MachineCache`;
    importRegFile(registry, fixture('msmq-parameters.utf8.reg'));
    registry.setValue(PARAMETERS, 'DSSiteListRefresh', dword(24));
    registry.setValue(PARAMETERS, 'DSSiteListRefresh', dword(168));
    registry.deleteKey(cache);
    importRegFile(
      registry,
      exportRegFile(importedCopy(fixture('msmq-parameters.utf8.reg')), cache, { encoding: 'utf8' }),
    );
    expect(exportRegFile(registry, PARAMETERS)).toEqual(fixture('msmq-parameters.utf16le.reg'));
  });

  it('export → parse → apply → export gives identical bytes in both encodings (property)', () => {
    fc.assert(
      fc.property(
        registryArbitrary,
        fc.constantFrom<'utf16le' | 'utf8'>('utf16le', 'utf8'),
        ({ registry, root }, encoding) => {
          const exported = exportRegFile(registry, root, { encoding });
          const copy = new Registry();
          applyRegFile(copy, parseRegFile(exported));
          expect(exportRegFile(copy, root, { encoding })).toEqual(exported);
          expect(copy.listValues(root)).toEqual(registry.listValues(root));
        },
      ),
      { numRuns: 200 },
    );
  });
});

function importedCopy(bytes: Uint8Array): Registry {
  const registry = new Registry();
  importRegFile(registry, bytes);
  return registry;
}
