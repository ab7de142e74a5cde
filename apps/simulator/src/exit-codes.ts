/** Exit codes of the `mqsim` command, the same for every subcommand. */
export const EXIT_CODES = {
  /** Everything worked. */
  ok: 0,
  /** The run worked but an expectation failed, or an internal error happened. */
  failed: 1,
  /** Bad input: a value, flag, file or scenario that could not be used. */
  badInput: 2,
  /** `mqsim run` stopped by Ctrl-C (128 + SIGINT, the shell's convention); the report is partial. */
  interrupted: 130,
} as const;
