import { TICKS } from '@mqsim/filetime';

/**
 * Extra one-way delay a packet picks up on a link, in ticks, drawn per packet from the
 * network's seeded random stream for that link. A plain number `n` means `{ distribution:
 * 'uniform', max: n }`.
 *
 * - `uniform`: 0 to `max`.
 * - `normal`: mean 0, standard deviation `stddev`, so a packet may also arrive early; the total
 *   delay never goes below 0.
 * - `exponential`: mean `mean` — many small delays, a few long ones.
 * - `pareto`: `scale × (U^(−1/shape) − 1)` — a heavy tail (bufferbloat, Wi-Fi retries).
 *
 * One draw adds at most one hour: a smaller shape could otherwise draw delays past the clock's
 * range, and a packet held that long is lost to TCP anyway.
 */
export type Jitter =
  | { readonly distribution: 'uniform'; readonly max: number }
  | { readonly distribution: 'normal'; readonly stddev: number }
  | { readonly distribution: 'exponential'; readonly mean: number }
  | { readonly distribution: 'pareto'; readonly scale: number; readonly shape: number };

/**
 * How a segment (or the path between two hosts) treats packets. Times are ticks of 100 ns;
 * probabilities are from 0 to 1 and apply to each packet on each hop.
 */
export interface LinkSettings {
  /** Fixed one-way delay per hop. Default 5 000 ticks (0.5 ms, a LAN). */
  readonly latency?: number;
  /** Extra random delay per packet. Default none. */
  readonly jitter?: number | Jitter;
  /** Chance a packet is lost; TCP retransmits it after the retransmission time-out. */
  readonly loss?: number;
  /** Chance a packet arrives twice; TCP drops the copy, so only the capture shows it. */
  readonly duplicate?: number;
  /** Chance a packet is held back by `reorderDelay`, so later ones overtake it on the wire. */
  readonly reorder?: number;
  /** How long a reordered packet is held back. Default 10 000 ticks (1 ms). */
  readonly reorderDelay?: number;
  /**
   * Bits per second; a segment with a bandwidth is one shared medium that carries one packet
   * at a time (payload plus 40 bytes of IP and TCP header). Default `Infinity` (no limit).
   */
  readonly bandwidth?: number;
}

/** Every link setting, resolved to a value. */
export interface ResolvedLinkSettings {
  latency: number;
  jitter: number | Jitter;
  loss: number;
  duplicate: number;
  reorder: number;
  reorderDelay: number;
  bandwidth: number;
}

/**
 * The link settings a new segment gets unless `addSegment` is given others: a quiet LAN.
 *
 * @example
 * ```ts
 * LINK_DEFAULTS.latency; // => 5000
 * ```
 */
export const LINK_DEFAULTS: Readonly<ResolvedLinkSettings> = Object.freeze({
  latency: 500 * TICKS.perMicrosecond,
  jitter: 0,
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelay: TICKS.perMillisecond,
  bandwidth: Number.POSITIVE_INFINITY,
});

/**
 * The TCP timers and ranges, modelled on Windows. All times in ticks of 100 ns.
 */
export interface TcpSettings {
  /**
   * Wait before the first SYN retransmission; each further wait doubles. Windows
   * `InitialRto`: 3 s.
   */
  readonly synRetransmitTimeout: number;
  /**
   * SYN retransmissions before a connect gives up. Windows `TcpMaxConnectRetransmissions`: 2,
   * so a connect to a silent address fails after 3 + 6 + 12 = 21 s.
   */
  readonly maxSynRetransmissions: number;
  /** Retransmission time-out for a lost data segment (doubling). Windows `MinRto`: 300 ms. */
  readonly retransmitTimeout: number;
  /**
   * Data retransmissions before the connection is aborted. Windows
   * `TcpMaxDataRetransmissions`: 5, so 0.3 × (1+2+4+8+16+32) = 18.9 s of silence.
   */
  readonly maxDataRetransmissions: number;
  /** How long the side that closed first stays in TIME_WAIT. Windows `TcpTimedWaitDelay`: 240 s. */
  readonly timeWait: number;
  /** First port of the dynamic (ephemeral) range. Windows since Vista: 49152. */
  readonly ephemeralPortFirst: number;
  /** Last port of the dynamic range: 65535. */
  readonly ephemeralPortLast: number;
  /** One-way delay of a connection to the host itself. Default 10 ticks (1 µs). */
  readonly loopbackLatency: number;
}

/**
 * The TCP settings a network uses unless told otherwise (Windows defaults; see the README for
 * which are UNCERTAIN).
 *
 * @example
 * ```ts
 * const tcp = TCP_DEFAULTS;
 * tcp.synRetransmitTimeout * (2 ** (tcp.maxSynRetransmissions + 1) - 1); // => 21 * TICKS.perSecond
 * ```
 */
export const TCP_DEFAULTS: TcpSettings = Object.freeze({
  synRetransmitTimeout: 3 * TICKS.perSecond,
  maxSynRetransmissions: 2,
  retransmitTimeout: 300 * TICKS.perMillisecond,
  maxDataRetransmissions: 5,
  timeWait: 240 * TICKS.perSecond,
  ephemeralPortFirst: 49_152,
  ephemeralPortLast: 65_535,
  loopbackLatency: TICKS.perMicrosecond,
});
