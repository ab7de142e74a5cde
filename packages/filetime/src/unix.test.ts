import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FileTime,
  FileTimeRangeError,
  fromUnixMicroseconds,
  fromUnixMilliseconds,
  fromUnixNanoseconds,
  fromUnixSeconds,
  toUnixMicroseconds,
  toUnixMilliseconds,
  toUnixNanoseconds,
  toUnixSeconds,
} from './index.js';

const MAX = 2n ** 64n - 1n;
const UNIX_EPOCH = 116_444_736_000_000_000n;
const U64_RANGE = '0 to 18446744073709551615 (2^64 − 1) ticks of 100 ns since 1601-01-01T00:00:00Z';
const u64 = fc.bigInt({ min: 0n, max: MAX });
/** FILETIMEs before 1970, where flooring and truncating differ. */
const before1970 = fc.bigInt({ min: 0n, max: UNIX_EPOCH - 1n });
const anyTime = fc.oneof(u64, before1970);

/** Every FILETIME that is a whole number of `unit` ticks from the Unix epoch. */
function alignedTo(unit: bigint) {
  return fc
    .bigInt({ min: -(UNIX_EPOCH / unit), max: (MAX - UNIX_EPOCH) / unit })
    .map((units) => UNIX_EPOCH + units * unit);
}

const units = [
  { name: 'seconds', ticks: 10_000_000n, to: (time: FileTime) => BigInt(toUnixSeconds(time)) },
  {
    name: 'milliseconds',
    ticks: 10_000n,
    to: (time: FileTime) => BigInt(toUnixMilliseconds(time)),
  },
  { name: 'microseconds', ticks: 10n, to: toUnixMicroseconds },
] as const;

describe('fromUnixSeconds', () => {
  it('puts second 0 at the Unix epoch', () => {
    expect(fromUnixSeconds(0).ticks).toBe(UNIX_EPOCH);
    expect(fromUnixSeconds(0n).toString()).toBe('1970-01-01T00:00:00.0000000Z');
  });

  it('reads negative seconds as instants before 1970, down to 1601-01-01', () => {
    expect(fromUnixSeconds(-1).toString()).toBe('1969-12-31T23:59:59.0000000Z');
    expect(fromUnixSeconds(-11_644_473_600).ticks).toBe(0n);
  });

  it('reads a real timestamp', () => {
    expect(fromUnixSeconds(1_763_890_200).toString()).toBe('2025-11-23T09:30:00.0000000Z');
  });

  it('rejects an instant before 1601-01-01, naming the input', () => {
    expect(() => fromUnixSeconds(-11_644_473_601)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        code: 'ERR_FILETIME_RANGE',
        message: `Unix seconds -11644473601 = -10000000 ticks is out of range: a FILETIME is ${U64_RANGE}`,
        value: -10_000_000n,
        allowed: U64_RANGE,
      }),
    );
  });

  it('rejects fractional and unsafe numbers instead of rounding them', () => {
    for (const bad of [1.5, Number.NaN, 2 ** 53]) {
      expect(() => fromUnixSeconds(bad)).toThrow(
        expect.objectContaining({
          name: 'FileTimeRangeError',
          message: `Unix seconds ${bad} is not a whole number of ticks: pass a bigint or a safe integer`,
          value: bad,
        }),
      );
    }
  });
});

describe('fromUnixMilliseconds', () => {
  it('reads Date milliseconds', () => {
    expect(fromUnixMilliseconds(Date.UTC(2024, 1, 29)).toString()).toBe(
      '2024-02-29T00:00:00.0000000Z',
    );
    expect(fromUnixMilliseconds(-1n).ticks).toBe(UNIX_EPOCH - 10_000n);
  });

  it('rejects a fractional millisecond and an instant past 2^64 − 1 ticks', () => {
    expect(() => fromUnixMilliseconds(0.5)).toThrow(FileTimeRangeError);
    expect(() => fromUnixMilliseconds(8_640_000_000_000_000)).toThrow(
      expect.objectContaining({ name: 'FileTimeRangeError', allowed: U64_RANGE }),
    );
  });
});

describe('fromUnixMicroseconds', () => {
  it('reads microseconds', () => {
    expect(fromUnixMicroseconds(1).ticks).toBe(UNIX_EPOCH + 10n);
    expect(fromUnixMicroseconds(-11_644_473_600_000_000n).ticks).toBe(0n);
  });
});

