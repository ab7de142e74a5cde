import type { CachePolicy } from '@mqsim/name-cache';

/**
 * How a queue manager behaves, from the `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` values that
 * matter to delivery. Durations are in seconds, sizes in bytes. Each default names its source;
 * where the sources are thin the value is marked UNCERTAIN and is a setting for that reason.
 */
export interface QueueManagerSettings {
  /**
   * Seconds between connection attempts of an outgoing queue that cannot deliver: the n-th
   * retry waits `retrySchedule[min(n, length − 1)]`. Default 60, 90, 120, …, 300, then every
   * 300 s: the Windows 2000 registry reference for `WaitTime` ("60 s between the first and
   * second attempts, growing by 30 s to 5 minutes"). UNCERTAIN for MSMQ ≥ 3.0.
   */
  readonly retrySchedule?: readonly number[];
  /** `WaitTime`: when set, every retry waits this many seconds instead of the schedule. */
  readonly waitTime?: number;
  /**
   * How the service keeps addresses it resolved. Default `until-restart`: the incident's
   * behaviour ("MSMQ caches IP addresses for resolved machine names"; KB 833512: "the sender
   * does not retry name resolution"). `respect-ttl` models a queue manager that re-resolves.
   */
  readonly nameCache?: CachePolicy;
  /** `BindInterfaceIP`: listen on this one address instead of every address the host has at start. */
  readonly bindInterfaceIp?: string;
  /**
   * `IgnoreOSNameValidation` = 1: accept sessions addressed to any name (KB 306785). Default
   * false: a `DIRECT=OS:` name must be this machine's NetBIOS or DNS name.
   */
  readonly ignoreOsNameValidation?: boolean;
  /**
   * Seconds an idle session stays open before it is closed and its outgoing queues go Inactive
   * (`CleanupInterval`). Default 300 (servers; 120 on clients per older documentation). UNCERTAIN.
   */
  readonly cleanupInterval?: number;
  /**
   * Messages sent on a session before the sender waits for a session acknowledgement. Default
   * 64: the Windows 2000 registry reference's per-session window.
   */
  readonly sessionWindow?: number;
  /**
   * Seconds the sender waits for a session acknowledgement before it closes the session and
   * resends (`AckTimeout`; [MS-MQQB] allows 20–120 s and Windows computes it from line quality).
   * Default 30. UNCERTAIN, hence a setting. Without it a half-open session would hold messages forever.
   */
  readonly ackTimeout?: number;
  /** Milliseconds the receiver waits before acknowledging what a session brought. Default 1. UNCERTAIN (MSMQ batches acks). */
  readonly ackDelayMs?: number;
  /** Bytes all queues of the machine may hold (`MachineQuota`). Default 1 GiB (WS2003 SP2, WS2008 and later). */
  readonly machineQuota?: number;
  /** Seconds between sweeps for expired messages while any message can expire. Default 1. */
  readonly expirySweepInterval?: number;
}

/** Every setting with its default filled in. */
export type ResolvedQueueManagerSettings = Required<
  Omit<QueueManagerSettings, 'waitTime' | 'bindInterfaceIp'>
> &
  Pick<QueueManagerSettings, 'waitTime' | 'bindInterfaceIp'>;

/** The defaults, each documented on {@link QueueManagerSettings}. */
export const QUEUE_MANAGER_DEFAULTS: ResolvedQueueManagerSettings = Object.freeze({
  retrySchedule: Object.freeze([60, 90, 120, 150, 180, 210, 240, 270, 300]),
  nameCache: Object.freeze({ kind: 'until-restart' }),
  ignoreOsNameValidation: false,
  cleanupInterval: 300,
  sessionWindow: 64,
  ackTimeout: 30,
  ackDelayMs: 1,
  machineQuota: 1024 ** 3,
  expirySweepInterval: 1,
});

/** The port MSMQ listens on for sessions from other queue managers. */
export const MSMQ_PORT = 1801;

/** The MSMQ service's executable, as `netstat -b` shows it. */
export const MSMQ_PROCESS = 'mqsvc.exe';
