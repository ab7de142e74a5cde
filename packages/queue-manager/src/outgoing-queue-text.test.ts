import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatOutgoingQueueList,
  formatOutgoingQueues,
  OUTGOING_STATE_LABELS,
  type OutgoingQueueInfo,
  type OutgoingState,
  readOutgoingQueues,
  readOutgoingState,
} from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));

const ipv4 = fc
  .tuple(
    fc.integer({ min: 1, max: 223 }),
    fc.nat(255),
    fc.nat(255),
    fc.integer({ min: 1, max: 254 }),
  )
  .map((parts) => parts.join('.'));
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
const machine = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
const queueName = fc.oneof(
  fc.tuple(word, machine).map(([name, host]) => `${name}@${host}`),
  fc.tuple(word, machine).map(([name, host]) => `DIRECT=OS:${host}\\private$\\${name}`),
  fc.tuple(word, ipv4).map(([name, address]) => `DIRECT=TCP:${address}\\private$\\${name}`),
);
const state = fc.constantFrom<OutgoingState>('Connected', 'Waiting', 'Inactive', 'OnHold');
const failure = fc.constantFrom(
  'connection refused (WSAECONNREFUSED)',
  'timed out',
  'name did not resolve',
  'no route to host',
);
const attempt = fc.record({
  t: fc.nat(),
  address: fc.option(ipv4, { nil: undefined }),
  result: fc.constantFrom<'connected' | 'failed'>('connected', 'failed'),
  reason: fc.option(failure, { nil: undefined }),
});
const row: fc.Arbitrary<OutgoingQueueInfo> = fc
  .record({
    queueName,
    state,
    nextHops: fc.array(ipv4, { maxLength: 3 }),
    messageCount: fc.nat(),
    messageBytes: fc.nat(),
    unacknowledgedCount: fc.nat(),
    lastFailure: fc.option(failure, { nil: undefined }),
    connectionHistory: fc.array(attempt, { maxLength: 3 }),
  })
  .map((fields) => ({ ...fields, nextHop: fields.nextHops[0] }));

/** Text made of the pieces real output has, shuffled: headers, underlines, `:`, braces, cut marks. */
const printedLike = fc
  .array(
    fc.constantFrom(
      'QueueName',
      'State',
      ' : ',
      ':',
      '---',
      ' ',
      '  ',
      '\r\n',
      '\n',
      '{',
      '}',
      ',',
      '...',
      'IP=',
      '10.0.0.1',
      'Waiting',
      '12',
      '\t',
    ),
    { maxLength: 60 },
  )
  .map((pieces) => pieces.join(''));

