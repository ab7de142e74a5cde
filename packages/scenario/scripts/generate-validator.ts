// Writes src/generated/scenario-validator.js: `pnpm --filter @mqsim/scenario generate`.
import { writeFileSync } from 'node:fs';
import { scenarioValidatorSource } from '../src/validator-source.js';

const target = new URL('../src/generated/scenario-validator.js', import.meta.url);
writeFileSync(target, scenarioValidatorSource());
console.log(`wrote ${target.pathname}`);
