/** Exit codes of the `mqsim` command, the same for every subcommand. */
export const EXIT_CODES = {
  /** Everything worked. */
  ok: 0,
  /** The run worked but an expectation failed, or an internal error happened. */
  failed: 1,
  /** Bad input: a value, flag, file or scenario that could not be used. */
  badInput: 2,
} as const;
