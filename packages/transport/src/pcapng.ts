import { type FileTime, FileTimeRangeError, UNIX_EPOCH_TICKS } from '@mqsim/filetime';
import type { CapturedPacket, TcpFlags } from './capture.js';
import { familyOf, toAddressBytes } from './ip-address.js';

/** Options for {@link toPcapng}. */
export interface PcapngOptions {
  /** Absolute time of tick 0 (the clock's epoch). Default 1970-01-01T00:00:00Z. */
  readonly epoch?: FileTime;
  /** Bytes kept of each packet, headers included; the rest is marked as cut. Default 96. */
  readonly snapLength?: number;
}

const LINKTYPE_RAW = 101;
const TCP_FLAG_BITS: Readonly<Record<TcpFlags, number>> = {
  SYN: 0x02,
  'SYN,ACK': 0x12,
  ACK: 0x10,
  'PSH,ACK': 0x18,
  'FIN,ACK': 0x11,
  'RST,ACK': 0x14,
};
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/**
 * Writes packets as a pcapng file Wireshark opens: one interface per segment (named after it),
 * raw IPv4/IPv6 + TCP headers with correct checksums, timestamps at 100-ns resolution, and a
 * packet comment for drops, retransmissions and duplicates. Payloads are zeros (the capture
 * keeps lengths, not contents), cut at `snapLength`; sequence numbers start at 0 (ISN 0).
 *
 * @example
 * ```ts
 * const file = toPcapng([{ t: 0, segment: 'lan', src: '10.0.0.5:49152', dst: '10.0.0.20:1801', flags: 'SYN', seq: 0, ack: 0, length: 0, stream: 1 }]);
 * new DataView(file.buffer).getUint32(0, true).toString(16); // => 'a0d0d0a'
 * ```
 * @throws {FileTimeRangeError} when a packet's time falls before 1970 (pcapng cannot hold it).
 */
export function toPcapng(
  packets: readonly CapturedPacket[],
  options: PcapngOptions = {},
): Uint8Array {
  const snapLength = options.snapLength ?? 96;
  const offset = (options.epoch?.ticks ?? UNIX_EPOCH_TICKS) - UNIX_EPOCH_TICKS;
  const blocks: Uint8Array[] = [sectionHeader()];
  const interfaces = new Map<string, number>();
  for (const packet of packets) {
    if (!interfaces.has(packet.segment)) {
      interfaces.set(packet.segment, interfaces.size);
      blocks.push(interfaceDescription(packet.segment, snapLength));
    }
  }
  let identification = 0;
  for (const packet of packets) {
    const timestamp = offset + BigInt(packet.t);
    if (timestamp < 0n) {
      throw new FileTimeRangeError(
        `packet at tick ${packet.t} falls before 1970-01-01, which pcapng timestamps cannot hold`,
        { value: packet.t, allowed: 'an epoch and times at or after 1970-01-01T00:00:00Z' },
      );
    }
    const frame = ipPacket(packet, identification++ & 0xffff, snapLength);
    const headers = familyOf(splitEndpoint(packet.src).address) === 'ipv4' ? 40 : 60;
    blocks.push(
      enhancedPacket(
        interfaces.get(packet.segment) as number,
        timestamp,
        frame.subarray(0, Math.min(frame.length, snapLength)),
        headers + packet.length,
        comment(packet),
      ),
    );
  }
  const total = blocks.reduce((sum, block) => sum + block.length, 0);
  const file = new Uint8Array(total);
  let position = 0;
  for (const block of blocks) {
    file.set(block, position);
    position += block.length;
  }
  return file;
}

function comment(packet: CapturedPacket): string {
  const notes: string[] = [];
  if (packet.drop !== undefined) {
    notes.push(
      `dropped: ${packet.drop}${packet.dropAt === undefined ? '' : ` at ${packet.dropAt}`}`,
    );
  }
  if (packet.retransmission) notes.push('retransmission');
  if (packet.duplicate) notes.push('duplicate');
  return notes.join('; ');
}

function splitEndpoint(endpoint: string): { address: string; port: number } {
  const colon = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, colon);
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  return { address, port: Number(endpoint.slice(colon + 1)) };
}

