import type { Clock, TraceSink } from '@mqsim/filetime';
import type { TcpFlags } from '../capture.js';
import { AddressInUseError, AddressNotAvailableError } from '../errors.js';
import {
  compareAddresses,
  familyOf,
  formatEndpoint,
  isLoopbackAddress,
  isUnspecifiedAddress,
} from '../ip-address.js';
import type { NetstatRow } from '../netstat.js';
import type { ConnectHandlers, ListenHandlers, Session, TcpState } from '../session.js';
import type { TcpSettings } from '../settings.js';
import type {
  TransportTraceEvent,
  TransportTraceFields,
  TransportTraceType,
} from '../trace-types.js';
import type { FirewallTable } from './firewall-table.js';
import { type Route, type RouteContext, resolveRoute } from './route.js';
import {
  Direction,
  ListenerImpl,
  type MutableHeader,
  SessionImpl,
  type TcpEngine,
} from './tcp-session.js';
import type { HostState, Topology } from './topology.js';
import type { Transmitter } from './transmitter.js';

/** A host's sockets. */
interface HostTcp {
  readonly listeners: ListenerImpl[];
  /** Every session not yet CLOSED, by `local>remote`. */
  readonly sessions: Map<string, SessionImpl>;
  /** Local ports held by client sessions (count per port). */
  readonly ports: Map<number, number>;
  nextPort: number;
}

/** A SYN, SYN-ACK, RST or stray segment on its way, with the route it takes. */
interface ControlPacket {
  readonly flags: TcpFlags;
  readonly route: Route;
  /** The session that sent it, when the receiver needs to pair with it (SYN, SYN-ACK). */
  readonly origin: SessionImpl | undefined;
}

const SEND = { syn: false, create: false, preview: false } as const;
const SYN = { syn: true, create: true, preview: false } as const;
const PREVIEW = { syn: true, create: false, preview: true } as const;

/** A packet leaving a host, as the sender's firewall judges it. */
interface OutgoingPacket {
  /** The connection as the sender sees it: `local>remote`. */
  readonly key: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly flags: TcpFlags;
}

/** Connect target and options, already checked by the network. */
export interface ConnectRequest {
  readonly host: HostState;
  readonly address: string;
  readonly port: number;
  readonly process: string;
  readonly timeout: number;
  readonly localAddress: string | undefined;
}

/**
 * TCP for every host of a network: listeners, the three-way handshake, in-order data, orderly
 * and abortive close, retransmission time-outs, TIME_WAIT, and the demultiplexing of SYNs and
 * RSTs by address and port.
 */
export class TcpStack implements TcpEngine {
  readonly clock: Clock;
  readonly maxDataRetransmissions: number;
  readonly retransmitTimeout: number;
  readonly tracing: boolean;
  readonly #settings: TcpSettings;
  readonly #topology: Topology;
  readonly #routes: RouteContext;
  readonly #transmitter: Transmitter;
  readonly #trace: TraceSink;
  readonly #firewalls: FirewallTable;
  readonly #hosts = new Map<HostState, HostTcp>();
  #nextStream = 0;

  constructor(init: {
    clock: Clock;
    settings: TcpSettings;
    topology: Topology;
    routes: RouteContext;
    transmitter: Transmitter;
    firewalls: FirewallTable;
    trace: TraceSink | undefined;
  }) {
    this.clock = init.clock;
    this.#settings = init.settings;
    this.maxDataRetransmissions = init.settings.maxDataRetransmissions;
    this.retransmitTimeout = init.settings.retransmitTimeout;
    this.#topology = init.topology;
    this.#routes = init.routes;
    this.#transmitter = init.transmitter;
    this.#firewalls = init.firewalls;
    this.#trace = init.trace ?? { emit() {} };
    this.tracing = init.trace !== undefined;
  }

  // ---- listening ----------------------------------------------------------------------------

