import { readFileSync, statSync } from 'node:fs';
import {
  DS_REFRESH_DEFAULTS,
  describeRefreshStatus,
  MSMQ_PARAMETERS_KEY,
  type MsmqRole,
  type RefreshStatus,
} from '@mqsim/ds-refresh';
import { msmqParametersStore } from '@mqsim/engine';
import {
  type FileTime,
  formatDuration,
  fromIso,
  MqsimError,
  TICKS_PER_SECOND,
  toIso,
} from '@mqsim/filetime';
import { importRegFile, Registry } from '@mqsim/registry';
import { CliInputError } from '../cli-input.js';

const ROLES: readonly MsmqRole[] = ['client', 'server', 'routing-server'];

/** The largest .reg file `status` reads (a real MSMQ\\Parameters export is a few KB). */
const MAX_REG_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Decodes the refresh values of a `.reg` export of the MSMQ Parameters key as of `now`.
 * @throws {CliInputError} for an unreadable file, a malformed `.reg` (with file:line:column), a
 * missing Parameters key, a bad `--role` or `--now`.
 */
export function statusFromRegFile(
  file: string,
  role: string,
  now: FileTime | string,
): RefreshStatus {
  if (!ROLES.includes(role as MsmqRole)) {
    throw new CliInputError(`--role ${JSON.stringify(role)} is not an MSMQ role`, {
      value: role,
      allowed: ROLES.join(', '),
    });
  }
  const at = typeof now === 'string' ? parseNow(now) : now;
  let bytes: Uint8Array;
  try {
    // Only regular files of a sane size: /dev/zero would otherwise be read until memory runs out.
    const stats = statSync(file);
    if (!stats.isFile() || stats.size > MAX_REG_FILE_BYTES) {
      throw new CliInputError(
        `cannot read ${file}: ${stats.isFile() ? `${stats.size} bytes is more than a .reg export of MSMQ\\Parameters needs` : 'not a regular file'}`,
        { value: file, allowed: `a regular .reg file of at most ${MAX_REG_FILE_BYTES} bytes` },
      );
    }
    bytes = readFileSync(file);
  } catch (error) {
    if (CliInputError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliInputError(`cannot read ${file}: ${code}`, {
      value: file,
      allowed:
        'a readable .reg file, e.g. from: reg export "HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters" msmq.reg',
      cause: error,
    });
  }
  const registry = new Registry();
  try {
    importRegFile(registry, bytes);
  } catch (error) {
    if (!MqsimError.isInstance(error)) throw error;
    if (error.line === undefined) {
      throw new CliInputError(`${file}: ${error.message}`, { value: file, cause: error });
    }
    // The parser's message starts with its own "Line N, column M: "; say it once, compiler-style.
    const reason = error.message.replace(/^Line \d+, column \d+: /, '');
    throw new CliInputError(`${file}:${error.line}:${error.column ?? 1}: ${reason}`, {
      value: file,
      line: error.line,
      ...(error.column === undefined ? {} : { column: error.column }),
      cause: error,
    });
  }
  if (!registry.hasKey(MSMQ_PARAMETERS_KEY)) {
    throw new CliInputError(`${file} has no [${MSMQ_PARAMETERS_KEY}] key`, {
      value: file,
      allowed:
        'an export of that key: reg export "HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters" msmq.reg',
    });
  }
  return describeRefreshStatus(msmqParametersStore(registry), role as MsmqRole, at);
}

/** The status as terminal text. */
export function formatStatus(status: RefreshStatus, source: string): string {
  const { settings } = status;
  const setting = (name: string, value: number, fallback: number, unit: string) =>
    `${name} ${value} ${unit}${value === fallback ? ' (default)' : ''}`;
  const lines = [
    `${source}: MSMQ directory-service refresh as of ${toIso(status.now)} (role ${status.role})`,
    '',
  ];
  for (const list of status.lists) {
    const dueIn = list.dueInTicks ?? 0n;
    const when =
      list.nextTime === undefined
        ? ''
        : `  ${toIso(list.nextTime)}  ${dueIn > 0n ? `in ${wholeSeconds(dueIn)}` : `${wholeSeconds(-dueIn)} ago`}`;
    lines.push(
      `${`${list.list} list`.padEnd(16)} ${list.state}${when}`,
      `  ${list.explanation}`,
      '',
    );
  }
  lines.push(
    `settings: ${[
      setting(
        'DSSiteListRefresh',
        settings.siteListRefreshHours,
        DS_REFRESH_DEFAULTS.siteListRefreshHours,
        'h',
      ),
      setting(
        'DSEnterpriseListRefresh',
        settings.enterpriseListRefreshHours,
        DS_REFRESH_DEFAULTS.enterpriseListRefreshHours,
        'h',
      ),
      setting(
        'DSListRefreshErrorRetryInterval',
        settings.errorRetryMinutes,
        DS_REFRESH_DEFAULTS.errorRetryMinutes,
        'min',
      ),
    ].join(', ')}`,
  );
  for (const finding of status.findings) lines.push(`${finding.severity}: ${finding.message}`);
  return `${lines.join('\n')}\n`;
}

/** The status as plain JSON data. */
export function statusToJson(status: RefreshStatus): unknown {
  return {
    now: toIso(status.now),
    role: status.role,
    settings: status.settings,
    lists: status.lists.map((list) => ({
      list: list.list,
      valueName: list.valueName,
      state: list.state,
      intervalHours: list.intervalHours,
      nextTime: list.nextTime === undefined ? null : toIso(list.nextTime),
      nextTimeTicks: list.nextTime === undefined ? null : list.nextTime.ticks.toString(),
      dueIn: list.dueInTicks === undefined ? null : formatDuration(list.dueInTicks),
      explanation: list.explanation,
    })),
    findings: status.findings,
  };
}

function parseNow(text: string): FileTime {
  try {
    return fromIso(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliInputError(`--now: ${reason}`, { value: text, cause: error });
  }
}

function wholeSeconds(ticks: bigint): string {
  return formatDuration(ticks - (ticks % TICKS_PER_SECOND));
}
