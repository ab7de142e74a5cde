import {
  collapseRepeats,
  describeAction,
  describeEvent,
  type RunTraceEvent,
  type Simulation,
  startSimulation,
  type TimelineEntry,
  type WorldHost,
} from '@mqsim/engine';
import { formatDuration, MqsimError, type TraceEvent } from '@mqsim/filetime';
import { didYouMean, type Scenario, type ScenarioAction } from '@mqsim/scenario';
import { reportCommand, saveCommand } from './file-commands.js';
import {
  nslookupCommand,
  pingCommand,
  resolveDnsNameCommand,
  testNetConnectionCommand,
} from './lookup-commands.js';
import {
  crashCommand,
  netCommand,
  outgoingQueuesCommand,
  queuesCommand,
  restartCommand,
  resumeOutgoingQueueCommand,
  sendCommand,
  suspendOutgoingQueueCommand,
} from './msmq-commands.js';
import { ipconfigCommand, netstatCommand } from './network-commands.js';
import { regCommand } from './registry-commands.js';
import type { SessionChange } from './save-session.js';
import {
  advanceCommand,
  clsCommand,
  exitCommand,
  findCommand,
  helpCommand,
  historyCommand,
  hostCommand,
  hostnameCommand,
  runCommand,
  statusCommand,
  whyCommand,
} from './session-commands.js';
import { quoteWord, startingWith } from './shell-arguments.js';
import type { ShellCommand, ShellContext } from './shell-context.js';
import { ShellUsageError } from './shell-errors.js';
import { splitCommandLine, splitPipeline } from './shell-line.js';
import { formatClockTime, formatSimulatedTime } from './shell-time.js';
import { type TextFilter, textFilterOf } from './text-filters.js';

/** Every shell command, in the order `help` lists them. */
export const SHELL_COMMANDS: readonly ShellCommand[] = Object.freeze([
  ipconfigCommand,
  netstatCommand,
  nslookupCommand,
  resolveDnsNameCommand,
  pingCommand,
  testNetConnectionCommand,
  netCommand,
  restartCommand,
  crashCommand,
  regCommand,
  outgoingQueuesCommand,
  suspendOutgoingQueueCommand,
  resumeOutgoingQueueCommand,
  queuesCommand,
  sendCommand,
  hostCommand,
  hostnameCommand,
  clsCommand,
  advanceCommand,
  runCommand,
  statusCommand,
  whyCommand,
  reportCommand,
  saveCommand,
  historyCommand,
  helpCommand,
  exitCommand,
]);

/** Options of {@link createShell}. */
export interface ShellOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** The machine to start on. Default: the first workload's sender, else the first host with MSMQ. */
  readonly host?: string;
  /** ANSI colours in `status`. Default false. */
  readonly color?: boolean;
  /** At most this many timeline lines after one command; the rest are counted. Default 40. */
  readonly maxTimelineLines?: number;
}

/** What one command line did. */
export interface ShellResult {
  /** What to print: the command's output, then what happened on the timeline meanwhile. */
  readonly output: string;
  /** False when the command was unknown, had bad arguments or failed. */
  readonly ok: boolean;
  /** True after `exit` / `quit`. */
  readonly exit: boolean;
  /** True after `cls`: a terminal clears its screen before printing `output`. */
  readonly clear?: boolean;
}

/** Tab completion for a partly typed line: the candidates for its last word. */
export interface ShellCompletion {
  readonly candidates: readonly string[];
  /** The last word as typed, which a candidate replaces. */
  readonly word: string;
}

/** An interactive session over one simulation, without any terminal: lines in, text out. */
export interface Shell {
  readonly simulation: Simulation;
  /** The current machine's name. */
  readonly host: string;
  /** Every command line entered, in order (blank lines and comments left out). */
  readonly history: readonly string[];
  /** `[08:10:00] APP02> `: simulated time of day (UTC) and the current machine. */
  prompt(): string;
  /** What the session starts with: the scenario, its time span, what happened at its start. */
  banner(): string;
  /**
   * Runs one command line: blank lines and comments (`#`, `rem`, `::`) do nothing. Never throws
   * for anything typed: errors come back as output with `ok: false`.
   */
  execute(line: string): ShellResult;
  /** Completion candidates for `line` (the text before the cursor). */
  complete(line: string): ShellCompletion;
}

