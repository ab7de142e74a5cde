import { MSMQ_ROLES } from '@mqsim/ds-refresh';
import { CACHE_POLICY_KINDS, type CachePolicy } from '@mqsim/name-cache';
import { DELIVERY_KINDS, OUTGOING_STATE_NAMES } from '@mqsim/queue-manager';
import {
  type ObjectOptions,
  type SchemaOptions,
  type Static,
  type TLiteral,
  type TObject,
  type TProperties,
  type TSchema,
  type TUnion,
  type TUnsafe,
  Type,
} from '@sinclair/typebox';

import { formatJson } from './format-json.js';
import { SCENARIO_LIMITS } from './scenario-limits.js';
import {
  BANDWIDTH_PATTERN,
  COMPUTER_NAME_PATTERN,
  DATE_TIME_PATTERN,
  DURATION_PATTERN,
  GUID_PATTERN,
  NAME_PATTERN,
  QUEUE_NAME_PATTERN,
  REGISTRY_VALUE_NAME_PATTERN,
  SIZE_PATTERN,
  TRACE_TYPE_PATTERN,
} from './scenario-patterns.js';

/**
 * The JSON Schema of a scenario file, written once here: `scenario.schema.json` is generated
 * from it (a test fails when the published file is stale), Ajv validates files against it, and
 * the `Raw…` types of the validated data come from it through TypeBox, so the three cannot drift.
 *
 * Conventions of the format: camelCase keys; times of the simulation are duration strings
 * (`10m`, `1h30m`, `500ms`); TTL-like values that Windows keeps in the registry or DNS keeps in
 * zones are whole seconds; sizes are `512B`, `1KB`, `100MB`, `1GB` with KB = 1024 bytes, as MSMQ
 * counts its quotas.
 */

const described = (description: string): SchemaOptions => ({ description });

function duration(description: string) {
  return Type.String({ pattern: DURATION_PATTERN, description });
}

function size(description: string) {
  return Type.String({ pattern: SIZE_PATTERN, description });
}

function name(description: string) {
  return Type.String({ pattern: NAME_PATTERN, description });
}

function computerName(description: string) {
  return Type.String({ pattern: COMPUTER_NAME_PATTERN, description });
}

/** An IPv4 or IPv6 address (Ajv checks the formats with `net.isIP`). */
function address() {
  return Type.Union(
    [Type.String({ format: 'ipv4' }), Type.String({ format: 'ipv6' })],
    described('an IPv4 or IPv6 address such as 10.0.0.20 or 2001:db8::20'),
  );
}

function text(description: string, maxLength = 1000) {
  return Type.String({ maxLength, description });
}

function seconds(description: string) {
  return Type.Integer({ minimum: 0, maximum: 2_147_483_647, description });
}

function probability(description: string) {
  return Type.Number({ minimum: 0, maximum: 1, description });
}

function list<T extends TSchema>(item: T, maxItems: number, options: SchemaOptions = {}) {
  return Type.Array(item, { maxItems, ...options });
}

/** An object that accepts only the keys it lists: anything else is an unknown-key error. */
function closed<T extends TProperties>(properties: T, options: ObjectOptions = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/**
 * Objects told apart by a tag property (`do`, `kind`, `distribution`): Ajv checks only the
 * variant the tag names, so errors are about that variant, and an unknown tag is one error.
 */
function tagged<V extends TObject[]>(
  tag: string,
  variants: [...V],
  description: string,
): TUnsafe<Static<TUnion<V>>> {
  return Type.Unsafe<Static<TUnion<V>>>({
    type: 'object',
    description,
    required: [tag],
    properties: { [tag]: { type: 'string' } },
    discriminator: { propertyName: tag },
    oneOf: variants,
  });
}

function literal<T extends string>(value: T, description?: string): TLiteral<T> {
  return Type.Literal(value, description === undefined ? {} : { description });
}

// ---------------------------------------------------------------------------------------------
// Networks, NAT, DNS, directory.

const JitterSchema = Type.Union(
  [
    duration('Up to this much extra delay per packet, uniformly'),
    tagged(
      'distribution',
      [
        closed({ distribution: literal('uniform'), max: duration('The largest extra delay') }),
        closed({ distribution: literal('normal'), stddev: duration('The standard deviation') }),
        closed({ distribution: literal('exponential'), mean: duration('The mean extra delay') }),
        closed({
          distribution: literal('pareto'),
          scale: duration('The scale of the tail'),
          shape: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'The tail shape' }),
        }),
      ],
      'A jitter distribution',
    ),
  ],
  described(
    'a jitter: a duration (extra delay per packet, uniform up to it) or { distribution: uniform|normal|exponential|pareto, … }',
  ),
);

