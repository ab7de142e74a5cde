import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MqsimError, parseDuration, parseFileTime } from '@mqsim/filetime';
import { parseFormatName } from '@mqsim/queue-manager';
import { parseRegFile } from '@mqsim/registry';
import { loadScenario, ScenarioError } from '@mqsim/scenario';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../index.js';
import { HARDENING_NOW, hasStackTrace, runCaptured } from './captured-cli.js';
import { CORPUS_DIRECTORY } from './corpus-manifest.js';

// Arbitrary and mutated text into every parser that reads user input: the only thing any of them
// may throw is one of the packages' typed errors (MqsimError.isInstance), never a TypeError, a
// RangeError or a stack overflow; where the input is a file, the error says where.
const RUNS = 2000;
const SLOW_RUNS = 300;
const TIMEOUT_MS = 60_000;

/** What a parser call ended with: 'ok', 'typed' for an mqsim error, or the foreign error. */
function outcome(parse: () => unknown): unknown {
  try {
    parse();
    return 'ok';
  } catch (error) {
    return MqsimError.isInstance(error) ? 'typed' : error;
  }
}

/** Text made of tokens a parser cares about, so the fuzz reaches past the first check. */
function tokens(...units: string[]): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...units), { maxLength: 24 }).map((parts) => parts.join(''));
}

/** `valid` with a random slice cut out, random text put in, or both. */
function mutated(valid: string, insert: fc.Arbitrary<string> = fc.string()): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(valid.length), fc.nat(60), insert)
    .map(([at, cut, text]) => valid.slice(0, at) + text + valid.slice(at + cut));
}

/** Any string: UTF-16 units (lone surrogates included), graphemes, and short ASCII. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ maxLength: 40 }),
);

const FILETIMES = [
  '133444736000000000',
  '0x01DA0B4C3B5E8000',
  '2026-11-23T09:30:00.1234567+01:00',
  'hex(b):00,80,3e,d5,de,b1,9d,01',
  'hex:00,80,3e,d5,de,b1,9d,01',
  '"DSNextSiteListRefreshTime"=hex(b):00,80,3e,d5,de,b1,9d,01',
  '31070412:1541750784',
  'now',
];

describe('parseFileTime on arbitrary text', () => {
  it('returns a FILETIME or throws a typed error', () => {
    const text = fc.oneof(
      anyText,
      fc.constantFrom(...FILETIMES).chain((valid) => mutated(valid, anyText)),
      tokens(
        '0',
        '9',
        'f',
        'x',
        '0x',
        'hex(b):',
        'hex:',
        ',',
        ':',
        '-',
        'T',
        'Z',
        '.',
        '+',
        '"',
        '=',
        ' ',
        'now',
        '\u0000',
        '１',
        '99999999999999999999',
      ),
    );
    fc.assert(
      fc.property(text, (input) => {
        expect(outcome(() => parseFileTime(input, () => HARDENING_NOW))).toMatch(/^(ok|typed)$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseDuration on arbitrary text', () => {
  it('returns ticks or throws a typed error', () => {
    const text = fc.oneof(
      anyText,
      mutated('1w2d3h4m5s6ms7us800ns', anyText),
      tokens(
        '0',
        '1',
        '99999999999999999999',
        'w',
        'd',
        'h',
        'm',
        's',
        'ms',
        'us',
        'µs',
        'ns',
        ' ',
        '-',
        '.',
        'e',
      ),
    );
    fc.assert(
      fc.property(text, (input) => {
        expect(outcome(() => parseDuration(input))).toMatch(/^(ok|typed)$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseFormatName on arbitrary text', () => {
  it('returns a format name or throws a typed error with a column', () => {
    const text = fc.oneof(
      anyText,
      fc
        .constantFrom(
          'DIRECT=OS:app01.corp.example\\private$\\orders;JOURNAL',
          'DIRECT=TCP:[fe80::1]\\SYSTEM$;DEADLETTER',
          'FormatName:DIRECT=HTTPS://app01:443/msmq/private$/orders',
          'orders@10.0.0.5',
        )
        .chain((valid) => mutated(valid, anyText)),
      tokens(
        'DIRECT=',
        'OS:',
        'TCP:',
        'HTTP://',
        'HTTPS://',
        'FormatName:',
        'PUBLIC=',
        '\\',
        'private$',
        'SYSTEM$',
        ';JOURNAL',
        ';DEADLETTER',
        '@',
        '.',
        'app01',
        '10.0.0.5',
        '::1',
        '[',
        ']',
        ':',
        '/msmq/',
        'q',
        ',',
        '+',
        '"',
        ' ',
        '\u0007',
        '__proto__',
      ),
    );
    fc.assert(
      fc.property(text, (input) => {
        let column: unknown = 'none thrown';
        const result = outcome(() => {
          try {
            parseFormatName(input);
          } catch (error) {
            column = (error as MqsimError).column;
            throw error;
          }
        });
        expect({
          result,
          located: result === 'ok' || (typeof column === 'number' && column >= 1),
        }).toEqual({
          result: expect.stringMatching(/^(ok|typed)$/),
          located: true,
        });
      }),
      { numRuns: RUNS },
    );
  });
});

const REG_TEXT = readFileSync(join(CORPUS_DIRECTORY, 'reg/valid.reg'))
  .subarray(2)
  .toString('utf16le');

/** A `.reg` error must carry a 1-based line and column. */
function regOutcome(input: string | Uint8Array): unknown {
  try {
    parseRegFile(input);
    return 'ok';
  } catch (error) {
    if (!MqsimError.isInstance(error)) return error;
    return (error.line ?? 0) >= 1 && (error.column ?? 0) >= 1
      ? 'located'
      : `unlocated: ${error.message}`;
  }
}

