import type { Simulation, World, WorldHost } from '@mqsim/engine';
import type { SavedAction, SessionChange } from './save-session.js';

/** One way to call a command, for `help`: `net stop msmq` — stop the MSMQ service. */
export interface ShellCommandForm {
  readonly usage: string;
  readonly summary: string;
}

/** A shell command: its Windows-like name, its help, how it runs and how its arguments complete. */
export interface ShellCommand {
  /** As Windows spells it (`Get-MsmqOutgoingQueue`); typed in any case. */
  readonly name: string;
  /** Other names, e.g. `quit` for `exit`. */
  readonly aliases?: readonly string[];
  /** One line of `help` each. */
  readonly forms: readonly ShellCommandForm[];
  /** Shown by `help <command>`. */
  readonly examples?: readonly string[];
  /**
   * Runs the command with its arguments (the words after the name) and returns what it prints.
   * Throws a `ShellUsageError` for arguments it cannot use, a `ShellCommandError` when it fails
   * the way Windows would (any other mqsim error is shown by its message too).
   */
  run(args: readonly string[], context: ShellContext): string;
  /** Candidates for the next argument after `args` (before filtering by what is typed). */
  complete?(args: readonly string[], context: ShellContext): readonly string[];
}

/** What a command can see and change: the simulation, the current machine, the session. */
export interface ShellContext {
  readonly simulation: Simulation;
  readonly world: World;
  /** The machine commands run on (`host NAME` changes it). */
  readonly host: WorldHost;
  /**
   * Makes `name` (any case) the current machine.
   * @throws {ShellUsageError} naming the hosts when there is no such machine.
   */
  selectHost(name: string): WorldHost;
  /**
   * Puts a change made from the shell on the run's timeline and trace, on the current host;
   * `action` is the scenario timeline action that makes the same change (for `save`), when one
   * does.
   */
  record(text: string, action?: SavedAction): void;
  /** The changes recorded so far, in order. */
  readonly changes: readonly SessionChange[];
  /** Every command line entered so far, this one included. */
  readonly history: readonly string[];
  /** The commands the shell knows, in `help` order. */
  readonly commands: readonly ShellCommand[];
  /** Whether output may use ANSI colours. */
  readonly color: boolean;
  /** Ends the session after this command. */
  exit(): void;
  /** Clears the terminal after this command (`cls`); nothing in a transcript. */
  clearScreen(): void;
}
