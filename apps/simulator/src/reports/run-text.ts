import { basename } from 'node:path';
import type { RunResult } from '@mqsim/engine';
import { dateAndTime, toIso } from '@mqsim/filetime';
import { OUTGOING_STATE_LABELS } from '@mqsim/queue-manager';
import { groupedTimeline, groupedWhyLines, isEstate, siteLines } from './estate-text.js';
import { tableOrList } from './text-table.js';
import { hangingIndent, REPORT_WIDTH } from './text-wrap.js';
import { timelineLines } from './timeline-text.js';
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
 * The terminal report of a run, within `width` columns (80 by default; words wrap, never
 * mid-word, and a table too wide becomes a list): what the scenario is about, where a cut-off run
 * stopped, the timeline of notable events (the date once per day), each host's outgoing queues
 * and queues, the message accounting, refresh times, the expectations with ✓/✗ (and `?` for
 * those the run could not judge yet), and the trace fingerprint.
 */
export function formatRunReport(
  result: RunResult,
  options: {
    readonly color?: boolean;
    /** Lines of the *Effects* section (each action replayed away), printed after the timeline. */
    readonly effects?: readonly string[];
    /** Columns to fit in; default {@link REPORT_WIDTH}. */
    readonly width?: number;
  } = {},
): string {
  const c = palette(options.color ?? false);
  const width = Math.max(40, options.width ?? REPORT_WIDTH);
  const { scenario } = result;
  const lines: string[] = [];
  lines.push(
    c.bold(`${scenario.name}`) +
      c.dim(`  (seed ${result.seed}, ${result.events.toLocaleString('en-US')} events)`),
  );
  if (scenario.description !== '')
    lines.push(...hangingIndent('  ', '  ', scenario.description.trim(), width));
  const stoppedEarly = result.endedAt < scenario.duration && result.interruptedAt === undefined;
  if (stoppedEarly) {
    const percent = Math.floor((100 * result.endedAt) / scenario.duration);
    const open = result.expectations.filter((expectation) => expectation.judged === false).length;
    lines.push(
      '',
      ...hangingIndent(
        '',
        '  ',
        `Stopped at ${dateAndTime(toIso(scenario.start.plus(result.endedAt)))} UTC (${percent}% of the scenario, which ends at ${dateAndTime(toIso(scenario.start.plus(scenario.duration)))}); ${open === 0 ? 'every expectation could be judged' : `${open} expectation${open === 1 ? '' : 's'} could not be judged yet`}.`,
        width,
      ).map((line) => c.yellow(line)),
    );
  }
  const estate = isEstate(result);
  const timeline = estate ? groupedTimeline(result, result.timeline) : result.timeline;
  lines.push('', c.bold('Timeline'));
  lines.push(
    ...timelineLines(timeline, {
      width,
      hostWidth: Math.max(4, ...timeline.map((entry) => entry.host.length)),
      dim: c.dim,
      colour: (kind) => (kind === 'note' ? c.yellow : c.cyan),
    }),
  );
  if (options.effects !== undefined && options.effects.length > 0)
    lines.push('', ...options.effects);
  if (estate) lines.push('', c.bold('Sites'), ...siteLines(result, width));
  for (const host of estate ? [] : result.hosts) {
    if (host.service === 'none') continue;
    const about = ` (${host.role}, MSMQ ${host.service}; addresses ${host.addresses.join(', ') || 'none'}; listening on ${host.boundAddresses.join(', ') || 'nothing'})`;
    const heading = hangingIndent('', '    ', `${host.name}${about}`, width);
    lines.push(
      '',
      ...heading.map((line, index) =>
        index === 0 ? c.bold(host.name) + c.dim(line.slice(host.name.length)) : c.dim(line),
      ),
    );
    if (host.outgoing.length > 0) {
      lines.push(
        ...tableOrList(
          ['outgoing queue', 'state', 'next hop', 'messages'],
          host.outgoing.map((row) => [
            row.queueName,
            OUTGOING_STATE_LABELS[row.state],
            row.nextHop ?? '',
            row.messageCount.toLocaleString('en-US'),
          ]),
          width,
          [false, false, false, true],
        ),
      );
    }
    const queues = host.queues.filter(
      (queue) => queue.messages > 0 || !queue.path.startsWith('SYSTEM$'),
    );
    if (queues.length > 0) {
      lines.push(
        ...tableOrList(
          ['queue', 'messages'],
          queues.map((queue) => [queue.path, queue.messages.toLocaleString('en-US')]),
          width,
          [false, true],
        ),
      );
    }
    if (host.refresh.site !== undefined || host.refresh.enterprise !== undefined) {
      lines.push(
        ...hangingIndent(
          '  ',
          '    ',
          `next DS refresh: site ${host.refresh.site === undefined ? '—' : `${dateAndTime(host.refresh.site)} UTC`}, enterprise ${host.refresh.enterprise === undefined ? '— (not kept)' : `${dateAndTime(host.refresh.enterprise)} UTC`}`,
          width,
        ),
      );
    }
  }
  const t = result.totals;
  lines.push(
    '',
    c.bold('Messages'),
    ...hangingIndent('  ', '    ', totalsParts(t).join(', '), width),
    ...outcomeLines(result).flatMap((line) => hangingIndent('  ', '    ', line.trim(), width)),
  );
  lines.push(
    '',
    c.bold('Why'),
    ...(estate ? groupedWhyLines(result, width) : whyLines(result.diagnosis, width)),
  );
  if (result.expectations.length > 0) {
    lines.push('', c.bold('Expectations'));
    for (const expectation of result.expectations) {
      const where = `${basename(expectation.location.file)}:${expectation.location.line}:${expectation.location.column}`;
      // A pass says what it was held to, so `6` reads as `6 (expected at least 1)`.
      const mark =
        expectation.judged === false ? c.yellow('?') : expectation.ok ? c.green('✓') : c.red('✗');
      const text = expectation.ok
        ? `${expectation.text}: ${expectation.seen} (expected ${expectation.expected})`
        : `${expectation.text}: expected ${expectation.expected}, seen ${expectation.seen} (${where})`;
      lines.push(
        ...hangingIndent('  ? ', '    ', text, width).map((line, index) =>
          index === 0 ? `  ${mark} ${line.slice(4)}` : line,
        ),
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
