import { MSMQ_PARAMETERS_KEY } from '@mqsim/ds-refresh';
import type { ScenarioAction } from '@mqsim/scenario';
import { toLinkSettings, type World } from './build-world.js';
import { UnsupportedActionError } from './errors.js';

/** The name of a timeline action (`renumber`, `flushdns`, `restart-msmq`, …). */
export type ActionName = ScenarioAction['do'];

/** The scenario's action of one kind. */
export type ActionOf<Name extends ActionName> = ScenarioAction & { readonly do: Name };

/** What the engine knows about one kind of timeline action. */
export interface ActionDefinition<Name extends ActionName> {
  /** The timeline's line for it, written as the admin's command where there is one. */
  describe(action: ActionOf<Name>): string;
  /**
   * Carries it out on the world. Throws an `MqsimError` when it cannot be done now (starting a
   * running service, an address the host lost): the run goes on and the timeline says so.
   */
  perform(world: World, action: ActionOf<Name>): void;
}

/**
 * Every timeline action, one entry each. The mapped type is the exhaustiveness check: an action
 * the scenario format gains and this table lacks is a type error here, so adding an action to the
 * engine touches this table only.
 *
 * @example
 * ```ts
 * Object.keys(TIMELINE_ACTIONS).includes('flushdns'); // => true
 * ```
 */
export const TIMELINE_ACTIONS: { readonly [Name in ActionName]: ActionDefinition<Name> } = {
  renumber: {
    describe: (action) => `renumber ${action.interface} to ${action.addresses.join(', ')}`,
    perform: ({ network }, action) => {
      if (action.network === undefined)
        network.setAddress(action.host, action.interface, action.addresses);
      else network.moveInterface(action.host, action.interface, action.network, action.addresses);
    },
  },
  'add-address': {
    describe: (action) => `add address ${action.address} to ${action.interface}`,
    perform: ({ network }, action) =>
      network.addAddress(action.host, action.interface, action.address),
  },
  'remove-address': {
    describe: (action) => `remove address ${action.address}`,
    perform: ({ network }, action) => network.removeAddress(action.host, action.address),
  },
  'add-nat': {
    describe: ({ nat }) =>
      `NAT ${nat.name} added between ${nat.inside} and ${nat.outside} (hairpin ${nat.hairpin ? 'on' : 'off'})`,
    perform: ({ network }, action) => network.addNat(action.nat),
  },
  'remove-nat': {
    describe: (action) => `remove NAT ${action.name}`,
    perform: (_world, action) => {
      throw new UnsupportedActionError(
        `remove-nat ${action.name}: removing a NAT is not modelled by @mqsim/transport yet`,
        { value: action.name, allowed: 'partition or heal the networks instead' },
      );
    },
  },
  'dns-set': {
    describe: (action) =>
      `dnscmd /recordadd ${action.name} ${action.type} ${action.values.join(', ') || '(delete)'}`,
    perform: ({ dns }, action) =>
      dns.setRecords(action.name, action.type, action.values, { ttl: action.ttl }),
  },
  flushdns: {
    describe: () => 'ipconfig /flushdns',
    perform: (world, action) => world.host(action.host).os.flush(),
  },
  'stop-msmq': {
    describe: () => 'net stop msmq',
    perform: (world, action) => world.host(action.host).qm?.stop(),
  },
  'start-msmq': {
    describe: () => 'net start msmq',
    perform: (world, action) => world.host(action.host).qm?.start(),
  },
  'restart-msmq': {
    describe: () => 'net stop msmq && net start msmq',
    perform: (world, action) => world.host(action.host).qm?.restart(),
  },
  'crash-msmq': {
    describe: () => 'mqsvc.exe crashes',
    perform: (world, action) => world.host(action.host).qm?.crash(),
  },
  'add-interface': {
    describe: (action) =>
      `interface ${action.interface} connected to ${action.network} with ${action.addresses.join(', ')}`,
    perform: ({ network }, action) =>
      network.addInterface(action.host, {
        name: action.interface,
        segment: action.network,
        addresses: action.addresses,
      }),
  },
  firewall: {
    describe: ({ firewall }) =>
      firewall.enabled
        ? `Windows Firewall: ${firewall.rules.map(describeRule).join('; ') || 'no rules'} (inbound default ${firewall.defaultInbound}${firewall.idleTimeoutSeconds === undefined ? '' : `, idle time-out ${firewall.idleTimeoutSeconds} s`})`
        : 'netsh advfirewall set allprofiles state off',
    perform: ({ network }, { host, firewall }) =>
      network.setFirewall(host, {
        enabled: firewall.enabled,
        rules: firewall.rules,
        defaultInbound: firewall.defaultInbound,
        defaultOutbound: firewall.defaultOutbound,
        ...(firewall.idleTimeoutSeconds === undefined
          ? {}
          : { idleTimeoutSeconds: firewall.idleTimeoutSeconds }),
      }),
  },
  'purge-queue': {
    describe: (action) => `purge ${action.queue}${action.journal ? ' (journal)' : ''}`,
    // Throws QueueManagerStateError while the service is stopped, as the MMC cannot purge then.
    perform: (world, action) =>
      world.host(action.host).qm?.purge(action.queue, { journal: action.journal }),
  },
  'reset-qmid': {
    describe: () =>
      'new QMId (Machine Cache\\QMId deleted, SysPrep = 1): takes effect at the next MSMQ start',
    perform: (world, action) => world.host(action.host).qm?.resetQmId(),
  },
  'pause-outgoing': {
    describe: (action) =>
      `Get-MsmqOutgoingQueue -Name '${action.queue.formatName}' | Suspend-MsmqOutgoingQueue`,
    // Throws a QueueError when the host has no such outgoing queue (MQ_ERROR_QUEUE_NOT_ACTIVE).
    perform: (world, action) => world.host(action.host).qm?.hold(action.queue.formatName),
  },
  'resume-outgoing': {
    describe: (action) =>
      `Get-MsmqOutgoingQueue -Name '${action.queue.formatName}' | Resume-MsmqOutgoingQueue`,
    perform: (world, action) => world.host(action.host).qm?.resume(action.queue.formatName),
  },
  reboot: {
    describe: () => 'shutdown /r',
    perform: (world, action) => {
      const host = world.host(action.host);
      if (host.qm?.state === 'running') host.qm.crash();
      host.os.flush();
      host.qm?.start();
    },
  },
  'set-registry-value': {
    describe: (action) => `reg add HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters /v ${action.name}`,
    perform: (world, action) =>
      world.host(action.host).registry.setValue(MSMQ_PARAMETERS_KEY, action.name, action.value),
  },
  'delete-registry-value': {
    describe: (action) =>
      `reg delete HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters /v ${action.name} /f`,
    perform: (world, action) =>
      world.host(action.host).registry.deleteValue(MSMQ_PARAMETERS_KEY, action.name),
  },
  'hosts-file': {
    describe: () => 'hosts file edited',
    perform: (world, action) => world.host(action.host).os.setHosts(action.entries),
  },
  partition: {
    describe: (action) => `partition ${action.name}`,
    perform: (world, action) => {
      const members = (side: typeof action.a) =>
        side.flatMap((member) =>
          member.kind === 'host' ? [member.name] : hostsOn(world, member.name),
        );
      world.network.partition(action.name, members(action.a), members(action.b));
    },
  },
  heal: {
    describe: (action) =>
      action.name === undefined ? 'heal all partitions' : `heal ${action.name}`,
    perform: ({ network }, action) => network.heal(action.name),
  },
  'set-link': {
    describe: (action) => `link settings of ${action.network} changed`,
    perform: ({ network }, action) => network.setLink(action.network, toLinkSettings(action.link)),
  },
  'dns-server-down': {
    describe: () => 'DNS server down',
    perform: ({ dns }) => dns.setAvailable(false),
  },
  'dns-server-up': {
    describe: () => 'DNS server up',
    perform: ({ dns }) => dns.setAvailable(true),
  },
  'dc-down': {
    describe: () => 'domain controller down',
    perform: (world) => {
      world.directory.available = false;
    },
  },
  'dc-up': {
    describe: () => 'domain controller up',
    perform: (world) => {
      world.directory.available = true;
    },
  },
  note: {
    describe: (action) => action.text,
    perform: () => {},
  },
};

