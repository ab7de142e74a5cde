// Test support for the browser tests of the HTML reports: where the text on a page is drawn.
import type { Page } from 'playwright-core';

/** A box on the page, in CSS pixels, with the start of the text it holds. */
export interface TextBox {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Boxes of every element matching `selector` that shows text. */
export async function textBoxes(page: Page, selector: string): Promise<TextBox[]> {
  return page.$$eval(selector, (elements) =>
    elements
      .filter((element) => (element.textContent ?? '').trim() !== '')
      .map((element) => {
        const box = element.getBoundingClientRect();
        return {
          text: (element.textContent ?? '').trim().slice(0, 40),
          x: box.x,
          y: box.y,
          width: box.width,
          height: box.height,
        };
      }),
  );
}

/** Whether two boxes share more than half a pixel each way. */
export function overlap(a: TextBox, b: TextBox): boolean {
  return (
    a.x < b.x + b.width - 0.5 &&
    b.x < a.x + a.width - 0.5 &&
    a.y < b.y + b.height - 0.5 &&
    b.y < a.y + a.height - 0.5
  );
}

/** The pairs of boxes that overlap, as `"a" overlaps "b"`: none on a readable page. */
export function overlapping(boxes: readonly TextBox[]): string[] {
  const found: string[] = [];
  for (const [index, a] of boxes.entries())
    for (const b of boxes.slice(index + 1))
      if (overlap(a, b)) found.push(`"${a.text}" overlaps "${b.text}"`);
  return found;
}
