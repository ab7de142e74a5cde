import { writeFileSync } from 'node:fs';
const crlf = (lines) => lines.join('\r\n');
const utf16 = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
// Format-List: names padded to the longest (UnacknowledgedMessageCount, 26), " : ", CRLF,
// a blank line before, between and two after the objects; LastError wrapped at 120 columns.
const pad = (name) => name.padEnd(26);
const list = crlf([
  '',
  `${pad('DestinationQueueFormatName')} : DIRECT=OS:app01.corp.example\\private$\\orders`,
  `${pad('State')} : MQ_QUEUE_STATE_WAITING`,
  `${pad('NextHops')} : {IP=203.0.113.20}`,
  `${pad('MessageCount')} : 1200`,
  `${pad('BytesInQueue')} : 1228800`,
  `${pad('UnacknowledgedMessageCount')} : 0`,
  `${pad('UnprocessedMessageCount')} : 0`,
  `${pad('ConnectionHost')} : app01.corp.example`,
  `${pad('Transactional')} : MQ_XACT_STATUS_XACT`,
  `${pad('LastError')} : The remote computer did not respond to the connection request in time; the queue manager will retry the conne`,
  `${' '.repeat(29)}ction later.`,
  '',
  `${pad('DestinationQueueFormatName')} : DIRECT=TCP:198.51.100.7\\private$\\billing`,
  `${pad('State')} : MQ_QUEUE_STATE_CONNECTED`,
  `${pad('NextHops')} : {IP=198.51.100.7}`,
  `${pad('MessageCount')} : 12`,
  `${pad('BytesInQueue')} : 12288`,
  `${pad('UnacknowledgedMessageCount')} : 12`,
  `${pad('UnprocessedMessageCount')} : 0`,
  `${pad('ConnectionHost')} : 198.51.100.7`,
  `${pad('Transactional')} : MQ_XACT_STATUS_NOT_XACT`,
  `${pad('LastError')} :`,
  '',
  `${pad('DestinationQueueFormatName')} : DIRECT=OS:web02\\private$\\audit`,
  `${pad('State')} : MQ_QUEUE_STATE_WAITING`,
  `${pad('NextHops')} : {IP=10.0.0.21, IP=10.0.0.22, IP=10.0.0.23, IP=10.0.0.24...}`,
  `${pad('MessageCount')} : 5`,
  `${pad('BytesInQueue')} : 5120`,
  `${pad('UnacknowledgedMessageCount')} : 0`,
  `${pad('UnprocessedMessageCount')} : 0`,
  `${pad('ConnectionHost')} : web02`,
  `${pad('Transactional')} : MQ_XACT_STATUS_UNKNOWN`,
  `${pad('LastError')} :`,
  '',
  '',
  '',
]);
writeFileSync('get-msmqoutgoingqueue-list.utf16le.txt', utf16(list));
// Format-Table of Select-Object DestinationQueueFormatName, State, MessageCount, NextHops:
// text left-aligned, numbers right-aligned, underline as long as each header, one blank between
// columns, a cell cut with "...".
const table = crlf([
  '',
  'DestinationQueueFormatName                    State                     MessageCount NextHops',
  '--------------------------                    -----                     ------------ --------',
  'DIRECT=OS:app01.corp.example\\private$\\orders  MQ_QUEUE_STATE_WAITING            1200 {IP=203.0.113.20}',
  'DIRECT=TCP:198.51.100.7\\private$\\billing      MQ_QUEUE_STATE_CONNECTED            12 {IP=198.51.100.7}',
  'DIRECT=OS:web02.corp.example\\private$\\audi... MQ_QUEUE_STATE_ONHOLD                 5 {}',
  '',
  '',
]);
writeFileSync('get-msmqoutgoingqueue-table.txt', table);
// Get-MsmqQueue | Select QueueName, MessageCount (Get-MsmqQueue docs, example 5), as a table.
const queues = crlf([
  '',
  'QueueName                        MessageCount',
  '---------                        ------------',
  'private$\\orders                            1200',
  'private$\\orders.error                         3',
  'private$\\billing                              0',
  '',
  '',
]);
writeFileSync('get-msmqqueue-table.utf16le.txt', utf16(queues));
// Get-MsmqQueue | Select QueueName, MessageCount, BytesInQueue, MachineName,
// JournalMessageCount, Transactional (six properties: PowerShell lists them).
const qpad = (name) => name.padEnd(19);
const queueList = crlf([
  '',
  `${qpad('QueueName')} : private$\\orders`,
  `${qpad('MessageCount')} : 1200`,
  `${qpad('BytesInQueue')} : 1228800`,
  `${qpad('MachineName')} : APP01`,
  `${qpad('JournalMessageCount')} : 0`,
  `${qpad('Transactional')} : True`,
  '',
  `${qpad('QueueName')} : private$\\orders.error`,
  `${qpad('MessageCount')} : 3`,
  `${qpad('BytesInQueue')} : 3072`,
  `${qpad('MachineName')} : APP01`,
  `${qpad('JournalMessageCount')} : 0`,
  `${qpad('Transactional')} : False`,
  '',
  '',
  '',
]);
writeFileSync('get-msmqqueue-list.txt', queueList);
