import { NetworkConfigError } from '../errors.js';
import type { TcpSettings } from '../settings.js';

const PORT_RULE = 'a whole number from 1 to 65535';

/**
 * `port` when it is a TCP port number.
 * @throws {NetworkConfigError} naming `where` otherwise.
 */
export function checkPort(port: unknown, where: string): number {
  if (!(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw new NetworkConfigError(`${where}: port ${String(port)} is out of range`, {
      value: port,
      allowed: PORT_RULE,
    });
  }
  return port;
}

/**
 * The TCP settings, checked and frozen.
 * @throws {NetworkConfigError} naming the setting that is out of range.
 */
export function checkTcpSettings(settings: TcpSettings): TcpSettings {
  for (const [key, value] of Object.entries(settings)) {
    if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
      throw new NetworkConfigError(`TCP setting ${key}=${String(value)} is out of range`, {
        value,
        allowed: 'a whole number ≥ 0',
      });
    }
  }
  if (
    !(
      settings.ephemeralPortFirst >= 1 &&
      settings.ephemeralPortFirst <= settings.ephemeralPortLast &&
      settings.ephemeralPortLast <= 65_535
    )
  ) {
    throw new NetworkConfigError(
      `TCP ephemeral port range ${settings.ephemeralPortFirst}–${settings.ephemeralPortLast} is invalid`,
      {
        value: [settings.ephemeralPortFirst, settings.ephemeralPortLast],
        allowed: 'first ≤ last, both from 1 to 65535',
      },
    );
  }
  if (settings.synRetransmitTimeout === 0 || settings.retransmitTimeout === 0) {
    throw new NetworkConfigError('TCP retransmission time-outs must be > 0', {
      value: settings,
      allowed: 'synRetransmitTimeout and retransmitTimeout > 0 ticks',
    });
  }
  return Object.freeze(settings);
}