const linkProperties = {
  latency: Type.Optional(duration('Fixed one-way delay per hop. Default 500us (a LAN)')),
  jitter: Type.Optional(JitterSchema),
  loss: Type.Optional(probability('Chance (0 to 1) that a packet is lost')),
  duplicate: Type.Optional(probability('Chance (0 to 1) that a packet arrives twice')),
  reorder: Type.Optional(probability('Chance (0 to 1) that a packet is held back and overtaken')),
  reorderDelay: Type.Optional(duration('How long a reordered packet is held back. Default 1ms')),
  bandwidth: Type.Optional(
    Type.String({
      pattern: BANDWIDTH_PATTERN,
      description: 'Bits per second of the shared medium, e.g. 100Mbps. Default unlimited',
    }),
  ),
};

const NetworkSchema = closed(
  { name: name('The network (segment) name, e.g. lan'), ...linkProperties },
  described('A network segment and how it treats packets'),
);

const RouterSchema = closed(
  {
    name: name('The router name'),
    networks: list(name('A network it joins'), 100, {
      minItems: 2,
      description: 'The networks it routes between',
    }),
  },
  described('A router joining networks (no address translation)'),
);

const NatMappingSchema = closed(
  {
    external: text('An external address, or address:port for a port forward', 100),
    internal: text('The inside address, or address:port when external has a port', 100),
  },
  described('A static NAT mapping: 1:1 (addresses) or a port forward (address:port)'),
);

const natProperties = {
  name: name('The NAT name'),
  inside: name('The network it serves'),
  outside: name('The network its external addresses are on'),
  external: list(address(), 64, {
    minItems: 1,
    description: 'Addresses the NAT answers for on the outside',
  }),
  mappings: Type.Optional(list(NatMappingSchema, 1000, described('Static mappings'))),
  dynamic: Type.Optional(
    Type.Boolean({
      description: 'Whether inside hosts may connect out without a mapping. Default true',
    }),
  ),
  hairpin: Type.Optional(
    Type.Boolean({
      description:
        'Whether inside hosts may reach inside services through an external address. Default false',
    }),
  ),
};

const NatSchema = closed(
  natProperties,
  described('A NAT between an inside and an outside network'),
);

const RECORD_TYPE_VALUES = ['A', 'AAAA', 'CNAME', 'PTR'] as const;
const RecordTypeSchema = Type.Union(
  RECORD_TYPE_VALUES.map((value) => literal(value)),
  described('A DNS record type: A, AAAA, CNAME or PTR'),
);

const ZoneSchema = closed(
  {
    name: text('The zone origin, e.g. corp.example', 253),
    ttl: Type.Optional(seconds('TTL in seconds of records given without one. Default 3600')),
    negativeTtl: Type.Optional(
      seconds('How long in seconds resolvers may cache "no such name" (SOA minimum). Default 3600'),
    ),
  },
  described('An authoritative DNS zone'),
);

const RecordSchema = closed(
  {
    name: text('The owner name, e.g. app01.corp.example', 253),
    type: RecordTypeSchema,
    value: text('The address (A, AAAA) or target name (CNAME, PTR)', 253),
    ttl: Type.Optional(seconds("TTL in seconds. Default the zone's")),
  },
  described('One DNS record; several A records of one name are several entries'),
);

const DnsSchema = closed(
  {
    server: Type.Optional(
      computerName(
        'The host that serves DNS; when given, hosts that cannot reach it get time-outs',
      ),
    ),
    zones: Type.Optional(list(ZoneSchema, SCENARIO_LIMITS.maxZones, described('The zones'))),
    records: Type.Optional(
      list(RecordSchema, SCENARIO_LIMITS.maxRecords, described('The records at the start')),
    ),
  },
  described('Authoritative DNS: zones and records'),
);

