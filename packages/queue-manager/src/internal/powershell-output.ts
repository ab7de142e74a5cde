import { splitOutputLines, type TextProblem, toCommandOutputText } from '@mqsim/filetime';

// How PowerShell prints objects, which this reader inverts (Windows PowerShell 5.1 and 7):
// - Format-List (the default for an object with more than four properties and no table view):
//   one `Name : value` line per property, the names padded to the longest name of the object,
//   objects separated by blank lines, a blank line or two before and after. A value longer than
//   the console is continued on the next lines, indented to the value column (about_Format.ps1xml,
//   Format-List; the ListWriter breaks at the console width).
// - Format-Table: a header line, an underline of `-` under each header, one line per object;
//   numbers right-aligned, text left-aligned; a cell too wide for its column cut with `...`
//   (`…` in PowerShell 7); `-Wrap` continues a cell on the next lines with the other cells blank.
// - Collections print as `{a, b}`, cut after $FormatEnumerationLimit (4) items as `{a, b, c, d...}`
//   (about_Preference_Variables, $FormatEnumerationLimit).

/** One property of one object, as printed. */
export interface PrintedField {
  /** The value, continuation lines joined, without a `...` cut mark. */
  readonly value: string;
  /** The value's lines, for a property printed as one item per line. */
  readonly parts: readonly string[];
  /** 1-based line and column where the value starts. */
  readonly line: number;
  readonly column: number;
  /** Whether PowerShell cut the value (`...` / `…`). */
  readonly truncated: boolean;
}

/** One object: its properties by lower-case name, and the line it starts on. */
export interface PrintedObject {
  readonly line: number;
  readonly fields: ReadonlyMap<string, PrintedField>;
}

interface MutableField {
  parts: string[];
  line: number;
  column: number;
  /** For joining a continuation: the width the previous part filled. */
  width: number;
}

const CUT_MARKS = ['...', '\u2026'] as const;

/** The value without PowerShell's cut mark, and whether it had one. */
export function withoutCutMark(value: string): { text: string; truncated: boolean } {
  for (const mark of CUT_MARKS) {
    if (value.endsWith(mark)) return { text: value.slice(0, -mark.length), truncated: true };
    // A collection cut after $FormatEnumerationLimit items: `{a, b, c, d...}`.
    if (value.endsWith(`${mark}}`)) {
      return { text: `${value.slice(0, -mark.length - 1)}}`, truncated: true };
    }
  }
  return { text: value, truncated: false };
}

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

function isUnderline(line: string): boolean {
  let dashes = 0;
  for (const char of line) {
    if (char === '-') dashes += 1;
    else if (char !== ' ' && char !== '\t') return false;
  }
  return dashes > 0;
}

/** A prompt line pasted with the output (`PS C:\> Get-MsmqOutgoingQueue`). */
function isPrompt(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed.startsWith('PS ') && trimmed.includes('>');
}

function isPropertyName(name: string): boolean {
  if (name.length === 0) return false;
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    const digit = code >= 48 && code <= 57;
    if (!(letter || (digit && index > 0))) return false;
  }
  return true;
}

/** `Name : value` or `Name :` of Format-List, or `undefined`. */
function listProperty(line: string): { name: string; value: string; column: number } | undefined {
  if (line.length === 0 || line[0] === ' ' || line[0] === '\t') return undefined;
  const colon = line.indexOf(':');
  if (colon < 2 || line[colon - 1] !== ' ') return undefined;
  const after = line[colon + 1];
  if (after !== undefined && after !== ' ') return undefined;
  const name = line.slice(0, colon).trimEnd();
  if (!isPropertyName(name)) return undefined;
  const value = line.slice(colon + 2);
  return { name, value: value.trimEnd(), column: colon + 3 };
}

/** The runs of `-` of an underline: 0-based [start, end) of each column. */
function dashRuns(line: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  let start = -1;
  for (let index = 0; index <= line.length; index++) {
    const dash = line[index] === '-';
    if (dash && start < 0) start = index;
    if (!dash && start >= 0) {
      runs.push({ start, end: index });
      start = -1;
    }
  }
  return runs;
}

/** The words of a line (maximal runs without blanks), 0-based [start, end). */
function words(line: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = -1;
  for (let index = 0; index <= line.length; index++) {
    const blank = index === line.length || line[index] === ' ' || line[index] === '\t';
    if (!blank && start < 0) start = index;
    if (blank && start >= 0) {
      out.push({ start, end: index });
      start = -1;
    }
  }
  return out;
}