describe('parseRegFile on arbitrary text and bytes', () => {
  const regLines = tokens(
    'Windows Registry Editor Version 5.00\r\n',
    'REGEDIT4\r\n',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n',
    '[-HKCU\\Y]\r\n',
    '"a"=',
    '"__proto__"=',
    '@=',
    'dword:',
    'ffffffff',
    'hex(b):',
    'hex(2):',
    'hex:',
    '00,',
    'ff',
    ',\\\r\n  ',
    '"text\\"',
    '-',
    ';comment',
    '\r\n',
    '\n',
    '\r',
    '\ud800',
    '\u0000',
  );

  it('reads text or throws a typed error with a line and column', () => {
    const text = fc.oneof(
      anyText,
      mutated(REG_TEXT, anyText),
      regLines,
      mutated(REG_TEXT, regLines),
    );
    fc.assert(
      fc.property(text, (input) => {
        expect(regOutcome(input)).toMatch(/^(ok|located)$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads bytes (UTF-16LE, UTF-8, anything) or throws a typed error with a line and column', () => {
    const utf16 = Uint8Array.from(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REG_TEXT, 'utf16le')]),
    );
    const edited = fc
      .tuple(fc.nat(utf16.length), fc.nat(16), fc.uint8Array({ maxLength: 16 }))
      .map(([at, cut, bytes]) =>
        Uint8Array.from([...utf16.subarray(0, at), ...bytes, ...utf16.subarray(at + cut)]),
      );
    const prefixed = fc
      .tuple(
        fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0x57, 0x00], []),
        fc.uint8Array({ maxLength: 200 }),
      )
      .map(([prefix, bytes]) => Uint8Array.from([...prefix, ...bytes]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), edited, prefixed), (input) => {
        expect(regOutcome(input)).toMatch(/^(ok|located)$/);
      }),
      { numRuns: RUNS },
    );
  });
});

const VALID_SCENARIO = readFileSync(join(CORPUS_DIRECTORY, 'scenarios/valid.yaml'), 'utf8');

describe('loadScenario on arbitrary text', () => {
  it(
    'returns a scenario or throws a ScenarioError whose every problem has a position',
    () => {
      const yamlish = tokens(
        '\n',
        '  ',
        '- ',
        ': ',
        'name',
        'hosts',
        'workload',
        '__proto__',
        'constructor',
        '&a ',
        '*a',
        '[',
        ']',
        '{',
        '}',
        ',',
        '"',
        "'",
        '!!str ',
        '? ',
        '#',
        '\t',
        '---',
        '1',
        '30m',
        'SERVER',
        'orders@SERVER',
        '\u0000',
        '\ufeff',
      );
      const text = fc.oneof(
        anyText,
        fc.jsonValue().map((value) => JSON.stringify(value)),
        mutated(VALID_SCENARIO, anyText),
        mutated(VALID_SCENARIO, yamlish),
      );
      fc.assert(
        fc.property(text, (input) => {
          let verdict: unknown = 'ok';
          try {
            loadScenario(input, 'fuzz.yaml');
          } catch (error) {
            verdict = !ScenarioError.isInstance(error)
              ? error
              : error.problems.length > 0 &&
                  error.problems.every((problem) => problem.line >= 1 && problem.column >= 1)
                ? 'located'
                : `unlocated: ${error.message}`;
          }
          expect(verdict).toMatch(/^(ok|located)$/);
        }),
        { numRuns: SLOW_RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('the CLI on arbitrary input', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mqsim-fuzz-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(
    'mqsim filetime <anything> exits 0 or 2, without a stack trace',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyText, async (value) => {
          const { code, stderr } = await runCaptured(['filetime', value]);
          expect({
            code: code === EXIT_CODES.ok || code === EXIT_CODES.badInput,
            stack: hasStackTrace(stderr),
          }).toEqual({
            code: true,
            stack: false,
          });
        }),
        { numRuns: SLOW_RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'mqsim ds-refresh status --reg <any bytes> exits 0, or 2 with file:line:column',
    async () => {
      const file = join(scratch, 'fuzz.reg');
      const header = Buffer.from(
        '\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]\r\n',
        'utf16le',
      );
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((tail) => Uint8Array.from([...header, ...tail])),
      );
      await fc.assert(
        fc.asyncProperty(bytes, async (input) => {
          writeFileSync(file, input);
          const { code, stderr } = await runCaptured([
            'ds-refresh',
            'status',
            '--reg',
            file,
            '--now',
            '2026-11-27T09:00:00Z',
          ]);
          const located =
            code === EXIT_CODES.ok ||
            new RegExp(
              `^mqsim: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+:| has no )`,
            ).test(stderr);
          expect({
            code: code === EXIT_CODES.ok || code === EXIT_CODES.badInput,
            located,
            stack: hasStackTrace(stderr),
          }).toEqual({
            code: true,
            located: true,
            stack: false,
          });
        }),
        { numRuns: SLOW_RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
