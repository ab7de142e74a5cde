import type { RegValue } from '../reg-value.js';
import { encodeRegData } from './reg-data-codec.js';
import { REG_BINARY } from './reg-types.js';
import { hasLoneSurrogate } from './utf16.js';

/** Registry Editor starts a continuation line once a hex line reaches this many characters. */
const HEX_LINE_LIMIT = 77;
const CONTINUATION = '\\\r\n  ';

/** `"text"` with Registry Editor's two escapes: `\` → `\\`, `"` → `\"`. */
function quoteRegString(text: string): string {
  return `"${text.replace(/[\\"]/g, (unit) => `\\${unit}`)}"`;
}

/** Whether a `REG_SZ` cannot be written as `"…"` and is written as `hex(1):` instead. */
function needsHexString(text: string): boolean {
  return /[\0\r\n]/.test(text) || hasLoneSurrogate(text);
}

/**
 * One value as Registry Editor exports it, without the final CRLF: `"name"=` (or `@=`), then
 * `"string"`, `dword:%08x` or `hex…:` bytes wrapped as regedit wraps them.
 */
export function formatValueLine(name: string, value: RegValue): string {
  const prefix = name === '' ? '@=' : `${quoteRegString(name)}=`;
  if (value.type === 'REG_SZ' && !needsHexString(value.data)) {
    return prefix + quoteRegString(value.data);
  }
  if (value.type === 'REG_DWORD') {
    return `${prefix}dword:${value.data.toString(16).padStart(8, '0')}`;
  }
  const { kind, bytes } = encodeRegData(value);
  const form = kind === REG_BINARY ? 'hex:' : `hex(${kind.toString(16)}):`;
  return prefix + form + formatHexBytes(prefix.length + form.length, bytes);
}

/**
 * Bytes as `xx,xx,…` the way Registry Editor wraps them (the same rule as Wine's regedit): after
 * each byte but the last comes a comma, and once the line (counting 3 characters per byte from
 * `startColumn`) reaches 77 characters, `\`, CRLF and a two-space indent start the next line.
 */
function formatHexBytes(startColumn: number, bytes: Uint8Array): string {
  let lineLength = startColumn;
  let text = '';
  const last = bytes.length - 1;
  for (let index = 0; index <= last; index++) {
    text += (bytes[index] as number).toString(16).padStart(2, '0');
    if (index === last) break;
    text += ',';
    lineLength += 3;
    if (lineLength >= HEX_LINE_LIMIT) {
      text += CONTINUATION;
      lineLength = 2;
    }
  }
  return text;
}
