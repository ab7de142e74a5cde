import { NetworkConfigError } from '../errors.js';
import type { LinkState } from './link-state.js';

/** A host's network interface: its segment and current addresses (canonical text). */
export interface InterfaceState {
  readonly name: string;
  readonly host: HostState;
  readonly segment: SegmentState;
  readonly addresses: string[];
}

/** A simulated machine. */
export interface HostState {
  readonly name: string;
  readonly interfaces: InterfaceState[];
}

/** Who answers for an address on a segment: a host interface, or a NAT's outside side. */
export type AddressHolder =
  | { readonly kind: 'interface'; readonly iface: InterfaceState }
  | { readonly kind: 'nat'; readonly nat: NatState };

/** A broadcast domain: hosts on it reach each other directly. */
export interface SegmentState {
  readonly name: string;
  readonly link: LinkState;
  readonly holders: Map<string, AddressHolder>;
  readonly routers: RouterState[];
}

/** Joins segments into one routed address realm (no translation). */
export interface RouterState {
  readonly name: string;
  readonly segments: readonly SegmentState[];
}

/** A static NAT mapping: a whole address (1:1) when the ports are undefined, else a port forward. */
export interface StaticMapping {
  readonly externalAddress: string;
  readonly externalPort: number | undefined;
  readonly internalAddress: string;
  readonly internalPort: number | undefined;
}

/** A dynamic (PAT) mapping the NAT made for an inside connection. */
export interface DynamicMapping {
  readonly nat: NatState;
  readonly internalAddress: string;
  readonly internalPort: number;
  readonly externalAddress: string;
  readonly externalPort: number;
  /** Connections using it; the mapping goes when the last one ends. */
  users: number;
}

/** A NAT device between an inside and an outside segment. */
export interface NatState {
  readonly name: string;
  readonly inside: SegmentState;
  readonly outside: SegmentState;
  readonly external: readonly string[];
  readonly mappings: StaticMapping[];
  dynamic: boolean;
  hairpin: boolean;
  readonly dynamicByInternal: Map<string, DynamicMapping>;
  readonly dynamicByExternal: Map<string, DynamicMapping>;
}

/** Two sides that cannot reach each other while the partition stands. */
export interface PartitionState {
  readonly name: string;
  readonly sideA: ReadonlySet<string>;
  readonly sideB: ReadonlySet<string>;
}

type Kind = 'host' | 'segment' | 'router' | 'NAT';

/**
 * The network's structure: hosts, segments, routers, NATs, partitions, and who holds which
 * address. `version` changes with every change, so cached routes know when to look again.
 */
export class Topology {
  readonly hosts = new Map<string, HostState>();
  readonly segments = new Map<string, SegmentState>();
  readonly routers = new Map<string, RouterState>();
  readonly nats = new Map<string, NatState>();
  readonly partitions = new Map<string, PartitionState>();
  readonly #kinds = new Map<string, Kind>();
  version = 0;

  changed(): void {
    this.version++;
  }

  /** @throws {NetworkConfigError} when `name` is empty or used by anything else. */
  claimName(name: string, kind: Kind): void {
    if (typeof name !== 'string' || name === '') {
      throw new NetworkConfigError(`a ${kind} needs a non-empty name`, {
        value: name,
        allowed: 'a non-empty string, unique across hosts, segments, routers and NATs',
      });
    }
    const used = this.#kinds.get(name);
    if (used !== undefined) {
      throw new NetworkConfigError(
        `${kind} '${name}': the name is already used by ${used} '${name}'`,
        {
          value: name,
          allowed: 'a name not used by any host, segment, router or NAT',
        },
      );
    }
    this.#kinds.set(name, kind);
  }

  releaseName(name: string): void {
    this.#kinds.delete(name);
  }

  hasName(name: string): boolean {
    return this.#kinds.has(name);
  }

  host(name: string, where = 'host'): HostState {
    return this.#lookup(this.hosts, name, where, 'host');
  }

  segment(name: string, where = 'segment'): SegmentState {
    return this.#lookup(this.segments, name, where, 'segment');
  }

  nat(name: string, where = 'NAT'): NatState {
    return this.#lookup(this.nats, name, where, 'NAT');
  }

  router(name: string, where = 'router'): RouterState {
    return this.#lookup(this.routers, name, where, 'router');
  }

