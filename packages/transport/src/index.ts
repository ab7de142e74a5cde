/**
 * @mqsim/transport — a simulated IP network as MSMQ meets it: hosts with interfaces and IPv4/IPv6
 * addresses that change at run time, segments, routers and NAT (static, dynamic, hairpin),
 * partitions and link faults drawn from a seeded RNG, and TCP on port 1801 — listeners bound to
 * one address or all, connect / accept / refused / time-out / reset, in-order framed sessions —
 * observed through `netstat -anb` and a packet capture (text, NDJSON, pcapng) — and real
 * machines' `netstat -an` / `-ano` / `-anb` output read back into rows.
 *
 * @packageDocumentation
 */
export type {
  CapturedPacket,
  DropReason,
  FormatCaptureOptions,
  PacketCapture,
  TcpFlags,
} from './capture.js';
export { formatCapture, toNdjson } from './capture.js';
export {
  AddressInUseError,
  AddressNotAvailableError,
  AddressParseError,
  NetworkConfigError,
  SessionStateError,
} from './errors.js';
export type {
  FirewallAction,
  FirewallDirection,
  FirewallRule,
  FirewallSettings,
  ResolvedFirewallRule,
  ResolvedFirewallSettings,
} from './firewall.js';
export type { AddressFamily, Endpoint, ParsedAddress } from './ip-address.js';
export {
  formatEndpoint,
  isIpAddress,
  parseAddress,
  parseEndpoint,
} from './ip-address.js';
export type { NatMapping, NatOptions, NatTableRow } from './nat.js';
export type { FormatNetstatOptions, NetstatRow } from './netstat.js';
export { formatNetstat } from './netstat.js';
export type {
  ConnectOptions,
  ConnectTarget,
  HostAddress,
  HostOptions,
  InterfaceOptions,
  ListenOptions,
  NetworkOptions,
  RouteDescription,
  RouteHop,
} from './network.js';
export { Network } from './network.js';
export type { PcapngOptions } from './pcapng.js';
export { toPcapng } from './pcapng.js';
export type {
  NetstatEndpoint,
  NetstatEntry,
  NetstatListing,
  NetstatNotice,
  NetstatState,
} from './read-netstat.js';
export { connectionsTo, isListeningOn, listenersOn, readNetstat } from './read-netstat.js';
export type {
  ConnectHandlers,
  Listener,
  ListenHandlers,
  ResetReason,
  Session,
  SessionHandlers,
  SessionOutcome,
  TcpState,
} from './session.js';
export type { Jitter, LinkSettings, ResolvedLinkSettings, TcpSettings } from './settings.js';
export { LINK_DEFAULTS, TCP_DEFAULTS } from './settings.js';
export type {
  TransportTraceEvent,
  TransportTraceEventOf,
  TransportTraceFields,
  TransportTraceType,
} from './trace-types.js';
export { isTransportTraceEvent, TRANSPORT_TRACE_TYPES } from './trace-types.js';
