import { describe, expect, it } from 'vitest';
import { tableOrList } from './text-table.js';

describe('tableOrList', () => {
  const header = ['queue', 'messages'];
  const rows = [
    ['private$\\orders', '1,204'],
    ['private$\\xact', '7'],
  ];

  it('is a table with numbers right-aligned when it fits', () => {
    expect(tableOrList(header, rows, 80, [false, true])).toEqual([
      '  queue            messages',
      '  private$\\orders     1,204',
      '  private$\\xact           7',
    ]);
  });

  it('is a list of rows, each wrapped within the width, when the table does not fit', () => {
    const lines = tableOrList(header, rows, 24, [false, true]);
    expect(lines).toEqual([
      '  private$\\orders',
      '    messages 1,204',
      '  private$\\xact',
      '    messages 7',
    ]);
    expect(lines.every((line) => line.length <= 24)).toBe(true);
  });

  it('shows an empty cell in a list as a dash', () => {
    expect(tableOrList(['a', 'b'], [['x', '']], 3, [false, false])).toEqual(['  x', '    b —']);
  });
});
