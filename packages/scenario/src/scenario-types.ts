import type { MsmqRole } from '@mqsim/ds-refresh';
import type { FileTime } from '@mqsim/filetime';
import type { CachePolicy, DnsClientSettings, DnsRecord, HostsEntry } from '@mqsim/name-cache';
import type { DeliveryKind, OutgoingStateName } from '@mqsim/queue-manager';
import type { RegValue } from '@mqsim/registry';

/**
 * A scenario as the engine gets it: checked, cross-referenced, defaults filled in. All times are
 * `number`s of 100-ns ticks (durations, or offsets from `start`); sizes are bytes; addresses are
 * canonical (RFC 5952); DNS names are lower case. Every item keeps where it was written, so a
 * runtime error can point back at the file.
 */
export interface Scenario {
  /** The file it came from, as the caller named it. */
  readonly file: string;
  readonly name: string;
  /** Empty when the file has none. */
  readonly description: string;
  /** When the run starts; simulation tick 0. */
  readonly start: FileTime;
  /** The seed of the run's random streams (the CLI's `--seed` overrides it). Default 1. */
  readonly seed: number;
  /** Ticks the run lasts. */
  readonly duration: number;
  readonly networks: readonly ScenarioNetwork[];
  readonly routers: readonly ScenarioRouter[];
  readonly nats: readonly ScenarioNat[];
  readonly dns: ScenarioDns;
  readonly directory: ScenarioDirectory;
  readonly hosts: readonly ScenarioHost[];
  readonly workload: readonly ScenarioWorkload[];
  readonly consumers: readonly ScenarioConsumer[];
  /** Sorted by `at`; actions at the same tick keep file order. */
  readonly timeline: readonly ScenarioAction[];
  readonly expectations: readonly ScenarioExpectation[];
  /** What the loader estimated the run to cost. */
  readonly estimate: ScenarioEstimate;
}

/** Where an item was written: 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The loader's estimate of a run's size, checked against `SCENARIO_LIMITS`. */
export interface ScenarioEstimate {
  /** Messages the workload sends in the whole run, at most. */
  readonly messages: number;
}

/**
 * Random extra delay per packet, in ticks; the same shape as `@mqsim/transport`'s `Jitter`.
 */
export type ScenarioJitter =
  | { readonly distribution: 'uniform'; readonly max: number }
  | { readonly distribution: 'normal'; readonly stddev: number }
  | { readonly distribution: 'exponential'; readonly mean: number }
  | { readonly distribution: 'pareto'; readonly scale: number; readonly shape: number };

/**
 * Link settings as written (ticks, probabilities, bits per second); absent ones keep
 * `@mqsim/transport`'s defaults (`LINK_DEFAULTS`). The same shape as its `LinkSettings`.
 */
export interface ScenarioLinkSettings {
  readonly latency?: number;
  readonly jitter?: ScenarioJitter;
  readonly loss?: number;
  readonly duplicate?: number;
  readonly reorder?: number;
  readonly reorderDelay?: number;
  readonly bandwidth?: number;
}

/** A network segment (`networks[]`). */
export interface ScenarioNetwork {
  readonly name: string;
  readonly link: ScenarioLinkSettings;
  readonly location: SourceLocation;
}

/** A router joining networks without translation (`routers[]`). */
export interface ScenarioRouter {
  readonly name: string;
  readonly networks: readonly string[];
  readonly location: SourceLocation;
}

/** A NAT; the same shape as `@mqsim/transport`'s `NatOptions`, defaults filled in. */
export interface ScenarioNat {
  readonly name: string;
  readonly inside: string;
  readonly outside: string;
  readonly external: readonly string[];
  readonly mappings: readonly { readonly external: string; readonly internal: string }[];
  /** Default true. */
  readonly dynamic: boolean;
  /** Default false. */
  readonly hairpin: boolean;
  readonly location: SourceLocation;
}

/** An authoritative DNS zone (`dns.zones[]`). */
export interface ScenarioZone {
  /** Canonical origin, e.g. `corp.example`. */
  readonly name: string;
  /** Seconds; default 3600. */
  readonly defaultTtl: number;
  /** Seconds; default 3600. */
  readonly negativeTtl: number;
  readonly location: SourceLocation;
}

