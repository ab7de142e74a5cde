import type { RegValue } from './reg-value.js';

/** A key was created (by `createKey`, `setValue` or a `.reg` import); one event per new key. */
export interface KeyCreatedEvent {
  readonly kind: 'key-created';
  /** Full path of the new key, names in their stored case. */
  readonly key: string;
}

/** A key was deleted; a recursive delete reports every key, deepest first. */
export interface KeyDeletedEvent {
  readonly kind: 'key-deleted';
  /** Full path the key had, names in their stored case. */
  readonly key: string;
}

/** A value was written, new or replacing `previous`. */
export interface ValueSetEvent {
  readonly kind: 'value-set';
  readonly key: string;
  /** The value's stored name (`''` is the default value). */
  readonly name: string;
  readonly value: RegValue;
  /** The value it replaced, when there was one. */
  readonly previous?: RegValue;
}

/** A value was deleted (not reported for the values of a deleted key). */
export interface ValueDeletedEvent {
  readonly kind: 'value-deleted';
  readonly key: string;
  readonly name: string;
  readonly previous: RegValue;
}

/** A change to the registry, as plain data. */
export type RegistryEvent = KeyCreatedEvent | KeyDeletedEvent | ValueSetEvent | ValueDeletedEvent;

/** Receives {@link RegistryEvent}s synchronously, in the order the changes happen. */
export type RegistryListener = (event: RegistryEvent) => void;

/** What {@link Registry.watch} reports besides changes to the watched key itself. */
export interface WatchOptions {
  /**
   * Also report changes anywhere below the key (like `RegNotifyChangeKeyValue`'s
   * `bWatchSubtree`). Without it, a watch sees the key's values and the creation and deletion of
   * its direct subkeys. Default `false`.
   */
  readonly subtree?: boolean;
}
