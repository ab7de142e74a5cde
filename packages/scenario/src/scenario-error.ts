import { MqsimError } from '@mqsim/filetime';

/** One thing wrong with a scenario file, where it is and what would be accepted. */
export interface ScenarioProblem {
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Where in the scenario, e.g. `hosts[0].interfaces[1].addresses[0]`; `` for the whole file. */
  readonly path: string;
  /** What is wrong, naming the offending key or value. */
  readonly message: string;
  /** What would have been accepted, in words. */
  readonly allowed?: string;
}

/**
 * A scenario file that cannot be used: it carries every problem found (up to
 * {@link MAX_REPORTED_PROBLEMS}), sorted by position; its message is one
 * `file:line:column: message (allowed: …)` line per problem, the form editors and terminals link.
 *
 * @example
 * ```ts
 * try {
 *   loadScenario('name: x\n', 'x.yaml');
 * } catch (error) {
 *   if (!ScenarioError.isInstance(error)) throw error;
 *   error.message.split('\n')[0];
 *   // => 'x.yaml:1:1: missing required key "start" (allowed: required keys: name, start, duration, hosts)'
 * }
 * ```
 */
export class ScenarioError extends MqsimError {
  static override readonly code = 'ERR_SCENARIO';
  /** Every problem found, in file order. */
  readonly problems: readonly ScenarioProblem[];

  constructor(problems: readonly ScenarioProblem[], cause?: unknown) {
    const sorted = sortProblems(problems);
    const first = sorted[0];
    super(sorted.map(formatProblem).join('\n'), {
      ...(first === undefined ? {} : { line: first.line, column: first.column }),
      ...(first?.allowed === undefined ? {} : { allowed: first.allowed }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.problems = sorted;
  }
}

/**
 * A `--set` override that cannot be applied: a malformed `path=value`, a path that leads nowhere
 * in the scenario, or a value that makes the scenario invalid. Carries the line and column of the
 * nearest place in the scenario file when there is one.
 */
export class ScenarioOverrideError extends MqsimError {
  static override readonly code = 'ERR_SCENARIO_OVERRIDE';
}

/**
 * A scenario named by something that is neither a file nor a built-in scenario; `allowed` lists
 * the built-ins.
 */
export class ScenarioNotFoundError extends MqsimError {
  static override readonly code = 'ERR_SCENARIO_NOT_FOUND';
}

/** At most this many problems are reported; a last line says how many more there were. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * One problem as a line: `file:line:column: message (allowed: …)`.
 *
 * @example
 * ```ts
 * formatProblem({ file: 'a.yaml', line: 3, column: 5, path: 'seed', message: 'seed is -1', allowed: '0 to 4294967295' });
 * // => 'a.yaml:3:5: seed is -1 (allowed: 0 to 4294967295)'
 * ```
 */
export function formatProblem(problem: ScenarioProblem): string {
  const allowed = problem.allowed === undefined ? '' : ` (allowed: ${problem.allowed})`;
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}${allowed}`;
}

function sortProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = formatProblem(problem);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const sorted = unique
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        a.problem.line - b.problem.line || a.problem.column - b.problem.column || a.index - b.index,
    )
    .map(({ problem }) => problem);
  if (sorted.length <= MAX_REPORTED_PROBLEMS) return sorted;
  const rest = sorted.length - MAX_REPORTED_PROBLEMS;
  const next = sorted[MAX_REPORTED_PROBLEMS] as ScenarioProblem;
  return [
    ...sorted.slice(0, MAX_REPORTED_PROBLEMS),
    {
      file: next.file,
      line: next.line,
      column: next.column,
      path: next.path,
      message: `${rest} more problem${rest === 1 ? '' : 's'} not listed; fix the ones above first`,
    },
  ];
}

/**
 * Text in double quotes for a message, backslashes left alone (`"private$\orders"`, not JSON's
 * `"private$\\orders"`); quotes and line breaks inside are escaped.
 *
 * @example
 * ```ts
 * quote('private$\\orders'); // => '"private$\\orders"'
 * ```
 */
export function quote(text: string): string {
  // Control characters from a file (ESC, NUL, BEL…) are shown as escapes: a message must never
  // drive the terminal it is printed on.
  let shown = '';
  for (const character of text.replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')) {
    const code = character.charCodeAt(0);
    shown +=
      code < 0x20 || (code >= 0x7f && code <= 0x9f)
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : character;
  }
  return `"${shown}"`;
}
