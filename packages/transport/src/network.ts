import type { Clock, TraceSink } from '@mqsim/filetime';
import type { DropReason, PacketCapture } from './capture.js';
import { NetworkConfigError } from './errors.js';
import type { FirewallSettings, ResolvedFirewallSettings } from './firewall.js';
import { checkPort, checkTcpSettings } from './internal/checks.js';
import {
  describeFirewallRule,
  FirewallTable,
  resolveFirewallSettings,
} from './internal/firewall-table.js';
import { LinkState, resolveLinkSettings } from './internal/link-state.js';
import { natTableRows, toStaticMapping } from './internal/nat-mappings.js';
import { type Route, type RouteContext, resolveRoute } from './internal/route.js';
import { TcpStack } from './internal/tcp-stack.js';
import {
  type AddressHolder,
  type HostState,
  type InterfaceState,
  type NatState,
  type SegmentState,
  Topology,
} from './internal/topology.js';
import { Transmitter } from './internal/transmitter.js';
import {
  type AddressFamily,
  familyOf,
  isLoopbackAddress,
  isUnspecifiedAddress,
  parseAddress,
} from './ip-address.js';
import type { NatMapping, NatOptions, NatTableRow } from './nat.js';
import type { NetstatRow } from './netstat.js';
import type { ConnectHandlers, Listener, ListenHandlers, Session } from './session.js';
import {
  LINK_DEFAULTS,
  type LinkSettings,
  type ResolvedLinkSettings,
  TCP_DEFAULTS,
  type TcpSettings,
} from './settings.js';
import type {
  TransportTraceEvent,
  TransportTraceEventOf,
  TransportTraceFields,
} from './trace-types.js';

/** Options for {@link Network}. */
export interface NetworkOptions {
  /** Time and timers; a `VirtualClock` for simulations. */
  readonly clock: Clock;
  /** Seed of every random draw (loss, jitter, …): the same seed and calls give the same run. */
  readonly seed: number;
  /** Where trace events go; none are built when it is absent. */
  readonly trace?: TraceSink;
  /** Link settings for segments added without their own. Default {@link LINK_DEFAULTS}. */
  readonly link?: LinkSettings;
  /** TCP timers and port range. Default {@link TCP_DEFAULTS}. */
  readonly tcp?: Partial<TcpSettings>;
}

/** A network interface of a new host. */
export interface InterfaceOptions {
  readonly name: string;
  readonly segment: string;
  readonly addresses?: readonly string[];
}

/** Options for {@link Network.addHost}. */
export interface HostOptions {
  readonly interfaces?: readonly InterfaceOptions[];
}

/** An address a host has, as `ipconfig` would list it. */
export interface HostAddress {
  readonly interface: string;
  readonly segment: string;
  readonly address: string;
  readonly family: AddressFamily;
}

/** Where to listen. */
export interface ListenOptions {
  /** `'any'` (all addresses, both families, now and later), `'0.0.0.0'`, `'::'`, or one address. */
  readonly address: string;
  readonly port: number;
  /** Owning executable for `netstat -b`. Default `System`. */
  readonly process?: string;
}

/** Where to connect. */
export interface ConnectTarget {
  readonly address: string;
  readonly port: number;
}

/** Options for {@link Network.connect}. */
export interface ConnectOptions {
  /** Owning executable for `netstat -b`. Default `System`. */
  readonly process?: string;
  /**
   * Ticks until an unanswered connect fails. Default: the SYN back-off sum, 21 s with the
   * Windows settings.
   */
  readonly timeout?: number;
  /** Source address; default the first of the destination's family with a route there. */
  readonly localAddress?: string;
}

/** One segment of a {@link RouteDescription}. */
export interface RouteHop {
  readonly segment: string;
  readonly src: string;
  readonly dst: string;
}

/** Where a packet from a host to an address goes, as `tracert` plus a NAT table would tell. */
export interface RouteDescription {
  readonly outcome: 'delivered' | 'dropped';
  /** Why it is dropped, when it is. */
  readonly reason?: Exclude<DropReason, 'loss'>;
  /** The NAT that drops it, for NAT drops; the host whose firewall drops it, for firewall drops. */
  readonly dropAt?: string;
  /** The host it reaches (absent when its firewall drops the packet). */
  readonly host?: string;
  /** Segments crossed with the addresses on each; `*` is a port chosen at connect time. */
  readonly hops: readonly RouteHop[];
  /** NATs crossed, in order. */
  readonly nats: readonly string[];
}

const NAME_RULE = 'a non-empty string';

/**
 * A simulated IP network: segments joined by routers and NATs, hosts with interfaces and
 * addresses that can change at run time, and TCP between them as MSMQ uses it — listeners
 * bound to one address or all, connect / accept / refused / time-out / reset, in-order framed
 * data with link delay, loss, duplication, reordering and bandwidth, partitions, a `netstat -anb`
 * view and a packet capture. Runs on any {@link Clock}; every random draw comes from `seed`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-01-01T00:00:00Z') });
 * const network = new Network({ clock, seed: 7 });
 * network.addSegment('lan');
 * network.addHost('sender', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5'] }] });
 * network.addHost('receiver', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }] });
 * const got: unknown[] = [];
 * network.listen('receiver', { address: '10.0.0.20', port: 1801 }, { onData: (session, frame) => got.push(frame) });
 * network.connect('sender', { address: '10.0.0.20', port: 1801 }, {}, { onConnect: (session) => session.send('hello') });
 * clock.run();
 * got; // => ['hello']
 * clock.ticks(); // => 15000
 * ```
 */
