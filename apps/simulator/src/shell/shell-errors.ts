import { MqsimError } from '@mqsim/filetime';

/**
 * A shell command line that cannot run as typed: an unknown command, a missing or unknown
 * argument, a value outside what the command allows. The message names the argument and what is
 * allowed (`allowed` holds the same in words).
 */
export class ShellUsageError extends MqsimError {
  static override readonly code = 'ERR_SHELL_USAGE';
}

/**
 * A shell command that ran and failed the way its Windows namesake fails: `net start msmq` on a
 * running service, `reg delete` of a value that is not there. The message is what Windows prints.
 */
export class ShellCommandError extends MqsimError {
  static override readonly code = 'ERR_SHELL_COMMAND';
}
