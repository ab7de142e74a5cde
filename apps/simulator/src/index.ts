/**
 * mqsim — the command-line simulator. The library entry lets programs and tests run the CLI
 * in-process and reuse its reports.
 *
 * @packageDocumentation
 */

export type { FileTimeReport } from './commands/filetime.js';
export { describeFileTime, formatFileTimeReport } from './commands/filetime.js';
export { EXIT_CODES } from './exit-codes.js';
export type { CliIo } from './io.js';
export { runCli } from './program.js';