// Zero payload bytes add nothing to a one's-complement sum, so the checksum of the full
// segment is computed from the headers alone; only the frame's first bytes are kept anyway.
function ipPacket(packet: CapturedPacket, identification: number, snapLength: number): Uint8Array {
  const source = splitEndpoint(packet.src);
  const destination = splitEndpoint(packet.dst);
  const sourceBytes = toAddressBytes(source.address);
  const destinationBytes = toAddressBytes(destination.address);
  const v4 = familyOf(source.address) === 'ipv4';
  const ipLength = v4 ? 20 : 40;
  const tcpLength = 20 + packet.length;
  const frame = new Uint8Array(ipLength + 20 + Math.min(packet.length, Math.max(0, snapLength)));
  const view = new DataView(frame.buffer);
  if (v4) {
    view.setUint8(0, 0x45);
    view.setUint16(2, Math.min(ipLength + tcpLength, 0xffff));
    view.setUint16(4, identification);
    view.setUint16(6, 0x4000); // don't fragment
    view.setUint8(8, 128); // Windows' default TTL
    view.setUint8(9, 6);
    frame.set(sourceBytes, 12);
    frame.set(destinationBytes, 16);
    view.setUint16(10, checksum([frame.subarray(0, 20)]));
  } else {
    view.setUint32(0, 0x6000_0000);
    view.setUint16(4, Math.min(tcpLength, 0xffff));
    view.setUint8(6, 6);
    view.setUint8(7, 128);
    frame.set(sourceBytes, 8);
    frame.set(destinationBytes, 24);
  }
  const tcp = ipLength;
  view.setUint16(tcp, source.port);
  view.setUint16(tcp + 2, destination.port);
  view.setUint32(tcp + 4, packet.seq >>> 0);
  view.setUint32(tcp + 8, packet.flags === 'SYN' ? 0 : packet.ack >>> 0);
  view.setUint8(tcp + 12, 5 << 4);
  view.setUint8(tcp + 13, TCP_FLAG_BITS[packet.flags]);
  view.setUint16(tcp + 14, 65_535);
  const pseudo = new Uint8Array(sourceBytes.length * 2 + 8);
  const pseudoView = new DataView(pseudo.buffer);
  pseudo.set(sourceBytes, 0);
  pseudo.set(destinationBytes, sourceBytes.length);
  const lengthAt = sourceBytes.length * 2;
  if (v4) {
    // IPv4 pseudo-header: zero, protocol, TCP length (16 bits).
    pseudoView.setUint8(lengthAt + 1, 6);
    pseudoView.setUint16(lengthAt + 2, tcpLength & 0xffff);
  } else {
    // IPv6 pseudo-header: TCP length (32 bits), three zero bytes, next header.
    pseudoView.setUint32(lengthAt, tcpLength);
    pseudoView.setUint8(lengthAt + 7, 6);
  }
  const pseudoLength = v4 ? 12 : 40;
  view.setUint16(
    tcp + 16,
    checksum([pseudo.subarray(0, pseudoLength), frame.subarray(tcp, tcp + 20)]),
  );
  return frame;
}

function checksum(parts: readonly Uint8Array[]): number {
  let sum = 0;
  for (const part of parts) {
    for (let index = 0; index < part.length; index += 2) {
      sum += ((part[index] as number) << 8) | (part[index + 1] ?? 0);
    }
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function sectionHeader(): Uint8Array {
  return block(0x0a0d0d0a, (writer) => {
    writer.u32(BYTE_ORDER_MAGIC);
    writer.u16(1);
    writer.u16(0);
    writer.u32(0xffffffff); // section length unknown (−1 as 64 bits)
    writer.u32(0xffffffff);
    writer.option(4, text('@mqsim/transport')); // shb_userappl
    writer.endOptions();
  });
}

function interfaceDescription(name: string, snapLength: number): Uint8Array {
  return block(0x00000001, (writer) => {
    writer.u16(LINKTYPE_RAW);
    writer.u16(0);
    writer.u32(snapLength);
    writer.option(2, text(name)); // if_name
    writer.option(9, Uint8Array.of(7)); // if_tsresol: 10^-7 s, one FILETIME tick
    writer.endOptions();
  });
}

function enhancedPacket(
  interfaceId: number,
  timestamp: bigint,
  data: Uint8Array,
  originalLength: number,
  note: string,
): Uint8Array {
  return block(0x00000006, (writer) => {
    writer.u32(interfaceId);
    writer.u32(Number(timestamp >> 32n));
    writer.u32(Number(timestamp & 0xffffffffn));
    writer.u32(data.length);
    writer.u32(originalLength);
    writer.bytes(data);
    if (note !== '') {
      writer.option(1, text(note)); // opt_comment
      writer.endOptions();
    }
  });
}

function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

interface BlockWriter {
  u16(value: number): void;
  u32(value: number): void;
  bytes(value: Uint8Array): void;
  option(code: number, value: Uint8Array): void;
  endOptions(): void;
}

// A pcapng block: type, total length, body padded to 32 bits, total length again.
function block(type: number, write: (writer: BlockWriter) => void): Uint8Array {
  const parts: number[] = [];
  const pad = () => {
    while (parts.length % 4 !== 0) parts.push(0);
  };
  const writer: BlockWriter = {
    u16: (value) => parts.push(value & 0xff, (value >>> 8) & 0xff),
    u32: (value) =>
      parts.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff),
    bytes: (value) => {
      for (const byte of value) parts.push(byte);
      pad();
    },
    option: (code, value) => {
      writer.u16(code);
      writer.u16(value.length);
      writer.bytes(value);
    },
    endOptions: () => writer.u32(0),
  };
  write(writer);
  const length = parts.length + 12;
  const result = new Uint8Array(length);
  const view = new DataView(result.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, length, true);
  result.set(parts, 8);
  view.setUint32(length - 4, length, true);
  return result;
}
