import { describe, expect, it } from 'vitest';
import { runMqsim } from '../test-cli.js';
import { collectScript } from './collect-script.js';

// Commands that would change the machine the admin is diagnosing.
const CHANGES = [
  /flushdns/i,
  /\b(Restart|Stop|Start|Set|Suspend|Resume)-Service\b/i,
  /\bnet (stop|start)\b/i,
  /\breg (add|delete|import|copy|restore|load|unload)\b/i,
  /\bSet-ItemProperty\b|\bRemove-Item\b|\bClear-\w+/i,
  /\b(Suspend|Resume|Clear)-Msmq\w*|\bNew-MsmqQueue\b|\bRemove-Msmq\w*/i,
  /New-Item\b(?![^\n]*-ItemType Directory)/i,
];

describe('collectScript', () => {
  const script = collectScript();

  it('saves every output mqsim doctor reads, into a folder named after the machine', () => {
    for (const command of [
      'netstat -anb',
      'netstat -ano',
      'ipconfig /all',
      'ipconfig /displaydns',
      "reg query 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters' /s",
      "reg export 'HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters'",
      'Get-MsmqOutgoingQueue | Format-List *',
      'Get-MsmqQueue | Format-List *',
      'nslookup $peer',
      'Resolve-DnsName -Name $peer',
      'drivers\\etc\\hosts',
      '$env:COMPUTERNAME',
    ])
      expect(script).toContain(command);
  });

  it('changes nothing on the machine', () => {
    expect(CHANGES.filter((pattern) => pattern.test(script.replace(/^\s*#.*$/gm, '')))).toEqual([]);
  });

  it('is printed by mqsim doctor --collect, which takes nothing else', async () => {
    const printed = await runMqsim(['doctor', '--collect']);
    expect([printed.code, printed.stdout, printed.stderr]).toEqual([0, script, '']);
    const refused = await runMqsim(['doctor', '--collect', 'evidence']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('keeps its lines within 100 columns', () => {
    expect(Math.max(...script.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });
});
