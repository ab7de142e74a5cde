import { readFileSync } from 'node:fs';
import { fromTicks, toCommandOutputText, VirtualClock } from '@mqsim/filetime';
import { describe, expect, it } from 'vitest';
import { formatNetstat, type NetstatRow, Network, readNetstat } from './index.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

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

  it('widens columns only as far as a long IPv6 endpoint needs, keeping two spaces after it', () => {
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
    ).toBe('  TCP    [2001:db8:85a3::8a2e:370:7334]:1801  [::]:0                 LISTENING');
  });

  // The layout is checked against real captures (see __fixtures__/PROVENANCE.md), not against
  // readNetstat: the rows of the French `netstat -anb`, as the reader reads them, written again,
  // give the capture line for line once its French banner, header and no-owner message are put in
  // English: service lines above `[svchost.exe]`, `Can not obtain ownership information`, no owner
  // line under TIME_WAIT, UDP rows, two spaces after an endpoint longer than its column.
  it('writes the rows of a real netstat -anb with the layout netstat printed them in', () => {
    const bytes = fixture('netstat-anb-fr.utf16le.txt');
    const rows: NetstatRow[] = readNetstat(bytes).value.rows.map((entry) => ({
      proto: entry.proto,
      local: entry.local,
      foreign: entry.foreign,
      state: entry.state,
      process: entry.process,
      ...(entry.service === undefined ? {} : { service: entry.service }),
    }));
    const english = toCommandOutputText(bytes)
      .replace('Connexions actives', 'Active Connections')
      .replace(
        '  Proto  Adresse locale         Adresse distante       État',
        '  Proto  Local Address          Foreign Address        State',
      )
      .replaceAll(
        'Impossible d’obtenir les informations de propriétaire',
        'Can not obtain ownership information',
      );
    // The published capture lost the trailing blanks of its UDP rows (a Markdown file); the
    // German one below kept them.
    const lines = (text: string) => text.split(/\r?\n/).map((line) => line.trimEnd());
    expect(lines(formatNetstat(rows))).toEqual(lines(english.replace(/\r\n$/, '')));
  });

  it('pads a UDP row without a peer as netstat -an does, blanks and all', () => {
    const real = toCommandOutputText(fixture('netstat-an-de.cp850.txt')).split('\r\n');
    const udp = real.find((line) => line.startsWith('  UDP    0.0.0.0:123'));
    const text = formatNetstat([
      { proto: 'UDP', local: '0.0.0.0:123', foreign: '*:*', state: undefined, process: 'x' },
    ]);
    expect(text.split('\n')[4]).toBe(udp);
  });
});
