import {
  DsRefreshScheduler,
  type DsRefreshTraceEvent,
  MSMQ_PARAMETERS_KEY,
  type MsmqRole,
  type RefreshFinding,
  SimulatedDirectory,
} from '@mqsim/ds-refresh';
import { msmqParametersStore } from '@mqsim/engine';
import {
  createTraceRecorder,
  dateAndTime,
  fromIso,
  parseDurationTicks,
  TICKS,
  type TraceEvent,
  type TraceSink,
  toIso,
  VirtualClock,
} from '@mqsim/filetime';
import { dword, formatRegQuery, Registry } from '@mqsim/registry';
import { hangingIndent, REPORT_WIDTH } from '../reports/text-wrap.js';
import { timelineLines } from '../reports/timeline-text.js';

/** One line of the replay: an action someone took, what the service did, or why. */
export interface ReplayEntry {
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly host: string;
  readonly kind: 'action' | 'event' | 'note';
  readonly text: string;
}

/** The whole replay: the narrated timeline, the raw trace, and each machine's registry at the end. */
export interface ReplayResult {
  readonly title: string;
  readonly timeline: readonly ReplayEntry[];
  readonly trace: readonly TraceEvent[];
  readonly registries: Readonly<Record<string, string>>;
}

interface Machine {
  readonly name: string;
  readonly registry: Registry;
  readonly scheduler: DsRefreshScheduler;
}

/**
 * Replays the statements of "How often does MSMQ crawl your forest?" on real mechanisms: first
 * start with defaults, a restart that refreshes nothing, deleting the next times to force a
 * refresh, a DC outage with hourly retries, a routing server, and the legacy `DSListRefresh`.
 * Deterministic: no wall clock, no randomness.
 */
