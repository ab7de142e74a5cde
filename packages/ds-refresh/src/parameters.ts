import type { FileTime } from '@mqsim/filetime';

/** The registry key that holds MSMQ's directory-service refresh values. */
export const MSMQ_PARAMETERS_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';

/** The registry value names the refresh schedule reads and writes. */
export const DS_REFRESH_VALUE_NAMES = {
  siteListRefresh: 'DSSiteListRefresh',
  enterpriseListRefresh: 'DSEnterpriseListRefresh',
  errorRetryInterval: 'DSListRefreshErrorRetryInterval',
  nextSiteListRefreshTime: 'DSNextSiteListRefreshTime',
  nextEnterpriseListRefreshTime: 'DSNextEnterpriseListRefreshTime',
  legacyListRefresh: 'DSListRefresh',
} as const;

/**
 * MSMQ's defaults: the site list every 168 h (7 days), the enterprise list every 672 h
 * (28 days), a failed query retried after 60 minutes. Source: Breakwell, "How often does MSMQ
 * crawl your forest?" (2009), matching the defaults in MSMQ's own registry-name header.
 */
export const DS_REFRESH_DEFAULTS: RefreshSettings = Object.freeze({
  siteListRefreshHours: 168,
  enterpriseListRefreshHours: 672,
  errorRetryMinutes: 60,
});

/**
 * The ranges mqsim accepts. MSMQ documents none; values outside them (0, or a DWORD like
 * 0xFFFFFFFF that was meant as −1) are reported and replaced by the default — a modelling
 * decision, see the README.
 */
export const DS_REFRESH_LIMITS = Object.freeze({
  /** 10 years. */
  maxIntervalHours: 87_600,
  /** 1 week. */
  maxRetryMinutes: 10_080,
});

/** The two lists MSMQ refreshes from the directory service. */
export type DirectoryList = 'site' | 'enterprise';

/** What kind of MSMQ installation a machine is; routing servers keep no enterprise next time. */
export type MsmqRole = 'client' | 'server' | 'routing-server';

/**
 * Every {@link MsmqRole}.
 *
 * @example
 * ```ts
 * MSMQ_ROLES; // => ['client', 'server', 'routing-server']
 * ```
 */
export const MSMQ_ROLES: readonly MsmqRole[] = Object.freeze([
  'client',
  'server',
  'routing-server',
]);

/**
 * A registry value as the refresh schedule sees it: its type name (`REG_DWORD`, `REG_QWORD`, …)
 * and data. `@mqsim/registry` values fit this shape.
 */
export interface StoredValue {
  readonly type: string;
  readonly data: unknown;
}

/** Where the refresh values live: usually the `MSMQ\Parameters` key of a registry. */
export interface ParameterStore {
  /** The value named `name`, or `undefined` when it does not exist. */
  get(name: string): StoredValue | undefined;
  /** Creates or replaces the value named `name`; the scheduler writes only REG_QWORD FILETIMEs. */
  set(name: string, value: { readonly type: 'REG_QWORD'; readonly data: bigint }): void;
}

/** The refresh intervals in force, after defaults and validation. */
export interface RefreshSettings {
  /** `DSSiteListRefresh`, hours. */
  readonly siteListRefreshHours: number;
  /** `DSEnterpriseListRefresh`, hours. */
  readonly enterpriseListRefreshHours: number;
  /** `DSListRefreshErrorRetryInterval`, minutes. */
  readonly errorRetryMinutes: number;
}

/** Something about the values an administrator should hear, with what the service does instead. */
export interface RefreshFinding {
  /** The registry value it is about. */
  readonly value: string;
  readonly severity: 'info' | 'warning';
  readonly message: string;
}

/** Everything the service reads at start: intervals, persisted next times, and findings. */
export interface RefreshConfiguration {
  readonly settings: RefreshSettings;
  /** Persisted next due times; `undefined` when missing, unreadable or not used by this role. */
  readonly nextTimes: {
    readonly site: FileTime | undefined;
    readonly enterprise: FileTime | undefined;
  };
  readonly findings: readonly RefreshFinding[];
}

/** The registry value holding a list's next due time. */
export function nextTimeValueName(list: DirectoryList): string {
  return list === 'site'
    ? DS_REFRESH_VALUE_NAMES.nextSiteListRefreshTime
    : DS_REFRESH_VALUE_NAMES.nextEnterpriseListRefreshTime;
}

/** The registry value holding a list's interval in hours. */
export function intervalValueName(list: DirectoryList): string {
  return list === 'site'
    ? DS_REFRESH_VALUE_NAMES.siteListRefresh
    : DS_REFRESH_VALUE_NAMES.enterpriseListRefresh;
}

/** A list's interval in hours from the settings. */
export function intervalHours(settings: RefreshSettings, list: DirectoryList): number {
  return list === 'site' ? settings.siteListRefreshHours : settings.enterpriseListRefreshHours;
}

/** Whether a machine of `role` keeps a schedule for `list` (routing servers keep none for the enterprise list). */
export function usesList(role: MsmqRole, list: DirectoryList): boolean {
  return !(role === 'routing-server' && list === 'enterprise');
}
