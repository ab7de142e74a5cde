import type { ScenarioAction } from './scenario-types.js';

// One entry per action: the `satisfies` makes a missing or unknown action a type error, and the
// schema test checks the schema lists exactly these, in this order.
const ACTIONS = {
  renumber: true,
  'add-address': true,
  'remove-address': true,
  'add-nat': true,
  'remove-nat': true,
  'dns-set': true,
  flushdns: true,
  'stop-msmq': true,
  'start-msmq': true,
  'restart-msmq': true,
  'crash-msmq': true,
  'add-interface': true,
  firewall: true,
  'purge-queue': true,
  'reset-qmid': true,
  'pause-outgoing': true,
  'resume-outgoing': true,
  reboot: true,
  'set-registry-value': true,
  'delete-registry-value': true,
  'hosts-file': true,
  partition: true,
  heal: true,
  'set-link': true,
  'dns-server-down': true,
  'dns-server-up': true,
  'dc-down': true,
  'dc-up': true,
  note: true,
} as const satisfies Record<ScenarioAction['do'], true>;

/**
 * Every timeline action name (`do:`), in the order the schema and the documentation list them.
 *
 * @example
 * ```ts
 * ACTION_NAMES.includes('restart-msmq'); // => true
 * ```
 */
export const ACTION_NAMES: readonly ScenarioAction['do'][] = Object.freeze(
  Object.keys(ACTIONS) as ScenarioAction['do'][],
);
