import { hangingIndent } from './text-wrap.js';

/**
 * A table indented by two, its columns two apart (numbers right-aligned), when it fits in
 * `width`; otherwise a list: each row's first cell, then the others as `header value` on an
 * indented line, wrapped.
 */
export function tableOrList(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
  numeric: readonly boolean[],
): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const total = 2 + widths.reduce((sum, each) => sum + each, 0) + 2 * (widths.length - 1);
  if (total <= width) {
    const line = (cells: readonly string[], head: boolean) =>
      `  ${cells
        .map((cell, column) =>
          numeric[column] === true && !head
            ? cell.padStart(widths[column] ?? 0)
            : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')}`.trimEnd();
    return [line(header, true), ...rows.map((row) => line(row, false))];
  }
  return rows.flatMap((row) => [
    ...hangingIndent('  ', '    ', row[0] ?? '', width),
    ...hangingIndent(
      '    ',
      '      ',
      row
        .slice(1)
        .map((cell, index) => `${header[index + 1]} ${cell === '' ? '—' : cell}`)
        .join(', '),
      width,
    ),
  ]);
}
