// The main entry's `createCachedLookup`, kept so that imports from `@mqsim/name-cache` go on
// working while the real-Node adapter lives in `@mqsim/name-cache/node`. It loads that module
// (and with it `node:dns`) on its first lookup, so a simulation that never calls it never loads
// Node's resolver. Decision: docs/decisions/0011-node-lookup-as-subpath-export.md.
import { NameCacheConfigError } from './errors.js';
import { installOnAgent, uninstallFromAgent } from './internal/agent-install.js';
import { checkServers, toFamily, toLookupSettings } from './internal/node-lookup-options.js';
import type {
  CachedLookup,
  CachedLookupCallback,
  CachedLookupOptions,
  InstallableAgent,
} from './node-lookup.js';

/**
 * Makes a TTL-respecting `dns.lookup` drop-in; see `createCachedLookup` in
 * `@mqsim/name-cache/node`, which this forwards to once it has loaded it on the first lookup.
 * Until then `peek()` and `entries()` find nothing, and `servers` reads as the `servers` option
 * (or a value set meanwhile).
 *
 * @deprecated Import `createCachedLookup` from `@mqsim/name-cache/node`: the main entry is for
 *   simulations and will stop exporting it in the next major version.
 * @example
 * ```ts
 * const lookup = createCachedLookup({ policy: { kind: 'until-restart' } });
 * lookup.policy; // => { kind: 'until-restart' }
 * lookup.entries(); // => []
 * ```
 * @throws {NameCacheConfigError} for a bad option, as the `/node` one does; the lookup function
 *   throws it for a bad `family` or a missing callback.
 */
export function createCachedLookup(options: CachedLookupOptions = {}): CachedLookup {
  const settings = toLookupSettings(options);
  let real: CachedLookup | undefined;
  let loading: Promise<CachedLookup> | undefined;
  let servers = settings.servers;
  const load = (): Promise<CachedLookup> => {
    loading ??= import('./node-lookup.js').then((module) => {
      real = module.createCachedLookup(servers === undefined ? options : { ...options, servers });
      return real;
    });
    return loading;
  };
  const lookup = (hostname: string, familyOrOptions: unknown, callback?: unknown): void => {
    if (real !== undefined) {
      (real as (...args: unknown[]) => void)(hostname, familyOrOptions, callback);
      return;
    }
    // What can be checked without Node's constants is checked now, as the real one would.
    const done = (typeof familyOrOptions === 'function' ? familyOrOptions : callback) as unknown;
    if (typeof done !== 'function') {
      throw new NameCacheConfigError('lookup needs a callback as its last argument', {
        value: done,
        allowed: 'a function (error, address, family, answer) => void',
      });
    }
    if (typeof familyOrOptions === 'object' && familyOrOptions !== null) {
      toFamily((familyOrOptions as { family?: unknown }).family);
    } else if (typeof familyOrOptions !== 'function') {
      toFamily(familyOrOptions);
    }
    void load().then(
      (loaded) => {
        try {
          (loaded as (...args: unknown[]) => void)(hostname, familyOrOptions, callback);
        } catch (error) {
          // Bad hints, found only now that the constants are known: reported, not thrown.
          (done as CachedLookupCallback)(
            error as NodeJS.ErrnoException,
            '',
            undefined,
            undefined as never,
          );
        }
      },
      (error: unknown) =>
        (done as CachedLookupCallback)(
          error as NodeJS.ErrnoException,
          '',
          undefined,
          undefined as never,
        ),
    );
  };
  return Object.defineProperties(lookup, {
    policy: { value: settings.policy, enumerable: true },
    lookup: { value: lookup },
    lookupAsync: {
      value: async (hostname: string, lookupOptions?: unknown) =>
        ((await load()).lookupAsync as (...args: unknown[]) => unknown)(hostname, lookupOptions),
    },
    peek: { value: (hostname: string) => real?.peek(hostname) },
    entries: { value: () => real?.entries() ?? [] },
    clear: { value: (hostname?: string) => real?.clear(hostname) ?? 0 },
    install: { value: (agent: InstallableAgent) => installOnAgent(agent, lookup) },
    uninstall: { value: (agent: InstallableAgent) => uninstallFromAgent(agent, lookup) },
    servers: {
      get: () => {
        if (real !== undefined) return real.servers;
        if (servers !== undefined) return [...servers];
        const resolver = settings.resolver;
        if (resolver?.getServers !== undefined) return resolver.getServers();
        throw new NameCacheConfigError(
          'servers: the deprecated createCachedLookup of @mqsim/name-cache knows the system’s servers only after its first lookup',
          { allowed: "createCachedLookup from '@mqsim/name-cache/node'" },
        );
      },
      set: (value: unknown) => {
        const checked = checkServers(value, 'servers');
        if (real !== undefined) real.servers = [...checked];
        else servers = checked;
      },
    },
    updateInterfaceInfo: { value: () => real?.updateInterfaceInfo() },
  }) as unknown as CachedLookup;
}
