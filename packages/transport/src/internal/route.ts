import type { DropReason as PacketDropReason } from '../capture.js';
import { familyOf, formatEndpoint, isLoopbackAddress } from '../ip-address.js';
import type { LinkState } from './link-state.js';
import type {
  DynamicMapping,
  HostState,
  NatState,
  PartitionState,
  SegmentState,
  Topology,
} from './topology.js';

/** Why a packet did not reach a host, other than random loss. */
export type DropReason = Exclude<PacketDropReason, 'loss'>;

/** One segment a packet crosses, with the addresses it carries there. */
export interface Hop {
  readonly link: LinkState;
  readonly segment: string;
  readonly src: string;
  readonly dst: string;
}

/** Where a packet goes from a host, computed from the topology at one `version`. */
export interface Route {
  readonly version: number;
  readonly hops: readonly Hop[];
  /** `undefined` when the packet reaches `host`. */
  readonly drop: DropReason | undefined;
  /** The device that dropped it, when a NAT did. */
  readonly dropAt: string | undefined;
  readonly host: HostState | undefined;
  /** Addresses and ports as the destination host sees them (after any NAT). */
  readonly srcAddress: string;
  readonly srcPort: number;
  readonly dstAddress: string;
  readonly dstPort: number;
  /** The NATs crossed, in order. */
  readonly nats: readonly string[];
  /** A host-pair link that replaces the segments' settings for this path. */
  readonly pair: LinkState | undefined;
  /** Every link is plain: the packet takes exactly `fixedDelay`. */
  readonly plain: boolean;
  readonly fixedDelay: number;
  /** Dynamic NAT mappings this computation created (SYNs only). */
  readonly created: readonly DynamicMapping[];
}

/** How to treat NAT state while routing. */
export interface RouteMode {
  /** A connection request: inbound dynamic mappings do not admit it. */
  readonly syn: boolean;
  /** Create a dynamic mapping when an outbound one is needed. */
  readonly create: boolean;
  /** Do not create, but show where a new dynamic mapping would go (port `-1`). */
  readonly preview: boolean;
}

/** What the route computation needs besides the topology. */
export interface RouteContext {
  readonly topology: Topology;
  readonly loopback: LinkState;
  readonly pairLink: (left: string, right: string) => LinkState | undefined;
}

// Longer chains mean a NAT loop (inside and outside joined some other way).
const MAX_TRANSLATIONS = 16;
const FIRST_DYNAMIC_PORT = 1024;

/**
 * The route of a packet from `from` (sent from `srcAddress:srcPort`) to `dstAddress:dstPort`:
 * the segments it crosses, the NAT translations on the way, and the host it reaches or why it
 * is dropped.
 */
