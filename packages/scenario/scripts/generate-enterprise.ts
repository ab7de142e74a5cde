// Writes scenarios/enterprise.yaml from ENTERPRISE_SHAPE: `pnpm --filter @mqsim/scenario generate`.
import { writeFileSync } from 'node:fs';
import { ENTERPRISE_SHAPE, syntheticScenario } from '../src/synthetic-scenario.js';

const target = new URL('../scenarios/enterprise.yaml', import.meta.url);
writeFileSync(target, syntheticScenario(ENTERPRISE_SHAPE));
console.log(`wrote ${target.pathname}`);
