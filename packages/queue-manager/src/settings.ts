import type { MsmqRole } from '@mqsim/ds-refresh';
import type { CachePolicy } from '@mqsim/name-cache';

/**
 * How a queue manager behaves: the `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` values that matter
 * to delivery, and a few the simulation adds. Each name says its unit (`…Seconds`, `…Bytes`,
 * `…Milliseconds`); the older names without one are still accepted as deprecated aliases, and the
 * new name wins when both are given. Each default names its source; where the sources are thin
 * the value is marked UNCERTAIN and is a setting for that reason.
 *
 * Given to the constructor these are the machine's defaults: at every `start()` the registry
 * values the queue manager reads ({@link readQueueManagerSettings}) take precedence over them.
 */
export interface QueueManagerSettings {
  /**
   * Seconds between connection attempts of an outgoing queue that cannot deliver: the n-th
   * retry waits `retryScheduleSeconds[min(n, length − 1)]`. Default 60, 90, 120, …, 300, then
   * every 300 s: the Windows 2000 registry reference for `WaitTime` ("60 s between the first and
   * second attempts, growing by 30 s to 5 minutes"). UNCERTAIN for MSMQ ≥ 3.0.
   */
  readonly retryScheduleSeconds?: readonly number[];
  /** @deprecated Use {@link QueueManagerSettings.retryScheduleSeconds} (same value); the new name wins when both are given. */
  readonly retrySchedule?: readonly number[];
  /** `WaitTime`: when set, every retry waits this many seconds instead of the schedule. */
  readonly waitTimeSeconds?: number;
  /** @deprecated Use {@link QueueManagerSettings.waitTimeSeconds} (same value); the new name wins when both are given. */
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
   * (`CleanupInterval`). Default per role (the `directory` option's `role`): 120 on a `server` or
   * `routing-server`, 300 on a `client` or a queue manager given no role. Breakwell ("How do I
   * create an MSMQ outgoing queue?"; facts file §1) gives 5 minutes on clients and 2 minutes on
   * servers. See {@link cleanupIntervalSecondsFor}.
   */
  readonly cleanupIntervalSeconds?: number;
  /** @deprecated Use {@link QueueManagerSettings.cleanupIntervalSeconds} (same value); the new name wins when both are given. */
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
  readonly ackTimeoutSeconds?: number;
  /** @deprecated Use {@link QueueManagerSettings.ackTimeoutSeconds} (same value); the new name wins when both are given. */
  readonly ackTimeout?: number;
  /** Milliseconds the receiver waits before acknowledging what a session brought. Default 1. UNCERTAIN (MSMQ batches acks). */
  readonly ackDelayMilliseconds?: number;
  /** @deprecated Use {@link QueueManagerSettings.ackDelayMilliseconds} (same value); the new name wins when both are given. */
  readonly ackDelayMs?: number;
  /** Bytes all queues of the machine may hold (`MachineQuota`). Default 1 GiB (WS2003 SP2, WS2008 and later). */
  readonly machineQuotaBytes?: number;
  /** @deprecated Use {@link QueueManagerSettings.machineQuotaBytes} (same value); the new name wins when both are given. */
  readonly machineQuota?: number;
  /**
   * Seconds a message sent without a time-to-reach-queue may take to reach its queue: the
   * enterprise's LONG_LIVED default (PROPID_M_TIME_TO_REACH_QUEUE left unset). Default 4 days
   * (345 600 s), MSMQ 3.0 and later; `LONG_LIVED_SECONDS.legacy`, 90 days, for older enterprises
   * (facts file §8, summary 8). `Infinity` for no limit.
   */
  readonly defaultTimeToReachQueueSeconds?: number;
  /**
   * When a name resolves to several addresses and dialling one fails: `immediate` (default) dials
   * the next address at once, and waits on the retry schedule only after every address failed
   * once; `next-retry` dials the next address at the next retry. MSMQ tries every next hop
   * ([MS-MQDMPR] OutgoingQueue.NextHops, "the possible addresses"); how soon is not documented:
   * UNCERTAIN, hence a setting.
   */
  readonly nextHopFailover?: 'immediate' | 'next-retry';
  /**
   * Seconds a transactional sender waits for an order acknowledgement before it resends (the
   * Transactional Ack Wait Timer, [MS-MQQB] 3.1.2.6): the n-th resend of a sequence waits
   * `seqResendSeconds[min(n, length − 1)]`. Default 30, 30, 30 (`SeqResend13Time`), 300 × 3
   * (`SeqResend46Time`), 1800 × 3 (`SeqResend79Time`), then 21600 (`SeqResend10Time`): the Windows
   * 2000 / WS2003 registry reference (facts file §5).
   */
  readonly seqResendSeconds?: readonly number[];
  /** Seconds between sweeps for expired messages while any message can expire. Default 1 (a simulation choice). */
  readonly expirySweepIntervalSeconds?: number;
  /** @deprecated Use {@link QueueManagerSettings.expirySweepIntervalSeconds} (same value); the new name wins when both are given. */
  readonly expirySweepInterval?: number;
}

/** Every setting with its default filled in, under its unit-suffixed name and its deprecated alias. */
export interface ResolvedQueueManagerSettings extends EffectiveQueueManagerSettings {
  /** @deprecated Use {@link ResolvedQueueManagerSettings.retryScheduleSeconds}. */
  readonly retrySchedule: readonly number[];
  /** @deprecated Use {@link ResolvedQueueManagerSettings.waitTimeSeconds}. */
  readonly waitTime?: number;
  /** @deprecated Use {@link ResolvedQueueManagerSettings.cleanupIntervalSeconds}. */
  readonly cleanupInterval: number;
  /** @deprecated Use {@link ResolvedQueueManagerSettings.ackTimeoutSeconds}. */
  readonly ackTimeout: number;
  /** @deprecated Use {@link ResolvedQueueManagerSettings.ackDelayMilliseconds}. */
  readonly ackDelayMs: number;
  /** @deprecated Use {@link ResolvedQueueManagerSettings.machineQuotaBytes}. */
  readonly machineQuota: number;
  /** @deprecated Use {@link ResolvedQueueManagerSettings.expirySweepIntervalSeconds}. */
  readonly expirySweepInterval: number;
}

/** The settings in force, by their unit-suffixed names only (as the `qm.settings.read` trace event carries them). */
export interface EffectiveQueueManagerSettings {
  readonly retryScheduleSeconds: readonly number[];
  readonly waitTimeSeconds?: number;
  readonly nameCache: CachePolicy;
  readonly bindInterfaceIp?: string;
  readonly ignoreOsNameValidation: boolean;
  readonly cleanupIntervalSeconds: number;
  readonly sessionWindow: number;
  readonly ackTimeoutSeconds: number;
  readonly ackDelayMilliseconds: number;
  readonly machineQuotaBytes: number;
  readonly expirySweepIntervalSeconds: number;
  readonly defaultTimeToReachQueueSeconds: number;
  readonly nextHopFailover: 'immediate' | 'next-retry';
  readonly seqResendSeconds: readonly number[];
}

/**
 * MSMQ's LONG_LIVED, the time-to-reach-queue of a message sent without one: 4 days on MSMQ 3.0
 * and later, 90 days in older enterprises (facts file §8).
 *
 * @example
 * ```ts
 * [LONG_LIVED_SECONDS.msmq3, LONG_LIVED_SECONDS.legacy]; // => [345600, 7776000]
 * ```
 */
export const LONG_LIVED_SECONDS: Readonly<{ msmq3: number; legacy: number }> = Object.freeze({
  msmq3: 4 * 86_400,
  legacy: 90 * 86_400,
});

const DEFAULTS: EffectiveQueueManagerSettings = Object.freeze({
  retryScheduleSeconds: Object.freeze([60, 90, 120, 150, 180, 210, 240, 270, 300]),
  nameCache: Object.freeze({ kind: 'until-restart' }),
  ignoreOsNameValidation: false,
  cleanupIntervalSeconds: 300,
  sessionWindow: 64,
  ackTimeoutSeconds: 30,
  ackDelayMilliseconds: 1,
  machineQuotaBytes: 1024 ** 3,
  expirySweepIntervalSeconds: 1,
  defaultTimeToReachQueueSeconds: LONG_LIVED_SECONDS.msmq3,
  nextHopFailover: 'immediate',
  seqResendSeconds: Object.freeze([30, 30, 30, 300, 300, 300, 1800, 1800, 1800, 21_600]),
});

/**
 * The `CleanupInterval` default of a queue manager in `role`: 2 minutes on servers, 5 minutes on
 * clients (Breakwell, "How do I create an MSMQ outgoing queue?"; facts file §1). Without a role
 * (no directory) it is the client's, {@link QUEUE_MANAGER_DEFAULTS}.
 *
 * @example
 * ```ts
 * [cleanupIntervalSecondsFor('server'), cleanupIntervalSecondsFor('client'), cleanupIntervalSecondsFor(undefined)]; // => [120, 300, 300]
 * ```
 */
export function cleanupIntervalSecondsFor(role: MsmqRole | undefined): number {
  return role === 'server' || role === 'routing-server' ? 120 : DEFAULTS.cleanupIntervalSeconds;
}

/** The defaults, each documented on {@link QueueManagerSettings} (under both names). */
export const QUEUE_MANAGER_DEFAULTS: ResolvedQueueManagerSettings = withAliases(DEFAULTS);

/** The port MSMQ listens on for sessions from other queue managers. */
export const MSMQ_PORT = 1801;

/** The MSMQ service's executable, as `netstat -b` shows it. */
export const MSMQ_PROCESS = 'mqsvc.exe';

type Mutable<Value> = { -readonly [Key in keyof Value]: Value[Key] };

/**
 * `settings` by the unit-suffixed names only, with what is undefined left out: a deprecated
 * alias counts only when its new name is not given.
 */
export function toUnitNames(
  settings: QueueManagerSettings,
): Partial<EffectiveQueueManagerSettings> {
  const named: Partial<Mutable<EffectiveQueueManagerSettings>> = {};
  const retrySchedule = settings.retryScheduleSeconds ?? settings.retrySchedule;
  if (retrySchedule !== undefined) named.retryScheduleSeconds = retrySchedule;
  const waitTime = settings.waitTimeSeconds ?? settings.waitTime;
  if (waitTime !== undefined) named.waitTimeSeconds = waitTime;
  if (settings.nameCache !== undefined) named.nameCache = settings.nameCache;
  if (settings.bindInterfaceIp !== undefined) named.bindInterfaceIp = settings.bindInterfaceIp;
  if (settings.ignoreOsNameValidation !== undefined)
    named.ignoreOsNameValidation = settings.ignoreOsNameValidation;
  const cleanupInterval = settings.cleanupIntervalSeconds ?? settings.cleanupInterval;
  if (cleanupInterval !== undefined) named.cleanupIntervalSeconds = cleanupInterval;
  if (settings.sessionWindow !== undefined) named.sessionWindow = settings.sessionWindow;
  const ackTimeout = settings.ackTimeoutSeconds ?? settings.ackTimeout;
  if (ackTimeout !== undefined) named.ackTimeoutSeconds = ackTimeout;
  const ackDelay = settings.ackDelayMilliseconds ?? settings.ackDelayMs;
  if (ackDelay !== undefined) named.ackDelayMilliseconds = ackDelay;
  const machineQuota = settings.machineQuotaBytes ?? settings.machineQuota;
  if (machineQuota !== undefined) named.machineQuotaBytes = machineQuota;
  const sweep = settings.expirySweepIntervalSeconds ?? settings.expirySweepInterval;
  if (sweep !== undefined) named.expirySweepIntervalSeconds = sweep;
  if (settings.defaultTimeToReachQueueSeconds !== undefined)
    named.defaultTimeToReachQueueSeconds = settings.defaultTimeToReachQueueSeconds;
  if (settings.nextHopFailover !== undefined) named.nextHopFailover = settings.nextHopFailover;
  if (settings.seqResendSeconds !== undefined) named.seqResendSeconds = settings.seqResendSeconds;
  return named;
}

/**
 * The settings in force from layers of settings, later layers winning value by value over
 * earlier ones and all of them over the defaults; by the new names only.
 */
export function mergeSettings(
  ...layers: readonly QueueManagerSettings[]
): EffectiveQueueManagerSettings {
  let merged: EffectiveQueueManagerSettings = DEFAULTS;
  for (const layer of layers) merged = { ...merged, ...toUnitNames(layer) };
  return Object.freeze(merged);
}

/** The settings under their new names and their deprecated aliases. */
export function withAliases(settings: EffectiveQueueManagerSettings): ResolvedQueueManagerSettings {
  return Object.freeze({
    ...settings,
    retrySchedule: settings.retryScheduleSeconds,
    ...(settings.waitTimeSeconds === undefined ? {} : { waitTime: settings.waitTimeSeconds }),
    cleanupInterval: settings.cleanupIntervalSeconds,
    ackTimeout: settings.ackTimeoutSeconds,
    ackDelayMs: settings.ackDelayMilliseconds,
    machineQuota: settings.machineQuotaBytes,
    expirySweepInterval: settings.expirySweepIntervalSeconds,
  });
}
