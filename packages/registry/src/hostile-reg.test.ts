import { describe, expect, it } from 'vitest';
import { RegFileParseError, RegistryPathError } from './errors.js';
import { MAX_REG_FILE_LENGTH, parseRegFile } from './parse-reg-file.js';
import { Registry } from './registry.js';

const HEADER = 'Windows Registry Editor Version 5.00\r\n\r\n';

function parseError(text: string): string {
  try {
    parseRegFile(text);
  } catch (error) {
    if (RegFileParseError.isInstance(error)) return error.message;
    throw error;
  }
  return 'parsed';
}

describe('hostile .reg files', () => {
  // Windows allows 512 levels of keys below a root; 300,000 overflowed the stack.
  it('refuses a key path deeper than 512 levels, at the level past the limit', () => {
    const deep = `${HEADER}[HKEY_CURRENT_USER${'\\a'.repeat(300_000)}]\r\n`;
    expect(parseError(deep)).toMatch(/^Line 3, column \d+: expected .*at most 512 levels of keys/);
    expect(parseError(`${HEADER}[HKEY_CURRENT_USER${'\\a'.repeat(512)}]\r\n`)).toBe('parsed');
    expect(() => new Registry().createKey(`HKCU${'\\k'.repeat(513)}`)).toThrow(RegistryPathError);
  });

  it('reads many quoted values in one pass (a file of 320,000 values)', () => {
    const lines = [HEADER, '[HKEY_CURRENT_USER\\Software\\Many]\r\n'];
    for (let index = 0; index < 320_000; index++) lines.push(`"v${index}"="x${index}"\r\n`);
    const document = parseRegFile(lines.join(''));
    const section = document.sections[0];
    expect(section?.kind === 'key' ? section.entries.length : 0).toBe(320_000);
  });

  it('keeps escapes and refuses an unterminated string where it ends', () => {
    const document = parseRegFile(`${HEADER}[HKEY_CURRENT_USER\\S]\r\n"a\\\\b"="say \\"hi\\""\r\n`);
    const section = document.sections[0];
    expect(section?.kind === 'key' ? section.entries[0] : undefined).toMatchObject({
      name: 'a\\b',
      value: { type: 'REG_SZ', data: 'say "hi"' },
    });
    expect(parseError(`${HEADER}[HKEY_CURRENT_USER\\S]\r\n"a"="open\r\n"b"="x"\r\n`)).toBe(
      'Line 4, column 10: expected a closing " to end the string, found the end of the line',
    );
  });

  it('refuses a file past MAX_REG_FILE_LENGTH before decoding it', () => {
    const big = new Uint8Array(MAX_REG_FILE_LENGTH + 1);
    expect(() => parseRegFile(big)).toThrow(/at most 67108864 characters/);
  });
});
