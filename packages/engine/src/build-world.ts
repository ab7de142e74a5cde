import { type DirectoryQuery, MSMQ_PARAMETERS_KEY, SimulatedDirectory } from '@mqsim/ds-refresh';
import { type TraceSink, VirtualClock } from '@mqsim/filetime';
import { AuthoritativeDns, DnsClientCache } from '@mqsim/name-cache';
import { MACHINE_CACHE_KEY, QueueManager } from '@mqsim/queue-manager';
import { Registry } from '@mqsim/registry';
import type { Scenario, ScenarioHost, ScenarioLinkSettings } from '@mqsim/scenario';
import { type LinkSettings, Network } from '@mqsim/transport';
import { UnknownHostError } from './errors.js';
import { machineCacheStore, msmqParametersStore } from './registry-store.js';

/** One simulated machine: its registry, its OS resolver and (unless role `none`) its MSMQ service. */
export interface WorldHost {
  readonly spec: ScenarioHost;
  readonly registry: Registry;
  readonly os: DnsClientCache;
  readonly qm: QueueManager | undefined;
}

/** Everything a scenario runs on, built from the packages and nothing else. */
export interface World {
  readonly scenario: Scenario;
  readonly clock: VirtualClock;
  readonly network: Network;
  readonly dns: AuthoritativeDns;
  readonly directory: SimulatedDirectory;
  /** By host name as written. */
  readonly hosts: ReadonlyMap<string, WorldHost>;
  /** A host by name, case-insensitively (computer names are). */
  host(name: string): WorldHost;
}

/**
 * Builds the world of a scenario at its start: networks, routers and NATs, DNS with its zones
 * and records, the directory, and every host with its registry values, DNS client, queues and
 * MSMQ service (started when the scenario says it runs). With `trace` undefined the components
 * emit nothing, for benchmarks.
 */