/** A rule as `netsh advfirewall firewall add rule` would be written, shortened. */
function describeRule(rule: ActionOf<'firewall'>['firewall']['rules'][number]): string {
  const port = rule.port === 'any' ? '' : ` port ${rule.port}`;
  const remote = rule.remote === 'any' ? '' : ` from ${rule.remote}`;
  return `${rule.action} ${rule.direction === 'inbound' ? 'in' : 'out'}${port}${remote}`;
}

function definitionOf<Name extends ActionName>(action: ActionOf<Name>): ActionDefinition<Name> {
  return TIMELINE_ACTIONS[action.do as Name];
}

/**
 * The timeline's line for an action, written as the admin's command where there is one
 * (`ipconfig /flushdns`, `net stop msmq && net start msmq`).
 *
 * @example
 * ```ts
 * const base = { at: 0, note: undefined, location: { file: 'a.yaml', line: 1, column: 1 } };
 * describeAction({ ...base, do: 'restart-msmq', host: 'APP01' }); // => 'net stop msmq && net start msmq'
 * describeAction({ ...base, do: 'heal', name: undefined }); // => 'heal all partitions'
 * ```
 */
export function describeAction(action: ScenarioAction): string {
  return definitionOf(action).describe(action);
}

/**
 * Carries out one timeline action on the world.
 * @throws {MqsimError} when the action cannot be carried out now (see {@link ActionDefinition}).
 */
export function performAction(world: World, action: ScenarioAction): void {
  definitionOf(action).perform(world, action);
}

function hostsOn(world: World, networkName: string): string[] {
  // Where hosts are now: renumbering may have moved an interface to another network.
  return world.scenario.hosts
    .filter((host) =>
      world.network.addresses(host.name).some((entry) => entry.segment === networkName),
    )
    .map((host) => host.name);
}
