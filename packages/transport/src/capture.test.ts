import { fromIso, fromTicks, TICKS, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { type CapturedPacket, formatCapture, Network, toNdjson, toPcapng } from './index.js';

function natCapture() {
  const clock = new VirtualClock({ epoch: fromIso('2011-08-18T12:00:00Z') });
  const network = new Network({ clock, seed: 1 });
  network.addSegment('lan');
  network.addSegment('internet', { latency: 100_000 });
  network.addHost('web', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5'] }],
  });
  network.addHost('app', {
    interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }],
  });
  network.addHost('partner', {
    interfaces: [{ name: 'eth0', segment: 'internet', addresses: ['198.51.100.7'] }],
  });
  network.addNat({
    name: 'edge',
    inside: 'lan',
    outside: 'internet',
    external: ['203.0.113.10'],
    mappings: [{ external: '203.0.113.10', internal: '10.0.0.20' }],
  });
  network.listen(
    'app',
    { address: '10.0.0.20', port: 1801 },
    { onData: (session) => session.close() },
  );
  const capture = network.startCapture();
  network.connect(
    'partner',
    { address: '203.0.113.10', port: 1801 },
    {},
    {
      onConnect: (session) => session.send(new Uint8Array(100)),
    },
  );
  network.connect('web', { address: '203.0.113.10', port: 1801 });
  network.connect('web', { address: '10.0.0.20', port: 1802 });
  clock.run();
  return { clock, capture };
}

describe('packet capture', () => {
  it('logs every packet per segment with addresses as they are there, drops and all', () => {
    const { clock, capture } = natCapture();
    expect(formatCapture(capture.packets.slice(0, 14), { epoch: clock.epoch })).toBe(
      [
        '2011-08-18T12:00:00.0000000Z internet 198.51.100.7:49152 > 203.0.113.10:1801  SYN     seq=0 ack=0 len=0',
        '2011-08-18T12:00:00.0000000Z lan      10.0.0.5:49152     > 203.0.113.10:1801  SYN     seq=0 ack=0 len=0 DROPPED (hairpin-disabled at edge)',
        '2011-08-18T12:00:00.0000000Z lan      10.0.0.5:49153     > 10.0.0.20:1802     SYN     seq=0 ack=0 len=0',
        '2011-08-18T12:00:00.0005000Z lan      10.0.0.20:1802     > 10.0.0.5:49153     RST,ACK seq=0 ack=1 len=0',
        '2011-08-18T12:00:00.0100000Z lan      198.51.100.7:49152 > 10.0.0.20:1801     SYN     seq=0 ack=0 len=0',
        '2011-08-18T12:00:00.0105000Z lan      10.0.0.20:1801     > 198.51.100.7:49152 SYN,ACK seq=0 ack=1 len=0',
        '2011-08-18T12:00:00.0110000Z internet 203.0.113.10:1801  > 198.51.100.7:49152 SYN,ACK seq=0 ack=1 len=0',
        '2011-08-18T12:00:00.0210000Z internet 198.51.100.7:49152 > 203.0.113.10:1801  ACK     seq=1 ack=1 len=0',
        '2011-08-18T12:00:00.0210000Z internet 198.51.100.7:49152 > 203.0.113.10:1801  PSH,ACK seq=1 ack=1 len=100',
        '2011-08-18T12:00:00.0310000Z lan      198.51.100.7:49152 > 10.0.0.20:1801     ACK     seq=1 ack=1 len=0',
        '2011-08-18T12:00:00.0310000Z lan      198.51.100.7:49152 > 10.0.0.20:1801     PSH,ACK seq=1 ack=1 len=100',
        '2011-08-18T12:00:00.0315000Z lan      10.0.0.20:1801     > 198.51.100.7:49152 FIN,ACK seq=1 ack=101 len=0',
        '2011-08-18T12:00:00.0320000Z internet 203.0.113.10:1801  > 198.51.100.7:49152 FIN,ACK seq=1 ack=101 len=0',
        '2011-08-18T12:00:00.0420000Z internet 198.51.100.7:49152 > 203.0.113.10:1801  FIN,ACK seq=101 ack=2 len=0',
      ].join('\n'),
    );
  });

  it('prints seconds since tick 0 by default', () => {
    const { capture } = natCapture();
    expect(formatCapture(capture.packets.slice(0, 1))).toBe(
      '0.0000000 internet 198.51.100.7:49152 > 203.0.113.10:1801 SYN seq=0 ack=0 len=0',
    );
  });

  it('writes NDJSON with a fixed field order, optional fields only when set', () => {
    const { capture } = natCapture();
    expect(toNdjson(capture.packets.slice(1, 2))).toBe(
      '{"t":0,"segment":"lan","src":"10.0.0.5:49152","dst":"203.0.113.10:1801","flags":"SYN","seq":0,"ack":0,"length":0,"stream":2,"drop":"hairpin-disabled","dropAt":"edge"}\n',
    );
    const lines = toNdjson(capture.packets).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as CapturedPacket)).toEqual(capture.packets);
  });

  // A refused connect is two segments of one conversation: the SYN and the RST,ACK that answers it
  // (motleyqueue, "MSMQ and the Windows Firewall": host up but nothing on 1801 → RST; Wireshark
  // puts both in the same tcp.stream, being the same 4-tuple; checked with tshark 4.0 on a toPcapng file).
  it("puts the RST that refuses a SYN in that SYN's stream", () => {
    const { capture } = natCapture();
    const refused = capture.packets.filter(
      (packet) => packet.src.endsWith(':1802') || packet.dst.endsWith(':1802'),
    );
    expect(refused.map((packet) => [packet.flags, packet.stream])).toEqual([
      ['SYN', 3],
      ['RST,ACK', 3],
    ]);
  });

  it('keeps recording only while active, and filters by segment', () => {
    const clock = new VirtualClock({ epoch: fromTicks(0n) });
    const network = new Network({ clock, seed: 1 });
    network.addSegment('lan');
    network.addSegment('other');
    network.addHost('a', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.1'] }],
    });
    const everything = network.startCapture();
    const elsewhere = network.startCapture({ segments: ['other'] });
    network.connect('a', { address: '10.0.0.9', port: 1801 });
    clock.runUntil(5 * TICKS.perSecond);
    everything.stop();
    clock.run();
    expect([everything.active, everything.packets.length, elsewhere.packets.length]).toEqual([
      false,
      2,
      0,
    ]);
  });
});

