import {
  FileTime,
  formatDuration,
  fromBytes,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
} from '@mqsim/filetime';
import {
  type DirectoryList,
  DS_REFRESH_DEFAULTS,
  DS_REFRESH_LIMITS,
  DS_REFRESH_VALUE_NAMES,
  type MsmqRole,
  nextTimeValueName,
  type ParameterStore,
  type RefreshConfiguration,
  type RefreshFinding,
  usesList,
} from './parameters.js';

/**
 * Reads the refresh values as the MSMQ service does at start: intervals (defaults where a value is
 * missing or unusable), the persisted next due times, and a finding for everything an admin
 * should know — a wrong type, an out-of-range number, the legacy `DSListRefresh`, an enterprise
 * next time on a routing server.
 *
 * @example
 * ```ts
 * const values = new Map([['DSSiteListRefresh', { type: 'REG_DWORD', data: 24 }]]);
 * const config = readRefreshConfiguration({ get: (name) => values.get(name) }, 'client');
 * config.settings; // => { siteListRefreshHours: 24, enterpriseListRefreshHours: 672, errorRetryMinutes: 60 }
 * ```
 */
export function readRefreshConfiguration(
  store: Pick<ParameterStore, 'get'>,
  role: MsmqRole,
): RefreshConfiguration {
  const findings: RefreshFinding[] = [];
  const hours = (name: string, fallback: number) =>
    readDword(store, name, fallback, DS_REFRESH_LIMITS.maxIntervalHours, 'h', findings);
  const settings = {
    siteListRefreshHours: hours(
      DS_REFRESH_VALUE_NAMES.siteListRefresh,
      DS_REFRESH_DEFAULTS.siteListRefreshHours,
    ),
    enterpriseListRefreshHours: hours(
      DS_REFRESH_VALUE_NAMES.enterpriseListRefresh,
      DS_REFRESH_DEFAULTS.enterpriseListRefreshHours,
    ),
    errorRetryMinutes: readDword(
      store,
      DS_REFRESH_VALUE_NAMES.errorRetryInterval,
      DS_REFRESH_DEFAULTS.errorRetryMinutes,
      DS_REFRESH_LIMITS.maxRetryMinutes,
      'min',
      findings,
    ),
  };
  const legacy = store.get(DS_REFRESH_VALUE_NAMES.legacyListRefresh);
  if (legacy !== undefined) {
    findings.push({
      value: DS_REFRESH_VALUE_NAMES.legacyListRefresh,
      severity: 'info',
      message:
        'DSListRefresh has had no effect since Windows 2000 SP2; the schedule follows ' +
        'DSSiteListRefresh and DSEnterpriseListRefresh.',
    });
  }
  return {
    settings,
    nextTimes: {
      site: readNextTime(store, 'site', role, findings),
      enterprise: readNextTime(store, 'enterprise', role, findings),
    },
    findings,
  };
}

function readDword(
  store: Pick<ParameterStore, 'get'>,
  name: string,
  fallback: number,
  max: number,
  unit: 'h' | 'min',
  findings: RefreshFinding[],
): number {
  const value = store.get(name);
  if (value === undefined) return fallback;
  const unitWord = unit === 'h' ? 'hours' : 'minutes';
  const instead = `the default of ${fallback} ${unit} is used`;
  if (value.type !== 'REG_DWORD' || typeof value.data !== 'number') {
    findings.push({
      value: name,
      severity: 'warning',
      message: `${name} is ${describeType(value)}, but MSMQ reads a REG_DWORD number of ${unitWord}; ${instead}. Re-create it as REG_DWORD.`,
    });
    return fallback;
  }
  const number = value.data;
  if (number === 0) {
    findings.push({
      value: name,
      severity: 'warning',
      message: `${name} is 0 ${unit}, which would mean refreshing without pause; mqsim treats it as unset and ${instead} (MSMQ does not document 0).`,
    });
    return fallback;
  }
  if (number > max) {
    const span = formatDuration(
      BigInt(number) * (unit === 'h' ? TICKS_PER_HOUR : TICKS_PER_MINUTE),
    );
    const minusOne = number === 0xffff_ffff ? ' (0xFFFFFFFF: probably −1 written as a DWORD)' : '';
    findings.push({
      value: name,
      severity: 'warning',
      message: `${name} is ${number} ${unit} (${span})${minusOne}, beyond mqsim's limit of ${max} ${unit}; ${instead}.`,
    });
    return fallback;
  }
  if (unit === 'h' && number < 24) {
    findings.push({
      value: name,
      severity: 'info',
      message: `${name} is ${number} h: every machine with this setting queries the domain controllers at least daily; in a large enterprise, check the load with \`mqsim ds-refresh plan\`.`,
    });
  }
  return number;
}

function readNextTime(
  store: Pick<ParameterStore, 'get'>,
  list: DirectoryList,
  role: MsmqRole,
  findings: RefreshFinding[],
): FileTime | undefined {
  const name = nextTimeValueName(list);
  const value = store.get(name);
  if (value === undefined) return undefined;
  if (!usesList(role, list)) {
    findings.push({
      value: name,
      severity: 'info',
      message: `${name} is present, but routing servers do not keep or use it; it is ignored.`,
    });
    return undefined;
  }
  if (value.type === 'REG_QWORD' && typeof value.data === 'bigint') {
    return new FileTime(value.data);
  }
  if (value.type === 'REG_BINARY' && value.data instanceof Uint8Array && value.data.length === 8) {
    findings.push({
      value: name,
      severity: 'info',
      message: `${name} is an 8-byte REG_BINARY; it is read as a FILETIME, and MSMQ rewrites it as REG_QWORD after the next refresh.`,
    });
    return fromBytes(value.data);
  }
  findings.push({
    value: name,
    severity: 'warning',
    message: `${name} is ${describeType(value)}, not a REG_QWORD FILETIME; it counts as missing, so the ${list} list refreshes at the next service start and the value is rewritten.`,
  });
  return undefined;
}

// Windows' names of the registry types a raw value (`hex(N):` in a .reg file) can have (winnt.h).
const RAW_TYPE_NAMES = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
];

/**
 * A value's type as an admin knows it: a raw value by its Windows type and `hex(N)` spelling
 * (`a 2-byte REG_DWORD (hex(4); a REG_DWORD has 4 bytes)`), never the reader's `REG_RAW`.
 */
function describeType(value: { type: string; data: unknown; kind?: unknown }): string {
  const size = value.data instanceof Uint8Array ? value.data.length : undefined;
  const sized = (type: string) =>
    size === undefined
      ? type
      : `${size === 8 || size === 11 || size === 18 ? 'an' : 'a'} ${size}-byte ${type}`;
  if (value.type !== 'REG_RAW' || typeof value.kind !== 'number') return sized(value.type);
  const kind = value.kind;
  const type = RAW_TYPE_NAMES[kind] ?? `REG_UNKNOWN(0x${kind.toString(16)})`;
  const spelling = `hex(${kind.toString(16)})`;
  const expected =
    kind === 4 ? '; a REG_DWORD has 4 bytes' : kind === 11 ? '; a REG_QWORD has 8 bytes' : '';
  return `${sized(type)} (${spelling}${expected})`;
}
