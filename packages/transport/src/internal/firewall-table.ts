import { TICKS } from '@mqsim/filetime';
import type { TcpFlags } from '../capture.js';
import { NetworkConfigError } from '../errors.js';
import type * as Firewall from '../firewall.js';
import { familyOf, fromAddressBytes, parseAddress, toAddressBytes } from '../ip-address.js';
import { checkPort } from './checks.js';
import type { HostState } from './topology.js';

/** A host without a firewall of its own: off, with Windows' profile defaults. */
export const NO_FIREWALL: Firewall.ResolvedFirewallSettings = Object.freeze({
  enabled: false,
  defaultInbound: 'block',
  defaultOutbound: 'allow',
  rules: Object.freeze([]),
});

const SETTING_KEYS = [
  'enabled',
  'rules',
  'defaultInbound',
  'defaultOutbound',
  'idleTimeoutSeconds',
];
const RULE_KEYS = ['direction', 'action', 'port', 'remote', 'protocol'];
const ACTIONS: readonly Firewall.FirewallAction[] = ['allow', 'block'];
const DIRECTIONS: readonly Firewall.FirewallDirection[] = ['inbound', 'outbound'];
const PROTOCOLS = ['tcp', 'any'] as const;

/**
 * `settings` checked, with defaults filled in and remote addresses canonical.
 * @throws {NetworkConfigError} naming `where`, the setting and the value.
 */
export function resolveFirewallSettings(
  settings: Firewall.FirewallSettings,
  where: string,
): Firewall.ResolvedFirewallSettings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new NetworkConfigError(`${where}: firewall settings must be an object`, {
      value: settings,
      allowed: `an object with ${SETTING_KEYS.join(', ')}`,
    });
  }
  checkKeys(settings, SETTING_KEYS, where, 'firewall setting');
  const enabled = settings.enabled ?? true;
  if (typeof enabled !== 'boolean') {
    throw new NetworkConfigError(`${where}: enabled=${String(enabled)} is not a boolean`, {
      value: enabled,
      allowed: 'true or false',
    });
  }
  const rules = settings.rules ?? [];
  if (!Array.isArray(rules)) {
    throw new NetworkConfigError(`${where}: rules must be an array`, {
      value: rules,
      allowed: 'an array of { direction, action, port?, remote?, protocol? }',
    });
  }
  const idle = settings.idleTimeoutSeconds;
  if (
    idle !== undefined &&
    !(typeof idle === 'number' && Number.isFinite(idle) && Math.round(idle * TICKS.perSecond) > 0)
  ) {
    throw new NetworkConfigError(
      `${where}: idleTimeoutSeconds=${String(idle)} is not a positive number of seconds`,
      { value: idle, allowed: 'a finite number of seconds > 0 (at least one 100-ns tick)' },
    );
  }
  return {
    enabled,
    defaultInbound: checkChoice(
      settings.defaultInbound ?? 'block',
      ACTIONS,
      'defaultInbound',
      where,
    ),
    defaultOutbound: checkChoice(
      settings.defaultOutbound ?? 'allow',
      ACTIONS,
      'defaultOutbound',
      where,
    ),
    rules: rules.map((rule, index) => resolveRule(rule, `${where} rule ${index + 1}`)),
    ...(idle === undefined ? {} : { idleTimeoutSeconds: idle }),
  };
}

function resolveRule(rule: Firewall.FirewallRule, where: string): Firewall.ResolvedFirewallRule {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new NetworkConfigError(`${where}: a rule must be an object`, {
      value: rule,
      allowed: '{ direction, action, port?, remote?, protocol? }',
    });
  }
  checkKeys(rule, RULE_KEYS, where, 'rule field');
  const port = rule.port ?? 'any';
  return {
    direction: checkChoice(rule.direction, DIRECTIONS, 'direction', where),
    action: checkChoice(rule.action, ACTIONS, 'action', where),
    protocol: checkChoice(rule.protocol ?? 'any', PROTOCOLS, 'protocol', where),
    port: port === 'any' ? 'any' : checkPort(port, where),
    remote: resolveRemote(rule.remote ?? 'any', where),
  };
}

function checkKeys(value: object, known: readonly string[], where: string, what: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new NetworkConfigError(`${where}: unknown ${what} '${key}'`, {
        value: key,
        allowed: known.join(', '),
      });
    }
  }
}

