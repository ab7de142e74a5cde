import { RegistryKeyNotFoundError, RegistryListenerError, RegistryPathError } from './errors.js';
import { checkRegValue } from './internal/check-value.js';
import { compareFolded, foldName } from './internal/fold-name.js';
import {
  foldKeyPath,
  formatKeyPath,
  type KeyPath,
  parseKeyPath,
  ROOT_KEYS,
  type RootKeyName,
} from './internal/key-path.js';
import { checkValueName } from './internal/value-name.js';
import type { RegValue } from './reg-value.js';
import type { RegistryEvent, RegistryListener, WatchOptions } from './registry-event.js';

/** A value with its stored name, as {@link Registry.listValues} returns it. */
export interface RegValueEntry {
  /** The name in its stored case; `''` is the default value (`@` in a `.reg` file). */
  readonly name: string;
  readonly value: RegValue;
}

interface KeyNode {
  /** The key's own name in its stored case (the root's full name for a root). */
  readonly name: string;
  /** Full path, names in their stored case. */
  readonly path: string;
  /** Full path folded for comparison. */
  readonly folded: string;
  readonly subkeys: Map<string, KeyNode>;
  readonly values: Map<string, RegValueEntry>;
  parent: KeyNode | undefined;
}

interface Watcher {
  readonly folded: string;
  readonly subtree: boolean;
  readonly listener: RegistryListener;
  active: boolean;
}

interface PendingEvent {
  readonly event: RegistryEvent;
  readonly folded: string;
}

/**
 * An in-memory Windows registry: the five root keys, keys whose names compare without regard to
 * case (the case they were created with is kept for display), typed values in the order they were
 * first written, and synchronous change notifications.
 *
 * Paths name the root by its full name or abbreviation (`HKEY_LOCAL_MACHINE` or `HKLM`, `HKCU`,
 * `HKCR`, `HKU`, `HKCC`), then key names separated by `\`. The default value's name is `''`.
 * Subkeys list in the registry's own order: names compared case-insensitively.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * registry.setValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters', 'DSSiteListRefresh', dword(168));
 * registry.getValue('hklm\\software\\microsoft\\msmq\\parameters', 'dssitelistrefresh');
 * // => { type: 'REG_DWORD', data: 168 }
 * ```
 * @throws {RegistryPathError} from every method given a path that names no key.
 */
export class Registry {
  readonly #roots = new Map<RootKeyName, KeyNode>();
  #watchers: Watcher[] = [];
  readonly #queue: PendingEvent[] = [];
  #dispatching = false;

