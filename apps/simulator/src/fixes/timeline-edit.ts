import {
  applyOverride,
  parseScenarioSource,
  type Scenario,
  type ScenarioAction,
} from '@mqsim/scenario';

/** A timeline action as a scenario file writes it: `{ at: '1h', do: 'restart-msmq', host: 'APP01' }`. */
export type RawAction = Readonly<Record<string, unknown>>;

/** The scenario's timeline as written, each item with the loaded action it became. */
export interface WrittenTimeline {
  /** The items of `timeline:` in file order. */
  readonly items: readonly RawAction[];
  /** The index in {@link items} of each action of `scenario.timeline`, in the same order. */
  readonly indexOf: readonly number[];
}

/**
 * The timeline of `text` as written, matched to the loaded `scenario`'s actions by where they
 * stand in the file (the loader sorts the actions by time).
 */
export function readTimeline(text: string, file: string, scenario: Scenario): WrittenTimeline {
  const source = parseScenarioSource(text, file);
  const data = source.data as { readonly timeline?: unknown } | null | undefined;
  const items = Array.isArray(data?.timeline) ? (data.timeline as RawAction[]) : [];
  const at = new Map<string, number>();
  items.forEach((_, index) => {
    const { line, column } = source.locate(['timeline', index]);
    at.set(`${line}:${column}`, index);
  });
  const indexOf = scenario.timeline.map(
    (action: ScenarioAction) => at.get(`${action.location.line}:${action.location.column}`) ?? -1,
  );
  return { items, indexOf };
}

/**
 * `text` with its timeline replaced by `items`, through the `--set` editor (the rest of the file
 * keeps its lines). The result still has to be loaded, which checks it like a user's file.
 */
export function withTimeline(text: string, file: string, items: readonly RawAction[]): string {
  const value = { text: 'timeline', value: items };
  return applyOverride(
    text,
    file,
    { path: 'timeline', segments: ['timeline'], values: [value] },
    value,
  ).text;
}

/**
 * The key two action lists are the same by: each action's keys sorted, the actions sorted.
 *
 * @example
 * ```ts
 * const key = actionsKey([{ host: 'B', do: 'flushdns' }, { do: 'restart-msmq', host: 'A' }]);
 * key === actionsKey([{ do: 'restart-msmq', host: 'A' }, { do: 'flushdns', host: 'B' }]); // => true
 * ```
 */
export function actionsKey(actions: readonly RawAction[]): string {
  return JSON.stringify(actions.map(canonical).sort());
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * An action as a short line: its name and host, then its other values (`restart-msmq APP01`,
 * `dns-set app01.corp.example A 10.0.0.20`).
 *
 * @example
 * ```ts
 * describeRawAction({ at: '1h', do: 'restart-msmq', host: 'APP01' }); // => 'restart-msmq APP01'
 * ```
 */
export function describeRawAction(action: RawAction): string {
  const parts = [String(action.do)];
  if (typeof action.host === 'string') parts.push(action.host);
  for (const [key, value] of Object.entries(action)) {
    if (key === 'do' || key === 'host' || key === 'at' || key === 'note') continue;
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      parts.push(value.join(','));
    else parts.push(`${key}=${JSON.stringify(value)}`);
  }
  return parts.join(' ');
}
