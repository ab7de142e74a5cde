import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressFamily,
  compareAddresses,
  fromAddressBytes,
  parseAddress,
  reverseName,
  toAddressBytes,
} from './index.js';
import { readIpv4 } from './internal/ipv4.js';
import { readIpv6 } from './internal/ipv6.js';

// Groups with long zero runs, 0xffff and IPv4-looking tails, not just uniform noise.
const group = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(0xffff) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 0xff }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
);
const word = fc.integer({ min: 0, max: 0xffff });
const groups = fc.oneof(
  fc.array(group, { minLength: 8, maxLength: 8 }),
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d
  fc.tuple(word, word).map(([high, low]) => [0, 0, 0, 0, 0, 0xffff, high, low]),
  fc.tuple(word, word).map(([high, low]) => [0, 0, 0, 0, 0, 0, high, low]),
);

/** RFC 5952 written independently of the package: the reference the canonical text must equal. */
function rfc5952(words: readonly number[]): string {
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return `::ffff:${dotted(words[6] as number, words[7] as number)}`;
  }
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; start++) {
    let end = start;
    while (end < 8 && words[end] === 0) end++;
    if (end - start > best.length) best = { start, length: end - start };
  }
  const hex = words.map((w) => w.toString(16));
  if (best.start === -1) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

function dotted(high: number, low: number): string {
  return `${high >>> 8}.${high & 0xff}.${low >>> 8}.${low & 0xff}`;
}

/** Every way RFC 4291 lets one write `words`: any zero run as `::`, any case, padding, an IPv4 tail. */
const spelling = (words: readonly number[]) =>
  fc
    .record({
      pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      tail: fc.boolean(),
      run: fc.nat(),
    })
    .map(({ pad, upper, tail, run }) => {
      const parts = words.map((w, index) => {
        const hex = w.toString(16);
        const padded = '0'.repeat(Math.min(pad[index] as number, 4 - hex.length)) + hex;
        return upper[index] ? padded.toUpperCase() : padded;
      });
      if (tail) parts.splice(6, 2, dotted(words[6] as number, words[7] as number));
      const runs: [number, number][] = [];
      for (let start = 0; start < parts.length; start++) {
        for (let end = start + 1; end <= parts.length; end++) {
          if (!parts.slice(start, end).every((part) => /^0+$/.test(part))) break;
          runs.push([start, end]);
        }
      }
      if (runs.length === 0 || run % 3 === 0) return parts.join(':');
      const [start, end] = runs[run % runs.length] as [number, number];
      return `${parts.slice(0, start).join(':')}::${parts.slice(end).join(':')}`;
    });

const ipv6Case = groups.chain((words) => fc.tuple(fc.constant(words), spelling(words)));

describe('canonical text', () => {
  it('is the same RFC 5952 text for every spelling of an IPv6 address', () => {
    fc.assert(
      fc.property(ipv6Case, ([words, text]) => {
        const canonical = rfc5952(words);
        expect(parseAddress(text)).toEqual({ family: 'ipv6', address: canonical });
        expect(parseAddress(canonical).address).toBe(canonical);
        expect(addressFamily(text)).toBe('ipv6');
      }),
      { numRuns: 2000 },
    );
  });

  it('is the dotted-decimal text itself for IPv4, and refuses any octet with a leading zero', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 3 }), (text, octet) => {
        expect(parseAddress(text)).toEqual({ family: 'ipv4', address: text });
        const parts = text.split('.');
        parts[octet] = `0${parts[octet]}`;
        expect(addressFamily(parts.join('.'))).toBeUndefined();
      }),
    );
  });

  it("agrees with fast-check's RFC 3986 IPv6 grammar, embedded IPv4 included", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const canonical = parseAddress(text).address;
        expect(fromAddressBytes(toAddressBytes(text))).toBe(canonical);
        expect(parseAddress(canonical).address).toBe(canonical);
      }),
    );
  });
});

describe('bytes, order and reverse names', () => {
  it('round-trip any 4 or 16 bytes through the canonical text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 4, maxLength: 4 }),
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
        ),
        (bytes) => {
          const text = fromAddressBytes(bytes);
          expect(Array.from(toAddressBytes(text))).toEqual(Array.from(bytes));
          expect(parseAddress(text).address).toBe(text);
          expect(reverseName(text).split('.').length).toBe(bytes.length === 4 ? 6 : 34);
        },
      ),
    );
  });

  it('order addresses as their bytes, IPv4 first, 0 only for the same address', () => {
    const address = fc.oneof(
      fc.ipV4(),
      ipv6Case.map(([, text]) => text),
    );
    fc.assert(
      fc.property(address, address, (left, right) => {
        const a = toAddressBytes(left);
        const b = toAddressBytes(right);
        const expected =
          a.length !== b.length
            ? a.length - b.length
            : Buffer.compare(Buffer.from(a), Buffer.from(b));
        expect(Math.sign(compareAddresses(left, right))).toBe(Math.sign(expected));
        expect(compareAddresses(left, right) === 0).toBe(
          parseAddress(left).address === parseAddress(right).address,
        );
      }),
    );
  });
});

describe('acceptance', () => {
  // Near-misses of valid addresses: one character inserted, deleted or replaced.
  const mutated = fc
    .tuple(
      fc.oneof(
        fc.ipV4(),
        fc.ipV6(),
        ipv6Case.map(([, text]) => text),
      ),
      fc.nat(),
      fc.constantFrom(...'0123456789abcdefABCDEFg:.%/ '),
      fc.constantFrom('insert', 'delete', 'replace'),
    )
    .map(([text, at, character, edit]) => {
      const index = at % (text.length + 1);
      if (edit === 'insert') return text.slice(0, index) + character + text.slice(index);
      if (edit === 'delete') return text.slice(0, index) + text.slice(index + 1);
      return text.slice(0, index) + character + text.slice(index + 1);
    });

  it("accepts exactly what Node's isIP accepts, minus zone ids", () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const node = text.includes('%') ? 0 : isIP(text);
        expect(addressFamily(text)).toBe(node === 4 ? 'ipv4' : node === 6 ? 'ipv6' : undefined);
      }),
      { numRuns: 5000 },
    );
  });

  it('explains every refusal with a reason of its own, not the catch-all', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        // The strict readers, which give the reasons, agree with Node on every input.
        const strict = text.includes(':')
          ? typeof readIpv6(text) !== 'string'
          : typeof readIpv4(text) === 'number';
        expect(strict).toBe(addressFamily(text) !== undefined);
      }),
      { numRuns: 5000 },
    );
  });
});
