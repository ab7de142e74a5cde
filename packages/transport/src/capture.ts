import { type FileTime, TICKS, toIso } from '@mqsim/filetime';

/** Why a packet went no further than the segment it was captured on. */
export type DropReason =
  /** Random loss on the link. */
  | 'loss'
  /** Nothing in reach holds the destination address, and no NAT leads further. */
  | 'no-route'
  /** The sender no longer has the source address. */
  | 'no-address'
  /** A NAT had no mapping for it (inbound, or outbound with dynamic mapping off). */
  | 'no-mapping'
  /** An inside host sent to its NAT's external address with hairpinning off. */
  | 'hairpin-disabled'
  /** The path crosses a partition. */
  | 'partition'
  /**
   * A host's firewall stopped it, silently (no RST): a new connection its rules block, or a
   * packet of a connection it does not track (never let through, or forgotten when idle).
   */
  | 'firewall';

/** TCP flags of a captured packet, as Wireshark lists them. */
export type TcpFlags = 'SYN' | 'SYN,ACK' | 'ACK' | 'PSH,ACK' | 'FIN,ACK' | 'RST,ACK';

/**
 * One packet seen on one segment. A packet crossing a NAT is seen once per segment, with the
 * addresses it carries there; each is logged at the time it enters that segment.
 */
export interface CapturedPacket {
  /** Clock ticks since the clock's epoch. */
  readonly t: number;
  readonly segment: string;
  /** Source `address:port` on this segment. */
  readonly src: string;
  /** Destination `address:port` on this segment. */
  readonly dst: string;
  readonly flags: TcpFlags;
  /** Relative sequence number (the SYN is 0), as Wireshark shows it. */
  readonly seq: number;
  /** Relative acknowledgement number (0 on a SYN). */
  readonly ack: number;
  /** Payload bytes. */
  readonly length: number;
  /** Connection number, shared by both directions (Wireshark's `tcp.stream`). */
  readonly stream: number;
  /** Set when the packet went no further. */
  readonly drop?: DropReason;
  /** The NAT that dropped it, for NAT drops; the host, for firewall drops. */
  readonly dropAt?: string;
  /** A TCP retransmission (the first copy was lost). */
  readonly retransmission?: true;
  /** A copy made by the link; TCP discards it. */
  readonly duplicate?: true;
}

/** A running (or stopped) packet capture, from `Network.startCapture`. */
export interface PacketCapture {
  /** Packets seen so far, in time order (ties in the order they were seen). */
  readonly packets: readonly CapturedPacket[];
  /** `false` after `stop()`. */
  readonly active: boolean;
  /** Stops recording; the packets stay. */
  stop(): void;
}

/** Options for {@link formatCapture}. */
export interface FormatCaptureOptions {
  /** Print absolute ISO-8601 times from this epoch instead of seconds since tick 0. */
  readonly epoch?: FileTime;
}

/**
 * Writes packets as aligned text, one line each, like a capture tool's summary view: time,
 * segment, `src > dst`, flags, sequence, acknowledgement, length, and what befell the packet.
 *
 * @example
 * ```ts
 * const text = formatCapture([
 *   { t: 5000, segment: 'lan', src: '10.0.0.5:49152', dst: '10.0.0.20:1801', flags: 'SYN', seq: 0, ack: 0, length: 0, stream: 1 },
 *   { t: 10000, segment: 'lan', src: '10.0.0.20:1801', dst: '10.0.0.5:49152', flags: 'RST,ACK', seq: 0, ack: 1, length: 0, stream: 1, drop: 'loss' },
 * ]);
 * text; // => '0.0005000 lan 10.0.0.5:49152 > 10.0.0.20:1801 SYN     seq=0 ack=0 len=0\n0.0010000 lan 10.0.0.20:1801 > 10.0.0.5:49152 RST,ACK seq=0 ack=1 len=0 DROPPED (loss)'
 * ```
 */
export function formatCapture(
  packets: readonly CapturedPacket[],
  options: FormatCaptureOptions = {},
): string {
  const times = packets.map((packet) =>
    options.epoch === undefined ? formatSeconds(packet.t) : toIso(options.epoch.plus(packet.t)),
  );
  const width = (values: string[]) => Math.max(0, ...values.map((value) => value.length));
  const timeWidth = width(times);
  const segmentWidth = width(packets.map((packet) => packet.segment));
  const srcWidth = width(packets.map((packet) => packet.src));
  const dstWidth = width(packets.map((packet) => packet.dst));
  const flagsWidth = width(packets.map((packet) => packet.flags));
  return packets
    .map((packet, index) => {
      const notes = [
        packet.retransmission ? ' [retransmission]' : '',
        packet.duplicate ? ' [duplicate]' : '',
        packet.drop === undefined
          ? ''
          : ` DROPPED (${packet.drop}${packet.dropAt === undefined ? '' : ` at ${packet.dropAt}`})`,
      ].join('');
      return [
        (times[index] as string).padStart(timeWidth),
        packet.segment.padEnd(segmentWidth),
        `${packet.src.padEnd(srcWidth)} > ${packet.dst.padEnd(dstWidth)}`,
        packet.flags.padEnd(flagsWidth),
        `seq=${packet.seq} ack=${packet.ack} len=${packet.length}${notes}`,
      ].join(' ');
    })
    .join('\n');
}

/**
 * Writes packets as NDJSON: one JSON object per line, fields in a fixed order, so two runs with
 * the same seed give byte-identical text.
 *
 * @example
 * ```ts
 * toNdjson([{ t: 0, segment: 'lan', src: '10.0.0.5:49152', dst: '10.0.0.20:1801', flags: 'SYN', seq: 0, ack: 0, length: 0, stream: 1 }]);
 * // => '{"t":0,"segment":"lan","src":"10.0.0.5:49152","dst":"10.0.0.20:1801","flags":"SYN","seq":0,"ack":0,"length":0,"stream":1}\n'
 * ```
 */
export function toNdjson(packets: readonly CapturedPacket[]): string {
  let text = '';
  for (const packet of packets) {
    const ordered: Record<string, unknown> = {
      t: packet.t,
      segment: packet.segment,
      src: packet.src,
      dst: packet.dst,
      flags: packet.flags,
      seq: packet.seq,
      ack: packet.ack,
      length: packet.length,
      stream: packet.stream,
    };
    if (packet.drop !== undefined) ordered.drop = packet.drop;
    if (packet.dropAt !== undefined) ordered.dropAt = packet.dropAt;
    if (packet.retransmission) ordered.retransmission = true;
    if (packet.duplicate) ordered.duplicate = true;
    text += `${JSON.stringify(ordered)}\n`;
  }
  return text;
}

// Seconds since tick 0 with all 7 decimals, exactly (no floating-point division).
function formatSeconds(ticks: number): string {
  const whole = Math.floor(ticks / TICKS.perSecond);
  return `${whole}.${String(ticks - whole * TICKS.perSecond).padStart(7, '0')}`;
}
