import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../index.js';
import { hasRawControlCharacters, hasStackTrace, runCaptured } from './captured-cli.js';
import {
  CORPUS_DIRECTORY,
  CORPUS_MINIMUMS,
  type CorpusCase,
  categoryOf,
  materializeCase,
  readCorpus,
} from './corpus-manifest.js';

// Every case of corpus/corpus.json, run in-process: bad input ends in exit code 2 with one
// located `mqsim: …` message, never a stack trace, an internal error or a hang (the per-case
// timeout below is the bound; a case that needs longer is a bug, not a slow test).
const CASE_TIMEOUT_MS = 20_000;
const MAX_KNOWN_BUGS = 8;

const cases = readCorpus();
const scratch = mkdtempSync(join(tmpdir(), 'mqsim-corpus-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What a run must show, as one value so a failure prints everything at once. */
function verdict(corpusCase: CorpusCase, location: string, code: number, stderr: string) {
  return {
    code,
    prefixed: stderr.startsWith('mqsim: '),
    located: stderr.includes(location),
    mentions: corpusCase.mentions === undefined || stderr.includes(corpusCase.mentions),
    stackTrace: hasStackTrace(stderr),
    internalError: stderr.includes('internal error'),
    // Input echoed into a message must not drive the terminal (ESC sequences, NUL, backspace).
    rawControlCharacters: hasRawControlCharacters(stderr),
  };
}

describe('the hostile-input corpus', () => {
  it('has at least 400 cases, enough of each category, unique ids and few known bugs', () => {
    const counts = new Map<string, number>();
    for (const corpusCase of cases)
      counts.set(categoryOf(corpusCase), (counts.get(categoryOf(corpusCase)) ?? 0) + 1);
    expect({
      enough: cases.length >= 400,
      categories: [...counts.keys()].sort(),
      short: Object.entries(CORPUS_MINIMUMS)
        .filter(([category, minimum]) => (counts.get(category) ?? 0) < minimum)
        .map(([category]) => category),
      duplicateIds: cases.length - new Set(cases.map((corpusCase) => corpusCase.id)).size,
      knownBugsWithinLimit:
        cases.filter((corpusCase) => corpusCase.knownBug !== undefined).length <= MAX_KNOWN_BUGS,
    }).toEqual({
      enough: true,
      categories: Object.keys(CORPUS_MINIMUMS).sort(),
      short: [],
      duplicateIds: 0,
      knownBugsWithinLimit: true,
    });
  });

  it('names every checked-in file in a case, and every named file exists', () => {
    const named = new Set(cases.flatMap((corpusCase) => corpusCase.file ?? []));
    const files = ['scenarios', 'reg'].flatMap((folder) =>
      readdirSync(join(CORPUS_DIRECTORY, folder)).map((name) => `${folder}/${name}`),
    );
    // valid.* are the unbroken originals the cases are cut from, used by the other tests.
    expect({
      unnamed: files.filter((file) => !named.has(file) && !/\/valid\.\w+$/.test(file)),
      missing: [...named].filter((file) => !existsSync(join(CORPUS_DIRECTORY, file))),
    }).toEqual({ unnamed: [], missing: [] });
  });
});

for (const category of Object.keys(CORPUS_MINIMUMS)) {
  describe(`${category} corpus: exit 2, a located message, no stack trace`, () => {
    for (const corpusCase of cases.filter((each) => categoryOf(each) === category)) {
      const title = `${corpusCase.id}: ${corpusCase.why}`;
      if (corpusCase.knownBug !== undefined) {
        it.skip(`${title} [known bug: ${corpusCase.knownBug}]`, () => {});
        continue;
      }
      it(
        title,
        async () => {
          const { args, location } = materializeCase(corpusCase, scratch);
          const { code, stderr } = await runCaptured(args);
          expect(verdict(corpusCase, location, code, stderr), stderr.slice(0, 2000)).toEqual({
            code: EXIT_CODES.badInput,
            prefixed: true,
            located: true,
            mentions: true,
            stackTrace: false,
            internalError: false,
            rawControlCharacters: false,
          });
        },
        CASE_TIMEOUT_MS,
      );
    }
  });
}
