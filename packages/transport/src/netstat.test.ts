import { fromTicks, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { formatNetstat, Network } from './index.js';

describe('netstat', () => {
  it('lists listeners and connections in every state, sorted as Windows does, with owners', () => {
    const clock = new VirtualClock({ epoch: fromTicks(0n) });
    const network = new Network({ clock, seed: 1 });
    network.addSegment('lan');
    network.addHost('qm', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.20', '2001:db8::20'] }],
    });
    network.addHost('peer', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.3', '2001:db8::3'] }],
    });
    network.listen('qm', { address: 'any', port: 135, process: 'svchost.exe' });
    network.listen('qm', { address: '10.0.0.20', port: 1801, process: 'mqsvc.exe' });
    network.listen('qm', { address: '2001:db8::20', port: 1801, process: 'mqsvc.exe' });
    network.listen('peer', { address: 'any', port: 1801, process: 'mqsvc.exe' });
    const closing = network.connect(
      'qm',
      { address: '10.0.0.3', port: 1801 },
      { process: 'mqsvc.exe' },
    );
    network.connect('peer', { address: '2001:db8::20', port: 1801 }, { process: 'mqsvc.exe' });
    clock.run();
    closing.close();
    clock.runFor(100_000);
    network.connect('qm', { address: '10.0.0.99', port: 1801 }, { process: 'mqsvc.exe' });
    expect(formatNetstat(network.netstat('qm'))).toBe(
      [
        '',
        'Active Connections',
        '',
        '  Proto  Local Address          Foreign Address        State',
        '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING',
        ' [svchost.exe]',
        '  TCP    10.0.0.20:1801         0.0.0.0:0              LISTENING',
        ' [mqsvc.exe]',
        '  TCP    10.0.0.20:49152        10.0.0.3:1801          TIME_WAIT',
        ' Can not obtain ownership information',
        '  TCP    10.0.0.20:49153        10.0.0.99:1801         SYN_SENT',
        ' [mqsvc.exe]',
        '  TCP    [::]:135               [::]:0                 LISTENING',
        ' [svchost.exe]',
        '  TCP    [2001:db8::20]:1801    [::]:0                 LISTENING',
        ' [mqsvc.exe]',
        '  TCP    [2001:db8::20]:1801    [2001:db8::3]:49152    ESTABLISHED',
        ' [mqsvc.exe]',
      ].join('\n'),
    );
  });

  it('widens columns only as far as a long IPv6 endpoint needs', () => {
    expect(
      formatNetstat([
        {
          proto: 'TCP',
          local: '[2001:db8:85a3::8a2e:370:7334]:1801',
          foreign: '[::]:0',
          state: 'LISTENING',
          process: 'mqsvc.exe',
        },
      ]).split('\n')[4],
    ).toBe('  TCP    [2001:db8:85a3::8a2e:370:7334]:1801 [::]:0                 LISTENING');
  });
});
