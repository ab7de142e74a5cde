import {
  type FileTime,
  type FileTimeForm,
  FileTimeRangeError,
  parseFileTime,
  toBytes,
  toDecimal,
  toDotNetTicks,
  toDwords,
  toHex,
  toIso,
  toRegBinary,
  toRegQword,
  toUnixMilliseconds,
  toUnixNanoseconds,
  toUnixSeconds,
} from '@mqsim/filetime';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** Every encoding of one FILETIME, as `mqsim filetime --json` prints it. */
export interface FileTimeReport {
  readonly input: string;
  readonly form: FileTimeForm;
  /** Decimal tick count as a string (it exceeds 2^53). */
  readonly ticks: string;
  readonly hex: string;
  readonly iso: string;
  /** Floored to whole seconds. */
  readonly unixSeconds: number;
  /** Floored to whole milliseconds. */
  readonly unixMs: number;
  /** Exact, as a decimal string. */
  readonly unixNs: string;
  readonly high: number;
  readonly low: number;
  /** The 8 little-endian bytes as two-digit hex. */
  readonly bytes: readonly string[];
  readonly regQword: string;
  readonly regBinary: string;
  /** .NET `DateTime` UTC ticks, or `null` past `DateTime.MaxValue`. */
  readonly dotnetTicks: string | null;
}

const FORM_NAMES: Record<FileTimeForm, string> = {
  now: 'the current time',
  decimal: 'decimal ticks',
  hex: 'hex ticks',
  iso: 'ISO-8601 date-time',
  'reg-qword': '.reg REG_QWORD',
  'reg-binary': '.reg REG_BINARY',
  dwords: 'DWORD pair high:low',
};

/**
 * Decodes a FILETIME given in any known form into all of its encodings.
 * @throws {FileTimeParseError} or {FileTimeRangeError} for input that is not a FILETIME.
 */
export function describeFileTime(input: string, now: () => FileTime): FileTimeReport {
  const { time, form } = parseFileTime(input, now);
  const { high, low } = toDwords(time);
  return {
    input,
    form,
    ticks: toDecimal(time),
    hex: toHex(time),
    iso: toIso(time),
    unixSeconds: toUnixSeconds(time),
    unixMs: toUnixMilliseconds(time),
    unixNs: toUnixNanoseconds(time).toString(),
    high,
    low,
    bytes: Array.from(toBytes(time), (byte) => byte.toString(16).padStart(2, '0')),
    regQword: toRegQword(time),
    regBinary: toRegBinary(time),
    dotnetTicks: dotnetTicksOrNull(time),
  };
}

/** The report as the aligned two-column table the terminal shows. */
export function formatFileTimeReport(report: FileTimeReport): string {
  const rows: [string, string][] = [
    ['read as', `${FORM_NAMES[report.form]}: ${report.input}`],
    ['ISO-8601 UTC', report.iso],
    ['ticks', report.ticks],
    ['hex', report.hex],
    ['high:low', `${report.high}:${report.low}  (0x${hex32(report.high)}:0x${hex32(report.low)})`],
    ['Unix seconds', `${report.unixSeconds}  (floored)`],
    ['Unix ms', `${report.unixMs}  (floored)`],
    ['Unix ns', report.unixNs],
    ['bytes (LE)', report.bytes.join(' ')],
    ['.reg REG_QWORD', report.regQword],
    ['.reg REG_BINARY', report.regBinary],
    ['.NET ticks', report.dotnetTicks ?? 'n/a (after DateTime.MaxValue, 9999-12-31)'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

function hex32(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}

function dotnetTicksOrNull(time: FileTime): string | null {
  try {
    return toDotNetTicks(time).toString();
  } catch (error) {
    if (FileTimeRangeError.isInstance(error)) return null;
    throw error;
  }
}

/** Adds `mqsim filetime <value> [--json]` to `program`. */
export function registerFileTimeCommand(program: Command, io: CliIo): void {
  program
    .command('filetime')
    .description('decode a FILETIME given in any form and print every encoding')
    .argument(
      '<value>',
      'decimal ticks, 0x-hex, ISO-8601 UTC, hex(b):… or hex:… from a .reg file, high:low DWORDs, or now',
    )
    .option('--json', 'print one JSON object instead of a table')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  mqsim filetime 133444736000000000\n' +
        "  mqsim filetime 'hex(b):00,80,3e,d5,de,b1,9d,01'\n" +
        '  mqsim filetime 2026-11-23T09:30:00Z --json\n',
    )
    .action((value: string, options: { json?: boolean }) => {
      const report = describeFileTime(value, io.now);
      io.stdout(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : formatFileTimeReport(report),
      );
    });
}
