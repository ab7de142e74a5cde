import { describe, expect, it } from 'vitest';
import { RECORD_TYPE_CODES, RECORD_TYPES, toDnsRecord } from './records.js';

describe('toDnsRecord', () => {
  it('canonicalises names and data and fills the default TTL', () => {
    expect(
      toDnsRecord({ name: 'A.Corp.Example', type: 'CNAME', data: 'B.Corp.Example.' }, 3600),
    ).toEqual({
      name: 'a.corp.example',
      type: 'CNAME',
      ttl: 3600,
      data: 'b.corp.example',
    });
    expect(
      toDnsRecord({ name: 'a.corp.example', type: 'A', data: '10.0.0.1', ttl: 0 }, 3600).ttl,
    ).toBe(0);
  });

  it('numbers the types as DNS does', () => {
    expect(RECORD_TYPES.map((type) => RECORD_TYPE_CODES[type])).toEqual([1, 5, 12, 28]);
  });
});
