// Writes the evidence files of the seed incident that cmd.exe's `>` does not write as plain
// ASCII (Windows PowerShell 5.1's `>` and Registry Editor's export: UTF-16LE with a BOM, CRLF),
// and the damaged copy of the whole folder. Run from anywhere: node write-fixtures.mjs
//
// The layouts are written out literally here, copied from the real captures named in
// PROVENANCE.md, independently of mqsim's own formatters (the doctor's tests check the readers
// against them). The ASCII files of seed-incident/ are checked in as they are.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const here = (path) => new URL(path, import.meta.url);
const crlf = (lines) => lines.join('\r\n');
const utf16 = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

// Get-MsmqOutgoingQueue | Format-List > outgoing-queues.txt on APP02. Format-List pads the
// names to the longest (UnacknowledgedMessageCount, 26) and writes " : "; one blank line
// before, between and two after the objects; an empty value prints nothing after the colon.
const pad = (name) => name.padEnd(26);
const outgoing = crlf([
  '',
  `${pad('DestinationQueueFormatName')} : DIRECT=OS:APP01\\private$\\orders`,
  `${pad('State')} : MQ_QUEUE_STATE_WAITING`,
  `${pad('NextHops')} : {IP=203.0.113.20}`,
  `${pad('MessageCount')} : 3712`,
  `${pad('BytesInQueue')} : 4156416`,
  `${pad('UnacknowledgedMessageCount')} : 0`,
  `${pad('UnprocessedMessageCount')} : 0`,
  `${pad('ConnectionHost')} : APP01`,
  `${pad('Transactional')} : MQ_XACT_STATUS_XACT`,
  `${pad('LastError')} :`,
  '',
  `${pad('DestinationQueueFormatName')} : DIRECT=TCP:10.0.0.40\\private$\\metrics`,
  `${pad('State')} : MQ_QUEUE_STATE_CONNECTED`,
  `${pad('NextHops')} : {IP=10.0.0.40}`,
  `${pad('MessageCount')} : 0`,
  `${pad('BytesInQueue')} : 0`,
  `${pad('UnacknowledgedMessageCount')} : 0`,
  `${pad('UnprocessedMessageCount')} : 0`,
  `${pad('ConnectionHost')} : 10.0.0.40`,
  `${pad('Transactional')} : MQ_XACT_STATUS_NOT_XACT`,
  `${pad('LastError')} :`,
  '',
  '',
  '',
]);

// Resolve-DnsName app01 > resolve-dnsname-app01.txt on APP02 (Windows PowerShell 5.1): the
// table of Microsoft Learn's "Troubleshoot DNS client resolution issues", Name column of 47.
const resolve = crlf([
  '',
  'Name                                           Type   TTL   Section    IPAddress',
  '----                                           ----   ---   -------    ---------',
  'app01.corp.example                             A      1086  Answer     10.0.0.20',
  '',
  '',
  '',
]);

// Get-MsmqQueue | Select QueueName, MessageCount > queues.txt on APP01 (the cmdlet's docs,
// example 5): text left-aligned, numbers right-aligned under their header.
const queues = crlf([
  '',
  'QueueName                        MessageCount',
  '---------                        ------------',
  'private$\\orders                               0',
  'private$\\orders.error                         3',
  'private$\\billing                              0',
  '',
  '',
]);

// Registry Editor, File > Export of HKLM\SOFTWARE\Microsoft\MSMQ\Parameters on APP01, "Selected
// branch": UTF-16LE with a BOM, CRLF, each key followed by a blank line, hex wrapped after the
// comma that brings a line to 77 or more characters (continuation lines start with two spaces).
const reg = crlf([
  'Windows Registry Editor Version 5.00',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]',
  '"StoreReliablePath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StorePersistentPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StoreJournalPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StoreLogPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StoreXactLogPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"Workgroup"=dword:00000001',
  '"LogDataCreated"=dword:00000001',
  '"SeqID"=dword:6568f3a1',
  '"MachineQuota"=dword:ffffffff',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\MachineCache]',
  '"QMId"=hex:e8,c6,a4,d2,1d,0b,3a,4f,8c,5e,7a,9b,1c,3d,5e,7f',
  '"MQS"=dword:00000001',
  '"LongLiveTime"=dword:00069780',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\security]',
  '"MachineKeyContainer"="MSMQ"',
  '',
  '',
]);

const seed = here('./seed-incident/');
writeFileSync(new URL('APP02/outgoing-queues.txt', seed), utf16(outgoing));
writeFileSync(new URL('APP02/resolve-dnsname-app01.txt', seed), utf16(resolve));
writeFileSync(new URL('APP01/queues.txt', seed), utf16(queues));
writeFileSync(new URL('APP01/msmq-parameters.reg', seed), utf16(reg));

// The damaged copy: the same estate, with
// - APP01/netstat-anb.txt cut in the middle of a row (a copy that stopped early), after the
//   mqsvc.exe rows;
// - APP02/outgoing-queues.txt cut at an odd byte, half a UTF-16 code unit, in its second queue;
// - APP02/evidence.zip: the first bytes of a zip archive, not command output;
// - APP02/notes.txt: an admin's notes, text that is no command output.
const damaged = here('./seed-incident-damaged/');
rmSync(damaged, { recursive: true, force: true });
mkdirSync(damaged);
cpSync(seed, damaged, { recursive: true });

const netstat = readFileSync(new URL('APP01/netstat-anb.txt', seed), 'latin1');
const cutAt = netstat.indexOf('  TCP    [::]:445') + '  TCP    [::]:44'.length;
writeFileSync(new URL('APP01/netstat-anb.txt', damaged), Buffer.from(netstat.slice(0, cutAt), 'latin1'));

const queuesBytes = utf16(outgoing);
const metrics = queuesBytes.indexOf(Buffer.from('MQ_QUEUE_STATE_CONNECTED', 'utf16le'));
writeFileSync(new URL('APP02/outgoing-queues.txt', damaged), queuesBytes.subarray(0, metrics + 9));

writeFileSync(
  new URL('APP02/evidence.zip', damaged),
  Buffer.concat([
    Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'),
    Buffer.from([0x5a, 0x7b, 0x4e, 0x59, 0xc3, 0x1f, 0x9e, 0x2b, 0x00, 0x00, 0x01, 0x00]),
    Buffer.from('netstat-anb.txt', 'latin1'),
    Buffer.from([0xed, 0x5d, 0x4b, 0x6f, 0xdb, 0x38, 0x10, 0xbe, 0x0f, 0xb0, 0xff, 0x81]),
  ]),
);
writeFileSync(
  new URL('APP02/notes.txt', damaged),
  crlf([
    'APP02 -> APP01 orders stuck since the renumbering (Tue).',
    'ipconfig /flushdns on both: no change. Next hop still shows the old 203.0.113.20.',
    'Ask the network team whether the NAT still forwards 1801.',
    '',
  ]),
);
