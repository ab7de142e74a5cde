import { MSMQ_PARAMETERS_KEY } from '@mqsim/ds-refresh';
import { formatRegQuery, Registry, RegistryKeyNotFoundError, type RegValue } from '@mqsim/registry';
import { parseRegistryValue } from '@mqsim/scenario';
import { pickWord, quoteWord } from './shell-arguments.js';
import type { ShellCommand, ShellContext } from './shell-context.js';
import { ShellCommandError, ShellUsageError } from './shell-errors.js';
import { toCommandWord } from './shell-line.js';

const NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.';
const DONE = 'The operation completed successfully.';
const OPERATIONS = ['query', 'add', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];
const VALUE_TYPES = [
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_MULTI_SZ',
  'REG_DWORD',
  'REG_QWORD',
  'REG_BINARY',
] as const;
type ValueType = (typeof VALUE_TYPES)[number];

/** The switches each operation takes; those in `WITH_VALUE` are followed by a value. */
const SWITCHES: Readonly<Record<Operation, readonly string[]>> = {
  query: ['/v', '/ve', '/s'],
  add: ['/v', '/ve', '/t', '/d', '/f'],
  delete: ['/v', '/ve', '/va', '/f'],
};
const WITH_VALUE = new Set(['/v', '/t', '/d']);
const USAGE: Readonly<Record<Operation, string>> = {
  query: 'reg query KEY [/v NAME | /ve] [/s]',
  add: 'reg add KEY [/v NAME | /ve] [/t TYPE] [/d DATA] [/f]',
  delete: 'reg delete KEY [/v NAME | /ve | /va] /f',
};

interface RegArguments {
  readonly key: string;
  readonly switches: ReadonlyMap<string, string>;
}

/** `reg query`, `reg add`, `reg delete` on the current machine's registry. */
export const regCommand: ShellCommand = {
  name: 'reg',
  forms: [
    {
      usage: USAGE.query,
      summary: "show a key's values, e.g. HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters",
    },
    {
      usage: USAGE.add,
      summary: 'set a value; TYPE REG_DWORD, REG_QWORD, REG_SZ, … (MSMQ reads it at start)',
    },
    { usage: USAGE.delete, summary: 'delete a value, all values (/va) or the key' },
  ],
  examples: [
    String.raw`reg query HKLM\SOFTWARE\Microsoft\MSMQ\Parameters`,
    String.raw`reg add HKLM\SOFTWARE\Microsoft\MSMQ\Parameters /v DSSiteListRefresh /t REG_DWORD /d 24 /f`,
    String.raw`reg add HKLM\SOFTWARE\Microsoft\MSMQ\Parameters /v DSNextSiteListRefreshTime /t REG_QWORD /d 2026-11-23T09:00:00Z /f`,
    String.raw`reg delete HKLM\SOFTWARE\Microsoft\MSMQ\Parameters /v DSNextSiteListRefreshTime /f`,
  ],
  run(args, context) {
    const operation = pickWord('reg operation', args[0], OPERATIONS);
    const parsed = readArguments(operation, args.slice(1));
    const registry = context.host.registry;
    switch (operation) {
      case 'query':
        return query(registry, parsed);
      case 'add':
        return add(registry, parsed, context);
      case 'delete':
        return remove(registry, parsed, context);
    }
  },
  complete(args, context) {
    if (args.length === 0) return OPERATIONS;
    const operation = OPERATIONS.find((name) => name === args[0]?.toLowerCase());
    if (operation === undefined) return [];
    if (args.length === 1) return keyPaths(context.host.registry);
    const previous = args.at(-1)?.toLowerCase();
    if (previous === '/v') {
      const key = args[1] ?? '';
      try {
        return context.host.registry.listValues(key).map((entry) => entry.name);
      } catch {
        return [];
      }
    }
    if (previous === '/t') return VALUE_TYPES;
    if (previous === '/d') return [];
    return SWITCHES[operation];
  },
};

