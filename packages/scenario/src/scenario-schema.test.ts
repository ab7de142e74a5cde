import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_NAMES } from './scenario-actions.js';
import { scenarioJsonSchemaText } from './scenario-json-schema.js';
import { SCENARIO_LIMITS } from './scenario-limits.js';
import { generateScenarioJsonSchemaText, schemaActionNames } from './scenario-schema.js';

const published = new URL('../scenario.schema.json', import.meta.url);
// The CLI publishes the same file at the URL the schema's `$id` names, for editors.
const publishedByCli = new URL('../../../apps/simulator/scenario.schema.json', import.meta.url);

describe('scenario.schema.json', () => {
  it('is the schema generated from scenario-schema.ts (run vitest -u to regenerate)', async () => {
    await expect(generateScenarioJsonSchemaText()).toMatchFileSnapshot(published.pathname);
    await expect(generateScenarioJsonSchemaText()).toMatchFileSnapshot(publishedByCli.pathname);
    // What the loader validates against at run time is that file, byte for byte.
    expect(scenarioJsonSchemaText()).toBe(readFileSync(published, 'utf8'));
  });

  it('is a draft-07 schema a stock Ajv accepts, and the drafts follow it', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true });
    ajv.addFormat('ipv4', (text: string) => isIP(text) === 4);
    ajv.addFormat('ipv6', (text: string) => isIP(text) === 6);
    const validate = ajv.compile(JSON.parse(readFileSync(published, 'utf8')));
    const drafts = ['nat-renumbering', 'ds-refresh'].map((name) =>
      parse(readFileSync(new URL(`../scenarios/${name}.yaml`, import.meta.url), 'utf8')),
    );
    expect(drafts.map((draft) => [validate(draft), validate.errors ?? null])).toEqual([
      [true, null],
      [true, null],
    ]);
  });

  it('lists every timeline action once, as the schema does', () => {
    expect(schemaActionNames()).toEqual(ACTION_NAMES);
    expect(ACTION_NAMES).toEqual([
      'renumber',
      'add-address',
      'remove-address',
      'add-nat',
      'remove-nat',
      'dns-set',
      'flushdns',
      'stop-msmq',
      'start-msmq',
      'restart-msmq',
      'crash-msmq',
      'add-interface',
      'firewall',
      'purge-queue',
      'reset-qmid',
      'pause-outgoing',
      'resume-outgoing',
      'reboot',
      'set-registry-value',
      'delete-registry-value',
      'hosts-file',
      'partition',
      'heal',
      'set-link',
      'dns-server-down',
      'dns-server-up',
      'dc-down',
      'dc-up',
      'note',
    ]);
  });

  it('publishes its limits as schema maxima', () => {
    const schema = JSON.parse(scenarioJsonSchemaText());
    expect({
      hosts: schema.properties.hosts.maxItems,
      workload: schema.properties.workload.maxItems,
      timeline: schema.properties.timeline.maxItems,
      count: schema.properties.workload.items.properties.count.maximum,
    }).toEqual({
      hosts: SCENARIO_LIMITS.maxHosts,
      workload: SCENARIO_LIMITS.maxWorkload,
      timeline: SCENARIO_LIMITS.maxTimeline,
      count: SCENARIO_LIMITS.maxMessages,
    });
  });
});
