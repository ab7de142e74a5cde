import type { Clock, TraceSink } from '@mqsim/filetime';
import { type CachePolicy, checkCachePolicy, policyExpiry } from './cache-policy.js';
import { normalizeDnsName } from './dns-name.js';
import { NameCacheConfigError } from './errors.js';
import {
  type AnswerMaps,
  answerAgeSeconds,
  answerTtl,
  createAnswerMaps,
  type LookupCallback,
  type LookupResult,
  type NameResolver,
  relayer,
  unknownRecordType,
} from './lookup-result.js';
import { RECORD_TYPES, type RecordType } from './records.js';
import type {
  NameCacheTraceEvent,
  NameCacheTraceFields,
  NameCacheTraceType,
} from './trace-events.js';

/** Options of a {@link ProcessNameCache}. */
export interface ProcessNameCacheOptions {
  readonly clock: Clock;
  /** The layer below, usually the machine's {@link DnsClientCache}. */
  readonly resolver: NameResolver;
  readonly policy: CachePolicy;
  /** The machine, for trace events. */
  readonly host?: string;
  /** The process, for trace events, e.g. `mqsvc.exe`. */
  readonly process?: string;
  readonly trace?: TraceSink;
}

/**
 * A cache inside one process, on top of the OS resolver, with its own {@link CachePolicy}. Only
 * positive answers are kept; failures go back to the layer below every time. `ipconfig /flushdns`
 * cannot reach it — only `restart()` (the process restarting) or `flush()` empties it.
 *
 * The MSMQ service is `{ kind: 'until-restart' }`: once it resolved a machine name it keeps that
 * address for as long as it runs, which is why renumbered servers stay unreachable until
 * `net stop msmq && net start msmq`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
 * const server = new AuthoritativeDns();
 * server.addZone('corp.example');
 * server.setRecords('app01.corp.example', 'A', ['10.0.0.5'], { ttl: 60 });
 * const os = new DnsClientCache({ clock, server });
 * const msmq = new ProcessNameCache({ clock, resolver: os, policy: { kind: 'until-restart' }, process: 'mqsvc.exe' });
 * msmq.lookup('app01.corp.example', 'A', () => {});
 * clock.run();
 * server.setRecords('app01.corp.example', 'A', ['192.168.1.5']); // renumbered
 * os.flush(); // ipconfig /flushdns
 * msmq.lookup('app01.corp.example', 'A', () => {})?.values; // ['10.0.0.5']
 * msmq.restart(); // net stop msmq && net start msmq
 * msmq.lookup('app01.corp.example', 'A', () => {}); // undefined: asks DNS again
 * ```
 */
export class ProcessNameCache implements NameResolver {
  readonly #clock: Clock;
  readonly #resolver: NameResolver;
  readonly #policy: CachePolicy;
  readonly #host: string | undefined;
  readonly #process: string | undefined;
  readonly #trace: TraceSink | undefined;
  readonly #cache: AnswerMaps = createAnswerMaps();

  constructor(options: ProcessNameCacheOptions) {
    this.#clock = options.clock;
    this.#resolver = options.resolver;
    this.#policy = checkCachePolicy(options.policy);
    this.#host = options.host;
    this.#process = options.process;
    this.#trace = options.trace;
  }

  /** The policy this cache follows. */
  get policy(): CachePolicy {
    return this.#policy;
  }

  /**
   * Resolves `name` for `type`: from this cache at once when it holds a live answer, else through
   * the layer below (at once if that layer can, else via `callback`).
   *
   * @throws {DnsNameError} for a malformed name; {@link NameCacheConfigError} for an unknown type.
   */
  lookup(name: string, type: RecordType, callback: LookupCallback): LookupResult | undefined {
    const cache = this.#cache[type];
    const entry = cache?.get(name);
    if (entry !== undefined && this.#clock.ticks() < entry.expiresAt) {
      if (this.#trace !== undefined) this.#emitHit(entry);
      return entry;
    }
    if (cache === undefined) throw unknownRecordType(type);
    const canonical = normalizeDnsName(name);
    const existing = cache.get(canonical);
    if (existing !== undefined) {
      if (this.#clock.ticks() < existing.expiresAt) {
        if (this.#trace !== undefined) this.#emitHit(existing);
        return existing;
      }
      cache.delete(canonical);
      this.#emit('cache.expired', { name: canonical, recordType: type });
    }
    this.#emit('cache.miss', { name: canonical, recordType: type });
    const now = this.#resolver.lookup(canonical, type, (result) =>
      callback(this.#keep(canonical, result)),
    );
    return now === undefined ? undefined : this.#keep(canonical, now);
  }

  /**
   * Forgets the answer for one name (every record type), so the next lookup asks the layer below;
   * how many entries went. MSMQ after KB 833512 does this for a destination it failed to deliver to.
   */
  forget(name: string): number {
    const canonical = normalizeDnsName(name);
    let forgotten = 0;
    for (const cache of Object.values(this.#cache)) {
      if (cache.delete(canonical)) forgotten++;
      if (name !== canonical && cache.delete(name)) forgotten++;
    }
    return forgotten;
  }

  /** The process restarts: everything it had cached is gone. */
  restart(): number {
    return this.#clear('restart');
  }

  /** Empties the cache without a restart (an application-level "clear cache"). */
  flush(): number {
    return this.#clear('flush');
  }

  /** The live entries, by type then insertion. */
  entries(): LookupResult[] {
    const now = this.#clock.ticks();
    return RECORD_TYPES.flatMap((type) =>
      [...this.#cache[type].values()].filter((entry) => now < entry.expiresAt),
    );
  }

  #keep(name: string, result: LookupResult): LookupResult {
    if (result.status !== 'ok') return result;
    const now = this.#clock.ticks();
    const expiresAt = policyExpiry(this.#policy, result.obtainedAt, answerTtl(result.records), now);
    if (expiresAt > now)
      this.#cache[result.type].set(name, relayer(result, 'process-cache', expiresAt));
    return result;
  }

  #clear(reason: 'restart' | 'flush'): number {
    let cleared = 0;
    for (const cache of Object.values(this.#cache)) {
      cleared += cache.size;
      cache.clear();
    }
    this.#emit('cache.flushed', { reason, entries: cleared });
    return cleared;
  }

  #emitHit(entry: LookupResult): void {
    this.#emit('cache.hit', {
      name: entry.name,
      recordType: entry.type,
      values: entry.values,
      ageSeconds: answerAgeSeconds(entry, this.#clock),
    });
  }

  #emit<Type extends NameCacheTraceType>(
    type: Type,
    fields: Omit<NameCacheTraceFields<Type>, 'layer' | 'process'>,
  ): void {
    this.#trace?.emit({
      t: this.#clock.ticks(),
      ...(this.#host === undefined ? {} : { host: this.#host }),
      source: 'name-cache',
      type,
      layer: 'process-cache',
      ...(this.#process === undefined ? {} : { process: this.#process }),
      ...fields,
    } as NameCacheTraceEvent);
  }
}
