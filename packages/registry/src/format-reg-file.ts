import { RegistryKeyNotFoundError } from './errors.js';
import { formatValueLine } from './internal/reg-file-lines.js';
import { encodeUtf8 } from './internal/utf8.js';
import { encodeUtf16le } from './internal/utf16.js';
import type { Registry } from './registry.js';

const HEADER = 'Windows Registry Editor Version 5.00';
const CRLF = '\r\n';

/** How {@link exportRegFile} stores the text. */
export interface ExportRegFileOptions {
  /** `utf16le` (Registry Editor's own format, the default) or `utf8`. */
  readonly encoding?: 'utf16le' | 'utf8';
  /**
   * Whether to start with a byte-order mark: default `true` for UTF-16LE (`FF FE`, as Registry
   * Editor writes it) and `false` for UTF-8 (`EF BB BF` when `true`).
   */
  readonly bom?: boolean;
}

/**
 * The text Registry Editor's File › Export writes for a key and everything below it: the header
 * line, then for each key (the key first, subkeys depth-first in the registry's case-insensitive
 * order) a blank line, `[full path]` and its values in stored order; CRLF line endings and a final
 * blank line. Strings are `"…"` with `\\` and `\"` escapes (a `REG_SZ` holding NUL, CR, LF or an
 * unpaired surrogate is written as `hex(1):` so nothing is lost), DWORDs `dword:%08x`, QWORDs
 * `hex(b):`, binary `hex:`, other types `hex(N):`, long hex data wrapped as regedit wraps it.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * registry.setValue('HKCU\\Software\\Demo', 'Hours', dword(168));
 * formatRegFile(registry, 'HKCU\\Software\\Demo');
 * // => 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Demo]\r\n"Hours"=dword:000000a8\r\n\r\n'
 * ```
 * @throws {RegistryPathError} when `keyPath` names no key.
 * @throws {RegistryKeyNotFoundError} when the key does not exist.
 */
export function formatRegFile(registry: Registry, keyPath: string): string {
  const path = registry.displayPath(keyPath);
  if (path === undefined) {
    throw new RegistryKeyNotFoundError(`Cannot export ${keyPath}: the key does not exist`, {
      value: keyPath,
      allowed: 'the path of an existing key',
    });
  }
  const parts: string[] = [HEADER, CRLF];
  const writeKey = (key: string): void => {
    parts.push(CRLF, '[', key, ']', CRLF);
    for (const { name, value } of registry.listValues(key)) {
      parts.push(formatValueLine(name, value), CRLF);
    }
    for (const subkey of registry.listSubkeys(key)) writeKey(`${key}\\${subkey}`);
  };
  writeKey(path);
  parts.push(CRLF);
  return parts.join('');
}

/**
 * The bytes of a `.reg` export of a key and everything below it, as Registry Editor saves them
 * (UTF-16LE with the byte-order mark `FF FE`), or as UTF-8. The text is {@link formatRegFile}'s.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * registry.setValue('HKCU\\Software\\Demo', 'Hours', dword(168));
 * const bytes = exportRegFile(registry, 'HKCU\\Software\\Demo'); // writeFileSync('demo.reg', bytes)
 * [...bytes.subarray(0, 4)]; // => [0xff, 0xfe, 0x57, 0x00]
 * ```
 * @throws {RegistryPathError} when `keyPath` names no key.
 * @throws {RegistryKeyNotFoundError} when the key does not exist.
 */
export function exportRegFile(
  registry: Registry,
  keyPath: string,
  options: ExportRegFileOptions = {},
): Uint8Array {
  const text = formatRegFile(registry, keyPath);
  const encoding = options.encoding ?? 'utf16le';
  const bom = options.bom ?? encoding === 'utf16le';
  if (encoding === 'utf8') return encodeUtf8(bom ? `\ufeff${text}` : text);
  return encodeUtf16le(bom ? `\ufeff${text}` : text);
}