const DirectorySchema = closed(
  {
    controller: Type.Optional(
      computerName('The host that is the domain controller; when given, it must be reachable'),
    ),
    controllers: Type.Optional(
      list(computerName('A domain controller'), SCENARIO_LIMITS.maxHosts, {
        minItems: 1,
        description:
          "The domain controllers, one per site: each machine queries the first listed on one of its own networks (its site's DC), else the first. Instead of `controller`",
      }),
    ),
    siteQueryTime: Type.Optional(duration('How long a site-list query takes. Default 2s')),
    enterpriseQueryTime: Type.Optional(
      duration('How long an enterprise-list query takes. Default 10s'),
    ),
    failureTime: Type.Optional(
      duration('How long a query to an unreachable DC takes to fail. Default 10m'),
    ),
  },
  described(
    'The directory service (Active Directory) MSMQ refreshes its site and enterprise lists from. Without this section (give `directory: {}` for a domain whose DC is always reachable) the machines are a workgroup: no DS refresh runs and no DSNext…RefreshTime values are written',
  ),
);

// ---------------------------------------------------------------------------------------------
// Hosts.

const REGISTRY_TYPE_VALUES = [
  'REG_DWORD',
  'REG_QWORD',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_MULTI_SZ',
  'REG_BINARY',
] as const;

const registryValueProperties = {
  type: Type.Union(
    REGISTRY_TYPE_VALUES.map((value) => literal(value)),
    described('The registry value type'),
  ),
  value: Type.Union(
    [
      Type.Integer(),
      Type.String({ maxLength: 10_000 }),
      list(Type.String({ maxLength: 10_000 }), 1000),
    ],
    described(
      'registry data: REG_DWORD a whole number (0x3C works); REG_QWORD a number, "0x…" or an ISO date-time (a FILETIME); REG_SZ / REG_EXPAND_SZ text; REG_MULTI_SZ a list of text; REG_BINARY hex bytes "01 ff 3c"',
    ),
  ),
};

const RegistryValueSchema = closed(registryValueProperties, described('A registry value'));

const CACHE_KIND_DESCRIPTION =
  "a name-cache policy: how MSMQ's own name cache keeps resolved addresses: until-restart (Windows' MSMQ), never-re-resolve (MSMQ before the KB 833512 fix), re-resolve-on-failure (with it: re-resolves at the retry after a failed delivery), respect-ttl, never, or { kind: fixed-ttl, seconds } / { kind: respect-ttl, maxSeconds }. Default until-restart";

const NameCacheSchema = Type.Union(
  [
    // A policy without parameters may be written as its bare kind; fixed-ttl needs its seconds.
    Type.Union(
      CACHE_POLICY_KINDS.filter(
        (kind): kind is Exclude<CachePolicy['kind'], 'fixed-ttl'> => kind !== 'fixed-ttl',
      ).map((kind) => literal(kind)),
    ),
    tagged(
      'kind',
      [
        closed({ kind: literal('until-restart') }),
        closed({
          kind: literal('respect-ttl'),
          maxSeconds: Type.Optional(seconds('Cap on the TTL, in seconds')),
        }),
        closed({
          kind: literal('fixed-ttl'),
          seconds: seconds('How long an answer is kept, in seconds'),
        }),
        closed({ kind: literal('never') }),
        closed({ kind: literal('never-re-resolve') }),
        closed({ kind: literal('re-resolve-on-failure') }),
      ],
      'A name-cache policy',
    ),
  ],
  described(CACHE_KIND_DESCRIPTION),
);