function readArguments(operation: Operation, args: readonly string[]): RegArguments {
  const [key, ...rest] = args;
  if (key === undefined || key.startsWith('/')) {
    throw new ShellUsageError(`reg ${operation} needs a key first; usage: ${USAGE[operation]}`, {
      allowed: String.raw`a key such as HKLM\SOFTWARE\Microsoft\MSMQ\Parameters`,
    });
  }
  const switches = new Map<string, string>();
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index] as string;
    const allowed = SWITCHES[operation];
    const name = allowed.find((candidate) => candidate === word.toLowerCase());
    if (name === undefined) {
      const list = allowed.join(', ');
      throw new ShellUsageError(
        `reg ${operation}: ${quoteWord(word)} is not a switch it takes; allowed: ${list}; usage: ${USAGE[operation]}`,
        { value: word, allowed: list },
      );
    }
    if (switches.has(name)) {
      throw new ShellUsageError(`reg ${operation}: ${name} is given twice`, {
        value: word,
        allowed: 'each switch once',
      });
    }
    let value = '';
    if (WITH_VALUE.has(name)) {
      const next = rest[index + 1];
      if (next === undefined) {
        throw new ShellUsageError(
          `reg ${operation}: ${name} needs a value; usage: ${USAGE[operation]}`,
          {
            allowed: USAGE[operation],
          },
        );
      }
      value = next;
      index++;
    }
    switches.set(name, value);
  }
  const naming = ['/v', '/ve', '/va'].filter((name) => switches.has(name));
  if (naming.length > 1) {
    throw new ShellUsageError(
      `reg ${operation}: ${naming.join(' and ')} cannot go together; give one`,
      {
        value: naming.join(' '),
        allowed: 'one of /v NAME, /ve, /va',
      },
    );
  }
  return { key, switches };
}

/** The value name the switches pick: `/v NAME`, `''` for `/ve` (the default value), or none. */
function valueName(switches: ReadonlyMap<string, string>): string | undefined {
  if (switches.has('/ve')) return '';
  return switches.get('/v');
}

function query(registry: Registry, { key, switches }: RegArguments): string {
  const name = valueName(switches);
  try {
    if (name === undefined)
      return formatRegQuery(registry, key, { recursive: switches.has('/s'), lineEnding: '\n' });
    // Shown with its name as stored, whatever case it was asked for in.
    const entry = registry
      .listValues(key)
      .find((value) => value.name.toLowerCase() === name.toLowerCase());
    if (entry === undefined) throw new ShellCommandError(NOT_FOUND, { value: name });
    return formatOneValue(key, entry.name, entry.value);
  } catch (error) {
    if (RegistryKeyNotFoundError.isInstance(error))
      throw new ShellCommandError(NOT_FOUND, { value: key });
    throw error;
  }
}

/** `reg query KEY /v NAME` output: the key, the one value, a blank line. */
function formatOneValue(key: string, name: string, value: RegValue): string {
  const single = new Registry();
  single.setValue(key, name, value);
  return formatRegQuery(single, key, { lineEnding: '\n' });
}