/** Authoritative DNS at the start (`dns`). */
export interface ScenarioDns {
  /** The host serving DNS, or `undefined`: always reachable (until `dns-server-down`). */
  readonly server: string | undefined;
  readonly zones: readonly ScenarioZone[];
  /** Canonical records, TTLs filled in from their zone. */
  readonly records: readonly (DnsRecord & { readonly location: SourceLocation })[];
}

/** The directory service (a domain controller) MSMQ refreshes its lists from. */
export interface ScenarioDirectory {
  /**
   * The host that is the DC, or `undefined`: always reachable (until `dc-down`). With
   * `controllers`, the first of them.
   */
  readonly controller: string | undefined;
  /**
   * Every DC (`controller` alone or `controllers`), in file order; each machine queries the first
   * on one of its networks (its site's), else the first. Absent in a hand-built scenario: then
   * `controller` alone.
   */
  readonly controllers?: readonly string[];
  /** Ticks a site-list query takes. Default 2 s. */
  readonly siteQueryTime: number;
  /** Ticks an enterprise-list query takes. Default 10 s. */
  readonly enterpriseQueryTime: number;
  /** Ticks a query to an unreachable DC takes to fail. Default 10 min. */
  readonly failureTime: number;
  /**
   * True when the scenario has no `directory` section: the machines are a workgroup (MSMQ
   * without Active Directory, as in the seed incident), so none runs a DS list refresh or writes
   * `DSNext…RefreshTime`. The loader always sets it; `undefined` (a hand-built scenario) means
   * false.
   */
  readonly workgroup?: boolean;
}

/** An MSMQ role, or `none` for a machine without MSMQ (a DC, a DNS server). */
export type ScenarioRole = MsmqRole | 'none';

/** A machine (`hosts[]`). */
export interface ScenarioHost {
  /** As written (computer names compare case-insensitively). */
  readonly name: string;
  /** Default `client`. */
  readonly role: ScenarioRole;
  /** Primary DNS suffix, canonical, when given. */
  readonly domain: string | undefined;
  /** `name.domain` in lower case, or `undefined` without a domain. */
  readonly fqdn: string | undefined;
  readonly interfaces: readonly ScenarioInterface[];
  /** Windows DNS Client settings, defaults filled in; the suffix list defaults to the domain. */
  readonly dnsClient: Required<DnsClientSettings>;
  /** The hosts file, when given, with its parsed entries. */
  readonly hostsFile:
    | { readonly text: string; readonly entries: readonly HostsEntry[] }
    | undefined;
  /** `undefined` for role `none`. */
  readonly msmq: ScenarioMsmqSettings | undefined;
  /** Values under `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` at the start. */
  readonly registry: readonly ScenarioRegistryValue[];
  readonly queues: readonly ScenarioQueue[];
  readonly location: SourceLocation;
}

/** A network interface of a host. */
export interface ScenarioInterface {
  readonly name: string;
  readonly network: string;
  /** Canonical addresses. */
  readonly addresses: readonly string[];
  readonly location: SourceLocation;
}

/**
 * A host's MSMQ settings (`hosts[].msmq`) that are the model's own. The block's settings that
 * Windows keeps in the registry (`waitTime`, `ignoreOsNameValidation`, `bindInterfaceIp`,
 * `machineQuota`) are in {@link ScenarioHost.registry} as `MSMQ\Parameters` values instead, so
 * the queue manager reads them at service start exactly as it reads values an admin added.
 */
export interface ScenarioMsmqSettings {
  /** Whether the service runs at the start. Default true. */
  readonly running: boolean;
  /** MSMQ's own name cache; `undefined`: the queue manager's default (`until-restart`). */
  readonly nameCache: CachePolicy | undefined;
  /** Lower-case GUID without braces, when given; hosts sharing one are clones. */
  readonly qmId: string | undefined;
}

/** A value under `HKLM\SOFTWARE\Microsoft\MSMQ\Parameters` at the start. */
export interface ScenarioRegistryValue {
  readonly name: string;
  readonly value: RegValue;
  readonly location: SourceLocation;
}

/** A local queue (`hosts[].queues[]`). */
export interface ScenarioQueue {
  /** The path on its host, with `private$\` in lower case: `private$\orders`, `orders`. */
  readonly name: string;
  readonly private: boolean;
  /** Default false. */
  readonly transactional: boolean;
  /** Bytes, or `undefined` for no quota. */
  readonly quota: number | undefined;
  /** Default false. */
  readonly journal: boolean;
  readonly location: SourceLocation;
}

