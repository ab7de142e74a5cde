import { readFileSync, statSync } from 'node:fs';
import { decodeScenarioBytes } from './decode-text.js';
import { normalizeScenario } from './normalize-scenario.js';
import { ScenarioError, type ScenarioProblem } from './scenario-error.js';
import { SCENARIO_LIMITS } from './scenario-limits.js';
import type { RawScenario } from './scenario-schema.js';
import { parseScenarioSource } from './scenario-source.js';
import type { Scenario } from './scenario-types.js';
import { findSchemaProblems } from './schema-problems.js';

/**
 * Reads a scenario from YAML (or JSON) text: parsed with positions, checked against the
 * published JSON Schema, then for what a schema cannot say (durations, addresses, references
 * between sections, sizes), and normalized.
 *
 * Bad input never throws anything but one {@link ScenarioError} listing every problem found
 * (schema problems first; the cross-reference checks run once the shape is right).
 *
 * @param file - the name used in messages, e.g. the path the user gave.
 * @example
 * ```ts
 * const scenario = loadScenario(
 *   'name: tiny\nstart: 2026-11-23T08:00:00Z\nduration: 1h\nhosts: [{ name: APP01, interfaces: [{ name: eth0, network: lan }] }]\nnetworks: [{ name: lan }]\n',
 *   'tiny.yaml',
 * );
 * scenario.duration; // => 36_000_000_000
 * scenario.hosts[0]?.role; // => 'client'
 * ```
 * @throws {ScenarioError} listing every problem as `file:line:column: message (allowed: …)`.
 */
export function loadScenario(text: string, file: string): Scenario {
  if (typeof text !== 'string') {
    throw new ScenarioError([
      problemAtStart(file, 'the scenario is not text', 'YAML or JSON text'),
    ]);
  }
  if (text.length > SCENARIO_LIMITS.maxFileLength) {
    throw new ScenarioError([
      problemAtStart(
        file,
        `the file has ${text.length} characters, more than a scenario needs`,
        `at most ${SCENARIO_LIMITS.maxFileLength} characters`,
      ),
    ]);
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const before = text.slice(0, nul);
    throw new ScenarioError([
      {
        file,
        line: before.split('\n').length,
        column: nul - before.lastIndexOf('\n'),
        path: '',
        message: 'a NUL character: this is not a text file (or it is UTF-16 without a BOM)',
        allowed: 'YAML or JSON text',
      },
    ]);
  }
  // A classic Mac file ends its lines with CR alone; YAML reads them as line breaks, the parser
  // did not. Same length, so positions stay.
  const source = parseScenarioSource(text.replace(/\r(?!\n)/g, '\n'), file);
  if (source.data === undefined) throw new ScenarioError(source.problems);
  if (source.data === null && source.problems.length === 0) {
    throw new ScenarioError([
      problemAtStart(
        file,
        'the file is empty',
        'a scenario: name, start, duration and hosts at least (see scenario.schema.json)',
      ),
    ]);
  }
  const schemaProblems = findSchemaProblems(source);
  if (source.problems.length > 0 || schemaProblems.length > 0) {
    throw new ScenarioError([...source.problems, ...schemaProblems]);
  }
  const { scenario, problems } = normalizeScenario(source.data as RawScenario, source);
  if (scenario === undefined) throw new ScenarioError(problems);
  return scenario;
}

/**
 * Reads a scenario file; {@link loadScenario} with the file's text, its path in messages.
 *
 * @throws {ScenarioError} when the file cannot be read, or for anything wrong in it.
 */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) {
      // A device or a FIFO can be endless (/dev/zero): only regular files are read.
      throw new ScenarioError([
        problemAtStart(
          path,
          'not a regular file (a device, a directory or a pipe)',
          'a .yaml or .json scenario file',
        ),
      ]);
    }
    if (stats.size > SCENARIO_LIMITS.maxFileLength * 4) {
      throw new ScenarioError([
        problemAtStart(
          path,
          'the file is larger than a scenario needs',
          `at most ${SCENARIO_LIMITS.maxFileLength} characters`,
        ),
      ]);
    }
    text = decodeScenarioBytes(readFileSync(path), path);
  } catch (error) {
    if (ScenarioError.isInstance(error)) throw error;
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new ScenarioError(
      [
        problemAtStart(
          path,
          `cannot read the scenario: ${why}`,
          'a readable .yaml, .yml or .json file',
        ),
      ],
      error,
    );
  }
  return loadScenario(text, path);
}

function problemAtStart(file: string, message: string, allowed: string): ScenarioProblem {
  return { file, line: 1, column: 1, path: '', message, allowed };
}
