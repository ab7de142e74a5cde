// The value forms of the scenario format: each pattern is used by the JSON Schema and has a
// sentence in PATTERN_FORMS, the "allowed" of its errors. Plain data, no schema library: the
// loader reads these at run time.

export const DURATION_PATTERN =
  '^(?:0|(?=\\d)(?:\\d+w)?(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?(?:\\d+ms)?(?:\\d+(?:us|µs))?(?:\\d+ns)?)$';
export const SIZE_PATTERN = '^\\d+(?:B|KB|MB|GB|TB)$';
export const BANDWIDTH_PATTERN = '^\\d+(?:bps|kbps|Mbps|Gbps)$';
export const DATE_TIME_PATTERN =
  '^\\d{4,5}-\\d{2}-\\d{2}(?:[Tt ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:[Zz]|[+-]\\d{2}:?\\d{2}))?$';
export const COMPUTER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9-]{0,14}$';
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const QUEUE_NAME_PATTERN =
  '^(?:[Pp][Rr][Ii][Vv][Aa][Tt][Ee]\\$\\\\)?[^\\\\\\s][^\\\\]{0,123}$';
export const REGISTRY_VALUE_NAME_PATTERN = '^[^\\\\]{1,255}$';
// Dotted segments; a segment may be kebab-case (`qm.service.start-failed`, `qm.session.ack-timeout`).
export const TRACE_TYPE_PATTERN =
  '^[a-z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*(?:\\.[a-z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*)+$';
export const GUID_PATTERN =
  '^\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}?$';

/** What each pattern accepts: a noun for the message and a sentence for "allowed". */
export const PATTERN_FORMS: Readonly<
  Record<string, { readonly noun: string; readonly form: string }>
> = Object.freeze({
  [DURATION_PATTERN]: {
    noun: 'a duration',
    form: 'a duration such as 10m, 1h30m, 500ms or 0s: whole numbers, units w d h m s ms us ns, largest first',
  },
  [SIZE_PATTERN]: {
    noun: 'a size',
    form: 'a size such as 512B, 1KB, 100MB or 1GB (KB = 1024 bytes, as MSMQ counts)',
  },
  [BANDWIDTH_PATTERN]: {
    noun: 'a bit rate',
    form: 'a bit rate such as 64kbps, 100Mbps or 1Gbps (k = 1000)',
  },
  [DATE_TIME_PATTERN]: {
    noun: 'an ISO-8601 date-time',
    form: 'an ISO-8601 date-time with a zone, such as 2026-11-23T08:00:00Z, or a date such as 2026-11-23',
  },
  [COMPUTER_NAME_PATTERN]: {
    noun: 'a computer name',
    form: 'a computer (NetBIOS) name: 1-15 letters, digits or hyphens, not starting with a hyphen',
  },
  [NAME_PATTERN]: {
    noun: 'a name',
    form: 'a name of 1-64 letters, digits, dots, hyphens or underscores',
  },
  [QUEUE_NAME_PATTERN]: {
    noun: 'a queue path',
    form: String.raw`a queue path such as private$\orders (private) or orders (public), at most 124 characters`,
  },
  [REGISTRY_VALUE_NAME_PATTERN]: {
    noun: 'a registry value name',
    form: 'a registry value name of 1-255 characters without a backslash',
  },
  [TRACE_TYPE_PATTERN]: {
    noun: 'a trace event type',
    form: 'a dotted trace event type such as ds.refresh.succeeded or tcp.refused',
  },
  [GUID_PATTERN]: { noun: 'a GUID', form: 'a GUID such as 6f1c2a4e-0b5d-4c1e-9a3b-1d2e3f4a5b6c' },
});
