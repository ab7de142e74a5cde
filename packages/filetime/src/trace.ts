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
