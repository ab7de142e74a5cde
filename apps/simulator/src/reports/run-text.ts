import type { RunResult } from '@mqsim/engine';
import { OUTGOING_STATE_LABELS } from '@mqsim/queue-manager';
import { wrapText } from './text-wrap.js';
import { outcomeLines, totalsParts } from './totals-text.js';
import { whyLines } from './why-text.js';

/** ANSI colours, or nothing: the report reads the same without them. */
function palette(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    bold: wrap('1'),
    dim: wrap('2'),
    green: wrap('32'),
    red: wrap('31'),
    yellow: wrap('33'),
    cyan: wrap('36'),
  };
}

/**
 * The terminal report of a run: what the scenario is about, the timeline of notable events,
 * each host's outgoing queues and queues, the message accounting, refresh times, the
 * expectations with ✓/✗, and the trace fingerprint.
 */
export function formatRunReport(
  result: RunResult,
  options: {
    readonly color?: boolean;
    /** Lines of the *Effects* section (each action replayed away), printed after the timeline. */
    readonly effects?: readonly string[];
  } = {},
): string {
  const c = palette(options.color ?? false);
  const { scenario } = result;
  const lines: string[] = [];
  lines.push(
    c.bold(`${scenario.name}`) +
      c.dim(`  (seed ${result.seed}, ${result.events.toLocaleString('en-US')} events)`),
  );
  if (scenario.description !== '')
    lines.push(...wrapText(scenario.description.trim(), 96).map((line) => `  ${line}`));
  lines.push('', c.bold('Timeline'));
  const hostWidth = Math.max(4, ...result.timeline.map((entry) => entry.host.length));
  for (const entry of result.timeline) {
    const marker =
      entry.kind === 'action' ? c.cyan('>') : entry.kind === 'note' ? c.yellow('#') : ' ';
    const text =
      entry.kind === 'note'
        ? c.yellow(entry.text)
        : entry.kind === 'action'
          ? c.cyan(entry.text)
          : entry.text;
    lines.push(`${c.dim(entry.at)}  ${entry.host.padEnd(hostWidth)} ${marker} ${text}`);
  }
  if (options.effects !== undefined && options.effects.length > 0)
    lines.push('', ...options.effects);
  for (const host of result.hosts) {
    if (host.service === 'none') continue;
    lines.push(
      '',
      c.bold(`${host.name}`) +
        c.dim(
          ` (${host.role}, MSMQ ${host.service}; addresses ${host.addresses.join(', ') || 'none'}; listening on ${host.boundAddresses.join(', ') || 'nothing'})`,
        ),
    );
    if (host.outgoing.length > 0) {
      lines.push(
        ...table(
          ['outgoing queue', 'state', 'next hop', 'messages'],
          host.outgoing.map((row) => [
            row.queueName,
            OUTGOING_STATE_LABELS[row.state],
            row.nextHop ?? '',
            String(row.messageCount),
          ]),
        ).map((line) => `  ${line}`),
      );
    }
    const queues = host.queues.filter(
      (queue) => queue.messages > 0 || !queue.path.startsWith('SYSTEM$'),
    );
    if (queues.length > 0) {
      lines.push(
        ...table(
          ['queue', 'messages'],
          queues.map((queue) => [queue.path, String(queue.messages)]),
        ).map((line) => `  ${line}`),
      );
    }
    if (host.refresh.site !== undefined || host.refresh.enterprise !== undefined) {
      lines.push(
        `  next DS refresh: site ${host.refresh.site ?? '—'}, enterprise ${host.refresh.enterprise ?? '— (not kept)'}`,
      );
    }
  }
  const t = result.totals;
  lines.push('', c.bold('Messages'), `  ${totalsParts(t).join(', ')}`, ...outcomeLines(result));
  lines.push('', c.bold('Why'), ...whyLines(result.diagnosis));
  if (result.expectations.length > 0) {
    lines.push('', c.bold('Expectations'));
    for (const expectation of result.expectations) {
      const where = `${expectation.location.line}:${expectation.location.column}`;
      lines.push(
        expectation.ok
          ? `  ${c.green('✓')} ${expectation.text}: ${expectation.seen}`
          : `  ${c.red('✗')} ${expectation.text}: expected ${expectation.expected}, seen ${expectation.seen}  ${c.dim(`(${where})`)}`,
      );
    }
  }
  lines.push(
    '',
    c.dim(
      `fingerprint ${result.fingerprint.slice(0, 16)}  (same scenario and seed, same fingerprint)`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
