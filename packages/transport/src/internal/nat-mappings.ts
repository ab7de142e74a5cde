import { NetworkConfigError } from '../errors.js';
import { familyOf, formatEndpoint, parseAddress, parseEndpoint } from '../ip-address.js';
import type { NatMapping, NatTableRow } from '../nat.js';
import type { NatState, StaticMapping, Topology } from './topology.js';

/**
 * Checks a static mapping against the NAT and the inside network and returns it in canonical
 * form.
 * @throws {NetworkConfigError} naming the NAT and the mapping: ports on one side only, mixed
 *   families, an external address the NAT does not have, an internal address no inside host has
 *   (a mapping to nothing), or an external address and port already mapped.
 * @throws {AddressParseError} for a malformed side.
 */
export function toStaticMapping(
  topology: Topology,
  nat: NatState,
  mapping: NatMapping,
): StaticMapping {
  const where = `NAT '${nat.name}' mapping ${mapping?.external} → ${mapping?.internal}`;
  const external = parseSide(mapping?.external, `${where} external`);
  const internal = parseSide(mapping?.internal, `${where} internal`);
  if ((external.port === undefined) !== (internal.port === undefined)) {
    throw new NetworkConfigError(`${where}: give ports on both sides or on neither`, {
      value: mapping,
      allowed: 'address ↔ address (1:1) or address:port ↔ address:port (port forward)',
    });
  }
  if (familyOf(external.address) !== familyOf(internal.address)) {
    throw new NetworkConfigError(`${where}: external and internal addresses differ in family`, {
      value: mapping,
      allowed: 'IPv4 to IPv4 or IPv6 to IPv6 (no NAT64)',
    });
  }
  if (!nat.external.includes(external.address)) {
    throw new NetworkConfigError(
      `${where}: ${external.address} is not one of the NAT's external addresses`,
      { value: mapping.external, allowed: nat.external.join(', ') },
    );
  }
  const target = topology.findHolder(nat.inside, internal.address);
  if (target === undefined || target.holder.kind !== 'interface') {
    throw new NetworkConfigError(
      `${where}: maps to nothing — no host on the inside (segment '${nat.inside.name}' and segments routed to it) has ${internal.address}`,
      { value: mapping.internal, allowed: 'an address an inside host has now' },
    );
  }
  const clash = nat.mappings.find(
    (existing) =>
      existing.externalAddress === external.address &&
      (existing.externalPort === undefined ||
        external.port === undefined ||
        existing.externalPort === external.port),
  );
  if (clash !== undefined) {
    throw new NetworkConfigError(
      `${where}: ${mapping.external} is already mapped to ${clash.internalAddress}${
        clash.internalPort === undefined ? '' : `:${clash.internalPort}`
      }`,
      { value: mapping.external, allowed: 'an external address or port not mapped yet' },
    );
  }
  return {
    externalAddress: external.address,
    externalPort: external.port,
    internalAddress: internal.address,
    internalPort: internal.port,
  };
}

/** A NAT's translations as an admin lists them: static mappings, then dynamic ones by age. */
export function natTableRows(nat: NatState): NatTableRow[] {
  const rows: NatTableRow[] = nat.mappings.map((mapping) => ({
    type: 'static',
    external: describeSide(mapping.externalAddress, mapping.externalPort),
    internal: describeSide(mapping.internalAddress, mapping.internalPort),
  }));
  for (const mapping of nat.dynamicByInternal.values()) {
    rows.push({
      type: 'dynamic',
      external: formatEndpoint(mapping.externalAddress, mapping.externalPort),
      internal: formatEndpoint(mapping.internalAddress, mapping.internalPort),
    });
  }
  return rows;
}

function describeSide(address: string, port: number | undefined): string {
  return port === undefined ? address : formatEndpoint(address, port);
}

// `address:port` when the text has a port (`[v6]:port`, or one colon for IPv4), else an address.
function parseSide(text: unknown, where: string): { address: string; port: number | undefined } {
  if (typeof text === 'string' && (text.startsWith('[') || text.split(':').length === 2)) {
    const endpoint = parseEndpoint(text, where);
    return { address: endpoint.address, port: endpoint.port };
  }
  return { address: parseAddress(text as string, where).address, port: undefined };
}
