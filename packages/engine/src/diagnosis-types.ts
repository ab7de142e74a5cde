/**
 * The layer that holds the wrong value or blocks, as a stable identifier (a public contract of
 * `mqsim run --json`: identifiers are added, never renamed).
 */
export type CauseLayer =
  | 'dns-zone'
  | 'dns-client-cache'
  | 'dns-negative-cache'
  | 'hosts-file'
  | 'msmq-name-cache'
  | 'msmq-listener-binding'
  | 'qmid'
  | 'identity-check'
  | 'network'
  | 'firewall'
  | 'service-stopped'
  | 'quota'
  | 'ttrq'
  | 'directory';

/** Every {@link CauseLayer}. */
export const CAUSE_LAYERS: readonly CauseLayer[] = Object.freeze([
  'dns-zone',
  'dns-client-cache',
  'dns-negative-cache',
  'hosts-file',
  'msmq-name-cache',
  'msmq-listener-binding',
  'qmid',
  'identity-check',
  'network',
  'firewall',
  'service-stopped',
  'quota',
  'ttrq',
  'directory',
]);

/** What an admin does about a cause, on a host. */
export type FixAction =
  | 'restart-msmq'
  | 'flushdns'
  | 'fix-dns'
  | 'edit-hosts'
  | 'reset-qmid'
  | 'open-firewall'
  | 'heal-network'
  | 'start-msmq'
  | 'purge-queue'
  | 'set-registry';

/** A fix, as an admin's action and as the scenario timeline actions that carry it out. */
export interface Fix {
  readonly action: FixAction;
  /** The host it is done on (`''` for the network or DNS as a whole). */
  readonly host: string;
  /** One line for the admin: `net stop msmq && net start msmq on APP01`. */
  readonly text: string;
  /**
   * The timeline actions that carry it out, as a scenario file writes them without `at`
   * (`{ do: 'restart-msmq', host: 'APP01' }`): `mqsim fixes` replays them.
   */
  readonly timeline: readonly Readonly<Record<string, unknown>>[];
}

/** An action that would not help, and why. */
export interface NotFix {
  readonly action: FixAction;
  readonly host: string;
  readonly why: string;
}

/** What a finding is about. */
export interface FindingSubject {
  readonly kind: 'outgoing-queue' | 'messages' | 'send' | 'ds-refresh' | 'host';
  /** The outgoing queue's format name, the queue, the DS list, or the host. */
  readonly name: string;
}

/** Why a symptom happens: the layer that holds the wrong value or blocks. */
export interface Cause {
  readonly layer: CauseLayer;
  /** The host whose layer it is (`''` for the DNS zone or the network as a whole). */
  readonly host: string;
  /** Ticks from the start since when it holds (when known), and the same as an ISO date-time. */
  readonly since: number | null;
  readonly sinceTime: string | null;
  /** The cause in plain words. */
  readonly detail: string;
  /** What shows it: the cached value against the truth, the rule, the count. */
  readonly evidence: readonly string[];
}

/** One symptom, its cause, and what would and would not fix it. */
export interface Finding {
  /** Ticks from the start: when the symptom was first seen, and the same as an ISO date-time. */
  readonly at: number;
  readonly atTime: string;
  /** When it was last seen (the run looks at every sample and before every timeline action). */
  readonly lastSeen: number;
  readonly lastSeenTime: string;
  /** Whether it is still there at the end of the run (or where the run stands now). */
  readonly ongoing: boolean;
  /** The host that shows the symptom. */
  readonly host: string;
  readonly subject: FindingSubject;
  /** The symptom in plain words. */
  readonly symptom: string;
  readonly cause: Cause;
  readonly fixes: readonly Fix[];
  readonly notFixes: readonly NotFix[];
}