/**
 * Loads `scenario` paused at its start (events due at the start have run) and returns a shell
 * whose Windows-like commands query and change the simulated machines and let time pass. The
 * scenario's own timeline runs as time passes; changes made from the shell are recorded on it.
 *
 * @example
 * ```ts
 * const shell = createShell(loadScenarioFile(resolveScenario('nat-renumbering')));
 * shell.prompt(); // => '[08:00:00] APP02> '
 * shell.execute('advance 20m').ok; // => true
 * ```
 * @throws {ShellUsageError} when `options.host` names no machine of the scenario.
 */
export function createShell(scenario: Scenario, options: ShellOptions = {}): Shell {
  const timeline = createTimelineCollector(scenario);
  const simulation = startSimulation(scenario, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    trace: timeline.sink,
  });
  const { world } = simulation;
  const history: string[] = [];
  const findHost = (name: string): WorldHost => {
    const found = [...world.hosts.values()].find(
      (host) => host.spec.name.toLowerCase() === name.toLowerCase(),
    );
    if (found !== undefined) return found;
    const names = [...world.hosts.keys()];
    const suggestion = didYouMean(name, names);
    throw new ShellUsageError(
      `no machine ${quoteWord(name)} in scenario ${scenario.name}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}; machines: ${names.join(', ')}`,
      { value: name, allowed: names.join(', ') },
    );
  };
  let current = findHost(options.host ?? defaultHost(scenario));
  const changes: SessionChange[] = [];
  let exitRequested = false;
  let clearRequested = false;
  const maxLines = options.maxTimelineLines ?? 40;

  const context: ShellContext = {
    simulation,
    world,
    get host() {
      return current;
    },
    selectHost(name) {
      current = findHost(name);
      return current;
    },
    record: (text, action) => {
      changes.push({ t: world.clock.ticks(), typed: text, action, host: current.spec.name });
      simulation.record(current.spec.name, text);
    },
    changes,
    history,
    commands: SHELL_COMMANDS,
    color: options.color ?? false,
    exit() {
      exitRequested = true;
    },
    clearScreen() {
      clearRequested = true;
    },
  };

  const formatTimeline = (entries: readonly TimelineEntry[]): string[] => {
    if (entries.length === 0) return [];
    const width = Math.max(...entries.map((entry) => entry.host.length));
    const longRun = scenario.duration > 864_000_000_000;
    const lines = entries.map((entry) => {
      const marker = entry.kind === 'action' ? '>' : entry.kind === 'note' ? '#' : ' ';
      return `  ${longRun ? entry.at : entry.at.slice(11)}  ${entry.host.padEnd(width)} ${marker} ${entry.text}`;
    });
    if (lines.length <= maxLines) return lines;
    return [
      ...lines.slice(0, maxLines),
      `  … ${lines.length - maxLines} more timeline lines (status shows them all)`,
    ];
  };

  simulation.advanceTo(0);
  const opening = formatTimeline(timeline.drain());

  return {
    simulation,
    get host() {
      return current.spec.name;
    },
    history,
    prompt: () => `[${formatClockTime(scenario, world.clock.ticks())}] ${current.spec.name}> `,
    banner() {
      const end = formatSimulatedTime(scenario, simulation.end);
      return [
        `mqsim shell: ${scenario.name} (seed ${options.seed ?? scenario.seed}), paused at ${formatSimulatedTime(scenario, 0)}; it runs ${formatDuration(simulation.end)}, to ${end} (UTC).`,
        `The scenario's timeline (${scenario.timeline.length} actions) runs as time passes: advance 10m, run until 09:30.`,
        'Type help for the commands, exit to leave.',
        ...(opening.length === 0 ? [] : ['', 'At the start:', ...opening]),
        '',
      ].join('\n');
    },
    execute(line) {
      const trimmed = line.trim();
      if (trimmed === '' || /^(?:#|::|rem(?:\s|$))/i.test(trimmed))
        return { output: '', ok: true, exit: false };
      history.push(trimmed);
      let output: string;
      let ok = true;
      try {
        // Text filters at the end of a pipeline (`| findstr 1801`, `| Select-String x`) apply to
        // what the command printed; other parts (`| Format-List`) belong to the command.
        const parts = splitPipeline(trimmed);
        if (parts.some((part) => part === ''))
          throw new ShellUsageError(
            'a pipeline needs a command on each side of |, e.g. netstat -ano | findstr 1801',
            { value: trimmed, allowed: 'COMMAND | findstr WORDS, COMMAND | Select-String REGEX' },
          );
        const filters: TextFilter[] = [];
        for (
          let filter = textFilterOf(parts.at(-1) ?? '');
          parts.length > 1 && filter !== undefined;
          filter = textFilterOf(parts.at(-1) ?? '')
        ) {
          filters.unshift(filter);
          parts.pop();
        }
        const [name = '', ...args] = splitCommandLine(parts.join(' | '));
        const command = findCommand(SHELL_COMMANDS, name);
        if (command === undefined) throw unknownCommand(name);
        output = command.run(args, context);
        for (const filter of filters) output = filter.apply(output);
      } catch (error) {
        ok = false;
        output = describeError(error);
      }
      const text = [output.replace(/\n+$/, ''), ...formatTimeline(timeline.drain())]
        .filter((part) => part !== '')
        .join('\n');
      const clear = clearRequested;
      clearRequested = false;
      return {
        output: text === '' ? '' : `${text}\n`,
        ok,
        exit: exitRequested,
        ...(clear ? { clear } : {}),
      };
    },
    complete(line) {
      const words = line.trimStart().split(/\s+/);
      const word = words.at(-1) ?? '';
      let candidates: readonly string[];
      if (words.length <= 1)
        // Names, and once something is typed the aliases too (`ho` → host, hostname).
        candidates = SHELL_COMMANDS.flatMap((command) =>
          word === '' ? [command.name] : [command.name, ...(command.aliases ?? [])],
        );
      else {
        const command = findCommand(SHELL_COMMANDS, words[0] ?? '');
        candidates = command?.complete?.(words.slice(1, -1), context) ?? [];
      }
      return { candidates: startingWith(candidates, word), word };
    },
  };
}

/** The machine a session starts on: the first workload's sender, else the first with MSMQ. */
function defaultHost(scenario: Scenario): string {
  const first =
    scenario.workload[0]?.from ??
    scenario.hosts.find((host) => host.msmq !== undefined && host.role !== 'none')?.name;
  return first ?? scenario.hosts[0]?.name ?? '';
}

function unknownCommand(name: string): ShellUsageError {
  const names = SHELL_COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]);
  const suggestion = didYouMean(name, names);
  return new ShellUsageError(
    `'${name}' is not recognized as an internal or external command,\noperable program or batch file.${suggestion === undefined ? '' : ` Did you mean ${suggestion}?`} Type help for the commands.`,
    { value: name, allowed: names.join(', ') },
  );
}

