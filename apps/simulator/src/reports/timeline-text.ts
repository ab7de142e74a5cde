import { wrapText } from './text-wrap.js';

/** A timeline line to print: `at` as `2026-11-23 08:10:00` (UTC). */
export interface TimelineText {
  readonly at: string;
  readonly host: string;
  readonly kind: 'action' | 'note' | 'event';
  readonly text: string;
}

/** How {@link timelineLines} lays a timeline out; the colours default to none. */
export interface TimelineLayout {
  readonly width: number;
  readonly hostWidth: number;
  /** Applied to each date line and each time of day. */
  readonly dim?: (text: string) => string;
  /** Applied to an action's or note's marker and text. */
  readonly colour?: (kind: TimelineText['kind']) => (text: string) => string;
}

const plain = (text: string) => text;

/**
 * A timeline as the terminal reports print it, within `width` columns: the date on a line of its
 * own once per day, then `08:10:00  HOST  > text` with actions marked `>` and notes `#`, the text
 * wrapped under itself after the time, host and marker columns.
 */
export function timelineLines(entries: readonly TimelineText[], layout: TimelineLayout): string[] {
  const dim = layout.dim ?? plain;
  const indent = ' '.repeat(8 + 2 + layout.hostWidth + 3);
  const lines: string[] = [];
  let day = '';
  for (const entry of entries) {
    const date = entry.at.slice(0, 10);
    if (date !== day) {
      lines.push(dim(date));
      day = date;
    }
    const colour = entry.kind === 'event' ? plain : (layout.colour?.(entry.kind) ?? plain);
    const [head, ...tail] = wrapText(entry.text, Math.max(20, layout.width - indent.length));
    if (head === undefined) continue;
    const marker =
      entry.kind === 'action' ? colour('>') : entry.kind === 'note' ? colour('#') : ' ';
    lines.push(
      `${dim(entry.at.slice(11))}  ${entry.host.padEnd(layout.hostWidth)} ${marker} ${colour(head)}`,
      ...tail.map((line) => `${indent}${colour(line)}`),
    );
  }
  return lines;
}
