import type { ScenarioAction } from '@mqsim/scenario';

/** A timeline action's name (`do:`). */
export type ActionName = ScenarioAction['do'];

/**
 * What a timeline action is to `mqsim fixes`: part of the incident (what happened to the
 * machines, the network or the service, kept in every replay), or an admin's remedy (what
 * someone did about it, taken out of the baseline from the fix time on, so each candidate fix
 * is measured against doing nothing).
 */
export interface ActionRole {
  readonly role: 'incident' | 'remedy';
  /** Why, in one line (the README's table says the same). */
  readonly why: string;
}

/**
 * The one classification of every timeline action. The mapped type makes an action the scenario
 * format gains and this table lacks a type error.
 */
export const ACTION_ROLES: { readonly [Name in ActionName]: ActionRole } = {
  renumber: { role: 'incident', why: 'the provider or the network team renumbers the machine' },
  'add-address': { role: 'incident', why: 'an address appears on the machine' },
  'remove-address': { role: 'incident', why: 'an address goes away' },
  'add-interface': { role: 'incident', why: 'a NIC or VPN adapter comes up' },
  'add-nat': { role: 'incident', why: 'the network in front of the machines changes' },
  'remove-nat': { role: 'incident', why: 'the network in front of the machines changes' },
  'dns-set': { role: 'incident', why: 'the zone follows the change (DNS is the truth here)' },
  partition: { role: 'incident', why: 'a network outage' },
  heal: { role: 'incident', why: 'the outage ends on its own' },
  'set-link': { role: 'incident', why: 'the link gets slower or lossier' },
  'dns-server-down': { role: 'incident', why: 'a DNS server outage' },
  'dns-server-up': { role: 'incident', why: 'the DNS server comes back on its own' },
  'dc-down': { role: 'incident', why: 'a domain controller outage' },
  'dc-up': { role: 'incident', why: 'the domain controller comes back on its own' },
  'crash-msmq': { role: 'incident', why: 'the service fails; nobody chose it' },
  note: { role: 'incident', why: 'a remark: changes nothing' },
  flushdns: { role: 'remedy', why: 'an admin runs ipconfig /flushdns' },
  'stop-msmq': { role: 'remedy', why: 'an admin stops the service' },
  'start-msmq': { role: 'remedy', why: 'an admin starts the service' },
  'restart-msmq': { role: 'remedy', why: 'an admin restarts the service' },
  reboot: { role: 'remedy', why: 'an admin reboots the machine' },
  'set-registry-value': { role: 'remedy', why: 'an admin edits the MSMQ parameters' },
  'delete-registry-value': { role: 'remedy', why: 'an admin edits the MSMQ parameters' },
  'hosts-file': { role: 'remedy', why: 'an admin edits the HOSTS file' },
  firewall: { role: 'remedy', why: 'an admin changes the firewall rules' },
  'purge-queue': { role: 'remedy', why: 'an admin purges a queue' },
  'reset-qmid': { role: 'remedy', why: 'an admin gives the machine a new QMId' },
  'pause-outgoing': { role: 'remedy', why: 'an admin suspends an outgoing queue' },
  'resume-outgoing': { role: 'remedy', why: 'an admin resumes an outgoing queue' },
};

/**
 * Whether `mqsim fixes` takes the action out of the baseline: a remedy at or after the fix time.
 *
 * @example
 * ```ts
 * isRemovedFromBaseline('restart-msmq', 3_600, 600); // => true
 * isRemovedFromBaseline('renumber', 3_600, 600); // => false
 * isRemovedFromBaseline('flushdns', 300, 600); // => false
 * ```
 */
export function isRemovedFromBaseline(name: ActionName, at: number, fixAt: number): boolean {
  return ACTION_ROLES[name].role === 'remedy' && at >= fixAt;
}