describe('fromUnixNanoseconds', () => {
  it('reads whole 100-ns ticks, before and after 1970', () => {
    expect(fromUnixNanoseconds(100n).ticks).toBe(UNIX_EPOCH + 1n);
    expect(fromUnixNanoseconds(-100n).ticks).toBe(UNIX_EPOCH - 1n);
    expect(fromUnixNanoseconds(-11_644_473_600_000_000_000n).ticks).toBe(0n);
  });

  it('rejects nanoseconds that are not a whole FILETIME tick', () => {
    for (const nanoseconds of [150n, -150n, 1n]) {
      expect(() => fromUnixNanoseconds(nanoseconds)).toThrow(
        expect.objectContaining({
          name: 'FileTimeRangeError',
          message: `Unix nanoseconds ${nanoseconds} is not a whole FILETIME tick: FILETIME counts 100 ns`,
          value: nanoseconds,
          allowed: 'a multiple of 100 ns',
        }),
      );
    }
  });

  it('rejects an instant outside the FILETIME range', () => {
    expect(() => fromUnixNanoseconds(-11_644_473_600_000_000_100n)).toThrow(
      expect.objectContaining({
        name: 'FileTimeRangeError',
        message: `Unix nanoseconds -11644473600000000100 = -1 ticks is out of range: a FILETIME is ${U64_RANGE}`,
        value: -1n,
      }),
    );
  });
});

describe('toUnixNanoseconds', () => {
  it('is exact: fromUnixNanoseconds reads it back for every FILETIME', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const nanoseconds = toUnixNanoseconds(new FileTime(ticks));
        expect(nanoseconds).toBe((ticks - UNIX_EPOCH) * 100n);
        expect(fromUnixNanoseconds(nanoseconds).ticks).toBe(ticks);
      }),
    );
  });
});

describe('toUnixSeconds, toUnixMilliseconds, toUnixMicroseconds', () => {
  it('give the Unix epoch as 0 and the extremes of the range', () => {
    const epoch = new FileTime(UNIX_EPOCH);
    expect([toUnixSeconds(epoch), toUnixMilliseconds(epoch), toUnixMicroseconds(epoch)]).toEqual([
      0,
      0,
      0n,
    ]);
    const first = new FileTime(0n);
    expect([toUnixSeconds(first), toUnixMilliseconds(first), toUnixMicroseconds(first)]).toEqual([
      -11_644_473_600,
      -11_644_473_600_000,
      -11_644_473_600_000_000n,
    ]);
    const last = new FileTime(MAX);
    expect([toUnixSeconds(last), toUnixMilliseconds(last), toUnixMicroseconds(last)]).toEqual([
      1_833_029_933_770,
      1_833_029_933_770_955,
      1_833_029_933_770_955_161n,
    ]);
  });

  it('floor toward the past, also before 1970', () => {
    const justBefore = new FileTime(UNIX_EPOCH - 1n);
    expect([
      toUnixSeconds(justBefore),
      toUnixMilliseconds(justBefore),
      toUnixMicroseconds(justBefore),
    ]).toEqual([-1, -1, -1n]);
    const justAfter = new FileTime(UNIX_EPOCH + 1n);
    expect([
      toUnixSeconds(justAfter),
      toUnixMilliseconds(justAfter),
      toUnixMicroseconds(justAfter),
    ]).toEqual([0, 0, 0n]);
  });

  for (const unit of units) {
    it(`never round up: Unix ${unit.name} × size + epoch ≤ t < that + size`, () => {
      fc.assert(
        fc.property(anyTime, (ticks) => {
          const floored = UNIX_EPOCH + unit.to(new FileTime(ticks)) * unit.ticks;
          expect(floored <= ticks && ticks < floored + unit.ticks).toBe(true);
        }),
      );
    });

    it(`round-trip exactly for times that are whole Unix ${unit.name}`, () => {
      const from = {
        seconds: fromUnixSeconds,
        milliseconds: fromUnixMilliseconds,
        microseconds: fromUnixMicroseconds,
      }[unit.name];
      fc.assert(
        fc.property(alignedTo(unit.ticks), (ticks) => {
          expect(from(unit.to(new FileTime(ticks))).ticks).toBe(ticks);
        }),
      );
    });
  }

  it('give safe-integer numbers over the whole FILETIME range', () => {
    fc.assert(
      fc.property(u64, (ticks) => {
        const time = new FileTime(ticks);
        expect(Number.isSafeInteger(toUnixSeconds(time))).toBe(true);
        expect(Number.isSafeInteger(toUnixMilliseconds(time))).toBe(true);
      }),
    );
  });

  it('agree with Date for millisecond-aligned times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -11_644_473_600_000, max: Number((MAX - UNIX_EPOCH) / 10_000n) }),
        (ms) => {
          const time = fromUnixMilliseconds(ms);
          expect(toUnixMilliseconds(time)).toBe(new Date(ms).getTime());
          expect(toUnixSeconds(time)).toBe(Math.floor(ms / 1000));
        },
      ),
    );
  });
});
