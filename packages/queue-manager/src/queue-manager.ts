import type { DirectoryQuery, MsmqRole, ParameterStore, RetryCountedFrom } from '@mqsim/ds-refresh';
import { DsRefreshScheduler } from '@mqsim/ds-refresh';
import {
  type Clock,
  MqsimError,
  secondsToTicks,
  TICKS,
  type TimerId,
  type TraceSink,
} from '@mqsim/filetime';
import { type LookupResult, type NameResolver, ProcessNameCache } from '@mqsim/name-cache';
import type { Listener, Network, Session } from '@mqsim/transport';
import { type FormatName, formatNameKey, parseFormatName, queuePathKey } from './format-name.js';
import {
  DEADLETTER_QUEUE,
  DEADXACT_QUEUE,
  LocalQueue,
  type QueueOptions,
  queueKey,
} from './local-queue.js';
import {
  type DeadLetterClass,
  type DeliveryKind,
  Message,
  MessageFifo,
  type SendOptions,
} from './message.js';
import {
  CONNECTION_HISTORY_LENGTH,
  type ConnectionAttempt,
  type OutgoingQueueInfo,
  type OutgoingState,
  outgoingState,
} from './outgoing-queue.js';
import {
  defaultQmId,
  type MachineCacheStore,
  parseQmId,
  qmIdFromBytes,
  qmIdToBytes,
} from './qm-id.js';
import { QUEUE_MANAGER_VALUE_NAMES, readQueueManagerSettings } from './read-settings.js';
import {
  cleanupIntervalSecondsFor,
  type EffectiveQueueManagerSettings,
  MSMQ_PORT,
  MSMQ_PROCESS,
  mergeSettings,
  type QueueManagerSettings,
  type ResolvedQueueManagerSettings,
  withAliases,
} from './settings.js';
import type {
  QueueManagerTraceEvent,
  QueueManagerTraceFields,
  QueueManagerTraceType,
} from './trace-events.js';

/** The registry value each setting comes from, for the `qm.settings.read` trace event. */
const REGISTRY_VALUE_OF: Partial<Record<keyof QueueManagerSettings, string>> = {
  waitTimeSeconds: QUEUE_MANAGER_VALUE_NAMES.waitTime,
  ignoreOsNameValidation: QUEUE_MANAGER_VALUE_NAMES.ignoreOsNameValidation,
  bindInterfaceIp: QUEUE_MANAGER_VALUE_NAMES.bindInterfaceIp,
  machineQuotaBytes: QUEUE_MANAGER_VALUE_NAMES.machineQuota,
  cleanupIntervalSeconds: QUEUE_MANAGER_VALUE_NAMES.cleanupInterval,
  ackTimeoutSeconds: QUEUE_MANAGER_VALUE_NAMES.ackTimeout,
};

/** A call that needs the MSMQ service in another state (sending while it is stopped, starting it twice). */
export class QueueManagerStateError extends MqsimError {
  static override readonly code = 'ERR_QM_STATE';
}

/** A queue that does not exist, or cannot be created as asked. */
export class QueueError extends MqsimError {
  static override readonly code = 'ERR_QM_QUEUE';
}

/**
 * A send the queue manager cannot store: the machine's message storage quota (`MachineQuota`)
 * is used up — by outgoing queues that cannot deliver, unread messages, dead-letter queues or
 * journals. The MSMQ API fails with MQ_ERROR_INSUFFICIENT_RESOURCES (0xC00E0027); System.Messaging
 * says "Insufficient resources to perform operation." (facts file §9, Particular's guide).
 */
export class InsufficientResourcesError extends MqsimError {
  static override readonly code = 'ERR_QM_INSUFFICIENT_RESOURCES';
  /** The MSMQ error code, MQ_ERROR_INSUFFICIENT_RESOURCES. */
  readonly hresult = 0xc00e0027;
}

/** The service's state, as `sc query msmq` would say. */
export type ServiceState = 'running' | 'stopped';

/** Hosting the directory-service refresh schedule (issue: MSMQ refreshes its site and enterprise lists). */
export interface QueueManagerDirectoryOptions {
  readonly store: ParameterStore;
  readonly query: DirectoryQuery;
  readonly role: MsmqRole;
  /**
   * A workgroup machine (MSMQ installed without Active Directory integration, as in the seed
   * incident): there is no directory service, so the service runs no DS list refresh and writes
   * no `DSNext…RefreshTime` values; `store` and `role` still apply. Default false.
   */
  readonly workgroup?: boolean;
  /** Passed to the DS refresh scheduler: where its retry interval is counted from (default `'failure'`). */
  readonly retryCountedFrom?: RetryCountedFrom;
}

/** Options of a {@link QueueManager}. */
export interface QueueManagerOptions {
  /** The machine's NetBIOS name, e.g. `APP01`; also its host name in `network`. */
  readonly machine: string;
  /** Its DNS domain, e.g. `corp.example`: the queue manager also answers to `machine.domain`. */
  readonly domain?: string;
  readonly clock: Clock;
  readonly network: Network;
  /** The machine's OS resolver (its `DnsClientCache`); the service keeps its own cache on top. */
  readonly resolver: NameResolver;
  /**
   * The machine's settings. They are its defaults: at every `start()` a registry value the queue
   * manager reads ({@link readQueueManagerSettings}) wins over the setting it stands for.
   */
  readonly settings?: QueueManagerSettings;
  /**
   * The machine's `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` key, read at every `start()`
   * (and so at every restart) as the MSMQ service reads it: `WaitTime`, `IgnoreOSNameValidation`,
   * `BindInterfaceIP`, `MachineQuota`, `CleanupInterval`, `AckTimeout`. A value changed while the
   * service runs takes effect at the next start. Default: `directory.store`, the same key the
   * DS refresh schedule keeps its values in; without either, only `settings` apply.
   */
  readonly registry?: Pick<ParameterStore, 'get'>;
  readonly trace?: TraceSink;
  /** Run the DS list refresh schedule while the service runs. */
  readonly directory?: QueueManagerDirectoryOptions;
  /**
   * The installation's QMId (`Machine Cache\QMId`), a GUID; braces and case do not matter.
   * Machines cloned from one image without Sysprep share one (Breakwell, "MSMQ prefers to be
   * unique"). Default: a GUID derived from the machine name, distinct per machine.
   * @throws {QmIdError} (from the constructor) when it is not a GUID.
   */
  readonly qmId?: string;
  /**
   * The machine's `MSMQ\Parameters\Machine Cache` key ({@link MACHINE_CACHE_KEY}): at every start
   * the service reads its `QMId` value there (which wins over `qmId`, as the registry is where
   * MSMQ keeps it) and writes it when the value is missing or after {@link QueueManager.resetQmId}.
   */
  readonly machineCache?: MachineCacheStore;
  /** Remember the id of every message sent, received and lost, for {@link checkInvariants}. Costs memory; for tests. */
  readonly trackMessages?: boolean;
}

/** Where the messages of one queue manager are, by count. */
export interface MessageAccounting {
  readonly sent: number;
  /** Messages stored in one of this machine's queues (from anywhere, itself included). */
  readonly delivered: number;
  /** In outgoing queues, waiting to be sent. */
  readonly outgoing: number;
  /** Sent on a session, not yet acknowledged by the receiver. */
  readonly inFlight: number;
  /** In local queues, waiting to be received. */
  readonly queued: number;
  /** Copies of received messages kept in queue journals (they are also counted in `received`). */
  readonly journal: number;
  readonly deadLetter: number;
  /** Taken by an application with `receive`. */
  readonly received: number;
  /**
   * Express messages lost when the service stopped or crashed — including those it had sent but
   * not seen acknowledged, which the receiver may still have got.
   */
  readonly lost: number;
  /** Arrivals dropped because they had been delivered before (a resend after a broken session). */
  readonly duplicatesDropped: number;
  /**
   * Messages that failed here (a time limit passed, the destination refused them) and were
   * thrown away instead of dead-lettered: sent without MQMSG_DEADLETTER.
   */
  readonly discarded: number;
  /** Messages an administrator purged from this machine's queues. */
  readonly purged: number;
  /** Sends the API refused (MQ_ERROR_INSUFFICIENT_RESOURCES): never sent, so not in `sent`. */
  readonly refusedAtSend: number;
  /**
   * Transactional messages the receiver acknowledged on the session but not yet end to end
   * (no order acknowledgement): the sender's hidden copies. They are also wherever the receiver
   * put them, or nowhere yet when it turned them down.
   */
  readonly awaitingOrderAck: number;
  /**
   * Messages sent with MQMSG_DEADLETTER that were delivered and whose final acknowledgement
   * (received or failed at the destination) has not come back: the outgoing queue's
   * *Unprocessed* count. They are also counted where they were delivered.
   */
  readonly unprocessed: number;
}

/** A message the receiver turned down, by id, with the class its sender should record. */
interface Rejection {
  readonly id: number;
  readonly klass: DeadLetterClass;
}

type Control =
  | {
      readonly t: 'hello';
      readonly target: string;
      readonly by: 'os' | 'tcp';
      readonly from: string;
      readonly qmId: string;
    }
  | { readonly t: 'accept' }
  | { readonly t: 'reject'; readonly reason: string }
  /** SessionAck: `count` messages arrived; `rejected` ones were not taken (transactional, KB 306785). */
  | {
      readonly t: 'ack';
      readonly count: number;
      readonly rejected: readonly Rejection[] | undefined;
    }
  /** OrderAck ([MS-MQQB] 3.1.1.6.2): end to end, for one sender QMId, outgoing queue and sequence. */
  | {
      readonly t: 'order-ack';
      readonly qmId: string;
      readonly queue: string;
      readonly seq: number;
      readonly upTo: number;
      readonly negative: readonly Rejection[];
    }
  /** FinalAck: messages sent with MQMSG_DEADLETTER were received (`positive`) or failed at the destination. */
  | {
      readonly t: 'final-ack';
      readonly qmId: string;
      readonly queue: string;
      readonly positive: readonly number[];
      readonly negative: readonly Rejection[];
    };

type EndToEndAck = Extract<Control, { t: 'order-ack' | 'final-ack' }>;

/** Acknowledgements a receiver owes one sender QMId, merged until they are sent. */
interface PendingAcks {
  readonly order: Map<string, { seq: number; upTo: number; negative: Rejection[] }>;
  readonly final: Map<string, { positive: number[]; negative: Rejection[] }>;
}

/** The receiver's exactly-once state for one sender QMId and outgoing queue (persisted). */
interface EodState {
  seq: number;
  last: number;
  /** Recent negative outcomes, so a resend of a turned-down message is answered the same way. */
  readonly negative: Map<number, DeadLetterClass>;
}

/** How many negative outcomes an {@link EodState} remembers. */
const EOD_NEGATIVE_MEMORY = 256;

type Frame = Message | Control;

type Phase = 'idle' | 'resolving' | 'connecting' | 'handshake' | 'ready' | 'waiting';

/** A destination as parsed once: the strings every message to it shares. */
interface Destination {
  readonly text: string;
  readonly formatName: FormatName;
  readonly key: string;
  readonly queue: string;
  readonly connection: string;
  /** How the destination machine is named, and the name (lower case) or address. */
  readonly by: 'os' | 'tcp';
  readonly target: string;
}

