import { readLink, readNat, reportRepeats } from './scenario-checks.js';
import { NameTable, type ScenarioContext } from './scenario-context.js';
import type { RawHost, RawNat, RawNetwork, RawScenario } from './scenario-schema.js';
import type { ScenarioPath } from './scenario-source.js';
import type {
  ScenarioInterface,
  ScenarioNat,
  ScenarioNetwork,
  ScenarioRouter,
} from './scenario-types.js';
import { parseAddress, parseEndpoint } from './scenario-values.js';

/** The scenario's wiring, normalized, with the name tables later sections resolve against. */
export interface NetworkSection {
  readonly networks: NameTable<RawNetwork>;
  readonly normalizedNetworks: ScenarioNetwork[];
  readonly routers: ScenarioRouter[];
  readonly hosts: NameTable<RawHost>;
  /** Each host's interfaces by lower-case host name, then lower-case interface name. */
  readonly interfaces: Map<string, Map<string, ScenarioInterface>>;
  /** Which host has each address. */
  readonly addressHost: Map<string, string>;
  readonly nats: NameTable<RawNat | undefined>;
  readonly normalizedNats: ScenarioNat[];
}

/**
 * Networks, routers, the hosts' names and interfaces, and NATs: the names everything else refers
 * to, and every address claimed once per network (a NAT's external addresses too).
 */
export function readNetworkSection(context: ScenarioContext, raw: RawScenario): NetworkSection {
  const networks = new NameTable<RawNetwork>(context, 'network', true);
  const normalizedNetworks = (raw.networks ?? []).map((network, index) => {
    networks.define(network.name, ['networks', index, 'name'], network);
    return {
      name: network.name,
      link: readLink(context, ['networks', index], network),
      location: context.location(['networks', index]),
    };
  });
  const networkName = (name: string, path: ScenarioPath) =>
    networks.resolve(name, path)?.name ?? name;

  const routerNames = new NameTable<null>(context, 'router', true);
  const routers = (raw.routers ?? []).map((router, index) => {
    routerNames.define(router.name, ['routers', index, 'name'], null);
    const joined = router.networks.map((name, at) =>
      networkName(name, ['routers', index, 'networks', at]),
    );
    reportRepeats(context, joined, (at) => ['routers', index, 'networks', at], 'network');
    return { name: router.name, networks: joined, location: context.location(['routers', index]) };
  });

  // Every address on each network, to report one used twice.
  const addressOwners = new Map<string, Map<string, ScenarioPath>>();
  const claimAddress = (network: string, address: string, path: ScenarioPath) => {
    const owners = addressOwners.get(network.toLowerCase()) ?? new Map<string, ScenarioPath>();
    addressOwners.set(network.toLowerCase(), owners);
    const first = owners.get(address);
    if (first !== undefined) {
      const line = context.source.locate(first).line;
      context.problem(
        path,
        `address ${address} is already used on network ${network} (line ${line})`,
        'an address used once per network',
      );
      return;
    }
    owners.set(address, path);
  };

  const hosts = new NameTable<RawHost>(context, 'host', true);
  raw.hosts.forEach((host, index) => {
    hosts.define(host.name, ['hosts', index, 'name'], host);
  });

  const interfaces = new Map<string, Map<string, ScenarioInterface>>();
  const addressHost = new Map<string, string>();
  raw.hosts.forEach((host, hostIndex) => {
    const table = new NameTable<null>(context, 'interface', true);
    const byName = new Map<string, ScenarioInterface>();
    host.interfaces.forEach((nic, index) => {
      const path = ['hosts', hostIndex, 'interfaces', index];
      table.define(nic.name, [...path, 'name'], null);
      const network = networkName(nic.network, [...path, 'network']);
      const addresses = (nic.addresses ?? []).map((text, at) => {
        const address = context.take([...path, 'addresses', at], parseAddress(text), text);
        claimAddress(network, address, [...path, 'addresses', at]);
        addressHost.set(address, host.name);
        return address;
      });
      const normalized = { name: nic.name, network, addresses, location: context.location(path) };
      if (!byName.has(nic.name.toLowerCase())) byName.set(nic.name.toLowerCase(), normalized);
    });
    if (!interfaces.has(host.name.toLowerCase())) interfaces.set(host.name.toLowerCase(), byName);
  });

  const nats = new NameTable<RawNat | undefined>(context, 'NAT', true);
  const normalizedNats = (raw.nats ?? []).map((nat, index) => {
    nats.define(nat.name, ['nats', index, 'name'], nat);
    const normalized = readNat(context, ['nats', index], nat, networkName);
    normalized.external.forEach((address, at) => {
      claimAddress(normalized.outside, address, ['nats', index, 'external', at]);
    });
    normalized.mappings.forEach((mapping, at) => {
      const internal = parseEndpoint(mapping.internal);
      const onInside = addressOwners.get(normalized.inside.toLowerCase());
      if (internal.ok && onInside?.has(internal.value.address) !== true) {
        context.problem(
          ['nats', index, 'mappings', at, 'internal'],
          `no interface on network ${normalized.inside} has address ${internal.value.address}`,
          `an address of a host on ${normalized.inside}`,
        );
      }
    });
    return { ...normalized, location: context.location(['nats', index]) };
  });

  return {
    networks,
    normalizedNetworks,
    routers,
    hosts,
    interfaces,
    addressHost,
    nats,
    normalizedNats,
  };
}
