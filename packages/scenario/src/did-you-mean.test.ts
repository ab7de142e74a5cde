import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanHint } from './did-you-mean.js';

describe('didYouMean', () => {
  it('suggests the closest candidate within one edit per three characters', () => {
    const keys = ['name', 'network', 'addresses', 'negativeTtl', 'maxCacheTtl'];
    expect(
      [
        'adresses',
        'netwrok',
        'Name',
        'negative_ttl',
        'maxcachettl',
        'nam',
        'zzz',
        'interfaces',
      ].map((typed) => didYouMean(typed, keys)),
    ).toEqual([
      'addresses',
      'network',
      'name',
      'negativeTtl',
      'maxCacheTtl',
      'name',
      undefined,
      undefined,
    ]);
  });

  it('takes a word that begins exactly one candidate as that candidate', () => {
    const actions = ['restart-msmq', 'stop-msmq', 'start-msmq', 'dns-set', 'dns-server-down'];
    expect(
      ['restart', 'stop', 'dns', 'st', 'msmq'].map((typed) => didYouMean(typed, actions)),
    ).toEqual(
      // `dns` begins two, `st` is too short to mean anything, `msmq` begins none.
      ['restart-msmq', 'stop-msmq', undefined, undefined, undefined],
    );
  });

  it('counts a swap of two neighbouring letters as one edit', () => {
    expect([
      didYouMean('lna', ['lan', 'dmz']),
      didYouMean('flushdsn', ['flushdns', 'reboot']),
    ]).toEqual(['lan', 'flushdns']);
  });

  it('never suggests what was typed, and finds any candidate one edit away', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{4,12}$/), fc.nat(), (word, at) => {
        const index = at % word.length;
        const typo = word.slice(0, index) + word.slice(index + 1);
        return didYouMean(typo, [word]) === word && didYouMean(word, [word]) === undefined;
      }),
    );
  });

  it('formats a hint, or nothing', () => {
    expect([didYouMeanHint('hostz', ['hosts']), didYouMeanHint('x', ['hosts'])]).toEqual([
      '; did you mean "hosts"?',
      '',
    ]);
  });
});