/** An outgoing queue: the messages for one destination queue, as the sender holds them. */
interface Outgoing {
  readonly key: string;
  readonly formatName: string;
  readonly connection: string;
  readonly messages: MessageFifo;
  held: boolean;
  lastState: OutgoingState | undefined;
  lastNextHop: string | undefined;
  /** The last connection attempts, oldest first (the MMC's Connection History). */
  readonly history: ConnectionAttempt[];
  /** Transactional copies acknowledged on the session, waiting for their order acknowledgement. */
  awaiting: Message[];
  /** Delivered MQMSG_DEADLETTER messages waiting for their final acknowledgement, by id. */
  readonly unprocessed: Map<number, Message>;
  /** The exactly-once sequence (TxSequenceID) transactional messages go in; 0 until one is sent after a start. */
  sequence: number;
  /** The id of the last message put in `sequence`: the next one's `previous`. */
  lastInSequence: number;
  /** Every sequence this queue's messages went in (copies keep theirs across restarts). */
  readonly sequences: Set<number>;
  /** The Transactional Ack Wait Timer while copies await an order acknowledgement. */
  resendTimer: TimerId | undefined;
  /** Resends since the last order acknowledgement: indexes `seqResendSeconds`. */
  resendAttempt: number;
  /**
   * The highest order acknowledgement seen (sequence, id): it can overtake the session
   * acknowledgement, so a copy the session acknowledges later is released at once.
   */
  confirmed: { seq: number; upTo: number };
  /** Negative outcomes order-acknowledged before their session acknowledgement, by id. */
  readonly earlyNegative: Map<number, DeadLetterClass>;
}

/** The sender's side of the session to one remote queue manager, shared by its outgoing queues. */
interface Connection {
  readonly key: string;
  readonly by: 'os' | 'tcp';
  /** The machine name or address the format names give. */
  readonly target: string;
  readonly queues: Outgoing[];
  phase: Phase;
  session: Session<Frame> | undefined;
  nextHop: string | undefined;
  /** Every address the last resolution gave (MS-MQDMPR OutgoingQueue.NextHops); `nextHop` is one of them. */
  nextHops: readonly string[];
  /** Which of `nextHops` the next attempt dials: each failed attempt moves on to the next. */
  hopIndex: number;
  attempt: number;
  timer: TimerId | undefined;
  unacked: Message[];
  /** Closes a session whose receiver stopped acknowledging (a half-open connection). */
  ackTimer: TimerId | undefined;
  lastFailure: string | undefined;
  cursor: number;
}

/** A session some other queue manager opened to this one. */
interface Inbound {
  accepted: boolean;
  /** The session's `DIRECT=OS:` name is one of this machine's (or name validation is off): KB 306785's check. */
  nameOk: boolean;
  /** Transactional messages not taken since the last session acknowledgement. */
  rejected: Rejection[] | undefined;
  /** The sender's QMId, as its EstablishConnection said ([MS-MQQB] 3.1.5.2.3: ClientGuid). */
  qmId: string;
  pending: number;
  ackTimer: TimerId | undefined;
  /** Highest message id delivered, per sender outgoing queue, shared with the persistent map. */
  marks: Map<string, { last: number }> | undefined;
}

interface Runtime {
  readonly names: ProcessNameCache;
  /** The QMId this run of the service has. */
  readonly qmId: string;
  /**
   * The QMId → address cache: the address each sender QMId's messages last came from, where
   * order and final acknowledgements go (Breakwell, "MSMQ prefers to be unique"; facts §3). Only
   * a restart flushes it; entries are refreshed by every message.
   */
  readonly qmIdAddresses: Map<string, string>;
  readonly pendingAcks: Map<string, PendingAcks>;
  ackFlush: TimerId | undefined;
  /** Names this service answers to, lower case. */
  readonly identityNames: ReadonlySet<string>;
  /** Addresses it learned at start: the only ones it listens on and accepts `DIRECT=TCP:` for. */
  readonly identityAddresses: ReadonlySet<string>;
  readonly listeners: Listener[];
  readonly connections: Map<string, Connection>;
  readonly inbound: Map<Session<Frame>, Inbound>;
  readonly timers: Set<TimerId>;
  readonly scheduler: DsRefreshScheduler | undefined;
  sweep: TimerId | undefined;
  /** The tick the pending sweep runs at, and the tick its chain of sweeps started (its grid). */
  sweepAt: number;
  sweepOrigin: number;
}

/**
 * The MSMQ service of one machine. The object is the installation: queues and persisted messages
 * live across `stop()`/`start()` and `crash()`; what the running service holds — listeners,
 * sessions, its cache of resolved names, express messages — does not.
 *
 * At start it learns its own addresses and names and listens on port 1801 on each address (or
 * on `bindInterfaceIp`); those addresses do not follow later renumbering until a restart. To
 * deliver, it resolves the destination machine through its own name cache (by default kept until
 * the service restarts) on top of the OS resolver, connects, says whom the session is for, and
 * sends; the receiver refuses a session addressed to a name or address that is not its own.
 * Failures leave the outgoing queue *Waiting to connect* and are retried every `waitTimeSeconds`,
 * or on `retryScheduleSeconds`. Its settings are read at each start: registry values (`registry`)
 * over the constructor's `settings` over {@link QUEUE_MANAGER_DEFAULTS}.
 */
