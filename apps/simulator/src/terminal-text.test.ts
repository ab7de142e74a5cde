import { describe, expect, it } from 'vitest';
import { canRedraw, colorWanted, safeForTerminal, shortenQuotedInput } from './terminal-text.js';

describe('safeForTerminal', () => {
  it('shows the escape sequences a hostile scenario could send, instead of sending them', () => {
    const payloads = [
      '\x1b]0;pwned\x07', // OSC: retitle the window
      '\x1b[2J\x1b[H', // CSI: clear the screen, home the cursor
      '\x1b[1A\x1b[2K✓ All expectations met', // up one line, erase it, forge a verdict
      'done\rforged', // a bare CR overwrites the line
      '\x9b2J', // C1 CSI
      'nul\x00bell\x07back\x08',
    ];
    const shown = payloads.map((payload) => safeForTerminal(payload, false));
    expect(shown).toEqual([
      '\\x1b]0;pwned\\x07',
      '\\x1b[2J\\x1b[H',
      '\\x1b[1A\\x1b[2K✓ All expectations met',
      'done\\x0dforged',
      '\\x9b2J',
      'nul\\x00bell\\x07back\\x08',
    ]);
    // Even with colours on, only SGR sequences pass.
    expect(safeForTerminal('\x1b[31mred\x1b[0m \x1b[2J', true)).toBe('\x1b[31mred\x1b[0m \\x1b[2J');
  });

  it('keeps what the reports print on purpose: text, tabs, line feeds, CRLF lines', () => {
    const text = 'Timeline\n\tAPP01  ✓ ok\r\nWindows IP Configuration\r\n';
    expect(safeForTerminal(text, false)).toBe(text);
    expect(safeForTerminal('\x1b[1mbold\x1b[0m', false)).toBe('\\x1b[1mbold\\x1b[0m');
  });
});

describe('shortenQuotedInput', () => {
  it('cuts each long quoted input to 60 characters and its length, and leaves short ones', () => {
    const long = 'x'.repeat(100_000);
    expect(shortenQuotedInput(`--seed "${long}" is not a number; "short" stays`)).toBe(
      `--seed "${'x'.repeat(60)}…" (100000 characters) is not a number; "short" stays`,
    );
    // Escaped quotes inside a quoted input do not end it.
    const escaped = `a \\"${'y'.repeat(200)}`;
    expect(shortenQuotedInput(`"${escaped}" then`)).toBe(
      `"${escaped.slice(0, 60)}…" (${escaped.length} characters) then`,
    );
    expect(shortenQuotedInput(`"${'z'.repeat(120)}"`)).toBe(`"${'z'.repeat(120)}"`);
  });
});

describe('colorWanted and canRedraw', () => {
  it('follow NO_COLOR, FORCE_COLOR and TERM=dumb, then whether it is a terminal', () => {
    const cases: [Record<string, string>, boolean][] = [
      [{}, true],
      [{}, false],
      [{ TERM: 'dumb' }, true],
      [{ NO_COLOR: '1' }, true],
      [{ NO_COLOR: '' }, true],
      [{ FORCE_COLOR: '1' }, false],
      [{ FORCE_COLOR: '0' }, true],
      [{ FORCE_COLOR: 'false' }, true],
      [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true],
      [{ FORCE_COLOR: '', TERM: 'dumb' }, false],
    ];
    expect(cases.map(([env, terminal]) => colorWanted(env, terminal))).toEqual([
      true,
      false,
      false,
      false,
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect([canRedraw({}, true), canRedraw({ TERM: 'dumb' }, true), canRedraw({}, false)]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
