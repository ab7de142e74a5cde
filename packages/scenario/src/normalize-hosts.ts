import { ticksToSeconds } from '@mqsim/filetime';
import { type CachePolicy, WINDOWS_DNS_CLIENT_DEFAULTS } from '@mqsim/name-cache';
import { QUEUE_MANAGER_VALUE_NAMES, toQueueManagerRegistryValues } from '@mqsim/queue-manager';
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

/** `msmq` settings that are registry values: set one or the other, not both. */
const MSMQ_REGISTRY_TWINS: Readonly<Record<string, string>> = {
  waitTime: QUEUE_MANAGER_VALUE_NAMES.waitTime,
  ignoreOsNameValidation: QUEUE_MANAGER_VALUE_NAMES.ignoreOsNameValidation,
  bindInterfaceIp: QUEUE_MANAGER_VALUE_NAMES.bindInterfaceIp,
  machineQuota: QUEUE_MANAGER_VALUE_NAMES.machineQuota,
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
  const explicitRegistry = readRegistry(context, host, path);
  const msmq =
    role === 'none' ? undefined : readMsmq(context, host, path, hostInterfaces, explicitRegistry);
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
    msmq: msmq?.settings,
    registry: [...explicitRegistry, ...(msmq?.registry ?? [])],
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

/**
 * The `msmq:` block. Settings MSMQ keeps in the registry (`waitTime`, `ignoreOsNameValidation`,
 * `bindInterfaceIp`, `machineQuota`) are sugar: they become `MSMQ\Parameters` values, written in
 * Windows' units by the queue manager's own `toQueueManagerRegistryValues`, which the service
 * reads at every start like any other registry value. The rest are the model's.
 */
function readMsmq(
  context: ScenarioContext,
  host: RawHost,
  path: ScenarioPath,
  interfaces: readonly ScenarioInterface[],
  registry: readonly ScenarioRegistryValue[],
): { readonly settings: ScenarioMsmqSettings; readonly registry: ScenarioRegistryValue[] } {
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
  const waitTime = context.optionalTicks(at('waitTime'), msmq.waitTime);
  const machineQuota =
    msmq.machineQuota === undefined
      ? undefined
      : context.take(at('machineQuota'), parseSize(msmq.machineQuota), 0);
  const sugar = toQueueManagerRegistryValues({
    // Windows keeps WaitTime in whole seconds: a finer duration (old files had them) rounds up.
    ...(waitTime === undefined ? {} : { waitTimeSeconds: Math.ceil(ticksToSeconds(waitTime)) }),
    ...(msmq.ignoreOsNameValidation === undefined
      ? {}
      : { ignoreOsNameValidation: msmq.ignoreOsNameValidation }),
    ...(bindInterfaceIp === undefined ? {} : { bindInterfaceIp }),
    ...(machineQuota === undefined ? {} : { machineQuotaBytes: machineQuota }),
  });
  const keyOf = new Map(Object.entries(MSMQ_REGISTRY_TWINS).map(([key, name]) => [name, key]));
  return {
    settings: {
      running: msmq.running ?? true,
      nameCache: msmq.nameCache === undefined ? undefined : readNameCache(msmq.nameCache),
      qmId: msmq.qmId?.replace(/[{}]/g, '').toLowerCase(),
    },
    registry: sugar.map(({ name, value }) => ({
      name,
      value,
      location: context.location(at(keyOf.get(name) ?? name)),
    })),
  };
}

function readNameCache(policy: RawNameCache): CachePolicy {
  if (typeof policy === 'string') return { kind: policy };
  if (policy.kind === 'respect-ttl' && policy.maxSeconds !== undefined) {
    return { kind: 'respect-ttl', maxSeconds: policy.maxSeconds };
  }
  if (policy.kind === 'fixed-ttl') return { kind: 'fixed-ttl', seconds: policy.seconds };
  return { kind: policy.kind };
}
