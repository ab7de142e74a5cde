import { type CachePolicy, WINDOWS_DNS_CLIENT_DEFAULTS } from '@mqsim/name-cache';
import { dnsName, readHostsFile } from './scenario-checks.js';
import { NameTable, type ScenarioContext } from './scenario-context.js';
import type { RawHost, RawNameCache } from './scenario-schema.js';
import type { ScenarioPath } from './scenario-source.js';
import type {
  ScenarioHost,
  ScenarioInterface,
  ScenarioMsmqSettings,
  ScenarioQueue,
  ScenarioRegistryValue,
} from './scenario-types.js';
import { parseAddress, parseQueuePath, parseRegistryValue, parseSize } from './scenario-values.js';

/** `msmq` settings that are registry values too: set one or the other, not both. */
const MSMQ_REGISTRY_TWINS: Readonly<Record<string, string>> = {
  waitTime: 'WaitTime',
  ignoreOsNameValidation: 'IgnoreOSNameValidation',
  bindInterfaceIp: 'BindInterfaceIP',
  machineQuota: 'MachineQuota',
};

export function readHost(
  context: ScenarioContext,
  host: RawHost,
  index: number,
  interfaces: ReadonlyMap<string, ScenarioInterface> | undefined,
): ScenarioHost {
  const path = ['hosts', index];
  const role = host.role ?? 'client';
  const domain =
    host.domain === undefined ? undefined : dnsName(context, [...path, 'domain'], host.domain);
  const suffixes =
    host.dnsClient?.suffixes?.map((suffix, at) =>
      dnsName(context, [...path, 'dnsClient', 'suffixes', at], suffix),
    ) ?? (domain === undefined ? [] : [domain]);
  const hostInterfaces = [...(interfaces?.values() ?? [])];
  if (role === 'none') {
    for (const key of ['msmq', 'queues', 'registry'] as const) {
      if (host[key] !== undefined) {
        context.problem(
          [...path, key],
          `host ${host.name} has role none (no MSMQ), so it has no ${key}`,
          'remove it, or give the host an MSMQ role',
          { key: true },
        );
      }
    }
  }
  const registry = readRegistry(context, host, path);
  const msmq =
    role === 'none' ? undefined : readMsmq(context, host, path, hostInterfaces, registry);
  const queueTable = new NameTable<null>(context, 'queue', true);
  const queues = (host.queues ?? []).map((queue, at): ScenarioQueue => {
    const queuePath = [...path, 'queues', at];
    const parsed = context.take([...queuePath, 'name'], parseQueuePath(queue.name), {
      name: queue.name,
      private: false,
    });
    queueTable.define(parsed.name, [...queuePath, 'name'], null);
    return {
      name: parsed.name,
      private: parsed.private,
      transactional: queue.transactional ?? false,
      quota:
        queue.quota === undefined
          ? undefined
          : context.take([...queuePath, 'quota'], parseSize(queue.quota), 0),
      journal: queue.journal ?? false,
      location: context.location(queuePath),
    };
  });
  const dnsClient = host.dnsClient ?? {};
  return {
    name: host.name,
    role,
    domain,
    fqdn: domain === undefined ? undefined : `${host.name.toLowerCase()}.${domain}`,
    interfaces: hostInterfaces,
    dnsClient: {
      maxCacheTtl: dnsClient.maxCacheTtl ?? WINDOWS_DNS_CLIENT_DEFAULTS.maxCacheTtl,
      maxNegativeCacheTtl:
        dnsClient.maxNegativeCacheTtl ?? WINDOWS_DNS_CLIENT_DEFAULTS.maxNegativeCacheTtl,
      queryTimeouts: dnsClient.queryTimeouts ?? WINDOWS_DNS_CLIENT_DEFAULTS.queryTimeouts,
      suffixSearchList: suffixes,
    },
    hostsFile:
      host.hostsFile === undefined
        ? undefined
        : {
            text: host.hostsFile,
            entries: readHostsFile(context, [...path, 'hostsFile'], host.hostsFile),
          },
    msmq,
    registry,
    queues,
    location: context.location(path),
  };
}

function readRegistry(
  context: ScenarioContext,
  host: RawHost,
  path: ScenarioPath,
): ScenarioRegistryValue[] {
  const table = new NameTable<null>(context, 'registry value', true);
  return Object.entries(host.registry ?? {}).flatMap(([name, value]) => {
    const valuePath = [...path, 'registry', name];
    table.define(name, valuePath, null);
    const parsed = parseRegistryValue(value, context.source.sourceText([...valuePath, 'value']));
    if (!parsed.ok) {
      context.problem([...valuePath, 'value'], parsed.message, parsed.allowed);
      return [];
    }
    return [{ name, value: parsed.value, location: context.location(valuePath) }];
  });
}

function readMsmq(
  context: ScenarioContext,
  host: RawHost,
  path: ScenarioPath,
  interfaces: readonly ScenarioInterface[],
  registry: readonly ScenarioRegistryValue[],
): ScenarioMsmqSettings {
  const msmq = host.msmq ?? {};
  const at = (key: string) => [...path, 'msmq', key];
  for (const [key, valueName] of Object.entries(MSMQ_REGISTRY_TWINS)) {
    const twin = registry.find((value) => value.name.toLowerCase() === valueName.toLowerCase());
    if ((msmq as Record<string, unknown>)[key] !== undefined && twin !== undefined) {
      context.problem(
        at(key),
        `msmq.${key} and registry.${twin.name} set the same thing (line ${twin.location.line})`,
        'one of the two',
        { key: true },
      );
    }
  }
  let bindInterfaceIp: string | undefined;
  if (msmq.bindInterfaceIp !== undefined) {
    bindInterfaceIp = context.take(
      at('bindInterfaceIp'),
      parseAddress(msmq.bindInterfaceIp),
      msmq.bindInterfaceIp,
    );
    const own = interfaces.flatMap((nic) => nic.addresses);
    if (!own.includes(bindInterfaceIp)) {
      context.problem(
        at('bindInterfaceIp'),
        `${bindInterfaceIp} is not an address of ${host.name}`,
        own.length === 0 ? 'an address of the host' : `one of ${own.join(', ')}`,
      );
    }
  }
  return {
    running: msmq.running ?? true,
    nameCache: readNameCache(msmq.nameCache),
    waitTime: context.optionalTicks(at('waitTime'), msmq.waitTime),
    ignoreOsNameValidation: msmq.ignoreOsNameValidation ?? false,
    bindInterfaceIp,
    machineQuota:
      msmq.machineQuota === undefined
        ? 1024 ** 3
        : context.take(at('machineQuota'), parseSize(msmq.machineQuota), 0),
    qmId: msmq.qmId?.replace(/[{}]/g, '').toLowerCase(),
  };
}

function readNameCache(policy: RawNameCache | undefined): CachePolicy {
  if (policy === undefined) return { kind: 'until-restart' };
  if (typeof policy === 'string') return { kind: policy };
  if (policy.kind === 'respect-ttl' && policy.maxSeconds !== undefined) {
    return { kind: 'respect-ttl', maxSeconds: policy.maxSeconds };
  }
  if (policy.kind === 'fixed-ttl') return { kind: 'fixed-ttl', seconds: policy.seconds };
  return { kind: policy.kind };
}