  /**
   * Opens a listener. `address` is `'any'`, an unspecified address, or a canonical address.
   * @throws {AddressNotAvailableError} when the host does not have `address`.
   * @throws {AddressInUseError} when another listener holds the same address and port.
   */
  listen(
    host: HostState,
    address: string,
    port: number,
    process: string,
    handlers: ListenHandlers<unknown>,
  ): ListenerImpl {
    const where = `listen on ${describeBinding(address, port)} on host '${host.name}'`;
    if (
      address !== 'any' &&
      !isUnspecifiedAddress(address) &&
      !isLoopbackAddress(address) &&
      this.#topology.interfaceWith(host, address) === undefined
    ) {
      throw new AddressNotAvailableError(
        `${where}: the host does not have address ${address} (WSAEADDRNOTAVAIL)`,
        { value: address, allowed: describeAddresses(host) },
      );
    }
    const tcp = this.#tcp(host);
    const clash = tcp.listeners.find(
      (listener) => listener.port === port && bindingsOverlap(listener.address, address),
    );
    if (clash !== undefined) {
      throw new AddressInUseError(
        `${where}: ${describeBinding(clash.address, port)} is already held by ${clash.process} (WSAEADDRINUSE)`,
        { value: formatEndpoint(address, port), allowed: 'an address and port no listener holds' },
      );
    }
    const listener = new ListenerImpl({
      host,
      address,
      port,
      process,
      handlers,
      isStale: (candidate) =>
        candidate.address !== 'any' &&
        !isUnspecifiedAddress(candidate.address) &&
        !isLoopbackAddress(candidate.address) &&
        this.#topology.interfaceWith(candidate.hostState, candidate.address) === undefined,
      close: (closing) => this.#closeListener(closing),
    });
    tcp.listeners.push(listener);
    this.#emit(host, 'tcp.listen', { local: describeBinding(address, port), process });
    return listener;
  }

