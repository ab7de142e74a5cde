import { fromIso, TICKS_PER_DAY, TICKS_PER_HOUR } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { describeRefreshStatus, type MsmqRole, type StoredValue } from './index.js';

function status(values: Record<string, StoredValue>, now: string, role: MsmqRole = 'client') {
  const map = new Map(Object.entries(values));
  return describeRefreshStatus({ get: (name) => map.get(name) }, role, fromIso(now));
}
const qword = (iso: string): StoredValue => ({ type: 'REG_QWORD', data: fromIso(iso).ticks });

describe('describeRefreshStatus', () => {
  it('explains a scheduled refresh and that a restart will not bring it forward', () => {
    const [site] = status(
      { DSNextSiteListRefreshTime: qword('2026-11-30T14:00:00Z') },
      '2026-11-27T14:00:00Z',
    ).lists;
    expect(site).toEqual({
      list: 'site',
      valueName: 'DSNextSiteListRefreshTime',
      intervalHours: 168,
      state: 'scheduled',
      nextTime: fromIso('2026-11-30T14:00:00Z'),
      dueInTicks: 3n * TICKS_PER_DAY,
      explanation:
        'The site list refreshes at 2026-11-30T14:00:00.0000000Z, in 3d. Restarting MSMQ does not bring it forward (the time persists); delete DSNextSiteListRefreshTime and restart MSMQ to force a refresh.',
    });
  });

  it('says a missing value means a refresh at the next start', () => {
    const [, enterprise] = status({}, '2026-11-27T14:00:00Z').lists;
    expect([enterprise?.state, enterprise?.explanation]).toEqual([
      'missing',
      'DSNextEnterpriseListRefreshTime does not exist: the enterprise list refreshes as soon as MSMQ starts, and the value is then written as the completion time + 672 h (DSEnterpriseListRefresh).',
    ]);
  });

  it('says a past value means a refresh at the next start, or retries on a running service', () => {
    const [site] = status(
      { DSNextSiteListRefreshTime: qword('2026-11-27T12:00:00Z') },
      '2026-11-27T14:00:00Z',
    ).lists;
    expect(site?.state).toBe('due');
    expect(site?.dueInTicks).toBe(-2n * TICKS_PER_HOUR);
    expect(site?.explanation).toMatch(
      /^The site list was due at 2026-11-27T12:00:00.0000000Z \(2h ago\)/,
    );
  });

  it('flags a next time further away than one interval', () => {
    const [site] = status(
      { DSNextSiteListRefreshTime: qword('2031-01-01T00:00:00Z') },
      '2026-11-27T14:00:00Z',
    ).lists;
    expect(site?.explanation).toMatch(/further away than one interval \(168 h\)/);
  });

  it('marks the enterprise list of a routing server as not used', () => {
    const [, enterprise] = status({}, '2026-11-27T14:00:00Z', 'routing-server').lists;
    expect(enterprise?.state).toBe('not-used');
  });
});
