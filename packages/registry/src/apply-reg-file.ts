import { applyChanges } from './internal/apply-changes.js';
import { parseRegFile } from './parse-reg-file.js';
import type { RegFileDocument } from './reg-file-document.js';
import type { Registry } from './registry.js';

/**
 * Applies a parsed `.reg` file to a registry the way Registry Editor imports it, section by
 * section in file order: `[key]` creates the key (and missing parents), then sets or deletes each
 * value; `[-key]` deletes the key and everything below it. Deleting something that does not exist
 * does nothing. Changes are not rolled back if a later section fails.
 *
 * @example
 * ```ts
 * const text = [
 *   'Windows Registry Editor Version 5.00',
 *   '',
 *   '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]',
 *   '"DSSiteListRefresh"=dword:000000a8',
 * ].join('\r\n');
 * const registry = new Registry();
 * applyRegFile(registry, parseRegFile(text));
 * registry.getValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters', 'DSSiteListRefresh');
 * // => { type: 'REG_DWORD', data: 168 }
 * ```
 * @throws {RegistryPathError} for a key path that names no key (only in hand-built documents:
 * {@link parseRegFile} rejects those).
 * @throws {RegistryValueError} for value data its type cannot hold (hand-built documents).
 * @throws {RegistryValueNameError} for a value name the registry cannot hold (hand-built documents).
 * @throws {RegistryListenerError} after the import, when a change listener threw.
 */
export function applyRegFile(registry: Registry, document: RegFileDocument): void {
  applyChanges((run) => {
    for (const section of document.sections) {
      if (section.kind === 'delete-key') {
        run(() => registry.deleteKey(section.path));
        continue;
      }
      run(() => registry.createKey(section.path));
      for (const entry of section.entries) {
        if (entry.kind === 'set-value') {
          run(() => registry.setValue(section.path, entry.name, entry.value));
        } else run(() => registry.deleteValue(section.path, entry.name));
      }
    }
  });
}

/**
 * Parses a `.reg` file (text or bytes) and applies it: `applyRegFile(registry, parseRegFile(input))`.
 * Nothing is applied when the file does not parse.
 *
 * @example
 * ```ts
 * const saved = new Registry();
 * saved.setValue('HKCU\\Software\\Demo', 'Hours', dword(168));
 * const bytes = exportRegFile(saved, 'HKCU\\Software\\Demo'); // UTF-16LE, as regedit saves it
 * const registry = new Registry();
 * importRegFile(registry, bytes).sections.length; // => 1
 * registry.getValue('HKCU\\Software\\Demo', 'Hours'); // => { type: 'REG_DWORD', data: 168 }
 * ```
 * @throws {RegFileParseError} when the file is malformed, with its line and column.
 * @throws {RegistryListenerError} after the import, when a change listener threw.
 */
export function importRegFile(registry: Registry, input: string | Uint8Array): RegFileDocument {
  const document = parseRegFile(input);
  applyRegFile(registry, document);
  return document;
}
