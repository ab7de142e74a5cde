import { readFileSync } from 'node:fs';
import { formatDuration } from '@mqsim/filetime';
import { loadScenario, type Scenario } from '@mqsim/scenario';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { pointSchemaBeside } from '../scenario-copy.js';
import { ShellCommandError } from './shell-errors.js';

/** A change made from the shell, as the scenario action that makes it (without `at`). */
export type SavedAction = Readonly<Record<string, string | number | boolean>>;

/** One change typed in the shell: when, what was typed, and the action that replays it. */
export interface SessionChange {
  /** Ticks from the scenario's start. */
  readonly t: number;
  readonly typed: string;
  /** The timeline action, or `undefined` when no scenario action makes it (then a note). */
  readonly action: SavedAction | undefined;
  readonly host: string;
}

/**
 * The session as a scenario: the scenario's own file (comments and layout kept) with each change
 * typed in the shell appended to its timeline at the time it was typed — a change no scenario
 * action makes becomes a note saying what was typed — and every line typed listed in a comment.
 * The text is loaded before it is returned, so what `save` writes always runs.
 *
 * @throws {ShellCommandError} when the scenario's file cannot be read or the result does not load.
 */
export function sessionAsScenario(
  scenario: Scenario,
  changes: readonly SessionChange[],
  typed: readonly string[],
  savedAs: string,
): string {
  let source: string;
  try {
    source = readFileSync(scenario.file, 'utf8');
  } catch (error) {
    throw new ShellCommandError(
      `save: cannot read the scenario's file ${scenario.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { value: scenario.file },
    );
  }
  const document = parseDocument(source);
  if (!isMap(document.contents))
    throw new ShellCommandError(`save: ${scenario.file} is not a YAML map`, {
      value: scenario.file,
    });
  let timeline = document.get('timeline');
  if (!isSeq(timeline)) {
    timeline = new YAMLSeq();
    document.set('timeline', timeline);
  }
  const seq = timeline as YAMLSeq;
  for (const change of changes) {
    const at = change.t === 0 ? '0s' : formatDuration(change.t);
    const entry =
      change.action === undefined
        ? { at, do: 'note', text: `typed in mqsim shell on ${change.host}: ${change.typed}` }
        : { at, ...change.action };
    const node = document.createNode(entry);
    node.flow = true;
    seq.add(node);
  }
  document.commentBefore = [
    ` Saved by mqsim shell as ${savedAs}: ${scenario.name} with ${changes.length} change(s) typed in the`,
    ' session added to its timeline. Every line typed, in order:',
    ...typed.map((line) => `   ${line}`),
    ...(document.commentBefore === null || document.commentBefore === undefined
      ? []
      : ['', ...document.commentBefore.split('\n')]),
  ].join('\n');
  const text = pointSchemaBeside(document.toString({ lineWidth: 0 }));
  try {
    loadScenario(text, savedAs);
  } catch (error) {
    throw new ShellCommandError(
      `save: the session does not make a scenario that loads (${error instanceof Error ? error.message : String(error)}); nothing was written`,
      { value: savedAs },
    );
  }
  return text;
}
