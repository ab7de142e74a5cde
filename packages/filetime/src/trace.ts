/**
 * One thing that happened in a component, as plain data: when (`t`, clock ticks since the
 * clock's epoch), where (`host`), who reported it (`source`), what (`type`, a dotted
 * `<noun>.<action>` name such as `ds.refresh.failed`), and any fields of its own.
 *
 * Defined here, in the lowest package, so every component reports through the same shape.
 */
export interface TraceEvent<Type extends string = string> {
  /** Clock ticks (100 ns) since the clock's epoch. */
  readonly t: number;
  /** The machine the event happened on, when there is one. */
  readonly host?: string;
  /** The component that reported it, e.g. `ds-refresh`. */
  readonly source: string;
  /** Dotted `<noun>.<action>` name. */
  readonly type: Type;
  /** Event-specific fields: plain JSON-able data. */
  readonly [field: string]: unknown;
}

/** Where components send their {@link TraceEvent}s. Implementations must not throw. */
export interface TraceSink {
  /** Records one event. */
  emit(event: TraceEvent): void;
}

/** A sink that drops everything, for components run without tracing. */
export const nullTraceSink: TraceSink = Object.freeze({ emit() {} });

/** A {@link TraceSink} that keeps every event in memory, in order. */
export interface TraceRecorder extends TraceSink {
  /** Every event emitted so far. */
  readonly events: readonly TraceEvent[];
}

/**
 * A sink that keeps events in an array, for tests and small runs.
 *
 * @example
 * ```ts
 * const trace = createTraceRecorder();
 * trace.emit({ t: 0, source: 'demo', type: 'demo.started' });
 * trace.events.length; // 1
 * ```
 */
export function createTraceRecorder(): TraceRecorder {
  const events: TraceEvent[] = [];
  return { events, emit: (event) => void events.push(event) };
}

/** The event types of one component and a guard that recognises its events. */
export interface TraceVocabulary<Event extends TraceEvent> {
  /** Every type, in the order the component lists them, frozen. */
  readonly types: readonly Event['type'][];
  /** Whether `event` is one of this component's (its `source` and a listed `type`). */
  readonly is: (event: TraceEvent) => event is Event;
}

/**
 * The list of a component's trace event types and the guard for its events, from one record of
 * every type: its keys must be exactly the union's `type`s, so a type added to the union and not
 * listed (or listed and not in the union) fails type checking.
 *
 * @example
 * ```ts
 * const vocabulary = defineTraceVocabulary('demo', { 'demo.started': true, 'demo.stopped': true });
 * vocabulary.types; // => ['demo.started', 'demo.stopped']
 * vocabulary.is({ t: 0, source: 'demo', type: 'demo.started' }); // => true
 * vocabulary.is({ t: 0, source: 'other', type: 'demo.started' }); // => false
 * ```
 */
export function defineTraceVocabulary<Event extends TraceEvent>(
  source: string,
  listed: { readonly [Type in Event['type']]: true },
): TraceVocabulary<Event> {
  const types = Object.freeze(Object.keys(listed) as Event['type'][]);
  const known: ReadonlySet<string> = new Set(types);
  return {
    types,
    is: (event: TraceEvent): event is Event => event.source === source && known.has(event.type),
  };
}
