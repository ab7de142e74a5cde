// Control characters a terminal acts on: C0 but tab and line feed, DEL, C1, and a CR not
// followed by LF (CRLF is how Windows-shaped output ends its lines). An SGR colour sequence
// (`ESC [ … m`) is matched whole so that the report's own colours can be kept.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /\x1b\[[0-9;]*m|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]/g;

/**
 * `text` made safe to print to a terminal: every control character it could act on — escape
 * sequences that retitle the window, clear the screen or move the cursor, a bare CR that
 * overwrites a line — is shown as `\xNN` instead, so text from a scenario, a registry value or a
 * path cannot forge output. With `keepColors`, SGR colour sequences (`ESC[…m`, what the reports
 * themselves use) stay.
 *
 * @example
 * ```ts
 * safeForTerminal('name\x1b]0;pwned\x07 ok\n', false); // => 'name\\x1b]0;pwned\\x07 ok\n'
 * safeForTerminal('\x1b[32m✓\x1b[0m', true); // => '\x1b[32m✓\x1b[0m'
 * ```
 */
export function safeForTerminal(text: string, keepColors: boolean): string {
  return text.replace(CONTROL, (match) =>
    match.length > 1 && keepColors ? match : [...match].map(escapeCharacter).join(''),
  );
}

function escapeCharacter(character: string): string {
  const code = character.codePointAt(0) as number;
  // Of a whole SGR sequence only its ESC is a control character.
  if (code >= 0x20 && code !== 0x7f && (code < 0x80 || code > 0x9f)) return character;
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** Longest quoted input an error message shows whole. */
const LONGEST_QUOTED = 120;

/**
 * An error message with each long quoted input (`"…"`, as the packages quote what they were
 * given) cut to its first 60 characters and its length: a 2 MB argument or line in a file
 * still gives a one-line message a terminal can show.
 *
 * @example
 * ```ts
 * shortenQuotedInput(`--seed "${'9'.repeat(500)}" is not a whole number`);
 * // => `--seed "${'9'.repeat(60)}…" (500 characters) is not a whole number`
 * ```
 */
export function shortenQuotedInput(message: string): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inside: string) =>
    inside.length <= LONGEST_QUOTED
      ? whole
      : `"${inside.slice(0, 60)}…" (${inside.length} characters)`,
  );
}

/**
 * Whether output to a stream gets colour, by the conventions tools share: `NO_COLOR` (any value,
 * no-color.org) turns it off, `FORCE_COLOR` (but `0` or `false`) turns it on even into a pipe, and
 * otherwise a terminal gets colour unless `TERM=dumb` says it cannot show it.
 *
 * @example
 * ```ts
 * colorWanted({ TERM: 'xterm-256color' }, true); // => true
 * colorWanted({ TERM: 'dumb' }, true); // => false
 * colorWanted({ FORCE_COLOR: '1' }, false); // => true
 * ```
 */
export function colorWanted(
  env: Readonly<Record<string, string | undefined>>,
  isTerminal: boolean,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTerminal && env.TERM !== 'dumb';
}

/**
 * Whether a stream can take a progress line redrawn in place (`\r` and erase-line): a terminal
 * that is not `TERM=dumb`.
 */
export function canRedraw(
  env: Readonly<Record<string, string | undefined>>,
  isTerminal: boolean,
): boolean {
  return isTerminal && env.TERM !== 'dumb';
}
