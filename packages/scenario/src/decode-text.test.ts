import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioFile } from './load-scenario.js';

const TEXT = `name: enc
start: 2026-11-23T08:00:00Z
duration: 1m
networks: [{ name: lan }]
hosts: [{ name: APP01, interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }] }]
description: café
`;

function file(name: string, bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mqsim-enc-')), name);
  writeFileSync(path, bytes);
  return path;
}

function message(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    return (error as Error).message;
  }
  return 'loaded';
}

describe('scenario file encodings', () => {
  it('reads UTF-8 with or without a BOM, and UTF-16 LE or BE with a BOM', () => {
    const utf8 = new TextEncoder().encode(TEXT);
    const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from(TEXT, 'utf16le')]);
    const be = Uint8Array.from([0xfe, 0xff, ...Buffer.from(TEXT, 'utf16le').swap16()]);
    for (const bytes of [utf8, Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]), le, be])
      expect(loadScenarioFile(file('s.yaml', bytes)).description).toBe('café');
  });

  it('refuses UTF-32 and bytes that are not UTF-8 where they are, instead of reading U+FFFD', () => {
    const utf32 = file('s.yaml', Uint8Array.from([0xff, 0xfe, 0, 0, 0x6e, 0, 0, 0]));
    expect(message(() => loadScenarioFile(utf32))).toMatch(/s\.yaml:1:1: the file is UTF-32/);
    const cp1252 = file('s.yaml', Buffer.from(TEXT.replace('café', 'caf\u00e9'), 'latin1'));
    expect(message(() => loadScenarioFile(cp1252))).toMatch(
      /s\.yaml:6:17: byte 0xe9 is not UTF-8 \(a Windows-1252 file\?\)/,
    );
  });

  it('refuses a raw NUL where it is, and reads CR-only line ends as line breaks', () => {
    expect(message(() => loadScenario(`name: x\nstart: a\u0000b\n`, 'n.yaml'))).toMatch(
      /^n\.yaml:2:9: a NUL character/,
    );
    expect(loadScenario(TEXT.replace(/\n/g, '\r'), 'mac.yaml').name).toBe('enc');
  });
});