  #closeListener(listener: ListenerImpl): void {
    listener.open = false;
    const listeners = this.#tcp(listener.hostState).listeners;
    listeners.splice(listeners.indexOf(listener), 1);
    this.#emit(listener.hostState, 'tcp.listen.closed', {
      local: describeBinding(listener.address, listener.port),
      process: listener.process,
    });
  }

  // The listener a SYN to address:port on `host` reaches: one bound to exactly that address
  // first, else one bound to all addresses of the family.
  #listenerFor(host: HostState, address: string, port: number): ListenerImpl | undefined {
    const listeners = this.#tcp(host).listeners;
    const exact = listeners.find(
      (listener) => listener.port === port && listener.address === address,
    );
    if (exact !== undefined) return exact;
    const family = familyOf(address);
    return listeners.find(
      (listener) =>
        listener.port === port &&
        (listener.address === 'any' ||
          (isUnspecifiedAddress(listener.address) && familyOf(listener.address) === family)),
    );
  }

  // ---- connecting ---------------------------------------------------------------------------

  /**
   * Starts a connection: picks the source address and an ephemeral port, sends the SYN.
   * @throws {AddressNotAvailableError} when `localAddress` is not the host's.
   */
  connect(request: ConnectRequest, handlers: ConnectHandlers<unknown>): SessionImpl {
    const { host, address } = request;
    const source = this.#sourceAddress(request);
    const tcp = this.#tcp(host);
    const stream = ++this.#nextStream;
    const unspecified = familyOf(address) === 'ipv4' ? '0.0.0.0' : '::';
    const localPort = source === undefined ? 0 : this.#ephemeralPort(host, tcp);
    const session = this.#newClient(request, handlers, stream, source ?? unspecified, localPort);
    this.#emit(host, 'tcp.connect', {
      stream,
      local: session.local,
      remote: session.remote,
      process: request.process,
    });
    if (source === undefined) {
      // No address of the destination's family: Windows fails at once (WSAENETUNREACH), but
      // callbacks never run inside connect().
      session.timer = this.clock.schedule(0, noRouteTimeout, session);
      return session;
    }
    tcp.sessions.set(session.key, session);
    tcp.ports.set(localPort, (tcp.ports.get(localPort) ?? 0) + 1);
    session.deadline = this.clock.ticks() + request.timeout;
    this.#sendSyn(session);
    return session;
  }

  #newClient(
    request: ConnectRequest,
    handlers: ConnectHandlers<unknown>,
    stream: number,
    localAddress: string,
    localPort: number,
  ): SessionImpl {
    return new SessionImpl({
      engine: this,
      stream,
      side: 'client',
      host: request.host,
      process: request.process,
      localAddress,
      localPort,
      remoteAddress: request.address,
      remotePort: request.port,
      handlers,
      state: 'SYN_SENT',
    });
  }

  // The address a connection leaves from: the one asked for; the loopback or the destination
  // itself for local connections; else the first address of the family whose route gets there,
  // or just the first of the family.
  #sourceAddress(request: ConnectRequest): string | undefined {
    const { host, address } = request;
    if (request.localAddress !== undefined) {
      const wanted = request.localAddress;
      if (!isLoopbackAddress(wanted) && this.#topology.interfaceWith(host, wanted) === undefined) {
        throw new AddressNotAvailableError(
          `connect from ${wanted} on host '${host.name}': the host does not have that address (WSAEADDRNOTAVAIL)`,
          { value: wanted, allowed: describeAddresses(host) },
        );
      }
      return wanted;
    }
    if (isLoopbackAddress(address)) return address === '::1' ? '::1' : '127.0.0.1';
    if (this.#topology.interfaceWith(host, address) !== undefined) return address;
    const family = familyOf(address);
    const candidates = host.interfaces.flatMap((iface) =>
      iface.addresses.filter((candidate) => familyOf(candidate) === family),
    );
    for (const candidate of candidates) {
      const route = resolveRoute(this.#routes, host, candidate, 0, address, request.port, PREVIEW);
      if (route.drop === undefined) return candidate;
    }
    return candidates[0];
  }

  #ephemeralPort(host: HostState, tcp: HostTcp): number {
    const { ephemeralPortFirst: first, ephemeralPortLast: last } = this.#settings;
    const span = last - first + 1;
    for (let tried = 0; tried < span; tried++) {
      const port = tcp.nextPort;
      tcp.nextPort = port === last ? first : port + 1;
      if (!tcp.ports.has(port) && !tcp.listeners.some((listener) => listener.port === port)) {
        return port;
      }
    }
    throw new AddressInUseError(
      `connect from host '${host.name}': all ${span} ephemeral ports are in use (WSAENOBUFS)`,
      { value: span, allowed: `fewer than ${span} connections from one host at once` },
    );
  }

  #sendSyn(session: SessionImpl): void {
    const route = this.#sendControl(
      session.hostState,
      session.localAddress,
      session.localPort,
      session.remoteAddress,
      session.remotePort,
      'SYN',
      0,
      0,
      session.stream,
      session,
      session.synAttempts > 0,
      SYN,
    );
    for (const mapping of route.created) {
      mapping.users++;
      session.mappings.push(mapping);
    }
    // Next: a retransmission after the doubling back-off, or give up at the deadline.
    const backoff = this.#settings.synRetransmitTimeout * 2 ** session.synAttempts;
    const retransmitAt = this.clock.ticks() + backoff;
    const more = session.synAttempts < this.#settings.maxSynRetransmissions;
    const at = more && retransmitAt < session.deadline ? retransmitAt : session.deadline;
    session.timer = this.clock.scheduleAt(Math.max(at, this.clock.ticks()), synTimer, session);
  }

  /** The SYN timer fired: retransmit, or give up. */
  synTimerFired(session: SessionImpl): void {
    session.timer = undefined;
    if (session.state !== 'SYN_SENT') return;
    if (this.clock.ticks() >= session.deadline) {
      this.#connectTimedOut(session, 'no-response');
      return;
    }
    session.synAttempts++;
    this.#sendSyn(session);
  }

  noRouteTimeout(session: SessionImpl): void {
    session.timer = undefined;
    this.#connectTimedOut(session, 'no-route');
  }

  #connectTimedOut(session: SessionImpl, reason: 'no-response' | 'no-route'): void {
    session.state = 'CLOSED';
    session.outcome = 'timeout';
    this.#finish(session);
    this.#emit(session.hostState, 'tcp.timeout', {
      stream: session.stream,
      local: session.local,
      remote: session.remote,
      phase: 'connect',
      reason,
    });
    session.handlers.onTimeout?.(session);
  }

  // ---- control segments ---------------------------------------------------------------------

  #sendControl(
    from: HostState,
    srcAddress: string,
    srcPort: number,
    dstAddress: string,
    dstPort: number,
    flags: TcpFlags,
    seq: number,
    ack: number,
    stream: number,
    origin: SessionImpl | undefined,
    retransmission: boolean,
    mode: typeof SEND | typeof SYN,
  ): Route {
    const resolved = resolveRoute(
      this.#routes,
      from,
      srcAddress,
      srcPort,
      dstAddress,
      dstPort,
      mode,
    );
    const route = this.#firewalls.active
      ? this.#filter(resolved, from, {
          key: `${formatEndpoint(srcAddress, srcPort)}>${formatEndpoint(dstAddress, dstPort)}`,
          remoteAddress: dstAddress,
          remotePort: dstPort,
          flags,
        })
      : resolved;
    const header = { flags, seq, ack, length: 0, stream, retransmission };
    const arrival = this.#transmitter.send(route, header);
    if (arrival >= 0 && route.host !== undefined) {
      const packet: ControlPacket = { flags, route, origin };
      this.clock.scheduleAt(arrival, arriveControl, { stack: this, packet });
    }
    return resolved;
  }

  /**
   * `route`, or a copy that ends in a `'firewall'` drop: on the first hop when the sender's
   * firewall stops the packet, on the last when the receiver's does. Firewalls judge a packet when
   * it is sent. Connections a host makes to itself take the loopback, which Windows Firewall does
   * not filter.
   */
  #filter(route: Route, from: HostState, packet: OutgoingPacket): Route {
    if (route.hops[0]?.segment === 'loopback') return route;
    const now = this.clock.ticks();
    const { key, flags } = packet;
    const sender = this.#firewalls.guarding(from);
    if (
      sender !== undefined &&
      !sender.passes(key, flags, now, false, packet.remoteAddress, packet.remotePort, true)
    ) {
      return {
        ...route,
        hops: route.hops.slice(0, 1),
        drop: 'firewall',
        dropAt: from.name,
        host: undefined,
      };
    }
    const to = route.host;
    if (route.drop !== undefined || to === undefined) return route;
    const receiver = this.#firewalls.guarding(to);
    if (receiver === undefined) return route;
    const local = formatEndpoint(route.dstAddress, route.dstPort);
    const inbound = `${local}>${formatEndpoint(route.srcAddress, route.srcPort)}`;
    // An inbound SYN's connection is tracked when it arrives (`controlArrived`), not when sent.
    if (receiver.passes(inbound, flags, now, true, route.srcAddress, route.dstPort, false)) {
      return route;
    }
    return { ...route, drop: 'firewall', dropAt: to.name, host: undefined };
  }

  /** A control (or stray) segment reached its host: find the socket it is for. */
  controlArrived(packet: ControlPacket): void {
    const { route } = packet;
    const host = route.host as HostState;
    const local = formatEndpoint(route.dstAddress, route.dstPort);
    const remote = formatEndpoint(route.srcAddress, route.srcPort);
    const session = this.#tcp(host).sessions.get(`${local}>${remote}`);
    switch (packet.flags) {
      case 'SYN':
        // The host's firewall let it in (loopback is not filtered): it tracks the connection now.
        if (route.hops[0]?.segment !== 'loopback') {
          this.#firewalls.admit(host, `${local}>${remote}`, this.clock.ticks());
        }
        this.#synArrived(host, route, session, packet.origin);
        return;
      case 'SYN,ACK':
        if (session === undefined) this.#answerWithReset(host, route, packet.origin);
        else if (session.state === 'SYN_SENT' && session.peer === packet.origin) {
          this.#established(session);
        }
        return;
      case 'RST,ACK':
        if (session !== undefined) this.#resetArrived(session);
        return;
      default:
        // A data, ACK or FIN segment for a connection this host does not have.
        if (session === undefined) this.#answerWithReset(host, route, undefined);
    }
  }

  #synArrived(
    host: HostState,
    route: Route,
    existing: SessionImpl | undefined,
    client: SessionImpl | undefined,
  ): void {
    if (existing !== undefined) {
      // A retransmitted SYN: the SYN-ACK was lost, send it again.
      if (existing.state === 'SYN_RECEIVED') this.#sendSynAck(existing, true);
      return;
    }
    const listener = this.#listenerFor(host, route.dstAddress, route.dstPort);
    if (listener === undefined || client === undefined) {
      // The RST that refuses a SYN belongs to that SYN's connection (Wireshark's tcp.stream).
      this.#answerWithReset(host, route, client);
      return;
    }
    const server = new SessionImpl({
      engine: this,
      stream: client.stream,
      side: 'server',
      host,
      process: listener.process,
      localAddress: route.dstAddress,
      localPort: route.dstPort,
      remoteAddress: route.srcAddress,
      remotePort: route.srcPort,
      handlers: listener.handlers,
      state: 'SYN_RECEIVED',
    });
    this.#tcp(host).sessions.set(server.key, server);
    server.peer = client;
    client.peer = server;
    server.out = new Direction(this, server, client);
    client.out = new Direction(this, client, server);
    // A half-open connection whose client never completes is dropped after the same 21 s
    // (Windows TcpMaxConnectResponseRetransmissions 2).
    const { synRetransmitTimeout, maxSynRetransmissions } = this.#settings;
    server.timer = this.clock.schedule(
      synRetransmitTimeout * (2 ** (maxSynRetransmissions + 1) - 1),
      halfOpenTimer,
      server,
    );
    this.#sendSynAck(server, false);
  }

  #sendSynAck(server: SessionImpl, retransmission: boolean): void {
    this.#sendControl(
      server.hostState,
      server.localAddress,
      server.localPort,
      server.remoteAddress,
      server.remotePort,
      'SYN,ACK',
      0,
      1,
      server.stream,
      server,
      retransmission,
      SEND,
    );
  }

  halfOpenExpired(server: SessionImpl): void {
    server.timer = undefined;
    if (server.state !== 'SYN_RECEIVED') return;
    server.state = 'CLOSED';
    server.outcome = 'timeout';
    this.#finish(server);
  }

  // RST in answer to a segment nobody here expects: "connection refused" for a SYN.
  #answerWithReset(host: HostState, route: Route, origin: SessionImpl | undefined): void {
    this.#sendControl(
      host,
      route.dstAddress,
      route.dstPort,
      route.srcAddress,
      route.srcPort,
      'RST,ACK',
      0,
      1,
      origin?.stream ?? 0,
      undefined,
      false,
      SEND,
    );
  }

  #established(client: SessionImpl): void {
    if (client.timer !== undefined) this.clock.cancel(client.timer);
    client.timer = undefined;
    client.state = 'ESTABLISHED';
    this.#emit(client.hostState, 'tcp.connected', {
      stream: client.stream,
      local: client.local,
      remote: client.remote,
    });
    (client.out as Direction).pushAck();
    client.handlers.onConnect?.(client);
  }

  acknowledged(server: SessionImpl): void {
    if (server.state !== 'SYN_RECEIVED') return;
    if (server.timer !== undefined) this.clock.cancel(server.timer);
    server.timer = undefined;
    server.state = 'ESTABLISHED';
    this.#emit(server.hostState, 'tcp.accepted', {
      stream: server.stream,
      local: server.local,
      remote: server.remote,
      process: server.process,
    });
    server.handlers.onAccept?.(server);
  }

  #resetArrived(session: SessionImpl): void {
    switch (session.state) {
      case 'SYN_SENT':
        if (session.timer !== undefined) this.clock.cancel(session.timer);
        session.timer = undefined;
        session.state = 'CLOSED';
        session.outcome = 'refused';
        this.#finish(session);
        this.#emit(session.hostState, 'tcp.refused', {
          stream: session.stream,
          local: session.local,
          remote: session.remote,
        });
        session.handlers.onRefused?.(session);
        return;
      case 'TIME_WAIT':
      case 'CLOSED':
        return;
      case 'SYN_RECEIVED':
      case 'LAST_ACK':
        // Never accepted, or already reported closed: the RST only ends it sooner, silently.
        session.state = 'CLOSED';
        this.#finish(session);
        return;
      default:
        session.state = 'CLOSED';
        session.outcome = 'reset';
        session.out?.discardPending();
        this.#finish(session);
        this.#emit(session.hostState, 'tcp.reset', {
          stream: session.stream,
          local: session.local,
          remote: session.remote,
          by: 'peer',
        });
        session.handlers.onReset?.(session, 'rst');
    }
  }

  // ---- data ---------------------------------------------------------------------------------

  transmit(direction: Direction, header: MutableHeader): number {
    let route = direction.route;
    if (route === undefined || route.version !== this.#topology.version) {
      route = this.#routeOf(direction);
    }
    if (this.#transmitter.capturing) header.ack = direction.sender.ackNumber;
    const sent = this.#firewalls.active
      ? this.#filter(route, direction.sender.hostState, {
          key: direction.sender.key,
          remoteAddress: direction.sender.remoteAddress,
          remotePort: direction.sender.remotePort,
          flags: header.flags,
        })
      : route;
    const arrival = this.#transmitter.send(sent, header);
    if (direction.routeReaches) return arrival;
    // The path now leads to some other host (the address moved): it answers with RST.
    if (arrival >= 0 && sent.host !== undefined) {
      const packet: ControlPacket = { flags: header.flags, route: sent, origin: undefined };
      this.clock.scheduleAt(arrival, arriveControl, { stack: this, packet });
    }
    return -1;
  }

  #routeOf(direction: Direction): Route {
    const { sender, receiver } = direction;
    const route = resolveRoute(
      this.#routes,
      sender.hostState,
      sender.localAddress,
      sender.localPort,
      sender.remoteAddress,
      sender.remotePort,
      SEND,
    );
    direction.route = route;
    direction.routeReaches =
      route.drop === undefined &&
      route.host === receiver.hostState &&
      route.dstAddress === receiver.localAddress &&
      route.dstPort === receiver.localPort &&
      route.srcAddress === receiver.remoteAddress &&
      route.srcPort === receiver.remotePort;
    return route;
  }

  delivered(receiver: SessionImpl, bytes: number): void {
    this.#emit(receiver.hostState, 'tcp.data', {
      stream: receiver.stream,
      local: receiver.local,
      remote: receiver.remote,
      bytes,
    });
  }

  retransmissionsExhausted(sender: SessionImpl): void {
    if (sender.state === 'CLOSED' || sender.state === 'TIME_WAIT') return;
    if (sender.state === 'LAST_ACK') {
      // Its application was told of the close already; the unanswered FIN just ends it.
      sender.state = 'CLOSED';
      this.#finish(sender);
      return;
    }
    sender.state = 'CLOSED';
    sender.outcome = 'timeout';
    sender.out?.discardPending();
    this.#finish(sender);
    this.#emit(sender.hostState, 'tcp.timeout', {
      stream: sender.stream,
      local: sender.local,
      remote: sender.remote,
      phase: 'established',
      reason: 'no-response',
    });
    sender.handlers.onReset?.(sender, 'timeout');
  }

  // ---- closing ------------------------------------------------------------------------------

  close(session: SessionImpl): void {
    if (session.state === 'SYN_SENT') {
      this.#abortConnect(session);
    } else if (session.state === 'ESTABLISHED') {
      session.state = 'FIN_WAIT_1';
      (session.out as Direction).pushFin();
    }
  }

  finReceived(receiver: SessionImpl, sender: SessionImpl): void {
    if (receiver.state === 'ESTABLISHED') {
      // The application is told and the socket closes its side too, as MSMQ does.
      receiver.state = 'LAST_ACK';
      receiver.outcome = 'closed';
      (receiver.out as Direction).pushFin();
      this.#closed(receiver, 'peer');
    } else if (receiver.state === 'FIN_WAIT_1') {
      receiver.state = 'TIME_WAIT';
      receiver.outcome = 'closed';
      receiver.timer = this.clock.schedule(this.#settings.timeWait, timeWaitTimer, receiver);
      this.#closed(receiver, 'local');
    }
    // Our FIN reaching the peer is the last step for a LAST_ACK sender.
    if (sender.state === 'LAST_ACK') {
      sender.state = 'CLOSED';
      this.#finish(sender);
    }
  }

  #closed(session: SessionImpl, by: 'local' | 'peer'): void {
    this.#emit(session.hostState, 'tcp.closed', {
      stream: session.stream,
      local: session.local,
      remote: session.remote,
      by,
    });
    session.handlers.onClose?.(session);
  }

  timeWaitExpired(session: SessionImpl): void {
    session.timer = undefined;
    session.state = 'CLOSED';
    this.#finish(session);
  }

  reset(session: SessionImpl): void {
    if (session.state === 'SYN_SENT') {
      this.#abortConnect(session);
      return;
    }
    if (session.state === 'CLOSED' || session.state === 'TIME_WAIT') return;
    session.out?.discardPending();
    this.#sendControl(
      session.hostState,
      session.localAddress,
      session.localPort,
      session.remoteAddress,
      session.remotePort,
      'RST,ACK',
      session.out?.seq ?? 1,
      session.ackNumber,
      session.stream,
      undefined,
      false,
      SEND,
    );
    session.state = 'CLOSED';
    session.outcome = 'aborted';
    this.#finish(session);
    this.#emit(session.hostState, 'tcp.reset', {
      stream: session.stream,
      local: session.local,
      remote: session.remote,
      by: 'local',
    });
  }

  #abortConnect(session: SessionImpl): void {
    session.state = 'CLOSED';
    session.outcome = 'aborted';
    this.#finish(session);
  }

  // Frees what a session held: its table entry, timer, port and NAT mappings.
  #finish(session: SessionImpl): void {
    if (session.timer !== undefined) this.clock.cancel(session.timer);
    session.timer = undefined;
    const tcp = this.#tcp(session.hostState);
    if (tcp.sessions.get(session.key) === session) {
      tcp.sessions.delete(session.key);
      this.#firewalls.forget(session.hostState, session.key);
    }
    if (session.side === 'client' && session.localPort !== 0) {
      const count = (tcp.ports.get(session.localPort) ?? 1) - 1;
      if (count === 0) tcp.ports.delete(session.localPort);
      else tcp.ports.set(session.localPort, count);
    }
    for (const mapping of session.mappings) {
      if (--mapping.users > 0) continue;
      const { nat } = mapping;
      nat.dynamicByInternal.delete(formatEndpoint(mapping.internalAddress, mapping.internalPort));
      nat.dynamicByExternal.delete(formatEndpoint(mapping.externalAddress, mapping.externalPort));
      // The peer's cached route back through this mapping is no longer valid.
      this.#topology.changed();
    }
    session.mappings = [];
  }

  // ---- observation --------------------------------------------------------------------------

  /** `netstat -anb` rows for `host`, sorted as Windows lists them. */
  netstat(host: HostState): NetstatRow[] {
    const tcp = this.#tcp(host);
    const rows: { row: NetstatRow; keys: [string, number, string, number] }[] = [];
    for (const listener of tcp.listeners) {
      const addresses = listener.address === 'any' ? ['0.0.0.0', '::'] : [listener.address];
      for (const address of addresses) {
        const foreign = familyOf(address) === 'ipv4' ? '0.0.0.0' : '::';
        rows.push({
          row: {
            proto: 'TCP',
            local: formatEndpoint(address, listener.port),
            foreign: formatEndpoint(foreign, 0),
            state: 'LISTENING',
            process: listener.process,
          },
          keys: [address, listener.port, foreign, 0],
        });
      }
    }
    for (const session of tcp.sessions.values()) {
      rows.push({
        row: {
          proto: 'TCP',
          local: session.local,
          foreign: session.remote,
          state: session.state as TcpState,
          process: session.state === 'TIME_WAIT' ? undefined : session.process,
        },
        keys: [session.localAddress, session.localPort, session.remoteAddress, session.remotePort],
      });
    }
    rows.sort(
      (left, right) =>
        compareAddresses(left.keys[0], right.keys[0]) ||
        left.keys[1] - right.keys[1] ||
        compareAddresses(left.keys[2], right.keys[2]) ||
        left.keys[3] - right.keys[3],
    );
    return rows.map((entry) => entry.row);
  }

  /** Every open session of `host`, in the order they were made. */
  sessionsOf(host: HostState): Session<unknown>[] {
    return [...this.#tcp(host).sessions.values()];
  }

  #tcp(host: HostState): HostTcp {
    let tcp = this.#hosts.get(host);
    if (tcp === undefined) {
      tcp = {
        listeners: [],
        sessions: new Map(),
        ports: new Map(),
        nextPort: this.#settings.ephemeralPortFirst,
      };
      this.#hosts.set(host, tcp);
    }
    return tcp;
  }

  #emit<Type extends TransportTraceType>(
    host: HostState,
    type: Type,
    fields: TransportTraceFields<Type>,
  ): void {
    if (!this.tracing) return;
    this.#trace.emit({
      t: this.clock.ticks(),
      host: host.name,
      source: 'transport',
      type,
      ...fields,
    } as TransportTraceEvent);
  }
}