function checkChoice<Choice extends string>(
  value: unknown,
  choices: readonly Choice[],
  name: string,
  where: string,
): Choice {
  if (!choices.includes(value as Choice)) {
    throw new NetworkConfigError(
      `${where}: ${name} ${describe(value)} is not one of ${choices.join(', ')}`,
      {
        value,
        allowed: choices.map((choice) => `'${choice}'`).join(' or '),
      },
    );
  }
  return value as Choice;
}

const REMOTE_RULE =
  "'any', an IPv4 or IPv6 address, or a CIDR prefix such as 10.0.0.0/24 or 2001:db8::/32";

// `'any'`, a canonical address, or a prefix with its host bits cleared (`10.0.0.0/24`).
function resolveRemote(remote: unknown, where: string): string {
  if (remote === 'any') return 'any';
  if (typeof remote !== 'string') {
    throw new NetworkConfigError(`${where}: remote ${describe(remote)} is not an address`, {
      value: remote,
      allowed: REMOTE_RULE,
    });
  }
  const slash = remote.indexOf('/');
  const text = slash < 0 ? remote : remote.slice(0, slash);
  let address: string;
  try {
    address = parseAddress(text).address;
  } catch (error) {
    throw new NetworkConfigError(`${where}: remote '${remote}' is not an address or prefix`, {
      value: remote,
      allowed: REMOTE_RULE,
      cause: error,
    });
  }
  if (slash < 0) return address;
  const bits = familyOf(address) === 'ipv4' ? 32 : 128;
  const lengthText = remote.slice(slash + 1);
  const length = Number(lengthText);
  if (!(/^\d{1,3}$/.test(lengthText) && length <= bits)) {
    throw new NetworkConfigError(
      `${where}: remote '${remote}' has prefix length '${lengthText}', not 0–${bits}`,
      { value: remote, allowed: `a prefix length from 0 to ${bits} after the '/'` },
    );
  }
  return `${fromAddressBytes(maskBytes(toAddressBytes(address), length))}/${length}`;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

// The first `length` bits of `bytes`, the rest zero.
function maskBytes(bytes: Uint8Array, length: number): Uint8Array {
  return bytes.map((byte, index) => {
    const kept = Math.min(8, Math.max(0, length - index * 8));
    return byte & ((0xff << (8 - kept)) & 0xff);
  });
}

/**
 * A rule in `netsh advfirewall firewall` words, for the trace: `dir=in action=block
 * protocol=any localport=1801 remoteip=10.0.0.0/24`.
 */
export function describeFirewallRule(rule: Firewall.ResolvedFirewallRule): string {
  const inbound = rule.direction === 'inbound';
  return [
    `dir=${inbound ? 'in' : 'out'}`,
    `action=${rule.action}`,
    `protocol=${rule.protocol}`,
    `${inbound ? 'localport' : 'remoteport'}=${rule.port}`,
    `remoteip=${rule.remote}`,
  ].join(' ');
}

/** A rule ready to match: its remote as address bytes and a prefix length. */
interface CompiledRule {
  readonly inbound: boolean;
  readonly block: boolean;
  readonly port: number | undefined;
  readonly remote: { readonly bytes: Uint8Array; readonly length: number } | undefined;
}

function compileRule(rule: Firewall.ResolvedFirewallRule): CompiledRule {
  let remote: CompiledRule['remote'];
  if (rule.remote !== 'any') {
    const [address = '', length] = rule.remote.split('/');
    const bytes = toAddressBytes(address);
    remote = { bytes, length: length === undefined ? bytes.length * 8 : Number(length) };
  }
  return {
    inbound: rule.direction === 'inbound',
    block: rule.action === 'block',
    port: rule.port === 'any' ? undefined : rule.port,
    remote,
  };
}

function remoteMatches(rule: CompiledRule, address: Uint8Array): boolean {
  const remote = rule.remote;
  if (remote === undefined) return true;
  if (remote.bytes.length !== address.length) return false;
  const masked = maskBytes(address, remote.length);
  return masked.every((byte, index) => byte === remote.bytes[index]);
}

/** One host's firewall: its settings, compiled rules and the connections it lets through. */
export class HostFirewall {
  readonly settings: Firewall.ResolvedFirewallSettings;
  readonly #rules: readonly CompiledRule[];
  readonly #idle: number;
  /** Connections let through, by `local>remote` as the host sees them: tick of the last packet. */
  readonly flows: Map<string, number>;

  constructor(settings: Firewall.ResolvedFirewallSettings, flows: Map<string, number>) {
    this.settings = settings;
    this.#rules = settings.rules.map(compileRule);
    this.#idle =
      settings.idleTimeoutSeconds === undefined
        ? 0
        : Math.round(settings.idleTimeoutSeconds * TICKS.perSecond);
    this.flows = flows;
  }

  /**
   * Whether a packet of connection `key` passes, and the state it leaves. A tracked connection
   * passes (an RST ends it) unless it was silent for the idle time-out, which forgets it. An
   * untracked one passes only as a SYN the rules allow (`track`: remember it now).
   */
  passes(
    key: string,
    flags: TcpFlags,
    now: number,
    inbound: boolean,
    remote: string,
    port: number,
    track: boolean,
  ): boolean {
    const last = this.flows.get(key);
    if (last !== undefined) {
      if (this.#idle === 0 || now - last < this.#idle) {
        if (flags === 'RST,ACK') this.flows.delete(key);
        else this.flows.set(key, now);
        return true;
      }
      this.flows.delete(key);
    }
    if (flags !== 'SYN' || !this.allows(inbound, remote, port)) return false;
    if (track) this.flows.set(key, now);
    return true;
  }

  /**
   * Whether the rules admit a new connection: a matching block rule wins over any allow rule,
   * and the profile default decides when no rule matches. Windows Firewall with Advanced
   * Security's order: "Allow-bypass rules take precedence over block rules, and block rules take
   * precedence over allow rules" ([MS-FASP] 2.2.34 FW_RULE_ACTION,
   * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-fasp/702e3c23-c9d8-43db-8380-b4c670dd7f7d),
   * then the default rules ("Order of Windows Firewall with Advanced Security Rules Evaluation",
   * https://technet.microsoft.com/en-us/library/cc755191(v=ws.10).aspx). Allow-bypass needs
   * IPsec authentication, which is not modelled.
   */
  allows(inbound: boolean, remote: string, port: number): boolean {
    let allowed: boolean | undefined;
    let bytes: Uint8Array | undefined;
    for (const rule of this.#rules) {
      if (rule.inbound !== inbound || (rule.port !== undefined && rule.port !== port)) continue;
      if (rule.remote !== undefined) {
        bytes ??= toAddressBytes(remote);
        if (!remoteMatches(rule, bytes)) continue;
      }
      if (rule.block) return false;
      allowed = true;
    }
    if (allowed !== undefined) return allowed;
    return (inbound ? this.settings.defaultInbound : this.settings.defaultOutbound) === 'allow';
  }
}

/**
 * Every host's firewall. Rules are judged per new connection (its SYN), as Windows Firewall's
 * stateful filtering does; a connection let through is tracked until it ends, a rule change or
 * an idle time-out.
 */
export class FirewallTable {
  readonly #hosts = new Map<HostState, HostFirewall>();
  #enabled = 0;

  /** Whether any host has its firewall on (the hot path skips every check when not). */
  get active(): boolean {
    return this.#enabled > 0;
  }

  /** Replaces a host's settings; `established` (keys of its open sessions) stay let through. */
  set(
    host: HostState,
    settings: Firewall.ResolvedFirewallSettings,
    established: Iterable<string>,
    now: number,
  ): void {
    const previous = this.#hosts.get(host);
    if (previous?.settings.enabled) this.#enabled--;
    const flows = previous?.flows ?? new Map<string, number>();
    if (settings.enabled && !previous?.settings.enabled) {
      // Nothing was tracked while the firewall was off: what is open now was let through.
      for (const key of established) if (!flows.has(key)) flows.set(key, now);
    }
    if (settings.enabled) this.#enabled++;
    this.#hosts.set(host, new HostFirewall(settings, flows));
  }

  settingsOf(host: HostState): Firewall.ResolvedFirewallSettings {
    return this.#hosts.get(host)?.settings ?? NO_FIREWALL;
  }

  /** The host's firewall when it is on. */
  guarding(host: HostState): HostFirewall | undefined {
    const firewall = this.#hosts.get(host);
    return firewall?.settings.enabled ? firewall : undefined;
  }

  /** A SYN the host's firewall let in has arrived: track its connection from now. */
  admit(host: HostState, key: string, now: number): void {
    this.guarding(host)?.flows.set(key, now);
  }

  /** The host's connection `key` ended: the firewall stops tracking it. */
  forget(host: HostState, key: string): void {
    this.#hosts.get(host)?.flows.delete(key);
  }
}
