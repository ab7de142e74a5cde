import { readFileSync, readSync, statSync } from 'node:fs';
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
  toCommandOutputText,
  toIso,
} from '@mqsim/filetime';
import { applyRegQuery, importRegFile, Registry, readRegQuery } from '@mqsim/registry';
import { CliInputError } from '../cli-input.js';
import { hangingIndent, REPORT_WIDTH } from '../reports/text-wrap.js';

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
  const bytes = readInput(file);
  const registry = new Registry();
  // What the shell's (and Windows') `reg query … /s` prints is read as well as a .reg export.
  if (isRegQueryText(bytes)) {
    const reading = readRegQuery(bytes);
    const problem = reading.problems[0];
    if (problem !== undefined) {
      throw new CliInputError(
        `${inputName(file)}:${problem.line}:${problem.column}: ${problem.message}`,
        {
          value: file,
          line: problem.line,
          column: problem.column,
        },
      );
    }
    applyRegQuery(registry, reading.value);
  } else {
    try {
      importRegFile(registry, bytes);
    } catch (error) {
      if (!MqsimError.isInstance(error)) throw error;
      if (error.line === undefined) {
        throw new CliInputError(`${inputName(file)}: ${error.message}`, {
          value: file,
          cause: error,
        });
      }
      // The parser's message starts with its own "Line N, column M: "; say it once, compiler-style.
      const reason = error.message.replace(/^Line \d+, column \d+: /, '');
      throw new CliInputError(`${inputName(file)}:${error.line}:${error.column ?? 1}: ${reason}`, {
        value: file,
        line: error.line,
        ...(error.column === undefined ? {} : { column: error.column }),
        cause: error,
      });
    }
  }
  if (!registry.hasKey(MSMQ_PARAMETERS_KEY)) {
    throw new CliInputError(`${inputName(file)} has no [${MSMQ_PARAMETERS_KEY}] key`, {
      value: file,
      allowed:
        'an export of that key: reg export "HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters" msmq.reg',
    });
  }
  return describeRefreshStatus(msmqParametersStore(registry), role as MsmqRole, at);
}

/**
 * The bytes of `file`, or of stdin for `-`: only regular files (and stdin) of a sane size, since
 * /dev/zero would otherwise be read until memory runs out.
 * @throws {CliInputError} naming the file and why.
 */
function readInput(file: string): Uint8Array {
  try {
    if (file === '-') return readAtMost(0, file);
    const stats = statSync(file);
    if (!stats.isFile() || stats.size > MAX_REG_FILE_BYTES) {
      throw new CliInputError(
        `cannot read ${inputName(file)}: ${stats.isFile() ? `${stats.size} bytes is more than a .reg export of MSMQ\\Parameters needs` : 'not a regular file'}`,
        { value: file, allowed: `a regular .reg file of at most ${MAX_REG_FILE_BYTES} bytes` },
      );
    }
    return readFileSync(file);
  } catch (error) {
    if (CliInputError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliInputError(`cannot read ${inputName(file)}: ${code}`, {
      value: file,
      allowed:
        'a readable .reg file, e.g. from: reg export "HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters" msmq.reg',
      cause: error,
    });
  }
}

/** Up to {@link MAX_REG_FILE_BYTES} from a descriptor, refusing more. */
function readAtMost(descriptor: number, file: string): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(65_536);
  for (;;) {
    let read: number;
    try {
      read = readSync(descriptor, chunk, 0, chunk.length, null);
    } catch (error) {
      // A non-blocking stdin with nothing yet: wait for it, as a pipe's writer may be slow.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw error;
    }
    if (read === 0) break;
    total += read;
    if (total > MAX_REG_FILE_BYTES) {
      throw new CliInputError(
        `cannot read ${inputName(file)}: more than ${MAX_REG_FILE_BYTES} bytes is more than a .reg export of MSMQ\\Parameters needs`,
        { value: file, allowed: `at most ${MAX_REG_FILE_BYTES} bytes` },
      );
    }
    chunks.push(Buffer.from(chunk.subarray(0, read)));
  }
  return Buffer.concat(chunks);
}

/** Whether the text is `reg query` output (its first line a key path), not a .reg export. */
function isRegQueryText(bytes: Uint8Array): boolean {
  const text = toCommandOutputText(bytes).replace(/^\uFEFF/, '');
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return /^HKEY_[A-Z_]+(\\|$)/.test(first.trim()) || /^ERROR: /.test(first);
}

/** How messages name the input: `stdin` for `-`. */
export function inputName(file: string): string {
  return file === '-' ? 'stdin' : file;
}

/** The status as terminal text. */
export function formatStatus(status: RefreshStatus, source: string): string {
  const { settings } = status;
  const setting = (name: string, value: number, fallback: number, unit: string) =>
    `${name} ${value} ${unit}${value === fallback ? ' (default)' : ''}`;
  const lines = [
    ...hangingIndent(
      '',
      '  ',
      `${source}: MSMQ directory-service refresh as of ${toIso(status.now)} (role ${status.role})`,
      REPORT_WIDTH,
    ),
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
      ...hangingIndent('  ', '  ', list.explanation, REPORT_WIDTH),
      '',
    );
  }
  lines.push(
    ...hangingIndent(
      '',
      '  ',
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
      REPORT_WIDTH,
    ),
  );
  for (const finding of status.findings)
    lines.push(...hangingIndent('', '  ', `${finding.severity}: ${finding.message}`, REPORT_WIDTH));
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