const MsmqSchema = closed(
  {
    running: Type.Optional(
      Type.Boolean({ description: 'Whether the service runs at the start. Default true' }),
    ),
    nameCache: Type.Optional(NameCacheSchema),
    waitTime: Type.Optional(
      duration(
        'WaitTime: a fixed reconnect / re-resolve interval. Default: 60s, +30s each try, up to 5m',
      ),
    ),
    ignoreOsNameValidation: Type.Optional(
      Type.Boolean({
        description:
          'IgnoreOSNameValidation: accept DIRECT=OS messages for other names. Default false',
      }),
    ),
    bindInterfaceIp: Type.Optional(address()),
    machineQuota: Type.Optional(size('MachineQuota: storage for all messages. Default 1GB')),
    qmId: Type.Optional(
      Type.String({
        pattern: GUID_PATTERN,
        description:
          'The queue manager id (Machine Cache\\QMId); hosts sharing one are clones. Default: unique',
      }),
    ),
  },
  described('MSMQ settings of the host'),
);

const QueueSchema = closed(
  {
    name: Type.String({
      pattern: QUEUE_NAME_PATTERN,
      description: String.raw`The queue path on its host: private$\orders or a public name`,
    }),
    transactional: Type.Optional(Type.Boolean({ description: 'Default false' })),
    quota: Type.Optional(size('Queue quota. Default unlimited')),
    journal: Type.Optional(
      Type.Boolean({ description: 'Keep a copy of received messages. Default false' }),
    ),
  },
  described('A local queue'),
);

const InterfaceSchema = closed(
  {
    name: name('The interface name, e.g. eth0'),
    network: name('The network it is on'),
    addresses: Type.Optional(
      list(
        address(),
        SCENARIO_LIMITS.maxAddressesPerInterface,
        described('Its addresses. Default none'),
      ),
    ),
  },
  described('A network interface'),
);

const DnsClientSchema = closed(
  {
    maxCacheTtl: Type.Optional(seconds('MaxCacheTtl in seconds. Default 86400')),
    maxNegativeCacheTtl: Type.Optional(
      seconds('MaxNegativeCacheTtl in seconds; 0 = off. Default 900'),
    ),
    queryTimeouts: Type.Optional(
      list(Type.Integer({ minimum: 1, maximum: 3600 }), 10, {
        minItems: 1,
        description: 'DNSQueryTimeouts in seconds. Default [1, 2, 2, 4, 8]',
      }),
    ),
    suffixes: Type.Optional(
      list(
        text('A DNS suffix', 253),
        20,
        described('The DNS suffix search list. Default: the host domain'),
      ),
    ),
  },
  described('Windows DNS Client settings (Dnscache\\Parameters)'),
);

// Vocabularies come from the packages that own them; the format adds only `none` (no MSMQ).
const ROLE_VALUES = [...MSMQ_ROLES, 'none'] as const;

const HostSchema = closed(
  {
    name: computerName('The computer name, e.g. APP01'),
    role: Type.Optional(
      Type.Union(
        ROLE_VALUES.map((value) => literal(value)),
        described(
          'MSMQ installation: client, server, routing-server, or none (no MSMQ). Default client',
        ),
      ),
    ),
    domain: Type.Optional(text('The primary DNS suffix, e.g. corp.example', 253)),
    interfaces: list(InterfaceSchema, SCENARIO_LIMITS.maxInterfacesPerHost, {
      minItems: 1,
      description: 'Network interfaces',
    }),
    dnsClient: Type.Optional(DnsClientSchema),
    hostsFile: Type.Optional(text('The hosts file content', SCENARIO_LIMITS.maxTextLength)),
    msmq: Type.Optional(MsmqSchema),
    registry: Type.Optional(
      Type.Record(Type.String({ pattern: REGISTRY_VALUE_NAME_PATTERN }), RegistryValueSchema, {
        additionalProperties: false,
        maxProperties: SCENARIO_LIMITS.maxRegistryValuesPerHost,
        propertyNames: { not: { enum: ['__proto__', 'constructor', 'prototype'] } },
        description:
          'Values under HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters at the start, by name',
      }),
    ),
    queues: Type.Optional(
      list(QueueSchema, SCENARIO_LIMITS.maxQueuesPerHost, described('Local queues')),
    ),
  },
  described('A machine'),
);

// ---------------------------------------------------------------------------------------------
// Workload.

const KIND_VALUES = DELIVERY_KINDS;

