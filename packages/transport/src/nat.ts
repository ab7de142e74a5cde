/**
 * A static NAT mapping. Both sides are either addresses (`203.0.113.10` ↔ `10.0.0.20`: 1:1 NAT,
 * every port, both directions) or endpoints (`203.0.113.10:1801` ↔ `10.0.0.20:1801`: a port
 * forward).
 */
export interface NatMapping {
  /** One of the NAT's external addresses, with or without a port. */
  readonly external: string;
  /** An address an inside host has when the NAT is set up, with a port when `external` has one. */
  readonly internal: string;
}

/** Options for `Network.addNat`. */
export interface NatOptions {
  readonly name: string;
  /** The segment the NAT serves (it is the way out for every segment routed to it). */
  readonly inside: string;
  /** The segment its external addresses are on. */
  readonly outside: string;
  /** Addresses the NAT answers for on the outside. */
  readonly external: readonly string[];
  readonly mappings?: readonly NatMapping[];
  /**
   * Whether inside hosts without a static mapping may connect out, through a port-translated
   * mapping on the first external address not mapped 1:1. Default `true`.
   */
  readonly dynamic?: boolean;
  /**
   * Whether an inside host may reach an inside service through the NAT's own external address
   * (NAT loopback). Off by default: such packets are dropped, so the connect times out.
   */
  readonly hairpin?: boolean;
}

/** One translation a NAT holds, as an admin would list it. */
export interface NatTableRow {
  readonly type: 'static' | 'dynamic';
  /** `address` (1:1) or `address:port`. */
  readonly external: string;
  readonly internal: string;
}