/** Which column a word belongs to: the run it overlaps, else the nearest run to its left. */
function columnOf(
  word: { start: number; end: number },
  runs: readonly { start: number; end: number }[],
): number {
  let left = 0;
  for (let index = 0; index < runs.length; index++) {
    const run = runs[index] as { start: number; end: number };
    if (word.start < run.end && word.end > run.start) return index;
    if (run.start <= word.start) left = index;
  }
  return left;
}

function joinParts(previous: string, next: string, filled: boolean): string {
  // A part that reached the margin was cut mid-word; a shorter one ended at a word break whose
  // blank PowerShell dropped.
  return filled || previous.length === 0 ? previous + next : `${previous} ${next}`;
}

/**
 * Reads Format-List and Format-Table text into objects, every property kept (real objects have
 * more properties than a reader needs); a line that is neither is a problem naming `what`.
 * `itemPerLine` names the (lower-case) properties whose continuation lines are separate items.
 */
export function readPrintedObjects(
  input: string | Uint8Array,
  options: { readonly what: string; readonly itemPerLine?: ReadonlySet<string> },
): { objects: PrintedObject[]; problems: TextProblem[]; lines: readonly string[] } {
  const lines = splitOutputLines(toCommandOutputText(input));
  const itemPerLine = options.itemPerLine ?? new Set<string>();
  const objects: PrintedObject[] = [];
  const problems: TextProblem[] = [];
  const margin = lines.reduce((widest, line) => Math.max(widest, line.trimEnd().length), 0);

  let mode: 'none' | 'list' | 'table' = 'none';
  // List state
  let current: { line: number; fields: Map<string, MutableField> } | undefined;
  let last: { name: string; field: MutableField } | undefined;
  // Table state
  let headers: string[] = [];
  let runs: { start: number; end: number }[] = [];
  let row: { line: number; fields: Map<string, MutableField> } | undefined;

  const finish = () => {
    const done = current ?? row;
    if (done !== undefined && [...done.fields.values()].some((field) => field.parts.length > 0)) {
      objects.push(freeze(done));
    }
    current = undefined;
    row = undefined;
    last = undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] as string;
    const lineNumber = index + 1;
    const line = text.trimEnd();
    if (isBlank(line)) {
      if (mode === 'list') finish();
      continue;
    }
    const next = lines[index + 1];
    if (
      !isUnderline(line) &&
      next !== undefined &&
      isUnderline(next) &&
      listProperty(line) === undefined
    ) {
      finish();
      mode = 'table';
      runs = dashRuns(next.trimEnd());
      headers = runs.map((run, column) =>
        line
          .slice(run.start, runs[column + 1]?.start ?? line.length)
          .trim()
          .toLowerCase(),
      );
      index += 1;
      continue;
    }
    const previousBlank = index > 0 && isBlank(lines[index - 1] as string);
    if (mode === 'table' && !(previousBlank && listProperty(line) !== undefined)) {
      const cells = new Map<number, { start: number; end: number }>();
      for (const word of words(line)) {
        const column = columnOf(word, runs);
        const cell = cells.get(column);
        cells.set(column, cell === undefined ? word : { start: cell.start, end: word.end });
      }
      // `-Wrap` continues cut cells on the next lines, the others blank: a line is a
      // continuation when its first cell is blank, or when the first cell above filled its
      // column, every other cell it fills could continue the one above (which filled its
      // column, or the next word would not have fitted) and a cell filled above is blank here.
      const continuation = row !== undefined && isContinuation(row, cells, line);
      if (!continuation) {
        finish();
        row = { line: lineNumber, fields: new Map() };
        // A blank cell is a property with no value, not a missing one.
        for (const [column, name] of headers.entries()) {
          const start = (runs[column]?.start ?? 0) + 1;
          row.fields.set(name, { parts: [], line: lineNumber, column: start, width: 0 });
        }
      }
      const target = row as { line: number; fields: Map<string, MutableField> };
      for (const [column, span] of cells) {
        const name = headers[column] ?? '';
        const value = line.slice(span.start, span.end);
        const nextStart = runs[column + 1]?.start;
        const start = runs[column]?.start ?? 0;
        const width = nextStart === undefined ? margin - start : nextStart - start - 1;
        const field = target.fields.get(name);
        if (field === undefined || field.parts.length === 0) {
          target.fields.set(name, {
            parts: [value],
            line: lineNumber,
            column: span.start + 1,
            width,
          });
        } else {
          field.parts.push(value);
        }
      }
      continue;
    }
    const property = listProperty(line);
    if (property !== undefined) {
      mode = 'list';
      const key = property.name.toLowerCase();
      if (current === undefined || current.fields.has(key)) {
        finish();
        current = { line: lineNumber, fields: new Map() };
      }
      const field: MutableField = {
        parts: [property.value],
        line: lineNumber,
        column: property.column,
        width: margin - property.column + 1,
      };
      current.fields.set(key, field);
      last = { name: key, field };
      continue;
    }
    if (mode === 'list' && last !== undefined && (text[0] === ' ' || text[0] === '\t')) {
      const indent = last.field.column - 1;
      let strip = 0;
      while (strip < indent && text[strip] === ' ') strip += 1;
      last.field.parts.push(text.slice(strip).trimEnd());
      continue;
    }
    if (isPrompt(line)) continue;
    const column = text.length - text.trimStart().length + 1;
    problems.push({
      line: lineNumber,
      column,
      message:
        mode === 'list'
          ? `expected a "Name : value" property line of ${options.what} (Format-List), a line continuing the value above (indented), or a blank line`
          : `expected ${options.what} as Format-List ("Name : value" lines) or Format-Table (a header line, then a "----" underline)`,
      text,
    });
  }
  finish();
  return { objects, problems, lines };

  function isContinuation(
    above: { fields: Map<string, MutableField> },
    cells: ReadonlyMap<number, { start: number; end: number }>,
    line: string,
  ): boolean {
    if (!cells.has(0)) return true;
    const fieldOf = (column: number) => above.fields.get(headers[column] ?? '');
    for (const [column, span] of cells) {
      const field = fieldOf(column);
      const part = field?.parts.at(-1);
      if (field === undefined || part === undefined) return false;
      const firstWord = line.slice(span.start, span.end).split(' ')[0] ?? '';
      const filled = part.length >= field.width;
      // The first cell (a queue or format name, without blanks) is cut at the column's width.
      if (!filled && (column === 0 || part.length + 1 + firstWord.length <= field.width)) {
        return false;
      }
    }
    return headers.some(
      (_, column) => !cells.has(column) && (fieldOf(column)?.parts.length ?? 0) > 0,
    );
  }

  function freeze(done: { line: number; fields: Map<string, MutableField> }): PrintedObject {
    const fields = new Map<string, PrintedField>();
    for (const [name, field] of done.fields) {
      const parts = field.parts;
      let value = '';
      if (itemPerLine.has(name)) value = parts.join('\n');
      else {
        for (const [position, part] of parts.entries()) {
          const previous = position === 0 ? undefined : parts[position - 1];
          value =
            previous === undefined ? part : joinParts(value, part, previous.length >= field.width);
        }
      }
      const cut = withoutCutMark(value);
      fields.set(name, {
        value: cut.text,
        parts: parts.filter((part) => part.length > 0),
        line: field.line,
        column: field.column,
        truncated: cut.truncated,
      });
    }
    return { line: done.line, fields };
  }
}

