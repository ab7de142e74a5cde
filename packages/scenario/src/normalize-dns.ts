import { TICKS } from '@mqsim/filetime';
import { dnsName, dnsRecord, zonedName } from './scenario-checks.js';
import { NameTable, type ScenarioContext } from './scenario-context.js';
import type { RawHost, RawScenario } from './scenario-schema.js';
import type { ScenarioPath } from './scenario-source.js';
import type { ScenarioDirectory, ScenarioDns, ScenarioZone } from './scenario-types.js';

export function readDns(
  context: ScenarioContext,
  raw: RawScenario,
  hosts: NameTable<RawHost>,
): ScenarioDns {
  const zoneTable = new NameTable<null>(context, 'zone', true);
  const zones = (raw.dns?.zones ?? []).map((zone, index): ScenarioZone => {
    const name = dnsName(context, ['dns', 'zones', index, 'name'], zone.name);
    zoneTable.define(name, ['dns', 'zones', index, 'name'], null);
    return {
      name,
      defaultTtl: zone.ttl ?? 3600,
      negativeTtl: zone.negativeTtl ?? 3600,
      location: context.location(['dns', 'zones', index]),
    };
  });
  const records = (raw.dns?.records ?? []).flatMap((record, index) => {
    const path = ['dns', 'records', index];
    const zoned = zonedName(context, [...path, 'name'], record.name, zones);
    if (zoned === undefined) return [];
    const { name, zone } = zoned;
    const made = dnsRecord(
      context,
      [...path, 'value'],
      {
        name,
        type: record.type,
        data: record.value,
        ...(record.ttl === undefined ? {} : { ttl: record.ttl }),
      },
      zone,
    );
    return made === undefined ? [] : [{ ...made, location: context.location(path) }];
  });
  const server = raw.dns?.server;
  return {
    server:
      server === undefined ? undefined : (hosts.resolve(server, ['dns', 'server'])?.name ?? server),
    zones,
    records,
  };
}

export function readDirectory(
  context: ScenarioContext,
  raw: RawScenario,
  hosts: NameTable<RawHost>,
): ScenarioDirectory {
  const directory = raw.directory ?? {};
  const at = (key: string) => ['directory', key];
  if (directory.controller !== undefined && directory.controllers !== undefined)
    context.problem(
      at('controllers'),
      'both controller and controllers are given',
      'one of them: controller for one DC, controllers for one per site',
    );
  const resolve = (name: string, path: ScenarioPath) => hosts.resolve(name, path)?.name ?? name;
  const controllers =
    directory.controllers?.map((name, index) => resolve(name, [...at('controllers'), index])) ??
    (directory.controller === undefined ? [] : [resolve(directory.controller, at('controller'))]);
  return {
    controller: controllers[0],
    controllers,
    siteQueryTime:
      context.optionalTicks(at('siteQueryTime'), directory.siteQueryTime) ?? 2 * TICKS.perSecond,
    enterpriseQueryTime:
      context.optionalTicks(at('enterpriseQueryTime'), directory.enterpriseQueryTime) ??
      10 * TICKS.perSecond,
    failureTime:
      context.optionalTicks(at('failureTime'), directory.failureTime) ?? 600 * TICKS.perSecond,
    // No directory section, no directory service: a workgroup (see ScenarioDirectory.workgroup).
    workgroup: raw.directory === undefined,
  };
}
