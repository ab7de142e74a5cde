/**
 * Which way a firewall rule applies: to connections other hosts open to this one (`inbound`) or
 * to connections this host opens (`outbound`), as in Windows Firewall with Advanced Security.
 */
export type FirewallDirection = 'inbound' | 'outbound';

/** What a firewall rule, or a profile default, does with a new connection. */
export type FirewallAction = 'allow' | 'block';

/**
 * One firewall rule, as plain data: Windows Firewall's direction, action, protocol, port and
 * remote address conditions. A rule judges new connections (their SYN) only: packets of a
 * connection the firewall let through pass whatever the rules say later (the state table).
 */
export interface FirewallRule {
  readonly direction: FirewallDirection;
  readonly action: FirewallAction;
  /**
   * The service port: the local port of an inbound connection (1801 for MSMQ), the remote port
   * of an outbound one. Default `'any'`.
   */
  readonly port?: number | 'any';
  /**
   * The other end's address as this host sees it (after any NAT): one IPv4 or IPv6 address, a
   * CIDR prefix (`10.0.0.0/24`, `2001:db8::/32`), or `'any'` (the default).
   */
  readonly remote?: string;
  /** `'tcp'` or `'any'` (the default); the network carries TCP only, so both match it. */
  readonly protocol?: 'tcp' | 'any';
}

/** A host's firewall, as given to `Network.setFirewall`. */
export interface FirewallSettings {
  /** `false` switches the firewall off: every packet passes and nothing is tracked. Default `true`. */
  readonly enabled?: boolean;
  /** Rules in any order: a matching block rule beats any matching allow rule. Default none. */
  readonly rules?: readonly FirewallRule[];
  /** What an inbound connection no rule matches gets. Default `'block'`, as Windows has it. */
  readonly defaultInbound?: FirewallAction;
  /** What an outbound connection no rule matches gets. Default `'allow'`, as Windows has it. */
  readonly defaultOutbound?: FirewallAction;
  /**
   * Seconds a tracked connection may stay silent before the firewall forgets it; its later
   * packets are then dropped. Default: connections are never forgotten.
   */
  readonly idleTimeoutSeconds?: number;
}

/** A {@link FirewallRule} with every condition filled in; `remote` is canonical. */
export interface ResolvedFirewallRule {
  readonly direction: FirewallDirection;
  readonly action: FirewallAction;
  readonly protocol: 'tcp' | 'any';
  readonly port: number | 'any';
  /** `'any'`, a canonical address, or a canonical prefix (`10.0.0.0/24`: host bits cleared). */
  readonly remote: string;
}

/** A host's firewall with every setting filled in, as `Network.firewall` reads it back. */
export interface ResolvedFirewallSettings {
  readonly enabled: boolean;
  readonly defaultInbound: FirewallAction;
  readonly defaultOutbound: FirewallAction;
  readonly rules: readonly ResolvedFirewallRule[];
  /** Present when the firewall forgets idle connections. */
  readonly idleTimeoutSeconds?: number;
}
