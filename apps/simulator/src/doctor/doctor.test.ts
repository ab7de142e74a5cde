import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '@mqsim/scenario';
import { formatNetstat } from '@mqsim/transport';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../exit-codes.js';
import { runMqsim } from '../test-cli.js';
import { readEvidenceFolder, recogniseOutput } from './evidence-folder.js';
import { runDoctor } from './run-doctor.js';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const utf16 = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf(text), 'utf16le')]);

const ipconfig = (host: string, address: string) =>
  crlf(`
Windows IP Configuration

   Host Name . . . . . . . . . . . . : ${host}
   Primary Dns Suffix  . . . . . . . : corp.example

Ethernet adapter Ethernet0:

   Connection-specific DNS Suffix  . : corp.example
   IPv4 Address. . . . . . . . . . . : ${address}(Preferred)
`);

const outgoing = (nextHop: string, state = 'Waiting') =>
  utf16(`
QueueName                  : DIRECT=OS:APP01\\private$\\orders
State                      : ${state}
NextHops                   : {IP=${nextHop}}
MessageCount               : 2400

`);

const nslookup = crlf(`Server:  dc01.corp.example
Address:  10.0.0.5

Name:    app01.corp.example
Address:  10.0.0.20

`);

/** A folder of evidence: `files[machine][name] = content`. */
function evidenceFolder(files: Record<string, Record<string, string | Uint8Array>>): string {
  const root = mkdtempSync(join(tmpdir(), 'mqsim-doctor-'));
  for (const [machine, contents] of Object.entries(files)) {
    mkdirSync(join(root, machine));
    for (const [name, content] of Object.entries(contents))
      writeFileSync(join(root, machine, name), content);
  }
  return root;
}

const displayDns = crlf(`
Windows IP Configuration

    app01.corp.example
    ----------------------------------------
    Record Name . . . . . : app01.corp.example
    Record Type . . . . . : 1
    Time To Live  . . . . : 1187
    Data Length . . . . . : 4
    Section . . . . . . . : Answer
    A (Host) Record . . . : 10.0.0.20

`);

const seedIncident = () => ({
  APP01: {
    'a.txt': ipconfig('APP01', '10.0.0.20'),
    'b.txt': crlf(
      formatNetstat([
        {
          proto: 'TCP',
          local: '203.0.113.20:1801',
          foreign: '0.0.0.0:0',
          state: 'LISTENING',
          process: 'mqsvc.exe',
        },
      ]),
    ),
  },
  APP02: {
    'c.txt': ipconfig('APP02', '10.0.0.21'),
    'd.txt': outgoing('203.0.113.20'),
    'e.txt': nslookup,
    'f.txt': utf16(displayDns),
  },
});

