import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registryArbitrary } from './__fixtures__/arbitraries.js';
import {
  applyRegQuery,
  binary,
  dword,
  expandSz,
  formatRegQuery,
  importRegFile,
  multiSz,
  qword,
  Registry,
  type RegQueryOutput,
  type RegValue,
  raw,
  readRegQuery,
  sz,
} from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const crlf = (...lines: string[]) => lines.map((line) => `${line}\r\n`).join('');
const PARAMETERS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';
const NOT_FOUND = 'The system was unable to find the specified registry key or value.';

/** Whether `reg query` prints the value so that its typed form can be read back exactly. */
function printsLosslessly(value: RegValue): boolean {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return !/[\0\r\n]/.test(value.data);
    case 'REG_MULTI_SZ': {
      const joined = value.data.join('\\0');
      const back = joined === '' ? [] : joined.split('\\0');
      return !/[\r\n]/.test(joined) && JSON.stringify(back) === JSON.stringify(value.data);
    }
    case 'REG_RAW':
      // Text kinds that are not well formed print as their text, not their bytes.
      return value.kind !== 1 && value.kind !== 2 && value.kind !== 7;
    default:
      return true;
  }
}

/** Whether every value below `root` prints on one line (no CR or LF in its printed data). */
function printsOnOneLine(registry: Registry, root: string): boolean {
  return keysBelow(registry, registry.displayPath(root) as string).every((path) =>
    registry.listValues(path).every(({ value }) => {
      const single = new Registry();
      single.setValue('HKCU\\T', 'v', value);
      const lines = formatRegQuery(single, 'HKCU\\T').split('\r\n');
      return lines.length === 5 && !/[\r\n]/.test(lines[2] as string);
    }),
  );
}

/** Every key of a registry below `root` (root first), depth-first as `reg query /s` walks them. */
function keysBelow(registry: Registry, root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    out.push(path);
    for (const name of registry.listSubkeys(path)) walk(`${path}\\${name}`);
  };
  walk(root);
  return out;
}