const WorkloadSchema = closed(
  {
    from: computerName('The sending host'),
    to: text(
      String.raw`The destination: queue@HOST (DIRECT=OS:HOST\private$\queue), DIRECT=OS:name\queue-path or DIRECT=TCP:address\queue-path`,
      400,
    ),
    kind: Type.Union(
      KIND_VALUES.map((value) => literal(value)),
      described('express (memory), recoverable (disk) or transactional (exactly once, in order)'),
    ),
    every: duration('The interval between sends'),
    count: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: SCENARIO_LIMITS.maxMessages,
        description: 'Stop after this many messages. Default: until stop',
      }),
    ),
    size: Type.Optional(size('Message body size, at most 4MB. Default 1KB')),
    start: Type.Optional(duration('When the first message is sent, after the start. Default 0s')),
    stop: Type.Optional(
      duration('When sending stops, after the start. Default: the end of the run'),
    ),
    timeToReachQueue: Type.Optional(
      duration('TimeToReachQueue. Default 4d (the enterprise default)'),
    ),
    timeToBeReceived: Type.Optional(duration('TimeToBeReceived. Default no limit')),
    deadLetter: Type.Optional(
      Type.Boolean({
        description: 'Move expired or rejected messages to a dead-letter queue. Default false',
      }),
    ),
  },
  described('A stream of messages one host sends'),
);

const ConsumerSchema = closed(
  {
    host: computerName('The host whose queue is read'),
    queue: Type.String({ pattern: QUEUE_NAME_PATTERN, description: 'The local queue path' }),
    every: Type.Optional(
      duration('At most one message per interval. Default: as soon as one arrives'),
    ),
    start: Type.Optional(duration('When reading starts. Default 0s')),
    stop: Type.Optional(duration('When reading stops. Default: the end of the run')),
  },
  described('A program that receives from a local queue'),
);

// ---------------------------------------------------------------------------------------------
// Timeline.

const AtSchema = Type.Union(
  [Type.String({ pattern: DURATION_PATTERN }), Type.String({ pattern: DATE_TIME_PATTERN })],
  described(
    'a time: a duration after the start (10m, 1h30m) or an ISO-8601 date-time (2026-11-23T08:10:00Z)',
  ),
);

const hostField = computerName('The host it happens on');

const FirewallRuleSchema = closed(
  {
    direction: Type.Union([literal('inbound'), literal('outbound')], {
      description: 'inbound or outbound',
    }),
    action: Type.Union([literal('allow'), literal('block')], { description: 'allow or block' }),
    port: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 65_535 }), literal('any')], {
        description: 'The local port (inbound) or remote port (outbound), or any. Default any',
      }),
    ),
    remote: Type.Optional(
      text('The remote address or prefix (10.0.0.0/24), or any. Default any', 64),
    ),
  },
  described('A firewall rule'),
);

function action<T extends string, P extends TProperties>(
  tag: T,
  description: string,
  properties: P,
) {
  return closed(
    {
      at: AtSchema,
      do: literal(tag, description),
      note: Type.Optional(text('Why, shown in the report', 1000)),
      ...properties,
    },
    described(description),
  );
}