/** An error as the shell prints it: the message, never a stack trace. */
function describeError(error: unknown): string {
  if (MqsimError.isInstance(error)) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message} (a bug in mqsim; the session goes on)`;
}

/**
 * Gathers the notable events and scenario actions as they happen, as timeline lines like those of
 * the run report, so each command can show what happened while it ran.
 */
function createTimelineCollector(scenario: Scenario) {
  const at = (t: number) => formatSimulatedTime(scenario, t);
  // Scenario actions fire in time order, simultaneous ones in file order: a stable sort by time.
  const pending: ScenarioAction[] = scenario.timeline
    .filter((action) => action.at <= scenario.duration)
    .sort((a, b) => a.at - b.at);
  let entries: TimelineEntry[] = [];
  const sink = {
    emit(traceEvent: TraceEvent) {
      const event = traceEvent as RunTraceEvent;
      if (event.type === 'scenario.action') {
        if (event.source !== 'scenario') return; // the shell's own commands: already on screen
        const action = pending[0]?.do === event.do ? pending.shift() : undefined;
        const host = event.host ?? '';
        const kind = action?.do === 'note' ? 'note' : 'action';
        entries.push({
          t: event.t,
          at: at(event.t),
          host,
          kind,
          text: action === undefined ? event.do : describeAction(action),
        });
        if (action?.note !== undefined)
          entries.push({ t: event.t, at: at(event.t), host, kind: 'note', text: action.note });
        return;
      }
      const text = describeEvent(event);
      if (text !== undefined)
        entries.push({ t: event.t, at: at(event.t), host: event.host ?? '', kind: 'event', text });
    },
  };
  return {
    sink,
    drain(): TimelineEntry[] {
      const out = collapseRepeats(entries);
      entries = [];
      return out;
    },
  };
}
