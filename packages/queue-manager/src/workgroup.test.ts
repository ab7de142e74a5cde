import { SimulatedDirectory, type StoredValue } from '@mqsim/ds-refresh';
import { createTraceRecorder, fromIso, TICKS, VirtualClock } from '@mqsim/filetime';
import { Network } from '@mqsim/transport';
import { describe, expect, it } from 'vitest';
import { QueueManager } from './index.js';

// Breakwell, "How often does MSMQ crawl your forest?" (shared seed msmq-ds-refresh.txt): the site
// and enterprise lists are those of *Active Directory-integrated* MSMQ, kept on the domain
// controllers. A workgroup installation (the seed incident: P2P sends by machine name, no domain)
// has no directory service, so nothing is refreshed and no DSNext…RefreshTime value is written.
describe('QueueManager in a workgroup', () => {
  function machine(workgroup: boolean | undefined) {
    const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
    const network = new Network({ clock, seed: 1 });
    network.addSegment('lan');
    network.addHost('APP01', {
      interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.0.0.1'] }],
    });
    const values = new Map<string, StoredValue>();
    const directory = new SimulatedDirectory({ clock });
    const trace = createTraceRecorder();
    const qm = new QueueManager({
      machine: 'APP01',
      clock,
      network,
      resolver: { lookup: () => undefined },
      trace,
      directory: {
        role: 'server',
        store: { get: (name) => values.get(name), set: (name, value) => values.set(name, value) },
        query: directory.query,
        ...(workgroup === undefined ? {} : { workgroup }),
      },
    });
    qm.start();
    clock.runFor(TICKS.perHour);
    return { qm, values, directory, trace };
  }

  it('runs no DS refresh and writes no DSNext… values', () => {
    const { qm, values, directory, trace } = machine(true);
    expect(qm.state).toBe('running');
    expect(qm.dsRefresh).toBeUndefined();
    expect(directory.history).toEqual([]);
    expect([...values.keys()]).toEqual([]);
    expect(trace.events.filter((event) => event.source === 'ds-refresh')).toEqual([]);
  });

  it('refreshes both lists in a domain (workgroup false or not given)', () => {
    for (const workgroup of [false, undefined]) {
      const { values, directory } = machine(workgroup);
      expect(directory.history.length).toBe(2);
      expect([...values.keys()].sort()).toEqual([
        'DSNextEnterpriseListRefreshTime',
        'DSNextSiteListRefreshTime',
      ]);
    }
  });
});
