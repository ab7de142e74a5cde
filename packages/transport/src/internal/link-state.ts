import { NetworkConfigError } from '../errors.js';
import type { Jitter, LinkSettings, ResolvedLinkSettings } from '../settings.js';
import { createRandomStream, type RandomStream } from './random-stream.js';

/**
 * One link's settings and state: a segment, a host pair override, or the loopback. Draws every
 * random decision from its own named stream.
 */
export class LinkState {
  settings: ResolvedLinkSettings;
  /** No randomness and no bandwidth limit: every packet takes exactly `latency`. */
  plain: boolean;
  /** When the shared medium is free again (bandwidth-limited links only). */
  busyUntil = 0;
  readonly #random: RandomStream;

  constructor(seed: number, streamName: string, settings: ResolvedLinkSettings) {
    this.#random = createRandomStream(seed, streamName);
    this.settings = settings;
    this.plain = isPlain(settings);
  }

  update(settings: ResolvedLinkSettings): void {
    this.settings = settings;
    this.plain = isPlain(settings);
  }

  /** `true` with probability `probability` (no draw when it is 0). */
  chance(probability: number): boolean {
    return probability > 0 && this.#random.next() < probability;
  }

  /** Latency plus a jitter sample, whole ticks, never negative. */
  sampleDelay(): number {
    const { latency, jitter } = this.settings;
    if (jitter === 0) return latency;
    // A heavy tail (pareto with a small shape) can draw delays past any clock: a packet held
    // longer than MAX_JITTER_TICKS is as good as lost to TCP, so the draw is capped there.
    return Math.max(
      0,
      Math.round(latency + Math.min(MAX_JITTER_TICKS, this.#sampleJitter(jitter))),
    );
  }

  #sampleJitter(jitter: number | Jitter): number {
    if (typeof jitter === 'number') return this.#random.next() * jitter;
    switch (jitter.distribution) {
      case 'uniform':
        return this.#random.next() * jitter.max;
      case 'exponential':
        return -Math.log(1 - this.#random.next()) * jitter.mean;
      case 'normal': {
        // Box–Muller; 1 − U keeps the logarithm finite.
        const radius = Math.sqrt(-2 * Math.log(1 - this.#random.next()));
        return radius * Math.cos(2 * Math.PI * this.#random.next()) * jitter.stddev;
      }
      case 'pareto':
        return jitter.scale * ((1 - this.#random.next()) ** (-1 / jitter.shape) - 1);
    }
  }
}

/** The longest extra delay one jitter draw adds: one hour. */
const MAX_JITTER_TICKS = 3600 * 10_000_000;

function isPlain(settings: ResolvedLinkSettings): boolean {
  return (
    settings.jitter === 0 &&
    settings.loss === 0 &&
    settings.duplicate === 0 &&
    settings.reorder === 0 &&
    settings.bandwidth === Number.POSITIVE_INFINITY
  );
}

const PROBABILITY = 'a probability from 0 to 1';
const WHOLE_TICKS = 'a whole number of 100-ns ticks ≥ 0';

/**
 * `base` with `patch` applied, every value checked.
 * @throws {NetworkConfigError} naming `where` and the setting.
 */
export function resolveLinkSettings(
  base: ResolvedLinkSettings,
  patch: LinkSettings,
  where: string,
): ResolvedLinkSettings {
  if (typeof patch !== 'object' || patch === null) {
    throw new NetworkConfigError(`${where}: link settings must be an object`, {
      value: patch,
      allowed: 'an object with latency, jitter, loss, duplicate, reorder, reorderDelay, bandwidth',
    });
  }
  const known = new Set(Object.keys(base));
  for (const key of Object.keys(patch)) {
    if (!known.has(key)) {
      throw new NetworkConfigError(`${where}: unknown link setting '${key}'`, {
        value: key,
        allowed: [...known].join(', '),
      });
    }
  }
  const resolved = { ...base };
  if (patch.latency !== undefined) resolved.latency = checkTicks(patch.latency, 'latency', where);
  if (patch.reorderDelay !== undefined) {
    resolved.reorderDelay = checkTicks(patch.reorderDelay, 'reorderDelay', where);
  }
  if (patch.loss !== undefined) resolved.loss = checkProbability(patch.loss, 'loss', where);
  if (patch.duplicate !== undefined) {
    resolved.duplicate = checkProbability(patch.duplicate, 'duplicate', where);
  }
  if (patch.reorder !== undefined) {
    resolved.reorder = checkProbability(patch.reorder, 'reorder', where);
  }
  if (patch.bandwidth !== undefined) {
    if (!(typeof patch.bandwidth === 'number' && patch.bandwidth > 0)) {
      throw settingError(where, 'bandwidth', patch.bandwidth, 'bits per second > 0, or Infinity');
    }
    resolved.bandwidth = patch.bandwidth;
  }
  if (patch.jitter !== undefined) resolved.jitter = checkJitter(patch.jitter, where);
  return resolved;
}

function checkTicks(value: unknown, name: string, where: string): number {
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    throw settingError(where, name, value, WHOLE_TICKS);
  }
  return value;
}

function checkProbability(value: unknown, name: string, where: string): number {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
    throw settingError(where, name, value, PROBABILITY);
  }
  return value;
}

function checkPositive(value: unknown, name: string, where: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw settingError(where, name, value, 'a finite number ≥ 0');
  }
}

function checkJitter(jitter: number | Jitter, where: string): number | Jitter {
  if (typeof jitter === 'number') {
    checkPositive(jitter, 'jitter', where);
    return jitter;
  }
  const forms =
    "a number of ticks, or { distribution: 'uniform', max } | { distribution: 'normal', stddev } | { distribution: 'exponential', mean } | { distribution: 'pareto', scale, shape }";
  switch (jitter?.distribution) {
    case 'uniform':
      checkPositive(jitter.max, 'jitter.max', where);
      return { distribution: 'uniform', max: jitter.max };
    case 'normal':
      checkPositive(jitter.stddev, 'jitter.stddev', where);
      return { distribution: 'normal', stddev: jitter.stddev };
    case 'exponential':
      checkPositive(jitter.mean, 'jitter.mean', where);
      return { distribution: 'exponential', mean: jitter.mean };
    case 'pareto':
      checkPositive(jitter.scale, 'jitter.scale', where);
      if (!(typeof jitter.shape === 'number' && jitter.shape > 0)) {
        throw settingError(where, 'jitter.shape', jitter.shape, 'a number > 0');
      }
      return { distribution: 'pareto', scale: jitter.scale, shape: jitter.shape };
    default:
      throw settingError(where, 'jitter', jitter, forms);
  }
}

function settingError(where: string, name: string, value: unknown, allowed: string) {
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return new NetworkConfigError(`${where}: link setting ${name}=${shown} is out of range`, {
    value,
    allowed,
  });
}
