import { createHash } from 'node:crypto';
import type { TraceEvent } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { bigintAsString, createFingerprintSink } from './trace-fingerprint.js';

/** The definition: SHA-256 over each event's JSON (bigints as decimal strings) and a newline. */
function reference(events: readonly TraceEvent[]): string {
  const hash = createHash('sha256');
  for (const event of events) hash.update(`${JSON.stringify(event, bigintAsString)}\n`);
  return hash.digest('hex');
}

const events = (count: number): TraceEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    t: index * 10,
    host: `HOST${index % 7}`,
    source: 'test',
    type: index % 3 === 0 ? 'demo.ticked' : 'demo.sent',
    ...(index % 5 === 0 ? { next: BigInt(index) * 10_000_000_000n } : { id: index }),
    text: 'é "quoted" \\ back',
  }));

describe('createFingerprintSink', () => {
  it('is the SHA-256 of the JSON lines, across batch boundaries and with bigint fields', () => {
    const many = events(5_000); // far more than one 64 KB batch
    const sink = createFingerprintSink();
    for (const event of many) sink.emit(event);
    expect(sink.digest()).toBe(reference(many));
    expect(sink.count).toBe(5_000);
  });

  it('gives the digest so far each time it is asked, and goes on folding after', () => {
    const sink = createFingerprintSink();
    const all = events(300);
    for (const event of all.slice(0, 100)) sink.emit(event);
    expect(sink.digest()).toBe(reference(all.slice(0, 100)));
    expect(sink.digest()).toBe(reference(all.slice(0, 100)));
    for (const event of all.slice(100)) sink.emit(event);
    expect(sink.digest()).toBe(reference(all));
  });

  it('changes when one field of one event changes', () => {
    const all = events(50);
    const changed = all.map((event, index) =>
      index === 37 ? { ...event, t: event.t + 1 } : event,
    );
    const digest = (list: TraceEvent[]) => {
      const sink = createFingerprintSink();
      for (const event of list) sink.emit(event);
      return sink.digest();
    };
    expect(digest(changed)).not.toBe(digest(all));
  });
});
