import { quoteWord } from './shell-arguments.js';
import { ShellUsageError } from './shell-errors.js';
import { splitCommandLine } from './shell-line.js';

/** A filter at the end of a pipeline, applied to the text the command printed. */
export interface TextFilter {
  readonly name: string;
  apply(text: string): string;
}

const FINDSTR_USAGE = 'findstr [/i] [/v] [/c:"TEXT"] WORDS';
const SELECT_USAGE = 'Select-String [-Pattern] REGEX [-SimpleMatch] [-NotMatch]';

/**
 * The text filter a pipeline part names (`findstr 1801`, `Select-String Waiting`, `sls`), or
 * `undefined` when the part is a command of its own (`Format-List`, `Suspend-MsmqOutgoingQueue`).
 * `findstr` matches any of its words, case-sensitively unless `/i`, as cmd.exe's does; a
 * `Select-String` pattern is a regular expression, case-insensitive, as PowerShell's is.
 *
 * @throws {ShellUsageError} for options the filter does not have, or a pattern that is not valid.
 */
export function textFilterOf(part: string): TextFilter | undefined {
  const [name = '', ...args] = splitCommandLine(part);
  const lower = name.toLowerCase();
  if (lower === 'findstr') return findstr(args);
  if (lower === 'select-string' || lower === 'sls') return selectString(args);
  return undefined;
}

function findstr(args: readonly string[]): TextFilter {
  let ignoreCase = false;
  let invert = false;
  const needles: string[] = [];
  for (const arg of args) {
    const lower = arg.toLowerCase();
    if (lower === '/i') ignoreCase = true;
    else if (lower === '/v') invert = true;
    else if (lower.startsWith('/c:')) needles.push(arg.slice(3));
    else if (arg.startsWith('/'))
      throw new ShellUsageError(
        `findstr: option ${quoteWord(arg)} is not supported; usage: ${FINDSTR_USAGE}`,
        {
          value: arg,
          allowed: FINDSTR_USAGE,
        },
      );
    else needles.push(...arg.split(/\s+/).filter((word) => word !== ''));
  }
  if (needles.length === 0)
    throw new ShellUsageError(`FINDSTR: Bad command line; usage: ${FINDSTR_USAGE}`, {
      allowed: FINDSTR_USAGE,
    });
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const wanted = needles.map(fold);
  return {
    name: 'findstr',
    apply: (text) =>
      text
        .split('\n')
        .filter((line) => wanted.some((needle) => fold(line).includes(needle)) !== invert)
        .join('\n'),
  };
}

function selectString(args: readonly string[]): TextFilter {
  let pattern: string | undefined;
  let simple = false;
  let invert = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const lower = arg.toLowerCase();
    if (lower === '-pattern' && args[index + 1] !== undefined) pattern = args[++index];
    else if (lower === '-simplematch') simple = true;
    else if (lower === '-notmatch') invert = true;
    else if (pattern === undefined && !arg.startsWith('-')) pattern = arg;
    else
      throw new ShellUsageError(`Select-String: usage: ${SELECT_USAGE}`, {
        value: arg,
        allowed: SELECT_USAGE,
      });
  }
  if (pattern === undefined)
    throw new ShellUsageError(`Select-String: usage: ${SELECT_USAGE}`, { allowed: SELECT_USAGE });
  let matcher: (line: string) => boolean;
  if (simple) {
    const needle = pattern.toLowerCase();
    matcher = (line) => line.toLowerCase().includes(needle);
  } else {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'i');
    } catch {
      throw new ShellUsageError(
        `Select-String: ${quoteWord(pattern)} is not a valid regular expression (-SimpleMatch takes it as plain text)`,
        { value: pattern, allowed: 'a regular expression' },
      );
    }
    matcher = (line) => regex.test(line);
  }
  // PowerShell prints the matching lines between blank lines.
  return {
    name: 'Select-String',
    apply: (text) => {
      const lines = text.split('\n').filter((line) => matcher(line) !== invert);
      return lines.length === 0 ? '' : ['', ...lines, ''].join('\n');
    },
  };
}