/** Where messages go: a direct format name. */
export interface ScenarioDestination {
  /** As written. */
  readonly text: string;
  /** `DIRECT=OS:APP01\private$\orders` or `DIRECT=TCP:10.0.0.20\private$\orders`. */
  readonly formatName: string;
  readonly protocol: 'os' | 'tcp';
  /** The computer name (OS) or canonical address (TCP). */
  readonly host: string;
  /** The queue path, as in {@link ScenarioQueue.name}. */
  readonly queue: string;
}

/** How a message is kept on its way: in memory, on disk, or on disk in an exactly-once sequence. */
export type MessageKind = DeliveryKind;

/** A stream of messages one host sends (`workload[]`). */
export interface ScenarioWorkload {
  readonly from: string;
  readonly to: ScenarioDestination;
  readonly kind: MessageKind;
  /** Ticks between sends. */
  readonly every: number;
  /** Stop after this many, or `undefined`: until `stop`. */
  readonly count: number | undefined;
  /** Body bytes. Default 1024. */
  readonly size: number;
  /** Tick of the first send. Default 0. */
  readonly start: number;
  /** Tick from which nothing more is sent. Default: the end of the run. */
  readonly stop: number;
  /** Ticks, or `undefined` for the enterprise default. */
  readonly timeToReachQueue: number | undefined;
  /** Ticks, or `undefined` for no limit. */
  readonly timeToBeReceived: number | undefined;
  /** Default false. */
  readonly deadLetter: boolean;
  /** How many messages it sends at most. */
  readonly messages: number;
  readonly location: SourceLocation;
}

/** A program that receives from a local queue (`consumers[]`). */
export interface ScenarioConsumer {
  readonly host: string;
  readonly queue: string;
  /** At most one message per this many ticks; 0 = as soon as one arrives. */
  readonly every: number;
  readonly start: number;
  readonly stop: number;
  readonly location: SourceLocation;
}

/** What every action has: when (ticks after the start), an optional note, where it was written. */
interface ActionBase {
  readonly at: number;
  readonly note: string | undefined;
  readonly location: SourceLocation;
}

/** One timeline action; `do` tells them apart. */
export type ScenarioAction = ActionBase &
  (
    | {
        readonly do: 'renumber';
        readonly host: string;
        readonly interface: string;
        readonly addresses: readonly string[];
        /** The network the interface moves to, or `undefined`: it stays. */
        readonly network: string | undefined;
      }
    | {
        readonly do: 'add-address';
        readonly host: string;
        readonly interface: string;
        readonly address: string;
      }
    | { readonly do: 'remove-address'; readonly host: string; readonly address: string }
    | { readonly do: 'add-nat'; readonly nat: Omit<ScenarioNat, 'location'> }
    | { readonly do: 'remove-nat'; readonly name: string }
    | {
        readonly do: 'dns-set';
        readonly name: string;
        readonly type: DnsRecord['type'];
        /** Canonical; empty deletes the records. */
        readonly values: readonly string[];
        /** Seconds. */
        readonly ttl: number;
      }
    | {
        readonly do:
          | 'flushdns'
          | 'stop-msmq'
          | 'start-msmq'
          | 'restart-msmq'
          | 'crash-msmq'
          | 'reboot';
        readonly host: string;
      }
    | {
        /**
         * A new network interface on `host` (a VPN that connects, a NIC plugged in): MSMQ, which
         * learned its addresses at start, does not listen on it until it restarts (facts §9).
         */
        readonly do: 'add-interface';
        readonly host: string;
        readonly interface: string;
        readonly network: string;
        /** Canonical. */
        readonly addresses: readonly string[];
      }
    | {
        /** Replaces `host`'s Windows Firewall settings (`@mqsim/transport`'s `setFirewall`). */
        readonly do: 'firewall';
        readonly host: string;
        readonly firewall: ScenarioFirewall;
      }
    | {
        /** Purges a queue (a dead-letter queue, `SYSTEM$;DEADLETTER` / `SYSTEM$;DEADXACT`, included), or its journal. */
        readonly do: 'purge-queue';
        readonly host: string;
        /** As in {@link ScenarioQueue.name}, or a system queue name as written. */
        readonly queue: string;
        readonly journal: boolean;
      }
    | {
        /** Gives the installation a new QMId from the next MSMQ start (Breakwell, "MSMQ prefers to be unique"). */
        readonly do: 'reset-qmid';
        readonly host: string;
      }
    | {
        /** Suspend-MsmqOutgoingQueue / Resume-MsmqOutgoingQueue on `host`'s outgoing queue to `queue`. */
        readonly do: 'pause-outgoing' | 'resume-outgoing';
        readonly host: string;
        readonly queue: ScenarioDestination;
      }
    | {
        readonly do: 'set-registry-value';
        readonly host: string;
        readonly name: string;
        readonly value: RegValue;
      }
    | { readonly do: 'delete-registry-value'; readonly host: string; readonly name: string }
    | {
        readonly do: 'hosts-file';
        readonly host: string;
        readonly text: string;
        readonly entries: readonly HostsEntry[];
      }
    | {
        readonly do: 'partition';
        readonly name: string;
        readonly a: readonly PartitionMember[];
        readonly b: readonly PartitionMember[];
      }
    | { readonly do: 'heal'; readonly name: string | undefined }
    | { readonly do: 'set-link'; readonly network: string; readonly link: ScenarioLinkSettings }
    | { readonly do: 'dns-server-down' | 'dns-server-up' | 'dc-down' | 'dc-up' }
    | { readonly do: 'note'; readonly text: string }
  );

