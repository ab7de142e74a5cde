import { defineTraceVocabulary, type TraceEvent } from '@mqsim/filetime';

/**
 * The trace event types the transport emits (`source: 'transport'`). Every event carries
 * `t`, `host` (except the network-wide `net.partitioned` / `net.healed`), `source` and `type`;
 * the fields of each:
 *
 * | type | fields |
 * | --- | --- |
 * | `net.address.changed` | `interface`, `segment`, `added`, `removed` (canonical addresses) |
 * | `net.partitioned` / `net.healed` | `name`, and `sideA`, `sideB` when partitioned |
 * | `net.firewall.changed` | `enabled`, `defaultInbound`, `defaultOutbound` (`allow` / `block`), `rules` (one `netsh advfirewall` line each: `dir=in action=block protocol=any localport=1801 remoteip=any`), and `idleTimeoutSeconds` when set |
 * | `tcp.listen` / `tcp.listen.closed` | `local`, `process` |
 * | `tcp.connect` | `stream`, `local`, `remote`, `process` — a SYN is sent |
 * | `tcp.connected` | `stream`, `local`, `remote` — SYN-ACK arrived at the client |
 * | `tcp.accepted` | `stream`, `local`, `remote`, `process` — handshake done at the server |
 * | `tcp.refused` | `stream`, `local`, `remote` — RST in answer to the SYN |
 * | `tcp.timeout` | `stream`, `local`, `remote`, `phase` (`connect` / `established`), `reason` |
 * | `tcp.reset` | `stream`, `local`, `remote`, `by` (`local` / `peer`) |
 * | `tcp.data` | `stream`, `local`, `remote`, `bytes` — a frame delivered to the receiver |
 * | `tcp.closed` | `stream`, `local`, `remote`, `by` (`local` / `peer`: who sent the first FIN) |
 *
 * `local` and `remote` are `address:port` as that host sees them.
 */
export type TransportTraceType = TransportTraceEvent['type'];

/**
 * The trace events the transport emits, each with its fields typed (see
 * {@link TransportTraceType} for the table). Narrow a recorded event with
 * {@link isTransportTraceEvent}, then switch on `type`.
 *
 * @example
 * ```ts
 * const event = { t: 10, host: 'web', source: 'transport', type: 'tcp.refused', stream: 1, local: '10.0.0.5:49152', remote: '10.0.0.20:1801' };
 * isTransportTraceEvent(event) && event.type === 'tcp.refused' ? event.remote : ''; // => '10.0.0.20:1801'
 * ```
 */
export type TransportTraceEvent =
  | AddressChangedEvent
  | PartitionedEvent
  | HealedEvent
  | FirewallChangedEvent
  | ListenEvent
  | ListenClosedEvent
  | ConnectEvent
  | ConnectedEvent
  | AcceptedEvent
  | RefusedEvent
  | TimeoutEvent
  | ResetEvent
  | DataEvent
  | ClosedEvent;

/** The member of {@link TransportTraceEvent} with one `type`, e.g. to type a handler of `tcp.refused`. */
export type TransportTraceEventOf<Type extends TransportTraceType> = Extract<
  TransportTraceEvent,
  { readonly type: Type }
>;

/** The fields an event of `Type` carries besides `t`, `host`, `source` and `type`: what the emitter passes. */
export type TransportTraceFields<Type extends TransportTraceType> = Omit<
  NamedFields<TransportTraceEventOf<Type>>,
  't' | 'host' | 'source' | 'type'
>;

// Drops the index signature `TraceEvent` has, which `Omit` would keep instead of the named fields.
type NamedFields<Value> = {
  [Key in keyof Value as string extends Key ? never : Key]: Value[Key];
};

// Compile-time exhaustiveness: a key missing from this record, or one that is not a
// TransportTraceType, fails typechecking, so the list below and the union always agree.
const VOCABULARY = defineTraceVocabulary<TransportTraceEvent>('transport', {
  'net.address.changed': true,
  'net.partitioned': true,
  'net.healed': true,
  'net.firewall.changed': true,
  'tcp.listen': true,
  'tcp.listen.closed': true,
  'tcp.connect': true,
  'tcp.connected': true,
  'tcp.accepted': true,
  'tcp.refused': true,
  'tcp.timeout': true,
  'tcp.reset': true,
  'tcp.data': true,
  'tcp.closed': true,
});