export function replayDsRefresh(): ReplayResult {
  const clock = new VirtualClock({ epoch: fromIso('2026-11-23T08:00:00Z') });
  const recorder = createTraceRecorder();
  const timeline: ReplayEntry[] = [];
  // Events join the timeline as they happen, so actions, events and notes stay in true order.
  const trace: TraceSink = {
    emit(event) {
      recorder.emit(event);
      const text = describeEvent(event);
      if (text !== undefined) {
        timeline.push({
          at: toIso(clock.epoch.plus(event.t)),
          host: event.host ?? '',
          kind: 'event',
          text,
        });
      }
    },
  };
  const directory = new SimulatedDirectory({ clock });
  const at = () => toIso(clock.now());
  const note = (host: string, text: string) =>
    timeline.push({ at: at(), host, kind: 'note', text });
  const action = (host: string, text: string) =>
    timeline.push({ at: at(), host, kind: 'action', text });
  const advance = (duration: string) => clock.runFor(parseDurationTicks(duration));
  const startService = (machine: Machine) => {
    action(machine.name, 'net start msmq');
    reportFindings(machine.name, machine.scheduler.start().findings);
  };
  const reportFindings = (host: string, findings: readonly RefreshFinding[]) => {
    for (const finding of findings) note(host, `${finding.severity}: ${finding.message}`);
  };
  const machine = (name: string, role: MsmqRole): Machine => {
    const registry = new Registry();
    registry.createKey(MSMQ_PARAMETERS_KEY);
    const scheduler = new DsRefreshScheduler({
      clock,
      store: msmqParametersStore(registry),
      role,
      query: directory.query,
      trace,
      host: name,
    });
    return { name, registry, scheduler };
  };

  const app = machine('APP01', 'client');
  note(
    'APP01',
    'A fresh MSMQ install: no DSNext…RefreshTime values, default intervals (168 h, 672 h).',
  );
  startService(app);
  advance('1m');
  note(
    'APP01',
    'Both lists were missing, so both refreshed at start; the next times were written as completion + interval.',
  );

  advance('2d');
  action('APP01', 'net stop msmq && net start msmq');
  app.scheduler.stop();
  reportFindings('APP01', app.scheduler.start().findings);
  advance('1m');
  note(
    'APP01',
    'Restarting refreshed nothing: the next times persist in the registry across restarts.',
  );

  advance('1d');
  action('APP01', `reg delete "${MSMQ_PARAMETERS_KEY}" /v DSNextSiteListRefreshTime /f`);
  app.registry.deleteValue(MSMQ_PARAMETERS_KEY, 'DSNextSiteListRefreshTime');
  action('APP01', `reg delete "${MSMQ_PARAMETERS_KEY}" /v DSNextEnterpriseListRefreshTime /f`);
  app.registry.deleteValue(MSMQ_PARAMETERS_KEY, 'DSNextEnterpriseListRefreshTime');
  advance('1h');
  note('APP01', 'Deleting the values changes nothing while the service runs.');
  action('APP01', 'net stop msmq && net start msmq');
  app.scheduler.stop();
  app.scheduler.start();
  advance('1m');
  note(
    'APP01',
    'With the values gone, the restart forced both refreshes, and the values were written again.',
  );

  const siteDue = app.scheduler.schedule('site').nextQueryAt;
  if (siteDue !== undefined) clock.runUntilTime(siteDue.minus(TICKS.perHour));
  action('DC01', 'the domain controller goes down');
  directory.available = false;
  advance('4h');
  note(
    'APP01',
    'Each failed query took 10 min to time out and was retried after DSListRefreshErrorRetryInterval (60 min); the persisted next time did not move.',
  );
  action('DC01', 'the domain controller is back');
  directory.available = true;
  advance('2h');
  note('APP01', 'The first retry after the outage succeeded and wrote next = completion + 168 h.');

  const router = machine('RS01', 'routing-server');
  action('RS01', `reg add "${MSMQ_PARAMETERS_KEY}" /v DSListRefresh /t REG_DWORD /d 12`);
  router.registry.setValue(MSMQ_PARAMETERS_KEY, 'DSListRefresh', dword(12));
  startService(router);
  advance('29d');
  note(
    'RS01',
    'The routing server refreshed only its site list and never wrote DSNextEnterpriseListRefreshTime; DSListRefresh changed nothing.',
  );

  return {
    title: 'ds-refresh: the directory-service refresh rules on one client and one routing server',
    timeline,
    trace: recorder.events,
    registries: {
      APP01: formatRegQuery(app.registry, MSMQ_PARAMETERS_KEY, { lineEnding: '\n' }),
      RS01: formatRegQuery(router.registry, MSMQ_PARAMETERS_KEY, { lineEnding: '\n' }),
    },
  };
}

/** Timeline text for a trace event; `undefined` for the routine ones the narration already covers. */
function describeEvent(traceEvent: TraceEvent): string | undefined {
  // The replay runs only ds-refresh schedulers: their typed events are all its trace holds.
  const event = traceEvent as DsRefreshTraceEvent;
  const list = `${event.list} list`;
  switch (event.type) {
    case 'ds.refresh.started':
      return `${list}: query started (${event.reason}, attempt ${event.attempt})`;
    case 'ds.refresh.succeeded':
      return `${list}: refreshed; next time written ${event.nextTime}`;
    case 'ds.refresh.failed':
      return `${list}: query failed (${event.error}); retry at ${event.retryAt}`;
    case 'ds.refresh.scheduled':
      // After a success or failure the line above already says when; a restart's is news.
      return event.reason === 'persisted'
        ? `${list}: next query at ${event.at} (persisted)`
        : undefined;
    case 'ds.refresh.skipped':
      return `${list}: not scheduled — ${event.why}`;
    default:
      return (event as TraceEvent).type;
  }
}

/** The replay as terminal text. */
export function formatReplay(result: ReplayResult): string {
  const lines = [...hangingIndent('', '  ', result.title, REPORT_WIDTH), ''];
  lines.push(
    ...timelineLines(
      result.timeline.map((entry) => ({ ...entry, at: dateAndTime(entry.at) })),
      { width: REPORT_WIDTH, hostWidth: 5 },
    ),
  );
  for (const [host, text] of Object.entries(result.registries)) {
    lines.push('', `${host}> reg query "${MSMQ_PARAMETERS_KEY}"`, text.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
