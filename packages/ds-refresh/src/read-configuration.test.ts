import { fromIso } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { readRefreshConfiguration, type StoredValue } from './index.js';

function read(values: Record<string, StoredValue>, role: 'client' | 'routing-server' = 'client') {
  const map = new Map(Object.entries(values));
  return readRefreshConfiguration({ get: (name) => map.get(name) }, role);
}

describe('readRefreshConfiguration', () => {
  it('uses the documented defaults when no value exists', () => {
    expect(read({})).toEqual({
      settings: {
        siteListRefreshHours: 168,
        enterpriseListRefreshHours: 672,
        errorRetryMinutes: 60,
      },
      nextTimes: { site: undefined, enterprise: undefined },
      findings: [],
    });
  });

  it('reads DWORD intervals and QWORD next times', () => {
    const next = fromIso('2026-11-30T14:03:27.1234567Z');
    const config = read({
      DSSiteListRefresh: { type: 'REG_DWORD', data: 72 },
      DSEnterpriseListRefresh: { type: 'REG_DWORD', data: 336 },
      DSListRefreshErrorRetryInterval: { type: 'REG_DWORD', data: 15 },
      DSNextSiteListRefreshTime: { type: 'REG_QWORD', data: next.ticks },
    });
    expect(config.settings).toEqual({
      siteListRefreshHours: 72,
      enterpriseListRefreshHours: 336,
      errorRetryMinutes: 15,
    });
    expect(config.nextTimes.site?.equals(next)).toBe(true);
    expect(config.findings).toEqual([]);
  });

  it('falls back to the default for a value of the wrong type, and says so', () => {
    const config = read({ DSSiteListRefresh: { type: 'REG_SZ', data: '24' } });
    expect(config.settings.siteListRefreshHours).toBe(168);
    expect(config.findings).toEqual([
      {
        value: 'DSSiteListRefresh',
        severity: 'warning',
        message:
          'DSSiteListRefresh is REG_SZ, but MSMQ reads a REG_DWORD number of hours; the default of 168 h is used. Re-create it as REG_DWORD.',
      },
    ]);
  });

  it('treats 0 as unset', () => {
    const config = read({ DSListRefreshErrorRetryInterval: { type: 'REG_DWORD', data: 0 } });
    expect(config.settings.errorRetryMinutes).toBe(60);
    expect(config.findings[0]?.message).toBe(
      'DSListRefreshErrorRetryInterval is 0 min, which would mean refreshing without pause; mqsim treats it as unset and the default of 60 min is used (MSMQ does not document 0).',
    );
  });

  it('recognises 0xFFFFFFFF as −1 written as a DWORD and uses the default', () => {
    const config = read({ DSEnterpriseListRefresh: { type: 'REG_DWORD', data: 0xffff_ffff } });
    expect(config.settings.enterpriseListRefreshHours).toBe(672);
    expect(config.findings[0]?.message).toMatch(
      /^DSEnterpriseListRefresh is 4294967295 h \(178956970d15h\) \(0xFFFFFFFF: probably −1 written as a DWORD\), beyond mqsim's limit of 87600 h; the default of 672 h is used\.$/,
    );
  });

  it('warns that intervals under a day load the domain controllers', () => {
    const config = read({ DSSiteListRefresh: { type: 'REG_DWORD', data: 1 } });
    expect(config.settings.siteListRefreshHours).toBe(1);
    expect(config.findings.map((finding) => [finding.value, finding.severity])).toEqual([
      ['DSSiteListRefresh', 'info'],
    ]);
  });

  it('reports the legacy DSListRefresh as having no effect', () => {
    const config = read({ DSListRefresh: { type: 'REG_DWORD', data: 12 } });
    expect(config.settings).toEqual({
      siteListRefreshHours: 168,
      enterpriseListRefreshHours: 672,
      errorRetryMinutes: 60,
    });
    expect(config.findings).toEqual([
      {
        value: 'DSListRefresh',
        severity: 'info',
        message:
          'DSListRefresh has had no effect since Windows 2000 SP2; the schedule follows DSSiteListRefresh and DSEnterpriseListRefresh.',
      },
    ]);
  });

  it('reads an 8-byte REG_BINARY next time as a FILETIME', () => {
    const config = read({
      DSNextSiteListRefreshTime: {
        type: 'REG_BINARY',
        data: Uint8Array.of(0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01),
      },
    });
    expect(config.nextTimes.site?.toString()).toBe('1970-01-01T00:00:00.0000000Z');
    expect(config.findings.map((finding) => finding.severity)).toEqual(['info']);
  });

  it('treats an unreadable next time as missing', () => {
    const config = read({
      DSNextEnterpriseListRefreshTime: { type: 'REG_BINARY', data: new Uint8Array(4) },
    });
    expect(config.nextTimes.enterprise).toBeUndefined();
    expect(config.findings[0]?.message).toBe(
      'DSNextEnterpriseListRefreshTime is a 4-byte REG_BINARY, not a REG_QWORD FILETIME; it counts as missing, so the enterprise list refreshes at the next service start and the value is rewritten.',
    );
  });

  it('ignores the enterprise next time on a routing server', () => {
    const config = read(
      { DSNextEnterpriseListRefreshTime: { type: 'REG_QWORD', data: 1n } },
      'routing-server',
    );
    expect(config.nextTimes.enterprise).toBeUndefined();
    expect(config.findings[0]?.value).toBe('DSNextEnterpriseListRefreshTime');
  });
});

describe('readRefreshConfiguration with raw values (hex(N): in a .reg file)', () => {
  const raw = (kind: number, bytes: number[]) => ({
    type: 'REG_RAW',
    kind,
    data: new Uint8Array(bytes),
  });
  it('names a raw value by its Windows type and hex(N) spelling, never REG_RAW', () => {
    const values = new Map<string, { type: string; data: unknown; kind?: number }>([
      ['DSSiteListRefresh', raw(4, [7, 0])],
      ['DSEnterpriseListRefresh', raw(5, [0, 0, 0, 7])],
      ['DSNextSiteListRefreshTime', raw(5, [1, 2, 3, 4, 5, 6, 7, 8])],
    ]);
    const { findings } = readRefreshConfiguration({ get: (name) => values.get(name) }, 'client');
    expect(findings.map((finding) => finding.message)).toEqual([
      'DSSiteListRefresh is a 2-byte REG_DWORD (hex(4); a REG_DWORD has 4 bytes), but MSMQ reads a REG_DWORD number of hours; the default of 168 h is used. Re-create it as REG_DWORD.',
      'DSEnterpriseListRefresh is a 4-byte REG_DWORD_BIG_ENDIAN (hex(5)), but MSMQ reads a REG_DWORD number of hours; the default of 672 h is used. Re-create it as REG_DWORD.',
      'DSNextSiteListRefreshTime is an 8-byte REG_DWORD_BIG_ENDIAN (hex(5)), not a REG_QWORD FILETIME; it counts as missing, so the site list refreshes at the next service start and the value is rewritten.',
    ]);
  });
});