/**
 * Every {@link TransportTraceType}, in the order above, for consumers that check or filter by type.
 *
 * @example
 * ```ts
 * TRANSPORT_TRACE_TYPES.includes('tcp.refused'); // => true
 * Object.isFrozen(TRANSPORT_TRACE_TYPES); // => true
 * ```
 */
export const TRANSPORT_TRACE_TYPES: readonly TransportTraceType[] = VOCABULARY.types;

/**
 * Whether a trace event is one the transport emits, narrowing it to {@link TransportTraceEvent}
 * so its fields are typed.
 *
 * @example
 * ```ts
 * isTransportTraceEvent({ t: 0, source: 'transport', type: 'net.healed', name: 'cut' }); // => true
 * isTransportTraceEvent({ t: 0, source: 'name-cache', type: 'cache.hit' }); // => false
 * ```
 */
export function isTransportTraceEvent(event: TraceEvent): event is TransportTraceEvent {
  return VOCABULARY.is(event);
}

/** What every transport event has. */
interface TransportEventBase<Type extends string> extends TraceEvent<Type> {
  readonly source: 'transport';
}

/** An event on one host. */
interface HostEventBase<Type extends string> extends TransportEventBase<Type> {
  readonly host: string;
}

/** An event of one TCP session, on one of its two hosts. */
interface SessionEventBase<Type extends string> extends HostEventBase<Type> {
  /** Connection number shared by both ends, like Wireshark's `tcp.stream`. */
  readonly stream: number;
  /** `address:port` of this end, as this host sees it. */
  readonly local: string;
  /** `address:port` of the other end, as this host sees it. */
  readonly remote: string;
}

/** An interface's addresses changed (renumbering, `addAddress`, `removeAddress`). */
interface AddressChangedEvent extends HostEventBase<'net.address.changed'> {
  readonly interface: string;
  readonly segment: string;
  /** Canonical addresses the interface gained. */
  readonly added: readonly string[];
  /** Canonical addresses it lost. */
  readonly removed: readonly string[];
}

/** A partition cut the paths between two sides (network-wide: no `host`). */
interface PartitionedEvent extends TransportEventBase<'net.partitioned'> {
  readonly name: string;
  /** Host, segment, router or NAT names. */
  readonly sideA: readonly string[];
  readonly sideB: readonly string[];
}

/** A partition ended (network-wide: no `host`). */
interface HealedEvent extends TransportEventBase<'net.healed'> {
  readonly name: string;
}

/** A host's firewall was set or changed (`Network.setFirewall`). */
interface FirewallChangedEvent extends HostEventBase<'net.firewall.changed'> {
  readonly enabled: boolean;
  readonly defaultInbound: 'allow' | 'block';
  readonly defaultOutbound: 'allow' | 'block';
  /** Each rule as `netsh advfirewall firewall` would state it, in the order given. */
  readonly rules: readonly string[];
  /** Seconds of silence after which the firewall forgets a connection, when set. */
  readonly idleTimeoutSeconds?: number;
}

/** A listener opened. */
interface ListenEvent extends HostEventBase<'tcp.listen'> {
  /** `address:port` bound, or `any address port N`. */
  readonly local: string;
  readonly process: string;
}

/** A listener closed. */
interface ListenClosedEvent extends HostEventBase<'tcp.listen.closed'> {
  readonly local: string;
  readonly process: string;
}

/** A SYN is sent. */
interface ConnectEvent extends SessionEventBase<'tcp.connect'> {
  readonly process: string;
}

/** The SYN-ACK arrived at the client. */
type ConnectedEvent = SessionEventBase<'tcp.connected'>;

/** The handshake is done at the server. */
interface AcceptedEvent extends SessionEventBase<'tcp.accepted'> {
  readonly process: string;
}

/** RST in answer to the SYN: nothing listens on that address and port. */
type RefusedEvent = SessionEventBase<'tcp.refused'>;

/** The handshake or an established session gave up. */
interface TimeoutEvent extends SessionEventBase<'tcp.timeout'> {
  readonly phase: 'connect' | 'established';
  readonly reason: 'no-response' | 'no-route';
}

/** The session was reset, by this end or the peer. */
interface ResetEvent extends SessionEventBase<'tcp.reset'> {
  readonly by: 'local' | 'peer';
}

/** A frame was delivered to the receiver. */
interface DataEvent extends SessionEventBase<'tcp.data'> {
  readonly bytes: number;
}

/** The session closed; `by` sent the first FIN. */
interface ClosedEvent extends SessionEventBase<'tcp.closed'> {
  readonly by: 'local' | 'peer';
}
