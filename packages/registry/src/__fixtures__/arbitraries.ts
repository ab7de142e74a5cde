// fast-check arbitraries shared by the property tests: names and values of every kind,
// including the awkward ones (quotes, backslashes, brackets, `__proto__`, non-ASCII, astral
// characters, strings that need hex(1)), and whole random registries.
import fc from 'fast-check';
import { binary, dword, expandSz, multiSz, qword, Registry, raw, sz } from '../index.js';
import type { RegValue } from '../index.js';

const AWKWARD_UNITS = [
  'a',
  'A',
  'z',
  '"',
  '\\',
  ' ',
  '[',
  ']',
  '=',
  '@',
  ';',
  '-',
  ',',
  'é',
  'É',
  'ß',
  'ı',
  '😀',
  '\t',
  '$',
];

const awkwardText = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...AWKWARD_UNITS), maxLength });

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Key names: 1–255 units, no backslash, NUL or line break, whole characters. */
export const keyNameArbitrary: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(...PROTOTYPE_NAMES, 'MachineCache', 'security', 'ServersCache', 'Ünïcödé'),
    awkwardText(12),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  )
  .map((name) => name.replace(/[\\\0\r\n]/g, '_'))
  .filter((name) => name.length >= 1 && name.length <= 255);

/** Value names, including `''` (the default value). */
export const valueNameArbitrary: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('', ...PROTOTYPE_NAMES, '@', 'DSNextSiteListRefreshTime'),
    awkwardText(16),
    fc.string({ unit: 'binary', maxLength: 16 }),
  )
  .map((name) => name.replace(/[\0\r\n]/g, '_'));

/** Strings for REG_SZ / REG_EXPAND_SZ data, including ones that need `hex(1):`. */
const stringDataArbitrary = fc.oneof(
  awkwardText(24),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({
    unit: fc.constantFrom('a', '\n', '\r', '\0', '\ud800', '\udc00', '"', '\\'),
    maxLength: 8,
  }),
);

const textBytes = fc
  .uint8Array({ maxLength: 24 })
  .map((bytes) => (bytes.length % 2 === 0 ? bytes : bytes.subarray(1)));

/** Values of every variant, already in the registry's normal form. */
export const regValueArbitrary: fc.Arbitrary<RegValue> = fc.oneof(
  stringDataArbitrary.map(sz),
  stringDataArbitrary.map(expandSz),
  fc
    .array(
      stringDataArbitrary.map((text) => text.replace(/\0/g, '')),
      { maxLength: 4 },
    )
    .map(multiSz),
  fc.integer({ min: 0, max: 0xffff_ffff }).map(dword),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(qword),
  fc.uint8Array({ maxLength: 200 }).map(binary),
  fc
    .tuple(
      fc.constantFrom(0, 4, 5, 6, 8, 9, 10, 0x100, 0xabcd, 0xffff_ffff),
      fc.uint8Array({ maxLength: 40 }),
    )
    .map(([kind, bytes]) => raw(kind, bytes)),
  fc.tuple(fc.constantFrom(1, 2, 7), textBytes).map(([kind, bytes]) => raw(kind, bytes)),
);

/** A random registry: keys up to 3 deep under one root, with values of every kind. */
export const registryArbitrary: fc.Arbitrary<{ registry: Registry; root: string }> = fc
  .record({
    root: fc.constantFrom('HKEY_LOCAL_MACHINE\\SOFTWARE', 'HKCU\\Software\\Test', 'HKU\\.DEFAULT'),
    keys: fc.array(fc.array(keyNameArbitrary, { maxLength: 3 }), { maxLength: 8 }),
    values: fc.array(
      fc.record({
        key: fc.nat(),
        name: valueNameArbitrary,
        value: regValueArbitrary,
      }),
      { maxLength: 16 },
    ),
  })
  .map(({ root, keys, values }) => {
    const registry = new Registry();
    const paths = [root, ...keys.map((names) => [root, ...names].join('\\'))];
    registry.createKey(root);
    for (const path of paths) registry.createKey(path);
    for (const { key, name, value } of values) {
      registry.setValue(paths[key % paths.length] as string, name, value);
    }
    return { registry, root };
  });
