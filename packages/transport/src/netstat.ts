import type { NetstatState } from './read-netstat.js';
import type { TcpState } from './session.js';

/** One line of `netstat -anb` for a host. */
export interface NetstatRow {
  readonly proto: 'TCP' | 'UDP';
  /** `address:port`; `0.0.0.0:1801` or `[::]:1801` for a listener bound to all addresses. */
  readonly local: string;
  /** `address:port`; `0.0.0.0:0` or `[::]:0` for a listener, `*:*` for a UDP socket with no peer. */
  readonly foreign: string;
  /** The TCP state; `undefined` for UDP, which has none. */
  readonly state: TcpState | 'LISTENING' | Exclude<NetstatState, TcpState> | undefined;
  /**
   * Owning executable; `undefined` where Windows cannot tell. A TIME_WAIT row belongs to no
   * process and gets no owner line; any other row without one gets `Can not obtain ownership
   * information` (PID 4, System).
   */
  readonly process: string | undefined;
  /** The service `-b` prints on its own line above `[svchost.exe]` (`RpcSs`, `Dnscache`). */
  readonly service?: string;
  /** The owning process id, for `-o` (0 for TIME_WAIT, 4 for System). */
  readonly pid?: number;
}

/** Options of {@link formatNetstat}: which of netstat's owner columns it prints. */
export interface FormatNetstatOptions {
  /**
   * `programs` (default): `netstat -anb`, the service and `[program.exe]` under each row;
   * `pids`: `netstat -ano`, a PID column (the row's `pid`, else 0); `none`: `netstat -an`.
   */
  readonly owners?: 'programs' | 'pids' | 'none';
}

/**
 * Writes rows the way `netstat -anb` (or, by `options.owners`, `-ano` / `-an`) prints them on Windows: a blank line, the banner, a blank
 * line, the header, then each connection with its service (if any) and its owning executable in
 * brackets on the next lines; a TIME_WAIT row has no owner line. Lines end in `\n` and the last
 * one has none (the shell's convention; Windows writes CRLF and ends the last line).
 *
 * @example
 * ```ts
 * const text = formatNetstat([
 *   { proto: 'TCP', local: '203.0.113.10:1801', foreign: '0.0.0.0:0', state: 'LISTENING', process: 'mqsvc.exe' },
 * ]);
 * text; // => '\nActive Connections\n\n  Proto  Local Address          Foreign Address        State\n  TCP    203.0.113.10:1801      0.0.0.0:0              LISTENING\n [mqsvc.exe]'
 * formatNetstat([{ proto: 'TCP', local: '0.0.0.0:1801', foreign: '0.0.0.0:0', state: 'LISTENING', process: 'mqsvc.exe', pid: 2112 }], { owners: 'pids' }).split('\n')[4];
 * // => '  TCP    0.0.0.0:1801           0.0.0.0:0              LISTENING       2112'
 * ```
 */
export function formatNetstat(
  rows: readonly NetstatRow[],
  options: FormatNetstatOptions = {},
): string {
  const owners = options.owners ?? 'programs';
  // `-o` pads the state to 16 before the PID, as in `LISTENING       4448`.
  const header = '  Proto  Local Address          Foreign Address        State';
  const lines = [
    '',
    'Active Connections',
    '',
    owners === 'pids' ? `${header}           PID` : header,
  ];
  for (const row of rows) {
    const state = row.state ?? '';
    if (owners === 'pids') {
      lines.push(
        `  ${row.proto.padEnd(7)}${column(row.local)}${column(row.foreign)}${state.padEnd(16)}${row.pid ?? 0}`,
      );
      continue;
    }
    lines.push(`  ${row.proto.padEnd(7)}${column(row.local)}${column(row.foreign)}${state}`);
    if (owners === 'none') continue;
    if (row.service !== undefined) lines.push(`  ${row.service}`);
    if (row.process !== undefined) lines.push(` [${row.process}]`);
    else if (row.state !== 'TIME_WAIT') lines.push(' Can not obtain ownership information');
  }
  return lines.join('\n');
}

// netstat's `%-21s` and two spaces: 23 characters wide, and two spaces after a longer endpoint
// (`[fe80::1c1:6b45:9b7e:293a%9]:1900  *:*` in a real capture). A UDP row's empty state column
// leaves the foreign address padded, as netstat prints it.
function column(text: string): string {
  return `${text.padEnd(21)}  `;
}
