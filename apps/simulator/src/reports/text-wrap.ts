/** Terminal output's width: 80 columns, as a terminal opens; words wrap, never mid-word. */
export const REPORT_WIDTH = 80;

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  return wrapWords(text, width, width);
}

/**
 * `text` wrapped to `width` columns, its first line after `first`, the rest after `rest`: each
 * line holds as many words as fit after its own indent (at least 20 columns of text).
 */
export function hangingIndent(first: string, rest: string, text: string, width: number): string[] {
  return wrapWords(text, Math.max(20, width - first.length), Math.max(20, width - rest.length)).map(
    (line, index) => `${index === 0 ? first : rest}${line}`,
  );
}

/** The one word-wrapping loop: the first line holds `firstRoom` characters, the others `restRoom`. */
function wrapWords(text: string, firstRoom: number, restRoom: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const room = lines.length === 0 ? firstRoom : restRoom;
    if (current.length > 0 && current.length + 1 + word.length > room) {
      lines.push(current);
      current = word;
    } else current = current.length === 0 ? word : `${current} ${word}`;
  }
  if (current.length > 0) lines.push(current);
  return lines;
}
