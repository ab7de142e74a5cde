import type { Clock, TimerId } from '@mqsim/filetime';
import type { TcpFlags } from '../capture.js';
import { NetworkConfigError, SessionStateError } from '../errors.js';
import { formatEndpoint } from '../ip-address.js';
import type {
  ConnectHandlers,
  Listener,
  ListenHandlers,
  Session,
  SessionOutcome,
  TcpState,
} from '../session.js';
import type { Route } from './route.js';
import type { DynamicMapping, HostState } from './topology.js';

/** What sessions and directions need from the TCP stack that owns them. */
export interface TcpEngine {
  readonly clock: Clock;
  /** Sends one segment of `direction` and returns its arrival tick, or −1 when it is lost. */
  transmit(direction: Direction, header: MutableHeader): number;
  /** Data retransmissions allowed before the connection is aborted. */
  readonly maxDataRetransmissions: number;
  readonly retransmitTimeout: number;
  /** Whether `tcp.data` trace events are wanted. */
  readonly tracing: boolean;
  delivered(receiver: SessionImpl, bytes: number): void;
  acknowledged(receiver: SessionImpl): void;
  finReceived(receiver: SessionImpl, sender: SessionImpl): void;
  retransmissionsExhausted(sender: SessionImpl): void;
  close(session: SessionImpl): void;
  reset(session: SessionImpl): void;
}

/** A packet header the hot path fills in place instead of allocating. */
export interface MutableHeader {
  flags: TcpFlags;
  seq: number;
  ack: number;
  length: number;
  stream: number;
  retransmission: boolean;
}

/** Stand-ins queued between frames, so control segments keep their place in the byte stream. */
const ACK_MARK = Object.freeze({ mark: 'ACK' });
const FIN_MARK = Object.freeze({ mark: 'FIN' });

type AnyHandlers = ConnectHandlers<unknown> & ListenHandlers<unknown>;

/** One end of a TCP connection. */
export class SessionImpl implements Session<unknown> {
  readonly stream: number;
  readonly side: 'client' | 'server';
  readonly hostState: HostState;
  readonly process: string;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly local: string;
  readonly remote: string;
  /** The host table key: `local>remote`. */
  readonly key: string;
  readonly handlers: AnyHandlers;
  readonly engine: TcpEngine;
  state: TcpState;
  outcome: SessionOutcome | undefined = undefined;
  framesSent = 0;
  framesReceived = 0;
  /** Frames and control segments to the peer; set once the peer session exists. */
  out: Direction | undefined = undefined;
  peer: SessionImpl | undefined = undefined;
  /** SYN retransmission / connect deadline / half-open / TIME_WAIT timer. */
  timer: TimerId | undefined = undefined;
  synAttempts = 0;
  deadline = 0;
  /** The SYN route's NAT mappings this connection holds. */
  mappings: DynamicMapping[] = [];

  constructor(init: {
    engine: TcpEngine;
    stream: number;
    side: 'client' | 'server';
    host: HostState;
    process: string;
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
    handlers: AnyHandlers;
    state: TcpState;
  }) {
    this.engine = init.engine;
    this.stream = init.stream;
    this.side = init.side;
    this.hostState = init.host;
    this.process = init.process;
    this.localAddress = init.localAddress;
    this.localPort = init.localPort;
    this.remoteAddress = init.remoteAddress;
    this.remotePort = init.remotePort;
    this.local = formatEndpoint(init.localAddress, init.localPort);
    this.remote = formatEndpoint(init.remoteAddress, init.remotePort);
    this.key = `${this.local}>${this.remote}`;
    this.handlers = init.handlers;
    this.state = init.state;
  }

  get host(): string {
    return this.hostState.name;
  }

  send(frame: unknown, bytes?: number): void {
    if (this.state !== 'ESTABLISHED') {
      throw new SessionStateError(
        `cannot send on session ${this.local} → ${this.remote} on host '${this.host}': it is ${this.state}${
          this.outcome === undefined ? '' : ` (${this.outcome})`
        }`,
        {
          value: this.state,
          allowed: 'ESTABLISHED: send after onConnect/onAccept and before onClose/onReset',
        },
      );
    }
    if (bytes !== undefined && !(bytes >= 0 && bytes <= Number.MAX_SAFE_INTEGER)) {
      throw new NetworkConfigError(
        `send on session ${this.local} → ${this.remote}: bytes=${String(bytes)} is not a size`,
        {
          value: bytes,
          allowed: "a number of bytes ≥ 0, or nothing to use the frame's own length",
        },
      );
    }
    this.framesSent++;
    (this.out as Direction).push(frame, bytes === undefined ? sizeOf(frame) : bytes, 'PSH,ACK');
  }