describe('toPcapng', () => {
  function blocks(file: Uint8Array) {
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const found: { type: number; body: DataView }[] = [];
    for (let offset = 0; offset < file.length; ) {
      const type = view.getUint32(offset, true);
      const length = view.getUint32(offset + 4, true);
      expect(view.getUint32(offset + length - 4, true)).toBe(length);
      found.push({
        type,
        body: new DataView(file.buffer, file.byteOffset + offset + 8, length - 12),
      });
      offset += length;
    }
    return found;
  }

  function onesComplement(bytes: Uint8Array): number {
    let sum = 0;
    for (let index = 0; index < bytes.length; index += 2)
      sum += (bytes[index] as number) * 256 + (bytes[index + 1] ?? 0);
    while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
    return sum;
  }

  it('writes a section, one interface per segment and one packet block per packet with valid checksums', () => {
    const packet: CapturedPacket = {
      t: 12_345,
      segment: 'lan',
      src: '10.0.0.5:49152',
      dst: '10.0.0.20:1801',
      flags: 'PSH,ACK',
      seq: 1,
      ack: 1,
      length: 4,
      stream: 1,
      retransmission: true,
    };
    const file = toPcapng(
      [
        packet,
        {
          t: packet.t,
          segment: 'wan',
          src: '[2001:db8::5]:49152',
          dst: '[2001:db8::20]:1801',
          flags: packet.flags,
          seq: packet.seq,
          ack: packet.ack,
          length: packet.length,
          stream: packet.stream,
        },
      ],
      { epoch: fromIso('1970-01-01T00:00:01Z') },
    );
    const found = blocks(file);
    expect(found.map((block) => block.type)).toEqual([0x0a0d0d0a, 1, 1, 6, 6]);
    expect(found[0]?.body.getUint32(0, true)).toBe(0x1a2b3c4d);
    expect(found[1]?.body.getUint16(0, true)).toBe(101);
    const epb = found[3]?.body as DataView;
    expect([
      epb.getUint32(0, true),
      epb.getUint32(4, true) * 2 ** 32 + epb.getUint32(8, true),
      epb.getUint32(12, true),
      epb.getUint32(16, true),
    ]).toEqual([0, TICKS.perSecond + 12_345, 44, 44]);
    const ip = new Uint8Array(epb.buffer, epb.byteOffset + 20, 44);
    expect(onesComplement(ip.subarray(0, 20))).toBe(0xffff);
    const tcp = ip.subarray(20);
    const pseudo = Uint8Array.of(...ip.subarray(12, 20), 0, 6, 0, 24);
    expect(onesComplement(Uint8Array.of(...pseudo, ...tcp))).toBe(0xffff);
    expect([tcp[13], (tcp[0] as number) * 256 + (tcp[1] as number)]).toEqual([0x18, 49_152]);
    const comment = new TextDecoder().decode(
      new Uint8Array(epb.buffer, epb.byteOffset + 20 + 44 + 4, 14),
    );
    expect(comment).toBe('retransmission');
    const v6 = found[4]?.body as DataView;
    const ip6 = new Uint8Array(v6.buffer, v6.byteOffset + 20, v6.getUint32(12, true));
    const pseudo6 = Uint8Array.of(...ip6.subarray(8, 40), 0, 0, 0, 24, 0, 0, 0, 6);
    expect([ip6[0], onesComplement(Uint8Array.of(...pseudo6, ...ip6.subarray(40)))]).toEqual([
      0x60, 0xffff,
    ]);
  });

  it('cuts packets at the snap length and refuses times before 1970', () => {
    const big: CapturedPacket = {
      t: 0,
      segment: 'lan',
      src: '10.0.0.5:49152',
      dst: '10.0.0.20:1801',
      flags: 'PSH,ACK',
      seq: 1,
      ack: 1,
      length: 100_000,
      stream: 1,
    };
    const epb = blocks(toPcapng([big], { snapLength: 64 }))[2]?.body as DataView;
    expect([epb.getUint32(12, true), epb.getUint32(16, true)]).toEqual([64, 100_040]);
    expect(() => toPcapng([big], { epoch: fromIso('1969-12-31T23:59:59Z') })).toThrow(
      'packet at tick 0 falls before 1970-01-01, which pcapng timestamps cannot hold',
    );
  });
});
