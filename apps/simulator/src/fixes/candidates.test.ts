import type { Finding } from '@mqsim/engine';
import { describe, expect, it } from 'vitest';
import { buildCandidates } from './candidates.js';

const finding = (timeline: Record<string, unknown>[]): Finding =>
  ({
    fixes: [{ action: 'restart-msmq', host: 'APP02', text: '', timeline }],
  }) as unknown as Finding;

const input = {
  senders: ['APP02'],
  involved: ['APP01', 'APP02'],
  runningAtFix: (host: string) => (host === 'DC01' ? undefined : host !== 'APP03'),
  diagnosis: [] as Finding[],
};

const actionsOf = (list: ReturnType<typeof buildCandidates>) =>
  list.candidates.map((candidate) => [candidate.source, candidate.actions]);

describe('buildCandidates', () => {
  it('without a diagnosis: restarts, flushdns on the sender, then pairs on different hosts, restarts first', () => {
    expect(actionsOf(buildCandidates(input))).toEqual([
      ['generic', [{ do: 'restart-msmq', host: 'APP01' }]],
      ['generic', [{ do: 'restart-msmq', host: 'APP02' }]],
      ['generic', [{ do: 'flushdns', host: 'APP02' }]],
      [
        'pair',
        [
          { do: 'restart-msmq', host: 'APP01' },
          { do: 'restart-msmq', host: 'APP02' },
        ],
      ],
      [
        'pair',
        [
          { do: 'restart-msmq', host: 'APP01' },
          { do: 'flushdns', host: 'APP02' },
        ],
      ],
    ]);
  });

  it('adds the diagnosis fixes, deduplicated by their timeline, and pairs them too', () => {
    const list = buildCandidates({
      ...input,
      diagnosis: [
        finding([{ host: 'APP02', do: 'restart-msmq' }]),
        finding([{ do: 'hosts-file', host: 'APP02', entries: ['10.0.0.20 app01'] }]),
        finding([]),
      ],
    });
    expect(actionsOf(list).slice(3)).toEqual([
      ['diagnosis', [{ do: 'hosts-file', host: 'APP02', entries: ['10.0.0.20 app01'] }]],
      [
        'pair',
        [
          { do: 'restart-msmq', host: 'APP01' },
          { do: 'restart-msmq', host: 'APP02' },
        ],
      ],
      [
        'pair',
        [
          { do: 'restart-msmq', host: 'APP01' },
          { do: 'flushdns', host: 'APP02' },
        ],
      ],
      [
        'pair',
        [
          { do: 'restart-msmq', host: 'APP01' },
          { do: 'hosts-file', host: 'APP02', entries: ['10.0.0.20 app01'] },
        ],
      ],
    ]);
  });

  it('starts a stopped service instead of restarting it, skips hosts without MSMQ, and cuts at the limit', () => {
    const list = buildCandidates({
      ...input,
      involved: ['APP01', 'APP03', 'DC01'],
      senders: ['APP03'],
      limit: 3,
    });
    expect(actionsOf(list)).toEqual([
      ['generic', [{ do: 'restart-msmq', host: 'APP01' }]],
      ['generic', [{ do: 'start-msmq', host: 'APP03' }]],
      ['generic', [{ do: 'flushdns', host: 'APP03' }]],
    ]);
    expect(list.cut).toBe(2);
  });
});
