import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  binary,
  dword,
  expandSz,
  formatRegQuery,
  importRegFile,
  multiSz,
  qword,
  Registry,
  RegistryKeyNotFoundError,
  RegistryPathError,
  raw,
  sz,
} from './index.js';

const KEY_BASE = 'HKEY_CURRENT_USER\\Software\\Wine\\reg_test';
const PARAMETERS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';
const lines = (...text: string[]) => text.map((line) => `${line}\r\n`).join('');

/** The registry of the `reg query` cases in Wine's test suite, which run against Windows. */
function wineQueryRegistry(): Registry {
  const registry = new Registry();
  registry.setValue(KEY_BASE, 'Test1', sz('Hello, World'));
  registry.setValue(KEY_BASE, 'Test2', dword(0x123));
  registry.setValue(KEY_BASE, 'Wine', sz('First instance'));
  registry.setValue(`${KEY_BASE}\\subkey`, 'Test3', sz('Some string data'));
  registry.setValue(`${KEY_BASE}\\subkey`, 'Test4', dword(0xabc));
  registry.setValue(`${KEY_BASE}\\subkey`, 'Wine', sz('Second instance'));
  return registry;
}

describe('formatRegQuery', () => {
  it('shows the values, then the direct subkeys by full path', () => {
    expect(formatRegQuery(wineQueryRegistry(), 'HKCU\\Software\\Wine\\reg_test')).toBe(
      lines(
        '',
        KEY_BASE,
        '    Test1    REG_SZ    Hello, World',
        '    Test2    REG_DWORD    0x123',
        '    Wine    REG_SZ    First instance',
        '',
        `${KEY_BASE}\\subkey`,
      ),
    );
  });

  it('ends with a blank line when the key has values and no subkeys', () => {
    expect(formatRegQuery(wineQueryRegistry(), `${KEY_BASE}\\subkey`)).toBe(
      lines(
        '',
        `${KEY_BASE}\\subkey`,
        '    Test3    REG_SZ    Some string data',
        '    Test4    REG_DWORD    0xabc',
        '    Wine    REG_SZ    Second instance',
        '',
      ),
    );
  });

  it('with recursive, shows every key below with its values, like reg query /s', () => {
    expect(formatRegQuery(wineQueryRegistry(), KEY_BASE, { recursive: true })).toBe(
      lines(
        '',
        KEY_BASE,
        '    Test1    REG_SZ    Hello, World',
        '    Test2    REG_DWORD    0x123',
        '    Wine    REG_SZ    First instance',
        '',
        `${KEY_BASE}\\subkey`,
        '    Test3    REG_SZ    Some string data',
        '    Test4    REG_DWORD    0xabc',
        '    Wine    REG_SZ    Second instance',
        '',
      ),
    );
  });

  it('leaves out the path of a key without values, but not of subkeys when recursive', () => {
    const registry = new Registry();
    for (const name of ['subkey3', 'subkey1', 'subkey4', 'subkey2']) {
      registry.createKey(`${KEY_BASE}\\${name}`);
    }
    const subkeys = [1, 2, 3, 4].map((index) => `${KEY_BASE}\\subkey${index}`);
    expect(formatRegQuery(registry, KEY_BASE)).toBe(lines('', ...subkeys));
    expect(formatRegQuery(registry, KEY_BASE, { recursive: true })).toBe(
      lines('', ...subkeys.flatMap((path) => [path, ''])),
    );
  });

  it('shows each type the way reg.exe does', () => {
    const registry = new Registry();
    const key = 'HKCU\\Software\\Types';
    registry.setValue(key, '', sz('test1'));
    registry.setValue(key, 'string_val_empty', sz(''));
    registry.setValue(key, 'bin_val', binary([0x42, 0x42, 0xab]));
    registry.setValue(key, 'bin_val_empty', binary([]));
    registry.setValue(key, 'dword_val', dword(42));
    registry.setValue(key, 'dword_max', dword(0xffff_ffff));
    registry.setValue(key, 'qword_val', qword(0x1dc4f2a8e33f2a0n));
    registry.setValue(key, 'qword_zero', qword(0n));
    registry.setValue(key, 'multi_string_val', multiSz(['test3', 'test4']));
    registry.setValue(key, 'multi_string_val_empty', multiSz([]));
    registry.setValue(key, 'expand_string_val', expandSz('%windir%\\system32'));
    registry.setValue(key, 'none', raw(0, [1, 0xfe]));
    registry.setValue(key, 'big_endian', raw(5, [0, 0, 1, 0]));
    registry.setValue(key, 'unknown', raw(0x100, [0xab]));
    registry.setValue(key, 'sz_with_nul', sz('before\0after'));
    expect(formatRegQuery(registry, key)).toBe(
      lines(
        '',
        'HKEY_CURRENT_USER\\Software\\Types',
        '    (Default)    REG_SZ    test1',
        '    string_val_empty    REG_SZ    ',
        '    bin_val    REG_BINARY    4242AB',
        '    bin_val_empty    REG_BINARY    ',
        '    dword_val    REG_DWORD    0x2a',
        '    dword_max    REG_DWORD    0xffffffff',
        '    qword_val    REG_QWORD    0x1dc4f2a8e33f2a0',
        '    qword_zero    REG_QWORD    0x0',
        '    multi_string_val    REG_MULTI_SZ    test3\\0test4',
        '    multi_string_val_empty    REG_MULTI_SZ    ',
        '    expand_string_val    REG_EXPAND_SZ    %windir%\\system32',
        '    none    REG_NONE    01FE',
        '    big_endian    REG_DWORD_BIG_ENDIAN    0x10000',
        '    unknown    REG_UNKNOWN(0x100)    AB',
        '    sz_with_nul    REG_SZ    before',
        '',
      ),
    );
  });

  // Wine's reg.exe conformance tests, run on real Windows (programs/reg/tests/add.c, test_reg_dword):
  // `reg add … /t REG_DWORD_BIG_ENDIAN /d 456` stores 456 little-endian, "REG_DWORD_BIG_ENDIAN is
  // broken in every version of windows. It behaves like an ordinary REG_DWORD - that is little
  // endian"; reg.exe's query prints type 4 and type 5 with the same `0x%x` of the DWORD in memory.
  it('shows REG_DWORD_BIG_ENDIAN little-endian, like an ordinary REG_DWORD, as Windows does', () => {
    const registry = new Registry();
    const key = 'HKCU\\Software\\Wine\\reg_test';
    registry.setValue(key, 'DWORD_BE', raw(5, [0xc8, 0x01, 0x00, 0x00]));
    registry.setValue(key, 'DWORD_LE', dword(456));
    expect(formatRegQuery(registry, key)).toBe(
      lines(
        '',
        'HKEY_CURRENT_USER\\Software\\Wine\\reg_test',
        '    DWORD_BE    REG_DWORD_BIG_ENDIAN    0x1c8',
        '    DWORD_LE    REG_DWORD    0x1c8',
        '',
      ),
    );
  });

  it('shows the key path as given (root spelled out) and subkeys in their stored case', () => {
    const registry = new Registry();
    registry.setValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ', 'x', dword(1));
    registry.createKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters');
    expect(formatRegQuery(registry, 'hklm\\software\\microsoft\\msmq', { lineEnding: '\n' })).toBe(
      '\nHKEY_LOCAL_MACHINE\\software\\microsoft\\msmq\n    x    REG_DWORD    0x1\n\n' +
        'HKEY_LOCAL_MACHINE\\software\\microsoft\\msmq\\Parameters\n',
    );
  });

  it('shows the MSMQ Parameters export', () => {
    const registry = new Registry();
    importRegFile(
      registry,
      readFileSync(new URL('./__fixtures__/msmq-parameters.utf16le.reg', import.meta.url)),
    );
    const store = 'C:\\Windows\\system32\\msmq\\storage';
    expect(formatRegQuery(registry, 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters')).toBe(
      lines(
        '',
        PARAMETERS,
        `    StoreReliablePath    REG_SZ    ${store}`,
        `    StorePersistentPath    REG_SZ    ${store}`,
        `    StoreJournalPath    REG_SZ    ${store}`,
        `    StoreLogPath    REG_SZ    ${store}`,
        `    StoreXactLogPath    REG_SZ    ${store}`,
        '    MachineDomain    REG_SZ    CORP',
        '    MachineDomainFQDN    REG_SZ    corp.contoso.com',
        '    Workgroup    REG_DWORD    0x0',
        '    LogDataCreated    REG_DWORD    0x1',
        '    SeqID    REG_DWORD    0x6568f3a1',
        '    DSSiteListRefresh    REG_DWORD    0xa8',
        '    DSEnterpriseListRefresh    REG_DWORD    0x2a0',
        '    DSNextSiteListRefreshTime    REG_QWORD    0x1dd80ab26e43007',
        '    DSNextEnterpriseListRefreshTime    REG_QWORD    0x1dd912ba190f007',
        '    DSListRefreshErrorRetryInterval    REG_DWORD    0x3c',
        '    TraceDirectory    REG_EXPAND_SZ    %windir%\\debug',
        '    KnownDSServers    REG_MULTI_SZ    DC01.corp.contoso.com\\0DC02.corp.contoso.com',
        '    Description    REG_SZ    Queue manager on "APP01" (share \\\\APP01\\MSMQ$)',
        '    MachineQuota    REG_DWORD    0xffffffff',
        '',
        `${PARAMETERS}\\MachineCache`,
        `${PARAMETERS}\\security`,
        `${PARAMETERS}\\ServersCache`,
      ),
    );
  });

  it('throws RegistryKeyNotFoundError for a missing key and RegistryPathError for a bad path', () => {
    expect(() => formatRegQuery(new Registry(), 'HKLM\\Missing')).toThrow(RegistryKeyNotFoundError);
    expect(() => formatRegQuery(new Registry(), 'HKXX\\Missing')).toThrow(RegistryPathError);
  });
});