export function resolveRoute(
  context: RouteContext,
  from: HostState,
  srcAddress: string,
  srcPort: number,
  dstAddress: string,
  dstPort: number,
  mode: RouteMode,
): Route {
  const { topology } = context;
  const builder = new RouteBuilder(topology, from.name, srcAddress, srcPort, dstAddress, dstPort);
  if (isLoopbackAddress(dstAddress) || topology.interfaceWith(from, dstAddress) !== undefined) {
    if (!(isLoopbackAddress(srcAddress) || topology.interfaceWith(from, srcAddress))) {
      return builder.finish('no-address', undefined, context);
    }
    builder.hop(context.loopback, 'loopback');
    return builder.finish(undefined, from, context);
  }
  const sourceInterface = topology.interfaceWith(from, srcAddress);
  if (sourceInterface === undefined) return builder.finish('no-address', undefined, context);
  builder.node(from.name);
  let segment: SegmentState = sourceInterface.segment;
  for (let step = 0; step < MAX_TRANSLATIONS; step++) {
    const found = topology.findHolder(segment, builder.dstAddress);
    if (found !== undefined) {
      if (!builder.walk(segment, found.segment))
        return builder.finish('partition', undefined, context);
      const { holder } = found;
      if (holder.kind === 'interface') {
        if (!builder.node(holder.iface.host.name)) {
          return builder.finish('partition', undefined, context);
        }
        return builder.finish(undefined, holder.iface.host, context);
      }
      const nat = holder.nat;
      if (!builder.node(nat.name)) return builder.finish('partition', undefined, context);
      const inbound = inboundMapping(nat, builder.dstAddress, builder.dstPort, mode.syn);
      if (inbound === undefined) return builder.finish('no-mapping', undefined, context, nat);
      builder.translate(nat, undefined, inbound);
      segment = nat.inside;
      continue;
    }
    const nat = topology.gatewayOf(topology.realmOf(segment));
    if (
      nat === undefined ||
      !nat.external.some((ext) => familyOf(ext) === familyOf(builder.dstAddress))
    ) {
      // Nothing answers: the packet goes out on the local segment and nobody takes it.
      builder.walk(segment, segment);
      return builder.finish('no-route', undefined, context);
    }
    if (!builder.walk(segment, nat.inside) || !builder.node(nat.name)) {
      return builder.finish('partition', undefined, context);
    }
    const hairpin = nat.external.includes(builder.dstAddress);
    if (hairpin && !nat.hairpin) return builder.finish('hairpin-disabled', undefined, context, nat);
    const outbound = outboundMapping(nat, builder.srcAddress, builder.srcPort, mode);
    if (outbound?.created !== undefined) builder.created.push(outbound.created);
    if (hairpin) {
      const inbound = inboundMapping(nat, builder.dstAddress, builder.dstPort, mode.syn);
      if (inbound === undefined || outbound === undefined) {
        return builder.finish('no-mapping', undefined, context, nat);
      }
      builder.translate(nat, outbound, inbound);
      segment = nat.inside;
      continue;
    }
    if (outbound === undefined) return builder.finish('no-mapping', undefined, context, nat);
    builder.translate(nat, outbound, undefined);
    segment = nat.outside;
  }
  return builder.finish('no-route', undefined, context);
}

interface Translated {
  readonly address: string;
  readonly port: number;
  readonly created?: DynamicMapping;
}

class RouteBuilder {
  readonly hops: Hop[] = [];
  readonly nats: string[] = [];
  readonly created: DynamicMapping[] = [];
  readonly #partitions: readonly PartitionState[];
  readonly #touched: Uint8Array;
  readonly #topology: Topology;

  constructor(
    topology: Topology,
    readonly fromName: string,
    public srcAddress: string,
    public srcPort: number,
    public dstAddress: string,
    public dstPort: number,
  ) {
    this.#topology = topology;
    this.#partitions = [...topology.partitions.values()];
    this.#touched = new Uint8Array(this.#partitions.length);
  }

  hop(link: LinkState, segment: string): void {
    this.hops.push({
      link,
      segment,
      src: formatEndpoint(this.srcAddress, portText(this.srcPort)),
      dst: formatEndpoint(this.dstAddress, portText(this.dstPort)),
    });
  }

  /** Adds the segments (and routers) from `from` to `to`; `false` when a partition cuts it. */
  walk(from: SegmentState, to: SegmentState): boolean {
    const path = this.#topology.pathBetween(from, to) ?? { segments: [from], routers: [] };
    for (let index = 0; index < path.segments.length; index++) {
      const segment = path.segments[index] as SegmentState;
      const router = index > 0 ? path.routers[index - 1] : undefined;
      this.hop(segment.link, segment.name);
      if (router !== undefined && !this.node(router.name)) return false;
      if (!this.node(segment.name)) return false;
    }
    return true;
  }

