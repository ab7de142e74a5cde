import { ACTION_NAMES } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { ACTION_ROLES, isRemovedFromBaseline } from './action-roles.js';

describe('ACTION_ROLES', () => {
  it('keeps the incident and takes out the remedies, as the brief lists them', () => {
    const of = (role: string) =>
      ACTION_NAMES.filter((name) => ACTION_ROLES[name].role === role).sort();
    expect(of('incident')).toEqual(
      [
        'renumber',
        'add-address',
        'remove-address',
        'add-interface',
        'add-nat',
        'remove-nat',
        'dns-set',
        'partition',
        'heal',
        'set-link',
        'dns-server-down',
        'dns-server-up',
        'dc-down',
        'dc-up',
        'crash-msmq',
        'note',
      ].sort(),
    );
    expect(of('remedy')).toEqual(
      [
        'flushdns',
        'stop-msmq',
        'start-msmq',
        'restart-msmq',
        'reboot',
        'set-registry-value',
        'delete-registry-value',
        'hosts-file',
        'firewall',
        'purge-queue',
        'reset-qmid',
        'pause-outgoing',
        'resume-outgoing',
      ].sort(),
    );
  });

  it('removes a remedy only at or after the fix time', () => {
    expect([
      isRemovedFromBaseline('restart-msmq', 600, 600),
      isRemovedFromBaseline('restart-msmq', 599, 600),
      isRemovedFromBaseline('crash-msmq', 900, 600),
    ]).toEqual([true, false, false]);
  });
});
