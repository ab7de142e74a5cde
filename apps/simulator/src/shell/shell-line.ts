import { ShellUsageError } from './shell-errors.js';

/**
 * Splits a command line into words the way `cmd.exe` does for the commands the shell knows:
 * spaces separate words, double quotes group a word that holds spaces (`"Message Queuing"`) and
 * are removed, and backslashes are plain characters (registry paths keep them).
 *
 * @example
 * ```ts
 * splitCommandLine('reg query "HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters" /v DSSiteListRefresh');
 * // => ['reg', 'query', 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters', '/v', 'DSSiteListRefresh']
 * ```
 * @throws {ShellUsageError} for a quote that is never closed.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && /\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quoted) {
    throw new ShellUsageError('the command line has a " that is never closed', {
      value: line,
      allowed: 'quotes in pairs, e.g. net stop "Message Queuing"',
    });
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * A word written so {@link splitCommandLine} reads it back: in double quotes when it is empty or
 * holds a space, as typed otherwise.
 *
 * @example
 * ```ts
 * toCommandWord('Message Queuing'); // => '"Message Queuing"'
 * ```
 */
export function toCommandWord(text: string): string {
  return text === '' || /\s/.test(text) ? `"${text}"` : text;
}

/**
 * The parts of a command line between unquoted `|` characters, trimmed: `netstat -ano|findstr
 * 1801` is `['netstat -ano', 'findstr 1801']`, as cmd.exe and PowerShell split a pipeline.
 *
 * @example
 * ```ts
 * splitPipeline('netstat -ano | findstr "1801 445"'); // => ['netstat -ano', 'findstr "1801 445"']
 * ```
 */
export function splitPipeline(line: string): string[] {
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (char === '|' && !quoted) {
      parts.push(part.trim());
      part = '';
    } else part += char;
  }
  parts.push(part.trim());
  return parts;
}
