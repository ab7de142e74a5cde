import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQueues, type LocalQueueColumn, type LocalQueueInfo, readQueues } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));

// A name ending in `...` reads as one PowerShell cut (the mark is ambiguous), so none is drawn.
const queueName = fc
  .oneof(
    fc.stringMatching(/^[a-z][a-z0-9._-]{0,20}$/).map((name) => `private$\\${name}`),
    fc.stringMatching(/^[a-z][a-z0-9._-]{0,20}$/),
  )
  .filter((name) => !name.endsWith('...'));
const row: fc.Arbitrary<LocalQueueInfo> = fc.record({
  queueName,
  messageCount: fc.nat(),
  bytesInQueue: fc.nat(),
  journalMessageCount: fc.nat(),
  bytesInJournal: fc.nat(),
  transactional: fc.boolean(),
});
const ALL: readonly LocalQueueColumn[] = [
  'QueueName',
  'MessageCount',
  'BytesInQueue',
  'JournalMessageCount',
  'BytesInJournal',
  'Transactional',
];

describe('readQueues', () => {
  it('reads back formatQueues, with the default and with every column', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.boolean(), (rows, every) => {
        const text = formatQueues(rows, every ? { columns: ALL } : {});
        const { value, problems } = readQueues(text);
        expect(problems).toEqual([]);
        expect(
          value.map((queue) => ({
            queueName: queue.queueName,
            messageCount: queue.messageCount,
            ...(every
              ? {
                  bytesInQueue: queue.bytesInQueue,
                  journalMessageCount: queue.journalMessageCount,
                  bytesInJournal: queue.bytesInJournal,
                  transactional: queue.transactional,
                }
              : {}),
          })),
        ).toEqual(
          rows.map((queue) =>
            every ? queue : { queueName: queue.queueName, messageCount: queue.messageCount },
          ),
        );
      }),
    );
  });

  it('reads the Get-MsmqQueue | Select QueueName, MessageCount fixture (UTF-16LE with BOM)', () => {
    const { value, problems } = readQueues(fixture('get-msmqqueue-table.utf16le.txt'));
    expect(problems).toEqual([]);
    const queue = (line: number, queueName: string, messageCount: number) => ({
      line,
      lines: { queueName: line, messageCount: line },
      queueName,
      formatName: undefined,
      machineName: undefined,
      messageCount,
      bytesInQueue: undefined,
      journalMessageCount: undefined,
      bytesInJournal: undefined,
      transactional: undefined,
      truncated: [],
    });
    expect(value).toEqual([
      queue(4, 'private$\\orders', 1200),
      queue(5, 'private$\\orders.error', 3),
      queue(6, 'private$\\billing', 0),
    ]);
  });

  it('reads the Format-List fixture of six MsmqQueue properties', () => {
    const { value, problems } = readQueues(fixture('get-msmqqueue-list.txt'));
    expect(problems).toEqual([]);
    const lines = (first: number) => ({
      queueName: first,
      messageCount: first + 1,
      bytesInQueue: first + 2,
      machineName: first + 3,
      journalMessageCount: first + 4,
      transactional: first + 5,
    });
    expect(value).toEqual([
      {
        line: 2,
        lines: lines(2),
        queueName: 'private$\\orders',
        formatName: undefined,
        machineName: 'APP01',
        messageCount: 1200,
        bytesInQueue: 1228800,
        journalMessageCount: 0,
        bytesInJournal: undefined,
        transactional: true,
        truncated: [],
      },
      {
        line: 9,
        lines: lines(9),
        queueName: 'private$\\orders.error',
        formatName: undefined,
        machineName: 'APP01',
        messageCount: 3,
        bytesInQueue: 3072,
        journalMessageCount: 0,
        bytesInJournal: undefined,
        transactional: false,
        truncated: [],
      },
    ]);
  });

  it('reports a count that is not a number and a stray line, and reads on', () => {
    const text = [
      'QueueName       MessageCount',
      '---------       ------------',
      'private$\\a              12x',
      'private$\\b                4',
    ].join('\r\n');
    const { value, problems } = readQueues(text);
    expect(value.map((queue) => [queue.queueName, queue.messageCount])).toEqual([
      ['private$\\a', undefined],
      ['private$\\b', 4],
    ]);
    expect(problems).toEqual([
      {
        line: 3,
        column: 25,
        message: 'expected MessageCount as a whole number, found "12x"',
        text: 'private$\\a              12x',
      },
    ]);
    expect(readQueues('hello\n').problems.map(({ line, column }) => [line, column])).toEqual([
      [1, 1],
    ]);
  });

  it('never throws, on any text or bytes, and reads a 1 MB line in linear time', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.uint8Array(), fc.string({ unit: 'binary' })),
        (input) => {
          expect(readQueues(input).problems.map((problem) => problem.message)).not.toContain(
            'could not read the output',
          );
        },
      ),
    );
    const started = performance.now();
    const reading = readQueues(`QueueName : ${'q'.repeat(1 << 20)}\nMessageCount : 1`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(reading.value[0]?.messageCount).toBe(1);
  });
});

describe('formatQueues', () => {
  it('prints the columns asked for, underlined as long as their headers', () => {
    const rows: LocalQueueInfo[] = [
      { queueName: 'private$\\orders', messageCount: 3, bytesInQueue: 3072, transactional: true },
    ];
    expect(formatQueues(rows, { columns: ['QueueName', 'BytesInQueue', 'Transactional'] })).toBe(
      [
        'QueueName        BytesInQueue  Transactional',
        '---------        ------------  -------------',
        'private$\\orders          3072  True',
      ].join('\n'),
    );
  });
});
