import { formatDuration, parseDurationTicks } from '@mqsim/filetime';
import { didYouMean } from '@mqsim/scenario';
import { formatRunReport } from '../reports/run-text.js';
import { whyLines } from '../reports/why-text.js';
import { expectAtMost, pickWord, quoteWord } from './shell-arguments.js';
import type { ShellCommand, ShellContext } from './shell-context.js';
import { ShellCommandError, ShellUsageError } from './shell-errors.js';
import { formatClockTime, formatSimulatedTime, parseRunTarget } from './shell-time.js';

/**
 * `use` lists the machines; `use NAME` makes NAME the current one. `host NAME` is the same (the
 * first name it had, kept for transcripts), though it reads like a DNS lookup.
 */
export const hostCommand: ShellCommand = {
  name: 'use',
  aliases: ['host'],
  forms: [
    { usage: 'use', summary: 'list the machines (* marks the current one)' },
    { usage: 'use NAME', summary: 'run the next commands on machine NAME (also: host NAME)' },
  ],
  examples: ['use APP01'],
  run(args, context) {
    expectAtMost(args, 1, 'use [NAME]');
    const name = args[0];
    if (name === undefined) return listHosts(context);
    const host = context.selectHost(name);
    return describeHost(context, host.spec.name);
  },
  complete: (args, context) => (args.length === 0 ? [...context.world.hosts.keys()] : []),
};

function describeHost(context: ShellContext, name: string): string {
  const host = context.world.host(name);
  const addresses = context.world.network.addresses(name).map((entry) => entry.address);
  const service = host.qm === undefined ? 'no MSMQ' : `MSMQ ${host.qm.state}`;
  return `${name}: ${host.spec.role}, ${service}, addresses ${addresses.join(', ') || 'none'}`;
}

function listHosts(context: ShellContext): string {
  return [...context.world.hosts.keys()]
    .map((name) => `${name === context.host.spec.name ? '*' : ' '} ${describeHost(context, name)}`)
    .join('\n');
}

/** `cls` (or `clear`): clears the terminal; a transcript or a pipe gets nothing. */
export const clsCommand: ShellCommand = {
  name: 'cls',
  aliases: ['clear'],
  forms: [{ usage: 'cls', summary: 'clear the screen' }],
  run(args, context) {
    expectAtMost(args, 0, 'cls');
    context.clearScreen();
    return '';
  },
};

/** `hostname`: the current machine's name, as Windows prints it. */
export const hostnameCommand: ShellCommand = {
  name: 'hostname',
  forms: [{ usage: 'hostname', summary: "the current machine's name" }],
  run(args, context) {
    expectAtMost(args, 0, 'hostname');
    return context.host.spec.name;
  },
};

/**
 * Runs the simulation to `target` (not past its end) and says where it stopped.
 * @throws {ShellCommandError} when the scenario has already ended.
 */
function runTo(context: ShellContext, target: number): string {
  const { simulation, world } = context;
  const { scenario } = world;
  const before = world.clock.ticks();
  const end = simulation.end;
  if (before >= end && target > before) {
    throw new ShellCommandError(
      `the scenario ended at ${formatClockTime(scenario, end)} (it lasts ${formatDuration(end)}); nothing more happens`,
      { value: formatDuration(target - before), allowed: 'status, queries and changes at the end' },
    );
  }
  simulation.advanceTo(target);
  const now = world.clock.ticks();
  const step = `Advanced ${formatDuration(now - before)} to ${formatSimulatedTime(scenario, now)}`;
  return now < target ? `${step}, the end of the scenario.` : `${step}.`;
}