export class Network {
  /** The clock the network runs on. */
  readonly clock: Clock;
  readonly #seed: number;
  readonly #trace: TraceSink | undefined;
  readonly #topology = new Topology();
  readonly #transmitter: Transmitter;
  readonly #stack: TcpStack;
  readonly #defaultLink: ResolvedLinkSettings;
  readonly #pairs = new Map<string, LinkState>();
  readonly #tcp: TcpSettings;
  readonly #routes: RouteContext;
  readonly #firewalls = new FirewallTable();

  /** @throws {NetworkConfigError} for a seed that is not an integer or bad link/TCP settings. */
  constructor(options: NetworkOptions) {
    if (!Number.isSafeInteger(options?.seed)) {
      throw new NetworkConfigError(`network seed ${String(options?.seed)} is not an integer`, {
        value: options?.seed,
        allowed: 'a safe integer (only its low 32 bits are used)',
      });
    }
    this.clock = options.clock;
    this.#seed = options.seed;
    this.#trace = options.trace;
    this.#defaultLink = resolveLinkSettings(
      { ...LINK_DEFAULTS },
      options.link ?? {},
      'network default link',
    );
    this.#tcp = checkTcpSettings({ ...TCP_DEFAULTS, ...options.tcp });
    this.#transmitter = new Transmitter(this.clock);
    const loopback = new LinkState(this.#seed, 'loopback', {
      ...LINK_DEFAULTS,
      latency: this.#tcp.loopbackLatency,
    });
    this.#routes = {
      topology: this.#topology,
      loopback,
      pairLink: (left, right) => this.#pairs.get(pairKey(left, right)),
    };
    this.#stack = new TcpStack({
      clock: this.clock,
      settings: this.#tcp,
      topology: this.#topology,
      routes: this.#routes,
      transmitter: this.#transmitter,
      firewalls: this.#firewalls,
      trace: this.#trace,
    });
  }

  // ---- structure ----------------------------------------------------------------------------

  /**
   * Adds a segment (a LAN, a WAN, the Internet): hosts and NATs on it reach each other directly.
   * @throws {NetworkConfigError} for a used name or bad link settings.
   */
  addSegment(name: string, link: LinkSettings = {}): void {
    const settings = resolveLinkSettings(this.#defaultLink, link, `segment '${name}'`);
    this.#topology.claimName(name, 'segment');
    this.#topology.segments.set(name, {
      name,
      link: new LinkState(this.#seed, `segment:${name}`, settings),
      holders: new Map(),
      routers: [],
    });
    this.#topology.changed();
  }

  /**
   * Adds a router joining `segments` into one routed network (no address translation).
   * @throws {NetworkConfigError} for unknown segments, fewer than two, or an address held on both sides.
   */
  addRouter(name: string, segments: readonly string[]): void {
    const where = `router '${name}'`;
    if (!Array.isArray(segments) || new Set(segments).size < 2) {
      throw new NetworkConfigError(`${where}: a router joins at least two different segments`, {
        value: segments,
        allowed: 'an array of two or more segment names',
      });
    }
    const joined = segments.map((segment) => this.#topology.segment(segment, where));
    this.#checkRealmsDisjoint(joined, where);
    this.#topology.claimName(name, 'router');
    const router = { name, segments: joined };
    for (const segment of joined) segment.routers.push(router);
    this.#topology.routers.set(name, router);
    this.#topology.changed();
  }

  /**
   * Removes a router; the segments it joined no longer reach each other through it.
   * @throws {NetworkConfigError} for an unknown router.
   */
  removeRouter(name: string): void {
    const router = this.#topology.router(name, 'removeRouter');
    for (const segment of router.segments) {
      segment.routers.splice(segment.routers.indexOf(router), 1);
    }
    this.#topology.routers.delete(name);
    this.#topology.releaseName(name);
    this.#topology.changed();
  }

  /**
   * Adds a host with its interfaces.
   * @throws {NetworkConfigError} for a used name, an unknown segment or a duplicate address.
   * @throws {AddressParseError} for a malformed address, naming the host and interface.
   */
  addHost(name: string, options: HostOptions = {}): void {
    this.#topology.claimName(name, 'host');
    const host: HostState = { name, interfaces: [] };
    this.#topology.hosts.set(name, host);
    try {
      for (const iface of options.interfaces ?? []) this.#addInterface(host, iface);
    } catch (error) {
      for (const iface of host.interfaces) {
        for (const address of iface.addresses)
          this.#topology.releaseAddress(iface.segment, address);
      }
      this.#topology.hosts.delete(name);
      this.#topology.releaseName(name);
      throw error;
    }
    this.#topology.changed();
  }

  /**
   * Adds an interface to a host (a new NIC, a VPN adapter).
   * @throws {NetworkConfigError} for an unknown host or segment, a used interface name or a duplicate address.
   */
  addInterface(host: string, iface: InterfaceOptions): void {
    const state = this.#topology.host(host, 'addInterface');
    const added = this.#addInterface(state, iface);
    this.#topology.changed();
    if (added.addresses.length > 0) this.#addressChanged(added, added.addresses, []);
  }

  #addInterface(host: HostState, options: InterfaceOptions): InterfaceState {
    const where = `host '${host.name}' interface '${options?.name}'`;
    if (typeof options?.name !== 'string' || options.name === '') {
      throw new NetworkConfigError(`host '${host.name}': an interface needs a name`, {
        value: options?.name,
        allowed: NAME_RULE,
      });
    }
    if (host.interfaces.some((existing) => existing.name === options.name)) {
      throw new NetworkConfigError(`${where}: the host already has an interface of that name`, {
        value: options.name,
        allowed: 'an interface name unique on the host',
      });
    }
    const segment = this.#topology.segment(options.segment, where);
    const iface: InterfaceState = { name: options.name, host, segment, addresses: [] };
    const addresses = (options.addresses ?? []).map((address) => this.#assignable(address, where));
    for (const address of addresses) {
      if (iface.addresses.includes(address)) {
        throw new NetworkConfigError(`${where}: address ${address} is listed twice`, {
          value: address,
          allowed: 'each address once',
        });
      }
      this.#topology.claimAddress(segment, address, { kind: 'interface', iface }, where);
      iface.addresses.push(address);
    }
    host.interfaces.push(iface);
    return iface;
  }

  /**
   * Gives an interface one more address (emits `net.address.changed`).
   * @throws {NetworkConfigError} for an unknown host or interface, or a duplicate address.
   * @throws {AddressParseError} for a malformed address.
   */
  addAddress(host: string, iface: string, address: string): void {
    const state = this.#interface(host, iface, 'addAddress');
    const where = `host '${host}' interface '${iface}'`;
    const canonical = this.#assignable(address, where);
    this.#topology.claimAddress(
      state.segment,
      canonical,
      { kind: 'interface', iface: state },
      where,
    );
    state.addresses.push(canonical);
    this.#topology.changed();
    this.#addressChanged(state, [canonical], []);
  }

  /**
   * Moves an interface to another segment with new addresses — what a provider does when it
   * re-cables a server behind a NAT. Sessions over the old addresses break as after any
   * renumbering; listeners bound to the old addresses stay bound and receive nothing. Emits
   * `net.address.changed` with the new segment.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock({ epoch: fromIso('2026-01-01T00:00:00Z') });
   * const network = new Network({ clock, seed: 1 });
   * network.addSegment('dmz');
   * network.addSegment('lan');
   * network.addHost('APP01', { interfaces: [{ name: 'eth0', segment: 'dmz', addresses: ['203.0.113.20'] }] });
   * network.moveInterface('APP01', 'eth0', 'lan', ['10.0.0.20']);
   * network.addresses('APP01'); // => [{ interface: 'eth0', segment: 'lan', address: '10.0.0.20', family: 'ipv4' }]
   * ```
   * @throws {NetworkConfigError} for an unknown host, interface or segment; {@link AddressParseError}
   * for a malformed address; {@link AddressInUseError} when an address is taken on the new segment.
   */
  moveInterface(host: string, iface: string, segment: string, addresses: readonly string[]): void {
    const state = this.#interface(host, iface, 'moveInterface');
    const where = `host '${host}' interface '${iface}'`;
    const target = this.#topology.segment(segment, where);
    const wanted = [...new Set(addresses.map((address) => this.#assignable(address, where)))];
    const holder: AddressHolder = { kind: 'interface', iface: state };
    const claimed: string[] = [];
    try {
      for (const address of wanted) {
        this.#topology.claimAddress(target, address, holder, where);
        claimed.push(address);
      }
    } catch (error) {
      for (const address of claimed) this.#topology.releaseAddress(target, address);
      throw error;
    }
    const removed = [...state.addresses];
    for (const address of removed) this.#topology.releaseAddress(state.segment, address);
    (state as { segment: typeof target }).segment = target;
    state.addresses.splice(0, state.addresses.length, ...wanted);
    this.#topology.changed();
    this.#addressChanged(state, wanted, removed);
  }

  /**
   * Takes an address away from whichever interface of the host has it (emits
   * `net.address.changed`). Listeners bound to it stay bound — and receive nothing.
   * @throws {NetworkConfigError} when the host does not have the address.
   */
  removeAddress(host: string, address: string): void {
    const state = this.#topology.host(host, 'removeAddress');
    const canonical = parseAddress(address, `removeAddress on host '${host}'`).address;
    const iface = this.#topology.interfaceWith(state, canonical);
    if (iface === undefined) {
      throw new NetworkConfigError(`removeAddress: host '${host}' does not have ${canonical}`, {
        value: address,
        allowed: describeHostAddresses(state),
      });
    }
    iface.addresses.splice(iface.addresses.indexOf(canonical), 1);
    this.#topology.releaseAddress(iface.segment, canonical);
    this.#topology.changed();
    this.#addressChanged(iface, [], [canonical]);
  }

  /**
   * Renumbers an interface: its addresses become exactly `addresses` (one trace event with what
   * was added and removed). Sockets bound to a removed address stay bound to it.
   * @throws {NetworkConfigError} for an unknown host or interface, or a duplicate address
   *   (then nothing changes).
   * @throws {AddressParseError} for a malformed address.
   */
  setAddress(host: string, iface: string, addresses: string | readonly string[]): void {
    const state = this.#interface(host, iface, 'setAddress');
    const where = `host '${host}' interface '${iface}'`;
    const wanted = (typeof addresses === 'string' ? [addresses] : [...addresses]).map((address) =>
      this.#assignable(address, where),
    );
    const removed = state.addresses.filter((address) => !wanted.includes(address));
    const added = [...new Set(wanted)].filter((address) => !state.addresses.includes(address));
    for (const address of removed) this.#topology.releaseAddress(state.segment, address);
    const holder: AddressHolder = { kind: 'interface', iface: state };
    const claimed: string[] = [];
    try {
      for (const address of added) {
        this.#topology.claimAddress(state.segment, address, holder, where);
        claimed.push(address);
      }
    } catch (error) {
      for (const address of claimed) this.#topology.releaseAddress(state.segment, address);
      for (const address of removed) state.segment.holders.set(address, holder);
      throw error;
    }
    state.addresses.splice(0, state.addresses.length, ...new Set(wanted));
    this.#topology.changed();
    if (added.length > 0 || removed.length > 0) this.#addressChanged(state, added, removed);
  }

  /**
   * Every address a host has now, interface by interface — what MSMQ's `GetAddrInfo` at service
   * start would return.
   *
   * @example
   * ```ts
   * const network = new Network({ clock: new VirtualClock({ epoch: fromTicks(0n) }), seed: 1 });
   * network.addSegment('lan');
   * network.addHost('web', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.8', 'FE80::8'] }] });
   * network.addresses('web').map((entry) => entry.address); // => ['10.0.0.8', 'fe80::8']
   * ```
   * @throws {NetworkConfigError} for an unknown host.
   */
  addresses(host: string): HostAddress[] {
    const state = this.#topology.host(host, 'addresses');
    return state.interfaces.flatMap((iface) =>
      iface.addresses.map((address) => ({
        interface: iface.name,
        segment: iface.segment.name,
        address,
        family: familyOf(address),
      })),
    );
  }

  // ---- NAT ----------------------------------------------------------------------------------

  /**
   * Adds a NAT device between an inside and an outside segment. From outside, packets to an
   * external address are forwarded by the static mappings; inside hosts connect out through
   * static or dynamic mappings; an inside host connecting to the NAT's own external address
   * (hairpin) gets through only when `hairpin` is on — otherwise the packets are dropped.
   * @throws {NetworkConfigError} naming the NAT and the bad item: unknown segments, an external
   *   address someone already has, or a mapping to an address no inside host has.
   * @throws {AddressParseError} for a malformed address.
   */
  addNat(options: NatOptions): void {
    if (typeof options !== 'object' || options === null) {
      throw new NetworkConfigError('addNat needs an options object', {
        value: options,
        allowed: '{ name, inside, outside, external, mappings?, dynamic?, hairpin? }',
      });
    }
    const name = options.name;
    const where = `NAT '${name}'`;
    const inside = this.#topology.segment(options.inside, `${where} inside`);
    const outside = this.#topology.segment(options.outside, `${where} outside`);
    if (this.#topology.realmOf(inside).includes(outside)) {
      throw new NetworkConfigError(
        `${where}: inside segment '${inside.name}' and outside segment '${outside.name}' are already routed to each other`,
        { value: options.outside, allowed: 'an outside segment not routed to the inside one' },
      );
    }
    if (!Array.isArray(options.external) || options.external.length === 0) {
      throw new NetworkConfigError(`${where}: a NAT needs at least one external address`, {
        value: options.external,
        allowed: 'an array of addresses on the outside segment',
      });
    }
    const external = options.external.map((address) =>
      this.#assignable(address, `${where} external address`),
    );
    this.#topology.claimName(name, 'NAT');
    const nat: NatState = {
      name,
      inside,
      outside,
      external,
      mappings: [],
      dynamic: options.dynamic ?? true,
      hairpin: options.hairpin ?? false,
      dynamicByInternal: new Map(),
      dynamicByExternal: new Map(),
    };
    const claimed: string[] = [];
    try {
      for (const address of external) {
        if (claimed.includes(address)) {
          throw new NetworkConfigError(`${where}: external address ${address} is listed twice`, {
            value: address,
            allowed: 'each address once',
          });
        }
        this.#topology.claimAddress(outside, address, { kind: 'nat', nat }, where);
        claimed.push(address);
      }
      for (const mapping of options.mappings ?? [])
        nat.mappings.push(toStaticMapping(this.#topology, nat, mapping));
    } catch (error) {
      for (const address of claimed) this.#topology.releaseAddress(outside, address);
      this.#topology.releaseName(name);
      throw error;
    }
    this.#topology.nats.set(name, nat);
    this.#topology.changed();
  }

  /**
   * Adds a static mapping to a NAT.
   * @throws {NetworkConfigError} as for `addNat`'s mappings.
   */
  addNatMapping(nat: string, mapping: NatMapping): void {
    const state = this.#topology.nat(nat, 'addNatMapping');
    state.mappings.push(toStaticMapping(this.#topology, state, mapping));
    this.#topology.changed();
  }

  /**
   * Turns a NAT's hairpinning or dynamic mapping on or off.
   * @throws {NetworkConfigError} for an unknown NAT.
   */
  setNat(nat: string, settings: { readonly hairpin?: boolean; readonly dynamic?: boolean }): void {
    const state = this.#topology.nat(nat, 'setNat');
    if (settings.hairpin !== undefined) state.hairpin = settings.hairpin;
    if (settings.dynamic !== undefined) state.dynamic = settings.dynamic;
    this.#topology.changed();
  }

  /**
   * A NAT's translations: static mappings first, then dynamic ones in the order they were made.
   * @throws {NetworkConfigError} for an unknown NAT.
   */
  natTable(nat: string): NatTableRow[] {
    return natTableRows(this.#topology.nat(nat, 'natTable'));
  }

  // ---- faults -------------------------------------------------------------------------------

  /**
   * Cuts `sideA` off from `sideB` (names of hosts, segments, routers or NATs): a packet whose path
   * touches both sides is dropped until `heal(name)`. To isolate a host, partition it from its
   * segment. Packets already on their way still arrive.
   * @throws {NetworkConfigError} for a used partition name, unknown names or a name on both sides.
   */
  partition(name: string, sideA: readonly string[], sideB: readonly string[]): void {
    const where = `partition '${name}'`;
    if (typeof name !== 'string' || name === '') {
      throw new NetworkConfigError('a partition needs a name', { value: name, allowed: NAME_RULE });
    }
    if (this.#topology.partitions.has(name)) {
      throw new NetworkConfigError(`${where}: a partition of that name is already in place`, {
        value: name,
        allowed: 'a name not in use, or heal it first',
      });
    }
    for (const side of [sideA, sideB]) {
      if (!Array.isArray(side) || side.length === 0) {
        throw new NetworkConfigError(`${where}: each side needs at least one name`, {
          value: side,
          allowed: 'an array of host, segment, router or NAT names',
        });
      }
      for (const member of side) {
        if (!this.#topology.hasName(member)) {
          throw new NetworkConfigError(
            `${where}: there is no host, segment, router or NAT '${member}'`,
            {
              value: member,
              allowed: 'names of hosts, segments, routers or NATs',
            },
          );
        }
        if (side === sideA && sideB.includes(member)) {
          throw new NetworkConfigError(`${where}: '${member}' is on both sides`, {
            value: member,
            allowed: 'each name on one side only',
          });
        }
      }
    }
    this.#topology.partitions.set(name, {
      name,
      sideA: new Set(sideA),
      sideB: new Set(sideB),
    });
    this.#topology.changed();
    this.#emitNetwork('net.partitioned', { name, sideA: [...sideA], sideB: [...sideB] });
  }

  /**
   * Ends a partition, or every partition when no name is given.
   * @throws {NetworkConfigError} for an unknown partition name.
   */
  heal(name?: string): void {
    if (name !== undefined && !this.#topology.partitions.has(name)) {
      throw new NetworkConfigError(`heal: there is no partition '${name}'`, {
        value: name,
        allowed: [...this.#topology.partitions.keys()].join(', ') || 'no partition is in place',
      });
    }
    const names = name === undefined ? [...this.#topology.partitions.keys()] : [name];
    for (const healed of names) {
      this.#topology.partitions.delete(healed);
      this.#emitNetwork('net.healed', { name: healed });
    }
    this.#topology.changed();
  }

  /**
   * Changes how a segment — or, given two host names, the whole path between those hosts —
   * treats packets. Settings not given keep their current values. A host pair's settings replace
   * those of the segments on its path.
   * @throws {NetworkConfigError} for an unknown segment or host, or a setting out of range.
   */
  setLink(target: string | readonly [string, string], settings: LinkSettings): void {
    if (typeof target === 'string') {
      const segment = this.#topology.segments.get(target);
      if (segment === undefined) {
        const isHost = this.#topology.hosts.has(target);
        throw new NetworkConfigError(
          `setLink: there is no segment '${target}'${isHost ? ` ('${target}' is a host; give a pair of host names for a host-to-host path)` : ''}`,
          {
            value: target,
            allowed: `a segment name (${[...this.#topology.segments.keys()].join(', ')}) or a pair of host names`,
          },
        );
      }
      segment.link.update(
        resolveLinkSettings(segment.link.settings, settings, `segment '${target}'`),
      );
    } else {
      if (!Array.isArray(target) || target.length !== 2 || target[0] === target[1]) {
        throw new NetworkConfigError('setLink: a host pair is two different host names', {
          value: target,
          allowed: "a segment name, or ['hostA', 'hostB']",
        });
      }
      const [left, right] = target.map((host) => this.#topology.host(host, 'setLink').name) as [
        string,
        string,
      ];
      const key = pairKey(left, right);
      const existing = this.#pairs.get(key);
      const where = `link between '${left}' and '${right}'`;
      if (existing === undefined) {
        const resolved = resolveLinkSettings(this.#defaultLink, settings, where);
        this.#pairs.set(key, new LinkState(this.#seed, `pair:${key}`, resolved));
      } else {
        existing.update(resolveLinkSettings(existing.settings, settings, where));
      }
    }
    this.#topology.changed();
  }

  // ---- firewalls ----------------------------------------------------------------------------

  /**
   * Gives a host a firewall, as Windows Firewall with Advanced Security filters it, or replaces
   * its settings (emits `net.firewall.changed`). Rules judge new connections only: a SYN a rule
   * blocks is dropped silently — no RST, so the connecting side retransmits it and times out —
   * and a block rule beats any allow rule, then the profile default decides. Packets of a
   * connection the firewall let through pass both ways until it ends, also after a rule change;
   * with `idleTimeoutSeconds`, one silent that long is forgotten and its later packets dropped.
   * Settings not given take their defaults (on, inbound `block`, outbound `allow`, no rules).
   *
   * @example
   * ```ts
   * const network = new Network({ clock: new VirtualClock({ epoch: fromTicks(0n) }), seed: 1 });
   * network.addSegment('lan');
   * network.addHost('qm', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }] });
   * network.setFirewall('qm', { rules: [{ direction: 'inbound', action: 'allow', port: 1801, remote: '10.0.0.5/24' }] });
   * network.firewall('qm').rules; // => [{ direction: 'inbound', action: 'allow', protocol: 'any', port: 1801, remote: '10.0.0.0/24' }]
   * network.setFirewall('qm', { rules: [{ direction: 'inbound', action: 'block', port: 70_000 }] }); // throws NetworkConfigError
   * ```
   * @throws {NetworkConfigError} for an unknown host or a bad setting, naming it and its value
   *   (an unknown key, a direction or action not listed, a port outside 1–65535, a remote that is
   *   not an address or prefix, an idle time-out that is not a positive number of seconds).
   */
  setFirewall(host: string, settings: FirewallSettings): void {
    const state = this.#topology.host(host, 'setFirewall');
    const resolved = resolveFirewallSettings(settings, `setFirewall on host '${host}'`);
    const established = this.#stack
      .sessionsOf(state)
      .map((session) => `${session.local}>${session.remote}`);
    this.#firewalls.set(state, resolved, established, this.clock.ticks());
    if (this.#trace === undefined) return;
    this.#trace.emit({
      t: this.clock.ticks(),
      host,
      source: 'transport',
      type: 'net.firewall.changed',
      enabled: resolved.enabled,
      defaultInbound: resolved.defaultInbound,
      defaultOutbound: resolved.defaultOutbound,
      rules: resolved.rules.map(describeFirewallRule),
      ...(resolved.idleTimeoutSeconds === undefined
        ? {}
        : { idleTimeoutSeconds: resolved.idleTimeoutSeconds }),
    } satisfies TransportTraceEventOf<'net.firewall.changed'>);
  }

  /**
   * A host's firewall settings as plain data, every default filled in; a host never given one
   * has it off (`enabled: false`, Windows' profile defaults, no rules).
   *
   * @example
   * ```ts
   * const network = new Network({ clock: new VirtualClock({ epoch: fromTicks(0n) }), seed: 1 });
   * network.addSegment('lan');
   * network.addHost('qm', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }] });
   * network.firewall('qm'); // => { enabled: false, defaultInbound: 'block', defaultOutbound: 'allow', rules: [] }
   * network.setFirewall('qm', { defaultInbound: 'allow', idleTimeoutSeconds: 3600 });
   * network.firewall('qm'); // => { enabled: true, defaultInbound: 'allow', defaultOutbound: 'allow', rules: [], idleTimeoutSeconds: 3600 }
   * ```
   * @throws {NetworkConfigError} for an unknown host.
   */
  firewall(host: string): ResolvedFirewallSettings {
    const settings = this.#firewalls.settingsOf(this.#topology.host(host, 'firewall'));
    return {
      ...settings,
      rules: settings.rules.map((rule) => ({ ...rule })),
    };
  }

  // ---- TCP ----------------------------------------------------------------------------------

  /**
   * Listens on a port, on one address or on all (`'any'`). A listener bound to one address keeps
   * it after the host loses that address and then receives nothing — MSMQ's binding at service
   * start. Accepted sessions get `handlers`.
   * @throws {AddressNotAvailableError} when the host does not have the address.
   * @throws {AddressInUseError} when another listener holds it.
   * @throws {NetworkConfigError} for an unknown host or a bad port.
   */
  listen<Frame = unknown>(
    host: string,
    options: ListenOptions,
    handlers: ListenHandlers<Frame> = {},
  ): Listener {
    const state = this.#topology.host(host, 'listen');
    const port = checkPort(options?.port, `listen on host '${host}'`);
    const address =
      options.address === 'any'
        ? 'any'
        : parseAddress(options.address, `listen on host '${host}'`).address;
    return this.#stack.listen(
      state,
      address,
      port,
      options.process ?? 'System',
      handlers as ListenHandlers<unknown>,
    );
  }

  /**
   * Opens a TCP connection from `host` to `target`. Returns the session at once (`SYN_SENT`);
   * exactly one of `onConnect`, `onRefused` or `onTimeout` follows.
   * @throws {AddressParseError} for a malformed address.
   * @throws {AddressNotAvailableError} when `localAddress` is not the host's.
   * @throws {NetworkConfigError} for an unknown host, a bad port or time-out.
   */
  connect<Frame = unknown>(
    host: string,
    target: ConnectTarget,
    options: ConnectOptions = {},
    handlers: ConnectHandlers<Frame> = {},
  ): Session<Frame> {
    const state = this.#topology.host(host, 'connect');
    const where = `connect from host '${host}'`;
    const port = checkPort(target?.port, where);
    const address = parseAddress(target.address, where).address;
    if (isUnspecifiedAddress(address)) {
      throw new NetworkConfigError(
        `${where}: cannot connect to the unspecified address ${address}`,
        {
          value: target.address,
          allowed: 'a host address',
        },
      );
    }
    const { synRetransmitTimeout, maxSynRetransmissions } = this.#tcp;
    const timeout =
      options.timeout ?? synRetransmitTimeout * (2 ** (maxSynRetransmissions + 1) - 1);
    if (!(Number.isSafeInteger(timeout) && timeout > 0)) {
      throw new NetworkConfigError(
        `${where}: timeout ${String(timeout)} is not a positive whole number of ticks`,
        {
          value: timeout,
          allowed: 'a whole number of 100-ns ticks > 0',
        },
      );
    }
    const localAddress =
      options.localAddress === undefined
        ? undefined
        : parseAddress(options.localAddress, where).address;
    return this.#stack.connect(
      {
        host: state,
        address,
        port,
        process: options.process ?? 'System',
        timeout,
        localAddress,
      },
      handlers as ConnectHandlers<unknown>,
    ) as Session<Frame>;
  }

  // ---- observation --------------------------------------------------------------------------

  /**
   * The host's sockets as `netstat -anb` lists them (format with `formatNetstat`).
   *
   * @example
   * ```ts
   * const network = new Network({ clock: new VirtualClock({ epoch: fromTicks(0n) }), seed: 1 });
   * network.addSegment('lan');
   * network.addHost('qm', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }] });
   * network.listen('qm', { address: '10.0.0.20', port: 1801, process: 'mqsvc.exe' });
   * network.netstat('qm'); // => [{ proto: 'TCP', local: '10.0.0.20:1801', foreign: '0.0.0.0:0', state: 'LISTENING', process: 'mqsvc.exe' }]
   * ```
   * @throws {NetworkConfigError} for an unknown host.
   */
  netstat(host: string): NetstatRow[] {
    return this.#stack.netstat(this.#topology.host(host, 'netstat'));
  }

  /**
   * The host's sessions that are not closed yet, oldest first.
   * @throws {NetworkConfigError} for an unknown host.
   */
  sessions(host: string): Session[] {
    return this.#stack.sessionsOf(this.#topology.host(host, 'sessions'));
  }

  /**
   * Where a connection from `host` to `address:port` would go now — segments, NAT translations,
   * the host it reaches or why it is dropped — without sending anything.
   *
   * @example
   * ```ts
   * const network = new Network({ clock: new VirtualClock({ epoch: fromTicks(0n) }), seed: 1 });
   * network.addSegment('lan');
   * network.addSegment('internet');
   * network.addHost('a', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5'] }] });
   * network.addHost('b', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }] });
   * network.addNat({ name: 'edge', inside: 'lan', outside: 'internet', external: ['203.0.113.10'], mappings: [{ external: '203.0.113.10', internal: '10.0.0.20' }] });
   * network.route('a', '203.0.113.10', 1801); // => { outcome: 'dropped', reason: 'hairpin-disabled', dropAt: 'edge', hops: [{ segment: 'lan', src: '10.0.0.5:*', dst: '203.0.113.10:1801' }], nats: [] }
   * ```
   * @throws {NetworkConfigError} for an unknown host or a bad port.
   * @throws {AddressParseError} for a malformed address.
   */
  route(host: string, address: string, port = 1801): RouteDescription {
    const state = this.#topology.host(host, 'route');
    const where = `route from host '${host}'`;
    const destination = parseAddress(address, where).address;
    checkPort(port, where);
    const family = familyOf(destination);
    const local = isLoopbackAddress(destination)
      ? destination
      : state.interfaces
          .flatMap((iface) => iface.addresses)
          .filter((candidate) => familyOf(candidate) === family);
    const candidates = typeof local === 'string' ? [local] : local;
    const mode = { syn: true, create: false, preview: true };
    const routes = candidates.map((source) =>
      resolveRoute(this.#routes, state, source, -1, destination, port, mode),
    );
    const route = routes.find((candidate) => candidate.drop === undefined) ?? routes[0];
    if (route === undefined) return { outcome: 'dropped', reason: 'no-route', hops: [], nats: [] };
    // A firewall drop ends the route at the host that drops it: the sender's first segment, or
    // the receiver.
    const blockedAt = this.#firewallBlocking(state, route, destination, port);
    const atSender = blockedAt === state;
    const drop = blockedAt === undefined ? route.drop : 'firewall';
    const dropAt = blockedAt === undefined ? route.dropAt : blockedAt.name;
    const reached = blockedAt === undefined ? route.host : undefined;
    return {
      outcome: drop === undefined ? 'delivered' : 'dropped',
      ...(drop === undefined ? {} : { reason: drop }),
      ...(dropAt === undefined ? {} : { dropAt }),
      ...(reached === undefined ? {} : { host: reached.name }),
      hops: (atSender ? route.hops.slice(0, 1) : route.hops).map((hop) => ({
        segment: hop.segment,
        src: hop.src,
        dst: hop.dst,
      })),
      nats: atSender ? [] : [...route.nats],
    };
  }

  /**
   * Starts a packet capture of every segment, or of the named ones (`'loopback'` for
   * connections a host makes to itself).
   *
   * @example
   * ```ts
   * const clock = new VirtualClock({ epoch: fromTicks(0n) });
   * const network = new Network({ clock, seed: 1 });
   * network.addSegment('lan');
   * network.addHost('a', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.5'] }] });
   * network.addHost('b', { interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20'] }] });
   * const capture = network.startCapture();
   * network.connect('a', { address: '10.0.0.20', port: 1801 });
   * clock.run();
   * capture.packets.map((packet) => packet.flags); // => ['SYN', 'RST,ACK']
   * ```
   * @throws {NetworkConfigError} for an unknown segment.
   */
  startCapture(options: { readonly segments?: readonly string[] } = {}): PacketCapture {
    const segments =
      options.segments === undefined
        ? undefined
        : new Set(
            options.segments.map((name) =>
              name === 'loopback' ? name : this.#topology.segment(name, 'startCapture').name,
            ),
          );
    return this.#transmitter.startCapture(segments);
  }

  // ---- helpers ------------------------------------------------------------------------------

  #interface(host: string, iface: string, where: string): InterfaceState {
    const state = this.#topology.host(host, where);
    const found = state.interfaces.find((candidate) => candidate.name === iface);
    if (found === undefined) {
      throw new NetworkConfigError(`${where}: host '${host}' has no interface '${iface}'`, {
        value: iface,
        allowed:
          state.interfaces.map((candidate) => candidate.name).join(', ') ||
          'the host has no interfaces',
      });
    }
    return found;
  }

  // A canonical address an interface or NAT may hold: not unspecified, not loopback.
  #assignable(address: string, where: string): string {
    const canonical = parseAddress(address, where).address;
    if (isUnspecifiedAddress(canonical) || isLoopbackAddress(canonical)) {
      throw new NetworkConfigError(`${where}: ${canonical} cannot be assigned to an interface`, {
        value: address,
        allowed: 'a unicast address (not 0.0.0.0, ::, 127.x.x.x or ::1; loopback is implicit)',
      });
    }
    return canonical;
  }

  // The host whose firewall would drop a new connection on `route` (the sender's outbound rules
  // first, then the receiver's inbound ones), or `undefined`. Loopback is not filtered.
  #firewallBlocking(
    from: HostState,
    route: Route,
    destination: string,
    port: number,
  ): HostState | undefined {
    if (route.hops[0]?.segment === 'loopback') return undefined;
    if (this.#firewalls.guarding(from)?.allows(false, destination, port) === false) return from;
    const to = route.host;
    if (route.drop !== undefined || to === undefined) return undefined;
    const receiver = this.#firewalls.guarding(to);
    return receiver?.allows(true, route.srcAddress, route.dstPort) === false ? to : undefined;
  }

  #checkRealmsDisjoint(segments: readonly SegmentState[], where: string): void {
    const seen = new Map<string, { segment: SegmentState; realm: number }>();
    const realms: (readonly SegmentState[])[] = [];
    for (const segment of segments) {
      if (realms.some((realm) => realm.includes(segment))) continue;
      const realm = this.#topology.realmOf(segment);
      realms.push(realm);
      for (const member of realm) {
        for (const address of member.holders.keys()) {
          const other = seen.get(address);
          if (other !== undefined && other.realm !== realms.length - 1) {
            throw new NetworkConfigError(
              `${where}: duplicate address ${address} — it is on segment '${other.segment.name}' and on segment '${member.name}', which the router would join`,
              { value: address, allowed: 'segments whose addresses do not overlap' },
            );
          }
          seen.set(address, { segment: member, realm: realms.length - 1 });
        }
      }
    }
  }

  #addressChanged(iface: InterfaceState, added: readonly string[], removed: readonly string[]) {
    if (this.#trace === undefined) return;
    this.#trace.emit({
      t: this.clock.ticks(),
      host: iface.host.name,
      source: 'transport',
      type: 'net.address.changed',
      interface: iface.name,
      segment: iface.segment.name,
      added: [...added],
      removed: [...removed],
    } satisfies TransportTraceEventOf<'net.address.changed'>);
  }

  #emitNetwork<Type extends 'net.partitioned' | 'net.healed'>(
    type: Type,
    fields: TransportTraceFields<Type>,
  ): void {
    this.#trace?.emit({
      t: this.clock.ticks(),
      source: 'transport',
      type,
      ...fields,
    } as TransportTraceEvent);
  }
}

function pairKey(left: string, right: string): string {
  return left < right ? `${left}|${right}` : `${right}|${left}`;
}

function describeHostAddresses(host: HostState): string {
  const addresses = host.interfaces.flatMap((iface) => iface.addresses);
  return addresses.length === 0 ? 'the host has no addresses' : addresses.join(', ');
}
