import type { TextReading } from '@mqsim/filetime';
import {
  indentation,
  isBlank,
  type LeaderLine,
  outputLines,
  ProblemList,
  splitLeader,
  splitZone,
} from './internal/output-text.js';

/** What `ipconfig` or `ipconfig /all` shows of one machine. */
export interface IpconfigReport {
  /** `Host Name` (`/all` only; `undefined` when not shown). */
  readonly hostName: string | undefined;
  /** `Primary Dns Suffix` (`/all` only); `''` when shown empty. */
  readonly primaryDnsSuffix: string | undefined;
  /** `DNS Suffix Search List`, in order (`/all` only). */
  readonly dnsSuffixSearchList: readonly string[];
  /** The adapters, in the order printed. */
  readonly adapters: readonly IpconfigAdapter[];
  /** The other machine-wide lines (`Node Type`, `IP Routing Enabled`, …), as printed. */
  readonly fields: readonly IpconfigField[];
}

/** One adapter's block: its header (`Ethernet adapter Ethernet0:`) and its lines. */
export interface IpconfigAdapter {
  /** The header's words before "adapter", in English: `Ethernet`, `Wireless LAN`, `Tunnel`, `Unknown`, `PPP`. */
  readonly kind: string;
  /** The connection name (`Ethernet0`, `Local Area Connection* 9`, `isatap.{…}`). */
  readonly name: string;
  /** `Media State . . . : Media disconnected`: the adapter has no link and holds no address. */
  readonly mediaDisconnected: boolean;
  /** `Connection-specific DNS Suffix`; `''` when shown empty, `undefined` when not shown. */
  readonly connectionSuffix: string | undefined;
  /** `Description` (`/all`): the driver's name for the card. */
  readonly description: string | undefined;
  /** `Physical Address` (`/all`), as printed (`00-0C-29-D6-12-2E`). */
  readonly physicalAddress: string | undefined;
  /** `DHCP Enabled` (`/all`). */
  readonly dhcpEnabled: boolean | undefined;
  /** The IPv6 and IPv4 addresses, in the order printed. */
  readonly addresses: readonly IpconfigAddress[];
  /** `Lease Obtained` (`/all`), as printed: local time in the machine's own date format. */
  readonly leaseObtained: string | undefined;
  /** `Lease Expires` (`/all`), as printed. */
  readonly leaseExpires: string | undefined;
  /** `Default Gateway`, canonical, IPv6 ones with their `%zone`; empty when none is shown. */
  readonly defaultGateways: readonly string[];
  /** `DHCP Server` (`/all`), canonical. */
  readonly dhcpServer: string | undefined;
  /** `DNS Servers` (`/all`), canonical, in the order the DNS Client asks them. */
  readonly dnsServers: readonly string[];
  /** The other lines of the adapter (`Autoconfiguration Enabled`, `NetBIOS over Tcpip`, …). */
  readonly fields: readonly IpconfigField[];
}

/** Which ipconfig line an address was on. */
export type IpconfigAddressKind =
  | 'ipv4'
  | 'autoconfiguration-ipv4'
  | 'ipv6'
  | 'temporary-ipv6'
  | 'link-local-ipv6';

/** An address's state, as `/all` shows it after the address (`(Preferred)`). */
export type IpconfigAddressState = 'preferred' | 'deprecated' | 'tentative' | 'duplicate';

/** One address of an adapter. */
export interface IpconfigAddress {
  readonly kind: IpconfigAddressKind;
  /** Canonical, without its zone. */
  readonly address: string;
  /** The zone after `%` (`fe80::…%12`), or `undefined`. */
  readonly zone: string | undefined;
  /** The state `/all` shows; `undefined` in plain `ipconfig`. */
  readonly state: IpconfigAddressState | undefined;
  /** The `Subnet Mask` printed under an IPv4 address. */
  readonly subnetMask: string | undefined;
}

/** A line the reader keeps as printed: its label (without the dot leader) and its values. */
export interface IpconfigField {
  readonly label: string;
  /** The value on the label's line, then one per continuation line; empty for an empty value. */
  readonly values: readonly string[];
}

