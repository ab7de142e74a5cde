import { describe, expect, it } from 'vitest';
import {
  applyRegFile,
  dword,
  importRegFile,
  parseRegFile,
  RegFileParseError,
  Registry,
  type RegistryEvent,
  RegistryListenerError,
  sz,
} from './index.js';

const HEADER = 'Windows Registry Editor Version 5.00\r\n\r\n';
const PARAMETERS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';

describe('applyRegFile', () => {
  it('creates keys with their parents, sets values, and applies deletions in file order', () => {
    const registry = new Registry();
    registry.setValue(`${PARAMETERS}\\MachineCache`, 'SiteName', sz('Old-Site'));
    registry.setValue(PARAMETERS, 'DSNextSiteListRefreshTime', dword(1));
    applyRegFile(
      registry,
      parseRegFile(
        `${HEADER}[-${PARAMETERS}\\MachineCache]\r\n\r\n[${PARAMETERS}]\r\n` +
          '"DSSiteListRefresh"=dword:000000a8\r\n"DSNextSiteListRefreshTime"=-\r\n"Missing"=-\r\n\r\n' +
          `[-${PARAMETERS}\\NotThere]\r\n\r\n[HKCU\\Software\\New\\Deep]\r\n`,
      ),
    );
    expect(registry.listValues(PARAMETERS)).toEqual([
      { name: 'DSSiteListRefresh', value: dword(168) },
    ]);
    expect(registry.listSubkeys(PARAMETERS)).toEqual([]);
    expect(registry.hasKey('HKCU\\Software\\New\\Deep')).toBe(true);
  });

  it('lets later lines win and keeps the first-written name and place of a value', () => {
    const registry = new Registry();
    importRegFile(
      registry,
      `${HEADER}[HKCU\\A]\r\n"Name"="1"\r\n"Other"="2"\r\n\r\n[hkcu\\a]\r\n"NAME"="3"\r\n`,
    );
    expect(registry.listValues('HKCU\\A')).toEqual([
      { name: 'Name', value: sz('3') },
      { name: 'Other', value: sz('2') },
    ]);
  });

  it('reports every change to watchers, in order', () => {
    const registry = new Registry();
    const events: RegistryEvent[] = [];
    registry.watch('HKCU', (event) => events.push(event), { subtree: true });
    importRegFile(registry, `${HEADER}[HKCU\\A]\r\n"x"=dword:1\r\n\r\n[-HKCU\\A]\r\n`);
    expect(events.map((event) => event.kind)).toEqual(['key-created', 'value-set', 'key-deleted']);
  });

  it('finishes the import when a listener throws, then reports the listener error', () => {
    const registry = new Registry();
    registry.watch('HKCU\\A', () => {
      throw new Error('listener bug');
    });
    expect(() =>
      importRegFile(registry, `${HEADER}[HKCU\\A]\r\n"x"=dword:1\r\n"y"=dword:2\r\n`),
    ).toThrow(RegistryListenerError);
    expect(registry.listValues('HKCU\\A').map((entry) => entry.name)).toEqual(['x', 'y']);
  });
});

describe('importRegFile', () => {
  it('applies nothing when the file does not parse', () => {
    const registry = new Registry();
    expect(() =>
      importRegFile(registry, `${HEADER}[HKCU\\A]\r\n"x"=dword:1\r\n"y"=word:2\r\n`),
    ).toThrow(RegFileParseError);
    expect(registry.hasKey('HKCU\\A')).toBe(false);
  });

  it('returns the parsed document', () => {
    expect(importRegFile(new Registry(), `${HEADER}[HKCU\\A]\r\n`).sections).toEqual([
      { kind: 'key', path: 'HKCU\\A', entries: [] },
    ]);
  });
});