const ActionSchema = tagged(
  'do',
  [
    action('renumber', 'Give an interface new addresses (and maybe move it to another network)', {
      host: hostField,
      interface: name('The interface'),
      addresses: list(
        address(),
        SCENARIO_LIMITS.maxAddressesPerInterface,
        described('Its addresses from now on'),
      ),
      network: Type.Optional(name('The network it is on from now on. Default: unchanged')),
    }),
    action('add-address', 'Give an interface one more address', {
      host: hostField,
      interface: name('The interface'),
      address: address(),
    }),
    action('remove-address', 'Take an address away from a host', {
      host: hostField,
      address: address(),
    }),
    action('add-nat', 'Put a NAT in place', natProperties),
    action('remove-nat', 'Take a NAT away', { name: name('The NAT') }),
    action(
      'dns-set',
      'Replace the records of a name and type on the DNS server ([] deletes them)',
      {
        name: text('The owner name', 253),
        type: RecordTypeSchema,
        values: list(text('An address or target name', 253), 100, described('The new values')),
        ttl: Type.Optional(seconds("TTL in seconds. Default the zone's")),
      },
    ),
    action('flushdns', 'ipconfig /flushdns: empty the DNS Client cache', { host: hostField }),
    action('stop-msmq', 'net stop msmq', { host: hostField }),
    action('start-msmq', 'net start msmq', { host: hostField }),
    action('restart-msmq', 'net stop msmq && net start msmq', { host: hostField }),
    action('crash-msmq', 'The MSMQ service dies (express messages in memory are lost)', {
      host: hostField,
    }),
    action(
      'add-interface',
      'A new network interface (a VPN that connects): MSMQ does not listen on it until it restarts',
      {
        host: hostField,
        interface: name('The new interface'),
        network: name('The network it is on'),
        addresses: list(address(), SCENARIO_LIMITS.maxAddressesPerInterface, {
          minItems: 1,
          description: 'Its addresses',
        }),
      },
    ),
    action(
      'firewall',
      "Replace a host's Windows Firewall settings: rules (block beats allow), profile defaults, an idle time-out",
      {
        host: hostField,
        enabled: Type.Optional(
          Type.Boolean({ description: 'false turns the firewall off. Default true' }),
        ),
        rules: Type.Optional(list(FirewallRuleSchema, 100, described('The rules. Default none'))),
        defaultInbound: Type.Optional(
          Type.Union([literal('allow'), literal('block')], {
            description: 'What inbound traffic no rule matches gets. Default block (Windows)',
          }),
        ),
        defaultOutbound: Type.Optional(
          Type.Union([literal('allow'), literal('block')], {
            description: 'What outbound traffic no rule matches gets. Default allow (Windows)',
          }),
        ),
        idleTimeout: Type.Optional(
          duration('Forget a connection idle this long (later packets are dropped). Default never'),
        ),
      },
    ),
    action(
      'purge-queue',
      'Purge a queue (SYSTEM$;DEADLETTER and SYSTEM$;DEADXACT included) or its journal: its messages are gone, their storage free',
      {
        host: hostField,
        queue: Type.String({
          pattern: QUEUE_NAME_PATTERN,
          description: 'The local queue path, or SYSTEM$;DEADLETTER / SYSTEM$;DEADXACT',
        }),
        journal: Type.Optional(
          Type.Boolean({ description: 'Purge its journal instead. Default false' }),
        ),
      },
    ),
    action(
      'reset-qmid',
      "Give the MSMQ installation a new QMId from its next start (Breakwell's fix for cloned machines)",
      { host: hostField },
    ),
    action(
      'pause-outgoing',
      'Suspend-MsmqOutgoingQueue (MSMQOutgoingQueueManagement.Pause): the outgoing queue goes OnHold and nothing is sent to it until resume-outgoing',
      {
        host: hostField,
        queue: text('The destination, as in workload.to (orders@APP01, DIRECT=…)', 400),
      },
    ),
    action(
      'resume-outgoing',
      'Resume-MsmqOutgoingQueue (MSMQOutgoingQueueManagement.Resume): a held outgoing queue sends again',
      {
        host: hostField,
        queue: text('The destination, as in workload.to (orders@APP01, DIRECT=…)', 400),
      },
    ),
    action('reboot', 'Restart the machine: every cache and service starts afresh', {
      host: hostField,
    }),
    action('set-registry-value', 'Create or replace a value under MSMQ\\Parameters', {
      host: hostField,
      name: Type.String({ pattern: REGISTRY_VALUE_NAME_PATTERN, description: 'The value name' }),
      ...registryValueProperties,
    }),
    action('delete-registry-value', 'reg delete a value under MSMQ\\Parameters', {
      host: hostField,
      name: Type.String({ pattern: REGISTRY_VALUE_NAME_PATTERN, description: 'The value name' }),
    }),
    action('hosts-file', 'Replace the hosts file of a host', {
      host: hostField,
      content: text('The new content', SCENARIO_LIMITS.maxTextLength),
    }),
    action('partition', 'Cut traffic between two groups of hosts or networks', {
      name: Type.Optional(name('A name to heal it by. Default: partition-<n>')),
      a: list(Type.String({ maxLength: 64 }), 1000, {
        minItems: 1,
        description: 'Hosts or networks',
      }),
      b: list(Type.String({ maxLength: 64 }), 1000, {
        minItems: 1,
        description: 'Hosts or networks',
      }),
    }),
    action('heal', 'End a partition (or all)', {
      name: Type.Optional(name('The partition. Default: all')),
    }),
    action('set-link', "Change a network's link settings", {
      network: name('The network'),
      ...linkProperties,
    }),
    action('dns-server-down', 'The DNS server stops answering', {}),
    action('dns-server-up', 'The DNS server answers again', {}),
    action('dc-down', 'The domain controller stops answering directory queries', {}),
    action('dc-up', 'The domain controller answers again', {}),
    action('note', 'A line in the report, nothing else', {
      text: text('The text', 1000),
    }),
  ],
  'A timeline action: { at, do, … }',
);

