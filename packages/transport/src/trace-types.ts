/**
 * The trace event types the transport emits (`source: 'transport'`). Every event carries
 * `t`, `host` (except the network-wide `net.partitioned` / `net.healed`), `source` and `type`;
 * the fields of each:
 *
 * | type | fields |
 * | --- | --- |
 * | `net.address.changed` | `interface`, `segment`, `added`, `removed` (canonical addresses) |
 * | `net.partitioned` / `net.healed` | `name`, and `sideA`, `sideB` when partitioned |
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
export type TransportTraceType =
  | 'net.address.changed'
  | 'net.partitioned'
  | 'net.healed'
  | 'tcp.listen'
  | 'tcp.listen.closed'
  | 'tcp.connect'
  | 'tcp.connected'
  | 'tcp.accepted'
  | 'tcp.refused'
  | 'tcp.timeout'
  | 'tcp.reset'
  | 'tcp.data'
  | 'tcp.closed';

/**
 * Every {@link TransportTraceType}, in the order above, for consumers that check or filter by type.
 *
 * @example
 * ```ts
 * TRANSPORT_TRACE_TYPES.includes('tcp.refused'); // => true
 * ```
 */
export const TRANSPORT_TRACE_TYPES: readonly TransportTraceType[] = Object.freeze([
  'net.address.changed',
  'net.partitioned',
  'net.healed',
  'tcp.listen',
  'tcp.listen.closed',
  'tcp.connect',
  'tcp.connected',
  'tcp.accepted',
  'tcp.refused',
  'tcp.timeout',
  'tcp.reset',
  'tcp.data',
  'tcp.closed',
]);
