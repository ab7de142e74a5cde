import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validate } from './generated/scenario-validator.js';
import { scenarioValidatorSource } from './validator-source.js';

describe('the precompiled scenario validator', () => {
  it('is what the schema compiles to now (run `pnpm --filter @mqsim/scenario generate` if not)', () => {
    const file = readFileSync(
      new URL('./generated/scenario-validator.js', import.meta.url),
      'utf8',
    );
    expect(file === scenarioValidatorSource()).toBe(true);
  });

  it('checks the address formats with the shared parser, and counts lengths in code points', () => {
    const scenario = (address: string) => ({
      name: 'x',
      start: '2026-11-23T08:00:00Z',
      duration: '1m',
      networks: [{ name: 'lan' }],
      hosts: [{ name: 'A', interfaces: [{ name: 'eth0', network: 'lan', addresses: [address] }] }],
    });
    expect(validate(scenario('10.0.0.1'))).toBe(true);
    expect(validate(scenario('::1'))).toBe(true);
    expect(validate(scenario('10.0.0.256'))).toBe(false);
  });
});