// ---------------------------------------------------------------------------------------------
// Expectations.

const CountRangeSchema = closed(
  {
    min: Type.Optional(Type.Integer({ minimum: 0 })),
    max: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { minProperties: 1, description: 'A range: { min, max } (either may be left out)' },
);

const CountSchema = Type.Union(
  [Type.Integer({ minimum: 0 }), CountRangeSchema],
  described('a count: a whole number or { min, max }'),
);

const OUTGOING_STATE_VALUES = OUTGOING_STATE_NAMES;

const ExpectationSchema = closed(
  {
    lost: Type.Optional(
      Type.Union(
        [Type.Integer({ minimum: 0 }), CountRangeSchema],
        described(
          'a count: a whole number or { min, max } of messages that vanished (not delivered, not queued anywhere, not dead-lettered)',
        ),
      ),
    ),
    delivered: Type.Optional(
      Type.Union(
        [literal('all'), Type.Integer({ minimum: 0 }), CountRangeSchema],
        described(
          'a count: all, a whole number or { min, max } of messages that reached their destination queue',
        ),
      ),
    ),
    deadLettered: Type.Optional(CountSchema),
    outgoing: Type.Optional(
      closed(
        {
          host: computerName('The sending host'),
          queue: text('The destination, written as in workload.to', 400),
          state: Type.Optional(
            Type.Union(
              OUTGOING_STATE_VALUES.map((value) => literal(value)),
              described(
                'The state at the end (Get-MsmqOutgoingQueue State; MMC "Waiting to connect" = Waiting)',
              ),
            ),
          ),
          messages: Type.Optional(CountSchema),
          unacknowledged: Type.Optional(CountSchema),
          unprocessed: Type.Optional(CountSchema),
          nextHop: Type.Optional(address()),
          at: Type.Optional(
            duration('When to look, after the start (10m, 1h30m). Default: the end of the run'),
          ),
        },
        described('An outgoing queue at the end of the run'),
      ),
    ),
    queue: Type.Optional(
      closed(
        {
          host: computerName('The host'),
          name: Type.String({ pattern: QUEUE_NAME_PATTERN, description: 'The local queue path' }),
          messages: CountSchema,
        },
        described('A local queue at the end of the run'),
      ),
    ),
    trace: Type.Optional(
      closed(
        {
          type: Type.String({ pattern: TRACE_TYPE_PATTERN, description: 'The trace event type' }),
          host: Type.Optional(computerName('Only events of this host')),
          count: CountSchema,
        },
        described('How many trace events of a type happened, e.g. ds.refresh.succeeded'),
      ),
    ),
    registry: Type.Optional(
      closed(
        {
          host: computerName('The host'),
          name: Type.String({
            pattern: REGISTRY_VALUE_NAME_PATTERN,
            description: 'The value name',
          }),
          exists: Type.Boolean({ description: 'Whether the value exists at the end' }),
        },
        described('A registry value under MSMQ\\Parameters at the end of the run'),
      ),
    ),
    drained: Type.Optional(
      closed(
        { by: duration('At the latest this long after the start') },
        described('Every sender has handed on all its messages, for good, by then (time to drain)'),
      ),
    ),
    maxAge: Type.Optional(
      closed(
        { max: duration('The longest a message may take from its send to its queue') },
        described('No message took longer to reach its destination queue'),
      ),
    ),
  },
  {
    minProperties: 1,
    maxProperties: 1,
    description:
      'One check at the end: lost, delivered, deadLettered, outgoing, queue, trace, registry, drained or maxAge',
  },
);

// ---------------------------------------------------------------------------------------------
// The file.

/** The schema of a whole scenario file. */
export const ScenarioSchema = closed(
  {
    $schema: Type.Optional(
      Type.String({ description: 'The JSON Schema this file follows (for editors)' }),
    ),
    name: name('The scenario name, e.g. nat-renumbering'),
    description: Type.Optional(text('What the scenario shows', 10_000)),
    start: Type.String({
      pattern: DATE_TIME_PATTERN,
      description: 'When the run starts: ISO-8601 with a zone, e.g. 2026-11-23T08:00:00Z',
    }),
    seed: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 4_294_967_295,
        description: 'The random seed. Default 1',
      }),
    ),
    duration: duration(`How long the run lasts, at most ${SCENARIO_LIMITS.maxDuration}`),
    networks: Type.Optional(
      list(NetworkSchema, SCENARIO_LIMITS.maxNetworks, described('Network segments')),
    ),
    routers: Type.Optional(
      list(RouterSchema, SCENARIO_LIMITS.maxRouters, described('Routers between networks')),
    ),
    nats: Type.Optional(list(NatSchema, SCENARIO_LIMITS.maxNats, described('NATs at the start'))),
    dns: Type.Optional(DnsSchema),
    directory: Type.Optional(DirectorySchema),
    hosts: list(HostSchema, SCENARIO_LIMITS.maxHosts, { minItems: 1, description: 'The machines' }),
    workload: Type.Optional(
      list(
        WorkloadSchema,
        SCENARIO_LIMITS.maxWorkload,
        described('Who sends what to which queue, how often'),
      ),
    ),
    consumers: Type.Optional(
      list(
        ConsumerSchema,
        SCENARIO_LIMITS.maxConsumers,
        described('Programs that receive messages'),
      ),
    ),
    timeline: Type.Optional(
      list(ActionSchema, SCENARIO_LIMITS.maxTimeline, described('Actions at given times')),
    ),
    expect: Type.Optional(
      list(
        ExpectationSchema,
        SCENARIO_LIMITS.maxExpectations,
        described('Checks at the end; one failing makes the run exit 1'),
      ),
    ),
  },
  {
    title: 'mqsim scenario',
    description:
      'An mqsim scenario: machines, networks, DNS, MSMQ settings, a workload, a timeline of actions and expectations.',
  },
);