/** `advance 10m`: lets simulated time pass. */
export const advanceCommand: ShellCommand = {
  name: 'advance',
  forms: [
    {
      usage: 'advance DURATION',
      summary: 'let simulated time pass, e.g. advance 10m, advance 1h30m',
    },
  ],
  examples: ['advance 10m', 'advance 90s', 'advance 1h30m'],
  run(args, context) {
    expectAtMost(args, 1, 'advance DURATION');
    const text = args[0];
    if (text === undefined) {
      throw new ShellUsageError('advance needs a duration, e.g. advance 10m', {
        allowed: 'a duration such as 10m, 90s, 1h30m',
      });
    }
    let ticks: number;
    try {
      ticks = parseDurationTicks(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ShellUsageError(`advance ${quoteWord(text)}: ${reason}`, {
        value: text,
        cause: error,
      });
    }
    return runTo(context, context.world.clock.ticks() + ticks);
  },
};

/** `run until 09:30` / `run until end`. */
export const runCommand: ShellCommand = {
  name: 'run',
  forms: [
    {
      usage: 'run until TIME|end',
      summary: 'let time pass until a time of day (09:30, UTC), a date-time, or the end',
    },
  ],
  examples: ['run until 09:30', 'run until end'],
  run(args, context) {
    pickWord('run', args[0], ['until']);
    expectAtMost(args, 2, 'run until TIME|end');
    const text = args[1];
    if (text === undefined) {
      throw new ShellUsageError('run until needs a time: run until 09:30 or run until end', {
        allowed: 'a time of day such as 09:30, a date-time, or end',
      });
    }
    const { simulation, world } = context;
    return runTo(
      context,
      parseRunTarget(text, world.scenario, world.clock.ticks(), simulation.end),
    );
  },
  complete: (args) => (args.length === 0 ? ['until'] : args.length === 1 ? ['end'] : []),
};

/** `status`: the run report as `mqsim run` prints it, as of now. */
export const statusCommand: ShellCommand = {
  name: 'status',
  forms: [
    { usage: 'status', summary: 'the run report so far: timeline, queues, messages, expectations' },
  ],
  run(args, context) {
    expectAtMost(args, 0, 'status');
    return formatRunReport(context.simulation.report(), { color: context.color });
  },
};

/**
 * `why` / `why HOST`: every symptom now, its cause and fixes, derived from the model — all of
 * them, or those that show on HOST or whose cause is there.
 */
export const whyCommand: ShellCommand = {
  name: 'why',
  forms: [
    { usage: 'why', summary: 'why messages are stuck now: each symptom, its cause and fixes' },
    { usage: 'why HOST', summary: 'the same, for what shows on HOST or is caused there' },
  ],
  examples: ['why', 'why APP02'],
  run(args, context) {
    expectAtMost(args, 1, 'why [HOST]');
    const wanted = args[0] === undefined ? undefined : context.world.host(args[0]).spec.name;
    const findings = context.simulation
      .report()
      .diagnosis.filter(
        (finding) =>
          wanted === undefined || finding.host === wanted || finding.cause.host === wanted,
      );
    return whyLines(findings).join('\n');
  },
  complete: (args, context) => (args.length === 0 ? [...context.world.hosts.keys()] : []),
};

/** `history`: the command lines entered so far, numbered. */
export const historyCommand: ShellCommand = {
  name: 'history',
  forms: [{ usage: 'history', summary: 'the commands entered so far (arrow keys recall them)' }],
  run(args, context) {
    expectAtMost(args, 0, 'history');
    const width = String(context.history.length).length;
    return context.history
      .map((line, index) => `${String(index + 1).padStart(width + 2)}  ${line}`)
      .join('\n');
  },
};

const HELP_USAGE_WIDTH = 40;

/** `help` lists every command; `help NAME` shows one with examples. */
export const helpCommand: ShellCommand = {
  name: 'help',
  aliases: ['?'],
  forms: [{ usage: 'help [COMMAND]', summary: 'this list, or one command with examples' }],
  run(args, context) {
    expectAtMost(args, 1, 'help [COMMAND]');
    const forms = (commands: readonly ShellCommand[]) =>
      commands.flatMap((command) => command.forms);
    const table = (commands: readonly ShellCommand[]) => {
      const rows = forms(commands);
      // Long usages take their own line, so one of them does not push every summary right.
      const width = Math.min(HELP_USAGE_WIDTH, Math.max(...rows.map((form) => form.usage.length)));
      return rows.map((form) =>
        form.usage.length > width
          ? `  ${form.usage}\n  ${' '.repeat(width)}  ${form.summary}`
          : `  ${form.usage.padEnd(width)}  ${form.summary}`,
      );
    };
    const name = args[0];
    if (name === undefined) {
      return [
        'Commands (any case; Tab completes, arrow keys recall history):',
        ...table(context.commands),
        '',
        "Changes (net, restart, crash, reg add/delete, ipconfig /flushdns, send) go on the run's timeline: see status.",
      ].join('\n');
    }
    const command = findCommand(context.commands, name);
    if (command === undefined) {
      const suggestion = didYouMean(
        name,
        context.commands.map((entry) => entry.name),
      );
      throw new ShellUsageError(
        `help: no command ${quoteWord(name)}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}; type help for the list`,
        { value: name, allowed: context.commands.map((entry) => entry.name).join(', ') },
      );
    }
    const examples = command.examples ?? [];
    return [
      ...table([command]),
      ...(examples.length === 0 ? [] : ['', 'Examples:', ...examples.map((line) => `  ${line}`)]),
    ].join('\n');
  },
  complete: (args, context) =>
    args.length === 0 ? context.commands.map((command) => command.name) : [],
};

/** `exit` / `quit`: ends the session. */
export const exitCommand: ShellCommand = {
  name: 'exit',
  aliases: ['quit'],
  forms: [{ usage: 'exit', summary: 'leave the shell (also quit, or Ctrl+D)' }],
  run(args, context) {
    expectAtMost(args, 0, 'exit');
    context.exit();
    return '';
  },
};

/** The command `name` calls (its name or an alias, any case). */
export function findCommand(
  commands: readonly ShellCommand[],
  name: string,
): ShellCommand | undefined {
  const folded = name.toLowerCase();
  return commands.find(
    (command) =>
      command.name.toLowerCase() === folded ||
      (command.aliases ?? []).some((alias) => alias.toLowerCase() === folded),
  );
}
