import { describe, expect, it } from 'vitest';
import { describeEvent } from './index.js';

describe('describeEvent', () => {
  it('names a persisted refresh time to the minute, whatever the width of its year', () => {
    // A registry FILETIME may hold any 64-bit value: 0x7FFF… is year 30828, 2^64 − 1 is 60056.
    const scheduled = (at: string) =>
      describeEvent({
        t: 0,
        host: 'APP01',
        source: 'ds-refresh',
        type: 'ds.refresh.scheduled',
        list: 'site',
        at,
        reason: 'persisted',
      });
    expect([
      scheduled('2026-11-30T08:00:00.0000000Z'),
      scheduled('30828-09-14T02:48:05.4775807Z'),
      scheduled('60056-05-28T05:36:10.9551615Z'),
    ]).toEqual([
      'site list not due until 2026-11-30 08:00 (DSNextSiteListRefreshTime): nothing to refresh now',
      'site list not due until 30828-09-14 02:48 (DSNextSiteListRefreshTime): nothing to refresh now',
      'site list not due until 60056-05-28 05:36 (DSNextSiteListRefreshTime): nothing to refresh now',
    ]);
  });
});