describe('readOutgoingQueues', () => {
  it('reads back formatOutgoingQueues, with MMC labels and with PowerShell state names', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 6 }),
        fc.constantFrom('mmc', 'powershell'),
        (rows, stateNames) => {
          const text = formatOutgoingQueues(rows, { stateNames });
          const { value, problems } = readOutgoingQueues(text);
          expect(problems).toEqual([]);
          expect(
            value.map((queue) => [
              queue.queueName,
              queue.state,
              queue.nextHops,
              queue.messageCount,
              queue.messageBytes,
              queue.line,
            ]),
          ).toEqual(
            rows.map((queue, index) => [
              queue.queueName,
              queue.state,
              queue.nextHop === undefined ? [] : [queue.nextHop],
              queue.messageCount,
              queue.messageBytes,
              index + 3,
            ]),
          );
          const labels = value.map((queue) => queue.stateText);
          expect(labels).toEqual(
            rows.map((queue) =>
              stateNames === 'mmc' ? OUTGOING_STATE_LABELS[queue.state] : queue.state,
            ),
          );
        },
      ),
    );
  });

  it('reads back formatOutgoingQueueList, Connection History included', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        const formatTime = (t: number) => `t+${t}`;
        const { value, problems } = readOutgoingQueues(
          formatOutgoingQueueList(rows, { formatTime }),
        );
        expect(problems).toEqual([]);
        expect(
          value.map((queue) => ({
            queueName: queue.queueName,
            state: queue.state,
            nextHops: queue.nextHops,
            messageCount: queue.messageCount,
            messageBytes: queue.messageBytes,
            unacknowledgedCount: queue.unacknowledgedCount,
            lastError: queue.lastError,
            connectionHistory: queue.connectionHistory,
          })),
        ).toEqual(
          rows.map((queue) => ({
            queueName: queue.queueName,
            state: queue.state,
            nextHops: queue.nextHops,
            messageCount: queue.messageCount,
            messageBytes: queue.messageBytes,
            unacknowledgedCount: queue.unacknowledgedCount,
            lastError: queue.lastFailure,
            connectionHistory: (queue.connectionHistory ?? []).map((entry) =>
              `t+${entry.t}  ${entry.address ?? '(unresolved)'}  ${
                entry.result === 'connected' ? 'connected' : `failed: ${entry.reason ?? ''}`
              }`.trimEnd(),
            ),
          })),
        );
      }),
    );
  });

  it('reads the Format-List fixture (UTF-16LE with BOM, CRLF, a wrapped value, a cut collection)', () => {
    const { value, problems } = readOutgoingQueues(
      fixture('get-msmqoutgoingqueue-list.utf16le.txt'),
    );
    expect(problems).toEqual([]);
    const lines = (first: number) => ({
      queueName: first,
      state: first + 1,
      nextHops: first + 2,
      messageCount: first + 3,
      messageBytes: first + 4,
      unacknowledgedCount: first + 5,
      unprocessedCount: first + 6,
      connectionHost: first + 7,
      transactional: first + 8,
      lastError: first + 9,
    });
    expect(value).toEqual([
      {
        line: 2,
        lines: lines(2),
        queueName: 'DIRECT=OS:app01.corp.example\\private$\\orders',
        formatName: {
          kind: 'direct-os',
          machine: 'app01.corp.example',
          queue: { private: true, name: 'orders' },
        },
        machine: 'app01.corp.example',
        state: 'Waiting',
        stateText: 'MQ_QUEUE_STATE_WAITING',
        nextHops: ['203.0.113.20'],
        messageCount: 1200,
        messageBytes: 1228800,
        unacknowledgedCount: 0,
        unprocessedCount: 0,
        lastError:
          'The remote computer did not respond to the connection request in time; the queue manager will retry the connection later.',
        transactional: true,
        connectionHost: 'app01.corp.example',
        connectionHistory: undefined,
        truncated: [],
      },
      {
        line: 14,
        lines: lines(14),
        queueName: 'DIRECT=TCP:198.51.100.7\\private$\\billing',
        formatName: {
          kind: 'direct-tcp',
          address: '198.51.100.7',
          queue: { private: true, name: 'billing' },
        },
        machine: '198.51.100.7',
        state: 'Connected',
        stateText: 'MQ_QUEUE_STATE_CONNECTED',
        nextHops: ['198.51.100.7'],
        messageCount: 12,
        messageBytes: 12288,
        unacknowledgedCount: 12,
        unprocessedCount: 0,
        lastError: undefined,
        transactional: false,
        connectionHost: '198.51.100.7',
        connectionHistory: undefined,
        truncated: [],
      },
      {
        line: 25,
        lines: lines(25),
        queueName: 'DIRECT=OS:web02\\private$\\audit',
        formatName: {
          kind: 'direct-os',
          machine: 'web02',
          queue: { private: true, name: 'audit' },
        },
        machine: 'web02',
        state: 'Waiting',
        stateText: 'MQ_QUEUE_STATE_WAITING',
        nextHops: ['10.0.0.21', '10.0.0.22', '10.0.0.23', '10.0.0.24'],
        messageCount: 5,
        messageBytes: 5120,
        unacknowledgedCount: 0,
        unprocessedCount: 0,
        lastError: undefined,
        transactional: undefined,
        connectionHost: 'web02',
        connectionHistory: undefined,
        truncated: ['nextHops'],
      },
    ]);
  });

  it('reads the Format-Table fixture (right-aligned counts, a name cut with ...)', () => {
    const { value, problems } = readOutgoingQueues(fixture('get-msmqoutgoingqueue-table.txt'));
    expect(problems).toEqual([]);
    const base = {
      messageBytes: undefined,
      unacknowledgedCount: undefined,
      unprocessedCount: undefined,
      lastError: undefined,
      transactional: undefined,
      connectionHost: undefined,
      connectionHistory: undefined,
    };
    const lines = (line: number) => ({
      queueName: line,
      state: line,
      messageCount: line,
      nextHops: line,
    });
    expect(value).toEqual([
      {
        ...base,
        line: 4,
        lines: lines(4),
        queueName: 'DIRECT=OS:app01.corp.example\\private$\\orders',
        formatName: {
          kind: 'direct-os',
          machine: 'app01.corp.example',
          queue: { private: true, name: 'orders' },
        },
        machine: 'app01.corp.example',
        state: 'Waiting',
        stateText: 'MQ_QUEUE_STATE_WAITING',
        nextHops: ['203.0.113.20'],
        messageCount: 1200,
        truncated: [],
      },
      {
        ...base,
        line: 5,
        lines: lines(5),
        queueName: 'DIRECT=TCP:198.51.100.7\\private$\\billing',
        formatName: {
          kind: 'direct-tcp',
          address: '198.51.100.7',
          queue: { private: true, name: 'billing' },
        },
        machine: '198.51.100.7',
        state: 'Connected',
        stateText: 'MQ_QUEUE_STATE_CONNECTED',
        nextHops: ['198.51.100.7'],
        messageCount: 12,
        truncated: [],
      },
      {
        ...base,
        line: 6,
        lines: lines(6),
        queueName: 'DIRECT=OS:web02.corp.example\\private$\\audi',
        formatName: undefined,
        machine: undefined,
        state: 'OnHold',
        stateText: 'MQ_QUEUE_STATE_ONHOLD',
        nextHops: [],
        messageCount: 5,
        truncated: ['queueName'],
      },
    ]);
  });

  it('finds the columns by header whatever their order, ignoring extra columns', () => {
    const text = [
      `MessageCount ${'State'.padEnd(18)} Label   QueueName`,
      `------------ ${'-----'.padEnd(18)} -----   ---------`,
      `           7 ${'On hold'.padEnd(18)} billing DIRECT=TCP:10.0.0.5\\private$\\billing`,
      `        1200 Waiting to connect orders  orders@APP01`,
    ].join('\n');
    const { value, problems } = readOutgoingQueues(text);
    expect(problems).toEqual([]);
    expect(value.map((queue) => [queue.messageCount, queue.state, queue.queueName])).toEqual([
      [7, 'OnHold', 'DIRECT=TCP:10.0.0.5\\private$\\billing'],
      [1200, 'Waiting', 'orders@APP01'],
    ]);
  });

  it('joins the cells Format-Table -Wrap continues on the next lines', () => {
    const text = [
      'QueueName            State     NextHops',
      '---------            -----     --------',
      'DIRECT=OS:app01\\priv Waiting   {IP=10.0.0.20,',
      'ate$\\orders                    IP=10.0.0.21}',
    ].join('\r\n');
    const { value, problems } = readOutgoingQueues(text);
    expect(problems).toEqual([]);
    expect(value.map((queue) => [queue.queueName, queue.machine, queue.nextHops])).toEqual([
      ['DIRECT=OS:app01\\private$\\orders', 'app01', ['10.0.0.20', '10.0.0.21']],
    ]);
  });

  it('accepts every spelling of NextHops', () => {
    const hops = (value: string) =>
      readOutgoingQueues(`QueueName : orders@APP01\nNextHops  : ${value}`).value[0]?.nextHops;
    expect(hops('{IP=10.0.0.20}')).toEqual(['10.0.0.20']);
    expect(hops('{10.0.0.20}')).toEqual(['10.0.0.20']);
    expect(hops('{IP=10.0.0.20, IP=10.0.0.21}')).toEqual(['10.0.0.20', '10.0.0.21']);
    expect(hops('{IP = 2001:DB8:0::5}')).toEqual(['2001:db8::5']);
    expect(hops('{}')).toEqual([]);
    expect(hops('10.0.0.20, 10.0.0.21')).toEqual(['10.0.0.20', '10.0.0.21']);
    expect(hops('{FOREIGN=6f3a0c8e-0d47-4b3f-9a1e-3c1c2f7f5b10}')).toEqual([
      'FOREIGN=6f3a0c8e-0d47-4b3f-9a1e-3c1c2f7f5b10',
    ]);
  });

  it('maps every state spelling onto the OutgoingStateName', () => {
    const spellings: [string, string | undefined][] = [
      ['Connected', 'Connected'],
      ['MQ_QUEUE_STATE_CONNECTED', 'Connected'],
      ['Waiting', 'Waiting'],
      ['MQ_QUEUE_STATE_WAITING', 'Waiting'],
      ['Waiting to connect', 'Waiting'],
      ['WAITING', 'Waiting'],
      ['Inactive', 'Inactive'],
      ['MQ_QUEUE_STATE_NONACTIVE', 'Inactive'],
      ['MQ_QUEUE_STATE_INACTIVE', 'Inactive'],
      ['OnHold', 'OnHold'],
      ['On hold', 'OnHold'],
      ['ONHOLD', 'OnHold'],
      ['Disconnecting', 'Disconnecting'],
      ['MQ_QUEUE_STATE_DISCONNECTED', 'Disconnected'],
      ['NeedValidate', 'NeedValidation'],
      ['NEED VALIDATION', 'NeedValidation'],
      ['MQ_QUEUE_STATE_NEEDVALIDATE', 'NeedValidation'],
      ['Locked', 'Locked'],
      ['MQ_QUEUE_STATE_LOCKED', 'Locked'],
      ['2', 'Waiting'],
      ['MQ_QUEUE_STATE_LOCAL_CONNECTION', undefined],
    ];
    expect(spellings.map(([text]) => [text, readOutgoingState(text)])).toEqual(spellings);
  });

  it('reports an unknown state and a count that is not a number where they are, and reads on', () => {
    const text = [
      '',
      'QueueName    : orders@APP01',
      'State        : Sleeping',
      'MessageCount : lots',
      '',
      'QueueName    : billing@APP02',
      'State        : Connected',
    ].join('\r\n');
    const { value, problems } = readOutgoingQueues(text);
    expect(value.map((queue) => [queue.queueName, queue.state, queue.stateText])).toEqual([
      ['orders@APP01', undefined, 'Sleeping'],
      ['billing@APP02', 'Connected', 'Connected'],
    ]);
    expect(
      problems.map(({ line, column, text: lineText }) => ({ line, column, lineText })),
    ).toEqual([
      { line: 3, column: 16, lineText: 'State        : Sleeping' },
      { line: 4, column: 16, lineText: 'MessageCount : lots' },
    ]);
  });

  it('reports lines that are neither list nor table, with their line and column, and keeps reading', () => {
    const text = [
      'PS C:\\> Get-MsmqOutgoingQueue',
      'Get-MsmqOutgoingQueue : Message Queuing has not been installed on this computer.',
      '  garbage',
      '',
      'QueueName : orders@APP01',
      'State     : Waiting',
    ].join('\n');
    const { value, problems } = readOutgoingQueues(text);
    expect(value.map((queue) => queue.queueName)).toEqual(['orders@APP01']);
    expect(problems).toEqual([
      {
        line: 2,
        column: 1,
        message:
          'expected Get-MsmqOutgoingQueue output as Format-List ("Name : value" lines) or Format-Table (a header line, then a "----" underline)',
        text: 'Get-MsmqOutgoingQueue : Message Queuing has not been installed on this computer.',
      },
      {
        line: 3,
        column: 3,
        message:
          'expected Get-MsmqOutgoingQueue output as Format-List ("Name : value" lines) or Format-Table (a header line, then a "----" underline)',
        text: '  garbage',
      },
    ]);
  });

  it('reads a file cut short: what is there, nothing invented', () => {
    const bytes = fixture('get-msmqoutgoingqueue-list.utf16le.txt');
    const cut = bytes.subarray(0, 2 + 2 * 170);
    const { value } = readOutgoingQueues(cut);
    expect(value).toHaveLength(1);
    expect(value[0]?.queueName).toBe('DIRECT=OS:app01.corp.example\\private$\\orders');
    expect(value[0]?.messageCount).toBeUndefined();
  });

  it('never throws, on any text or bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.uint8Array(), fc.string({ unit: 'binary' }), printedLike),
        (input) => {
          const reading = readOutgoingQueues(input);
          // The defensive catch never fires: every input is read line by line.
          expect(reading.problems.map((problem) => problem.message)).not.toContain(
            'could not read the output',
          );
        },
      ),
    );
    const garbage = new Uint8Array(4096).map((_, index) => (index * 7919) % 256);
    expect(() => readOutgoingQueues(garbage)).not.toThrow();
  });

  it('reads a line of 1 MB in linear time', () => {
    const long = 'x'.repeat(1 << 20);
    const started = performance.now();
    const list = readOutgoingQueues(`QueueName : ${long}\nState     : Waiting`);
    const table = readOutgoingQueues(
      `QueueName State\n--------- -----\n${long} ${' -'.repeat(1 << 18)}`,
    );
    const garbage = readOutgoingQueues(`${' : '.repeat(1 << 18)}\n${'{'.repeat(1 << 20)}`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(list.value[0]?.queueName).toHaveLength(long.length);
    expect(table.value).toHaveLength(1);
    expect(garbage.problems.length).toBeGreaterThan(0);
  });
});

describe('formatOutgoingQueueList', () => {
  it('prints one Format-List block per queue, the history times through formatTime', () => {
    const rows: OutgoingQueueInfo[] = [
      {
        queueName: 'orders@APP01',
        state: 'Waiting',
        nextHop: '10.0.0.20',
        messageCount: 3,
        messageBytes: 3072,
        unacknowledgedCount: 0,
        lastFailure: 'timed out',
        connectionHistory: [{ t: 5, address: '10.0.0.20', result: 'failed', reason: 'timed out' }],
      },
    ];
    expect(formatOutgoingQueueList(rows, { formatTime: (t) => `00:00:0${t}` })).toBe(
      [
        '',
        'QueueName                  : orders@APP01',
        'State                      : Waiting',
        'NextHops                   : {10.0.0.20}',
        'MessageCount               : 3',
        'MessageBytes               : 3072',
        'UnacknowledgedMessageCount : 0',
        'LastError                  : timed out',
        'ConnectionHistory          : 00:00:05  10.0.0.20  failed: timed out',
        '',
      ].join('\n'),
    );
  });
});