export class QueueManager {
  readonly machine: string;
  readonly fqdn: string | undefined;
  readonly #clock: Clock;
  readonly #network: Network;
  readonly #resolver: NameResolver;
  readonly #trace: TraceSink | undefined;
  readonly #directory: QueueManagerDirectoryOptions | undefined;
  readonly #registry: Pick<ParameterStore, 'get'> | undefined;
  readonly #machineCache: MachineCacheStore | undefined;
  /** The constructor's settings: the machine's defaults, under what the registry says at each start. */
  readonly #machineSettings: QueueManagerSettings;
  /** The defaults that depend on the machine's role (`CleanupInterval`), under the machine's settings. */
  readonly #roleSettings: QueueManagerSettings;
  readonly #queues = new Map<string, LocalQueue>();
  readonly #outgoing = new Map<string, Outgoing>();
  /** Per sender machine, per sender outgoing queue: the highest id delivered (persisted: EOD and duplicate detection). */
  readonly #marks = new Map<string, Map<string, { last: number }>>();
  /** Parsed destinations by the text applications send to: parsing is most of a send's cost otherwise. */
  readonly #destinations = new Map<string, Destination>();
  /** Per sender QMId and outgoing queue, the exactly-once sequence state (persisted). */
  readonly #eod = new Map<string, EodState>();
  /** The installation's QMId, and the one a reset gives from the next start. */
  #qmId: string;
  #pendingQmId: string | undefined;
  #qmIdGeneration = 0;
  /** The last TxSequenceID used: each new sequence gets a larger one. */
  #lastSequence = 0;
  /** Bytes of messages held for sending (outgoing queues, unacknowledged, awaiting an order ack). */
  #outgoingBytes = 0;
  readonly #tracked:
    | {
        sent: Set<string>;
        received: Set<string>;
        lost: Set<string>;
        lostInFlight: Set<string>;
        expiredInFlight: Set<string>;
        turnedAway: Set<string>;
        discarded: Set<string>;
        purged: Set<string>;
      }
    | undefined;
  /** The settings in force: the constructor's until the first start, then what each start read. */
  #settings: EffectiveQueueManagerSettings;
  #resolved: ResolvedQueueManagerSettings | undefined;
  #runtime: Runtime | undefined;
  #nextId = 1;
  #storedBytes = 0;
  #counts = {
    sent: 0,
    delivered: 0,
    received: 0,
    lost: 0,
    duplicatesDropped: 0,
    discarded: 0,
    purged: 0,
    refusedAtSend: 0,
  };

  constructor(options: QueueManagerOptions) {
    this.machine = options.machine;
    this.fqdn = options.domain === undefined ? undefined : `${options.machine}.${options.domain}`;
    this.#roleSettings = {
      cleanupIntervalSeconds: cleanupIntervalSecondsFor(options.directory?.role),
    };
    this.#machineSettings = options.settings ?? {};
    this.#settings = mergeSettings(this.#roleSettings, this.#machineSettings);
    this.#registry = options.registry ?? options.directory?.store;
    this.#machineCache = options.machineCache;
    this.#clock = options.clock;
    this.#network = options.network;
    this.#resolver = options.resolver;
    this.#trace = options.trace;
    this.#directory = options.directory;
    this.#tracked =
      options.trackMessages === true
        ? {
            sent: new Set(),
            received: new Set(),
            lost: new Set(),
            lostInFlight: new Set(),
            expiredInFlight: new Set(),
            turnedAway: new Set(),
            discarded: new Set(),
            purged: new Set(),
          }
        : undefined;
    this.#qmId = options.qmId === undefined ? defaultQmId(this.machine) : parseQmId(options.qmId);
    this.#queues.set(DEADLETTER_QUEUE, new LocalQueue('SYSTEM$;DEADLETTER', {}, true));
    this.#queues.set(
      DEADXACT_QUEUE,
      new LocalQueue('SYSTEM$;DEADXACT', { transactional: true }, true),
    );
  }

  /**
   * The settings in force, under their unit-suffixed names and their deprecated aliases: the
   * constructor's until the first `start()`, then what the last start read from the registry
   * over them. They change only at `start()`, as the MSMQ service reads its parameters only then.
   */
  get settings(): ResolvedQueueManagerSettings {
    this.#resolved ??= withAliases(this.#settings);
    return this.#resolved;
  }

  /** `running` or `stopped`. */
  get state(): ServiceState {
    return this.#runtime === undefined ? 'stopped' : 'running';
  }

  /** The addresses the running service learned at start (empty when stopped). */
  get boundAddresses(): readonly string[] {
    return [...(this.#runtime?.identityAddresses ?? [])];
  }

  /** The running service's name cache, e.g. to list what it holds; `undefined` when stopped. */
  get nameCache(): ProcessNameCache | undefined {
    return this.#runtime?.names;
  }

  /** The installation's QMId in force (lower case, no braces); a reset changes it at the next start. */
  get qmId(): string {
    return this.#qmId;
  }

  /**
   * The running service's QMId → address cache, where it sends order and final acknowledgements
   * (sender QMId → the address its messages last came from); empty when stopped.
   */
  qmIdCache(): ReadonlyMap<string, string> {
    return new Map(this.#runtime?.qmIdAddresses ?? []);
  }

  /**
   * Gives the installation a new QMId from the next start, as Breakwell's "MSMQ prefers to be
   * unique" procedure does for a cloned machine (delete `Machine Cache\QMId`, set `SysPrep` = 1,
   * restart MSMQ) or a reinstall; emits `qm.qmid.reset` and returns the new id.
   */
  resetQmId(): string {
    this.#qmIdGeneration++;
    const next = defaultQmId(this.machine, this.#qmIdGeneration);
    this.#pendingQmId = next;
    this.#emit('qm.qmid.reset', { qmId: this.#qmId, next });
    return next;
  }

  /** The DS refresh scheduler while the service runs with a directory. */
  get dsRefresh(): DsRefreshScheduler | undefined {
    return this.#runtime?.scheduler;
  }

  // ── Service lifecycle ────────────────────────────────────────────────────────────────────

  /**
   * `net start msmq`: reads its registry values (over the constructor's settings), learns the
   * machine's addresses and names, listens on port 1801, starts with an empty name cache, puts
   * persisted messages back in their outgoing queues and starts the DS refresh schedule.
   * @throws {QueueManagerStateError} when it is already running, or cannot bind (a `BindInterfaceIP` the host does not have).
   */
  start(): void {
    if (this.#runtime !== undefined) {
      throw new QueueManagerStateError(`the MSMQ service on ${this.machine} is already running`, {
        value: this.machine,
        allowed: 'start a stopped service',
      });
    }
    this.#readSettings();
    this.#readQmId();
    const addresses =
      this.#settings.bindInterfaceIp === undefined
        ? this.#network.addresses(this.machine).map((entry) => entry.address)
        : [this.#settings.bindInterfaceIp];
    const names = new Set([this.machine.toLowerCase(), '.', 'localhost']);
    if (this.fqdn !== undefined) names.add(this.fqdn.toLowerCase());
    const runtime: Runtime = {
      names: new ProcessNameCache({
        clock: this.#clock,
        resolver: this.#resolver,
        policy: this.#settings.nameCache,
        host: this.machine,
        process: MSMQ_PROCESS,
        ...(this.#trace === undefined ? {} : { trace: this.#trace }),
      }),
      qmId: this.#qmId,
      qmIdAddresses: new Map(),
      pendingAcks: new Map(),
      ackFlush: undefined,
      identityNames: names,
      identityAddresses: new Set(addresses),
      listeners: [],
      connections: new Map(),
      inbound: new Map(),
      timers: new Set(),
      scheduler: undefined,
      sweep: undefined,
      sweepAt: 0,
      sweepOrigin: 0,
    };
    // Bind first: a BindInterfaceIP the host no longer has makes the service fail to start,
    // and it must not be left half-running.
    try {
      for (const address of addresses) {
        runtime.listeners.push(
          this.#network.listen<Frame>(
            this.machine,
            { address, port: MSMQ_PORT, process: MSMQ_PROCESS },
            {
              onAccept: (session) => this.#accept(runtime, session),
              onData: (session, frame) => this.#receiveFrame(runtime, session, frame),
              onClose: (session) => this.#dropInbound(runtime, session),
              onReset: (session) => this.#dropInbound(runtime, session),
            },
          ),
        );
      }
    } catch (error) {
      for (const listener of runtime.listeners) listener.close();
      const reason = error instanceof Error ? error.message : String(error);
      this.#emit('qm.service.start-failed', { reason });
      throw new QueueManagerStateError(
        `the MSMQ service on ${this.machine} cannot start: ${reason}`,
        {
          value: this.machine,
          allowed: 'addresses the machine has (check BindInterfaceIP)',
          cause: error,
        },
      );
    }
    this.#runtime = runtime;
    this.#emit('qm.service.started', {
      addresses,
      names: [...names].filter((name) => name !== '.' && name !== 'localhost'),
      qmId: this.#qmId,
    });
    if (this.#directory !== undefined && this.#directory.workgroup !== true) {
      const scheduler = new DsRefreshScheduler({
        clock: this.#clock,
        store: this.#directory.store,
        query: this.#directory.query,
        role: this.#directory.role,
        host: this.machine,
        ...(this.#directory.retryCountedFrom === undefined
          ? {}
          : { retryCountedFrom: this.#directory.retryCountedFrom }),
        ...(this.#trace === undefined ? {} : { trace: this.#trace }),
      });
      (runtime as { scheduler: DsRefreshScheduler | undefined }).scheduler = scheduler;
      scheduler.start();
    }
    for (const queue of this.#outgoing.values()) {
      // A new run of the service starts new exactly-once sequences; resent copies keep theirs.
      queue.sequence = 0;
      if (queue.messages.length > 0) this.#wake(runtime, queue);
      this.#publishState(queue);
    }
    this.#scheduleSweep(runtime);
  }

  /**
   * The QMId of this start: a reset's new one, else the `Machine Cache\QMId` value, else the
   * installation's; written back to `Machine Cache` when it is not what the value holds.
   */
  #readQmId(): void {
    const reset = this.#pendingQmId;
    this.#pendingQmId = undefined;
    if (reset !== undefined) this.#qmId = reset;
    const cache = this.#machineCache;
    if (cache === undefined) return;
    const stored = cache.get('QMId');
    const storedId =
      stored?.type === 'REG_BINARY' && stored.data instanceof Uint8Array
        ? qmIdFromBytes(stored.data)
        : undefined;
    if (reset === undefined && storedId !== undefined) this.#qmId = storedId;
    else cache.set('QMId', { type: 'REG_BINARY', data: qmIdToBytes(this.#qmId) });
  }

  /** Reads the registry as the service does at start: its values win over the machine's settings. */
  #readSettings(): void {
    const registry = this.#registry;
    if (registry === undefined) return;
    const reading = readQueueManagerSettings(registry);
    this.#settings = mergeSettings(this.#roleSettings, this.#machineSettings, reading.settings);
    this.#resolved = undefined;
    const applied = Object.keys(reading.settings) as (keyof QueueManagerSettings)[];
    if (applied.length === 0 && reading.findings.length === 0) return;
    this.#emit('qm.settings.read', {
      settings: this.#settings,
      values: applied.map((setting) => REGISTRY_VALUE_OF[setting] ?? setting),
      findings: reading.findings,
    });
  }

  /** `net stop msmq`: closes sessions cleanly; express messages, which live in memory, are lost. */
  stop(): void {
    this.#shutdown('stop');
  }

  /** The service dies without a clean shutdown: sessions are reset; express messages are lost. */
  crash(): void {
    this.#shutdown('crash');
  }

  /** `net stop msmq && net start msmq`. */
  restart(): void {
    if (this.#runtime !== undefined) this.stop();
    this.start();
  }

  #shutdown(how: 'stop' | 'crash'): void {
    const runtime = this.#runtime;
    if (runtime === undefined) {
      throw new QueueManagerStateError(`the MSMQ service on ${this.machine} is not running`, {
        value: this.machine,
        allowed: 'stop or crash a running service',
      });
    }
    this.#runtime = undefined;
    runtime.scheduler?.stop();
    for (const timer of runtime.timers) this.#clock.cancel(timer);
    if (runtime.sweep !== undefined) this.#clock.cancel(runtime.sweep);
    for (const listener of runtime.listeners) listener.close();
    for (const [session, inbound] of runtime.inbound) {
      if (inbound.ackTimer !== undefined) this.#clock.cancel(inbound.ackTimer);
      if (how === 'stop') session.close();
      else session.reset();
    }
    // Built only if an express message was in flight when the service went down.
    let stored: Set<Message> | undefined;
    const storedHere = () => {
      stored ??= new Set([...this.#queues.values()].flatMap((queue) => queue.messages.toArray()));
      return stored;
    };
    for (const connection of runtime.connections.values()) {
      if (connection.timer !== undefined) this.#clock.cancel(connection.timer);
      const session = connection.session;
      connection.session = undefined;
      if (session !== undefined && session.outcome === undefined) {
        if (how === 'stop') session.close();
        else session.reset();
      }
      // Express messages sent but not acknowledged: this side's copy dies with the service;
      // whether the receiver got them is up to the wire.
      const [express, kept] = partition(
        connection.unacked,
        (message) => message.delivery === 'express',
      );
      connection.unacked = kept;
      for (const message of express) {
        this.#outgoingBytes -= message.size;
        // Sent over the network to this very service (a name that resolves back here): its
        // stored copy is lost with the queues below, once.
        if (storedHere().has(message)) continue;
        this.#counts.lost++;
        this.#tracked?.lostInFlight.add(message.uid);
        this.#emit('qm.message.lost', {
          id: message.id,
          from: message.from,
          destination: message.destination,
          where: 'in-flight',
          reason: how,
        });
      }
      this.#requeueUnacked(connection);
    }
    // Copies awaiting an order acknowledgement are on disk: they are sent again after the start,
    // ahead of what was not yet sent (and the receiver drops the ones it has).
    for (const queue of this.#outgoing.values()) {
      queue.resendTimer = undefined;
      if (queue.awaiting.length === 0) continue;
      queue.messages.unshiftAll(queue.awaiting.sort(bySequenceOrder));
      queue.awaiting = [];
    }
    let lost = 0;
    for (const queue of this.#outgoing.values())
      lost += this.#loseExpress(queue.messages, 'outgoing', how);
    for (const queue of this.#queues.values())
      lost += this.#loseExpress(queue.messages, 'queue', how);
    this.#emit(how === 'stop' ? 'qm.service.stopped' : 'qm.service.crashed', { expressLost: lost });
    for (const queue of this.#outgoing.values()) this.#publishState(queue);
  }

  #loseExpress(fifo: MessageFifo, where: 'outgoing' | 'queue', how: 'stop' | 'crash'): number {
    const lost = fifo.removeWhere((message) => message.delivery === 'express');
    for (const message of lost) {
      this.#counts.lost++;
      if (where === 'queue') this.#storedBytes -= message.size;
      else this.#outgoingBytes -= message.size;
      // A copy waiting to be resent may have reached the receiver before the session broke.
      if (message.transmissions > 0) this.#tracked?.lostInFlight.add(message.uid);
      else this.#tracked?.lost.add(message.uid);
      this.#emit('qm.message.lost', {
        id: message.id,
        from: message.from,
        destination: message.destination,
        where,
        reason: how,
      });
    }
    return lost.length;
  }

  // ── Queues and applications ──────────────────────────────────────────────────────────────

  /**
   * Creates a local queue, e.g. `private$\orders` (private) or `orders` (public). Queues are
   * part of the installation: they exist whether or not the service runs.
   * @throws {QueueError} when it exists already or the path is empty.
   */
  createQueue(path: string, options: QueueOptions = {}): void {
    const key = queueKey(path);
    if (key === '' || key === 'private$\\' || key.startsWith('system$')) {
      throw new QueueError(`cannot create queue ${JSON.stringify(path)}`, {
        value: path,
        allowed: 'a name such as orders (public) or private$\\orders (private)',
      });
    }
    if (this.#queues.has(key)) {
      throw new QueueError(`queue ${path} already exists on ${this.machine}`, {
        value: path,
        allowed: 'a new queue name',
      });
    }
    this.#queues.set(key, new LocalQueue(path, options));
  }

  /** The local queues, dead-letter queues included, in creation order. */
  queues(): readonly LocalQueue[] {
    return [...this.#queues.values()];
  }

  /**
   * Sends a message to a format name, a path name or `queue@machine`. The message goes into the
   * outgoing queue for that destination (or straight into a local queue when it is this machine)
   * and this returns it.
   * @throws {QueueManagerStateError} when the service is not running; {@link FormatNameError} for a bad destination.
   * @throws {FileTimeRangeError} for a time-to-reach-queue or time-to-be-received that is not a number of seconds.
   * @throws {InsufficientResourcesError} when the message would take the machine's storage past `MachineQuota` (emits `qm.send.refused`).
   */
  send(destination: string, options: SendOptions = {}): Message {
    const runtime = this.#require('send');
    const target = this.#destination(destination);
    const now = this.#clock.ticks();
    const delivery: DeliveryKind = options.delivery ?? 'recoverable';
    const size = options.sizeBytes ?? options.size ?? 1024;
    const stored = this.storedBytes;
    if (stored + size > this.#settings.machineQuotaBytes)
      this.#refuseSend(destination, size, stored);
    const message = new Message(
      this.#nextId++,
      this.machine,
      target.text,
      target.key,
      target.queue,
      delivery,
      size,
      options.label ?? '',
      options.body,
      now,
      deadline(
        now,
        options.timeToReachQueueSeconds ??
          options.timeToReachQueue ??
          this.#settings.defaultTimeToReachQueueSeconds,
      ),
      deadline(now, options.timeToBeReceivedSeconds ?? options.timeToBeReceived),
    );
    if (options.deadLetter === true) message.deadLetter = true;
    this.#counts.sent++;
    this.#tracked?.sent.add(message.uid);
    if (this.#trace !== undefined)
      this.#emit('qm.message.sent', { id: message.id, destination, delivery, size: message.size });
    if (this.#isLocal(runtime, target)) {
      this.#store(message);
      return message;
    }
    let outgoing = this.#outgoing.get(target.key);
    if (outgoing === undefined) {
      outgoing = {
        key: target.key,
        formatName: target.text,
        connection: target.connection,
        messages: new MessageFifo(),
        held: false,
        lastState: undefined,
        lastNextHop: undefined,
        history: [],
        awaiting: [],
        unprocessed: new Map(),
        sequence: 0,
        lastInSequence: 0,
        sequences: new Set(),
        resendTimer: undefined,
        resendAttempt: 0,
        confirmed: { seq: 0, upTo: 0 },
        earlyNegative: new Map(),
      };
      this.#outgoing.set(target.key, outgoing);
    }
    outgoing.messages.push(message);
    this.#outgoingBytes += message.size;
    this.#wake(runtime, outgoing);
    if (canExpire(message))
      this.#scheduleSweep(runtime, Math.min(message.reachBy, message.receiveBy));
    return message;
  }

  /**
   * Bytes of messages this machine stores, as `MachineQuota` counts them: local queues, journals,
   * dead-letter queues, and messages held for sending (outgoing queues, unacknowledged copies).
   */
  get storedBytes(): number {
    return this.#storedBytes + this.#outgoingBytes;
  }

  #refuseSend(destination: string, size: number, stored: number): never {
    this.#counts.refusedAtSend++;
    const quota = this.#settings.machineQuotaBytes;
    this.#emit('qm.send.refused', {
      destination,
      error: 'MQ_ERROR_INSUFFICIENT_RESOURCES',
      storedBytes: stored,
      quotaBytes: quota,
      size,
    });
    throw new InsufficientResourcesError(
      `Insufficient resources to perform operation: ${this.machine} stores ${stored} bytes of messages and its MachineQuota is ${quota}`,
      {
        value: destination,
        allowed:
          'free storage first: purge dead-letter queues or journals, receive waiting messages, or raise MachineQuota',
      },
    );
  }

  /**
   * Purges a local queue (a dead-letter queue included: `SYSTEM$;DEADLETTER`, `SYSTEM$;DEADXACT`),
   * or with `{ journal: true }` its journal, as an administrator does in the MMC: the messages are
   * gone and their storage is free. A purged message sent with MQMSG_DEADLETTER is reported to its
   * sender as `NACK_PURGED` (a transactional one then goes to the sender's transactional
   * dead-letter queue). Emits `qm.queue.purged`; returns how many messages it removed.
   * @throws {QueueManagerStateError} when the service is not running; {@link QueueError} for an unknown queue.
   */
  purge(path: string, options: { readonly journal?: boolean } = {}): number {
    const runtime = this.#require('purge');
    const queue = this.#queue(path);
    if (options.journal === true) {
      const copies = queue.journalMessages.removeWhere(() => true);
      for (const message of copies) this.#storedBytes -= message.size;
      this.#emit('qm.queue.purged', { queue: `${queue.path};journal`, count: copies.length });
      return copies.length;
    }
    const purged = queue.messages.removeWhere(() => true);
    for (const message of purged) {
      this.#storedBytes -= message.size;
      if (this.#reportFailureToSource(runtime, message, 'NACK_PURGED')) continue;
      this.#counts.purged++;
      this.#tracked?.purged.add(message.uid);
    }
    this.#emit('qm.queue.purged', { queue: queue.path, count: purged.length });
    return purged.length;
  }

  /**
   * Takes the first message of a local queue, as an application's `Receive` does; `undefined`
   * when it is empty. Expired messages (time-to-be-received) go to the dead-letter queue instead.
   * @throws {QueueManagerStateError} when the service is not running; {@link QueueError} for an unknown queue.
   */
  receive(path: string): Message | undefined {
    const runtime = this.#require('receive');
    const queue = this.#queue(path);
    const now = this.#clock.ticks();
    for (
      let message = queue.messages.shift();
      message !== undefined;
      message = queue.messages.shift()
    ) {
      this.#storedBytes -= message.size;
      if (message.receiveBy <= now && !queue.system) {
        if (!this.#reportFailureToSource(runtime, message, 'NACK_RECEIVE_TIMEOUT'))
          this.#deadLetter(message, 'NACK_RECEIVE_TIMEOUT', 'destination');
        continue;
      }
      if (message.deadLetter && message.from !== this.machine && message.sourceQmId !== '')
        this.#queueFinalAck(runtime, message, undefined);
      this.#counts.received++;
      this.#tracked?.received.add(message.uid);
      if (queue.journal) {
        // The journal copy stays on disk and counts against MachineQuota (the "journal filled
        // the quota: Insufficient resources" incident; facts file §9, Particular's guide).
        queue.journalMessages.push(message);
        this.#storedBytes += message.size;
      }
      if (this.#trace !== undefined)
        this.#emit('qm.message.received', {
          id: message.id,
          from: message.from,
          queue: queue.path,
        });
      return message;
    }
    return undefined;
  }

  /** The first message of a local queue without taking it. */
  peek(path: string): Message | undefined {
    return this.#queue(path).messages.peek();
  }

  /**
   * Holds an outgoing queue (`Suspend-MsmqOutgoingQueue`, MSMQOutgoingQueueManagement.Pause): it is
   * OnHold and nothing is sent to it until {@link QueueManager.resume}; emits `qm.outgoing.paused`.
   */
  hold(formatName: string): void {
    const queue = this.#outgoingQueue(formatName);
    queue.held = true;
    if (this.#trace !== undefined)
      this.#emit('qm.outgoing.paused', { queue: queue.formatName, count: queue.messages.length });
    this.#publishState(queue);
  }

  /**
   * Resumes a held outgoing queue (`Resume-MsmqOutgoingQueue`): it leaves OnHold and the normal
   * connect logic takes it on ([MS-MQDMPR] 3.1.7.2.4); emits `qm.outgoing.resumed`.
   */
  resume(formatName: string): void {
    const queue = this.#outgoingQueue(formatName);
    queue.held = false;
    if (this.#trace !== undefined)
      this.#emit('qm.outgoing.resumed', { queue: queue.formatName, count: queue.messages.length });
    const runtime = this.#runtime;
    if (runtime !== undefined) this.#wake(runtime, queue);
    this.#publishState(queue);
  }

  /** The outgoing queues as `Get-MsmqOutgoingQueue` lists them. */
  outgoingQueues(): OutgoingQueueInfo[] {
    return [...this.#outgoing.values()].map((queue) => {
      const connection = this.#runtime?.connections.get(queue.connection);
      let unacknowledged = queue.awaiting.length;
      for (const message of connection?.unacked ?? [])
        if (message.destinationKey === queue.key) unacknowledged++;
      const unprocessed = queue.unprocessed.size;
      const state = this.#stateOf(queue);
      // An Inactive queue is connected to no session and being connected to none
      // (PROPID_MGMT_QUEUE_STATE, facts §1): it shows no next hop.
      const inactive = state === 'Inactive';
      return {
        queueName: queue.formatName,
        state,
        nextHop: inactive ? undefined : connection?.nextHop,
        nextHops: inactive ? [] : nextHopsOf(state, connection),
        messageCount: queue.messages.length + unacknowledged + unprocessed,
        messageBytes: queue.messages.bytes,
        unacknowledgedCount: unacknowledged,
        unprocessedCount: unprocessed,
        lastFailure: connection?.lastFailure,
        connectionHistory: [...queue.history],
      };
    });
  }

  /** Where this machine's messages are, by count. */
  accounting(): MessageAccounting {
    let outgoing = 0;
    for (const queue of this.#outgoing.values()) outgoing += queue.messages.length;
    let inFlight = 0;
    for (const connection of this.#runtime?.connections.values() ?? [])
      inFlight += connection.unacked.length;
    let awaitingOrderAck = 0;
    let unprocessed = 0;
    for (const queue of this.#outgoing.values()) {
      awaitingOrderAck += queue.awaiting.length;
      unprocessed += queue.unprocessed.size;
    }
    let queued = 0;
    let journal = 0;
    let deadLetter = 0;
    for (const [key, queue] of this.#queues) {
      if (key === DEADLETTER_QUEUE || key === DEADXACT_QUEUE) deadLetter += queue.messages.length;
      else queued += queue.messages.length;
      journal += queue.journalMessages.length;
    }
    return {
      ...this.#counts,
      outgoing,
      inFlight,
      queued,
      journal,
      deadLetter,
      awaitingOrderAck,
      unprocessed,
    };
  }

  /**
   * The copies this machine holds as a sender until their acknowledgement: `outgoing`, in its
   * outgoing queues (never sent, or back to be resent), and `inFlight`, on a session without a
   * session acknowledgement or (transactional) without an order acknowledgement. The receiver
   * may hold the same messages already; delivered messages awaiting only their final
   * acknowledgement (Unprocessed) are not included.
   */
  heldMessages(): { readonly outgoing: Message[]; readonly inFlight: Message[] } {
    return {
      outgoing: [...this.#outgoing.values()].flatMap((queue) => queue.messages.toArray()),
      inFlight: [
        ...[...(this.#runtime?.connections.values() ?? [])].flatMap(
          (connection) => connection.unacked,
        ),
        ...[...this.#outgoing.values()].flatMap((queue) => queue.awaiting),
      ],
    };
  }

  /**
   * Every message this machine holds, by place, for invariant checks: `outgoing` and
   * `inFlight` at the sender, the rest where they ended. Ids are `from:id`.
   */
  places(): {
    readonly outgoing: Message[];
    readonly inFlight: Message[];
    /**
     * The part of `inFlight` awaiting only a final acknowledgement: delivered, never resent —
     * a record of what the destination owes, not a copy that can still travel.
     */
    readonly unprocessed: Message[];
    readonly queued: Message[];
    readonly journal: Message[];
    readonly deadLetter: Message[];
    readonly tracked:
      | {
          readonly sent: ReadonlySet<string>;
          readonly received: ReadonlySet<string>;
          readonly lost: ReadonlySet<string>;
          /** Express messages whose sender stopped before their acknowledgement: delivered or lost. */
          readonly lostInFlight: ReadonlySet<string>;
          /**
           * Messages whose time limit passed at their sender while a copy that had been put on
           * a session waited to be resent: the receiver may have them too (its acknowledgement
           * was lost with the session), as with MSMQ.
           */
          readonly expiredInFlight: ReadonlySet<string>;
          /**
           * Messages this machine refused on arrival (not addressed here, no such queue, a full
           * quota, the wrong kind, a time limit passed), discarded or dead-lettered here. A copy
           * resent after its acknowledgement was lost may be refused by a machine its name now
           * resolves to while another copy is stored at its destination: a duplicate, as with MSMQ.
           */
          readonly turnedAway: ReadonlySet<string>;
          /** Messages that failed and were discarded, sent without MQMSG_DEADLETTER. */
          readonly discarded: ReadonlySet<string>;
          /** Messages an administrator purged. */
          readonly purged: ReadonlySet<string>;
        }
      | undefined;
  } {
    const queued: Message[] = [];
    const deadLetter: Message[] = [];
    const journal: Message[] = [];
    for (const [key, queue] of this.#queues) {
      (key === DEADLETTER_QUEUE || key === DEADXACT_QUEUE ? deadLetter : queued).push(
        ...queue.messages.toArray(),
      );
      journal.push(...queue.journalMessages.toArray());
    }
    const held = this.heldMessages();
    const unprocessed = [...this.#outgoing.values()].flatMap((queue) => [
      ...queue.unprocessed.values(),
    ]);
    return {
      outgoing: held.outgoing,
      // Copies awaiting an order or final acknowledgement are in flight too: the receiver has
      // them, or turned them down and the sender resends.
      inFlight: [...held.inFlight, ...unprocessed],
      unprocessed,
      queued,
      journal,
      deadLetter,
      tracked: this.#tracked,
    };
  }

  /** Whether a message addressed with `formatName` would be accepted here as addressed to this queue manager. */
  isAddressedHere(formatName: string): boolean {
    const runtime = this.#runtime;
    return runtime !== undefined && this.#isLocal(runtime, this.#destination(formatName));
  }

  #destination(text: string): Destination {
    const cached = this.#destinations.get(text);
    if (cached !== undefined) return cached;
    const formatName = parseFormatName(text);
    if (formatName.kind === 'direct-http') {
      throw new QueueError(`cannot send to ${text}: HTTP format names are not modelled`, {
        value: text,
        allowed: 'DIRECT=OS:, DIRECT=TCP:, a path name or queue@machine',
      });
    }
    // Bounded: a program that sends to ever-new names must not grow this without end.
    if (this.#destinations.size >= 4096) this.#destinations.clear();
    const connection = connectionKey(formatName);
    const [by, target] = splitConnectionKey(connection);
    const destination: Destination = {
      text,
      formatName,
      key: destinationKey(formatName),
      queue: queuePathKey(formatName.queue),
      connection,
      by,
      target,
    };
    this.#destinations.set(text, destination);
    return destination;
  }

  // ── Sender side ──────────────────────────────────────────────────────────────────────────

  #wake(runtime: Runtime, queue: Outgoing): void {
    let connection = runtime.connections.get(queue.connection);
    if (connection === undefined) {
      const [by, target] = splitConnectionKey(queue.connection);
      connection = {
        key: queue.connection,
        by,
        target,
        queues: [],
        phase: 'idle',
        session: undefined,
        nextHop: undefined,
        nextHops: [],
        hopIndex: 0,
        attempt: 0,
        timer: undefined,
        unacked: [],
        ackTimer: undefined,
        lastFailure: undefined,
        cursor: 0,
      };
      runtime.connections.set(queue.connection, connection);
    }
    if (!connection.queues.includes(queue)) connection.queues.push(queue);
    if (connection.phase === 'idle') this.#connect(runtime, connection);
    else if (connection.phase === 'ready') {
      if (connection.timer !== undefined) {
        // An idle clean-up was pending; there is work again.
        this.#cancel(runtime, connection.timer);
        connection.timer = undefined;
      }
      this.#pump(runtime, connection);
    }
    this.#publishState(queue);
  }

  #connect(runtime: Runtime, connection: Connection): void {
    connection.timer = undefined;
    if (connection.by === 'tcp') {
      connection.nextHops = [connection.target];
      this.#open(runtime, connection, connection.target);
      return;
    }
    connection.phase = 'resolving';
    const answered = (result: LookupResult) => {
      if (this.#runtime !== runtime || connection.phase !== 'resolving') return;
      const addresses = result.status === 'ok' ? result.values : [];
      const address = addresses[connection.hopIndex % Math.max(1, addresses.length)];
      if (address === undefined) {
        this.#fail(runtime, connection, `cannot resolve ${connection.target}: ${result.status}`);
        return;
      }
      connection.nextHops = [...addresses];
      this.#open(runtime, connection, address);
    };
    const now = runtime.names.lookup(connection.target, 'A', answered);
    if (now !== undefined) answered(now);
  }

  #open(runtime: Runtime, connection: Connection, address: string): void {
    connection.phase = 'connecting';
    connection.nextHop = address;
    this.#emit('qm.session.connecting', { to: connection.target, address });
    for (const queue of connection.queues) this.#publishState(queue);
    connection.session = this.#network.connect<Frame>(
      this.machine,
      { address, port: MSMQ_PORT },
      { process: MSMQ_PROCESS },
      {
        onConnect: (session) => {
          if (this.#runtime !== runtime || connection.session !== session) return;
          connection.phase = 'handshake';
          session.send(
            {
              t: 'hello',
              target: connection.target,
              by: connection.by,
              from: this.machine,
              qmId: runtime.qmId,
            },
            64,
          );
        },
        onData: (session, frame) => {
          if (this.#runtime !== runtime || connection.session !== session) return;
          this.#onSenderFrame(runtime, connection, frame);
        },
        onRefused: (session) => {
          if (connection.session === session)
            this.#fail(runtime, connection, `connection to ${address}:${MSMQ_PORT} refused`);
        },
        onTimeout: (session) => {
          if (connection.session === session)
            this.#fail(runtime, connection, `connection to ${address}:${MSMQ_PORT} timed out`);
        },
        onReset: (session) => {
          if (connection.session === session)
            this.#fail(runtime, connection, `session with ${address} reset`);
        },
        onClose: (session) => {
          if (connection.session === session)
            this.#fail(runtime, connection, `session with ${address} closed by the peer`);
        },
      },
    );
  }

  #onSenderFrame(runtime: Runtime, connection: Connection, frame: Frame): void {
    if (frame instanceof Message) return;
    switch (frame.t) {
      case 'accept':
        connection.phase = 'ready';
        connection.attempt = 0;
        connection.lastFailure = undefined;
        this.#recordAttempt(connection, 'connected', undefined);
        this.#emit('qm.session.established', {
          to: connection.target,
          address: connection.nextHop,
        });
        for (const queue of connection.queues) this.#publishState(queue);
        this.#pump(runtime, connection);
        return;
      case 'reject': {
        this.#emit('qm.session.rejected', {
          to: connection.target,
          address: connection.nextHop,
          reason: frame.reason,
          side: 'sender',
        });
        const session = connection.session;
        this.#fail(runtime, connection, `rejected by ${connection.nextHop}: ${frame.reason}`);
        session?.close();
        return;
      }
      case 'ack': {
        const released = connection.unacked.splice(0, frame.count);
        this.#disarmAckTimer(runtime, connection);
        if (frame.rejected !== undefined) {
          for (const rejection of frame.rejected) {
            const message = released.find((candidate) => candidate.id === rejection.id);
            if (message !== undefined) message.lastNack = rejection.klass;
          }
        }
        for (const message of released) {
          if (message.delivery === 'transactional') {
            // The hidden copy stays until the order acknowledgement ([MS-MQQB] 3.1.1.6.2).
            const queue = this.#outgoing.get(message.destinationKey);
            if (queue !== undefined) {
              if (queue.confirmed.seq === message.sequence && message.id <= queue.confirmed.upTo)
                this.#settleOrdered(queue, message);
              else {
                queue.awaiting.push(message);
                this.#armResend(runtime, queue);
              }
              continue;
            }
          }
          this.#releaseAtSender(message, 'session');
        }
        this.#pump(runtime, connection);
        return;
      }
      case 'order-ack':
      case 'final-ack':
        this.#onEndToEndAck(runtime, frame, connection.session?.remote ?? '');
        return;
      default:
        return;
    }
  }

  #pump(runtime: Runtime, connection: Connection): void {
    const session = connection.session;
    if (session === undefined || connection.phase !== 'ready') return;
    const window = this.#settings.sessionWindow;
    const queues = connection.queues;
    const now = this.#clock.ticks();
    let idleRounds = 0;
    while (connection.unacked.length < window && idleRounds < queues.length) {
      const queue = queues[connection.cursor % queues.length] as Outgoing;
      const message = queue.held ? undefined : queue.messages.shift();
      if (message === undefined) {
        idleRounds++;
        connection.cursor++;
        continue;
      }
      idleRounds = 0;
      // The time limits cover every copy, a resent one too (facts file §1b/§8: messages stay
      // until TTRQ/TTBR expires). A copy already put on a session may have reached the receiver
      // before the session broke: then it is at the receiver as well (tracked.expiredInFlight).
      if (message.reachBy <= now || message.receiveBy <= now) {
        this.#expireAtSender(message, expiryClass(message, now));
        continue;
      }
      // Only messages with end-to-end acknowledgements carry their sender's QMId.
      if (message.delivery === 'transactional' || message.deadLetter)
        message.sourceQmId = runtime.qmId;
      if (message.delivery === 'transactional' && message.sequence === 0) {
        if (queue.sequence === 0) {
          queue.sequence = this.#newSequence();
          queue.lastInSequence = 0;
          queue.sequences.add(queue.sequence);
        }
        message.sequence = queue.sequence;
        message.previous = queue.lastInSequence;
        queue.lastInSequence = message.id;
      }
      connection.unacked.push(message);
      message.transmissions++;
      session.send(message, message.size);
    }
    if (connection.unacked.length > 0) this.#armAckTimer(runtime, connection);
    if (
      connection.unacked.length === 0 &&
      queues.every((queue) => queue.messages.length === 0 || queue.held)
    ) {
      if (connection.timer === undefined) {
        connection.timer = this.#afterSeconds(
          runtime,
          this.#settings.cleanupIntervalSeconds,
          () => {
            connection.timer = undefined;
            if (connection.unacked.length > 0 || connection.phase !== 'ready') return;
            if (connection.queues.some((queue) => queue.messages.length > 0 && !queue.held)) return;
            const idle = connection.session;
            connection.session = undefined;
            connection.phase = 'idle';
            idle?.close();
            this.#emit('qm.session.idle-closed', {
              to: connection.target,
              address: connection.nextHop,
            });
            for (const queue of connection.queues) this.#publishState(queue);
          },
        );
      }
    }
    for (const queue of queues) this.#publishState(queue);
  }

  #armAckTimer(runtime: Runtime, connection: Connection): void {
    if (connection.ackTimer !== undefined) return;
    const session = connection.session;
    const ackTimeout = this.#settings.ackTimeoutSeconds;
    connection.ackTimer = this.#afterSeconds(runtime, ackTimeout, () => {
      connection.ackTimer = undefined;
      if (
        connection.session !== session ||
        session === undefined ||
        connection.unacked.length === 0
      )
        return;
      this.#emit('qm.session.ack-timeout', {
        to: connection.target,
        address: connection.nextHop,
        unacknowledged: connection.unacked.length,
      });
      session.reset();
      this.#fail(
        runtime,
        connection,
        `no session acknowledgement from ${connection.nextHop} within ${ackTimeout} s`,
      );
    });
  }

  #disarmAckTimer(runtime: Runtime, connection: Connection): void {
    if (connection.ackTimer === undefined) return;
    this.#cancel(runtime, connection.ackTimer);
    connection.ackTimer = undefined;
  }

  #fail(runtime: Runtime, connection: Connection, reason: string): void {
    if (this.#runtime !== runtime) return;
    // A connection attempt that failed (not an established session that broke).
    if (connection.phase !== 'ready') this.#recordAttempt(connection, 'failed', reason);
    connection.session = undefined;
    connection.phase = 'waiting';
    connection.lastFailure = reason;
    this.#disarmAckTimer(runtime, connection);
    // With the KB 833512 fix MSMQ resolves the name again on its retry schedule when delivery
    // fails (facts file §7; Breakwell, "How to deliver MSMQ messages to a new machine").
    if (connection.by === 'os' && this.#settings.nameCache.kind === 're-resolve-on-failure')
      runtime.names.forget(connection.target);
    // Copies put back to be resent still expire at their time limits: wake the sweep for them.
    let due = Number.POSITIVE_INFINITY;
    for (const message of connection.unacked)
      due = Math.min(due, message.reachBy, message.receiveBy);
    this.#requeueUnacked(connection);
    if (due !== Number.POSITIVE_INFINITY) this.#scheduleSweep(runtime, due);
    // Every next hop is tried: the next attempt dials the next address the name resolved to.
    // With `nextHopFailover: 'immediate'` it follows at once until every address has failed once.
    let failover = false;
    if (connection.nextHops.length > 1) {
      connection.hopIndex = (connection.hopIndex + 1) % connection.nextHops.length;
      failover = connection.hopIndex !== 0 && this.#settings.nextHopFailover === 'immediate';
    }
    const schedule = this.#settings.retryScheduleSeconds;
    const seconds = failover
      ? 0
      : (this.#settings.waitTimeSeconds ??
        (schedule[Math.min(connection.attempt, schedule.length - 1)] as number));
    if (!failover) connection.attempt++;
    if (connection.timer !== undefined) this.#cancel(runtime, connection.timer);
    this.#emit('qm.session.failed', {
      to: connection.target,
      address: connection.nextHop,
      reason,
      retryInSeconds: seconds,
    });
    connection.timer = this.#afterSeconds(runtime, seconds, () => {
      connection.timer = undefined;
      if (connection.queues.some((queue) => queue.messages.length > 0))
        this.#connect(runtime, connection);
      else {
        connection.phase = 'idle';
        for (const queue of connection.queues) this.#publishState(queue);
      }
    });
    for (const queue of connection.queues) this.#publishState(queue);
  }

  /** Unacknowledged messages go back to the front of their outgoing queues, in order, to be sent again. */
  #requeueUnacked(connection: Connection): void {
    if (connection.unacked.length === 0) return;
    const byQueue = new Map<string, Message[]>();
    for (const message of connection.unacked) {
      const list = byQueue.get(message.destinationKey) ?? [];
      list.push(message);
      byQueue.set(message.destinationKey, list);
    }
    connection.unacked = [];
    for (const [key, messages] of byQueue) this.#outgoing.get(key)?.messages.unshiftAll(messages);
  }

  // ── Receiver side ────────────────────────────────────────────────────────────────────────

  #accept(runtime: Runtime, session: Session<Frame>): void {
    runtime.inbound.set(session, {
      accepted: false,
      nameOk: false,
      rejected: undefined,
      qmId: '',
      pending: 0,
      ackTimer: undefined,
      marks: undefined,
    });
  }

  #dropInbound(runtime: Runtime, session: Session<Frame>): void {
    const inbound = runtime.inbound.get(session);
    if (inbound?.ackTimer !== undefined) this.#cancel(runtime, inbound.ackTimer);
    runtime.inbound.delete(session);
  }

  #receiveFrame(runtime: Runtime, session: Session<Frame>, frame: Frame): void {
    if (this.#runtime !== runtime) return;
    const inbound = runtime.inbound.get(session);
    if (inbound === undefined) return;
    if (frame instanceof Message) {
      // A message on a session that was not accepted is not ours to take; the sender keeps it.
      if (!inbound.accepted || inbound.marks === undefined) return;
      // The QMId → address cache follows every message (Breakwell, "MSMQ prefers to be unique").
      if (runtime.qmIdAddresses.get(inbound.qmId) !== session.remoteAddress)
        runtime.qmIdAddresses.set(inbound.qmId, session.remoteAddress);
      if (frame.delivery === 'transactional') this.#receiveTransactional(runtime, inbound, frame);
      else {
        let mark = inbound.marks.get(frame.destinationKey);
        if (mark === undefined) {
          mark = { last: 0 };
          inbound.marks.set(frame.destinationKey, mark);
        }
        if (frame.id <= mark.last) {
          this.#counts.duplicatesDropped++;
          this.#emit('qm.message.duplicate', { id: frame.id, from: frame.from });
        } else {
          mark.last = frame.id;
          // KB 306785: an express (or recoverable) message to a name that is not this
          // machine's is discarded by the receiver — dead-lettered here only with MQMSG_DEADLETTER.
          if (inbound.nameOk) this.#store(frame);
          else {
            this.#tracked?.turnedAway.add(frame.uid);
            this.#deadLetter(frame, 'NACK_BAD_DST_Q', 'destination');
          }
        }
      }
      inbound.pending++;
      if (inbound.pending >= this.#settings.sessionWindow >> 1) this.#sendAck(session, inbound);
      else if (inbound.ackTimer === undefined) {
        inbound.ackTimer = this.#after(
          runtime,
          Math.round(this.#settings.ackDelayMilliseconds * TICKS.perMillisecond),
          () => {
            inbound.ackTimer = undefined;
            this.#sendAck(session, inbound);
          },
        );
      }
      return;
    }
    if (frame.t === 'order-ack' || frame.t === 'final-ack') {
      // End-to-end acknowledgements come on any session, one opened just for them included.
      this.#onEndToEndAck(runtime, frame, session.remote);
      return;
    }
    if (frame.t !== 'hello') return;
    const reason = this.#identityProblem(runtime, frame.by, frame.target);
    // KB 306785 checks a DIRECT=OS name per message, not per session: the session is accepted
    // and each message is judged (#receiveFrame). A DIRECT=TCP address this machine did not
    // learn at start refuses the session (KB 306416).
    if (reason !== undefined && frame.by === 'tcp') {
      this.#emit('qm.session.rejected', {
        from: frame.from,
        target: frame.target,
        reason,
        side: 'receiver',
        remote: session.remote,
      });
      session.send({ t: 'reject', reason }, 64);
      session.close();
      return;
    }
    inbound.accepted = true;
    inbound.nameOk = reason === undefined;
    inbound.qmId = frame.qmId;
    let marks = this.#marks.get(frame.from);
    if (marks === undefined) {
      marks = new Map();
      this.#marks.set(frame.from, marks);
    }
    inbound.marks = marks;
    this.#emit('qm.session.accepted', {
      from: frame.from,
      target: frame.target,
      remote: session.remote,
    });
    session.send({ t: 'accept' }, 64);
    // Acknowledgements owed to this sender may have waited for a way to reach it.
    if (runtime.pendingAcks.has(frame.qmId)) this.#scheduleAckFlush(runtime);
  }

  /**
   * A transactional message: the name check (KB 306785), then the exactly-once accept rule per
   * sender QMId and outgoing queue ([MS-MQQB] 3.1.5.8.6: a larger sequence id starts a new
   * sequence with its first message; in a sequence a message is new when its id is larger than
   * the last taken and the one before it was taken), then storage. Taken, duplicate or
   * failed, it is order-acknowledged; turned down, it is not, and its sender keeps resending.
   */
  #receiveTransactional(runtime: Runtime, inbound: Inbound, message: Message): void {
    if (!inbound.nameOk) {
      this.#reject(inbound, message, 'not-this-machine', 'NACK_BAD_DST_Q');
      return;
    }
    const key = `${inbound.qmId}|${message.destinationKey}`;
    let eod = this.#eod.get(key);
    if (eod === undefined || message.sequence > eod.seq) {
      // A new sequence starts with its first message (PrevSeqNo = 0).
      if (message.previous !== 0) {
        this.#reject(inbound, message, 'out-of-order', undefined);
        return;
      }
      eod = { seq: message.sequence, last: 0, negative: new Map() };
      this.#eod.set(key, eod);
    } else if (message.sequence < eod.seq) {
      this.#reject(inbound, message, 'old-sequence', undefined);
      return;
    }
    let failure: DeadLetterClass | undefined;
    if (message.id > eod.last && message.previous > eod.last) {
      // The one before it has not arrived: taken later, in order, when it is resent.
      this.#reject(inbound, message, 'out-of-order', undefined);
      return;
    }
    if (message.id <= eod.last) {
      this.#counts.duplicatesDropped++;
      this.#emit('qm.message.duplicate', { id: message.id, from: message.from });
      failure = eod.negative.get(message.id);
    } else {
      eod.last = message.id;
      failure = this.#admit(message);
      if (failure !== undefined) {
        eod.negative.set(message.id, failure);
        if (eod.negative.size > EOD_NEGATIVE_MEMORY)
          eod.negative.delete(eod.negative.keys().next().value as number);
      }
    }
    // An order acknowledgement is cumulative: it covers every message up to `last`. It carries
    // every failure of the sequence still remembered, not only this one's, so an earlier
    // acknowledgement lost on a dead session cannot leave the next one to confirm a rejected
    // message as taken (its sender would release a message no queue holds).
    const negative =
      failure === undefined && eod.negative.size === 0
        ? []
        : [...eod.negative].map(([id, klass]) => ({ id, klass }));
    if (failure !== undefined && !eod.negative.has(message.id))
      negative.push({ id: message.id, klass: failure });
    mergeOrderAck(
      this.#pendingFor(runtime, inbound.qmId),
      message.destinationKey,
      eod.seq,
      eod.last,
      negative,
    );
    this.#scheduleAckFlush(runtime);
  }

  #reject(
    inbound: Inbound,
    message: Message,
    reason: 'not-this-machine' | 'old-sequence' | 'out-of-order',
    klass: DeadLetterClass | undefined,
  ): void {
    if (klass !== undefined) {
      inbound.rejected ??= [];
      inbound.rejected.push({ id: message.id, klass });
    }
    this.#emit('qm.message.rejected', {
      id: message.id,
      from: message.from,
      destination: message.destination,
      reason,
      class: klass,
    });
  }

  #pendingFor(runtime: Runtime, qmId: string): PendingAcks {
    let pending = runtime.pendingAcks.get(qmId);
    if (pending === undefined) {
      pending = { order: new Map(), final: new Map() };
      runtime.pendingAcks.set(qmId, pending);
    }
    return pending;
  }

  /** Owes the sender of a delivered MQMSG_DEADLETTER message its final acknowledgement. */
  #queueFinalAck(runtime: Runtime, message: Message, failure: DeadLetterClass | undefined): void {
    mergeFinalAck(
      this.#pendingFor(runtime, message.sourceQmId),
      message.destinationKey,
      failure === undefined ? [message.id] : [],
      failure === undefined ? [] : [{ id: message.id, klass: failure }],
    );
    this.#scheduleAckFlush(runtime);
  }

  /**
   * A stored message failed at this, its destination, machine (time-to-be-received, purge).
   * Sent from elsewhere with MQMSG_DEADLETTER, its sender learns it by a negative final
   * acknowledgement; a transactional one then goes to the *source's* transactional dead-letter
   * queue ("Dead-Letter Queues"; facts §4) and this returns true: the caller must not keep it.
   */
  #reportFailureToSource(runtime: Runtime, message: Message, klass: DeadLetterClass): boolean {
    if (!message.deadLetter || message.from === this.machine || message.sourceQmId === '')
      return false;
    this.#queueFinalAck(runtime, message, klass);
    if (message.delivery !== 'transactional') return false;
    // Until the negative final acknowledgement reaches the source, the message is on its way
    // back to the source's transactional dead-letter queue, and in no queue here.
    this.#emit('qm.message.returned', {
      id: message.id,
      from: message.from,
      destination: message.destination,
      class: klass,
    });
    return true;
  }

  #scheduleAckFlush(runtime: Runtime): void {
    if (runtime.ackFlush !== undefined) return;
    runtime.ackFlush = this.#after(
      runtime,
      Math.round(this.#settings.ackDelayMilliseconds * TICKS.perMillisecond),
      () => {
        runtime.ackFlush = undefined;
        this.#flushAcks(runtime);
      },
    );
  }

  /**
   * Sends what is owed to each sender QMId to the address the QMId → address cache holds for
   * it: on a session already open with that address, else on one opened for the purpose. With
   * cloned QMIds that address is whichever clone sent last, and the other never hears.
   */
  #flushAcks(runtime: Runtime): void {
    for (const [qmId, pending] of runtime.pendingAcks) {
      const address = runtime.qmIdAddresses.get(qmId);
      if (address === undefined) continue;
      const frames: EndToEndAck[] = [];
      for (const [queue, order] of pending.order)
        frames.push({ t: 'order-ack', qmId, queue, ...order });
      for (const [queue, final] of pending.final)
        frames.push({ t: 'final-ack', qmId, queue, ...final });
      runtime.pendingAcks.delete(qmId);
      if (frames.length === 0) continue;
      if (this.#trace !== undefined) {
        for (const kind of ['order', 'final'] as const) {
          const count = kind === 'order' ? pending.order.size : pending.final.size;
          if (count > 0) this.#emit('qm.ack.sent', { kind, qmId, address, count });
        }
      }
      const session = this.#sessionWith(runtime, address);
      if (session !== undefined) {
        for (const frame of frames) session.send(frame, 64);
        continue;
      }
      this.#network.connect<Frame>(
        this.machine,
        { address, port: MSMQ_PORT },
        { process: MSMQ_PROCESS },
        {
          onConnect: (opened) => {
            for (const frame of frames) opened.send(frame, 64);
            opened.close();
          },
          // Unreachable: keep them for the next flush, after the first retry interval.
          onRefused: () => this.#keepAcks(runtime, qmId, frames),
          onTimeout: () => this.#keepAcks(runtime, qmId, frames),
        },
      );
    }
  }

  #keepAcks(runtime: Runtime, qmId: string, frames: readonly EndToEndAck[]): void {
    if (this.#runtime !== runtime) return;
    const pending = this.#pendingFor(runtime, qmId);
    for (const frame of frames) {
      if (frame.t === 'order-ack')
        mergeOrderAck(pending, frame.queue, frame.seq, frame.upTo, frame.negative);
      else mergeFinalAck(pending, frame.queue, frame.positive, frame.negative);
    }
    const retry = this.#settings.retryScheduleSeconds[0] ?? 60;
    this.#afterSeconds(runtime, this.#settings.waitTimeSeconds ?? retry, () =>
      this.#scheduleAckFlush(runtime),
    );
  }

  /** An established session with `address`: one it accepted, or one it opened. */
  #sessionWith(runtime: Runtime, address: string): Session<Frame> | undefined {
    for (const [session, inbound] of runtime.inbound)
      if (inbound.accepted && session.remoteAddress === address && session.state === 'ESTABLISHED')
        return session;
    for (const connection of runtime.connections.values()) {
      const session = connection.session;
      if (
        connection.phase === 'ready' &&
        session !== undefined &&
        session.remoteAddress === address &&
        session.state === 'ESTABLISHED'
      )
        return session;
    }
    return undefined;
  }

  /** An order or final acknowledgement arrived: release what it confirms, if it is for us. */
  #onEndToEndAck(runtime: Runtime, frame: EndToEndAck, remote: string): void {
    const kind = frame.t === 'order-ack' ? 'order' : 'final';
    const ignore = (reason: 'other-qmid' | 'unknown-queue' | 'unknown-sequence') =>
      this.#emit('qm.ack.ignored', { kind, qmId: frame.qmId, queue: frame.queue, reason, remote });
    if (frame.qmId !== runtime.qmId) {
      ignore('other-qmid');
      return;
    }
    const queue = this.#outgoing.get(frame.queue);
    if (queue === undefined) {
      ignore('unknown-queue');
      return;
    }
    const negative = new Map(frame.negative.map((rejection) => [rejection.id, rejection.klass]));
    if (frame.t === 'final-ack') {
      for (const id of [...frame.positive, ...negative.keys()]) {
        const message = queue.unprocessed.get(id);
        if (message === undefined) continue;
        queue.unprocessed.delete(id);
        const failure = negative.get(id);
        this.#emit('qm.message.processed', {
          id,
          destination: message.destination,
          outcome: failure ?? 'received',
        });
        if (failure !== undefined && message.delivery === 'transactional')
          this.#deadLetter(message, failure, 'source');
      }
      this.#publishState(queue);
      return;
    }
    // A sequence of this queue's, the current one or one whose copies are still out (on a
    // session, awaiting, resent after a restart): its acknowledgement counts even before the
    // copies it covers are back from the session.
    const known = queue.sequences.has(frame.seq);
    if (!known) {
      ignore('unknown-sequence');
      return;
    }
    // Negatives for messages an earlier acknowledgement settled already are repeats.
    const settledUpTo = frame.seq === queue.confirmed.seq ? queue.confirmed.upTo : 0;
    if (
      frame.seq > queue.confirmed.seq ||
      (frame.seq === queue.confirmed.seq && frame.upTo > queue.confirmed.upTo)
    )
      queue.confirmed = { seq: frame.seq, upTo: frame.upTo };
    for (const [id, klass] of negative) if (id > settledUpTo) queue.earlyNegative.set(id, klass);
    let matched = 0;
    const kept: Message[] = [];
    for (const message of queue.awaiting) {
      if (message.sequence !== frame.seq || message.id > frame.upTo) kept.push(message);
      else {
        matched++;
        this.#settleOrdered(queue, message);
      }
    }
    if (matched === 0) return;
    queue.awaiting = kept;
    queue.resendAttempt = 0;
    if (kept.length === 0 && queue.resendTimer !== undefined) {
      this.#cancel(runtime, queue.resendTimer);
      queue.resendTimer = undefined;
    }
    this.#publishState(queue);
  }

  /** An order acknowledgement covers `message`: released, or to the source's transactional DLQ. */
  #settleOrdered(queue: Outgoing, message: Message): void {
    const failure = queue.earlyNegative.get(message.id);
    if (failure === undefined) {
      this.#releaseAtSender(message, 'order');
      return;
    }
    queue.earlyNegative.delete(message.id);
    // A transactional negative goes to the source's transactional DLQ (facts §4).
    this.#outgoingBytes -= message.size;
    this.#deadLetter(message, failure, 'source');
  }

  #sendAck(session: Session<Frame>, inbound: Inbound): void {
    if (inbound.pending === 0 || session.state !== 'ESTABLISHED') return;
    if (inbound.ackTimer !== undefined) {
      this.#clock.cancel(inbound.ackTimer);
      this.#runtime?.timers.delete(inbound.ackTimer);
      inbound.ackTimer = undefined;
    }
    session.send({ t: 'ack', count: inbound.pending, rejected: inbound.rejected }, 32);
    inbound.pending = 0;
    inbound.rejected = undefined;
  }

  /** Why a session addressed to `target` is not for this queue manager, or `undefined` when it is. */
  #identityProblem(runtime: Runtime, by: 'os' | 'tcp', target: string): string | undefined {
    if (by === 'tcp') {
      return runtime.identityAddresses.has(target)
        ? undefined
        : `${target} is not an address ${this.machine} learned at start (${[...runtime.identityAddresses].join(', ') || 'none'})`;
    }
    if (this.#settings.ignoreOsNameValidation || runtime.identityNames.has(target.toLowerCase()))
      return undefined;
    return `${target} is not a name of ${this.machine}`;
  }

  /** Puts an arriving (or local) message into its queue, or the dead-letter queue MSMQ would use here. */
  #store(message: Message): void {
    const failure = this.#admit(message);
    if (failure === undefined) return;
    this.#tracked?.turnedAway.add(message.uid);
    this.#deadLetter(message, failure, 'destination');
  }

  /** Stores a message in its queue, or says why it cannot be (the class it fails with). */
  #admit(message: Message): DeadLetterClass | undefined {
    const queue = this.#queues.get(message.queue);
    if (queue === undefined || queue.system) return 'NACK_BAD_DST_Q';
    const transactional = message.delivery === 'transactional';
    if (queue.transactional && !transactional) return 'NACK_NOT_TRANSACTIONAL_MSG';
    if (!queue.transactional && transactional) return 'NACK_NOT_TRANSACTIONAL_Q';
    if (
      queue.messages.bytes + message.size > queue.quota ||
      this.storedBytes + message.size > this.#settings.machineQuotaBytes
    )
      return 'NACK_Q_EXCEED_QUOTA';
    const now = this.#clock.ticks();
    if (message.reachBy <= now) return 'NACK_REACH_QUEUE_TIMEOUT';
    if (message.receiveBy <= now) return 'NACK_RECEIVE_TIMEOUT';
    queue.messages.push(message);
    this.#storedBytes += message.size;
    this.#counts.delivered++;
    if (this.#trace !== undefined)
      this.#emit('qm.message.delivered', { id: message.id, from: message.from, queue: queue.path });
    return undefined;
  }

  /** A message whose time limit passed while its sender held it, in an outgoing queue. */
  #expireAtSender(message: Message, klass: DeadLetterClass): void {
    this.#outgoingBytes -= message.size;
    if (message.transmissions > 0) this.#tracked?.expiredInFlight.add(message.uid);
    this.#deadLetter(message, klass, 'source');
  }

  /** The sender is done with a message the destination took: its storage is free. */
  #releaseAtSender(message: Message, by: 'session' | 'order'): void {
    this.#outgoingBytes -= message.size;
    if (message.deadLetter) {
      // Counted as Unprocessed until the final acknowledgement (Particular's guide; facts §9).
      this.#outgoing.get(message.destinationKey)?.unprocessed.set(message.id, message);
    }
    if (this.#trace !== undefined)
      this.#emit('qm.message.acknowledged', {
        id: message.id,
        destination: message.destination,
        by,
      });
  }

  #newSequence(): number {
    // TxSequenceIDs grow with time ([MS-MQQB] 3.1.1.5), so a later sequence supersedes an earlier one.
    this.#lastSequence = Math.max(this.#lastSequence + 1, this.#clock.ticks());
    return this.#lastSequence;
  }

  /**
   * The Transactional Ack Wait Timer ([MS-MQQB] 3.1.2.6): copies without an order
   * acknowledgement after `seqResendSeconds[attempt]` are sent again.
   */
  #armResend(runtime: Runtime, queue: Outgoing): void {
    if (queue.resendTimer !== undefined) return;
    const schedule = this.#settings.seqResendSeconds;
    const seconds = schedule[Math.min(queue.resendAttempt, schedule.length - 1)] as number;
    queue.resendTimer = this.#afterSeconds(runtime, seconds, () => {
      queue.resendTimer = undefined;
      if (queue.awaiting.length === 0) return;
      // In sequence order: the receiver takes a message only after the one before it.
      const copies = queue.awaiting.sort(bySequenceOrder);
      queue.awaiting = [];
      queue.resendAttempt++;
      queue.messages.unshiftAll(copies);
      if (this.#trace !== undefined)
        this.#emit('qm.outgoing.resend', {
          queue: queue.formatName,
          count: copies.length,
          attempt: queue.resendAttempt,
          nextInSeconds: schedule[Math.min(queue.resendAttempt, schedule.length - 1)] as number,
        });
      this.#wake(runtime, queue);
    });
  }

  /**
   * A failed message: to the dead-letter queue MSMQ uses when it was sent with MQMSG_DEADLETTER,
   * else thrown away and counted (PROPID_M_JOURNAL; MSMQ "Dead-Letter Queues").
   */
  #deadLetter(message: Message, klass: DeadLetterClass, side: 'source' | 'destination'): void {
    message.deadLetterClass = klass;
    if (!message.deadLetter) {
      this.#counts.discarded++;
      this.#tracked?.discarded.add(message.uid);
      this.#emit('qm.message.discarded', {
        id: message.id,
        from: message.from,
        destination: message.destination,
        class: klass,
        reason: 'no-deadletter',
        side,
      });
      return;
    }
    const key = message.delivery === 'transactional' ? DEADXACT_QUEUE : DEADLETTER_QUEUE;
    (this.#queues.get(key) as LocalQueue).messages.push(message);
    this.#storedBytes += message.size;
    this.#emit('qm.message.deadlettered', {
      id: message.id,
      from: message.from,
      destination: message.destination,
      class: klass,
      side,
    });
  }

  // ── Expiry ───────────────────────────────────────────────────────────────────────────────

  /**
   * Sweeps for expired messages every `expirySweepIntervalSeconds` on one grid of ticks, skipping
   * the ticks before anything can expire: `due` is the earliest deadline a sweep must see
   * (`undefined`: the next tick of the grid). A chain of sweeps starts its grid when it starts.
   */
  #scheduleSweep(runtime: Runtime, due?: number): void {
    const now = this.#clock.ticks();
    const interval = Math.max(1, secondsToTicks(this.#settings.expirySweepIntervalSeconds));
    if (runtime.sweep === undefined) runtime.sweepOrigin = now;
    const origin = runtime.sweepOrigin;
    const first = origin + interval * (Math.floor((now - origin) / interval) + 1);
    const at =
      due === undefined || due <= first
        ? first
        : due === Number.POSITIVE_INFINITY
          ? Number.POSITIVE_INFINITY
          : origin + interval * Math.ceil((due - origin) / interval);
    if (at === Number.POSITIVE_INFINITY) return;
    if (runtime.sweep !== undefined) {
      if (runtime.sweepAt <= at) return;
      this.#clock.cancel(runtime.sweep);
    }
    runtime.sweepAt = at;
    runtime.sweep = this.#clock.schedule(at - now, () => {
      runtime.sweep = undefined;
      if (this.#runtime !== runtime) return;
      const next = this.#sweep();
      if (next !== Number.POSITIVE_INFINITY) this.#scheduleSweep(runtime, next);
    });
  }

  /** Moves expired messages to the dead-letter queues; the earliest deadline still to come (`Infinity`: none). */
  #sweep(): number {
    const now = this.#clock.ticks();
    let pending = Number.POSITIVE_INFINITY;
    const runtime = this.#runtime;
    for (const queue of this.#outgoing.values()) {
      // Copies waiting to be resent, or awaiting their order acknowledgement, expire too (see #pump).
      // A queue whose earliest deadline is still to come is passed over unread: a backlog of a
      // million messages with the default 4-day limit costs a sweep nothing.
      const fifo = queue.messages;
      const expired = fifo.takeExpired(now, 'either');
      if (queue.awaiting.length > 0) {
        const [gone, kept] = partition(
          queue.awaiting,
          (message) => message.reachBy <= now || message.receiveBy <= now,
        );
        queue.awaiting = kept;
        expired.push(...gone);
      }
      for (const message of expired) this.#expireAtSender(message, expiryClass(message, now));
      pending = Math.min(pending, fifo.earliestReachBy, fifo.earliestReceiveBy);
      for (const message of queue.awaiting)
        pending = Math.min(pending, message.reachBy, message.receiveBy);
      this.#publishState(queue);
    }
    for (const queue of this.#queues.values()) {
      if (queue.system) continue;
      const expired = queue.messages.takeExpired(now, 'receive');
      for (const message of expired) {
        this.#storedBytes -= message.size;
        if (
          runtime === undefined ||
          !this.#reportFailureToSource(runtime, message, 'NACK_RECEIVE_TIMEOUT')
        )
          this.#deadLetter(message, 'NACK_RECEIVE_TIMEOUT', 'destination');
      }
      pending = Math.min(pending, queue.messages.earliestReceiveBy);
    }
    return pending;
  }

  // ── Helpers ──────────────────────────────────────────────────────────────────────────────

  #isLocal(runtime: Runtime, destination: Destination): boolean {
    return destination.by === 'tcp'
      ? runtime.identityAddresses.has(destination.target)
      : runtime.identityNames.has(destination.target);
  }

  #stateOf(queue: Outgoing): OutgoingState {
    const connection = this.#runtime?.connections.get(queue.connection);
    return outgoingState(
      queue.held,
      connection?.phase,
      queue.messages.length + (connection?.unacked.length ?? 0),
    );
  }

  /** Appends an attempt to the Connection History of every outgoing queue the connection serves. */
  #recordAttempt(
    connection: Connection,
    result: ConnectionAttempt['result'],
    reason: string | undefined,
  ): void {
    const attempt: ConnectionAttempt = {
      t: this.#clock.ticks(),
      address: connection.nextHop,
      result,
      reason,
    };
    for (const queue of connection.queues) {
      queue.history.push(attempt);
      if (queue.history.length > CONNECTION_HISTORY_LENGTH) queue.history.shift();
    }
  }

  #publishState(queue: Outgoing): void {
    const state = this.#stateOf(queue);
    const nextHop = this.#runtime?.connections.get(queue.connection)?.nextHop;
    if (state === queue.lastState && nextHop === queue.lastNextHop) return;
    queue.lastState = state;
    queue.lastNextHop = nextHop;
    this.#emit('qm.outgoing.state', {
      queue: queue.formatName,
      state,
      nextHop,
      count: queue.messages.length,
    });
  }

  #queue(path: string): LocalQueue {
    const queue = this.#queues.get(queueKey(path));
    if (queue === undefined) {
      throw new QueueError(`queue ${JSON.stringify(path)} does not exist on ${this.machine}`, {
        value: path,
        allowed: [...this.#queues.values()].map((candidate) => candidate.path).join(', '),
      });
    }
    return queue;
  }

  #outgoingQueue(formatName: string): Outgoing {
    const queue = this.#outgoing.get(destinationKey(parseFormatName(formatName)));
    if (queue === undefined) {
      throw new QueueError(
        `no outgoing queue for ${JSON.stringify(formatName)} on ${this.machine}`,
        {
          value: formatName,
          allowed:
            [...this.#outgoing.values()].map((candidate) => candidate.formatName).join(', ') ||
            'none: nothing was sent yet',
        },
      );
    }
    return queue;
  }

  #require(operation: string): Runtime {
    const runtime = this.#runtime;
    if (runtime === undefined) {
      throw new QueueManagerStateError(
        `cannot ${operation}: the MSMQ service on ${this.machine} is stopped`,
        {
          value: this.machine,
          allowed: 'start the service first',
        },
      );
    }
    return runtime;
  }

  #after(runtime: Runtime, ticks: number, run: () => void): TimerId {
    const id = this.#clock.schedule(Math.max(0, ticks), () => {
      runtime.timers.delete(id);
      if (this.#runtime === runtime) run();
    });
    runtime.timers.add(id);
    return id;
  }

  #afterSeconds(runtime: Runtime, seconds: number, run: () => void): TimerId {
    return this.#after(runtime, secondsToTicks(Math.max(0, seconds)), run);
  }

  #cancel(runtime: Runtime, id: TimerId): void {
    this.#clock.cancel(id);
    runtime.timers.delete(id);
  }

  #emit<Type extends QueueManagerTraceType>(
    type: Type,
    fields: QueueManagerTraceFields<Type>,
  ): void {
    if (this.#trace === undefined) return;
    const event = {
      t: this.#clock.ticks(),
      host: this.machine,
      source: 'queue-manager',
      type,
      ...fields,
    } as QueueManagerTraceEvent;
    this.#trace.emit(event);
  }
}