/** The shared first step of the MSMQ readers: objects, problems, and each line's text. */
export function readObjects(
  input: string | Uint8Array,
  what: string,
  itemPerLine: readonly string[] = [],
): {
  objects: PrintedObject[];
  problems: TextProblem[];
  lineText: (line: number) => string;
} {
  const printed = readPrintedObjects(input, { what, itemPerLine: new Set(itemPerLine) });
  return {
    objects: printed.objects,
    problems: printed.problems,
    lineText: (line: number) => printed.lines[line - 1] ?? '',
  };
}

/** A count cell: a whole number, `undefined` when empty or cut; anything else is a problem. */
export function readCount(
  field: PrintedField,
  what: string,
  problems: TextProblem[],
  lineText: (line: number) => string,
): number | undefined {
  const text = field.value.trim();
  if (text.length === 0) return undefined;
  if (/^\d{1,15}$/.test(text)) return Number(text);
  if (!field.truncated) {
    problems.push({
      line: field.line,
      column: field.column,
      message: `expected ${what} as a whole number, found "${text.slice(0, 40)}"`,
      text: lineText(field.line),
    });
  }
  return undefined;
}

/** `Transactional`: True/False or MQ_XACT_STATUS_XACT/NOT_XACT; `undefined` for UNKNOWN. */
export function readTransactional(text: string): boolean | undefined {
  const key = text.trim().toLowerCase();
  if (['true', 'yes', 'mq_xact_status_xact', 'xact', '1'].includes(key)) return true;
  if (['false', 'no', 'mq_xact_status_not_xact', 'not_xact', '0'].includes(key)) return false;
  return undefined;
}