describe('readRegQuery', () => {
  it('reads back every key and value of formatRegQuery(…, { recursive: true }) (property)', () => {
    fc.assert(
      fc.property(registryArbitrary, ({ registry, root }) => {
        const text = formatRegQuery(registry, root, { recursive: true });
        // A REG_SZ holding CR or LF breaks its line in reg.exe's output too: nothing can read it.
        fc.pre(printsOnOneLine(registry, root));
        const { value, problems } = readRegQuery(text);
        expect(problems).toEqual([]);
        expect(value.subkeys).toEqual([]);
        const printed = keysBelow(registry, registry.displayPath(root) as string).filter(
          (path, index) => index > 0 || registry.listValues(path).length > 0,
        );
        expect(value.keys.map((key) => key.path)).toEqual(printed);
        for (const key of value.keys) {
          const stored = registry.listValues(key.path);
          expect(key.values.map((entry) => entry.name)).toEqual(stored.map((entry) => entry.name));
          for (const [index, entry] of key.values.entries()) {
            const original = stored[index]?.value as RegValue;
            if (printsLosslessly(original)) expect(entry.value).toEqual(original);
          }
        }
        // Where the printed form loses something, reading it back still prints the same text.
        const copy = new Registry();
        copy.createKey(root);
        applyRegQuery(copy, value);
        expect(formatRegQuery(copy, root, { recursive: true })).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the subkeys of a query without /s as listed, values not shown (property)', () => {
    fc.assert(
      fc.property(registryArbitrary, ({ registry, root }) => {
        const text = formatRegQuery(registry, root);
        fc.pre(printsOnOneLine(registry, root));
        const { value, problems } = readRegQuery(text);
        expect(problems).toEqual([]);
        const path = registry.displayPath(root) as string;
        expect(value.subkeys.map((subkey) => subkey.path)).toEqual(
          registry.listSubkeys(path).map((name) => `${path}\\${name}`),
        );
        expect(value.keys.map((key) => key.path)).toEqual(
          registry.listValues(path).length > 0 ? [path] : [],
        );
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, on any text or bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }),
          fc
            .array(
              fc.constantFrom(
                'HKEY_LOCAL_MACHINE\\SOFTWARE',
                '    a    REG_SZ    b',
                '    REG_DWORD    0x',
                'REG_UNKNOWN(0x',
                '\t',
                '',
                'ERROR: x',
                'End of search: 1 match(es) found.',
                '    (Default)    REG_SZ    (value not set)',
                'HKLM\\\\',
                ' 7 ',
              ),
              { maxLength: 30 },
            )
            .map((lines) => lines.join('\r\n')),
        ),
        (input) => {
          const { value, problems } = readRegQuery(input);
          expect(Array.isArray(value.keys) && Array.isArray(problems)).toBe(true);
          applyRegQuery(new Registry(), value);
        },
      ),
    );
  });

  it('reads a real reg query of the Lsa key: REG_MULTI_SZ, REG_BINARY and listed subkeys', () => {
    const { value, problems } = readRegQuery(fixture('reg-query-lsa.txt'));
    const key = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa';
    const dwords: [string, number][] = [
      ['auditbasedirectories', 0],
      ['auditbaseobjects', 0],
    ];
    const entry = (name: string, type: string, data: string, typed: RegValue, line: number) => ({
      name,
      type,
      data,
      value: typed,
      line,
    });
    const later: [string, number][] = [
      ['IsPplAutoEnabled', 1],
      ['RunAsPPL', 0],
      ['RunAsPPLBoot', 0],
      ['LsaPid', 0x498],
      ['LsaCfgFlagsDefault', 0],
      ['SecureBoot', 1],
      ['ProductType', 6],
      ['disabledomaincreds', 0],
      ['everyoneincludesanonymous', 0],
      ['forceguest', 0],
      ['restrictanonymous', 0],
      ['restrictanonymoussam', 1],
      ['LsaCfgFlags', 0],
    ];
    const subkeyNames = [
      'AccessProviders',
      'Audit',
      'CentralizedAccessPolicies',
      'ComponentUpdates',
      'Credssp',
      'Data',
      'DPL',
      'FipsAlgorithmPolicy',
      'GBG',
      'JD',
      'Kerberos',
      'MSV1_0',
      'OfflineLSA',
      'OfflineSAM',
      'OSConfig',
      'Skew1',
      'SSO',
      'SspiCache',
      'Tracing',
    ];
    expect(problems).toEqual([]);
    expect(value).toEqual({
      keys: [
        {
          path: key,
          line: 2,
          values: [
            ...dwords.map(([name, data], index) =>
              entry(name, 'REG_DWORD', `0x${data.toString(16)}`, dword(data), 3 + index),
            ),
            entry('Authentication Packages', 'REG_MULTI_SZ', 'msv1_0', multiSz(['msv1_0']), 5),
            entry(
              'Bounds',
              'REG_BINARY',
              '0030000000200000',
              binary([0, 0x30, 0, 0, 0, 0x20, 0, 0]),
              6,
            ),
            entry('crashonauditfail', 'REG_DWORD', '0x0', dword(0), 7),
            entry('fullprivilegeauditing', 'REG_BINARY', '00', binary([0]), 8),
            entry('LimitBlankPasswordUse', 'REG_DWORD', '0x1', dword(1), 9),
            entry('NoLmHash', 'REG_DWORD', '0x1', dword(1), 10),
            entry('Notification Packages', 'REG_MULTI_SZ', 'scecli', multiSz(['scecli']), 11),
            entry('Security Packages', 'REG_MULTI_SZ', '""', multiSz(['""']), 12),
            ...later.map(([name, data], index) =>
              entry(name, 'REG_DWORD', `0x${data.toString(16)}`, dword(data), 13 + index),
            ),
          ],
        },
      ],
      subkeys: subkeyNames.map((name, index) => ({ path: `${key}\\${name}`, line: 27 + index })),
      errors: [],
      notFound: false,
    });
  });

  it('reads a real /s /f search saved as UTF-16LE with a BOM, with its End of search line', () => {
    const { value, problems } = readRegQuery(fixture('reg-query-search-zip.utf16le.txt'));
    const clsid = 'HKEY_CLASSES_ROOT\\CLSID\\';
    const zipfldr = '%SystemRoot%\\system32\\zipfldr.dll';
    const key = (path: string, line: number, ...values: [string, RegValue][]) => ({
      path: clsid + path,
      line,
      values: values.map(([name, typed], index) => ({
        name,
        type: typed.type,
        data: typed.data,
        value: typed,
        line: line + 1 + index,
      })),
    });
    expect(problems).toEqual([]);
    expect(value).toEqual({
      keys: [
        key('{23170F69-40C1-278A-1000-000100020000}', 2, ['', sz('7-Zip Shell Extension')]),
        key('{23170F69-40C1-278A-1000-000100020000}\\InprocServer32', 5, [
          '',
          sz('C:\\Program Files\\7-Zip\\7-zip.dll'),
        ]),
        key(
          '{888DCA60-FC0A-11CF-8F0F-00C04FD7D062}',
          8,
          ['', sz('Compressed (zipped) Folder SendTo Target')],
          ['FriendlyTypeName', expandSz('@%SystemRoot%\\system32\\zipfldr.dll,-10226')],
        ),
        key('{888DCA60-FC0A-11CF-8F0F-00C04FD7D062}\\DefaultIcon', 12, ['', expandSz(zipfldr)]),
        key('{888DCA60-FC0A-11CF-8F0F-00C04FD7D062}\\InProcServer32', 15, ['', expandSz(zipfldr)]),
        key('{b8cdcb65-b1bf-4b42-9428-1dfdb7ee92af}', 18, [
          '',
          sz('Compressed (zipped) Folder Context Menu'),
        ]),
        key('{b8cdcb65-b1bf-4b42-9428-1dfdb7ee92af}\\InProcServer32', 21, ['', expandSz(zipfldr)]),
        key('{BD472F60-27FA-11cf-B8B4-444553540000}', 24, [
          '',
          sz('Compressed (zipped) Folder Right Drag Handler'),
        ]),
        key('{BD472F60-27FA-11cf-B8B4-444553540000}\\InProcServer32', 27, ['', expandSz(zipfldr)]),
        key('{E88DCCE0-B7B3-11d1-A9F0-00AA0060FA31}\\DefaultIcon', 30, ['', expandSz(zipfldr)]),
        key('{E88DCCE0-B7B3-11d1-A9F0-00AA0060FA31}\\InProcServer32', 33, ['', expandSz(zipfldr)]),
        key('{ed9d80b9-d157-457b-9192-0e7280313bf0}', 36, [
          '',
          sz('Compressed (zipped) Folder DropHandler'),
        ]),
        key('{ed9d80b9-d157-457b-9192-0e7280313bf0}\\InProcServer32', 39, ['', expandSz(zipfldr)]),
      ],
      subkeys: [],
      endOfSearch: { matches: 14, line: 42 },
      errors: [],
      notFound: false,
    });
  });

  it('reads a real /t REG_SZ search whose empty values lost their trailing blanks', () => {
    const { value, problems } = readRegQuery(fixture('reg-query-currentversion-t-reg-sz.txt'));
    expect(problems).toEqual([]);
    expect(value.endOfSearch).toEqual({ matches: 22, line: 25 });
    const values = value.keys[0]?.values ?? [];
    expect(values).toHaveLength(22);
    expect(values.slice(11, 14)).toEqual(
      ['EditionSubManufacturer', 'EditionSubstring', 'EditionSubVersion'].map((name, index) => ({
        name,
        type: 'REG_SZ',
        data: '',
        value: sz(''),
        line: 13 + index,
      })),
    );
    expect(values[9]).toEqual({
      name: 'CurrentVersion',
      type: 'REG_SZ',
      data: '6.3',
      value: sz('6.3'),
      line: 11,
    });
  });

  it("reads Wine's conformance-test output of reg query /s (checked on Windows)", () => {
    const { value, problems } = readRegQuery(fixture('reg-query-s.wine-tests.txt'));
    const base = 'HKEY_CURRENT_USER\\Software\\Wine\\reg_test';
    const entries = (line: number, ...values: [string, RegValue, string][]) =>
      values.map(([name, typed, data], index) => ({
        name,
        type: typed.type,
        data,
        value: typed,
        line: line + index,
      }));
    expect(problems).toEqual([]);
    expect(value).toEqual({
      keys: [
        {
          path: base,
          line: 2,
          values: entries(
            3,
            ['Test1', sz('Hello, World'), 'Hello, World'],
            ['Test2', dword(0x123), '0x123'],
            ['Wine', sz('First instance'), 'First instance'],
          ),
        },
        {
          path: `${base}\\subkey`,
          line: 7,
          values: entries(
            8,
            ['Test3', sz('Some string data'), 'Some string data'],
            ['Test4', dword(0xabc), '0xabc'],
            ['Wine', sz('Second instance'), 'Second instance'],
          ),
        },
      ],
      subkeys: [],
      errors: [],
      notFound: false,
    });
  });

  it('takes a localized End of search line by its one number (German)', () => {
    const { value, problems } = readRegQuery(fixture('reg-query-search.de.txt'));
    expect(problems).toEqual([]);
    expect(value.endOfSearch).toEqual({ matches: 2, line: 8 });
    expect(value.keys.map((key) => key.values[0]?.value)).toEqual([
      qword(0x1db0a7c3e2f4a10n),
      qword(0x1dafe0f00a0b0c0n),
    ]);
  });

  it('reports a missing key as notFound and an ERROR line, not as a problem', () => {
    expect(readRegQuery(`ERROR: ${NOT_FOUND}\r\n`)).toEqual({
      value: { keys: [], subkeys: [], errors: [{ message: NOT_FOUND, line: 1 }], notFound: true },
      problems: [],
    });
    const other = readRegQuery('FEHLER: Zugriff verweigert\r\n').value;
    expect([other.errors, other.notFound]).toEqual([
      [{ message: 'Zugriff verweigert', line: 1 }],
      false,
    ]);
  });

  it('reads (value not set) as a default value that does not exist', () => {
    const { value, problems } = readRegQuery(
      crlf(
        '',
        'HKEY_CURRENT_USER\\Software\\Empty',
        '    (Default)    REG_SZ    (value not set)',
        '',
      ),
    );
    expect(problems).toEqual([]);
    expect(value.keys[0]?.values).toEqual([
      { name: '', type: 'REG_SZ', data: '(value not set)', notSet: true, line: 3 },
    ]);
    const registry = new Registry();
    applyRegQuery(registry, value);
    expect([
      registry.hasKey('HKCU\\Software\\Empty'),
      registry.listValues('HKCU\\Software\\Empty'),
    ]).toEqual([true, []]);
  });

  it('reads localized spellings of (Default) given as an option', () => {
    const text = crlf('', 'HKEY_CURRENT_USER\\Software\\X', '    (Standard)    REG_SZ    Wert', '');
    expect(readRegQuery(text).value.keys[0]?.values[0]?.name).toBe('(Standard)');
    expect(
      readRegQuery(text, { defaultValueNames: ['(Standard)'] }).value.keys[0]?.values[0]?.name,
    ).toBe('');
  });

  it('splits at the leftmost type name with four spaces around it: names with spaces, data with REG_SZ', () => {
    const { value, problems } = readRegQuery(
      crlf(
        '',
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\X',
        '    Security Packages    REG_MULTI_SZ    kerberos\\0msv1_0\\0schannel',
        '    Note    REG_SZ    a    REG_DWORD    b',
        '     padded     REG_SZ      two',
        '    big    REG_DWORD_BIG_ENDIAN    0x1c8',
        '    none    REG_NONE    01FE',
        '    odd    REG_UNKNOWN(0x100)    AB',
        '    short    REG_DWORD    0102',
        '',
      ),
    );
    expect(problems).toEqual([]);
    expect(
      value.keys[0]?.values.map(({ name, type, data, value: typed }) => [name, type, data, typed]),
    ).toEqual([
      [
        'Security Packages',
        'REG_MULTI_SZ',
        'kerberos\\0msv1_0\\0schannel',
        multiSz(['kerberos', 'msv1_0', 'schannel']),
      ],
      ['Note', 'REG_SZ', 'a    REG_DWORD    b', sz('a    REG_DWORD    b')],
      [' padded ', 'REG_SZ', '  two', sz('  two')],
      ['big', 'REG_DWORD_BIG_ENDIAN', '0x1c8', raw(5, [0xc8, 0x01, 0, 0])],
      ['none', 'REG_NONE', '01FE', raw(0, [1, 0xfe])],
      ['odd', 'REG_UNKNOWN(0x100)', 'AB', raw(0x100, [0xab])],
      ['short', 'REG_DWORD', '0102', raw(4, [1, 2])],
    ]);
  });

  it('tolerates tabs, other indentation, LF endings and an indented paste', () => {
    const { value, problems } = readRegQuery(
      [
        '  HKEY_LOCAL_MACHINE\\SOFTWARE\\X',
        '      Four    REG_SZ    in',
        '\tTabbed\tREG_DWORD\t0x2a',
        '  Two  REG_QWORD  0x1',
        'Flush    REG_SZ    left',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(value.keys[0]?.values.map((entry) => [entry.name, entry.value])).toEqual([
      ['Four', sz('in')],
      ['Tabbed', dword(42)],
      ['Two', qword(1n)],
      ['Flush', sz('left')],
    ]);
  });

  it('reports each line it cannot place with its line and column, and reads on', () => {
    const { value, problems } = readRegQuery(
      crlf(
        '    orphan    REG_SZ    x',
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\X',
        '    bad    REG_DWORD    0xZZ',
        '    garbage line',
        'HKXX\\nowhere',
        '    bin    REG_BINARY    ABC',
        '    good    REG_SZ    y',
        'Total: 3 things',
        'more',
      ),
    );
    expect(problems.map(({ line, column, message }) => [line, column, message])).toEqual([
      [1, 1, 'expected a key path (HKEY_…) before the first value line'],
      [3, 25, 'expected REG_DWORD data as 0x and 1 to 8 hex digits'],
      [4, 5, expect.stringMatching(/^expected a key path \(HKEY_…\), a value line/)],
      [5, 1, expect.stringMatching(/^expected a key path \(HKEY_…\), a value line/)],
      [6, 26, 'expected REG_BINARY data as pairs of hex digits'],
      [8, 1, expect.stringMatching(/^expected a key path/)],
      [9, 1, expect.stringMatching(/^expected a key path/)],
    ]);
    expect(value.keys[0]?.values.map((entry) => [entry.name, entry.value])).toEqual([
      ['bad', undefined],
      ['bin', undefined],
      ['good', sz('y')],
    ]);
    expect(value.endOfSearch).toBeUndefined();
  });

  it('reads a truncated file up to where it stops', () => {
    const text = formatRegQuery(msmqRegistry(), PARAMETERS);
    const cut = text.slice(0, text.indexOf('DSNextSiteListRefreshTime') + 10);
    const { value, problems } = readRegQuery(cut);
    expect(value.keys[0]?.values.at(-1)?.name).toBe('DSEnterpriseListRefresh');
    expect(problems).toEqual([
      expect.objectContaining({ line: 15, column: 5, text: '    DSNextSite' }),
    ]);
  });

  it('reads binary garbage, a 1 MB line and many REG_ tokens in linear time', () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, index) => (index * 151 + 7) % 256);
    expect(() => readRegQuery(garbage)).not.toThrow();
    const long = `\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    v    REG_SZ    ${'x'.repeat(1 << 20)}\r\n`;
    expect(readRegQuery(long).value.keys[0]?.values[0]?.data.length).toBe(1 << 20);
    const started = performance.now();
    for (const line of [
      'REG_'.repeat(250_000),
      ` REG_UNKNOWN(${' REG_UNKNOWN('.repeat(80_000)}`,
      ' REG_SZ'.repeat(150_000),
    ]) {
      readRegQuery(`HKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    ${line}\r\n`);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('gives the same MSMQ Parameters registry from a .reg export and from reg query /s', () => {
    const fromRegFile = msmqRegistry();
    const fromQuery = new Registry();
    const { value, problems } = readRegQuery(
      formatRegQuery(fromRegFile, PARAMETERS, { recursive: true }),
    );
    expect(problems).toEqual([]);
    applyRegQuery(fromQuery, value);
    expect(fromQuery.listValues(PARAMETERS)).toEqual(fromRegFile.listValues(PARAMETERS));
    expect(fromQuery.listSubkeys(PARAMETERS)).toEqual(fromRegFile.listSubkeys(PARAMETERS));
  });

  it('applies without deleting what the output does not show', () => {
    const registry = new Registry();
    registry.setValue(PARAMETERS, 'Kept', dword(1));
    const output: RegQueryOutput = readRegQuery(
      crlf(
        '',
        PARAMETERS,
        '    DSSiteListRefresh    REG_DWORD    0xa8',
        '',
        `${PARAMETERS}\\MachineCache`,
      ),
    ).value;
    applyRegQuery(registry, output);
    expect(registry.listValues(PARAMETERS)).toEqual([
      { name: 'Kept', value: dword(1) },
      { name: 'DSSiteListRefresh', value: dword(168) },
    ]);
    expect(registry.hasKey(`${PARAMETERS}\\MachineCache`)).toBe(true);
  });
});

function msmqRegistry(): Registry {
  const registry = new Registry();
  importRegFile(registry, fixture('msmq-parameters.utf16le.reg'));
  return registry;
}
