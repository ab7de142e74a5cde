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

/** `text` wrapped to `width` columns, its first line after `first`, the rest after `rest`. */
export function hangingIndent(first: string, rest: string, text: string, width: number): string[] {
  return wrapText(text, Math.max(20, width - first.length)).map(
    (line, index) => `${index === 0 ? first : rest}${line}`,
  );
}
