/**
 * TCP connection states, as `netstat` names them. A session moves
 * `SYN_SENT` (client) or `SYN_RECEIVED` (server) → `ESTABLISHED` → `FIN_WAIT_1` (closed here
 * first) → `TIME_WAIT`, or → `LAST_ACK` (closed by the peer); anything → `CLOSED` on a reset,
 * refusal or time-out.
 */
export type TcpState =
  | 'SYN_SENT'
  | 'SYN_RECEIVED'
  | 'ESTABLISHED'
  | 'FIN_WAIT_1'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'CLOSED';

/**
 * How a session ended: `closed` (orderly FIN exchange), `refused` (RST in answer to the SYN:
 * nothing listens on that address and port), `timeout` (no answer to the SYN, or data
 * retransmissions exhausted), `reset` (the peer sent RST), `aborted` (this side called `reset()`).
 */
export type SessionOutcome = 'closed' | 'refused' | 'timeout' | 'reset' | 'aborted';

/** Why `onReset` was called: the peer sent RST, or data went unanswered until the retransmissions ran out. */
export type ResetReason = 'rst' | 'timeout';

/**
 * One end of a TCP connection, as a socket owner sees it. Frames sent on an established session
 * arrive at the peer whole, once and in order, after the path's delay — TCP hides loss,
 * duplication and reordering (they show as delay, and in the capture).
 *
 * Addresses are as this end sees them: behind a NAT, the server's `remoteAddress` is the
 * client's outside address.
 */
export interface Session<Frame = unknown> {
  /** Connection number shared by both ends, like Wireshark's `tcp.stream`. */
  readonly stream: number;
  readonly side: 'client' | 'server';
  /** Name of the host this end is on. */
  readonly host: string;
  /** Owning process, as `netstat -b` shows it. */
  readonly process: string;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** `localAddress:localPort` (`[v6]:port`). */
  readonly local: string;
  /** `remoteAddress:remotePort`. */
  readonly remote: string;
  readonly state: TcpState;
  /** How it ended; `undefined` while it has not. */
  readonly outcome: SessionOutcome | undefined;
  /** Frames handed to `send`. */
  readonly framesSent: number;
  /** Frames delivered to `onData`. */
  readonly framesReceived: number;
  /**
   * Queues `frame` for the peer. `bytes` (default: the frame's `byteLength`, a string's length,
   * else 0) counts against link bandwidth and shows in the capture.
   * @throws {SessionStateError} unless the session is `ESTABLISHED`.
   * @throws {NetworkConfigError} when `bytes` is negative or not a number.
   */
  send(frame: Frame, bytes?: number): void;
  /** Orderly close: a FIN after the frames already sent. Incoming data after this is discarded. */
  close(): void;
  /** Abortive close: RST now; frames not yet on the wire are discarded. */
  reset(): void;
}

/** Callbacks for an established session; all optional. */
export interface SessionHandlers<Frame = unknown> {
  /** A frame arrived, in order. */
  onData?(session: Session<Frame>, frame: Frame): void;
  /** The connection closed in an orderly way (the peer's FIN arrived). */
  onClose?(session: Session<Frame>): void;
  /** The connection was aborted: RST from the peer, or retransmissions ran out. */
  onReset?(session: Session<Frame>, reason: ResetReason): void;
}

/** Callbacks for `connect`. */
export interface ConnectHandlers<Frame = unknown> extends SessionHandlers<Frame> {
  /** SYN-ACK arrived: the session is established and can send. */
  onConnect?(session: Session<Frame>): void;
  /** RST in answer to the SYN: the host is there but nothing listens on that address and port. */
  onRefused?(session: Session<Frame>): void;
  /** No answer before the connect time-out (dropped, unreachable), or no route at all. */
  onTimeout?(session: Session<Frame>): void;
}

/** Callbacks for `listen`; the session callbacks apply to every accepted session. */
export interface ListenHandlers<Frame = unknown> extends SessionHandlers<Frame> {
  /** The handshake completed: a new established session. */
  onAccept?(session: Session<Frame>): void;
}

/**
 * A listening socket. Bound to a specific address it stays bound after the host loses that
 * address — it then receives nothing (a stale bind); bound to `'any'` it answers on whatever
 * addresses the host has when a SYN arrives.
 */
export interface Listener {
  readonly host: string;
  /** `'any'`, `'0.0.0.0'`, `'::'` or a specific canonical address. */
  readonly address: string;
  readonly port: number;
  readonly process: string;
  /** Whether it is still listening (not closed). */
  readonly open: boolean;
  /** Bound to a specific address the host no longer has, so it can receive nothing. */
  readonly stale: boolean;
  /** Stops listening; accepted sessions stay. */
  close(): void;
}