/**
 * The NextHops an admin reads: the one address of a connected queue, every candidate while it
 * is being connected (ms704940: "while the queue is being connected it returns a list").
 */
function nextHopsOf(state: OutgoingState, connection: Connection | undefined): readonly string[] {
  if (connection === undefined) return [];
  if (state === 'Connected' || connection.nextHops.length === 0)
    return connection.nextHop === undefined ? [] : [connection.nextHop];
  return connection.nextHops;
}

function bySequenceOrder(a: Message, b: Message): number {
  return a.sequence - b.sequence || a.id - b.id;
}

/**
 * Adds an order acknowledgement (up to `upTo` in sequence `seq`) to what is owed for `queue`:
 * a later sequence replaces an earlier one, the same sequence merges, an earlier one is stale.
 */
function mergeOrderAck(
  pending: PendingAcks,
  queue: string,
  seq: number,
  upTo: number,
  negative: readonly Rejection[],
): void {
  const order = pending.order.get(queue);
  if (order === undefined || order.seq < seq)
    pending.order.set(queue, { seq, upTo, negative: [...negative] });
  else if (order.seq === seq) {
    order.upTo = Math.max(order.upTo, upTo);
    const known = new Set(order.negative.map((rejection) => rejection.id));
    for (const rejection of negative) if (!known.has(rejection.id)) order.negative.push(rejection);
  }
}

