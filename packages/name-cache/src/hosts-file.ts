import { normalizeDnsName } from './dns-name.js';
import { HostsFileParseError } from './errors.js';
import { canonicalIp } from './ip-address.js';

/** One line of a hosts file: an address and the names that map to it. */
export interface HostsEntry {
  /** Canonical address. */
  readonly address: string;
  /** Canonical names (lower case). */
  readonly names: readonly string[];
  /** 1-based line in the file it came from, when parsed. */
  readonly line?: number;
}

/**
 * Reads `%SystemRoot%\System32\drivers\etc\hosts`: one address, then names, per line; `#` starts
 * a comment; blank lines are skipped.
 *
 * @example
 * ```ts
 * parseHostsFile('# moved\n192.168.1.5  app01  app01.corp.example\n')[0];
 * // => { address: '192.168.1.5', names: ['app01', 'app01.corp.example'], line: 2 }
 * ```
 * @throws {HostsFileParseError} with `line` and `column` of the bad address or name.
 */
export function parseHostsFile(text: string, fileName = 'hosts'): HostsEntry[] {
  const entries: HostsEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.split('#', 1)[0] ?? '';
    const fields = [...content.matchAll(/\S+/g)];
    const [first, ...rest] = fields;
    if (first === undefined) return;
    const at = (match: RegExpMatchArray) => (match.index ?? 0) + 1;
    let address: string;
    try {
      address = canonicalIp(first[0]);
    } catch {
      throw new HostsFileParseError(
        `${fileName}:${line}:${at(first)}: ${JSON.stringify(first[0])} is not an IPv4 or IPv6 address`,
        { value: first[0], line, column: at(first), allowed: 'an address, then one or more names' },
      );
    }
    if (rest.length === 0) {
      throw new HostsFileParseError(
        `${fileName}:${line}:${at(first) + first[0].length}: an address needs at least one name`,
        {
          value: raw,
          line,
          column: at(first) + first[0].length,
          allowed: 'an address, then one or more names',
        },
      );
    }
    const names = rest.map((match) => {
      try {
        return normalizeDnsName(match[0]);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new HostsFileParseError(`${fileName}:${line}:${at(match)}: ${reason}`, {
          value: match[0],
          line,
          column: at(match),
          allowed: 'host names of letters, digits, "-" and "_"',
        });
      }
    });
    entries.push({ address, names, line });
  });
  return entries;
}