function add(registry: Registry, { key, switches }: RegArguments, context: ShellContext): string {
  const name = valueName(switches);
  if (name === undefined) {
    if (switches.has('/t') || switches.has('/d')) {
      throw new ShellUsageError('reg add: /t and /d need a value name: /v NAME (or /ve)', {
        allowed: USAGE.add,
      });
    }
    context.record(`reg add ${toCommandWord(key)} /f`);
    registry.createKey(key);
    return DONE;
  }
  const type: ValueType = pickWord('reg add /t', switches.get('/t') ?? 'REG_SZ', VALUE_TYPES);
  const data = switches.get('/d') ?? (type === 'REG_DWORD' || type === 'REG_QWORD' ? '0' : '');
  const value = toRegValue(type, data);
  if (registry.hasKey(key) && registry.getValue(key, name) !== undefined && !switches.has('/f')) {
    throw new ShellUsageError(
      `reg add: value ${name === '' ? '(Default)' : name} exists; add /f to overwrite it (the shell cannot ask "Overwrite (Yes/No)?")`,
      { value: name, allowed: '/f' },
    );
  }
  const named = name === '' ? '/ve' : `/v ${toCommandWord(name)}`;
  context.record(
    `reg add ${toCommandWord(key)} ${named} /t ${type} /d ${toCommandWord(data)} /f`,
    isParametersKey(key) && name !== ''
      ? {
          do: 'set-registry-value',
          host: context.host.spec.name,
          name,
          type,
          value: /^\d+$/.test(data) ? Number(data) : data,
        }
      : undefined,
  );
  registry.setValue(key, name, value);
  return DONE;
}

function toRegValue(type: ValueType, data: string): RegValue {
  const raw =
    type === 'REG_MULTI_SZ'
      ? { type, value: data === '' ? [] : data.split('\\0') }
      : type === 'REG_BINARY'
        ? {
            type,
            value: /^(?:[0-9a-f]{2})*$/i.test(data) ? (data.match(/../g) ?? []).join(' ') : data,
          }
        : { type, value: data };
  const parsed = parseRegistryValue(raw);
  if (!parsed.ok) {
    throw new ShellUsageError(
      `reg add /d ${quoteWord(data)}: ${parsed.message}; allowed: ${parsed.allowed}`,
      {
        value: data,
        allowed: parsed.allowed,
      },
    );
  }
  return parsed.value;
}

function remove(
  registry: Registry,
  { key, switches }: RegArguments,
  context: ShellContext,
): string {
  const name = valueName(switches);
  const what = switches.has('/va')
    ? 'all values of the key'
    : name === undefined
      ? 'the key'
      : `the value ${name === '' ? '(Default)' : name}`;
  if (!switches.has('/f')) {
    throw new ShellUsageError(
      `reg delete asks before deleting ${what}; add /f to delete without asking (the shell cannot ask "Yes/No?")`,
      { allowed: '/f' },
    );
  }
  if (!registry.hasKey(key)) throw new ShellCommandError(NOT_FOUND, { value: key });
  if (switches.has('/va')) {
    context.record(`reg delete ${toCommandWord(key)} /va /f`);
    for (const entry of registry.listValues(key)) registry.deleteValue(key, entry.name);
    return DONE;
  }
  if (name === undefined) {
    context.record(`reg delete ${toCommandWord(key)} /f`);
    registry.deleteKey(key);
    return DONE;
  }
  if (registry.getValue(key, name) === undefined)
    throw new ShellCommandError(NOT_FOUND, { value: name });
  context.record(
    `reg delete ${toCommandWord(key)} ${name === '' ? '/ve' : `/v ${toCommandWord(name)}`} /f`,
    isParametersKey(key) && name !== ''
      ? { do: 'delete-registry-value', host: context.host.spec.name, name }
      : undefined,
  );
  registry.deleteValue(key, name);
  return DONE;
}

/** Whether `key` (HKLM\… or HKEY_LOCAL_MACHINE\…, any case) is MSMQ's Parameters key itself. */
function isParametersKey(key: string): boolean {
  return (
    key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase() ===
    MSMQ_PARAMETERS_KEY.toLowerCase()
  );
}

/** Every key of the registry below HKLM, as `HKLM\…` and `HKEY_LOCAL_MACHINE\…`, for completion. */
function keyPaths(registry: Registry): string[] {
  const out: string[] = [];
  const walk = (path: string, depth: number) => {
    out.push(path);
    if (depth > 8) return;
    for (const subkey of registry.listSubkeys(path)) walk(`${path}\\${subkey}`, depth + 1);
  };
  walk('HKLM', 0);
  const short = out.slice(1);
  return [...short, ...short.map((path) => path.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE'))];
}
