import type { TcpState } from './session.js';

/** One line of `netstat -anb` for a host. */
export interface NetstatRow {
  readonly proto: 'TCP';
  /** `address:port`; `0.0.0.0:1801` or `[::]:1801` for a listener bound to all addresses. */
  readonly local: string;
  /** `address:port`; `0.0.0.0:0` or `[::]:0` for a listener. */
  readonly foreign: string;
  readonly state: TcpState | 'LISTENING';
  /** Owning executable; `undefined` where Windows cannot tell (TIME_WAIT belongs to no process). */
  readonly process: string | undefined;
}

/**
 * Writes rows the way `netstat -anb` prints them on Windows: a header, then each connection with
 * its owning executable on the next line in brackets.
 *
 * @example
 * ```ts
 * const text = formatNetstat([
 *   { proto: 'TCP', local: '203.0.113.10:1801', foreign: '0.0.0.0:0', state: 'LISTENING', process: 'mqsvc.exe' },
 * ]);
 * text; // => '\nActive Connections\n\n  Proto  Local Address          Foreign Address        State\n  TCP    203.0.113.10:1801      0.0.0.0:0              LISTENING\n [mqsvc.exe]'
 * ```
 */
export function formatNetstat(rows: readonly NetstatRow[]): string {
  const lines = [
    '',
    'Active Connections',
    '',
    '  Proto  Local Address          Foreign Address        State',
  ];
  for (const row of rows) {
    lines.push(`  ${row.proto.padEnd(7)}${column(row.local)}${column(row.foreign)}${row.state}`);
    lines.push(
      row.process === undefined ? ' Can not obtain ownership information' : ` [${row.process}]`,
    );
  }
  return lines.join('\n');
}

// 23 characters wide, like netstat, with at least one space after a longer IPv6 endpoint.
function column(text: string): string {
  return `${text.padEnd(22)} `;
}
