import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyNameArbitrary, valueNameArbitrary } from './__fixtures__/arbitraries.js';
import {
  binary,
  dword,
  qword,
  Registry,
  type RegistryEvent,
  RegistryKeyNotFoundError,
  RegistryListenerError,
  RegistryPathError,
  RegistryValueError,
  RegistryValueNameError,
  sz,
} from './index.js';
import { foldName } from './internal/fold-name.js';

const PARAMETERS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';

describe('Registry keys', () => {
  it('has the five root keys from the start', () => {
    const registry = new Registry();
    for (const root of ['HKLM', 'HKCU', 'HKCR', 'HKU', 'HKCC', 'HKEY_CURRENT_CONFIG']) {
      expect(registry.hasKey(root)).toBe(true);
    }
    expect(registry.listSubkeys('HKLM')).toEqual([]);
  });

  it('creates a key with its missing parents and reports whether it was new', () => {
    const registry = new Registry();
    expect(registry.createKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters')).toBe(true);
    expect(registry.createKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters')).toBe(false);
    expect(registry.listSubkeys('HKLM\\SOFTWARE\\Microsoft')).toEqual(['MSMQ']);
    expect(registry.hasKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ')).toBe(true);
  });

  it('accepts abbreviated and full root names, in any case, and one trailing backslash', () => {
    const registry = new Registry();
    registry.createKey('hkcu\\Software\\Demo\\');
    expect(registry.displayPath('HKEY_CURRENT_USER\\software\\DEMO')).toBe(
      'HKEY_CURRENT_USER\\Software\\Demo',
    );
  });

  it('finds keys without regard to case and keeps the case they were created with', () => {
    const registry = new Registry();
    registry.createKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ');
    registry.createKey('HKLM\\software\\MICROSOFT\\msmq\\Parameters');
    expect(registry.displayPath('hklm\\software\\microsoft\\msmq\\parameters')).toBe(PARAMETERS);
    expect(registry.listSubkeys('HKLM\\SOFTWARE')).toEqual(['Microsoft']);
  });

  it('lists subkeys in the registry order: compared without regard to case', () => {
    const registry = new Registry();
    for (const name of ['ServersCache', 'security', 'MachineCache', '_b', 'a_', 'Zeta', 'alpha']) {
      registry.createKey(`${PARAMETERS}\\${name}`);
    }
    // Compared upper-cased, as RtlUpcaseUnicodeChar folds them: "_" (0x5F) sorts after every
    // letter (0x41–0x5A), so "alpha" comes before "a_" although "_" < "l" in lower case.
    expect(registry.listSubkeys(PARAMETERS)).toEqual([
      'alpha',
      'a_',
      'MachineCache',
      'security',
      'ServersCache',
      'Zeta',
      '_b',
    ]);
  });

  it('deletes a key with everything below it, and says whether it existed', () => {
    const registry = new Registry();
    registry.setValue(`${PARAMETERS}\\MachineCache`, 'QMId', binary([1]));
    expect(registry.deleteKey('HKLM\\SOFTWARE\\Microsoft\\msmq')).toBe(true);
    expect(registry.hasKey(`${PARAMETERS}\\MachineCache`)).toBe(false);
    expect(registry.listSubkeys('HKLM\\SOFTWARE\\Microsoft')).toEqual([]);
    expect(registry.deleteKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ')).toBe(false);
  });

  it('refuses to delete a root key', () => {
    expect(() => new Registry().deleteKey('HKLM')).toThrow(RegistryPathError);
  });

  it.each([
    ['an unknown root', 'HKEY_LOCAL_MACHIN\\SOFTWARE'],
    ['an empty path', ''],
    ['an empty key name', 'HKLM\\SOFTWARE\\\\Microsoft'],
    ['a key name of 256 characters', `HKLM\\${'k'.repeat(256)}`],
    ['a line break in a key name', 'HKLM\\a\nb'],
    ['an unpaired surrogate', 'HKLM\\a\ud800'],
  ])('rejects %s with RegistryPathError', (_case, path) => {
    const registry = new Registry();
    expect(() => registry.createKey(path)).toThrow(RegistryPathError);
    expect(() => registry.hasKey(path)).toThrow(RegistryPathError);
  });

  it('explains a bad path: where and what was expected', () => {
    expect(() => new Registry().createKey('HKLM\\SOFTWARE\\\\x')).toThrow(
      'Key path "HKLM\\SOFTWARE\\\\x" is not valid at character 15: expected a key name, ' +
        'found an empty key name (two \\ in a row)',
    );
  });

  it('allows key names of exactly 255 characters', () => {
    const registry = new Registry();
    expect(registry.createKey(`HKLM\\${'k'.repeat(255)}`)).toBe(true);
  });

  it('throws RegistryKeyNotFoundError when listing a key that does not exist', () => {
    const registry = new Registry();
    expect(() => registry.listSubkeys('HKLM\\Missing')).toThrow(RegistryKeyNotFoundError);
    expect(() => registry.listValues('HKLM\\Missing')).toThrow(RegistryKeyNotFoundError);
  });

  it('treats names like __proto__ as ordinary data', () => {
    const registry = new Registry();
    registry.createKey('HKCU\\__proto__\\constructor');
    registry.setValue('HKCU\\__proto__', '__proto__', sz('polluted?'));
    registry.setValue('HKCU\\__proto__', 'hasOwnProperty', dword(1));
    expect(registry.listSubkeys('HKCU')).toEqual(['__proto__']);
    expect(registry.listSubkeys('HKCU\\__proto__')).toEqual(['constructor']);
    expect(registry.getValue('HKCU\\__proto__', '__proto__')).toEqual(sz('polluted?'));
    expect(registry.getValue('HKCU\\__proto__', 'toString')).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Registry values', () => {
  it('sets, gets and deletes values, creating the key when needed', () => {
    const registry = new Registry();
    registry.setValue(PARAMETERS, 'DSSiteListRefresh', dword(168));
    expect(registry.hasKey(PARAMETERS)).toBe(true);
    expect(registry.getValue(PARAMETERS, 'DSSiteListRefresh')).toEqual(dword(168));
    expect(registry.deleteValue(PARAMETERS, 'DSSiteListRefresh')).toBe(true);
    expect(registry.deleteValue(PARAMETERS, 'DSSiteListRefresh')).toBe(false);
    expect(registry.getValue(PARAMETERS, 'DSSiteListRefresh')).toBeUndefined();
    expect(registry.getValue('HKLM\\Missing', 'x')).toBeUndefined();
    expect(registry.deleteValue('HKLM\\Missing', 'x')).toBe(false);
  });

  it("keeps the default value under the name ''", () => {
    const registry = new Registry();
    registry.setValue('HKCR\\.reg', '', sz('regfile'));
    expect(registry.listValues('HKCR\\.reg')).toEqual([{ name: '', value: sz('regfile') }]);
    expect(registry.getValue('HKCR\\.reg', '@')).toBeUndefined();
  });

  it('lists values in the order they were first written', () => {
    const registry = new Registry();
    registry.setValue(PARAMETERS, 'Value 2', sz('I was added first!'));
    registry.setValue(PARAMETERS, 'Value 1', sz('I was added second!'));
    registry.setValue(PARAMETERS, 'Value 3', sz('third'));
    registry.setValue(PARAMETERS, 'value 2', dword(2));
    registry.deleteValue(PARAMETERS, 'Value 1');
    registry.setValue(PARAMETERS, 'Value 1', sz('back'));
    expect(registry.listValues(PARAMETERS)).toEqual([
      { name: 'Value 2', value: dword(2) },
      { name: 'Value 3', value: sz('third') },
      { name: 'Value 1', value: sz('back') },
    ]);
  });

  it('finds values without regard to case and keeps their first-written name (property)', () => {
    fc.assert(
      fc.property(
        valueNameArbitrary,
        fc.array(fc.constantFrom('lower', 'upper', 'same'), { minLength: 16, maxLength: 16 }),
        (name, flips) => {
          const variant = Array.from(name, (character, index) => {
            const flip = flips[index % flips.length];
            const changed =
              flip === 'lower'
                ? character.toLowerCase()
                : flip === 'upper'
                  ? character.toUpperCase()
                  : character;
            return foldName(changed) === foldName(character) ? changed : character;
          }).join('');
          const registry = new Registry();
          registry.setValue('HKCU\\Software', name, dword(1));
          registry.setValue('HKCU\\Software', variant, dword(2));
          expect(registry.getValue('HKCU\\Software', variant)).toEqual(dword(2));
          expect(registry.getValue('HKCU\\Software', name)).toEqual(dword(2));
          expect(registry.listValues('HKCU\\Software')).toEqual([{ name, value: dword(2) }]);
        },
      ),
    );
  });

  it('orders subkeys by case-folded name whatever the creation order (property)', () => {
    fc.assert(
      fc.property(fc.array(keyNameArbitrary, { maxLength: 12 }), (names) => {
        const forward = new Registry();
        const backward = new Registry();
        forward.createKey('HKCU\\Software');
        backward.createKey('HKCU\\Software');
        for (const name of names) forward.createKey(`HKCU\\Software\\${name}`);
        for (const name of [...names].reverse()) backward.createKey(`HKCU\\Software\\${name}`);
        const listed = forward.listSubkeys('HKCU\\Software');
        const folded = listed.map(foldName);
        expect(folded).toEqual([...new Set(names.map(foldName))].sort());
        expect(backward.listSubkeys('HKCU\\Software').map(foldName)).toEqual(folded);
      }),
    );
  });

  it('hands out copies of byte data, so callers cannot change the stored value', () => {
    const registry = new Registry();
    registry.setValue(PARAMETERS, 'QMId', binary([1, 2, 3]));
    const value = registry.getValue(PARAMETERS, 'QMId');
    if (value?.type !== 'REG_BINARY') throw new Error('expected REG_BINARY');
    value.data[0] = 99;
    expect(registry.getValue(PARAMETERS, 'QMId')).toEqual(binary([1, 2, 3]));
  });

  it('rejects out-of-range data with an error naming the key, the value and the range', () => {
    const registry = new Registry();
    let error: unknown;
    try {
      registry.setValue(PARAMETERS, 'DSSiteListRefresh', { type: 'REG_DWORD', data: 2 ** 32 });
    } catch (caught) {
      error = caught;
    }
    expect(RegistryValueError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ERR_REG_VALUE',
      key: PARAMETERS,
      valueName: 'DSSiteListRefresh',
      value: 4294967296,
      allowed: 'an integer from 0 to 4294967295',
      message:
        'REG_DWORD data 4294967296 is out of range for value "DSSiteListRefresh" in ' +
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters (expected an integer from 0 to 4294967295)',
    });
    expect(registry.hasKey(PARAMETERS)).toBe(false);
  });

  it('rejects a QWORD past 2^64 − 1 and a wrong data type', () => {
    const registry = new Registry();
    expect(() =>
      registry.setValue(PARAMETERS, 'DSNextSiteListRefreshTime', {
        type: 'REG_QWORD',
        data: 2n ** 64n,
      }),
    ).toThrow(
      /REG_QWORD data 18446744073709551616n is out of range for value "DSNextSiteListRefreshTime"/,
    );
    expect(() => registry.setValue(PARAMETERS, 'x', { type: 'REG_SZ', data: 5 } as never)).toThrow(
      RegistryValueError,
    );
    expect(() =>
      registry.setValue(PARAMETERS, 'x', { type: 'REG_TEXT', data: '' } as never),
    ).toThrow(RegistryValueError);
  });

  it.each([
    ['a line break', 'two\nlines'],
    ['NUL', 'a\0b'],
    ['an unpaired surrogate', '\udc00'],
    ['16,384 characters', 'v'.repeat(16_384)],
  ])('rejects a value name with %s', (_case, name) => {
    expect(() => new Registry().setValue('HKCU\\Software', name, sz('x'))).toThrow(
      RegistryValueNameError,
    );
  });

  it('stores a raw value whose bytes are a well-formed DWORD as that DWORD', () => {
    const registry = new Registry();
    registry.setValue('HKCU\\Software', 'n', {
      type: 'REG_RAW',
      kind: 4,
      data: Uint8Array.of(1, 0, 0, 0),
    });
    expect(registry.getValue('HKCU\\Software', 'n')).toEqual(dword(1));
  });
});

describe('Registry.watch', () => {
  function record(registry: Registry, path: string, subtree = false): RegistryEvent[] {
    const events: RegistryEvent[] = [];
    registry.watch(path, (event) => events.push(event), { subtree });
    return events;
  }

  it('reports value changes on the key, synchronously and in order', () => {
    const registry = new Registry();
    registry.createKey(PARAMETERS);
    const events = record(registry, 'hklm\\software\\microsoft\\msmq\\parameters');
    registry.setValue(PARAMETERS, 'DSSiteListRefresh', dword(168));
    registry.setValue(PARAMETERS, 'dssitelistrefresh', dword(24));
    registry.deleteValue(PARAMETERS, 'DSSiteListRefresh');
    expect(events).toEqual([
      { kind: 'value-set', key: PARAMETERS, name: 'DSSiteListRefresh', value: dword(168) },
      {
        kind: 'value-set',
        key: PARAMETERS,
        name: 'DSSiteListRefresh',
        value: dword(24),
        previous: dword(168),
      },
      { kind: 'value-deleted', key: PARAMETERS, name: 'DSSiteListRefresh', previous: dword(24) },
    ]);
  });

  it('reports created keys, parents first, before the value that needed them', () => {
    const registry = new Registry();
    const events = record(registry, 'HKLM\\SOFTWARE', true);
    registry.setValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ', 'x', qword(1n));
    expect(events.map((event) => [event.kind, event.key])).toEqual([
      ['key-created', 'HKEY_LOCAL_MACHINE\\SOFTWARE'],
      ['key-created', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft'],
      ['key-created', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ'],
      ['value-set', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ'],
    ]);
  });

  it('without subtree, sees direct subkeys come and go but not changes deeper down', () => {
    const registry = new Registry();
    const events = record(registry, 'HKCU\\Software');
    registry.createKey('HKCU\\Software\\A\\B');
    registry.setValue('HKCU\\Software\\A', 'deep', dword(1));
    registry.deleteKey('HKCU\\Software\\A');
    expect(events).toEqual([
      { kind: 'key-created', key: 'HKEY_CURRENT_USER\\Software' },
      { kind: 'key-created', key: 'HKEY_CURRENT_USER\\Software\\A' },
      { kind: 'key-deleted', key: 'HKEY_CURRENT_USER\\Software\\A' },
    ]);
  });

  it('reports a recursive delete key by key, deepest first', () => {
    const registry = new Registry();
    registry.createKey('HKCU\\Software\\A\\B');
    registry.createKey('HKCU\\Software\\A\\C');
    const events = record(registry, 'HKCU', true);
    registry.deleteKey('HKCU\\Software\\A');
    expect(events).toEqual([
      { kind: 'key-deleted', key: 'HKEY_CURRENT_USER\\Software\\A\\B' },
      { kind: 'key-deleted', key: 'HKEY_CURRENT_USER\\Software\\A\\C' },
      { kind: 'key-deleted', key: 'HKEY_CURRENT_USER\\Software\\A' },
    ]);
  });

  it('stops reporting after unsubscribing', () => {
    const registry = new Registry();
    const events: RegistryEvent[] = [];
    const stop = registry.watch('HKCU\\Software', (event) => events.push(event));
    registry.setValue('HKCU\\Software', 'a', dword(1));
    stop();
    stop();
    registry.setValue('HKCU\\Software', 'b', dword(2));
    expect(events).toHaveLength(2);
  });

  it('delivers changes made by a listener after the current event reaches every listener', () => {
    const registry = new Registry();
    const seen: string[] = [];
    registry.watch('HKCU\\Software', (event) => {
      seen.push(`first:${event.kind}:${'name' in event ? event.name : ''}`);
      if (event.kind === 'value-set' && event.name === 'trigger') {
        registry.setValue('HKCU\\Software', 'echo', dword(1));
      }
    });
    registry.watch('HKCU\\Software', (event) => {
      seen.push(`second:${event.kind}:${'name' in event ? event.name : ''}`);
    });
    registry.createKey('HKCU\\Software');
    seen.length = 0;
    registry.setValue('HKCU\\Software', 'trigger', dword(0));
    expect(seen).toEqual([
      'first:value-set:trigger',
      'second:value-set:trigger',
      'first:value-set:echo',
      'second:value-set:echo',
    ]);
  });

  it('completes the change and runs every listener when one throws, then reports it', () => {
    const registry = new Registry();
    const seen: RegistryEvent[] = [];
    const failure = new Error('listener bug');
    registry.watch('HKCU\\Software', () => {
      throw failure;
    });
    registry.watch('HKCU\\Software', (event) => seen.push(event));
    let error: unknown;
    try {
      registry.setValue('HKCU\\Software', 'a', dword(1));
    } catch (caught) {
      error = caught;
    }
    expect(RegistryListenerError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(failure);
    expect(registry.getValue('HKCU\\Software', 'a')).toEqual(dword(1));
    expect(seen).toHaveLength(2);
  });

  it('rejects a watch on a path that names no key', () => {
    expect(() => new Registry().watch('HKXX\\a', () => {})).toThrow(RegistryPathError);
  });
});