  #lookup<T>(map: ReadonlyMap<string, T>, name: string, where: string, kind: string): T {
    const found = map.get(name);
    if (found === undefined) {
      const known = [...map.keys()];
      throw new NetworkConfigError(`${where}: there is no ${kind} '${String(name)}'`, {
        value: name,
        allowed: known.length === 0 ? `no ${kind} exists yet` : `one of ${known.join(', ')}`,
      });
    }
    return found;
  }

  /** The segments reachable from `start` through routers, nearest first (breadth-first). */
  realmOf(start: SegmentState): readonly SegmentState[] {
    // Kept until the topology changes: every route asks, and a 1,000-machine run asked
    // millions of times for the same 20 segments.
    if (this.#realmsVersion !== this.version) {
      this.#realms.clear();
      this.#realmsVersion = this.version;
    }
    let realm = this.#realms.get(start);
    if (realm === undefined) {
      realm = this.#walkRealm(start);
      this.#realms.set(start, realm);
    }
    return realm;
  }

  readonly #realms = new Map<SegmentState, readonly SegmentState[]>();
  #realmsVersion = -1;

  #walkRealm(start: SegmentState): SegmentState[] {
    const seen = new Set<SegmentState>([start]);
    const order = [start];
    for (let index = 0; index < order.length; index++) {
      for (const router of (order[index] as SegmentState).routers) {
        for (const next of router.segments) {
          if (!seen.has(next)) {
            seen.add(next);
            order.push(next);
          }
        }
      }
    }
    return order;
  }

  /**
   * The segments and routers from `from` to `to` (inclusive of both segments), shortest first;
   * `undefined` when no routers join them.
   */
  pathBetween(
    from: SegmentState,
    to: SegmentState,
  ): { segments: SegmentState[]; routers: RouterState[] } | undefined {
    const previous = new Map<SegmentState, [SegmentState, RouterState] | null>([[from, null]]);
    const queue = [from];
    for (let index = 0; index < queue.length && !previous.has(to); index++) {
      const segment = queue[index] as SegmentState;
      for (const router of segment.routers) {
        for (const next of router.segments) {
          if (!previous.has(next)) {
            previous.set(next, [segment, router]);
            queue.push(next);
          }
        }
      }
    }
    if (!previous.has(to)) return undefined;
    const segments = [to];
    const routers: RouterState[] = [];
    for (let step = previous.get(to); step; step = previous.get(step[0])) {
      segments.unshift(step[0]);
      routers.unshift(step[1]);
    }
    return { segments, routers };
  }

  /** Who holds `address` in the realm of `start`, and on which segment. */
  findHolder(
    start: SegmentState,
    address: string,
  ): { segment: SegmentState; holder: AddressHolder } | undefined {
    for (const segment of this.realmOf(start)) {
      const holder = segment.holders.get(address);
      if (holder !== undefined) return { segment, holder };
    }
    return undefined;
  }

  /**
   * Records that `holder` answers for `address` on `segment`.
   * @throws {NetworkConfigError} when something in the same routed realm already holds it.
   */
  claimAddress(segment: SegmentState, address: string, holder: AddressHolder, where: string): void {
    const existing = this.findHolder(segment, address);
    if (existing !== undefined) {
      const message =
        existing.segment === segment
          ? `${where}: duplicate address ${address} on segment '${segment.name}': ${describeHolder(existing.holder)} already has it`
          : `${where}: duplicate address ${address}: ${describeHolder(existing.holder)} already has it on segment '${existing.segment.name}', which is routed to segment '${segment.name}'`;
      throw new NetworkConfigError(message, {
        value: address,
        allowed: 'an address that no other interface or NAT holds in the same routed network',
      });
    }
    segment.holders.set(address, holder);
  }

  releaseAddress(segment: SegmentState, address: string): void {
    segment.holders.delete(address);
  }

  /** The interface of `host` that has `address` now, if any. */
  interfaceWith(host: HostState, address: string): InterfaceState | undefined {
    for (const iface of host.interfaces) {
      if (iface.addresses.includes(address)) return iface;
    }
    return undefined;
  }

  /** The first NAT whose inside segment is in `realm`: the realm's way out. */
  gatewayOf(realm: readonly SegmentState[]): NatState | undefined {
    for (const nat of this.nats.values()) {
      if (realm.includes(nat.inside)) return nat;
    }
    return undefined;
  }
}

/** `host 'web' interface 'eth0'` or `NAT 'edge'`. */
export function describeHolder(holder: AddressHolder): string {
  return holder.kind === 'interface'
    ? `host '${holder.iface.host.name}' interface '${holder.iface.name}'`
    : `NAT '${holder.nat.name}'`;
}
