import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, resolveScenario, SCENARIO_LIMITS } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { createShell, SHELL_COMMANDS, type Shell } from './shell-commands.js';
import { ShellUsageError } from './shell-errors.js';

const scenario = loadScenarioFile(resolveScenario('nat-renumbering'));
/** The same machines in an Active Directory domain: their MSMQ services refresh the DS lists. */
const inDomain = { ...scenario, directory: { ...scenario.directory, workgroup: false } };
const PARAMETERS = String.raw`HKLM\SOFTWARE\Microsoft\MSMQ\Parameters`;

/** Runs a command that must succeed and returns its output. */
function run(shell: Shell, line: string): string {
  const result = shell.execute(line);
  expect(result, `${line} → ${result.output}`).toMatchObject({ ok: true, exit: false });
  return result.output;
}

/** Runs a command that must fail and returns its message. */
function fail(shell: Shell, line: string): string {
  const result = shell.execute(line);
  expect(result.ok, `${line} should fail: ${result.output}`).toBe(false);
  expect(result.output).not.toMatch(/\n\s+at /);
  return result.output;
}

const outgoing = (state: string, hop: string, count: string, bytes: string) => {
  const cells = ['DIRECT=OS:APP01\\private$\\orders', state, hop, count, bytes];
  const header = ['QueueName', 'State', 'NextHops', 'MessageCount', 'MessageBytes'];
  const widths = header.map((title, index) => Math.max(title.length, (cells[index] ?? '').length));
  // Format-Table right-aligns numbers (MessageCount, MessageBytes) and their headers.
  const line = (row: string[]) =>
    row
      .map((cell, index) =>
        index >= 3 ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return `\n${[line(header), line(widths.map((width) => '-'.repeat(width))), line(cells)].join('\n')}\n`;
};

describe('createShell', () => {
  it('starts paused at the scenario start on the sender, with the time in the prompt', () => {
    const shell = createShell(scenario);
    expect(shell.prompt()).toBe('[08:00:00] APP02> ');
    expect(shell.simulation.world.clock.ticks()).toBe(0);
    expect(shell.banner()).toMatch(
      /^mqsim shell: nat-renumbering \(seed 1\), paused at 2026-11-23 08:00:00; it runs 2h, to 2026-11-23 10:00:00 \(UTC\)\.\n/,
    );
    expect(shell.banner()).toContain(
      '  08:00:00  APP01   MSMQ started, listening on 203.0.113.20:1801\n',
    );
    expect(createShell(scenario, { host: 'app01' }).prompt()).toBe('[08:00:00] APP01> ');
    expect(() => createShell(scenario, { host: 'APP9' })).toThrow(ShellUsageError);
  });

  it('reg add WaitTime takes effect when MSMQ restarts, not before, as on Windows', () => {
    const shell = createShell(scenario);
    run(shell, 'advance 15m');
    run(shell, `reg add ${PARAMETERS} /v WaitTime /t REG_DWORD /d 10 /f`);
    // Still MSMQ's back-off: the service read its registry when it started.
    expect(run(shell, 'advance 3m')).toContain(
      '08:15:51  APP02   cannot deliver to app01: connection to 203.0.113.20:1801 timed out; retry in 150 s\n',
    );
    run(shell, 'net stop msmq');
    run(shell, 'net start msmq');
    expect(shell.simulation.world.host('APP02').qm?.settings.waitTimeSeconds).toBe(10);
    // Now every attempt waits 10 s after the last one timed out (a connect times out in 21 s).
    expect(run(shell, 'advance 1m')).toContain(
      '08:18:21  APP02   cannot deliver to app01: connection to 203.0.113.20:1801 timed out (×2, last at 08:18:52)\n',
    );
  });

  it('fixes the NAT renumbering incident by hand: flushdns does nothing, restarting both MSMQs does', () => {
    const shell = createShell(scenario);
    expect(run(shell, 'advance 20m')).toMatch(/^Advanced 20m to 2026-11-23 08:20:00\.\n/);
    expect(shell.prompt()).toBe('[08:20:00] APP02> ');
    expect(run(shell, 'Get-MsmqOutgoingQueue')).toBe(
      outgoing('Waiting', '203.0.113.20', '601', '615424'),
    );

    expect(run(shell, 'ipconfig /flushdns')).toBe(
      '\nWindows IP Configuration\n\nSuccessfully flushed the DNS Resolver Cache.\n  08:20:00  APP02   DNS client cache flushed (1 entry)\n',
    );
    run(shell, 'advance 1m');
    expect(run(shell, 'Get-MsmqOutgoingQueue')).toBe(
      outgoing('Waiting', '203.0.113.20', '661', '676864'),
    );

    expect(run(shell, 'host APP01')).toBe('APP01: server, MSMQ running, addresses 10.0.0.20\n');
    expect(shell.prompt()).toBe('[08:21:00] APP01> ');
    // The receiver still listens on the address it had when its service started.
    expect(run(shell, 'netstat -anb')).toBe(
      [
        '',
        'Active Connections',
        '',
        '  Proto  Local Address          Foreign Address        State',
        '  TCP    203.0.113.20:1801      0.0.0.0:0              LISTENING',
        ' [mqsvc.exe]',
        '  TCP    203.0.113.20:1801      203.0.113.21:49152     ESTABLISHED',
        ' [mqsvc.exe]',
        '',
      ].join('\n'),
    );
    expect(run(shell, 'net stop msmq')).toBe(
      'The Message Queuing service is stopping.\nThe Message Queuing service was stopped successfully.\n  08:21:00  APP01   MSMQ stopped\n',
    );
    expect(run(shell, 'net start msmq')).toBe(
      'The Message Queuing service is starting.\nThe Message Queuing service was started successfully.\n  08:21:00  APP01   MSMQ started, listening on 10.0.0.20:1801\n',
    );
    expect(run(shell, 'netstat -anb')).toContain(
      '  TCP    10.0.0.20:1801         0.0.0.0:0              LISTENING\n',
    );

    run(shell, 'host APP02');
    expect(run(shell, 'restart')).toMatch(
      /^The Message Queuing service is stopping\.\nThe Message Queuing service was stopped successfully\.\n\nThe Message Queuing service is starting\.\nThe Message Queuing service was started successfully\.\n/,
    );
    expect(run(shell, 'advance 5m')).toContain(
      'APP02   session to app01 at 10.0.0.20 established\n',
    );
    expect(run(shell, 'Get-MsmqOutgoingQueue')).toBe(outgoing('Connected', '10.0.0.20', '1', '0'));

    // Each change made from the shell is on the run's timeline, before its effects.
    const actions = shell.simulation
      .report()
      .timeline.filter((entry) => entry.kind === 'action')
      .map((entry) => `${entry.at.slice(11)} ${entry.host} ${entry.text}`);
    expect(actions.filter((line) => line >= '08:20')).toEqual([
      '08:20:00 APP02 ipconfig /flushdns',
      '08:21:00 APP01 net stop msmq',
      '08:21:00 APP01 net start msmq',
      '08:21:00 APP02 net stop msmq && net start msmq',
    ]);
    const report = run(shell, 'status');
    expect(report).toMatch(/^nat-renumbering {2}\(seed 1, [\d,]+ events\)\n/);
    expect(report).toContain('08:21:00  APP01 > net stop msmq\n08:21:00  APP01   MSMQ stopped\n');
  });

  it('shows ipconfig like Windows, before and after the renumbering', () => {
    const shell = createShell(scenario);
    const adapter = (address: string) =>
      `\nWindows IP Configuration\n\n\nEthernet adapter eth0:\n\n   Connection-specific DNS Suffix  . : corp.example\n   IPv4 Address. . . . . . . . . . . : ${address}\n   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n   Default Gateway . . . . . . . . . : \n`;
    expect(run(shell, 'ipconfig')).toBe(adapter('203.0.113.21'));
    run(shell, 'run until 08:10');
    expect(run(shell, 'IPCONFIG')).toBe(adapter('10.0.0.21'));
    expect(run(shell, 'ipconfig /all')).toBe(
      [
        '',
        'Windows IP Configuration',
        '',
        '   Host Name . . . . . . . . . . . . : APP02',
        '   Primary Dns Suffix  . . . . . . . : corp.example',
        '   Node Type . . . . . . . . . . . . : Hybrid',
        '   IP Routing Enabled. . . . . . . . : No',
        '   WINS Proxy Enabled. . . . . . . . : No',
        '   DNS Suffix Search List. . . . . . : corp.example',
        '',
        'Ethernet adapter eth0:',
        '',
        '   Connection-specific DNS Suffix  . : corp.example',
        '   Description . . . . . . . . . . . : Microsoft Hyper-V Network Adapter',
        '   Physical Address. . . . . . . . . : 00-15-5D-44-6D-B7',
        '   DHCP Enabled. . . . . . . . . . . : No',
        '   Autoconfiguration Enabled . . . . : Yes',
        '   IPv4 Address. . . . . . . . . . . : 10.0.0.21(Preferred) ',
        '   Subnet Mask . . . . . . . . . . . : 255.255.255.0',
        '   Default Gateway . . . . . . . . . : ',
        '   NetBIOS over Tcpip. . . . . . . . : Enabled',
        '',
      ].join('\n'),
    );
    expect(run(shell, 'ipconfig /displaydns')).toBe(
      [
        '',
        'Windows IP Configuration',
        '',
        '    app01.corp.example',
        `    ${'-'.repeat(40)}`,
        '    Record Name . . . . . : app01.corp.example',
        '    Record Type . . . . . : 1',
        '    Time To Live  . . . . : 600',
        '    Data Length . . . . . : 4',
        '    Section . . . . . . . : Answer',
        '    A (Host) Record . . . : 203.0.113.20',
        '',
      ].join('\n'),
    );
    expect(fail(shell, 'ipconfig /renew')).toBe(
      'ipconfig option "/renew" is not allowed; allowed: /all, /displaydns, /flushdns\n',
    );
  });

  // The seed incident's machines are a workgroup (no `directory` section): no DS refresh, so the
  // service never writes DSNext…RefreshTime (Breakwell, "How often does MSMQ crawl your forest?":
  // the lists refreshed are those of AD-integrated MSMQ).
  it('why: explains what is stuck now, for every host or one', () => {
    const shell = createShell(scenario);
    expect(run(shell, 'why')).toContain('nothing was stuck');
    run(shell, 'run until 08:50');
    const all = run(shell, 'why');
    expect(all).toContain('cause  msmq-name-cache on APP02');
    expect(all).toContain('cause  msmq-listener-binding on APP01');
    // APP01: only what is caused there; APP02: everything that shows there.
    expect(run(shell, 'why APP01')).toContain('msmq-listener-binding');
    expect(run(shell, 'why APP01')).not.toContain('msmq-name-cache');
    expect(run(shell, 'why APP02')).toBe(all);
    expect(all.split('\n').every((line) => line.length <= 80)).toBe(true);
  });

  it('shows no DSNext… values on a workgroup machine', () => {
    const shell = createShell(scenario);
    run(shell, 'advance 1m');
    expect(run(shell, `reg query ${PARAMETERS}`)).not.toContain('DSNext');
  });

  it('queries, adds and deletes registry values as reg.exe does', () => {
    const shell = createShell(inDomain);
    run(shell, 'advance 1m');
    expect(run(shell, `reg query ${PARAMETERS}`)).toBe(
      [
        '',
        String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters`,
        '    DSNextSiteListRefreshTime    REG_QWORD    0x1dd80a0cd642d00',
        '    DSNextEnterpriseListRefreshTime    REG_QWORD    0x1dd91214cd5a100',
        '',
        // Subkeys follow the values, as reg.exe lists them: MSMQ keeps its QMId there.
        String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters\Machine Cache`,
        '',
      ].join('\n'),
    );
    expect(run(shell, String.raw`reg query HKLM\SOFTWARE\Microsoft\MSMQ`)).toBe(
      `\n${String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters`}\n`,
    );
    expect(fail(shell, `reg delete ${PARAMETERS} /v DSNextSiteListRefreshTime`)).toMatch(
      /^reg delete asks before deleting the value DSNextSiteListRefreshTime; add \/f/,
    );
    expect(run(shell, `reg delete ${PARAMETERS} /v DSNextSiteListRefreshTime /f`)).toBe(
      'The operation completed successfully.\n',
    );
    expect(run(shell, `reg query ${PARAMETERS}`)).not.toContain('DSNextSiteListRefreshTime');
    const notFound = 'ERROR: The system was unable to find the specified registry key or value.\n';
    expect(fail(shell, `reg delete ${PARAMETERS} /v DSNextSiteListRefreshTime /f`)).toBe(notFound);
    expect(fail(shell, `reg query ${PARAMETERS} /v DSNextSiteListRefreshTime`)).toBe(notFound);
    expect(fail(shell, String.raw`reg query HKLM\SOFTWARE\Nowhere`)).toBe(notFound);

    run(shell, `reg add ${PARAMETERS} /v DSSiteListRefresh /t REG_DWORD /d 24 /f`);
    expect(run(shell, `REG QUERY ${PARAMETERS} /V dssitelistrefresh`)).toBe(
      `\n${String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters`}\n    DSSiteListRefresh    REG_DWORD    0x18\n`,
    );
    expect(fail(shell, `reg add ${PARAMETERS} /v DSSiteListRefresh /t REG_DWORD /d 12`)).toMatch(
      /^reg add: value DSSiteListRefresh exists; add \/f to overwrite it/,
    );
    run(
      shell,
      `reg add ${PARAMETERS} /v DSNextSiteListRefreshTime /t REG_QWORD /d 2026-11-23T09:00:00Z /f`,
    );
    expect(run(shell, `reg query ${PARAMETERS} /v DSNextSiteListRefreshTime`)).toContain(
      'DSNextSiteListRefreshTime    REG_QWORD    0x1dd7b2905132800',
    );
    expect(fail(shell, `reg add ${PARAMETERS} /v X /t REG_DWRD /d 24 /f`)).toBe(
      'reg add /t "REG_DWRD" is not allowed (did you mean REG_DWORD?); allowed: REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY\n',
    );
    expect(fail(shell, `reg add ${PARAMETERS} /v X /t REG_DWORD /d lots /f`)).toMatch(
      /^reg add \/d "lots": REG_DWORD needs a whole number from 0 to 4294967295/,
    );
    expect(fail(shell, `reg add ${PARAMETERS} /v X /x`)).toMatch(
      /^reg add: "\/x" is not a switch it takes; allowed: \/v, \/ve, \/t, \/d, \/f/,
    );
    expect(fail(shell, 'reg query')).toMatch(/^reg query needs a key first; usage: reg query KEY/);
    expect(fail(shell, 'reg list')).toMatch(
      /^reg operation "list" is not allowed; allowed: query, add, delete/,
    );
    expect(fail(shell, String.raw`reg query HKXX\SOFTWARE`)).toMatch(/HKXX/);
  });

  it('sends messages from the current machine and refuses while MSMQ is stopped', () => {
    const shell = createShell(scenario);
    const sent = () => shell.simulation.world.host('APP02').qm?.accounting().sent ?? 0;
    const before = sent();
    expect(run(shell, 'send orders@APP01 --count 3 --kind express --size 2KB')).toBe(
      'Sent 3 express messages of 2048 bytes to DIRECT=OS:APP01\\private$\\orders.\n',
    );
    expect(sent() - before).toBe(3);
    expect(fail(shell, 'send orders@APP01 --kind fast')).toBe(
      '--kind "fast" is not allowed; allowed: express, recoverable, transactional\n',
    );
    expect(fail(shell, 'send orders@APP01 --cont 5')).toBe(
      'send option "--cont" is not allowed (did you mean --count?); allowed: --count, --kind, --size\n',
    );
    expect(fail(shell, 'send orders@APP01 --count 0')).toMatch(
      /^--count "0" is not a whole number from 1 to 100000/,
    );
    expect(fail(shell, 'send')).toMatch(/^send needs a destination first; usage: send QUEUE@HOST/);
    expect(fail(shell, 'send nowhere')).toMatch(
      /^send: "nowhere" is not a destination mqsim understands; allowed: queue@HOST/,
    );
    run(shell, 'net stop msmq');
    expect(fail(shell, 'send orders@APP01')).toBe(
      'cannot send: the Message Queuing service on APP02 is not started (net start msmq)\n',
    );
  });

  it("caps a session's sends at the scenario format's message limit", () => {
    const small = { ...scenario, estimate: { messages: SCENARIO_LIMITS.maxMessages - 150_000 } };
    const shell = createShell(small);
    run(shell, 'send orders@APP01 --count 100000');
    expect(fail(shell, 'send orders@APP01 --count 60000')).toBe(
      `send --count 60000: this session would send 160000 messages from the shell; with the scenario's ${SCENARIO_LIMITS.maxMessages - 150_000}, at most ${SCENARIO_LIMITS.maxMessages} in all (50000 left)\n`,
    );
    expect(run(shell, 'send orders@APP01 --count 50000')).toMatch(/^Sent 50000 express messages/);
  });

  // PROPID_M_DELIVERY (ms706069) / MSMQMessage.Delivery (ms700152): the default is
  // MQMSG_DELIVERY_EXPRESS (facts file §4), so a send without --kind is express.
  it('sends express messages when no --kind is given, like the MSMQ API', () => {
    const shell = createShell(scenario);
    expect(run(shell, 'send orders@APP01')).toBe(
      'Sent 1 express message of 1024 bytes to DIRECT=OS:APP01\\private$\\orders.\n',
    );
    const qm = shell.simulation.world.host('APP02').qm;
    const express = qm?.places().outgoing.filter((message) => message.delivery === 'express');
    expect(express?.length).toBeGreaterThanOrEqual(1);
    expect(qm?.places().outgoing.at(-1)?.delivery).toBe('express');
  });

  // Get-MsmqOutgoingQueue's State is the OutgoingQueue.State enum name ([MS-MQAC] 2.2.2.19
  // QUEUE_STATE; facts file §1, §10); Suspend-/Resume-MsmqOutgoingQueue (learn.microsoft.com,
  // powershell/module/msmq) pause and resume outgoing queues and return them: paused, the state is
  // MQ_QUEUE_STATE_ONHOLD and nothing is sent (MSMQOutgoingQueueManagement.Pause, ms711328).
  it('suspends and resumes outgoing queues, showing PowerShell state names', () => {
    const shell = createShell(scenario);
    run(shell, 'advance 1m');
    const suspended = run(
      shell,
      'Get-MsmqOutgoingQueue -Name *orders* | Suspend-MsmqOutgoingQueue',
    );
    expect(suspended.split('\n').slice(0, 4)).toEqual([
      '',
      'QueueName                        State   NextHops      MessageCount  MessageBytes',
      '-------------------------------  ------  ------------  ------------  ------------',
      'DIRECT=OS:APP01\\private$\\orders  OnHold  203.0.113.20             1             0',
    ]);
    // The timeline keeps the MMC's label.
    expect(suspended).toContain('orders: On hold, next hop 203.0.113.20');
    run(shell, 'advance 5m');
    const sender = shell.simulation.world.host('APP02').qm;
    expect(sender?.outgoingQueues()[0]).toMatchObject({ state: 'OnHold' });
    expect(sender?.outgoingQueues()[0]?.messageCount).toBeGreaterThan(250);
    expect(
      run(shell, 'Resume-MsmqOutgoingQueue -Name DIRECT=OS:APP01\\private$\\orders'),
    ).toContain('DIRECT=OS:APP01\\private$\\orders');
    run(shell, 'advance 10s');
    expect(sender?.outgoingQueues()[0]?.messageCount).toBeLessThan(5);
    expect(run(shell, 'Get-MsmqOutgoingQueue')).toMatch(/\sConnected\s/);
    expect(fail(shell, 'Suspend-MsmqOutgoingQueue -Name nothing*')).toBe(
      'Suspend-MsmqOutgoingQueue : no outgoing queue matches "nothing*" (MQ_ERROR_QUEUE_NOT_ACTIVE)\n',
    );
    expect(fail(shell, 'Suspend-MsmqOutgoingQueue')).toMatch(/takes the queues as -Name PATTERN/);
    expect(run(shell, 'history')).toContain('Suspend-MsmqOutgoingQueue');
  });

  // The MMC's Connection History tab ([MS-MQQB] 3.1.5.2.3 OutgoingQueue.ConnectionHistory), shown
  // by Format-List like PowerShell's list view of an object (facts file §10).
  it('lists an outgoing queue with its Connection History', () => {
    const shell = createShell(scenario);
    run(shell, 'advance 20m');
    const list = run(shell, 'Get-MsmqOutgoingQueue | Format-List');
    expect(list).toMatch(/^\nQueueName +: DIRECT=OS:APP01\\private\$\\orders\nState +: Waiting\n/);
    expect(list).toContain(
      'ConnectionHistory          : 2026-11-23 08:00:00  203.0.113.20  connected',
    );
    expect(list).toMatch(
      /2026-11-23 08:1\d:\d\d {2}203\.0\.113\.20 {2}failed: connection to 203\.0\.113\.20:1801 timed out/,
    );
  });

  it('answers net commands the way Windows does when the service is in the wrong state', () => {
    const shell = createShell(scenario);
    expect(fail(shell, 'net start msmq')).toBe(
      'The requested service has already been started.\n\nMore help is available by typing NET HELPMSG 2182.\n',
    );
    expect(run(shell, 'net start')).toBe(
      'These Windows services are started:\n\n   Message Queuing\n\nThe command completed successfully.\n',
    );
    run(shell, 'NET STOP "Message Queuing"');
    expect(fail(shell, 'net stop msmq')).toBe(
      'The Message Queuing service is not started.\n\nMore help is available by typing NET HELPMSG 3521.\n',
    );
    expect(fail(shell, 'crash')).toMatch(/^The Message Queuing service is not started\./);
    expect(fail(shell, 'net stop spooler')).toMatch(/^The service name is invalid\./);
    expect(fail(shell, 'net pause msmq')).toBe(
      'net subcommand "pause" is not allowed; allowed: start, stop\n',
    );
    expect(run(shell, 'restart')).toMatch(/^The Message Queuing service is starting\./);
    expect(run(shell, 'crash msmq')).toMatch(/^mqsvc\.exe ended without a clean shutdown/);
    expect(shell.simulation.world.host('APP02').qm?.state).toBe('stopped');
  });

  it('lists local queues with their message counts', () => {
    const shell = createShell(scenario, { host: 'APP01' });
    expect(run(shell, 'get-msmqqueue')).toBe(
      '\nQueueName        MessageCount\n---------        ------------\nprivate$\\orders             0\n',
    );
  });

  it('moves time with advance and run until, and stops at the end of the scenario', () => {
    const shell = createShell(scenario);
    expect(run(shell, 'run until 09:00')).toMatch(/^Advanced 1h to 2026-11-23 09:00:00\.\n/);
    expect(fail(shell, 'run until 08:30')).toMatch(/^run until 08:30: that has passed/);
    expect(fail(shell, 'run 09:30')).toBe('run "09:30" is not allowed; allowed: until\n');
    expect(fail(shell, 'advance')).toMatch(/^advance needs a duration, e.g. advance 10m/);
    expect(fail(shell, 'advance soon')).toMatch(
      /^advance "soon": "soon" is not a duration \(expected whole numbers with units/,
    );
    expect(run(shell, 'advance 2h')).toMatch(
      /^Advanced 1h to 2026-11-23 10:00:00, the end of the scenario\.\n/,
    );
    expect(fail(shell, 'advance 1m')).toBe(
      'the scenario ended at 10:00:00 (it lasts 2h); nothing more happens\n',
    );
    expect(run(shell, 'run until end')).toBe('Advanced 0s to 2026-11-23 10:00:00.\n');
    expect(shell.prompt()).toBe('[10:00:00] APP02> ');
  });

  it('names unknown commands and bad arguments with what is allowed, never a stack trace', () => {
    const shell = createShell(scenario);
    expect(fail(shell, 'ipconfg')).toBe(
      "'ipconfg' is not recognized as an internal or external command,\noperable program or batch file. Did you mean ipconfig? Type help for the commands.\n",
    );
    expect(fail(shell, 'Get-MsmqOutgoingQueues')).toContain('Did you mean Get-MsmqOutgoingQueue?');
    expect(fail(shell, 'xyzzy')).toBe(
      "'xyzzy' is not recognized as an internal or external command,\noperable program or batch file. Type help for the commands.\n",
    );
    expect(fail(shell, 'host APP03')).toBe(
      'no machine "APP03" in scenario nat-renumbering (did you mean APP01?); machines: APP01, APP02\n',
    );
    expect(fail(shell, 'netstat -r')).toMatch(
      /^netstat "-r" is not supported; the shell has netstat -anb \(with the owning program\), -ano/,
    );
    expect(fail(shell, 'Get-MsmqQueue -Name x')).toBe(
      'unexpected argument "-Name"; usage: Get-MsmqQueue\n',
    );
    expect(fail(shell, 'net stop "msmq')).toMatch(/^the command line has a " that is never closed/);
    expect(fail(shell, 'help nosuch')).toMatch(/^help: no command "nosuch"/);
  });

  it('takes command names in any case, skips comments and keeps a numbered history', () => {
    const shell = createShell(scenario);
    expect(shell.execute('')).toEqual({ output: '', ok: true, exit: false });
    expect(shell.execute('# a comment')).toEqual({ output: '', ok: true, exit: false });
    expect(shell.execute('rem another')).toEqual({ output: '', ok: true, exit: false });
    run(shell, 'HOSTNAME');
    run(shell, 'get-msmqoutgoingqueue');
    fail(shell, 'nope');
    expect(run(shell, 'History')).toBe(
      '  1  HOSTNAME\n  2  get-msmqoutgoingqueue\n  3  nope\n  4  History\n',
    );
    expect(run(shell, 'host')).toBe(
      '  APP01: server, MSMQ running, addresses 203.0.113.20\n* APP02: server, MSMQ running, addresses 203.0.113.21\n',
    );
    expect(shell.execute('quit')).toEqual({ output: '', ok: true, exit: true });
  });

  it('lists every command with one line per form in help', () => {
    const shell = createShell(scenario);
    const help = run(shell, 'help');
    for (const command of SHELL_COMMANDS) {
      for (const form of command.forms) expect(help).toContain(form.usage);
    }
    expect(help.split('\n').filter((line) => line.startsWith('  ')).length).toBeGreaterThanOrEqual(
      SHELL_COMMANDS.flatMap((command) => command.forms).length,
    );
    expect(run(shell, 'help net')).toBe(
      [
        '  net stop msmq   stop the MSMQ service (express messages in memory are lost)',
        '  net start msmq  start it: it learns the addresses it listens on and starts with an empty name cache',
        '',
        'Examples:',
        '  net stop msmq',
        '  net start msmq',
        '  net stop "Message Queuing"',
        '',
      ].join('\n'),
    );
  });
});

describe('Shell.complete', () => {
  const shell = createShell(scenario);
  const candidates = (line: string) => shell.complete(line).candidates;

  it('completes command names in any case', () => {
    expect(shell.complete('Get-M')).toEqual({
      candidates: ['Get-MsmqOutgoingQueue', 'Get-MsmqQueue'],
      word: 'Get-M',
    });
    expect(candidates('get-msmqo')).toEqual(['Get-MsmqOutgoingQueue']);
    expect(candidates('ho')).toEqual(['host', 'hostname']);
    expect(candidates('')).toEqual(SHELL_COMMANDS.map((command) => command.name));
  });

  it('completes arguments: hosts, net verbs, options, registry keys and value names, destinations', () => {
    expect(shell.complete('host A')).toEqual({ candidates: ['APP01', 'APP02'], word: 'A' });
    expect(candidates('net s')).toEqual(['start', 'stop']);
    expect(candidates('net stop ')).toEqual(['msmq']);
    expect(candidates('ipconfig /f')).toEqual(['/flushdns']);
    expect(candidates('netstat ')).toEqual(['-anb', '-ano', '-an']);
    expect(candidates('run until ')).toEqual(['end']);
    expect(candidates('reg q')).toEqual(['query']);
    expect(candidates(String.raw`reg query HKLM\SOFTWARE\Microsoft\MSMQ\P`)).toEqual([
      PARAMETERS,
      String.raw`${PARAMETERS}\Machine Cache`,
    ]);
    expect(candidates(String.raw`reg query hkey_local_machine\software\microsoft\msmq\p`)).toEqual([
      String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters`,
      String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters\Machine Cache`,
    ]);
    expect(candidates(`reg add ${PARAMETERS} /t REG_D`)).toEqual(['REG_DWORD']);
    expect(candidates(`reg delete ${PARAMETERS} /`)).toEqual(['/v', '/ve', '/va', '/f']);
    expect(candidates('send ')).toEqual(['orders@APP01']);
    expect(candidates('send orders@APP01 --kind e')).toEqual(['express']);
    expect(candidates('help Get-MsmqQ')).toEqual(['Get-MsmqQueue']);
    expect(candidates('bogus ')).toEqual([]);
  });

  it('completes value names of the key being queried', () => {
    const later = createShell(inDomain);
    later.execute('advance 1m');
    expect(later.complete(`reg query ${PARAMETERS} /v DSNext`).candidates).toEqual([
      'DSNextSiteListRefreshTime',
      'DSNextEnterpriseListRefreshTime',
    ]);
  });
});

describe('the commands an admin types first', () => {
  it('tells what DNS says (nslookup) from what the machine resolves (ping, Resolve-DnsName)', () => {
    const shell = createShell(scenario);
    run(shell, 'advance 20m');
    // DNS has the new address; the DNS Client cache still holds the old one for its TTL.
    expect(run(shell, 'nslookup app01')).toContain(
      'Name:    app01.corp.example\nAddress:  10.0.0.20\n',
    );
    expect(run(shell, 'Resolve-DnsName app01')).toMatch(
      /app01\.corp\.example\s+A\s+\d+\s+Answer\s+203\.0\.113\.20/,
    );
    expect(run(shell, 'Resolve-DnsName app01 -DnsOnly | Format-List')).toMatch(
      /IP4Address\s+: 10\.0\.0\.20/,
    );
    expect(run(shell, 'ping app01 -n 1')).toContain('Request timed out.');
    run(shell, 'ipconfig /flushdns');
    expect(run(shell, 'ping app01 -n 1')).toContain('Reply from 10.0.0.20: bytes=32');
    // Reachable, but nothing listens there: MSMQ on APP01 still listens on its old address.
    expect(run(shell, 'Test-NetConnection app01 -Port 1801')).toMatch(
      /^WARNING: TCP connect to \(10\.0\.0\.20 : 1801\) failed\n[\s\S]*PingSucceeded {10}: True\n[\s\S]*TcpTestSucceeded {7}: False/,
    );
    run(shell, 'use APP01');
    run(shell, 'restart');
    run(shell, 'use APP02');
    expect(run(shell, 'tnc app01 -Port 1801')).toMatch(/TcpTestSucceeded : True\n$/);
    expect(run(shell, 'nslookup nosuch')).toContain(
      "*** UnKnown can't find nosuch: Non-existent domain",
    );
    expect(run(shell, 'ping nosuch')).toBe(
      'Ping request could not find host nosuch. Please check the name and try again.\n',
    );
    expect(fail(shell, 'ping app01 -n 0')).toMatch(/^ping: -n takes a count from 1 to 100/);
  });

  it('filters output through findstr and Select-String, and names a bad pattern', () => {
    const shell = createShell(scenario);
    expect(run(shell, 'netstat -ano|findstr 1801')).toMatch(
      /^ {2}TCP {4}203\.0\.113\.21:1801 .* LISTENING {7}\d+\n$/,
    );
    expect(run(shell, 'netstat -an | findstr /v TCP')).not.toContain('TCP ');
    expect(run(shell, 'netstat -an | findstr listening')).toBe('');
    expect(run(shell, 'netstat -an | findstr /i listening')).toContain('LISTENING');
    expect(run(shell, 'netstat -an | Select-String "listen.ng"')).toMatch(
      /^\n {2}TCP .*LISTENING\n$/,
    );
    expect(fail(shell, 'netstat -an | Select-String "("')).toMatch(
      /is not a valid regular expression/,
    );
    expect(fail(shell, 'netstat -an | findstr /x 1801')).toMatch(/option "\/x" is not supported/);
    expect(fail(shell, '| | |')).toMatch(/^a pipeline needs a command on each side of \|/);
    expect(fail(shell, 'netstat -an |')).toMatch(/^a pipeline needs a command on each side of \|/);
  });

  it('fails Get-MsmqOutgoingQueue as Windows does while MSMQ is stopped, and clears the screen on cls', () => {
    const shell = createShell(scenario);
    run(shell, 'net stop msmq');
    expect(fail(shell, 'Get-MsmqOutgoingQueue | Format-List')).toMatch(
      /^Get-MsmqOutgoingQueue : The Message Queuing service is not available\.\nAt line:1 char:1\n\+ Get-MsmqOutgoingQueue \| Format-List\n/,
    );
    expect(shell.execute('cls')).toEqual({ output: '', ok: true, exit: false, clear: true });
    expect(shell.execute('hostname').clear).toBeUndefined();
  });

  it('saves the session as a scenario that replays it, and will not write over the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-save-'));
    const shell = createShell(scenario);
    run(shell, 'advance 20m');
    run(
      shell,
      'reg add HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters /v WaitTime /t REG_DWORD /d 10 /f',
    );
    run(shell, 'reg add HKLM\\SOFTWARE\\Other /v X /t REG_SZ /d y /f');
    run(shell, 'restart');
    const file = join(dir, 'mine.yaml');
    expect(run(shell, `save ${file}`)).toMatch(
      /^wrote .*mine\.yaml: nat-renumbering with 3 change\(s\)/,
    );
    const saved = loadScenarioFile(file);
    const added = saved.timeline.filter((action) => action.at === 20 * 60 * 10_000_000);
    expect(added.map((action) => action.do)).toEqual([
      'set-registry-value',
      'note',
      'restart-msmq',
    ]);
    expect(readFileSync(file, 'utf8')).toContain(
      '#   reg add HKLM\\SOFTWARE\\Other /v X /t REG_SZ /d y /f',
    );
    expect(fail(shell, `save ${scenario.file}`)).toMatch(/scenario file/);
  });
});