/** A scenario file as validated: what the schema allows, before normalization. */
export type RawScenario = Static<typeof ScenarioSchema>;
export type RawHost = Static<typeof HostSchema>;
export type RawNetwork = Static<typeof NetworkSchema>;
export type RawNat = Static<typeof NatSchema>;
export type RawAction = Static<typeof ActionSchema>;
export type RawExpectation = Static<typeof ExpectationSchema>;
export type RawWorkload = Static<typeof WorkloadSchema>;
export type RawRegistryValue = Static<typeof RegistryValueSchema>;
export type RawNameCache = Static<typeof NameCacheSchema>;
export type RawJitter = Static<typeof JitterSchema>;
export type RawCount = Static<typeof CountSchema>;

/** Every timeline action name, in the order of the schema (checked against {@link ACTION_NAMES}). */
export function schemaActionNames(): string[] {
  return (
    ActionSchema as unknown as { oneOf: { properties: { do: { const: string } } }[] }
  ).oneOf.map((variant) => variant.properties.do.const);
}

/**
 * The JSON Schema (draft-07) as text, exactly as `scenario.schema.json` holds it: what the
 * published file is generated from (the schema test fails when the file is stale). Build-time
 * only — TypeBox is a dev dependency; at run time the loader uses the generated file.
 */
export function generateScenarioJsonSchemaText(): string {
  const document = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/mqsim/mqsim/blob/main/apps/simulator/scenario.schema.json',
    ...ScenarioSchema,
  };
  return `${formatJson(document, '')}\n`;
}
