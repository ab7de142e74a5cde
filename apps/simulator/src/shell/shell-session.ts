import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Shell } from './shell-commands.js';

/** Where a session reads and writes. */
export interface ShellSessionOptions {
  /** Command lines: a terminal or a script. */
  readonly input: NodeJS.ReadableStream;
  /** Everything the session prints: banner, prompts, echoed lines, output. */
  readonly write: (text: string) => void;
  /**
   * A person at a terminal: line editing, Tab completion, arrow-key history, Ctrl+C clears the
   * line. Otherwise a script: each line is echoed after the prompt so the transcript reads like a
   * session.
   */
  readonly terminal: boolean;
  /** Terminal width, for line editing. Default 80. */
  readonly columns?: number;
  /** Lines of history kept for the arrow keys. Default 1000. */
  readonly historySize?: number;
}

/** How a session went. */
export interface ShellSessionSummary {
  /** Commands run (blank lines and comments not counted). */
  readonly commands: number;
  /** The commands that failed, with their input line numbers (1-based). */
  readonly failed: readonly { readonly line: number; readonly text: string }[];
  /** Whether it ended with `exit` rather than at the end of input. */
  readonly exited: boolean;
}

/**
 * Runs `shell` over a stream of command lines with `node:readline` until `exit` or the end of
 * input, and says how it went. Commands that fail do not stop the session.
 *
 * @example
 * ```ts norun
 * import { Readable } from 'node:stream';
 * import { createShell } from './shell-commands.js';
 *
 * const shell = createShell(loadScenarioFile(resolveScenario('nat-renumbering')));
 * const out: string[] = [];
 * const summary = await runShellSession(shell, {
 *   input: Readable.from(['advance 10m\n']),
 *   write: (text) => out.push(text),
 *   terminal: false,
 * });
 * summary; // => { commands: 1, failed: [], exited: false }
 * ```
 */
export async function runShellSession(
  shell: Shell,
  options: ShellSessionOptions,
): Promise<ShellSessionSummary> {
  const { write, terminal } = options;
  const output = terminal ? createTerminalOutput(write, options.columns ?? 80) : undefined;
  const lines = createInterface({
    input: options.input,
    ...(output === undefined ? {} : { output }),
    terminal,
    historySize: options.historySize ?? 1000,
    removeHistoryDuplicates: true,
    completer: (line: string): [string[], string] => {
      const completion = shell.complete(line);
      return [[...completion.candidates], completion.word];
    },
  });
  if (terminal) {
    lines.on('SIGINT', () => {
      // Ctrl+C drops what is typed and gives a fresh prompt, as cmd.exe does.
      lines.write(null, { ctrl: true, name: 'e' });
      lines.write(null, { ctrl: true, name: 'u' });
      write('^C\n');
      lines.prompt();
    });
  }

  write(shell.banner());
  const prompt = () => {
    lines.setPrompt(shell.prompt());
    if (terminal) lines.prompt();
  };
  prompt();
  let lineNumber = 0;
  let commands = 0;
  let exited = false;
  const failed: { line: number; text: string }[] = [];
  for await (const line of lines) {
    lineNumber++;
    if (!terminal) write(`${shell.prompt()}${line}\n`);
    const before = shell.history.length;
    const result = shell.execute(line);
    if (shell.history.length > before) commands++;
    if (!result.ok) failed.push({ line: lineNumber, text: line.trim() });
    // ESC[2J clears the screen, ESC[3J the scrollback, ESC[H homes the cursor (as cls does).
    if (result.clear === true && terminal) write('\x1b[2J\x1b[3J\x1b[H');
    write(result.output);
    if (result.exit) {
      exited = true;
      break;
    }
    prompt();
  }
  if (terminal && !exited) write('\n');
  lines.close();
  return { commands, failed, exited };
}

/** A stream readline can draw on, writing through `write`, `columns` wide. */
function createTerminalOutput(
  write: (text: string) => void,
  columns: number,
): NodeJS.WritableStream {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      write(chunk.toString());
      callback();
    },
  });
  return Object.assign(stream, { columns, isTTY: true });
}
