// Writes the MSMQ Parameters export fixtures: the same text as Registry Editor saves it
// (UTF-16LE with the byte-order mark FF FE) and as UTF-8 without a BOM, CRLF line endings.
// Run from this folder: node write-msmq-parameters.mjs
//
// The hex lines are wrapped with Registry Editor's rule (a line breaks after the comma that
// brings it to 77 or more characters; continuation lines start with two spaces), written out
// here literally, independently of the package's own formatter, which the tests check
// against these files.
import { writeFileSync } from 'node:fs';

const lines = [
  'Windows Registry Editor Version 5.00',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]',
  '"StoreReliablePath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StorePersistentPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StoreJournalPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StoreLogPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"StoreXactLogPath"="C:\\\\Windows\\\\system32\\\\msmq\\\\storage"',
  '"MachineDomain"="CORP"',
  '"MachineDomainFQDN"="corp.contoso.com"',
  '"Workgroup"=dword:00000000',
  '"LogDataCreated"=dword:00000001',
  '"SeqID"=dword:6568f3a1',
  '"DSSiteListRefresh"=dword:000000a8',
  '"DSEnterpriseListRefresh"=dword:000002a0',
  '"DSNextSiteListRefreshTime"=hex(b):07,30,e4,26,ab,80,dd,01',
  '"DSNextEnterpriseListRefreshTime"=hex(b):07,f0,90,a1,2b,91,dd,01',
  '"DSListRefreshErrorRetryInterval"=dword:0000003c',
  '"TraceDirectory"=hex(2):25,00,77,00,69,00,6e,00,64,00,69,00,72,00,25,00,5c,00,\\',
  '  64,00,65,00,62,00,75,00,67,00,00,00',
  '"KnownDSServers"=hex(7):44,00,43,00,30,00,31,00,2e,00,63,00,6f,00,72,00,70,00,\\',
  '  2e,00,63,00,6f,00,6e,00,74,00,6f,00,73,00,6f,00,2e,00,63,00,6f,00,6d,00,00,\\',
  '  00,44,00,43,00,30,00,32,00,2e,00,63,00,6f,00,72,00,70,00,2e,00,63,00,6f,00,\\',
  '  6e,00,74,00,6f,00,73,00,6f,00,2e,00,63,00,6f,00,6d,00,00,00,00,00',
  '"Description"="Queue manager on \\"APP01\\" (share \\\\\\\\APP01\\\\MSMQ$)"',
  '"MachineQuota"=dword:ffffffff',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\MachineCache]',
  '"EnterpriseId"=hex:2a,8e,3f,8c,1d,5b,4f,4e,9a,6b,2f,7c,1d,0e,3b,41',
  '"SiteId"=hex:3c,2d,0e,1f,5a,4b,78,69,87,96,a5,b4,c3,d2,e1,f0',
  '"QMId"=hex:e8,c6,a4,d2,1d,0b,3a,4f,8c,5e,7a,9b,1c,3d,5e,7f',
  '"SiteName"="Default-First-Site-Name"',
  '"MQS"=dword:00000001',
  '"MQISServer"="11DC01.corp.contoso.com,11DC02.corp.contoso.com"',
  '"LongLiveTime"=dword:00069780',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\security]',
  '"MachineKeyContainer"="MSMQ"',
  '"SecurityDescriptor"=hex:01,00,04,80,70,00,00,00,80,00,00,00,00,00,00,00,14,00,\\',
  '  00,00,02,00,5c,00,04,00,00,00,00,00,14,00,3f,00,0f,00,01,01,00,00,00,00,00,\\',
  '  05,12,00,00,00,00,00,18,00,3f,00,0f,00,01,02,00,00,00,00,00,05,20,00,00,00,\\',
  '  20,02,00,00,00,00,14,00,19,00,02,00,01,01,00,00,00,00,00,01,00,00,00,00,00,\\',
  '  00,14,00,19,00,02,00,01,01,00,00,00,00,00,05,14,00,00,00,01,02,00,00,00,00,\\',
  '  00,05,20,00,00,00,20,02,00,00,01,01,00,00,00,00,00,05,12,00,00,00',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\\ServersCache]',
  '"Default-First-Site-Name"="11DC01,11DC02"',
  '',
  '',
];

const text = lines.join('\r\n');
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
writeFileSync(new URL('./msmq-parameters.utf16le.reg', import.meta.url), utf16);
writeFileSync(new URL('./msmq-parameters.utf8.reg', import.meta.url), Buffer.from(text, 'utf8'));
