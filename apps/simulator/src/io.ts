import type { FileTime } from '@mqsim/filetime';

/**
 * Everything the CLI touches outside itself, so tests can run it in-process: where output goes,
 * and the wall clock (only `now`-style inputs read it; simulations never do).
 */
export interface CliIo {
  /** Writes to standard output (text includes its own newlines). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** The current time, for inputs such as `mqsim filetime now`. */
  readonly now: () => FileTime;
  /** Whether stdout is a terminal that wants colour (a TTY without `NO_COLOR`). Default false. */
  readonly color?: boolean;
  /** Progress lines for long runs (stderr on a TTY); absent: no progress. */
  readonly progress?: (text: string) => void;
  /**
   * Subscribes to the user's request to stop a run (Ctrl-C) while `mqsim run` runs; returns the
   * unsubscribe. Absent: this process's SIGINT, listened to only during the run.
   */
  readonly interrupts?: (onInterrupt: () => void) => () => void;
}
