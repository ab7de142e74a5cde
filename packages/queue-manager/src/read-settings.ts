import type { ParameterStore, StoredValue } from '@mqsim/ds-refresh';
import { formatDuration, secondsToTicks } from '@mqsim/filetime';
import { isIpAddress, parseAddress } from '@mqsim/transport';
import type { QueueManagerSettings } from './settings.js';

/**
 * The `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` values the queue manager reads at every start,
 * with the unit each is stored in:
 *
 * - `WaitTime` — REG_DWORD, **seconds**: a fixed interval between connection (and name
 *   resolution) retries. Windows NT 4.0 SP4 (KB Q195196, JSI Tip 0845) documents the default as
 *   "60 seconds (0x3C)"; KB 909401 uses the same value for the reconnect wait of MSMQ 3.0 SP1.
 * - `IgnoreOSNameValidation` — REG_DWORD 0 or 1: accept `DIRECT=OS:` names that are not this
 *   machine's (KB 306785).
 * - `BindInterfaceIP` — REG_SZ, an IP address to listen on instead of every address. UNCERTAIN:
 *   the name is not confirmed by any source the simulator's notes found.
 * - `MachineQuota` — REG_DWORD, **kilobytes**: the storage limit for all messages. The unit is
 *   inferred from the computer properties' "Limit message storage to (KB)" and PROPID_Q_QUOTA,
 *   which is in KB; no source states the registry value's unit. UNCERTAIN.
 * - `CleanupInterval` — REG_DWORD, **milliseconds**: how long an idle session (outgoing queue)
 *   stays open (Breakwell: 5 min on clients, 2 min on servers). The unit is not documented in
 *   the sources found; milliseconds is inferred from the other timeouts under the same key
 *   (`AckTimeout`, `RemoveDuplicateCleanup`, `RMFlushInterval`). UNCERTAIN.
 * - `AckTimeout` — REG_DWORD, **milliseconds**: how long the sender waits for a session
 *   acknowledgement before closing the session (Windows 2000 registry reference, cc957463).
 */
export const QUEUE_MANAGER_VALUE_NAMES = Object.freeze({
  waitTime: 'WaitTime',
  ignoreOsNameValidation: 'IgnoreOSNameValidation',
  bindInterfaceIp: 'BindInterfaceIP',
  machineQuota: 'MachineQuota',
  cleanupInterval: 'CleanupInterval',
  ackTimeout: 'AckTimeout',
} as const);

/** Something about the queue manager's registry values an administrator should hear, with what the service does instead. */
export interface QueueManagerSettingsFinding {
  /** The registry value it is about, e.g. `WaitTime`. */
  readonly value: string;
  readonly severity: 'info' | 'warning';
  readonly message: string;
}

/** What {@link readQueueManagerSettings} found in the registry. */
export interface QueueManagerSettingsReading {
  /**
   * The settings the registry sets, by their unit-suffixed names and converted to the settings'
   * units; a value that is missing or unusable is left out, so the machine's defaults apply.
   */
  readonly settings: Partial<QueueManagerSettings>;
  readonly findings: readonly QueueManagerSettingsFinding[];
}

/** Longest `WaitTime` mqsim accepts: a year. MSMQ documents 0–0xFFFFFFFF. */
const MAX_WAIT_TIME_SECONDS = 365 * 24 * 3600;
/** [MS-MQQB] 2.2.2.1 ConnectionParameters: AckTimeout 20 000–120 000 ms. */
const ACK_TIMEOUT_RANGE = [20_000, 120_000] as const;

/**
 * Reads the queue manager's values from `MSMQ\Parameters` as the MSMQ service does at start
 * ({@link QUEUE_MANAGER_VALUE_NAMES} lists them with their units), and a finding for everything
 * an administrator should know: a wrong type, an out-of-range number, a number that looks like it
 * was written in the wrong unit. A missing or unusable value is left out of `settings`, so the
 * settings the machine was given (or the defaults) apply.
 *
 * @example
 * ```ts
 * const values = new Map([
 *   ['WaitTime', { type: 'REG_DWORD', data: 30 }],
 *   ['MachineQuota', { type: 'REG_DWORD', data: 2048 }],
 *   ['IgnoreOSNameValidation', { type: 'REG_SZ', data: '1' }],
 * ]);
 * const reading = readQueueManagerSettings({ get: (name) => values.get(name) });
 * reading.settings; // => { waitTimeSeconds: 30, machineQuotaBytes: 2097152 }
 * reading.findings.map((finding) => finding.value); // => ['IgnoreOSNameValidation']
 * ```
 */
