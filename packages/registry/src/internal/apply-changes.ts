import { RegistryListenerError } from '../errors.js';

/**
 * Applies a batch of registry changes the way `reg import` does: every change is made even when
 * a change listener throws, and the first listener error is thrown once the batch is done. Any
 * other error (a bad name, a bad path) stops the batch at once.
 */
export function applyChanges(apply: (run: (change: () => unknown) => void) => void): void {
  let listenerError: unknown;
  apply((change) => {
    try {
      change();
    } catch (error) {
      if (!RegistryListenerError.isInstance(error)) throw error;
      listenerError ??= error;
    }
  });
  if (listenerError !== undefined) throw listenerError;
}
