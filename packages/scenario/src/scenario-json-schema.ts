import schema from '../scenario.schema.json' with { type: 'json' };
import { formatJson } from './format-json.js';

/**
 * The scenario format's JSON Schema (draft-07), as published in `scenario.schema.json`: what the
 * loader validates against and editors complete from. Generated from `scenario-schema.ts` at
 * build time; the loader reads the generated file, so no schema library runs at load time.
 */
export const SCENARIO_JSON_SCHEMA: Readonly<Record<string, unknown>> = schema;

/**
 * The published JSON Schema as text, exactly as `scenario.schema.json` holds it.
 *
 * @example
 * ```ts
 * JSON.parse(scenarioJsonSchemaText()).title; // => 'mqsim scenario'
 * ```
 */
export function scenarioJsonSchemaText(): string {
  return `${formatJson(SCENARIO_JSON_SCHEMA, '')}\n`;
}
