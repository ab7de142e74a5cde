import { describe, expect, it } from 'vitest';
import { createTraceCounter } from './trace-counts.js';

describe('createTraceCounter', () => {
  it('counts by type, and by type and host with the host in any case', () => {
    const counter = createTraceCounter();
    const emit = (type: string, host?: string) =>
      counter.count({ t: 0, source: 'test', type, ...(host === undefined ? {} : { host }) });
    emit('tcp.refused', 'APP02');
    emit('tcp.refused', 'app02');
    emit('tcp.refused', 'APP01');
    emit('tcp.refused');
    emit('qm.message.sent', 'APP02');
    const counts = counter.snapshot();
    expect(counts.get('tcp.refused')).toBe(4);
    expect(counts.get('tcp.refused app02')).toBe(2);
    expect(counts.get('tcp.refused app01')).toBe(1);
    expect(counts.get('qm.message.sent app02')).toBe(1);
    expect(counts.get('qm.message.sent app01')).toBeUndefined();
  });

  it('gives the counts so far at each snapshot', () => {
    const counter = createTraceCounter();
    counter.count({ t: 0, source: 'test', type: 'a', host: 'H' });
    expect(counter.snapshot().get('a h')).toBe(1);
    counter.count({ t: 1, source: 'test', type: 'a', host: 'H' });
    expect(counter.snapshot().get('a h')).toBe(2);
  });
});
