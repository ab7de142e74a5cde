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