/** Adds final acknowledgements (received ids, failed ones) to what is owed for `queue`. */
function mergeFinalAck(
  pending: PendingAcks,
  queue: string,
  positive: readonly number[],
  negative: readonly Rejection[],
): void {
  let final = pending.final.get(queue);
  if (final === undefined) {
    final = { positive: [], negative: [] };
    pending.final.set(queue, final);
  }
  final.positive.push(...positive);
  final.negative.push(...negative);
}

/** The class a message gets when its time limit passes at its sender. */
function expiryClass(message: Message, now: number): DeadLetterClass {
  if (message.reachBy <= now) return message.lastNack ?? 'NACK_REACH_QUEUE_TIMEOUT';
  return 'NACK_RECEIVE_TIMEOUT_AT_SENDER';
}

function canExpire(message: Message): boolean {
  return (
    message.reachBy !== Number.POSITIVE_INFINITY || message.receiveBy !== Number.POSITIVE_INFINITY
  );
}

/** One session per remote queue manager: by name for OS and path names, by address for TCP. */
function connectionKey(formatName: FormatName): string {
  switch (formatName.kind) {
    case 'direct-tcp':
      return `tcp:${formatName.address}`;
    case 'direct-os':
    case 'path':
      return `os:${formatName.machine.toLowerCase()}`;
    default:
      return `os:${formatName.kind}`;
  }
}

/** The outgoing-queue key: MSMQ turns a path name into a format name first, so `app01\q` and `DIRECT=OS:app01\q` share one. */
function destinationKey(formatName: FormatName): string {
  return formatNameKey(
    formatName.kind === 'path' ? { ...formatName, kind: 'direct-os' } : formatName,
  );
}

function splitConnectionKey(key: string): ['os' | 'tcp', string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon) as 'os' | 'tcp', key.slice(colon + 1)];
}

/** The tick by which a message must be somewhere, `seconds` after `now`; `Infinity` for no limit. */
function deadline(now: number, seconds: number | undefined): number {
  if (seconds === undefined || seconds === Number.POSITIVE_INFINITY)
    return Number.POSITIVE_INFINITY;
  return now + secondsToTicks(Math.max(0, seconds));
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