describe('mqsim doctor', () => {
  it('names the stale MSMQ name cache on the sender and the stale listener on the receiver, each with its evidence', () => {
    const { report } = runDoctor(evidenceFolder(seedIncident()));
    const causes = report.diagnosis.map((finding) => [finding.cause.layer, finding.cause.host]);
    expect(causes).toEqual([
      ['msmq-name-cache', 'APP02'],
      ['msmq-listener-binding', 'APP01'],
    ]);
    const [cache, listener] = report.diagnosis;
    expect(cache?.notFixes.map((notFix) => notFix.action)).toContain('flushdns');
    expect(cache?.fixes.some((fix) => fix.action === 'restart-msmq' && fix.host === 'APP02')).toBe(
      true,
    );
    expect(
      listener?.fixes.some((fix) => fix.action === 'restart-msmq' && fix.host === 'APP01'),
    ).toBe(true);
    expect(cache?.evidence).toContainEqual({
      file: join('APP02', 'd.txt'),
      line: 2,
      says: 'DIRECT=OS:APP01\\private$\\orders: Waiting, next hop 203.0.113.20, 2400 messages',
    });
    expect(listener?.evidence).toContainEqual({
      file: join('APP01', 'b.txt'),
      line: 5,
      says: 'MSMQ listens on 203.0.113.20:1801',
    });
  });

  it('finds nothing stuck when the sender is connected to the address the receiver has', () => {
    const files = seedIncident();
    files.APP01['b.txt'] = crlf(
      formatNetstat([
        {
          proto: 'TCP',
          local: '0.0.0.0:1801',
          foreign: '0.0.0.0:0',
          state: 'LISTENING',
          process: 'mqsvc.exe',
        },
      ]),
    );
    files.APP02['d.txt'] = outgoing('10.0.0.20', 'Connected');
    expect(runDoctor(evidenceFolder(files)).report.diagnosis).toEqual([]);
  });

  it('says what it cannot tell without a machine’s outputs, and which command would tell', () => {
    const files = seedIncident();
    const { report } = runDoctor(
      evidenceFolder({ APP01: { 'a.txt': files.APP01['a.txt'] }, APP02: files.APP02 }),
    );
    expect(report.cannotTell).toContain(
      'no netstat output from APP01: cannot tell what MSMQ listens on; collect `netstat -anb` there',
    );
  });

  it('uses the rest of a folder whose files are truncated or not command output, naming them', () => {
    const files = seedIncident();
    const damaged = evidenceFolder({
      ...files,
      APP02: {
        ...files.APP02,
        'garbage.bin': new Uint8Array([0, 1, 2, 255, 0, 7]),
        'notes.txt': 'call Bob about the firewall\n',
        'g.txt': crlf(
          '\nActive Connections\n\n  Proto  Local Address          Foreign Address        State\n  TCP    10.0.0.21:50412        203.0.113.20:18',
        ),
      },
    });
    const { report } = runDoctor(damaged);
    expect(report.diagnosis.map((finding) => finding.cause.layer)).toEqual([
      'msmq-name-cache',
      'msmq-listener-binding',
    ]);
    const app02 = report.machines.find((machine) => machine.machine === 'APP02');
    expect(app02?.unused.map((file) => file.path).sort()).toEqual([
      join('APP02', 'garbage.bin'),
      join('APP02', 'notes.txt'),
    ]);
    expect(report.unreadable.some((line) => line.startsWith(`${join('APP02', 'g.txt')}:5:`))).toBe(
      true,
    );
  });

  it('reads each file once through links that loop, and leaves pipes alone', () => {
    const folder = evidenceFolder(seedIncident());
    // A copy with a link back up (`APP02/loop -> ..`), a second link to one file, and a pipe
    // (reading one waits forever): the same diagnosis, each address once.
    symlinkSync('..', join(folder, 'APP02', 'loop'));
    symlinkSync(join(folder, 'APP02', 'c.txt'), join(folder, 'APP02', 'c-again.txt'));
    expect(spawnSync('mkfifo', [join(folder, 'APP01', 'pipe')]).status).toBe(0);
    const { report, scenarioText } = runDoctor(folder);
    expect(report.diagnosis.map((finding) => finding.cause.layer)).toEqual([
      'msmq-name-cache',
      'msmq-listener-binding',
    ]);
    expect(scenarioText.match(/10\.0\.0\.21/g)?.length).toBe(
      runDoctor(evidenceFolder(seedIncident())).scenarioText.match(/10\.0\.0\.21/g)?.length,
    );
  });

  it('models a machine with more addresses than a scenario interface holds by its first 16', () => {
    const many = Array.from({ length: 20 }, (_, index) => `10.0.1.${index + 1}`);
    const files = seedIncident();
    const folder = evidenceFolder({
      ...files,
      APP01: {
        ...files.APP01,
        'a.txt':
          ipconfig('APP01', '10.0.0.20') +
          many
            .map((address) =>
              crlf(`   IPv4 Address. . . . . . . . . . . : ${address}(Preferred)\n`),
            )
            .join(''),
      },
    });
    const { report, scenarioText } = runDoctor(folder);
    expect(report.diagnosis.map((finding) => finding.cause.layer)).toContain(
      'msmq-listener-binding',
    );
    expect(() => loadScenario(scenarioText, 'estate.yaml')).not.toThrow();
  });

  it('takes the machine from a folder named by DNS name, skips hidden folders, refuses other names', () => {
    const files = seedIncident();
    const folder = evidenceFolder({
      'app01.corp.example': files.APP01,
      APP02: files.APP02,
      '.git': { HEAD: 'ref: refs/heads/main\n' },
    });
    const { report } = runDoctor(folder);
    expect(report.machines.map((machine) => machine.machine)).toEqual(['APP02', 'app01']);
    expect(report.diagnosis.map((finding) => finding.cause.layer)).toEqual([
      'msmq-name-cache',
      'msmq-listener-binding',
    ]);
    for (const name of ['my machine', 'A-VERY-LONG-MACHINE-NAME', '-APP01']) {
      expect(() => runDoctor(evidenceFolder({ [name]: files.APP01 }))).toThrow(
        /: a machine folder is named after the machine's computer name \(allowed: 1-15 letters/,
      );
    }
    expect(() =>
      runDoctor(evidenceFolder({ APP01: files.APP01, 'app01.corp.example': files.APP01 })),
    ).toThrow(/app01\.corp\.example: a second folder for app01 \(the first is APP01\)/);
  });

  it('models hundreds of machines without output, and refuses more than a scenario holds', () => {
    const empty = (count: number) =>
      evidenceFolder(
        Object.fromEntries(Array.from({ length: count }, (_, index) => [`M${index}`, {}])),
      );
    const { report, scenarioText } = runDoctor(empty(300));
    expect(report.machines).toHaveLength(300);
    expect(loadScenario(scenarioText, 'estate.json').hosts).toHaveLength(300);
    expect(() => runDoctor(empty(2001))).toThrow(/more than 2000 machine folders/);
  });

  it('writes a scenario that loads and reproduces the stale addresses', () => {
    const { scenarioText } = runDoctor(evidenceFolder(seedIncident()));
    const scenario = JSON.parse(scenarioText) as {
      hosts: { name: string; interfaces: { addresses: string[] }[] }[];
      timeline: { do: string; host?: string; addresses?: string[] }[];
    };
    expect(scenario.hosts.map((host) => [host.name, host.interfaces[0]?.addresses])).toEqual([
      ['APP01', ['203.0.113.20']],
      ['APP02', ['10.0.0.21']],
    ]);
    expect(scenario.timeline).toContainEqual({
      at: '1m',
      do: 'renumber',
      host: 'APP01',
      interface: 'eth0',
      addresses: ['10.0.0.20'],
    });
  });

  it('writes with --scenario a reproduction in which mqsim fixes finds restarting MSMQ on both machines drains', async () => {
    const folder = evidenceFolder(seedIncident());
    const scenario = join(folder, '..', `${folder.split('/').at(-1)}-estate.yaml`);
    const doctor = await runMqsim(['doctor', folder, '--scenario', scenario]);
    expect([doctor.code, doctor.stderr]).toEqual([EXIT_CODES.failed, '']);
    expect(doctor.stdout).toContain('msmq-name-cache on APP02');
    expect(Math.max(...doctor.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(
      80,
    );
    const fixes = await runMqsim(['fixes', scenario, '--json', '--workers', '1']);
    const best = JSON.parse(fixes.stdout).candidates[0] as {
      actions: { do: string; host: string }[];
      drained: boolean;
    };
    expect(best.drained).toBe(true);
    expect(best.actions.map((action) => `${action.do} ${action.host}`).sort()).toEqual([
      'restart-msmq APP01',
      'restart-msmq APP02',
    ]);
  });

  it('refuses a path that is no folder, in one line', () => {
    expect(() => readEvidenceFolder(join(tmpdir(), 'no-such-folder-mqsim'))).toThrow(
      /no-such-folder-mqsim: not a folder of evidence \(allowed: /,
    );
    const empty = mkdtempSync(join(tmpdir(), 'mqsim-doctor-empty-'));
    expect(() => readEvidenceFolder(empty)).toThrow(/holds no machine folder/);
  });
});

describe('recogniseOutput', () => {
  it('tells each output by its content', () => {
    expect(recogniseOutput(ipconfig('A', '10.0.0.1'))).toBe('ipconfig');
    expect(recogniseOutput(nslookup)).toBe('nslookup');
    expect(
      recogniseOutput('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n'),
    ).toBe('reg-file');
    expect(
      recogniseOutput(
        '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters\r\n    A    REG_DWORD    0x1\r\n',
      ),
    ).toBe('reg-query');
    expect(
      recogniseOutput(
        'QueueName    MessageCount\r\n---------    ------------\r\nprivate$\\orders  3\r\n',
      ),
    ).toBe('queues');
    expect(recogniseOutput('# hosts\r\n10.0.0.20 app01 app01.corp.example\r\n')).toBe('hosts');
    expect(recogniseOutput('call Bob')).toBeUndefined();
  });
});
