import { RegistryKeyNotFoundError } from './errors.js';
import { formatKeyPath, parseKeyPath } from './internal/key-path.js';
import {
  REG_DWORD,
  REG_DWORD_BIG_ENDIAN,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_SZ,
  typeName,
} from './internal/reg-types.js';
import { decodeUtf16le } from './internal/utf16.js';
import type { RegValue } from './reg-value.js';
import type { Registry } from './registry.js';

/** What {@link formatRegQuery} shows and how it ends lines. */
export interface RegQueryOptions {
  /** Like `reg query /s`: every key below, each with its values. Default `false`. */
  readonly recursive?: boolean;
  /** `\r\n` (what `reg.exe` writes, the default) or `\n`. */
  readonly lineEnding?: '\r\n' | '\n';
}

/**
 * The text `reg query <key>` (or `reg query <key> /s`) prints: a blank line; when the key has
 * values, its path, one line per value `    Name    REG_TYPE    data` and a blank line; then the
 * direct subkeys' full paths (with `recursive`, each subkey instead shows its path, its values and
 * a blank line, depth-first). `(Default)` names the default value; DWORD and QWORD data show as
 * lower-case `0x` hex without padding, binary as upper-case hex without separators, REG_MULTI_SZ
 * items joined by `\0`. The key's path shows as given (root spelled out), like `reg.exe`.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * registry.setValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters', 'DSSiteListRefresh', dword(168));
 * formatRegQuery(registry, 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters');
 * // => '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\r\n    DSSiteListRefresh    REG_DWORD    0xa8\r\n\r\n'
 * ```
 * @throws {RegistryPathError} when `keyPath` names no key.
 * @throws {RegistryKeyNotFoundError} when the key does not exist (`reg.exe` prints "ERROR: The
 * system was unable to find the specified registry key or value.").
 */
export function formatRegQuery(
  registry: Registry,
  keyPath: string,
  options: RegQueryOptions = {},
): string {
  const path = formatKeyPath(parseKeyPath(keyPath));
  if (!registry.hasKey(path)) {
    throw new RegistryKeyNotFoundError(
      `The system was unable to find the specified registry key: ${keyPath}`,
      { value: keyPath, allowed: 'the path of an existing key' },
    );
  }
  const eol = options.lineEnding ?? '\r\n';
  const recursive = options.recursive === true;
  const lines: string[] = [''];
  const queryKey = (key: string, recursing: boolean): void => {
    const values = registry.listValues(key);
    if (values.length > 0 || recursing) lines.push(key);
    for (const { name, value } of values) {
      const [type, data] = describeValue(value);
      lines.push(`    ${name === '' ? '(Default)' : name}    ${type}    ${data}`);
    }
    if (values.length > 0 || recursing) lines.push('');
    for (const subkey of registry.listSubkeys(key)) {
      if (recursive) queryKey(`${key}\\${subkey}`, true);
      else lines.push(`${key}\\${subkey}`);
    }
  };
  queryKey(path, false);
  return lines.map((line) => line + eol).join('');
}

/** The type name and data text `reg.exe` shows for a value. */
function describeValue(value: RegValue): [string, string] {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return [value.type, untilNul(value.data)];
    case 'REG_MULTI_SZ':
      return [value.type, value.data.join('\\0')];
    case 'REG_DWORD':
      return [value.type, `0x${value.data.toString(16)}`];
    case 'REG_QWORD':
      return [value.type, `0x${value.data.toString(16)}`];
    case 'REG_BINARY':
      return [value.type, toUpperHex(value.data)];
    case 'REG_RAW':
      return [typeName(value.kind), describeRaw(value.kind, value.data)];
  }
}

/**
 * Data of a raw value: text kinds as text, 4-byte DWORDs as numbers, anything else as hex.
 * `REG_DWORD_BIG_ENDIAN` is read little-endian like `REG_DWORD`: Windows' `reg.exe` does so
 * (Wine's conformance tests, run on real Windows, note it "behaves like an ordinary REG_DWORD").
 */
function describeRaw(kind: number, bytes: Uint8Array): string {
  if (kind === REG_SZ || kind === REG_EXPAND_SZ) return untilNul(decodeUtf16le(bytes));
  if (kind === REG_MULTI_SZ) {
    // reg.exe drops the last two units (the terminators) and shows each NUL before them as \0.
    if (bytes.length <= 4) return '';
    return decodeUtf16le(bytes, 0, bytes.length - 4).replace(/\0/g, '\\0');
  }
  if ((kind === REG_DWORD || kind === REG_DWORD_BIG_ENDIAN) && bytes.length === 4) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
    return `0x${view.getUint32(0, true).toString(16)}`;
  }
  return toUpperHex(bytes);
}

function untilNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

function toUpperHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('');
}
