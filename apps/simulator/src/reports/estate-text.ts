import type { Finding, HostReport, RunResult, TimelineEntry } from '@mqsim/engine';
import { isoParts } from '@mqsim/filetime';
import { tableOrList } from './text-table.js';
import { hangingIndent } from './text-wrap.js';
import { whyLines } from './why-text.js';

/**
 * More MSMQ machines than this and the run report speaks of sites, not machines: a section per
 * machine, a timeline line per machine and a finding per queue are thousands of lines for an
 * estate (the built-in `enterprise` printed 28,000).
 */
export const ESTATE_MACHINES = 40;

/** Whether `result` is reported as an estate (per site, findings grouped by cause). */
export function isEstate(result: RunResult): boolean {
  return result.hosts.filter((host) => host.service !== 'none').length > ESTATE_MACHINES;
}

/** A machine's site: the network of its first interface, as Active Directory maps subnets to sites. */
function siteOf(result: RunResult): (host: string) => string {
  const sites = new Map(
    result.scenario.hosts.map((spec) => [spec.name, spec.interfaces[0]?.network ?? '—']),
  );
  return (host) => sites.get(host) ?? '—';
}

/**
 * Timeline entries at the same second that say the same thing of different machines (the same
 * text once host names, addresses and numbers are set aside) as their first, with how many more.
 */
export function groupedTimeline(
  result: RunResult,
  entries: readonly TimelineEntry[],
): TimelineEntry[] {
  const names = result.scenario.hosts
    .map((spec) => spec.name)
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const hostPattern = names.length === 0 ? undefined : new RegExp(names.join('|'), 'gi');
  const shapeOf = (entry: TimelineEntry) =>
    `${entry.at}\u0000${entry.kind}\u0000${(hostPattern === undefined
      ? entry.text
      : entry.text.replace(hostPattern, '#')
    )
      .replace(/\d+(?:\.\d+){3}/g, '#')
      .replace(/\d+/g, '#')}`;
  const groups = new Map<string, { first: TimelineEntry; hosts: Set<string>; count: number }>();
  const order: string[] = [];
  for (const entry of entries) {
    const key = shapeOf(entry);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { first: entry, hosts: new Set([entry.host]), count: 1 });
      order.push(key);
    } else {
      group.count++;
      group.hosts.add(entry.host);
    }
  }
  return order.map((key) => {
    const { first, hosts, count } = groups.get(key) as {
      first: TimelineEntry;
      hosts: Set<string>;
      count: number;
    };
    if (count === 1) return first;
    const on = hosts.size > 1 ? ` on ${hosts.size.toLocaleString('en-US')} machines` : '';
    return {
      ...first,
      text: `${first.text} (and ${(count - 1).toLocaleString('en-US')} more like it${on})`,
    };
  });
}

/** One table row per site: machines, stopped services, stuck outgoing queues, messages. */
export function siteLines(result: RunResult, width: number): string[] {
  const site = siteOf(result);
  const bySite = new Map<string, HostReport[]>();
  for (const host of result.hosts) {
    if (host.service === 'none') continue;
    const name = site(host.name);
    bySite.set(name, [...(bySite.get(name) ?? []), host]);
  }
  const header = [
    'site',
    'machines',
    'stopped',
    'stuck queues',
    'waiting',
    'in queues',
    'dead letters',
  ];
  const stuckHosts: string[] = [];
  const rows = [...bySite].map(([name, hosts]) => {
    let stuck = 0;
    let waiting = 0;
    let queued = 0;
    let dead = 0;
    for (const host of hosts) {
      const blocked = host.outgoing.filter(
        (queue) => queue.messageCount > 0 && queue.state !== 'Connected',
      );
      stuck += blocked.length;
      if (blocked.length > 0) stuckHosts.push(host.name);
      for (const queue of host.outgoing) waiting += queue.messageCount;
      for (const queue of host.queues) {
        if (/^system\$;dead/i.test(queue.path)) dead += queue.messages;
        else if (!queue.path.startsWith('SYSTEM$')) queued += queue.messages;
      }
    }
    return [
      name,
      hosts.length,
      hosts.filter((host) => host.service !== 'running').length,
      stuck,
      waiting,
      queued,
      dead,
    ].map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell));
  });
  const lines = tableOrList(header, rows, width, [false, true, true, true, true, true, true]);
  if (stuckHosts.length > 0)
    lines.push(
      '',
      ...hangingIndent(
        '  ',
        '    ',
        `machines with stuck outgoing queues: ${listSome(stuckHosts, 12)}`,
        width,
      ),
    );
  return lines;
}

/**
 * The *Why* section of an estate: findings grouped by the layer that holds the wrong value, each
 * group with how many symptoms, machines and sites it covers, when it was seen, the machines to
 * fix, and one of its findings in full as the example.
 */
export function groupedWhyLines(result: RunResult, width: number): string[] {
  const diagnosis = result.diagnosis;
  if (diagnosis.length === 0) return whyLines(diagnosis, width);
  const site = siteOf(result);
  const groups = new Map<string, Finding[]>();
  for (const finding of diagnosis)
    groups.set(finding.cause.layer, [...(groups.get(finding.cause.layer) ?? []), finding]);
  const lines: string[] = [];
  for (const [layer, findings] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    const hosts = new Set(findings.map((finding) => finding.cause.host || finding.host));
    const sites = new Set([...hosts].map(site));
    const ongoing = findings.filter((finding) => finding.ongoing).length;
    const first = Math.min(...findings.map((finding) => finding.at));
    const firstTime = findings.find((finding) => finding.at === first)?.atTime ?? '';
    const fixHosts = [
      ...new Set(
        findings.flatMap((finding) => finding.fixes.map((fix) => fix.host).filter(Boolean)),
      ),
    ];
    if (lines.length > 0) lines.push('');
    lines.push(
      ...hangingIndent(
        '  ',
        '    ',
        `${layer}: ${findings.length.toLocaleString('en-US')} symptom${findings.length === 1 ? '' : 's'} on ${hosts.size.toLocaleString('en-US')} machine${hosts.size === 1 ? '' : 's'} in ${sites.size} site${sites.size === 1 ? '' : 's'}, first seen ${isoParts(firstTime).time}; ${ongoing === 0 ? 'all cleared by the end' : `${ongoing.toLocaleString('en-US')} still at the end`}`,
        width,
      ),
    );
    if (fixHosts.length > 0)
      lines.push(...hangingIndent('    ', '      ', `fix on: ${listSome(fixHosts, 12)}`, width));
    const example = findings.find((finding) => finding.ongoing) ?? (findings[0] as Finding);
    lines.push('    for example:', ...whyLines([example], width - 2).map((text) => `  ${text}`));
  }
  return lines;
}

function listSome(names: readonly string[], shown: number): string {
  return names.length <= shown
    ? names.join(', ')
    : `${names.slice(0, shown).join(', ')} and ${(names.length - shown).toLocaleString('en-US')} more`;
}