  close(): void {
    this.engine.close(this);
  }

  reset(): void {
    this.engine.reset(this);
  }

  /** The header's acknowledgement number: what this end has taken in (relative). */
  get ackNumber(): number {
    return this.peer?.out === undefined ? 1 : this.peer.out.seq;
  }
}

function sizeOf(frame: unknown): number {
  if (typeof frame === 'string') return frame.length;
  if (typeof frame === 'object' && frame !== null) {
    const length = (frame as { byteLength?: unknown }).byteLength;
    if (typeof length === 'number') return length;
  }
  return 0;
}

/** A retransmission waiting for its time-out. */
interface Retransmission {
  readonly direction: Direction;
  readonly index: number;
  readonly generation: number;
  attempt: number;
}

/**
 * One direction of a connection: the frames in flight from `sender` to `receiver`, delivered in
 * order. Each frame normally costs one clock event, scheduled when it is sent, at
 * max(previous delivery, arrival); a lost frame holds back the ones behind it (head-of-line
 * blocking) until its retransmission arrives.
 */
export class Direction {
  readonly sender: SessionImpl;
  readonly receiver: SessionImpl;
  readonly engine: TcpEngine;
  route: Route | undefined = undefined;
  /** Whether `route` still leads to `receiver` (checked when the topology changes). */
  routeReaches = false;
  /** Next relative sequence number (the SYN took 0). */
  seq = 1;
  lastDelivery = 0;
  /** Frames from `head` that have a delivery event. */
  scheduled = 0;
  /** Frames waiting for a retransmission to get through. */
  lost = 0;
  /** Bumped when queued frames are discarded, so their retransmission timers know. */
  generation = 0;
  readonly header: MutableHeader;
  #frames: unknown[];
  #sizes: Float64Array;
  #seqs: Float64Array;
  #arrivals: Float64Array;
  #mask: number;
  #head = 0;
  #tail = 0;

  constructor(engine: TcpEngine, sender: SessionImpl, receiver: SessionImpl) {
    this.engine = engine;
    this.sender = sender;
    this.receiver = receiver;
    this.header = {
      flags: 'PSH,ACK',
      seq: 0,
      ack: 0,
      length: 0,
      stream: sender.stream,
      retransmission: false,
    };
    const capacity = 16;
    this.#frames = new Array<unknown>(capacity).fill(undefined);
    this.#sizes = new Float64Array(capacity);
    this.#seqs = new Float64Array(capacity);
    this.#arrivals = new Float64Array(capacity);
    this.#mask = capacity - 1;
  }

  /** Frames queued and not yet delivered. */
  get inFlight(): number {
    return this.#tail - this.#head;
  }

  /** Queues the handshake's final ACK, so the peer is established before any data arrives. */
  pushAck(): void {
    this.push(ACK_MARK, 0, 'ACK');
  }

  pushFin(): void {
    this.push(FIN_MARK, 0, 'FIN,ACK');
  }

  push(item: unknown, bytes: number, flags: TcpFlags): void {
    if (this.#tail - this.#head === this.#frames.length) this.#grow();
    const index = this.#tail++;
    const slot = index & this.#mask;
    const seq = this.seq;
    this.#frames[slot] = item;
    this.#sizes[slot] = bytes;
    this.#seqs[slot] = seq;
    // A FIN takes one sequence number, like a byte.
    this.seq = seq + (item === FIN_MARK ? 1 : bytes);
    const header = this.header;
    header.flags = flags;
    header.seq = seq;
    header.length = bytes;
    header.retransmission = false;
    const arrival = this.engine.transmit(this, header);
    if (arrival < 0) {
      this.#arrivals[slot] = Number.NaN;
      this.lost++;
      this.#scheduleRetransmission(index, 1);
    } else if (this.lost === 0) {
      // Nothing is held back: every earlier frame already has its event.
      const delivery = Math.max(arrival, this.lastDelivery);
      this.lastDelivery = delivery;
      this.#arrivals[slot] = delivery;
      this.scheduled++;
      this.engine.clock.scheduleAt(delivery, deliverNext, this);
    } else {
      this.#arrivals[slot] = arrival;
    }
  }

  /** Drops frames that are not yet on their way (an abortive close), and stops their timers. */
  discardPending(): void {
    for (let index = this.#head + this.scheduled; index < this.#tail; index++) {
      this.#frames[index & this.#mask] = undefined;
    }
    this.#tail = this.#head + this.scheduled;
    this.lost = 0;
    this.generation++;
  }

  /** Runs at a delivery event: hands the head frame to the receiver. */
  deliver(): void {
    const slot = this.#head & this.#mask;
    const item = this.#frames[slot];
    const bytes = this.#sizes[slot] as number;
    this.#frames[slot] = undefined;
    this.#head++;
    this.scheduled--;
    const receiver = this.receiver;
    if (item === ACK_MARK) {
      this.engine.acknowledged(receiver);
    } else if (item === FIN_MARK) {
      this.engine.finReceived(receiver, this.sender);
    } else if (receiver.state === 'ESTABLISHED') {
      receiver.framesReceived++;
      if (this.engine.tracing) this.engine.delivered(receiver, bytes);
      receiver.handlers.onData?.(receiver, item);
    }
    // Otherwise the receiver closed or reset: data arriving then is discarded.
  }

  #scheduleRetransmission(index: number, attempt: number): void {
    const record: Retransmission = { direction: this, index, generation: this.generation, attempt };
    const wait = this.engine.retransmitTimeout * 2 ** (attempt - 1);
    this.engine.clock.schedule(wait, retransmit, record);
  }

