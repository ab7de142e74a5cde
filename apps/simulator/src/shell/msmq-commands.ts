import {
  DELIVERY_KINDS,
  type DeliveryKind,
  formatOutgoingQueueList,
  formatOutgoingQueues,
  formatQueues,
  InsufficientResourcesError,
  type QueueManager,
} from '@mqsim/queue-manager';
import { parseDestination, parseSize, SCENARIO_LIMITS } from '@mqsim/scenario';
import { parseIntegerFlag } from '../cli-input.js';
import { expectAtMost, pickWord, quoteWord } from './shell-arguments.js';
import type { ShellCommand, ShellContext } from './shell-context.js';
import { ShellCommandError, ShellUsageError } from './shell-errors.js';
import { formatSimulatedTime } from './shell-time.js';

const SERVICE_NAMES = ['msmq', 'Message Queuing'];
const HELPMSG = (code: number) => `\nMore help is available by typing NET HELPMSG ${code}.`;
const STOPPED =
  'The Message Queuing service is stopping.\nThe Message Queuing service was stopped successfully.';
const STARTED =
  'The Message Queuing service is starting.\nThe Message Queuing service was started successfully.';

/** The current machine's queue manager, for commands that need MSMQ installed. */
function queueManagerOf(context: ShellContext, notInstalled: string): QueueManager {
  const qm = context.host.qm;
  if (qm === undefined)
    throw new ShellCommandError(notInstalled, { value: context.host.spec.name });
  return qm;
}

/**
 * The queue manager a PowerShell MSMQ cmdlet talks to, which must be running: with the service
 * stopped the cmdlet writes an error record for MQ_ERROR_SERVICE_NOT_AVAILABLE (0xC00E000B),
 * whose documented text is "The Message Queuing service is not available." UNCERTAIN: the
 * CategoryInfo and FullyQualifiedErrorId lines, written as PowerShell writes a .NET exception's.
 */
function runningQueueManagerOf(context: ShellContext, cmdlet: string): QueueManager {
  const qm = queueManagerOf(context, `${cmdlet} : ${NOT_INSTALLED}`);
  if (qm.state === 'running') return qm;
  const typed = context.history.at(-1) ?? cmdlet;
  throw new ShellCommandError(
    [
      `${cmdlet} : The Message Queuing service is not available.`,
      'At line:1 char:1',
      `+ ${typed}`,
      `+ ${'~'.repeat(Math.min(typed.length, cmdlet.length))}`,
      `    + CategoryInfo          : NotSpecified: (:) [${cmdlet}], MessageQueueException`,
      `    + FullyQualifiedErrorId : MessageQueueException,Microsoft.Msmq.PowerShell.Commands.${cmdlet.replace('-', '')}Command`,
    ].join('\n'),
    { value: context.host.spec.name },
  );
}

/** The service name a `net` command names: `msmq` or `"Message Queuing"`, in any case. */
function checkServiceName(
  text: string | undefined,
  context: ShellContext,
  verb: string,
): QueueManager {
  if (text === undefined) {
    throw new ShellUsageError(`net ${verb} needs a service name; allowed: msmq`, {
      allowed: 'msmq',
    });
  }
  const invalid = `The service name is invalid.\n${HELPMSG(2185)}`;
  if (!SERVICE_NAMES.some((name) => name.toLowerCase() === text.toLowerCase())) {
    throw new ShellCommandError(`${invalid}\n(the shell knows one service: msmq)`, {
      value: text,
      allowed: 'msmq',
    });
  }
  return queueManagerOf(context, invalid);
}

/** Checks the service can stop, calls `before` (which records the command), then stops it. */
function stopService(qm: QueueManager, before: () => void = () => undefined): string {
  if (qm.state !== 'running') {
    throw new ShellCommandError(`The Message Queuing service is not started.\n${HELPMSG(3521)}`);
  }
  before();
  qm.stop();
  return STOPPED;
}

/** Checks the service can start, calls `before` (which records the command), then starts it. */
function startService(qm: QueueManager, before: () => void = () => undefined): string {
  if (qm.state === 'running') {
    throw new ShellCommandError(
      `The requested service has already been started.\n${HELPMSG(2182)}`,
    );
  }
  before();
  qm.start();
  return STARTED;
}

