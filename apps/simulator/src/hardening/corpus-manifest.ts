import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the checked-in corpus: `corpus.json` and the files its cases name. */
export const CORPUS_DIRECTORY = fileURLToPath(new URL('./corpus/', import.meta.url));

/** Text built from repeated pieces, for inputs too large to check in. */
export interface GeneratedText {
  readonly pieces: readonly { readonly text: string; readonly times?: number }[];
}

/** One hostile input: what to run, what stderr must say, and why the input is there. */
export interface CorpusCase {
  /** `<category>/<slug>`, e.g. `reg/utf16be-bom`. */
  readonly id: string;
  /** A checked-in file under the corpus folder, as `{file}` in `args`. */
  readonly file?: string;
  /** Text written to a temporary file of this name, as `{file}` in `args`. */
  readonly inline?: GeneratedText & { readonly name: string };
  /** The `mqsim` arguments; `{file}` and `{corpus}` are replaced. */
  readonly args: readonly (string | GeneratedText)[];
  /** The location stderr must contain: `{file}:line:column: `, a flag or the quoted argument. */
  readonly stderr: string;
  /** A word the message must also contain, so the right problem is reported there. */
  readonly mentions?: string;
  readonly why: string;
  /** Set when the case shows a bug outside the hardening files; the case is skipped until fixed. */
  readonly knownBug?: string;
}

/**
 * The categories of the corpus and the least number of cases each must have: what it held after
 * issue 16 (410 cases), less a margin, so a case is replaced rather than dropped.
 */
export const CORPUS_MINIMUMS = {
  scenario: 160,
  filetime: 50,
  reg: 65,
  duration: 30,
  flag: 80,
} as const;

/** A corpus category. */
export type CorpusCategory = keyof typeof CORPUS_MINIMUMS;

/**
 * Every case of `corpus.json`, then of each `*.cases.json` beside it (by name), in file order:
 * one manifest per class of input, so cases for different classes are added without touching
 * one another's file.
 */
export function readCorpus(): readonly CorpusCase[] {
  const files = [
    'corpus.json',
    ...readdirSync(CORPUS_DIRECTORY)
      .filter((name) => name.endsWith('.cases.json'))
      .sort(),
  ];
  return files.flatMap((name) => {
    const manifest = JSON.parse(readFileSync(join(CORPUS_DIRECTORY, name), 'utf8')) as {
      readonly cases: readonly CorpusCase[];
    };
    return manifest.cases;
  });
}

/** The category of a case: its id up to the first `/`. */
export function categoryOf(corpusCase: CorpusCase): string {
  return corpusCase.id.slice(0, corpusCase.id.indexOf('/'));
}

/** The text of repeated pieces. */
export function fromGeneratedText(generated: GeneratedText): string {
  return generated.pieces.map((piece) => piece.text.repeat(piece.times ?? 1)).join('');
}

/**
 * The arguments and expected stderr location of a case, with `{file}` (its checked-in file, or
 * its inline text written into `scratch`) and `{corpus}` filled in.
 */
export function materializeCase(
  corpusCase: CorpusCase,
  scratch: string,
): { readonly args: string[]; readonly location: string } {
  let file = '';
  if (corpusCase.file !== undefined) file = join(CORPUS_DIRECTORY, corpusCase.file);
  if (corpusCase.inline !== undefined) {
    file = join(scratch, corpusCase.inline.name);
    writeFileSync(file, fromGeneratedText(corpusCase.inline));
  }
  const fill = (text: string) =>
    text.replaceAll('{file}', file).replaceAll('{corpus}', CORPUS_DIRECTORY.replace(/\/$/, ''));
  return {
    args: corpusCase.args.map((arg) =>
      fill(typeof arg === 'string' ? arg : fromGeneratedText(arg)),
    ),
    location: fill(corpusCase.stderr),
  };
}