/** Options of {@link formatIpconfig}. */
export interface FormatIpconfigOptions {
  /** `ipconfig /all` (default `false`: plain `ipconfig`). */
  readonly all?: boolean;
}

// The labels as English Windows prints them, dot leaders and all (ipconfig /all on Windows 10 and
// Server 2016, published in kellyjonbrazil/jc's tests/fixtures/windows; see __fixtures__/PROVENANCE.md).
// The value starts in column 40; continuation values are indented by 39 spaces.
const LABELS = {
  hostName: 'Host Name . . . . . . . . . . . . : ',
  primarySuffix: 'Primary Dns Suffix  . . . . . . . : ',
  searchList: 'DNS Suffix Search List. . . . . . : ',
  media: 'Media State . . . . . . . . . . . : ',
  suffix: 'Connection-specific DNS Suffix  . : ',
  description: 'Description . . . . . . . . . . . : ',
  physical: 'Physical Address. . . . . . . . . : ',
  dhcp: 'DHCP Enabled. . . . . . . . . . . : ',
  ipv6: 'IPv6 Address. . . . . . . . . . . : ',
  'temporary-ipv6': 'Temporary IPv6 Address. . . . . . : ',
  'link-local-ipv6': 'Link-local IPv6 Address . . . . . : ',
  ipv4: 'IPv4 Address. . . . . . . . . . . : ',
  'autoconfiguration-ipv4': 'Autoconfiguration IPv4 Address. . : ',
  mask: 'Subnet Mask . . . . . . . . . . . : ',
  leaseObtained: 'Lease Obtained. . . . . . . . . . : ',
  leaseExpires: 'Lease Expires . . . . . . . . . . : ',
  gateway: 'Default Gateway . . . . . . . . . : ',
  dhcpServer: 'DHCP Server . . . . . . . . . . . : ',
  dnsServers: 'DNS Servers . . . . . . . . . . . : ',
} as const;

const INDENT = '   ';
const CONTINUATION = ' '.repeat(39);
const STATE_WORDS: Readonly<Record<IpconfigAddressState, string>> = {
  preferred: 'Preferred',
  deprecated: 'Deprecated',
  tentative: 'Tentative',
  duplicate: 'Duplicate',
};

/**
 * The text `ipconfig` (or `ipconfig /all` with `{ all: true }`) prints for a machine: the
 * `Windows IP Configuration` banner, the machine-wide lines of `/all`, then each adapter's block,
 * with CRLF line ends. Plain `ipconfig` shows only the suffix, the addresses with their masks and
 * the gateways; `/all` adds the rest, and each address's state.
 *
 * @example
 * ```ts
 * const text = formatIpconfig({
 *   hostName: 'APP02', primaryDnsSuffix: 'corp.example', dnsSuffixSearchList: [], fields: [],
 *   adapters: [{
 *     kind: 'Ethernet', name: 'eth0', mediaDisconnected: false, connectionSuffix: 'corp.example',
 *     description: undefined, physicalAddress: undefined, dhcpEnabled: undefined,
 *     addresses: [{ kind: 'ipv4', address: '10.0.0.21', zone: undefined, state: 'preferred', subnetMask: undefined }],
 *     leaseObtained: undefined, leaseExpires: undefined, defaultGateways: [], dhcpServer: undefined,
 *     dnsServers: ['10.0.0.2'], fields: [],
 *   }],
 * }, { all: true });
 * text.split('\r\n')[9]; // => '   IPv4 Address. . . . . . . . . . . : 10.0.0.21(Preferred) '
 * ```
 */