/** `net stop msmq`, `net start msmq`, and `net start` alone (the started services). */
export const netCommand: ShellCommand = {
  name: 'net',
  forms: [
    {
      usage: 'net stop msmq',
      summary: 'stop the MSMQ service (express messages in memory are lost)',
    },
    {
      usage: 'net start msmq',
      summary:
        'start it: it learns the addresses it listens on and starts with an empty name cache',
    },
  ],
  examples: ['net stop msmq', 'net start msmq', 'net stop "Message Queuing"'],
  run(args, context) {
    const verb = pickWord('net subcommand', args[0], ['start', 'stop']);
    expectAtMost(args, 2, `net ${verb} msmq`);
    if (verb === 'start' && args[1] === undefined) {
      const running = context.host.qm?.state === 'running';
      return `These Windows services are started:\n\n${running ? '   Message Queuing\n' : ''}\nThe command completed successfully.`;
    }
    const qm = checkServiceName(args[1], context, verb);
    // Recorded before it happens, so the timeline reads command first, then its effects.
    const record = () =>
      context.record(`net ${verb} msmq`, { do: `${verb}-msmq`, host: context.host.spec.name });
    return verb === 'stop' ? stopService(qm, record) : startService(qm, record);
  },
  complete: (args) => (args.length === 0 ? ['start', 'stop'] : args.length === 1 ? ['msmq'] : []),
};

/** `restart`: `net stop msmq && net start msmq` in one go. */
export const restartCommand: ShellCommand = {
  name: 'restart',
  forms: [
    {
      usage: 'restart [msmq]',
      summary: 'net stop msmq && net start msmq (just start when stopped)',
    },
  ],
  run(args, context) {
    expectAtMost(args, 1, 'restart [msmq]');
    const qm = checkServiceName(args[0] ?? 'msmq', context, 'restart');
    context.record('net stop msmq && net start msmq', {
      do: 'restart-msmq',
      host: context.host.spec.name,
    });
    return qm.state === 'running' ? `${stopService(qm)}\n\n${startService(qm)}` : startService(qm);
  },
  complete: (args) => (args.length === 0 ? ['msmq'] : []),
};

/** `crash`: the service dies without a clean shutdown. */
export const crashCommand: ShellCommand = {
  name: 'crash',
  forms: [
    {
      usage: 'crash [msmq]',
      summary: 'mqsvc.exe dies without a clean shutdown (express messages are lost)',
    },
  ],
  run(args, context) {
    expectAtMost(args, 1, 'crash [msmq]');
    const qm = checkServiceName(args[0] ?? 'msmq', context, 'crash');
    if (qm.state !== 'running') {
      throw new ShellCommandError(`The Message Queuing service is not started.\n${HELPMSG(3521)}`);
    }
    context.record('mqsvc.exe crashes', { do: 'crash-msmq', host: context.host.spec.name });
    qm.crash();
    return 'mqsvc.exe ended without a clean shutdown; start it again with net start msmq.';
  },
  complete: (args) => (args.length === 0 ? ['msmq'] : []),
};

const NOT_INSTALLED = 'Message Queuing has not been installed on this computer.';

const OUTGOING_USAGE =
  'Get-MsmqOutgoingQueue [-Name PATTERN] [| Suspend-MsmqOutgoingQueue | Resume-MsmqOutgoingQueue | Format-List]';
const LIST_VIEW = ['format-list', 'fl'];

const PIPED = ['Suspend-MsmqOutgoingQueue', 'Resume-MsmqOutgoingQueue'] as const;

// Get-MsmqOutgoingQueue's `State` column holds the `OutgoingQueue.State` enum names
// (`Connected`, `Waiting`, `Inactive`, `OnHold`, … — [MS-MQAC] QUEUE_STATE, facts file §1 and
// §10), not the MMC's labels ("Waiting to connect"), which stay in MMC-shaped views and the timeline.
const POWERSHELL = { stateNames: 'powershell' } as const;