  constructor() {
    for (const [name] of ROOT_KEYS) {
      this.#roots.set(name, {
        name,
        path: name,
        folded: name,
        subkeys: new Map(),
        values: new Map(),
        parent: undefined,
      });
    }
  }

  /**
   * Whether the key exists (the five roots always do).
   *
   * @example
   * ```ts
   * new Registry().hasKey('HKLM'); // => true
   * new Registry().hasKey('HKLM\\SOFTWARE\\Missing'); // => false
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   */
  hasKey(path: string): boolean {
    return this.#find(parseKeyPath(path)) !== undefined;
  }

  /**
   * The key's full path as stored: the root's full name and each key name in the case it was
   * created with; `undefined` when the key does not exist.
   *
   * @example
   * ```ts
   * const registry = new Registry();
   * registry.createKey('HKLM\\SOFTWARE\\Microsoft');
   * registry.displayPath('hklm\\software\\MICROSOFT'); // => 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft'
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   */
  displayPath(path: string): string | undefined {
    return this.#find(parseKeyPath(path))?.path;
  }

  /**
   * Creates the key and any missing parents; `false` when it already existed.
   *
   * @example
   * ```ts
   * const registry = new Registry();
   * registry.createKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\MachineCache'); // => true
   * registry.createKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ'); // => false
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   * @throws {RegistryListenerError} after the change, when a listener threw.
   */
  createKey(path: string): boolean {
    const events: PendingEvent[] = [];
    this.#ensure(parseKeyPath(path), events);
    this.#publish(events);
    return events.length > 0;
  }

  /**
   * Deletes the key with all its subkeys and values; `false` when it did not exist.
   *
   * @example
   * ```ts
   * const registry = new Registry();
   * registry.createKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters');
   * registry.deleteKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ'); // => true
   * registry.hasKey('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters'); // => false
   * ```
   * @throws {RegistryPathError} when `path` names no key, or names a root key.
   * @throws {RegistryListenerError} after the change, when a listener threw.
   */
  deleteKey(path: string): boolean {
    const parsed = parseKeyPath(path);
    if (parsed.names.length === 0) {
      throw new RegistryPathError(`Cannot delete the root key ${parsed.root}`, {
        value: path,
        allowed: 'a key below a root key',
      });
    }
    const node = this.#find(parsed);
    if (node === undefined) return false;
    const events: PendingEvent[] = [];
    const collect = (key: KeyNode): void => {
      for (const child of sortedSubkeys(key)) collect(child);
      events.push({ event: { kind: 'key-deleted', key: key.path }, folded: key.folded });
    };
    collect(node);
    node.parent?.subkeys.delete(foldName(node.name));
    node.parent = undefined;
    this.#publish(events);
    return true;
  }

  /**
   * The names of the key's direct subkeys, in stored case, ordered as `RegEnumKeyEx` returns them:
   * compared without regard to case.
   *
   * @example
   * ```ts
   * const registry = new Registry();
   * registry.createKey('HKLM\\SOFTWARE\\b');
   * registry.createKey('HKLM\\SOFTWARE\\A');
   * registry.listSubkeys('HKLM\\SOFTWARE'); // => ['A', 'b']
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   * @throws {RegistryKeyNotFoundError} when the key does not exist.
   */
  listSubkeys(path: string): string[] {
    return sortedSubkeys(this.#require(path)).map((child) => child.name);
  }

  /**
   * The key's values in stored order: the order they were first written (replacing a value keeps
   * its place), which is the order `RegEnumValue` and Registry Editor's export use.
   *
   * @example
   * ```ts
   * const registry = new Registry();
   * registry.setValue('HKCU\\Software\\Demo', 'b', dword(1));
   * registry.setValue('HKCU\\Software\\Demo', 'a', sz('x'));
   * registry.listValues('HKCU\\Software\\Demo').map((entry) => entry.name); // => ['b', 'a']
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   * @throws {RegistryKeyNotFoundError} when the key does not exist.
   */
  listValues(path: string): RegValueEntry[] {
    return Array.from(this.#require(path).values.values(), (entry) =>
      Object.freeze({ name: entry.name, value: copyValue(entry.value) }),
    );
  }

  /**
   * The value, or `undefined` when the key or the value does not exist. Names compare without
   * regard to case; `''` is the default value.
   *
   * @example
   * ```ts
   * const key = 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';
   * const registry = new Registry();
   * registry.setValue(key, 'DSSiteListRefresh', dword(168));
   * registry.getValue(key, 'DSSiteListRefresh'); // => { type: 'REG_DWORD', data: 168 }
   * registry.getValue(key, 'Missing'); // => undefined
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   */
  getValue(path: string, name: string): RegValue | undefined {
    const node = this.#find(parseKeyPath(path));
    if (node === undefined || typeof name !== 'string') return undefined;
    const entry = node.values.get(foldName(name));
    return entry === undefined ? undefined : copyValue(entry.value);
  }

  /**
   * Writes a value, creating the key and missing parents. An existing value (matched without
   * regard to case) keeps its stored name and place and takes the new type and data.
   *
   * @example
   * ```ts
   * const key = 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';
   * const registry = new Registry();
   * registry.setValue(key, 'DSSiteListRefresh', dword(168));
   * registry.setValue(key, 'dssitelistrefresh', dword(24));
   * registry.listValues(key); // => [{ name: 'DSSiteListRefresh', value: { type: 'REG_DWORD', data: 24 } }]
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   * @throws {RegistryValueNameError} for a name the registry cannot hold.
   * @throws {RegistryValueError} for data its type cannot hold (names the key, value and range).
   * @throws {RegistryListenerError} after the change, when a listener threw.
   */
  setValue(path: string, name: string, value: RegValue): void {
    const parsed = parseKeyPath(path);
    const existing = this.#find(parsed);
    const keyText = existing?.path ?? formatKeyPath(parsed);
    checkValueName(name, keyText);
    const stored = checkRegValue(value, { key: keyText, name });
    const events: PendingEvent[] = [];
    const node = existing ?? this.#ensure(parsed, events);
    const folded = foldName(name);
    const previous = node.values.get(folded);
    const storedName = previous?.name ?? name;
    node.values.set(folded, Object.freeze({ name: storedName, value: stored }));
    events.push({
      event: {
        kind: 'value-set',
        key: node.path,
        name: storedName,
        value: copyValue(stored),
        ...(previous === undefined ? {} : { previous: previous.value }),
      },
      folded: node.folded,
    });
    this.#publish(events);
  }

  /**
   * Deletes a value; `false` when the key or the value did not exist.
   *
   * @example
   * ```ts
   * const key = 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters';
   * const registry = new Registry();
   * registry.setValue(key, 'DSNextSiteListRefreshTime', qword(0n));
   * registry.deleteValue(key, 'DSNextSiteListRefreshTime'); // => true
   * registry.deleteValue(key, 'DSNextSiteListRefreshTime'); // => false
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   * @throws {RegistryListenerError} after the change, when a listener threw.
   */
  deleteValue(path: string, name: string): boolean {
    const node = this.#find(parseKeyPath(path));
    if (node === undefined || typeof name !== 'string') return false;
    const folded = foldName(name);
    const previous = node.values.get(folded);
    if (previous === undefined) return false;
    node.values.delete(folded);
    this.#publish([
      {
        event: {
          kind: 'value-deleted',
          key: node.path,
          name: previous.name,
          previous: previous.value,
        },
        folded: node.folded,
      },
    ]);
    return true;
  }

  /**
   * Calls `listener` synchronously, in order, for each change to the key: its values being set or
   * deleted, and its direct subkeys being created or deleted (and the key's own creation and
   * deletion); with `{ subtree: true }`, for changes anywhere below it too. The key need not exist
   * yet. Changes a listener makes are reported after the current event reaches every listener.
   * Returns a function that stops the watch.
   *
   * @example
   * ```ts
   * const registry = new Registry();
   * const events: RegistryEvent[] = [];
   * const stop = registry.watch('HKLM\\SOFTWARE\\Microsoft\\MSMQ', (event) => events.push(event), {
   *   subtree: true,
   * });
   * registry.setValue('HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters', 'DSSiteListRefresh', dword(24));
   * stop();
   * events.map((event) => event.kind); // => ['key-created', 'key-created', 'value-set']
   * ```
   * @throws {RegistryPathError} when `path` names no key.
   */
  watch(path: string, listener: RegistryListener, options: WatchOptions = {}): () => void {
    const watcher: Watcher = {
      folded: foldKeyPath(parseKeyPath(path)),
      subtree: options.subtree === true,
      listener,
      active: true,
    };
    this.#watchers.push(watcher);
    return () => {
      if (!watcher.active) return;
      watcher.active = false;
      this.#watchers = this.#watchers.filter((candidate) => candidate !== watcher);
    };
  }

  #find(path: KeyPath): KeyNode | undefined {
    let node = this.#roots.get(path.root);
    for (const name of path.names) {
      node = node?.subkeys.get(foldName(name));
      if (node === undefined) return undefined;
    }
    return node;
  }

  #require(path: string): KeyNode {
    const node = this.#find(parseKeyPath(path));
    if (node === undefined) {
      throw new RegistryKeyNotFoundError(`The registry key ${path} does not exist`, {
        value: path,
        allowed: 'the path of an existing key',
      });
    }
    return node;
  }

  #ensure(path: KeyPath, events: PendingEvent[]): KeyNode {
    let node = this.#roots.get(path.root) as KeyNode;
    for (const name of path.names) {
      const folded = foldName(name);
      let child = node.subkeys.get(folded);
      if (child === undefined) {
        child = {
          name,
          path: `${node.path}\\${name}`,
          folded: `${node.folded}\\${folded}`,
          subkeys: new Map(),
          values: new Map(),
          parent: node,
        };
        node.subkeys.set(folded, child);
        events.push({ event: { kind: 'key-created', key: child.path }, folded: child.folded });
      }
      node = child;
    }
    return node;
  }

  #publish(events: readonly PendingEvent[]): void {
    this.#queue.push(...events);
    if (this.#dispatching) return;
    this.#dispatching = true;
    let failure: { readonly error: unknown; readonly event: RegistryEvent } | undefined;
    try {
      for (let pending = this.#queue.shift(); pending; pending = this.#queue.shift()) {
        for (const watcher of [...this.#watchers]) {
          if (!watcher.active || !reaches(watcher, pending)) continue;
          try {
            watcher.listener(pending.event);
          } catch (error) {
            failure ??= { error, event: pending.event };
          }
        }
      }
    } finally {
      this.#dispatching = false;
    }
    if (failure !== undefined) {
      throw new RegistryListenerError(
        `A registry listener threw on ${failure.event.kind} of ${failure.event.key}; ` +
          'the change was made and the other listeners ran',
        { cause: failure.error, value: failure.event },
      );
    }
  }
}

function reaches(watcher: Watcher, pending: PendingEvent): boolean {
  const key = pending.folded;
  if (key === watcher.folded) return true;
  if (watcher.subtree && key.startsWith(`${watcher.folded}\\`)) return true;
  const kind = pending.event.kind;
  return (
    (kind === 'key-created' || kind === 'key-deleted') &&
    key.slice(0, key.lastIndexOf('\\')) === watcher.folded
  );
}

function sortedSubkeys(node: KeyNode): KeyNode[] {
  return [...node.subkeys.entries()]
    .sort(([left], [right]) => compareFolded(left, right))
    .map(([, child]) => child);
}

/** Stored values are frozen; only their byte arrays need copying before they leave. */
function copyValue(value: RegValue): RegValue {
  if (value.type === 'REG_BINARY' || value.type === 'REG_RAW') {
    return Object.freeze({ ...value, data: value.data.slice() });
  }
  return value;
}