export function formatIpconfig(
  report: IpconfigReport,
  options: FormatIpconfigOptions = {},
): string {
  const all = options.all === true;
  const lines = ['', 'Windows IP Configuration', ''];
  if (all) {
    if (report.hostName !== undefined) lines.push(`${INDENT}${LABELS.hostName}${report.hostName}`);
    if (report.primaryDnsSuffix !== undefined) {
      lines.push(`${INDENT}${LABELS.primarySuffix}${report.primaryDnsSuffix}`);
    }
    // Node Type, IP Routing Enabled, WINS Proxy Enabled come before the search list, and one
    // blank line (the adapter's own) separates the block from the first adapter.
    for (const field of report.fields)
      pushValues(lines, leaderFor(field.label), field.values, true);
    pushValues(lines, LABELS.searchList, report.dnsSuffixSearchList);
  }
  for (const adapter of report.adapters) {
    lines.push('', `${adapter.kind} adapter ${adapter.name}:`, '');
    if (adapter.mediaDisconnected) lines.push(`${INDENT}${LABELS.media}Media disconnected`);
    if (adapter.connectionSuffix !== undefined) {
      lines.push(`${INDENT}${LABELS.suffix}${adapter.connectionSuffix}`);
    }
    if (all) {
      pushOne(lines, LABELS.description, adapter.description);
      pushOne(lines, LABELS.physical, adapter.physicalAddress);
      if (adapter.dhcpEnabled !== undefined) {
        lines.push(`${INDENT}${LABELS.dhcp}${adapter.dhcpEnabled ? 'Yes' : 'No'}`);
      }
      pushFields(lines, adapter.fields, 'early');
    }
    for (const address of adapter.addresses) {
      const zone = address.zone === undefined ? '' : `%${address.zone}`;
      // `/all` prints a space after the state: `10.0.0.21(Preferred) `.
      const state = all && address.state !== undefined ? `(${STATE_WORDS[address.state]}) ` : '';
      lines.push(`${INDENT}${LABELS[address.kind]}${address.address}${zone}${state}`);
      pushOne(lines, LABELS.mask, address.subnetMask);
    }
    if (all) {
      pushOne(lines, LABELS.leaseObtained, adapter.leaseObtained);
      pushOne(lines, LABELS.leaseExpires, adapter.leaseExpires);
    }
    // A connected adapter shows its Default Gateway line even when it has none.
    pushValues(lines, LABELS.gateway, adapter.defaultGateways, !adapter.mediaDisconnected);
    if (all) {
      pushOne(lines, LABELS.dhcpServer, adapter.dhcpServer);
      pushFields(lines, adapter.fields, 'before-dns');
      pushValues(lines, LABELS.dnsServers, adapter.dnsServers);
      pushFields(lines, adapter.fields, 'late');
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

function pushOne(lines: string[], label: string, value: string | undefined): void {
  if (value !== undefined) lines.push(`${INDENT}${label}${value}`);
}

function pushValues(
  lines: string[],
  label: string,
  values: readonly string[],
  empty = false,
): void {
  const [first, ...rest] = values;
  // A label too long for the leader (`Connection-specific DNS Suffix Search List :`) ends its
  // line at the colon and puts every value on a continuation line.
  if (!label.endsWith(': ')) {
    if (first === undefined && !empty) return;
    lines.push(`${INDENT}${label}`.trimEnd());
    for (const value of values) lines.push(`${CONTINUATION}${value}`);
    return;
  }
  if (first === undefined) {
    // An empty value keeps the space after the colon: `Default Gateway . . . : `.
    if (empty) lines.push(`${INDENT}${label}`);
    return;
  }
  lines.push(`${INDENT}${label}${first}`);
  for (const value of rest) lines.push(`${CONTINUATION}${value}`);
}

// Where `/all` prints an adapter's other lines (Windows 10, Server 2016): `Autoconfiguration
// Enabled` after `DHCP Enabled`, the DHCPv6 lines between `DHCP Server` and `DNS Servers`, the
// rest (`Primary WINS Server`, `NetBIOS over Tcpip`, the suffix search list) after the DNS servers.
const EARLY_FIELDS = new Set(['autoconfiguration enabled']);
const BEFORE_DNS_FIELDS = new Set(['dhcpv6 iaid', 'dhcpv6 client duid']);

function pushFields(
  lines: string[],
  fields: readonly IpconfigField[],
  place: 'early' | 'before-dns' | 'late',
): void {
  for (const field of fields) {
    const key = field.label.toLowerCase();
    const at = EARLY_FIELDS.has(key) ? 'early' : BEFORE_DNS_FIELDS.has(key) ? 'before-dns' : 'late';
    if (at === place) pushValues(lines, leaderFor(field.label), field.values, true);
  }
}

// A leader for a label we have no real spelling of (one of 32 characters or more ends at its
// colon, as above). Windows puts the leader's dots in the same
// columns on every line (every other column, the last one just before ` : `), so a label of even
// length is followed by a dot at once and one of odd length by a space first:
// `IP Routing Enabled. . . . . . . . : `, `Node Type . . . . . . . . . . . . : `.
function leaderFor(label: string): string {
  if (label.length >= 32) return `${label} :`;
  let leader = label.length % 2 === 0 ? label : `${label} `;
  while (leader.length < 33) leader += '. ';
  return `${leader.slice(0, 33)} : `;
}

// What the reader knows, by lower-case label: English (every Windows since XP) and German. Any
// other label is kept as an `IpconfigField`, so a localized or newer line is never lost and never
// a problem; what it means is left to the caller.
type HostKey = 'hostName' | 'primarySuffix' | 'searchList';
type AdapterKey =
  | 'media'
  | 'suffix'
  | 'description'
  | 'physical'
  | 'dhcp'
  | IpconfigAddressKind
  | 'mask'
  | 'leaseObtained'
  | 'leaseExpires'
  | 'gateway'
  | 'dhcpServer'
  | 'dnsServers';

const HOST_KEYS: ReadonlyMap<string, HostKey> = new Map([
  ['host name', 'hostName'],
  ['hostname', 'hostName'],
  ['primary dns suffix', 'primarySuffix'],
  ['primäres dns-suffix', 'primarySuffix'],
  // cmd.exe's `>` writes the OEM code page (850 on German Windows); its ä (0x84) reads as „ in
  // Windows-1252, the fallback of toCommandOutputText.
  ['prim„res dns-suffix', 'primarySuffix'],
  ['dns suffix search list', 'searchList'],
  ['dns-suffixsuchliste', 'searchList'],
]);

const ADAPTER_KEYS: ReadonlyMap<string, AdapterKey> = new Map([
  ['media state', 'media'],
  ['medienstatus', 'media'],
  ['connection-specific dns suffix', 'suffix'],
  ['verbindungsspezifisches dns-suffix', 'suffix'],
  ['description', 'description'],
  ['beschreibung', 'description'],
  ['physical address', 'physical'],
  ['physische adresse', 'physical'],
  ['dhcp enabled', 'dhcp'],
  ['dhcp aktiviert', 'dhcp'],
  // Windows XP and 2003 print "IP Address" for IPv4.
  ['ip address', 'ipv4'],
  ['ipv4 address', 'ipv4'],
  ['ip-adresse', 'ipv4'],
  ['ipv4-adresse', 'ipv4'],
  ['autoconfiguration ip address', 'autoconfiguration-ipv4'],
  ['autoconfiguration ipv4 address', 'autoconfiguration-ipv4'],
  ['autokonfiguration ipv4-adresse', 'autoconfiguration-ipv4'],
  ['ipv6 address', 'ipv6'],
  ['ipv6-adresse', 'ipv6'],
  ['temporary ipv6 address', 'temporary-ipv6'],
  ['temporäre ipv6-adresse', 'temporary-ipv6'],
  ['tempor„re ipv6-adresse', 'temporary-ipv6'],
  ['link-local ipv6 address', 'link-local-ipv6'],
  ['verbindungslokale ipv6-adresse', 'link-local-ipv6'],
  ['subnet mask', 'mask'],
  ['subnetzmaske', 'mask'],
  ['lease obtained', 'leaseObtained'],
  ['lease erhalten', 'leaseObtained'],
  ['lease expires', 'leaseExpires'],
  ['lease läuft ab', 'leaseExpires'],
  ['lease l„uft ab', 'leaseExpires'],
  ['default gateway', 'gateway'],
  ['standardgateway', 'gateway'],
  ['dhcp server', 'dhcpServer'],
  ['dhcp-server', 'dhcpServer'],
  ['dns servers', 'dnsServers'],
  ['dns-server', 'dnsServers'],
]);

const BANNERS = new Set(['windows ip configuration', 'windows-ip-konfiguration']);
const DISCONNECTED = new Set(['media disconnected', 'medium getrennt']);
const YES = new Set(['yes', 'ja']);
const NO = new Set(['no', 'nein']);
// German Windows prints "(Bevorzugt)"; the other German state words are UNCERTAIN, so only the
// English ones and Bevorzugt are known. Microsoft Learn's troubleshooting pages show `<Preferred>`.
const STATES: ReadonlyMap<string, IpconfigAddressState> = new Map([
  ['preferred', 'preferred'],
  ['bevorzugt', 'preferred'],
  ['deprecated', 'deprecated'],
  ['tentative', 'tentative'],
  ['duplicate', 'duplicate'],
]);
const GERMAN_KINDS: ReadonlyMap<string, string> = new Map([
  ['Ethernet', 'Ethernet'],
  ['Drahtlos-LAN', 'Wireless LAN'],
  ['Tunnel', 'Tunnel'],
  ['PPP', 'PPP'],
]);

// A continuation line holds only a value, indented to the value column (39) or by tabs; label
// lines are indented by 3 (8 on Windows 2000).
const CONTINUATION_INDENT = 12;

interface AdapterDraft {
  kind: string;
  name: string;
  mediaDisconnected: boolean;
  connectionSuffix: string | undefined;
  description: string | undefined;
  physicalAddress: string | undefined;
  dhcpEnabled: boolean | undefined;
  addresses: IpconfigAddress[];
  leaseObtained: string | undefined;
  leaseExpires: string | undefined;
  defaultGateways: string[];
  dhcpServer: string | undefined;
  dnsServers: string[];
  fields: { label: string; values: string[] }[];
}

/** Receives a continuation value of the field above it. */
type Continue = (value: string, index: number, offset: number, line: string) => void;

/**
 * Reads saved `ipconfig` or `ipconfig /all` output back into an {@link IpconfigReport}: adapters
 * of every kind (`Ethernet adapter X:`, `Wireless LAN adapter`, `Tunnel adapter`, `Unknown
 * adapter`), `Media disconnected`, values continued on the next lines (DNS servers, gateways,
 * the suffix search list), address states with `%zone`s, lease times, in English or German. A
 * label it does not know is kept in `fields` (the label is everything before the dot leader's
 * colon), not reported; a line that is no `Label . . . : value`, no continuation, no adapter
 * header and no banner is reported with its line and column, as is a value that should be an
 * address and is not.
 *
 * @example
 * ```ts
 * const { value, problems } = readIpconfig([
 *   '', 'Windows IP Configuration', '', '', 'Ethernet adapter Ethernet0:', '',
 *   '   Connection-specific DNS Suffix  . : corp.example',
 *   '   Link-local IPv6 Address . . . . . : fe80::40c:2f5f:6658:9ec3%2',
 *   '   IPv4 Address. . . . . . . . . . . : 10.0.0.21',
 *   '   Subnet Mask . . . . . . . . . . . : 255.255.255.0',
 *   '   Default Gateway . . . . . . . . . : 10.0.0.1',
 * ].join('\r\n'));
 * value.adapters[0]?.addresses.map((entry) => entry.address); // => ['fe80::40c:2f5f:6658:9ec3', '10.0.0.21']
 * value.adapters[0]?.defaultGateways; // => ['10.0.0.1']
 * problems; // => []
 * ```
 */
export function readIpconfig(input: string | Uint8Array): TextReading<IpconfigReport> {
  const lines = outputLines(input);
  const problems = new ProblemList();
  let hostName: string | undefined;
  let primaryDnsSuffix: string | undefined;
  const searchList: string[] = [];
  const hostFields: { label: string; values: string[] }[] = [];
  const adapters: AdapterDraft[] = [];
  let adapter: AdapterDraft | undefined;
  let continuation: Continue | undefined;

  const address = (text: string, index: number, offset: number, what: string) => {
    const zoned = splitZone(text);
    if (zoned === undefined) {
      problems.add(
        index,
        lines[index] ?? '',
        offset,
        `expected ${what}, found ${JSON.stringify(text)}`,
      );
      return undefined;
    }
    return zoned.zone === undefined ? zoned.address : `${zoned.address}%${zoned.zone}`;
  };
  const addTo = (list: string[], what: string): Continue => {
    return (text, index, offset) => {
      const value = address(text, index, offset, what);
      if (value !== undefined) list.push(value);
    };
  };
  const rawField = (scope: { label: string; values: string[] }[], leader: LeaderLine) => {
    const field = { label: leader.label, values: leader.value === '' ? [] : [leader.value] };
    scope.push(field);
    return (text: string) => {
      field.values.push(text);
    };
  };

  lines.forEach((line, index) => {
    if (isBlank(line)) {
      continuation = undefined;
      return;
    }
    const indent = indentation(line);
    const start = line.length - line.trimStart().length;
    if (indent === 0) {
      continuation = undefined;
      const text = line.trimEnd();
      if (BANNERS.has(text.toLowerCase())) return;
      const header = adapterHeader(text);
      if (header === undefined) {
        problems.add(
          index,
          line,
          0,
          'expected "Windows IP Configuration" or an adapter header such as "Ethernet adapter Ethernet0:"',
        );
        return;
      }
      adapter = newAdapter(header.kind, header.name);
      adapters.push(adapter);
      return;
    }
    if (indent >= CONTINUATION_INDENT) {
      if (continuation === undefined) {
        problems.add(
          index,
          line,
          start,
          'expected a "Label . . . : value" line before this continued value',
        );
      } else continuation(line.trim(), index, start, line);
      return;
    }
    const leader = splitLeader(line);
    if (leader === undefined) {
      continuation = undefined;
      problems.add(index, line, start, 'expected a "Label . . . . : value" line');
      return;
    }
    continuation = undefined;
    if (adapter === undefined) {
      const key = HOST_KEYS.get(leader.key);
      if (key === 'hostName') hostName = leader.value;
      else if (key === 'primarySuffix') primaryDnsSuffix = leader.value;
      else if (key === 'searchList') {
        const add = (text: string) => {
          searchList.push(text);
        };
        if (leader.value !== '') add(leader.value);
        continuation = add;
      } else continuation = rawField(hostFields, leader);
      return;
    }
    continuation = readAdapterLine(
      adapter,
      leader,
      index,
      line,
      problems,
      address,
      addTo,
      rawField,
    );
  });

  const value: IpconfigReport = {
    hostName,
    primaryDnsSuffix,
    dnsSuffixSearchList: searchList,
    adapters,
    fields: hostFields,
  };
  return problems.reading(value);
}

function readAdapterLine(
  adapter: AdapterDraft,
  leader: LeaderLine,
  index: number,
  line: string,
  problems: ProblemList,
  address: (text: string, index: number, offset: number, what: string) => string | undefined,
  addTo: (list: string[], what: string) => Continue,
  rawField: (
    scope: { label: string; values: string[] }[],
    leader: LeaderLine,
  ) => (text: string) => void,
): Continue | undefined {
  const key = ADAPTER_KEYS.get(leader.key);
  const { value, valueOffset } = leader;
  switch (key) {
    case undefined:
      return rawField(adapter.fields, leader);
    case 'media':
      if (DISCONNECTED.has(value.toLowerCase())) adapter.mediaDisconnected = true;
      else problems.add(index, line, valueOffset, 'expected "Media disconnected"');
      return undefined;
    case 'suffix':
      adapter.connectionSuffix = value;
      return undefined;
    case 'description':
      adapter.description = value;
      return undefined;
    case 'physical':
      adapter.physicalAddress = value;
      return undefined;
    case 'dhcp': {
      const word = value.toLowerCase();
      if (YES.has(word)) adapter.dhcpEnabled = true;
      else if (NO.has(word)) adapter.dhcpEnabled = false;
      else problems.add(index, line, valueOffset, 'expected "Yes" or "No"');
      return undefined;
    }
    case 'mask': {
      const last = adapter.addresses.at(-1);
      const mask = address(value, index, valueOffset, 'a subnet mask such as 255.255.255.0');
      if (mask === undefined) return undefined;
      if (last === undefined || last.subnetMask !== undefined || last.address.includes(':')) {
        problems.add(index, line, 0, 'expected a subnet mask right after an IPv4 address');
      } else adapter.addresses[adapter.addresses.length - 1] = { ...last, subnetMask: mask };
      return undefined;
    }
    case 'leaseObtained':
      adapter.leaseObtained = value;
      return undefined;
    case 'leaseExpires':
      adapter.leaseExpires = value;
      return undefined;
    case 'gateway':
    case 'dnsServers': {
      const list = key === 'gateway' ? adapter.defaultGateways : adapter.dnsServers;
      const what = key === 'gateway' ? 'a gateway address' : 'a DNS server address';
      const add = addTo(list, what);
      if (value !== '') add(value, index, valueOffset, line);
      return add;
    }
    case 'dhcpServer':
      if (value !== '') {
        adapter.dhcpServer = address(value, index, valueOffset, 'the DHCP server address');
      }
      return undefined;
    default: {
      const kind = key;
      const add: Continue = (text, at, offset, source) => {
        const entry = readAddress(kind, text, at, source, offset, problems);
        if (entry !== undefined) adapter.addresses.push(entry);
      };
      add(value, index, valueOffset, line);
      return add;
    }
  }
}

function readAddress(
  kind: IpconfigAddressKind,
  text: string,
  index: number,
  line: string,
  offset: number,
  problems: ProblemList,
): IpconfigAddress | undefined {
  let bare = text;
  let state: IpconfigAddressState | undefined;
  const close = bare.at(-1);
  if (close === ')' || close === '>') {
    const open = bare.lastIndexOf(close === ')' ? '(' : '<');
    if (open > 0) {
      const word = bare
        .slice(open + 1, -1)
        .trim()
        .toLowerCase();
      state = STATES.get(word);
      if (state === undefined) {
        problems.add(
          index,
          line,
          offset + open,
          `expected (Preferred), (Deprecated), (Tentative) or (Duplicate) after the address`,
        );
      }
      bare = bare.slice(0, open).trimEnd();
    }
  }
  const zoned = splitZone(bare);
  const family = kind === 'ipv4' || kind === 'autoconfiguration-ipv4' ? 'IPv4' : 'IPv6';
  if (zoned === undefined || zoned.address.includes(':') !== (family === 'IPv6')) {
    problems.add(
      index,
      line,
      offset,
      `expected an ${family} address, found ${JSON.stringify(bare)}`,
    );
    return undefined;
  }
  return { kind, address: zoned.address, zone: zoned.zone, state, subnetMask: undefined };
}

function adapterHeader(text: string): { kind: string; name: string } | undefined {
  const body = text.endsWith(':') ? text.slice(0, -1) : text;
  const english = body.indexOf(' adapter ');
  if (english > 0) return { kind: body.slice(0, english), name: body.slice(english + 9) };
  // German: "Ethernet-Adapter Ethernet:", "Drahtlos-LAN-Adapter WLAN:", "Tunneladapter isatap.{…}:".
  const german = body.indexOf('-Adapter ');
  if (german > 0) {
    const kind = body.slice(0, german);
    return { kind: GERMAN_KINDS.get(kind) ?? kind, name: body.slice(german + 9) };
  }
  if (body.startsWith('Tunneladapter ')) return { kind: 'Tunnel', name: body.slice(14) };
  if (body.startsWith('Unbekannter Adapter ')) return { kind: 'Unknown', name: body.slice(20) };
  return undefined;
}

function newAdapter(kind: string, name: string): AdapterDraft {
  return {
    kind,
    name,
    mediaDisconnected: false,
    connectionSuffix: undefined,
    description: undefined,
    physicalAddress: undefined,
    dhcpEnabled: undefined,
    addresses: [],
    leaseObtained: undefined,
    leaseExpires: undefined,
    defaultGateways: [],
    dhcpServer: undefined,
    dnsServers: [],
    fields: [],
  };
}
