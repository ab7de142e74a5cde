import { type Clock, TICKS } from '@mqsim/filetime';
import type { CapturedPacket, DropReason, PacketCapture, TcpFlags } from '../capture.js';
import type { Hop, Route } from './route.js';

// IPv4 + TCP headers without options: what a packet costs a link beyond its payload.
const HEADER_BYTES = 40;

/** A capture that keeps what it sees in memory. */
export class CaptureRecorder implements PacketCapture {
  #packets: CapturedPacket[] = [];
  #sorted = true;
  #active = true;
  readonly #segments: ReadonlySet<string> | undefined;
  readonly #onStop: (capture: CaptureRecorder) => void;

  constructor(
    segments: ReadonlySet<string> | undefined,
    onStop: (capture: CaptureRecorder) => void,
  ) {
    this.#segments = segments;
    this.#onStop = onStop;
  }

  get packets(): readonly CapturedPacket[] {
    if (!this.#sorted) {
      // Stable: packets logged for the same tick keep the order they were seen in.
      this.#packets.sort((left, right) => left.t - right.t);
      this.#sorted = true;
    }
    return this.#packets;
  }

  get active(): boolean {
    return this.#active;
  }

  stop(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#onStop(this);
  }

  record(packet: CapturedPacket): void {
    if (this.#segments !== undefined && !this.#segments.has(packet.segment)) return;
    const packets = this.#packets;
    // Later hops of a packet are logged when it is sent, ahead of their time.
    if (packets.length > 0 && (packets[packets.length - 1] as CapturedPacket).t > packet.t) {
      this.#sorted = false;
    }
    packets.push(packet);
  }
}

/** The header fields of a packet being sent. */
export interface PacketHeader {
  readonly flags: TcpFlags;
  readonly seq: number;
  readonly ack: number;
  readonly length: number;
  readonly stream: number;
  readonly retransmission: boolean;
}

/**
 * Puts packets on routes: draws each link's loss, delay, reordering and duplication, queues on
 * bandwidth-limited links, and logs every hop to the running captures.
 */
export class Transmitter {
  readonly #clock: Clock;
  readonly #captures: CaptureRecorder[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Whether any capture is running (the hot path skips building headers when not). */
  get capturing(): boolean {
    return this.#captures.length > 0;
  }

  startCapture(segments: ReadonlySet<string> | undefined): PacketCapture {
    const capture = new CaptureRecorder(segments, (stopped) => {
      this.#captures.splice(this.#captures.indexOf(stopped), 1);
    });
    this.#captures.push(capture);
    return capture;
  }

  /** The tick at which the packet reaches the end of `route`, or −1 when it does not. */
  send(route: Route, header: PacketHeader): number {
    const now = this.#clock.ticks();
    if (route.plain && route.drop === undefined && this.#captures.length === 0) {
      return now + route.fixedDelay;
    }
    const { hops, pair } = route;
    let t = now;
    for (let index = 0; index < hops.length; index++) {
      const hop = hops[index] as Hop;
      // A host-pair link stands for the whole path: its delay is drawn once, on the first hop.
      const link = pair === undefined ? hop.link : index === 0 ? pair : undefined;
      const enter = t;
      let drop: DropReason | undefined;
      let duplicate = false;
      if (link !== undefined) {
        const settings = link.settings;
        if (settings.bandwidth !== Number.POSITIVE_INFINITY) {
          const start = Math.max(t, link.busyUntil);
          const serialisation = Math.ceil(
            ((header.length + HEADER_BYTES) * 8 * TICKS.perSecond) / settings.bandwidth,
          );
          link.busyUntil = start + serialisation;
          t = start + serialisation;
        }
        if (link.chance(settings.loss)) {
          drop = 'loss';
        } else {
          t += link.sampleDelay();
          if (link.chance(settings.reorder)) t += settings.reorderDelay;
          duplicate = link.chance(settings.duplicate);
        }
      }
      const last = index === hops.length - 1;
      if (drop === undefined && last) drop = route.drop;
      if (this.#captures.length > 0) {
        const dropAt = drop !== undefined && drop !== 'loss' ? route.dropAt : undefined;
        this.#record(enter, hop, header, drop, dropAt, false);
        if (duplicate && drop === undefined) this.#record(enter, hop, header, drop, dropAt, true);
      }
      if (drop !== undefined) return -1;
    }
    return route.drop === undefined ? t : -1;
  }

  #record(
    t: number,
    hop: Hop,
    header: PacketHeader,
    drop: DropReason | undefined,
    dropAt: string | undefined,
    duplicate: boolean,
  ): void {
    const packet: {
      -readonly [Key in keyof CapturedPacket]: CapturedPacket[Key];
    } = {
      t,
      segment: hop.segment,
      src: hop.src,
      dst: hop.dst,
      flags: header.flags,
      seq: header.seq,
      ack: header.ack,
      length: header.length,
      stream: header.stream,
    };
    if (drop !== undefined) packet.drop = drop;
    if (dropAt !== undefined) packet.dropAt = dropAt;
    if (header.retransmission) packet.retransmission = true;
    if (duplicate) packet.duplicate = true;
    for (const capture of this.#captures) capture.record(packet);
  }
}
