/** Terminal output's width: 80 columns, as a terminal opens; words wrap, never mid-word. */
export const REPORT_WIDTH = 80;

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current.length === 0 ? word : `${current} ${word}`;
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/**
 * `text` wrapped to `width` columns, its first line after `first`, the rest after `rest`: each
 * line holds as many words as fit after its own indent (at least 20 columns of text).
 */
export function hangingIndent(first: string, rest: string, text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  let room = Math.max(20, width - first.length);
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (current.length > 0 && current.length + 1 + word.length > room) {
      lines.push(`${lines.length === 0 ? first : rest}${current}`);
      current = word;
      room = Math.max(20, width - rest.length);
    } else current = current.length === 0 ? word : `${current} ${word}`;
  }
  if (current.length > 0) lines.push(`${lines.length === 0 ? first : rest}${current}`);
  return lines;
}