/** A host firewall as a `firewall` action writes it; the same shape as `@mqsim/transport`'s `FirewallSettings`. */
export interface ScenarioFirewall {
  /** Default true. */
  readonly enabled: boolean;
  readonly rules: readonly ScenarioFirewallRule[];
  /** Default `block`, as Windows Firewall's profiles. */
  readonly defaultInbound: 'allow' | 'block';
  /** Default `allow`. */
  readonly defaultOutbound: 'allow' | 'block';
  /** Seconds an idle connection is remembered, or `undefined`: forever. */
  readonly idleTimeoutSeconds: number | undefined;
}

/** One firewall rule. */
export interface ScenarioFirewallRule {
  readonly direction: 'inbound' | 'outbound';
  readonly action: 'allow' | 'block';
  /** A port, or `any`. */
  readonly port: number | 'any';
  /** A canonical address or prefix (`10.0.0.0/24`), or `any`. */
  readonly remote: string;
}

/** A side of a partition: a host or a whole network. */
export interface PartitionMember {
  readonly kind: 'host' | 'network';
  readonly name: string;
}

/** An inclusive range of counts. */
export interface CountRange {
  readonly min: number;
  /** `Infinity` when open. */
  readonly max: number;
}

/** One check at the end of the run; `check` tells them apart. */
export type ScenarioExpectation = { readonly location: SourceLocation } & (
  | { readonly check: 'lost'; readonly count: CountRange }
  /** `all`: every message sent was delivered. */
  | { readonly check: 'delivered'; readonly count: CountRange | 'all' }
  | { readonly check: 'deadLettered'; readonly count: CountRange }
  | {
      readonly check: 'outgoing';
      readonly host: string;
      readonly queue: ScenarioDestination;
      readonly state: OutgoingQueueState | undefined;
      readonly messages: CountRange | undefined;
      /** Sent and not acknowledged (transactional: no order acknowledgement), when checked. */
      readonly unacknowledged?: CountRange | undefined;
      /** Delivered MQMSG_DEADLETTER messages not yet processed at the destination, when checked. */
      readonly unprocessed?: CountRange | undefined;
      /** Ticks after the start to look at the queue, or `undefined`: at the end of the run. */
      readonly at?: number | undefined;
      readonly nextHop: string | undefined;
    }
  | {
      readonly check: 'queue';
      readonly host: string;
      readonly queue: string;
      readonly messages: CountRange;
    }
  | {
      readonly check: 'trace';
      readonly type: string;
      readonly host: string | undefined;
      readonly count: CountRange;
    }
  | {
      readonly check: 'registry';
      readonly host: string;
      readonly name: string;
      readonly exists: boolean;
    }
  | {
      /** No sender holds a message after `by` ticks from the start, to the end of the run. */
      readonly check: 'drained';
      readonly by: number;
    }
  | {
      /** No message took longer than `max` ticks from its send to its destination queue. */
      readonly check: 'maxAge';
      readonly max: number;
    }
);

/** Outgoing queue states as `Get-MsmqOutgoingQueue` names them (MMC "Waiting to connect" = `Waiting`). */
export type OutgoingQueueState = OutgoingStateName;