export function readQueueManagerSettings(
  store: Pick<ParameterStore, 'get'>,
): QueueManagerSettingsReading {
  const findings: QueueManagerSettingsFinding[] = [];
  const settings: { -readonly [Key in keyof QueueManagerSettings]: QueueManagerSettings[Key] } = {};
  const names = QUEUE_MANAGER_VALUE_NAMES;

  const waitTime = readDword(store, names.waitTime, 'seconds', findings);
  if (waitTime !== undefined) {
    if (waitTime === 0 || waitTime > MAX_WAIT_TIME_SECONDS) {
      findings.push(
        warning(
          names.waitTime,
          waitTime === 0
            ? 'WaitTime is 0 s, which would mean retrying without pause; it is ignored and the retry schedule is used.'
            : `WaitTime is ${waitTime} s${minusOne(waitTime)}, beyond mqsim's limit of ${MAX_WAIT_TIME_SECONDS} s (a year); it is ignored and the retry schedule is used.`,
        ),
      );
    } else {
      settings.waitTimeSeconds = waitTime;
      if (waitTime >= 3600)
        findings.push(
          info(
            names.waitTime,
            `WaitTime is ${waitTime} s (${formatDuration(secondsToTicks(waitTime))}) between retries. MSMQ reads seconds; if ${waitTime} was meant as milliseconds, write ${Math.max(1, Math.round(waitTime / 1000))}.`,
          ),
        );
    }
  }

  const ignore = readDword(store, names.ignoreOsNameValidation, 'a flag', findings);
  if (ignore === 0 || ignore === 1) settings.ignoreOsNameValidation = ignore === 1;
  else if (ignore !== undefined)
    findings.push(
      warning(
        names.ignoreOsNameValidation,
        `IgnoreOSNameValidation is ${ignore}; it must be 0 or 1 and is ignored.`,
      ),
    );

  const bind = store.get(names.bindInterfaceIp);
  if (bind !== undefined) {
    if (bind.type !== 'REG_SZ' || typeof bind.data !== 'string') {
      findings.push(
        warning(
          names.bindInterfaceIp,
          `BindInterfaceIP is ${describeType(bind)}, but it is read as a REG_SZ address; it is ignored and the service listens on every address. Re-create it as REG_SZ.`,
        ),
      );
    } else if (bind.data.trim() === '') {
      findings.push(
        info(
          names.bindInterfaceIp,
          'BindInterfaceIP is empty; the service listens on every address.',
        ),
      );
    } else if (!isIpAddress(bind.data.trim())) {
      findings.push(
        warning(
          names.bindInterfaceIp,
          `BindInterfaceIP is ${JSON.stringify(bind.data)}, which is not an IP address; it is ignored and the service listens on every address.`,
        ),
      );
    } else {
      settings.bindInterfaceIp = parseAddress(bind.data.trim()).address;
    }
  }

  const quota = readDword(store, names.machineQuota, 'kilobytes', findings);
  if (quota === 0)
    findings.push(
      warning(
        names.machineQuota,
        'MachineQuota is 0 KB, which would refuse every message; it is ignored (what MSMQ does with 0 is not documented).',
      ),
    );
  else if (quota !== undefined) settings.machineQuotaBytes = quota * 1024;

  const cleanup = readDword(store, names.cleanupInterval, 'milliseconds', findings);
  if (cleanup === 0)
    findings.push(
      warning(
        names.cleanupInterval,
        'CleanupInterval is 0 ms, which would close every session as soon as it is idle; it is ignored.',
      ),
    );
  else if (cleanup !== undefined) {
    settings.cleanupIntervalSeconds = cleanup / 1000;
    if (cleanup < 1000)
      findings.push(
        info(
          names.cleanupInterval,
          `CleanupInterval is ${cleanup} ms: idle sessions close after less than a second. mqsim reads milliseconds (UNCERTAIN); if ${cleanup} was meant as seconds, write ${cleanup * 1000}.`,
        ),
      );
  }

  const ack = readDword(store, names.ackTimeout, 'milliseconds', findings);
  if (ack === 0)
    findings.push(
      warning(
        names.ackTimeout,
        'AckTimeout is 0 ms, which would close every session before its first acknowledgement; it is ignored.',
      ),
    );
  else if (ack !== undefined) {
    settings.ackTimeoutSeconds = ack / 1000;
    const [low, high] = ACK_TIMEOUT_RANGE;
    if (ack < low || ack > high)
      findings.push(
        info(
          names.ackTimeout,
          `AckTimeout is ${ack} ms, outside the ${low}–${high} ms sessions negotiate ([MS-MQQB] 2.2.2.1); it is used as given.`,
        ),
      );
  }
  return { settings, findings };
}

/** A REG_DWORD's number, `undefined` when the value is missing or (with a finding) not a REG_DWORD. */
function readDword(
  store: Pick<ParameterStore, 'get'>,
  name: string,
  unit: string,
  findings: QueueManagerSettingsFinding[],
): number | undefined {
  const value = store.get(name);
  if (value === undefined) return undefined;
  if (
    value.type !== 'REG_DWORD' ||
    typeof value.data !== 'number' ||
    !Number.isInteger(value.data) ||
    value.data < 0 ||
    value.data > 0xffff_ffff
  ) {
    findings.push(
      warning(
        name,
        `${name} is ${describeType(value)}, but MSMQ reads a REG_DWORD (${unit}); it is ignored and the machine's default is used. Re-create it as REG_DWORD.`,
      ),
    );
    return undefined;
  }
  return value.data;
}

function warning(value: string, message: string): QueueManagerSettingsFinding {
  return { value, severity: 'warning', message };
}

function info(value: string, message: string): QueueManagerSettingsFinding {
  return { value, severity: 'info', message };
}

function minusOne(number: number): string {
  return number === 0xffff_ffff ? ' (0xFFFFFFFF: probably −1 written as a DWORD)' : '';
}

function describeType(value: StoredValue): string {
  if (value.data instanceof Uint8Array) return `a ${value.data.length}-byte ${value.type}`;
  if (value.type === 'REG_DWORD') return `a REG_DWORD holding ${String(value.data)}`;
  return value.type;
}
