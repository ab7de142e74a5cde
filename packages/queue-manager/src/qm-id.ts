import type { StoredValue } from '@mqsim/ds-refresh';
import { MqsimError } from '@mqsim/filetime';

/** A QMId that is not a GUID. */
export class QmIdError extends MqsimError {
  static override readonly code = 'ERR_QM_ID';
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * A QMId (`HKLM\SOFTWARE\Microsoft\MSMQ\Parameters\Machine Cache\QMId`, the GUID that identifies
 * an MSMQ installation) in the form the model compares: lower case, without braces.
 * @throws {QmIdError} when `text` is not a GUID.
 *
 * @example
 * ```ts
 * parseQmId('{4A1F0E0C-0000-4000-8000-00000000AB01}'); // => '4a1f0e0c-0000-4000-8000-00000000ab01'
 * ```
 */
export function parseQmId(text: string): string {
  const match = GUID.exec(text.trim());
  if (match === null) {
    throw new QmIdError(`${JSON.stringify(text)} is not a QMId`, {
      value: text,
      allowed: 'a GUID such as 4a1f0e0c-0000-4000-8000-00000000ab01 (braces optional)',
    });
  }
  return (match[1] as string).toLowerCase();
}

/**
 * The QMId a simulated installation gets when none is given: a version-4-shaped GUID derived
 * from the machine name and how many times its QMId was reset, so runs are reproducible and
 * distinct machines get distinct ids (real MSMQ draws a random GUID at install time).
 *
 * @example
 * ```ts
 * defaultQmId('APP01') === defaultQmId('app01'); // => true
 * defaultQmId('APP01') === defaultQmId('APP01', 1); // => false
 * ```
 */
export function defaultQmId(machine: string, generation = 0): string {
  const text = `${machine.toLowerCase()}#${generation}`;
  // Four FNV-1a passes with different offsets: 128 bits, cheap and stable.
  const words: number[] = [];
  for (let pass = 0; pass < 4; pass++) {
    let hash = (0x811c9dc5 ^ Math.imul(pass + 1, 0x9e3779b1)) >>> 0;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    words.push(hash);
  }
  const hex = words.map((word) => word.toString(16).padStart(8, '0')).join('');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Where MSMQ keeps its QMId: `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters\Machine Cache`. */
export const MACHINE_CACHE_KEY =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\Machine Cache';

/**
 * The `Machine Cache` key as the queue manager uses it: it reads `QMId` (REG_BINARY, 16 bytes)
 * at every start and writes it when it has none or was given a new one.
 */
export interface MachineCacheStore {
  get(name: string): StoredValue | undefined;
  set(name: string, value: { readonly type: 'REG_BINARY'; readonly data: Uint8Array }): void;
}

/**
 * A QMId as the 16 bytes of its REG_BINARY value: a GUID in Windows' memory layout (the first
 * three fields little-endian, the last eight bytes as written), as `reg query` shows it.
 *
 * @example
 * ```ts
 * [...qmIdToBytes('6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b').slice(0, 8)]; // => [0x7e, 0x2a, 0x1c, 0x6f, 0x4d, 0x3b, 0x5f, 0x4e]
 * ```
 * @throws {QmIdError} when `qmId` is not a GUID.
 */
export function qmIdToBytes(qmId: string): Uint8Array {
  const hex = parseQmId(qmId).replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let index = 0; index < 16; index++)
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  // Data1 (4 bytes), Data2 and Data3 (2 bytes each) are little-endian in memory.
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  return bytes;
}

/**
 * The QMId a `QMId` REG_BINARY value holds, or `undefined` when it is not 16 bytes.
 *
 * @example
 * ```ts
 * qmIdFromBytes(qmIdToBytes('6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b')); // => '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b'
 * qmIdFromBytes(new Uint8Array(4)); // => undefined
 * ```
 */
export function qmIdFromBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 16) return undefined;
  const ordered = Uint8Array.from(bytes);
  ordered.subarray(0, 4).reverse();
  ordered.subarray(4, 6).reverse();
  ordered.subarray(6, 8).reverse();
  const hex = [...ordered].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
