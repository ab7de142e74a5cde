import { fromIso, ticksToSeconds } from '@mqsim/filetime';
import { didYouMeanHint } from './did-you-mean.js';
import {
  dnsRecord,
  msmqHost,
  readHostsFile,
  readLink,
  readNat,
  reportRepeats,
  type ScenarioTables,
  withinRun,
  zonedName,
} from './scenario-checks.js';
import { quote } from './scenario-error.js';
import { DATE_TIME_PATTERN } from './scenario-patterns.js';
import type { RawAction } from './scenario-schema.js';
import type { ScenarioPath } from './scenario-source.js';
import type { PartitionMember, ScenarioAction, ScenarioInterface } from './scenario-types.js';
import {
  parseAddress,
  parseDestination,
  parseRegistryValue,
  parseRemote,
  parseTicks,
  roughly,
} from './scenario-values.js';

const DATE_TIME = new RegExp(DATE_TIME_PATTERN);

/** The system queues every MSMQ machine has, as a purge-queue action may name them. */
const SYSTEM_QUEUES = ['SYSTEM$;DEADLETTER', 'SYSTEM$;DEADXACT'];

/**
 * The timeline in time order (file order within a tick), each action checked against the hosts,
 * networks, NATs and partitions that exist when it happens.
 */
export function normalizeTimeline(
  tables: ScenarioTables,
  raw: readonly RawAction[],
): ScenarioAction[] {
  const timed = raw
    .map((action, index) => ({
      action,
      index,
      at: readAt(tables, ['timeline', index, 'at'], action.at),
    }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const state = new TimelineState(tables);
  return timed.flatMap(({ action, index, at }) => {
    const made = state.apply(action, ['timeline', index], at);
    return made === undefined ? [] : [made];
  });
}

function readAt(tables: ScenarioTables, path: ScenarioPath, text: string): number {
  const { context } = tables;
  let ticks: number;
  if (DATE_TIME.test(text)) {
    try {
      const offset = fromIso(text).since(tables.start);
      if (offset < 0n) {
        context.problem(
          path,
          `${text} is before the start (${tables.start.toString()})`,
          'a time within the run',
        );
        return 0;
      }
      ticks = Number(offset);
    } catch (error) {
      context.problem(
        path,
        error instanceof Error ? error.message : String(error),
        'an ISO-8601 date-time',
      );
      return 0;
    }
  } else {
    ticks = context.take(path, parseTicks(text), 0);
  }
  withinRun(tables, path, ticks, text);
  return ticks;
}

const memberKey = (member: PartitionMember) => `${member.kind} ${member.name.toLowerCase()}`;

/** What exists at each point of the timeline: NATs and partitions come and go. */
class TimelineState {
  readonly #tables: ScenarioTables;
  /** NAT names in force, lower case → name. */
  readonly #nats = new Map<string, string>();
  /** Partitions in force, lower case → name. */
  readonly #partitions = new Map<string, string>();
  #partitionCount = 0;

  constructor(tables: ScenarioTables) {
    this.#tables = tables;
    for (const name of tables.nats.names) this.#nats.set(name.toLowerCase(), name);
  }

  apply(action: RawAction, path: ScenarioPath, at: number): ScenarioAction | undefined {
    const { context } = this.#tables;
    const base = { at, note: action.note, location: context.location(path) };
    switch (action.do) {
      case 'renumber': {
        const host = this.#host(action.host, [...path, 'host']);
        const nic = this.#interface(host, action.interface, [...path, 'interface']);
        const addresses = this.#addresses(action.addresses, [...path, 'addresses']);
        const network =
          action.network === undefined
            ? undefined
            : this.#network(action.network, [...path, 'network']);
        return { ...base, do: 'renumber', host, interface: nic, addresses, network };
      }
      case 'add-address': {
        const host = this.#host(action.host, [...path, 'host']);
        const nic = this.#interface(host, action.interface, [...path, 'interface']);
        const address = context.take(
          [...path, 'address'],
          parseAddress(action.address),
          action.address,
        );
        return { ...base, do: 'add-address', host, interface: nic, address };
      }
      case 'remove-address': {
        const host = this.#host(action.host, [...path, 'host']);
        const address = context.take(
          [...path, 'address'],
          parseAddress(action.address),
          action.address,
        );
        return { ...base, do: 'remove-address', host, address };
      }
      case 'add-nat': {
        const { at: _at, do: _do, note: _note, ...options } = action;
        const nat = readNat(context, path, options, (name, where) => this.#network(name, where));
        if (this.#nats.has(nat.name.toLowerCase())) {
          context.problem(
            [...path, 'name'],
            `NAT ${nat.name} already exists at ${roughly(at)}`,
            'a new NAT name',
          );
        }
        this.#nats.set(nat.name.toLowerCase(), nat.name);
        return { ...base, do: 'add-nat', nat };
      }
      case 'remove-nat': {
        const name = this.#nats.get(action.name.toLowerCase());
        if (name === undefined) {
          const names = [...this.#nats.values()];
          context.problem(
            [...path, 'name'],
            `no NAT ${quote(action.name)} exists at ${roughly(at)}${didYouMeanHint(action.name, names)}`,
            names.length === 0 ? 'no NAT exists then' : `one of ${names.join(', ')}`,
          );
        }
        this.#nats.delete(action.name.toLowerCase());
        return { ...base, do: 'remove-nat', name: name ?? action.name };
      }
      case 'dns-set':
        return this.#dnsSet(action, path, base);
      case 'flushdns':
      case 'reboot':
        return { ...base, do: action.do, host: this.#host(action.host, [...path, 'host']) };
      case 'stop-msmq':
      case 'start-msmq':
      case 'restart-msmq':
      case 'crash-msmq':
        return { ...base, do: action.do, host: this.#msmqHost(action.host, [...path, 'host']) };
      case 'add-interface': {
        const host = this.#host(action.host, [...path, 'host']);
        const network = this.#network(action.network, [...path, 'network']);
        const addresses = this.#addresses(action.addresses, [...path, 'addresses']);
        const interfaces = this.#tables.interfaces.get(host.toLowerCase());
        if (interfaces?.has(action.interface.toLowerCase()) === true) {
          context.problem(
            [...path, 'interface'],
            `host ${host} already has an interface ${quote(action.interface)}`,
            'a new interface name',
          );
        } else if (interfaces !== undefined) {
          // Later actions (renumber, add-address) may name it.
          (interfaces as Map<string, ScenarioInterface>).set(action.interface.toLowerCase(), {
            name: action.interface,
            network,
            addresses,
            location: base.location,
          });
        }
        return {
          ...base,
          do: 'add-interface',
          host,
          interface: action.interface,
          network,
          addresses,
        };
      }
      case 'firewall':
        return {
          ...base,
          do: 'firewall',
          host: this.#host(action.host, [...path, 'host']),
          firewall: {
            enabled: action.enabled ?? true,
            rules: (action.rules ?? []).map((rule, index) => ({
              direction: rule.direction,
              action: rule.action,
              port: rule.port ?? 'any',
              remote: context.take(
                [...path, 'rules', index, 'remote'],
                parseRemote(rule.remote ?? 'any'),
                'any',
              ),
            })),
            defaultInbound: action.defaultInbound ?? 'block',
            defaultOutbound: action.defaultOutbound ?? 'allow',
            idleTimeoutSeconds:
              action.idleTimeout === undefined
                ? undefined
                : ticksToSeconds(
                    context.take([...path, 'idleTimeout'], parseTicks(action.idleTimeout), 0),
                  ),
          },
        };
      case 'purge-queue': {
        const host = this.#msmqHost(action.host, [...path, 'host']);
        return {
          ...base,
          do: 'purge-queue',
          host,
          queue: this.#queue(host, action.queue, [...path, 'queue']),
          journal: action.journal ?? false,
        };
      }
      case 'reset-qmid':
        return { ...base, do: 'reset-qmid', host: this.#msmqHost(action.host, [...path, 'host']) };
      case 'pause-outgoing':
      case 'resume-outgoing': {
        const host = this.#msmqHost(action.host, [...path, 'host']);
        const parsed = parseDestination(action.queue);
        if (!parsed.ok) {
          context.problem([...path, 'queue'], parsed.message, parsed.allowed);
          return undefined;
        }
        // Whether the outgoing queue exists is known only when it happens: a failed action.
        return { ...base, do: action.do, host, queue: parsed.value };
      }
      case 'set-registry-value': {
        const host = this.#msmqHost(action.host, [...path, 'host']);
        const parsed = parseRegistryValue(
          { type: action.type, value: action.value },
          context.source.sourceText([...path, 'value']),
        );
        if (!parsed.ok) {
          context.problem([...path, 'value'], parsed.message, parsed.allowed);
          return undefined;
        }
        return { ...base, do: 'set-registry-value', host, name: action.name, value: parsed.value };
      }
      case 'delete-registry-value':
        return {
          ...base,
          do: 'delete-registry-value',
          host: this.#msmqHost(action.host, [...path, 'host']),
          name: action.name,
        };
      case 'hosts-file':
        return {
          ...base,
          do: 'hosts-file',
          host: this.#host(action.host, [...path, 'host']),
          text: action.content,
          entries: readHostsFile(context, [...path, 'content'], action.content),
        };
      case 'partition':
        return this.#partition(action, path, base);
      case 'heal': {
        if (action.name !== undefined && !this.#partitions.has(action.name.toLowerCase())) {
          const names = [...this.#partitions.values()];
          context.problem(
            [...path, 'name'],
            `no partition ${quote(action.name)} is in force at ${roughly(at)}${didYouMeanHint(action.name, names)}`,
            names.length === 0 ? 'no partition is in force then' : `one of ${names.join(', ')}`,
          );
        }
        if (action.name === undefined) this.#partitions.clear();
        else this.#partitions.delete(action.name.toLowerCase());
        return { ...base, do: 'heal', name: action.name };
      }
      case 'set-link': {
        const { at: _at, do: _do, note: _note, network, ...link } = action;
        return {
          ...base,
          do: 'set-link',
          network: this.#network(network, [...path, 'network']),
          link: readLink(context, path, link),
        };
      }
      case 'dns-server-down':
      case 'dns-server-up':
      case 'dc-down':
      case 'dc-up':
        return { ...base, do: action.do };
      case 'note':
        return { ...base, do: 'note', text: action.text };
    }
  }

  #host(name: string, path: ScenarioPath): string {
    return this.#tables.hosts.resolve(name, path)?.name ?? name;
  }

  #msmqHost(name: string, path: ScenarioPath): string {
    return msmqHost(this.#tables, name, path)?.name ?? name;
  }

  /** A queue of `host`'s, or one of the system queues every MSMQ machine has. */
  #queue(host: string, name: string, path: ScenarioPath): string {
    const system = SYSTEM_QUEUES.find((queue) => queue.toLowerCase() === name.toLowerCase());
    if (system !== undefined) return system;
    const queues = this.#tables.queues.get(host.toLowerCase());
    const key = name.replace(/^private\$\\/i, 'private$\\').toLowerCase();
    const found =
      queues === undefined
        ? undefined
        : [...queues.values()].find((queue) => queue.name.toLowerCase() === key);
    if (found !== undefined) return found.name;
    const names = [...(queues?.values() ?? [])].map((queue) => queue.name).concat(SYSTEM_QUEUES);
    this.#tables.context.problem(
      path,
      `host ${host} has no queue ${quote(name)}${didYouMeanHint(name, names)}`,
      `one of ${names.join(', ')}`,
    );
    return name;
  }

  #network(name: string, path: ScenarioPath): string {
    return this.#tables.networks.resolve(name, path)?.name ?? name;
  }

  #interface(host: string, name: string, path: ScenarioPath): string {
    const interfaces = this.#tables.interfaces.get(host.toLowerCase());
    if (interfaces === undefined) return name;
    const found = interfaces.get(name.toLowerCase());
    if (found === undefined) {
      const names = [...interfaces.values()].map((nic) => nic.name);
      this.#tables.context.problem(
        path,
        `host ${host} has no interface ${quote(name)}${didYouMeanHint(name, names)}`,
        `one of ${names.join(', ')}`,
      );
      return name;
    }
    return found.name;
  }

  #addresses(texts: readonly string[], path: ScenarioPath): string[] {
    const addresses = texts.map((text, index) =>
      this.#tables.context.take([...path, index], parseAddress(text), text),
    );
    reportRepeats(this.#tables.context, addresses, (index) => [...path, index], 'address');
    return addresses;
  }

  #dnsSet(
    action: Extract<RawAction, { do: 'dns-set' }>,
    path: ScenarioPath,
    base: Pick<ScenarioAction, 'at' | 'note' | 'location'>,
  ): ScenarioAction | undefined {
    const { context, zones } = this.#tables;
    const zoned = zonedName(context, [...path, 'name'], action.name, zones);
    if (zoned === undefined) return undefined;
    const { name, zone } = zoned;
    const ttl = action.ttl ?? zone.defaultTtl;
    const values = action.values.map((value, index) => {
      const record = dnsRecord(
        context,
        [...path, 'values', index],
        { name, type: action.type, data: value, ttl },
        zone,
      );
      return record?.data ?? value;
    });
    reportRepeats(context, values, (index) => [...path, 'values', index], 'value');
    return { ...base, do: 'dns-set', name, type: action.type, values, ttl };
  }

  #partition(
    action: Extract<RawAction, { do: 'partition' }>,
    path: ScenarioPath,
    base: Pick<ScenarioAction, 'at' | 'note' | 'location'>,
  ): ScenarioAction {
    const { context } = this.#tables;
    this.#partitionCount += 1;
    const name = action.name ?? `partition-${this.#partitionCount}`;
    if (this.#partitions.has(name.toLowerCase())) {
      context.problem(
        [...path, 'name'],
        `partition ${name} is already in force`,
        'a new name, or heal it first',
      );
    }
    this.#partitions.set(name.toLowerCase(), name);
    const side = (key: 'a' | 'b') =>
      action[key].map((member, index) => this.#member(member, [...path, key, index]));
    const a = side('a');
    const b = side('b');
    reportRepeats(context, a.map(memberKey), (index) => [...path, 'a', index], 'member');
    reportRepeats(context, b.map(memberKey), (index) => [...path, 'b', index], 'member');
    b.forEach((member, index) => {
      if (a.some((other) => memberKey(other) === memberKey(member))) {
        context.problem(
          [...path, 'b', index],
          `${member.name} is on both sides of the partition`,
          'each host or network on one side',
        );
      }
    });
    return { ...base, do: 'partition', name, a, b };
  }

  #member(name: string, path: ScenarioPath): PartitionMember {
    const { hosts, networks, context } = this.#tables;
    const host = hosts.get(name);
    const network = networks.get(name);
    if (host !== undefined && network !== undefined) {
      context.problem(path, `${name} is both a host and a network`, 'rename one of them');
    }
    if (host !== undefined) return { kind: 'host', name: host.name };
    if (network !== undefined) return { kind: 'network', name: network.name };
    const names = [...hosts.names, ...networks.names];
    context.problem(
      path,
      `unknown host or network ${quote(name)}${didYouMeanHint(name, names)}`,
      `one of ${names.join(', ')}`,
    );
    return { kind: 'host', name };
  }
}
