import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateAndTime,
  FileTime,
  FileTimeParseError,
  FileTimeRangeError,
  fromIso,
  isoParts,
  toIso,
} from './index.js';

const MAX = 2n ** 64n - 1n;
const UNIX_EPOCH = 116_444_736_000_000_000n;
const DAY = 864_000_000_000n;
const U64_RANGE = '0 to 18446744073709551615 (2^64 − 1) ticks of 100 ns since 1601-01-01T00:00:00Z';
const ISO_FORM =
  'ISO-8601 UTC such as 2026-11-23T09:30:00Z, 2026-11-23T09:30:00.1234567+01:00 or 2026-11-23';
const u64 = fc.bigInt({ min: 0n, max: MAX });
/** FILETIMEs before 10000-01-01, where ISO strings sort like the instants. */
const fourDigitYears = fc.bigInt({ min: 0n, max: 2_650_467_743_999_999_999n });

/**
 * The ISO string computed independently of the code under test: `Date` for the whole
 * milliseconds (floored, also before 1970), then the remaining 0–9999 ticks as 4 more digits.
 * `Date` spans ±275 760 years, so this covers every FILETIME.
 */
function isoThroughDate(ticks: bigint): string {
  const sinceUnix = ticks - UNIX_EPOCH;
  const milliseconds = sinceUnix / 10_000n - (sinceUnix % 10_000n < 0n ? 1n : 0n);
  const subMillisecond = sinceUnix - milliseconds * 10_000n;
  const dateIso = new Date(Number(milliseconds)).toISOString().replace(/^\+0(\d{5})-/, '$1-');
  return `${dateIso.slice(0, -1)}${subMillisecond.toString().padStart(4, '0')}Z`;
}

function iso(ticks: bigint): string {
  return toIso(new FileTime(ticks));
}