/** PowerShell's `-Name` wildcards (`*`, `?`), case-insensitive, over the whole queue name. */
function matchesName(pattern: string, name: string): boolean {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** The `-Name PATTERN` option (default `*`) and whatever follows it. */
function readNameOption(
  args: readonly string[],
  command: string,
): { pattern: string; rest: string[] } {
  const rest = [...args];
  let pattern = '*';
  if (rest[0]?.toLowerCase() === '-name') {
    const value = rest[1];
    if (value === undefined) {
      throw new ShellUsageError(`${command}: -Name needs a queue name or pattern`, {
        allowed: 'a queue name, * and ? as wildcards',
      });
    }
    pattern = value;
    rest.splice(0, 2);
  }
  return { pattern, rest };
}

/** Pauses or resumes the outgoing queues named by `pattern`; returns them as they are now. */
function suspendOrResume(
  context: ShellContext,
  pattern: string,
  verb: (typeof PIPED)[number],
): string {
  const qm = runningQueueManagerOf(context, verb);
  const chosen = qm.outgoingQueues().filter((row) => matchesName(pattern, row.queueName));
  if (chosen.length === 0) {
    throw new ShellCommandError(
      `${verb} : no outgoing queue matches ${quoteWord(pattern)} (MQ_ERROR_QUEUE_NOT_ACTIVE)`,
      { value: pattern },
    );
  }
  for (const row of chosen) {
    context.record(`Get-MsmqOutgoingQueue -Name '${row.queueName}' | ${verb}`, {
      do: verb === 'Suspend-MsmqOutgoingQueue' ? 'pause-outgoing' : 'resume-outgoing',
      host: context.host.spec.name,
      queue: row.queueName,
    });
    if (verb === 'Suspend-MsmqOutgoingQueue') qm.hold(row.queueName);
    else qm.resume(row.queueName);
  }
  const names = new Set(chosen.map((row) => row.queueName));
  return `\n${formatOutgoingQueues(
    qm.outgoingQueues().filter((row) => names.has(row.queueName)),
    POWERSHELL,
  )}`;
}

/**
 * `Get-MsmqOutgoingQueue [-Name PATTERN]`: every outgoing queue with its state and next hop, as
 * PowerShell names the states; `| Suspend-MsmqOutgoingQueue` / `| Resume-MsmqOutgoingQueue` pause
 * or resume the queues it lists.
 */
export const outgoingQueuesCommand: ShellCommand = {
  name: 'Get-MsmqOutgoingQueue',
  forms: [
    {
      usage: 'Get-MsmqOutgoingQueue [-Name PATTERN] [| Suspend-MsmqOutgoingQueue]',
      summary:
        'outgoing queues: State (Connected, Waiting, Inactive, OnHold, …), next hop, messages',
    },
  ],
  examples: [
    'Get-MsmqOutgoingQueue',
    'Get-MsmqOutgoingQueue -Name *orders* | Suspend-MsmqOutgoingQueue',
    'Get-MsmqOutgoingQueue -Name *orders* | Resume-MsmqOutgoingQueue',
    'Get-MsmqOutgoingQueue | Format-List   (with the Connection History)',
  ],
  run(args, context) {
    const { pattern, rest } = readNameOption(args, 'Get-MsmqOutgoingQueue');
    if (rest.length === 2 && rest[0] === '|' && LIST_VIEW.includes((rest[1] ?? '').toLowerCase())) {
      const qm = runningQueueManagerOf(context, 'Get-MsmqOutgoingQueue');
      const rows = qm.outgoingQueues().filter((row) => matchesName(pattern, row.queueName));
      // `Get-MsmqOutgoingQueue | Format-List`, the Connection History's times in scenario time.
      const scenario = context.world.scenario;
      return formatOutgoingQueueList(rows, {
        formatTime: (t) => formatSimulatedTime(scenario, t),
      });
    }
    if (rest.length > 0) {
      const [bar, verb, ...extra] = rest;
      const piped = PIPED.find((name) => name.toLowerCase() === verb?.toLowerCase());
      if (bar !== '|' || piped === undefined || extra.length > 0) {
        throw new ShellUsageError(`Get-MsmqOutgoingQueue: usage: ${OUTGOING_USAGE}`, {
          value: rest.join(' '),
          allowed: OUTGOING_USAGE,
        });
      }
      return suspendOrResume(context, pattern, piped);
    }
    const qm = runningQueueManagerOf(context, 'Get-MsmqOutgoingQueue');
    const rows = qm.outgoingQueues().filter((row) => matchesName(pattern, row.queueName));
    return `\n${formatOutgoingQueues(rows, POWERSHELL)}`;
  },
  complete: (args) =>
    args.length === 0 ? ['-Name'] : args.at(-1) === '|' ? [...PIPED, 'Format-List'] : ['|'],
};

function pausingCommand(verb: (typeof PIPED)[number], what: string): ShellCommand {
  return {
    name: verb,
    forms: [{ usage: `${verb} -Name PATTERN`, summary: what }],
    examples: [`${verb} -Name *orders*`, `Get-MsmqOutgoingQueue -Name *orders* | ${verb}`],
    run(args, context) {
      const { pattern, rest } = readNameOption(args, verb);
      if (rest.length > 0 || args.length === 0) {
        throw new ShellUsageError(
          `${verb} takes the queues as -Name PATTERN (PowerShell: Get-MsmqOutgoingQueue -Name PATTERN | ${verb})`,
          { value: rest.join(' '), allowed: `${verb} -Name PATTERN` },
        );
      }
      return suspendOrResume(context, pattern, verb);
    },
    complete: (args) => (args.length === 0 ? ['-Name'] : []),
  };
}

/** `Suspend-MsmqOutgoingQueue -Name PATTERN`: the queues go OnHold; nothing is sent to them. */
export const suspendOutgoingQueueCommand = pausingCommand(
  'Suspend-MsmqOutgoingQueue',
  'pause outgoing queues (OnHold): nothing is sent to them until Resume-MsmqOutgoingQueue',
);

/** `Resume-MsmqOutgoingQueue -Name PATTERN`: held queues send again. */
export const resumeOutgoingQueueCommand = pausingCommand(
  'Resume-MsmqOutgoingQueue',
  'resume paused outgoing queues: they connect and send again',
);

/** `Get-MsmqQueue`: the local queues and how many messages each holds. */
export const queuesCommand: ShellCommand = {
  name: 'Get-MsmqQueue',
  forms: [
    {
      usage: 'Get-MsmqQueue',
      summary: 'local queues and their MessageCount (system queues only when they hold messages)',
    },
  ],
  run(args, context) {
    expectAtMost(args, 0, 'Get-MsmqQueue');
    const qm = runningQueueManagerOf(context, 'Get-MsmqQueue');
    const rows = qm
      .queues()
      .filter(
        (queue) => queue.messages.length > 0 || !queue.path.toUpperCase().startsWith('SYSTEM$'),
      )
      .map((queue) => ({ queueName: queue.path, messageCount: queue.messages.length }));
    return `\n${formatQueues(rows)}`;
  },
};

const SEND_USAGE =
  'send QUEUE@HOST [--count N] [--kind express|recoverable|transactional] [--size 1KB]';
const SEND_SHORT_USAGE = 'send QUEUE@HOST [--count N] [--kind KIND]';
const SEND_OPTIONS = ['--count', '--kind', '--size'] as const;
const MAX_SEND_COUNT = 100_000;

/** Messages each shell session (by its simulation) has sent with `send`. */
const shellSent = new WeakMap<object, number>();

/** `send orders@APP01 --count 10 --kind express`: an application on this machine sends messages. */
export const sendCommand: ShellCommand = {
  name: 'send',
  forms: [
    {
      usage: SEND_SHORT_USAGE,
      summary:
        'an application here sends messages; KIND express (default, as in the MSMQ API), recoverable or transactional',
    },
  ],
  examples: [
    'send orders@APP01',
    'send orders@APP01 --count 100 --kind express --size 4KB',
    String.raw`send DIRECT=TCP:10.0.0.20\private$\orders`,
  ],
  run(args, context) {
    const [target, ...rest] = args;
    if (target === undefined || target.startsWith('--')) {
      throw new ShellUsageError(`send needs a destination first; usage: ${SEND_USAGE}`, {
        allowed: 'queue@HOST or a DIRECT= format name',
      });
    }
    const destination = parseDestination(target);
    if (!destination.ok) {
      throw new ShellUsageError(`send: ${destination.message}; allowed: ${destination.allowed}`, {
        value: target,
        allowed: destination.allowed,
      });
    }
    let count = 1;
    // MSMQ's default delivery is express (PROPID_M_DELIVERY / MSMQMessage.Delivery: "The default
    // is MQMSG_DELIVERY_EXPRESS"; facts file §4).
    let kind: DeliveryKind = 'express';
    let size = 1024;
    for (let index = 0; index < rest.length; index += 2) {
      const option = pickWord('send option', rest[index], SEND_OPTIONS);
      const value = rest[index + 1];
      if (value === undefined) {
        throw new ShellUsageError(`send: ${option} needs a value; usage: ${SEND_USAGE}`, {
          allowed: SEND_USAGE,
        });
      }
      if (option === '--count') count = parseIntegerFlag('--count', value, 1, MAX_SEND_COUNT);
      else if (option === '--kind') kind = pickWord('--kind', value, DELIVERY_KINDS);
      else {
        const parsed = parseSize(value);
        if (!parsed.ok) {
          throw new ShellUsageError(
            `--size ${quoteWord(value)}: ${parsed.message}; allowed: ${parsed.allowed}`,
            {
              value,
              allowed: parsed.allowed,
            },
          );
        }
        size = parsed.value;
      }
    }
    const qm = queueManagerOf(context, NOT_INSTALLED);
    if (qm.state !== 'running') {
      throw new ShellCommandError(
        `cannot send: the Message Queuing service on ${context.host.spec.name} is not started (net start msmq)`,
      );
    }
    // One budget for a session, the same as for a scenario file: what the scenario sends plus
    // what the shell sent may not pass SCENARIO_LIMITS.maxMessages.
    const budget = SCENARIO_LIMITS.maxMessages - context.world.scenario.estimate.messages;
    const already = shellSent.get(context.simulation) ?? 0;
    if (already + count > budget) {
      throw new ShellCommandError(
        `send --count ${count}: this session would send ${already + count} messages from the shell; with the scenario's ${context.world.scenario.estimate.messages}, at most ${SCENARIO_LIMITS.maxMessages} in all (${Math.max(0, budget - already)} left)`,
      );
    }
    context.record(`send ${target}${count === 1 ? '' : ` --count ${count}`} --kind ${kind}`);
    let sent = 0;
    try {
      for (; sent < count; sent++) qm.send(destination.value.formatName, { delivery: kind, size });
    } catch (error) {
      // MQ_ERROR_INSUFFICIENT_RESOURCES, as an application would see it.
      if (!InsufficientResourcesError.isInstance(error)) throw error;
      throw new ShellCommandError(`sent ${sent} of ${count}: ${error.message}`);
    } finally {
      shellSent.set(context.simulation, already + sent);
    }
    const plural = count === 1 ? 'message' : 'messages';
    return `Sent ${count} ${kind} ${plural} of ${size} bytes to ${destination.value.formatName}.`;
  },
  complete(args, context) {
    const previous = args.at(-1)?.toLowerCase();
    if (args.length === 0) return destinations(context);
    if (previous === '--kind') return DELIVERY_KINDS;
    if (previous === '--count' || previous === '--size') return [];
    return SEND_OPTIONS;
  },
};

/** `queue@HOST` for every private queue in the scenario, and the workload's destinations. */
function destinations(context: ShellContext): string[] {
  const out = context.world.scenario.workload.map((workload) => workload.to.text);
  for (const host of context.world.scenario.hosts) {
    for (const queue of host.queues) {
      if (queue.name.startsWith('private$\\'))
        out.push(`${queue.name.slice('private$\\'.length)}@${host.name}`);
    }
  }
  return out;
}
