// install(agent) / uninstall(agent): what cacheable-lookup does, without its global state. The
// agent's createConnection is wrapped so that every connection it opens without its own `lookup`
// gets ours; the original is kept on the agent under a registry symbol, so two copies of this
// package agree on who installed what.
import { NameCacheConfigError } from '../errors.js';
import type { InstallableAgent } from '../node-lookup.js';

const ORIGINAL = Symbol.for('mqsim.name-cache.agent.createConnection');
const OWNER = Symbol.for('mqsim.name-cache.agent.lookup');

type CreateConnection = (options: Record<string, unknown>, ...rest: unknown[]) => unknown;

interface Installed {
  [ORIGINAL]?: CreateConnection;
  [OWNER]?: unknown;
  createConnection?: unknown;
}

/**
 * Makes `agent` pass `lookup` to every connection it opens (unless the request brings its own).
 * @throws {NameCacheConfigError} if a lookup is already installed on it, or it is not an agent.
 */
export function installOnAgent(agent: InstallableAgent, lookup: unknown): void {
  const target = checkAgent(agent, 'install');
  if (target[OWNER] !== undefined) {
    throw new NameCacheConfigError(
      target[OWNER] === lookup
        ? 'install(agent): this lookup is already installed on that agent'
        : 'install(agent): another lookup is installed on that agent; uninstall it first',
      { value: agent, allowed: 'an agent without an installed lookup' },
    );
  }
  const original = target.createConnection as CreateConnection;
  target[ORIGINAL] = original;
  target[OWNER] = lookup;
  target.createConnection = function createConnection(
    this: unknown,
    options: Record<string, unknown>,
    ...rest: unknown[]
  ) {
    const withLookup = options.lookup === undefined ? { ...options, lookup } : options;
    return original.call(this, withLookup, ...rest);
  };
}

/**
 * Undoes installOnAgent; nothing for an agent it was never installed on.
 * @throws {NameCacheConfigError} if another lookup is installed on the agent.
 */
export function uninstallFromAgent(agent: InstallableAgent, lookup: unknown): void {
  const target = checkAgent(agent, 'uninstall');
  if (target[OWNER] === undefined) return;
  if (target[OWNER] !== lookup) {
    throw new NameCacheConfigError(
      'uninstall(agent): the lookup installed on that agent is another one',
      { value: agent, allowed: 'an agent this lookup was installed on' },
    );
  }
  const original = target[ORIGINAL];
  // Inherited (Agent.prototype's) before install: drop our own property rather than copy it.
  if ((Object.getPrototypeOf(target) as Installed | null)?.createConnection === original) {
    delete target.createConnection;
  } else {
    target.createConnection = original;
  }
  delete target[ORIGINAL];
  delete target[OWNER];
}

function checkAgent(agent: InstallableAgent, what: string): Installed {
  if (
    typeof agent !== 'object' ||
    agent === null ||
    typeof (agent as Installed).createConnection !== 'function'
  ) {
    throw new NameCacheConfigError(
      `${what}(agent) needs an http.Agent or https.Agent (an object with createConnection)`,
      { value: agent, allowed: 'an http.Agent or https.Agent' },
    );
  }
  return agent as Installed;
}