describe('toIso', () => {
  it('prints the FILETIME epoch, the Unix epoch and the signed and unsigned maxima', () => {
    expect([0n, 1n, UNIX_EPOCH, 0x7fff_ffff_ffff_ffffn, MAX].map(iso)).toEqual([
      '1601-01-01T00:00:00.0000000Z',
      '1601-01-01T00:00:00.0000001Z',
      '1970-01-01T00:00:00.0000000Z',
      '30828-09-14T02:48:05.4775807Z',
      '60056-05-28T05:36:10.9551615Z',
    ]);
  });

  it('prints leap days, and no 29 February in 1900', () => {
    expect(iso(133_536_384_000_000_000n)).toBe('2024-02-29T00:00:00.0000000Z');
    expect(iso(125_962_560_000_000_000n)).toBe('2000-02-29T00:00:00.0000000Z');
    expect(iso(94_404_960_000_000_000n)).toBe('1900-02-28T00:00:00.0000000Z');
    expect(iso(94_404_960_000_000_000n + DAY)).toBe('1900-03-01T00:00:00.0000000Z');
    expect(iso(94_404_960_000_000_000n + DAY - 1n)).toBe('1900-02-28T23:59:59.9999999Z');
  });

  it('moves from year 9999 to year 10000 with a fifth year digit', () => {
    expect(iso(2_650_467_743_999_999_999n)).toBe('9999-12-31T23:59:59.9999999Z');
    expect(iso(2_650_467_744_000_000_000n)).toBe('10000-01-01T00:00:00.0000000Z');
  });

  it('agrees with Date.prototype.toISOString for every millisecond-aligned FILETIME', () => {
    const milliseconds = fc.bigInt({
      min: -11_644_473_600_000n,
      max: (MAX - UNIX_EPOCH) / 10_000n,
    });
    fc.assert(
      fc.property(milliseconds, (unixMilliseconds) => {
        const ticks = UNIX_EPOCH + unixMilliseconds * 10_000n;
        const dateIso = new Date(Number(unixMilliseconds)).toISOString();
        // Date writes years past 9999 as +0YYYYY; FILETIME's ISO uses the plain 5-digit year.
        const plain = dateIso.startsWith('+0') ? dateIso.slice(2) : dateIso;
        expect(iso(ticks)).toBe(`${plain.slice(0, plain.length - 1)}0000Z`);
      }),
    );
  });

  it('agrees with Date for ms-aligned times before year 10000 on the first 23 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: -11_644_473_600_000, max: 253_402_300_799_999 }), (ms) => {
        const ticks = UNIX_EPOCH + BigInt(ms) * 10_000n;
        expect(iso(ticks)).toBe(`${new Date(ms).toISOString().slice(0, 23)}0000Z`);
      }),
    );
  });

  it('prints every FILETIME to the tick, as Date plus the sub-millisecond ticks', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        expect(iso(ticks)).toBe(isoThroughDate(ticks));
      }),
    );
  });

  it('always has a 4- or 5-digit year and exactly 7 fractional digits', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        expect(iso(ticks)).toMatch(/^\d{4,5}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      }),
    );
  });

  it('sorts as text exactly as the instants sort, before year 10000', () => {
    fc.assert(
      fc.property(fourDigitYears, fourDigitYears, (a, b) => {
        const textOrder = iso(a) < iso(b) ? -1 : iso(a) > iso(b) ? 1 : 0;
        expect(textOrder).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

describe('fromIso', () => {
  it('reads back what toIso writes, for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        expect(fromIso(iso(ticks)).ticks).toBe(ticks);
      }),
    );
  });

  it('reads the documented example', () => {
    expect(fromIso('1970-01-01T00:00:00Z').ticks).toBe(UNIX_EPOCH);
  });

  it('reads the usual spellings of the same instant', () => {
    const spellings = [
      '1970-01-01',
      '1970-01-01T00:00Z',
      '1970-01-01T00:00:00Z',
      '1970-01-01t00:00:00z',
      '1970-01-01 00:00:00Z',
      '1970-01-01T00:00:00.0000000Z',
      '1970-01-01T00:00:00.000000000000Z',
      '1970-01-01T01:00:00+01:00',
      '1970-01-01T01:00:00+0100',
      '1970-01-01T05:30:00+05:30',
      '1969-12-31T19:00:00-05:00',
      '1969-12-31T23:59-00:01',
      '  1970-01-01T00:00:00Z\n',
    ];
    expect(spellings.map((text) => fromIso(text).ticks)).toEqual(spellings.map(() => UNIX_EPOCH));
  });

  it('reads fractions of a second exactly, with a point or a comma', () => {
    expect(fromIso('1970-01-01T00:00:00.1234567Z').ticks).toBe(UNIX_EPOCH + 1_234_567n);
    expect(fromIso('1970-01-01T00:00:00.123456700Z').ticks).toBe(UNIX_EPOCH + 1_234_567n);
    expect(fromIso('1970-01-01T00:00:00,5Z').ticks).toBe(UNIX_EPOCH + 5_000_000n);
    expect(fromIso('1970-01-01T00:00:00.0000001Z').ticks).toBe(UNIX_EPOCH + 1n);
  });

  it('reads the first and the last FILETIME', () => {
    expect(fromIso('1601-01-01T00:00:00Z').ticks).toBe(0n);
    expect(fromIso('1601-01-01T01:00:00+01:00').ticks).toBe(0n);
    expect(fromIso('60056-05-28T05:36:10.9551615Z').ticks).toBe(MAX);
  });

  it('shifts by the UTC offset: local time minus offset is UTC', () => {
    const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    const awayFromEdges = fc.bigInt({ min: DAY, max: MAX - DAY });
    fc.assert(
      fc.property(awayFromEdges, offsetMinutes, (ticks, offset) => {
        const magnitude = Math.abs(offset);
        const hours = String(Math.floor(magnitude / 60)).padStart(2, '0');
        const minutes = String(magnitude % 60).padStart(2, '0');
        const text = iso(ticks).replace('Z', `${offset < 0 ? '-' : '+'}${hours}:${minutes}`);
        expect(fromIso(text).ticks).toBe(ticks - BigInt(offset) * 600_000_000n);
      }),
    );
  });

  it('accepts 29 February exactly in the years Date calls leap years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1601, max: 60056 }), (year) => {
        const isLeap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
        const text = `${String(year).padStart(4, '0')}-02-29`;
        if (isLeap) {
          expect(iso(fromIso(text).ticks)).toBe(`${text}T00:00:00.0000000Z`);
        } else {
          expect(() => fromIso(text)).toThrow(FileTimeParseError);
        }
      }),
    );
  });

  it('accepts the leap days 2024-02-29 and 2000-02-29 and rejects 1900-02-29', () => {
    expect(fromIso('2024-02-29T00:00:00Z').ticks).toBe(133_536_384_000_000_000n);
    expect(fromIso('2000-02-29').ticks).toBe(125_962_560_000_000_000n);
    expect(() => fromIso('1900-02-29')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"1900-02-29" is not a ISO-8601 date: 1900-02 has no day 29 (expected ${ISO_FORM})`,
        value: '1900-02-29',
        allowed: ISO_FORM,
      }),
    );
  });

  it('rejects a date-time without a zone instead of guessing local time', () => {
    expect(() => fromIso('2026-11-23T09:30:00')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        code: 'ERR_FILETIME_PARSE',
        message: `"2026-11-23T09:30:00" is not a UTC date-time: no time zone; add 'Z' for UTC or an offset like +01:00 (expected ${ISO_FORM})`,
        value: '2026-11-23T09:30:00',
        allowed: ISO_FORM,
      }),
    );
  });

  it('rejects month 13', () => {
    expect(() => fromIso('2026-13-01T00:00:00Z')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"2026-13-01T00:00:00Z" is not a ISO-8601 date: month 13 (expected ${ISO_FORM})`,
        value: '2026-13-01T00:00:00Z',
      }),
    );
    expect(() => fromIso('2026-00-01')).toThrow(
      expect.objectContaining({
        message: `"2026-00-01" is not a ISO-8601 date: month 00 (expected ${ISO_FORM})`,
      }),
    );
  });

  it('rejects 30 February and day 0', () => {
    expect(() => fromIso('2024-02-30T00:00:00Z')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"2024-02-30T00:00:00Z" is not a ISO-8601 date: 2024-02 has no day 30 (expected ${ISO_FORM})`,
      }),
    );
    expect(() => fromIso('2024-04-31')).toThrow(FileTimeParseError);
    expect(() => fromIso('2024-01-00')).toThrow(FileTimeParseError);
  });

  it('rejects 8 fractional digits that are not zeros rather than rounding them away', () => {
    expect(() => fromIso('2026-11-23T09:30:00.12345678Z')).toThrow(
      expect.objectContaining({
        name: 'FileTimeParseError',
        message: `"2026-11-23T09:30:00.12345678Z" is not a FILETIME-exact time: more than 7 fractional digits would be rounded away (FILETIME counts 100 ns) (expected ${ISO_FORM})`,
        value: '2026-11-23T09:30:00.12345678Z',
      }),
    );
  });

  it('rejects hours, minutes, seconds and offsets out of range', () => {
    const TIME_WHY = 'hour 00–23, minute and second 00–59';
    for (const text of ['2026-11-23T24:00:00Z', '2026-11-23T23:60:00Z', '2016-12-31T23:59:60Z']) {
      expect(() => fromIso(text)).toThrow(
        expect.objectContaining({
          name: 'FileTimeParseError',
          message: `${JSON.stringify(text)} is not a ISO-8601 time: ${TIME_WHY} (expected ${ISO_FORM})`,
        }),
      );
    }
    for (const text of ['2026-11-23T09:00:00+24:00', '2026-11-23T09:00:00-01:60']) {
      expect(() => fromIso(text)).toThrow(
        expect.objectContaining({
          message: `${JSON.stringify(text)} is not a ISO-8601 offset: offset ±HH:MM (expected ${ISO_FORM})`,
        }),
      );
    }
  });

  it('rejects text that is not an ISO date at all, naming it and the accepted forms', () => {
    for (const text of [
      'garbage',
      '',
      '2026/11/23',
      '26-11-23',
      '2026-11-23Z',
      '2026-11-23T09Z',
      '2026-11-23T09:30:00.Z',
      '2026-11-23T09:30:00ZZ',
      '2026-11-23T09:30:00 +01:00',
      '+002026-11-23T00:00:00Z',
    ]) {
      expect(() => fromIso(text)).toThrow(
        expect.objectContaining({
          name: 'FileTimeParseError',
          message: `${JSON.stringify(text)} is not a ISO-8601 date-time (expected ${ISO_FORM})`,
          value: text,
          allowed: ISO_FORM,
        }),
      );
    }
  });

  it('rejects an instant before 1601 reached through an offset with a FileTimeRangeError', () => {
    expect(() => fromIso('1601-01-01T00:00:00+00:01')).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        code: 'ERR_FILETIME_RANGE',
        message: `"1601-01-01T00:00:00+00:01" = -600000000 ticks is out of range: a FILETIME is ${U64_RANGE}`,
        value: -600_000_000n,
        allowed: U64_RANGE,
      }),
    );
  });

  it('rejects instants just outside the FILETIME range', () => {
    expect(() => fromIso('1600-12-31T23:59:59.9999999Z')).toThrow(
      expect.objectContaining({ name: 'FileTimeRangeError', value: -1n }),
    );
    expect(() => fromIso('60056-05-28T05:36:10.9551616Z')).toThrow(
      expect.objectContaining({ name: 'FileTimeRangeError', value: 2n ** 64n }),
    );
    expect(() => fromIso('99999-12-31')).toThrow(FileTimeRangeError);
  });
});

describe('isoParts and dateAndTime', () => {
  it('split every FILETIME toIso writes, five-digit years included', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const iso = toIso(new FileTime(ticks));
        const { date, time, fraction } = isoParts(iso);
        expect(`${date}T${time}.${fraction}Z`).toBe(iso);
        expect(dateAndTime(iso)).toBe(`${date} ${time}`);
        // The time of day is the FILETIME's own, not a slice that moved with the year's width.
        const secondsOfDay = Number((ticks % DAY) / 10_000_000n);
        const [hours, minutes, seconds] = time.split(':').map(Number) as [number, number, number];
        expect(hours * 3600 + minutes * 60 + seconds).toBe(secondsOfDay);
      }),
    );
    expect(dateAndTime('30828-09-14T02:48:05.4775807Z')).toBe('30828-09-14 02:48:05');
    expect(isoParts(toIso(new FileTime(MAX)))).toEqual({
      date: '60056-05-28',
      time: '05:36:10',
      fraction: '9551615',
    });
  });

  it('refuse text that is not in toIso form', () => {
    expect(() => isoParts('2026-11-23 08:00')).toThrow(
      'not an ISO time as toIso writes it: 2026-11-23 08:00',
    );
  });
});