export function buildWorld(
  scenario: Scenario,
  seed: number,
  trace: TraceSink | undefined,
  options: { readonly trackMessages?: boolean } = {},
): World {
  // No sink: the components build no events at all (cheaper than a sink that drops them).
  const traced = trace === undefined ? {} : { trace };
  const clock = new VirtualClock({ epoch: scenario.start });
  const network = new Network({ clock, seed, ...traced });
  for (const spec of scenario.networks) network.addSegment(spec.name, toLinkSettings(spec.link));
  for (const router of scenario.routers) network.addRouter(router.name, router.networks);
  const dns = new AuthoritativeDns({ clock, ...traced, host: scenario.dns.server ?? 'DNS' });
  for (const zone of scenario.dns.zones)
    dns.addZone(zone.name, { defaultTtl: zone.defaultTtl, negativeTtl: zone.negativeTtl });
  const directory = new SimulatedDirectory({
    clock,
    queryTicks: {
      site: scenario.directory.siteQueryTime,
      enterprise: scenario.directory.enterpriseQueryTime,
    },
    failureTicks: scenario.directory.failureTime,
  });

  // Hosts first: NAT mappings name inside addresses that must exist when the NAT is set up.
  for (const spec of scenario.hosts) {
    network.addHost(spec.name, {
      interfaces: spec.interfaces.map((entry) => ({
        name: entry.name,
        segment: entry.network,
        addresses: entry.addresses,
      })),
    });
  }
  for (const nat of scenario.nats) network.addNat(nat);
  for (const record of scenario.dns.records) dns.addRecord(record);

  // A host that cannot reach the DC (a partition, renumbering) fails its query like an outage does.
  // The DC and the DNS server, when the scenario names a host for them, are reached at that
  // host's current first address (renumbering moves them too).
  const addressOf = (host: string | undefined) =>
    host === undefined ? undefined : network.addresses(host)[0]?.address;
  // Each machine asks a DC of its own site (a network it is on), else the first DC: Active
  // Directory clients locate a DC in their site first (DsGetDcName, site-aware DC location).
  const controllers = scenario.directory.controllers ?? [scenario.directory.controller ?? ''];
  const networksOf = new Map(
    scenario.hosts.map((spec) => [spec.name, spec.interfaces.map((entry) => entry.network)]),
  );
  const controllerOf = (host: string): string | undefined => {
    const own = networksOf.get(host) ?? [];
    const local = controllers.find((dc) =>
      (networksOf.get(dc) ?? []).some((network) => own.includes(network)),
    );
    return (local ?? controllers[0]) || undefined;
  };
  const queryFrom = (host: string): DirectoryQuery => {
    const controller = controllerOf(host);
    return (list, done) => {
      const address = addressOf(controller);
      if (address !== undefined && network.route(host, address, 389).outcome !== 'delivered') {
        clock.schedule(scenario.directory.failureTime, () =>
          done({
            ok: false,
            error: `the domain controller ${address} cannot be reached from ${host}`,
          }),
        );
        return;
      }
      directory.query(list, done);
    };
  };
  const hosts = new Map<string, WorldHost>();
  const byLowerName = new Map<string, WorldHost>();
  for (const spec of scenario.hosts) {
    const registry = new Registry();
    registry.createKey(MSMQ_PARAMETERS_KEY);
    registry.createKey(MACHINE_CACHE_KEY);
    for (const value of spec.registry)
      registry.setValue(MSMQ_PARAMETERS_KEY, value.name, value.value);
    const os = new DnsClientCache({
      clock,
      server: dns,
      host: spec.name,
      ...traced,
      ...spec.dnsClient,
      ...(spec.hostsFile === undefined ? {} : { hosts: spec.hostsFile.entries }),
      reachable: () => {
        const address = addressOf(scenario.dns.server);
        return (
          address === undefined || network.route(spec.name, address, 53).outcome === 'delivered'
        );
      },
    });
    const msmq = spec.msmq;
    const qm =
      msmq === undefined || spec.role === 'none'
        ? undefined
        : new QueueManager({
            machine: spec.name,
            ...(spec.domain === undefined ? {} : { domain: spec.domain }),
            clock,
            network,
            resolver: os,
            ...traced,
            trackMessages: options.trackMessages === true,
            // Everything else the service reads from its registry at each start: the
            // scenario's msmq: block has written its values there (see @mqsim/scenario).
            ...(msmq.nameCache === undefined ? {} : { settings: { nameCache: msmq.nameCache } }),
            // Hosts given one QMId are clones (Breakwell, "MSMQ prefers to be unique"); the
            // service keeps it in Machine Cache\QMId, where `reg query` finds it.
            ...(msmq.qmId === undefined ? {} : { qmId: msmq.qmId }),
            machineCache: machineCacheStore(registry),
            registry: msmqParametersStore(registry),
            directory: {
              store: msmqParametersStore(registry),
              query: queryFrom(spec.name),
              role: spec.role,
              // No directory section: a workgroup, no DS refresh (ScenarioDirectory.workgroup).
              ...(scenario.directory.workgroup === true ? { workgroup: true } : {}),
            },
          });
    for (const queue of spec.queues) {
      qm?.createQueue(queue.name, {
        transactional: queue.transactional,
        journal: queue.journal,
        ...(queue.quota === undefined ? {} : { quota: queue.quota }),
      });
    }
    const host = { spec, registry, os, qm };
    hosts.set(spec.name, host);
    byLowerName.set(spec.name.toLowerCase(), host);
  }
  for (const host of hosts.values()) if (host.spec.msmq?.running !== false) host.qm?.start();

  return {
    scenario,
    clock,
    network,
    dns,
    directory,
    hosts,
    host(name) {
      const host = byLowerName.get(name.toLowerCase());
      if (host === undefined) {
        throw new UnknownHostError(`no host ${JSON.stringify(name)} in scenario ${scenario.name}`, {
          value: name,
          allowed: scenario.hosts.map((candidate) => candidate.name).join(', '),
        });
      }
      return host;
    },
  };
}

/** The scenario's link settings are `@mqsim/transport`'s, field for field. */
export function toLinkSettings(link: ScenarioLinkSettings): LinkSettings {
  return link as LinkSettings;
}
