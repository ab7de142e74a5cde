import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEvidenceFolder } from './evidence-folder.js';
import { buildEvidence } from './evidence-model.js';

const SEED = fileURLToPath(new URL('./__fixtures__/seed-incident', import.meta.url));

describe('buildEvidence', () => {
  const app02 = buildEvidence(readEvidenceFolder(SEED)).find((m) => m.machine === 'APP02');
  const fromDisplayDns = (app02?.answers ?? []).filter((answer) =>
    answer.file.endsWith('ipconfig-displaydns.txt'),
  );

  it('cites each cached answer on its own line, an address as a whole word', () => {
    // 10.0.0.2 (dc01) also occurs inside 10.0.0.20 (app01, line 26): dc01's own entry is at 57.
    expect(fromDisplayDns.map((answer) => [answer.value.name, answer.line])).toEqual([
      ['app01.corp.example', 26],
      ['dc01.corp.example', 57],
    ]);
  });

  it("leaves out an SRV entry's Additional records, which answer another name", () => {
    expect(fromDisplayDns.some((answer) => answer.value.name.startsWith('_ldap.'))).toBe(false);
  });
});
