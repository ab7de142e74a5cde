import { describe, expect, it } from 'vitest';
import { ShellUsageError } from './shell-errors.js';
import { splitCommandLine, toCommandWord } from './shell-line.js';

describe('splitCommandLine', () => {
  it('splits on spaces, groups quoted words and keeps backslashes', () => {
    expect(splitCommandLine('  reg query  "HKLM\\SOFTWARE\\My Key" /v  Name ')).toEqual([
      'reg',
      'query',
      'HKLM\\SOFTWARE\\My Key',
      '/v',
      'Name',
    ]);
    expect(splitCommandLine('net stop "Message Queuing"')).toEqual([
      'net',
      'stop',
      'Message Queuing',
    ]);
    expect(splitCommandLine('reg add K /ve /d ""')).toEqual(['reg', 'add', 'K', '/ve', '/d', '']);
    expect(splitCommandLine('')).toEqual([]);
  });

  it('refuses a quote that is never closed', () => {
    expect(() => splitCommandLine('net stop "Message Queuing')).toThrow(ShellUsageError);
  });

  it('reads back what toCommandWord writes', () => {
    for (const word of ['plain', 'with space', '', 'HKLM\\SOFTWARE']) {
      expect(splitCommandLine(`x ${toCommandWord(word)}`)).toEqual(['x', word]);
    }
  });
});