  /** Records that the packet touches `name`; `false` when that completes a partition's cut. */
  node(name: string): boolean {
    let open = true;
    this.#partitions.forEach((partition, index) => {
      let touched = this.#touched[index] as number;
      if (partition.sideA.has(name)) touched |= 1;
      if (partition.sideB.has(name)) touched |= 2;
      this.#touched[index] = touched;
      if (touched === 3) open = false;
    });
    return open;
  }

  translate(nat: NatState, source: Translated | undefined, destination: Translated | undefined) {
    this.nats.push(nat.name);
    if (source !== undefined) {
      this.srcAddress = source.address;
      this.srcPort = source.port;
    }
    if (destination !== undefined) {
      this.dstAddress = destination.address;
      this.dstPort = destination.port;
    }
  }

  finish(
    drop: DropReason | undefined,
    host: HostState | undefined,
    context: RouteContext,
    dropAt?: NatState,
  ): Route {
    const pair =
      drop === undefined && host !== undefined && this.hops[0]?.segment !== 'loopback'
        ? context.pairLink(this.fromName, host.name)
        : undefined;
    let plain = pair === undefined ? true : pair.plain;
    let fixedDelay = pair === undefined ? 0 : pair.settings.latency;
    if (pair === undefined) {
      for (const hop of this.hops) {
        plain &&= hop.link.plain;
        fixedDelay += hop.link.settings.latency;
      }
    }
    return {
      version: this.#topology.version,
      hops: this.hops,
      drop,
      dropAt: dropAt?.name,
      host,
      srcAddress: this.srcAddress,
      srcPort: this.srcPort,
      dstAddress: this.dstAddress,
      dstPort: this.dstPort,
      nats: this.nats,
      pair,
      plain,
      fixedDelay,
      created: this.created,
    };
  }
}

function portText(port: number): number | string {
  return port < 0 ? '*' : port;
}

function inboundMapping(
  nat: NatState,
  address: string,
  port: number,
  syn: boolean,
): Translated | undefined {
  for (const mapping of nat.mappings) {
    if (mapping.externalAddress === address && mapping.externalPort === port) {
      return { address: mapping.internalAddress, port: mapping.internalPort ?? port };
    }
  }
  for (const mapping of nat.mappings) {
    if (mapping.externalAddress === address && mapping.externalPort === undefined) {
      return { address: mapping.internalAddress, port };
    }
  }
  if (syn) return undefined;
  const dynamic = nat.dynamicByExternal.get(formatEndpoint(address, port));
  return dynamic === undefined
    ? undefined
    : { address: dynamic.internalAddress, port: dynamic.internalPort };
}

function outboundMapping(
  nat: NatState,
  address: string,
  port: number,
  mode: RouteMode,
): Translated | undefined {
  for (const mapping of nat.mappings) {
    if (mapping.internalAddress === address && mapping.internalPort === port) {
      return { address: mapping.externalAddress, port: mapping.externalPort ?? port };
    }
  }
  for (const mapping of nat.mappings) {
    if (mapping.internalAddress === address && mapping.internalPort === undefined) {
      return { address: mapping.externalAddress, port };
    }
  }
  const existing = nat.dynamicByInternal.get(formatEndpoint(address, port));
  if (existing !== undefined) {
    return { address: existing.externalAddress, port: existing.externalPort };
  }
  if (!nat.dynamic || !(mode.create || mode.preview)) return undefined;
  // Dynamic mappings use the first external address of the family that is not mapped 1:1
  // (a 1:1 address belongs wholly to its inside host).
  const external = nat.external.find(
    (candidate) =>
      familyOf(candidate) === familyOf(address) &&
      !nat.mappings.some(
        (mapping) => mapping.externalAddress === candidate && mapping.externalPort === undefined,
      ),
  );
  if (external === undefined) return undefined;
  if (mode.preview) return { address: external, port: -1 };
  const externalPort = freePort(nat, external, port);
  if (externalPort === undefined) return undefined;
  const created: DynamicMapping = {
    nat,
    internalAddress: address,
    internalPort: port,
    externalAddress: external,
    externalPort,
    users: 0,
  };
  nat.dynamicByInternal.set(formatEndpoint(address, port), created);
  nat.dynamicByExternal.set(formatEndpoint(external, externalPort), created);
  return { address: external, port: externalPort, created };
}

// Keeps the inside port when it is free (as most NATs try to), else the lowest free one.
function freePort(nat: NatState, external: string, preferred: number): number | undefined {
  const taken = (port: number) =>
    nat.dynamicByExternal.has(formatEndpoint(external, port)) ||
    nat.mappings.some(
      (mapping) => mapping.externalAddress === external && mapping.externalPort === port,
    );
  if (!taken(preferred)) return preferred;
  for (let port = FIRST_DYNAMIC_PORT; port <= 65_535; port++) {
    if (!taken(port)) return port;
  }
  return undefined;
}