// Shared timer callbacks (one function each, the session as argument).
function synTimer(session: SessionImpl): void {
  (session.engine as TcpStack).synTimerFired(session);
}

function noRouteTimeout(session: SessionImpl): void {
  (session.engine as TcpStack).noRouteTimeout(session);
}

function halfOpenTimer(session: SessionImpl): void {
  (session.engine as TcpStack).halfOpenExpired(session);
}

function timeWaitTimer(session: SessionImpl): void {
  (session.engine as TcpStack).timeWaitExpired(session);
}

function arriveControl(arrival: { stack: TcpStack; packet: ControlPacket }): void {
  arrival.stack.controlArrived(arrival.packet);
}

function describeBinding(address: string, port: number): string {
  return address === 'any' ? `any address port ${port}` : formatEndpoint(address, port);
}

function describeAddresses(host: HostState): string {
  const addresses = host.interfaces.flatMap((iface) => iface.addresses);
  return addresses.length === 0
    ? `the host has no addresses; 'any' or a loopback address`
    : `one of the host's addresses (${addresses.join(', ')}), a loopback address, or 'any'`;
}

// Whether two listener bindings on one port collide: the same address, or two wildcards that
// cover a common family.
function bindingsOverlap(left: string, right: string): boolean {
  if (left === right) return true;
  const wildcard = (address: string) => address === 'any' || isUnspecifiedAddress(address);
  if (!wildcard(left) || !wildcard(right)) return false;
  return left === 'any' || right === 'any';
}