  /** Runs when a lost frame's retransmission time-out expires. */
  retransmit(record: Retransmission): void {
    if (record.generation !== this.generation) return;
    if (record.attempt > this.engine.maxDataRetransmissions) {
      this.engine.retransmissionsExhausted(this.sender);
      return;
    }
    const slot = record.index & this.#mask;
    const item = this.#frames[slot];
    const header = this.header;
    header.flags = item === ACK_MARK ? 'ACK' : item === FIN_MARK ? 'FIN,ACK' : 'PSH,ACK';
    header.seq = this.#seqs[slot] as number;
    header.length = this.#sizes[slot] as number;
    header.retransmission = true;
    const arrival = this.engine.transmit(this, header);
    if (arrival < 0) {
      record.attempt++;
      const wait = this.engine.retransmitTimeout * 2 ** (record.attempt - 1);
      this.engine.clock.schedule(wait, retransmit, record);
      return;
    }
    this.#arrivals[slot] = arrival;
    this.lost--;
    this.#flush();
  }

  // Gives delivery events, in order, to the frames behind the head that now all have arrival
  // times, stopping at the first one still waiting for a retransmission.
  #flush(): void {
    const clock = this.engine.clock;
    while (this.#head + this.scheduled < this.#tail) {
      const slot = (this.#head + this.scheduled) & this.#mask;
      const arrival = this.#arrivals[slot] as number;
      if (Number.isNaN(arrival)) return;
      const delivery = Math.max(arrival, this.lastDelivery, clock.ticks());
      this.lastDelivery = delivery;
      this.#arrivals[slot] = delivery;
      this.scheduled++;
      clock.scheduleAt(delivery, deliverNext, this);
    }
  }

  #grow(): void {
    const capacity = this.#frames.length * 2;
    const frames = new Array<unknown>(capacity).fill(undefined);
    const sizes = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const arrivals = new Float64Array(capacity);
    for (let index = this.#head; index < this.#tail; index++) {
      const from = index & this.#mask;
      const to = index & (capacity - 1);
      frames[to] = this.#frames[from];
      sizes[to] = this.#sizes[from] as number;
      seqs[to] = this.#seqs[from] as number;
      arrivals[to] = this.#arrivals[from] as number;
    }
    this.#frames = frames;
    this.#sizes = sizes;
    this.#seqs = seqs;
    this.#arrivals = arrivals;
    this.#mask = capacity - 1;
  }
}

// Shared event callbacks: one function for every delivery, so scheduling allocates nothing.
function deliverNext(direction: Direction): void {
  direction.deliver();
}

function retransmit(record: Retransmission): void {
  record.direction.retransmit(record);
}

/** A listening socket. */
export class ListenerImpl implements Listener {
  readonly hostState: HostState;
  /** `'any'`, `'0.0.0.0'`, `'::'` or a canonical address. */
  readonly address: string;
  readonly port: number;
  readonly process: string;
  readonly handlers: AnyHandlers;
  open = true;
  readonly #isStale: (listener: ListenerImpl) => boolean;
  readonly #close: (listener: ListenerImpl) => void;

  constructor(init: {
    host: HostState;
    address: string;
    port: number;
    process: string;
    handlers: AnyHandlers;
    isStale: (listener: ListenerImpl) => boolean;
    close: (listener: ListenerImpl) => void;
  }) {
    this.hostState = init.host;
    this.address = init.address;
    this.port = init.port;
    this.process = init.process;
    this.handlers = init.handlers;
    this.#isStale = init.isStale;
    this.#close = init.close;
  }

  get host(): string {
    return this.hostState.name;
  }

  get stale(): boolean {
    return this.#isStale(this);
  }

  close(): void {
    if (this.open) this.#close(this);
  }
}
