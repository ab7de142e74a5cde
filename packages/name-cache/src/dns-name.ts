import { DnsNameError } from './errors.js';

/** The longest name, without the trailing dot (RFC 1035: 255 octets on the wire). */
export const MAX_DNS_NAME_LENGTH = 253;
/** The longest label (RFC 1035). */
export const MAX_DNS_LABEL_LENGTH = 63;

const ALLOWED = /^[A-Za-z0-9_-]$/;

/**
 * The canonical form of a DNS name: lower case, no trailing dot. Accepts what Windows DNS
 * accepts in host names: ASCII letters, digits, `-` (not at either end of a label) and `_`.
 * Names are compared case-insensitively everywhere in this package, so every name goes through
 * here once, on the way in.
 *
 * @example
 * ```ts
 * normalizeDnsName('APP01.Corp.Example.'); // 'app01.corp.example'
 * ```
 * @throws {DnsNameError} naming the name, the bad label or character and its column.
 */
export function normalizeDnsName(name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name === '.') {
    throw new DnsNameError(`DNS name ${JSON.stringify(name)} is empty`, {
      value: name,
      allowed: 'one or more dot-separated labels of letters, digits, "-" and "_"',
    });
  }
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length > MAX_DNS_NAME_LENGTH) {
    throw new DnsNameError(
      `DNS name ${JSON.stringify(abbreviate(name))} is ${bare.length} characters long; the limit is ${MAX_DNS_NAME_LENGTH}`,
      { value: name, allowed: `at most ${MAX_DNS_NAME_LENGTH} characters` },
    );
  }
  let labelStart = 0;
  for (let index = 0; index <= bare.length; index++) {
    const char = bare[index];
    if (index === bare.length || char === '.') {
      checkLabel(name, bare.slice(labelStart, index), labelStart);
      labelStart = index + 1;
    } else if (!ALLOWED.test(char ?? '')) {
      throw new DnsNameError(
        `DNS name ${JSON.stringify(abbreviate(name))} has ${JSON.stringify(char)} at column ${index + 1}; labels hold letters, digits, "-" and "_"`,
        {
          value: name,
          column: index + 1,
          allowed: 'ASCII letters, digits, "-" and "_" (use punycode for other scripts)',
        },
      );
    }
  }
  return bare.toLowerCase();
}

function checkLabel(name: string, label: string, start: number): void {
  const column = start + 1;
  if (label.length === 0) {
    throw new DnsNameError(
      `DNS name ${JSON.stringify(abbreviate(name))} has an empty label at column ${column}`,
      {
        value: name,
        column,
        allowed: 'labels of 1 to 63 characters between single dots',
      },
    );
  }
  if (label.length > MAX_DNS_LABEL_LENGTH) {
    throw new DnsNameError(
      `DNS name ${JSON.stringify(abbreviate(name))} has a label of ${label.length} characters at column ${column}; the limit is ${MAX_DNS_LABEL_LENGTH}`,
      { value: name, column, allowed: `labels of at most ${MAX_DNS_LABEL_LENGTH} characters` },
    );
  }
  if (label.startsWith('-') || label.endsWith('-')) {
    throw new DnsNameError(
      `DNS name ${JSON.stringify(abbreviate(name))} has label ${JSON.stringify(label)} starting or ending with "-" at column ${column}`,
      { value: name, column, allowed: 'labels that start and end with a letter, digit or "_"' },
    );
  }
}

function abbreviate(name: string): string {
  return name.length > 80 ? `${name.slice(0, 77)}...` : name;
}

/**
 * Whether `name` is a single label (`APP01`), which the Windows resolver completes with its DNS
 * suffix search list before asking DNS.
 *
 * @example
 * ```ts
 * isSingleLabel('app01'); // true
 * isSingleLabel('app01.corp.example'); // false
 * ```
 */
export function isSingleLabel(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return !bare.includes('.');
}
