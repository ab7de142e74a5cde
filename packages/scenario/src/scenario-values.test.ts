import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatEndpoint,
  parseAddress,
  parseBandwidth,
  parseDestination,
  parseEndpoint,
  parseQueuePath,
  parseRegistryValue,
  parseSize,
  parseTicks,
  roughly,
} from './scenario-values.js';

const value = <T>(parsed: { ok: boolean; value?: T }) => (parsed.ok ? parsed.value : 'refused');

describe('scenario values', () => {
  it('reads durations into ticks, and refuses fractions', () => {
    expect(
      ['168h', '1h30m', '500us', '0', '0.5ms', '2 hours'].map((text) => value(parseTicks(text))),
    ).toEqual([6_048_000_000_000, 54_000_000_000, 5000, 0, 'refused', 'refused']);
  });

  it('reads sizes with KB = 1024 bytes, and bit rates with k = 1000', () => {
    expect(
      ['512B', '1KB', '100MB', '1GB', '1 KB', '1kb'].map((text) => value(parseSize(text))),
    ).toEqual([512, 1024, 104_857_600, 1_073_741_824, 'refused', 'refused']);
    expect(
      ['64kbps', '100Mbps', '1Gbps', '0bps'].map((text) => value(parseBandwidth(text))),
    ).toEqual([64_000, 100_000_000, 1_000_000_000, 'refused']);
  });

  it('writes addresses canonically and refuses zone ids', () => {
    expect(
      ['10.0.0.5', '2001:DB8:0:0::1', 'fe80::1%eth0', 'app01'].map((text) =>
        value(parseAddress(text)),
      ),
    ).toEqual(['10.0.0.5', '2001:db8::1', 'refused', 'refused']);
  });

  it('reads endpoints and writes them back', () => {
    expect(
      [
        '203.0.113.20:1801',
        '[2001:db8::20]:1801',
        '10.0.0.20',
        '10.0.0.20:0',
        '10.0.0.20:70000',
      ].map((text) => {
        const parsed = parseEndpoint(text);
        return parsed.ok ? formatEndpoint(parsed.value) : 'refused';
      }),
    ).toEqual(['203.0.113.20:1801', '[2001:db8::20]:1801', '10.0.0.20', 'refused', 'refused']);
  });

  it('reads queue paths and destinations as direct format names', () => {
    expect([value(parseQueuePath('Private$\\Orders')), value(parseQueuePath('a\\b'))]).toEqual([
      { name: 'private$\\Orders', private: true },
      'refused',
    ]);
    expect(
      [
        'orders@APP01',
        'DIRECT=TCP:10.0.0.20\\private$\\audit',
        'formatname:direct=os:app01.corp.example\\pub',
        'DIRECT=HTTP://x/msmq/q',
        'DIRECT=TCP:app01\\q',
      ].map((text) => value(parseDestination(text))),
    ).toEqual([
      {
        text: 'orders@APP01',
        formatName: 'DIRECT=OS:APP01\\private$\\orders',
        protocol: 'os',
        host: 'APP01',
        queue: 'private$\\orders',
      },
      {
        text: 'DIRECT=TCP:10.0.0.20\\private$\\audit',
        formatName: 'DIRECT=TCP:10.0.0.20\\private$\\audit',
        protocol: 'tcp',
        host: '10.0.0.20',
        queue: 'private$\\audit',
      },
      {
        text: 'formatname:direct=os:app01.corp.example\\pub',
        formatName: 'DIRECT=OS:app01.corp.example\\pub',
        protocol: 'os',
        host: 'app01.corp.example',
        queue: 'pub',
      },
      'refused',
      'refused',
    ]);
  });

  it('reads registry data for each type, QWORDs exactly past 2^53', () => {
    expect(
      [
        parseRegistryValue({ type: 'REG_DWORD', value: '0x3C' }),
        parseRegistryValue(
          { type: 'REG_QWORD', value: 133_000_000_000_000_000 },
          '133000000000000001',
        ),
        parseRegistryValue({ type: 'REG_QWORD', value: '0x01DD0000000000FF' }),
        parseRegistryValue({ type: 'REG_QWORD', value: '1601-01-01T00:00:00Z' }),
        parseRegistryValue({ type: 'REG_QWORD', value: '0x1FFFFFFFFFFFFFFFF' }),
        parseRegistryValue({ type: 'REG_MULTI_SZ', value: ['a', 'b'] }),
        parseRegistryValue({ type: 'REG_EXPAND_SZ', value: '%SystemRoot%' }),
        parseRegistryValue({ type: 'REG_BINARY', value: '01 ff,3C' }),
      ].map(value),
    ).toEqual([
      { type: 'REG_DWORD', data: 60 },
      { type: 'REG_QWORD', data: 133_000_000_000_000_001n },
      { type: 'REG_QWORD', data: 0x01dd0000000000ffn },
      { type: 'REG_QWORD', data: 0n },
      'refused',
      { type: 'REG_MULTI_SZ', data: ['a', 'b'] },
      { type: 'REG_EXPAND_SZ', data: '%SystemRoot%' },
      { type: 'REG_BINARY', data: new Uint8Array([1, 255, 60]) },
    ]);
  });

  it('reads a QWORD pasted from a .reg export, and names a bad one', () => {
    expect(
      [
        'hex(b):00,80,3e,d5,de,b1,9d,01',
        '"DSNextSiteListRefreshTime"=hex(b):00,80,3e,d5,de,b1,9d,01',
        'HEX(B):ff,ff,ff,ff,ff,ff,ff,ff',
      ].map((text) => value(parseRegistryValue({ type: 'REG_QWORD', value: text }))),
    ).toEqual([
      { type: 'REG_QWORD', data: 0x019db1ded53e8000n },
      { type: 'REG_QWORD', data: 0x019db1ded53e8000n },
      { type: 'REG_QWORD', data: 0xffff_ffff_ffff_ffffn },
    ]);
    const short = parseRegistryValue({ type: 'REG_QWORD', value: 'hex(b):00,80' });
    expect(short.ok ? 'accepted' : short.message).toMatch(/^REG_QWORD: .*2 bytes/);
  });

  it('keeps a QWORD exact up to 2^64 − 1 and names a refused one as it was written', () => {
    const max = Number('18446744073709551615');
    expect(
      value(parseRegistryValue({ type: 'REG_QWORD', value: max }, '18446744073709551615')),
    ).toEqual({ type: 'REG_QWORD', data: 0xffff_ffff_ffff_ffffn });
    // Each of these is a double that prints as another number; the message shows the text.
    for (const written of ['18446744073709551616', '9007199254740993.0', '1e17']) {
      const parsed = parseRegistryValue({ type: 'REG_QWORD', value: Number(written) }, written);
      expect(parsed.ok ? 'accepted' : parsed.message).toBe(
        `REG_QWORD needs a whole number from 0 to 2^64 − 1, not the number ${written}`,
      );
    }
  });

  it('reads back every size it could have written', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.constantFrom('B', 'KB', 'MB', 'GB'), (count, unit) => {
        const factor = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[unit];
        return value(parseSize(`${count}${unit}`)) === count * factor;
      }),
    );
  });

  it('says roughly how long a span is', () => {
    expect([
      roughly(864_000_000_000 * 366),
      roughly(864_000_000_000 * 3),
      roughly(36_000_000_000),
    ]).toEqual(['about 366 days', 'about 3 days', '1h']);
  });
});
