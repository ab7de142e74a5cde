import { type Finding, runScenario } from '@mqsim/engine';
import { formatDuration, MqsimError, TICKS } from '@mqsim/filetime';
import { loadScenario, type Scenario } from '@mqsim/scenario';
import type { RunSummary } from '../sweep/run-summary.js';
import { type RunSweepOptions, runReplays } from '../sweep/sweep.js';
import { isRemovedFromBaseline } from './action-roles.js';
import { buildCandidates, type Candidate, MAX_CANDIDATES } from './candidates.js';
import { createSymptomWatch, type Symptom } from './first-symptom.js';
import { compareFixes } from './rank.js';
import { replayWorkers } from './replay-workers.js';
import {
  describeRawAction,
  type RawAction,
  readTimeline,
  type WrittenTimeline,
  withTimeline,
} from './timeline-edit.js';

/** What to search fixes for. */
export interface FixesInput {
  /** The scenario as written (YAML or JSON), and its file for messages. */
  readonly text: string;
  readonly file: string;
  /** Default: the scenario's seed. */
  readonly seed?: number | undefined;
  /** The fix time, ticks from the start; default: the first symptom, rounded up to the second. */
  readonly at?: number | undefined;
  /** Default {@link MAX_CANDIDATES}. */
  readonly limit?: number;
}

/** One replay: the baseline (no actions) or a candidate fix, with its run summary. */
export interface FixReplay {
  readonly actions: readonly RawAction[];
  readonly source: Candidate['source'] | 'baseline';
  readonly summary: RunSummary;
}

/** What `mqsim fixes` found. */
export interface FixesResult {
  readonly scenario: Scenario;
  readonly seed: number;
  /** The fix time, ticks from the start; `null` when the run had no symptom and no `--at` was given. */
  readonly at: number | null;
  /** The first symptom of the first run (what the default fix time is taken from). */
  readonly symptom: Symptom | undefined;
  /** The timeline actions taken out of the baseline: the admin's remedies from the fix time on. */
  readonly removed: readonly RawAction[];
  /** The scenario without them: "do nothing". */
  readonly baseline: FixReplay | undefined;
  /** Every candidate replayed, best first ({@link compareFixes}). */
  readonly candidates: readonly FixReplay[];
  /** Candidates left out by the limit. */
  readonly cut: number;
  readonly limit: number;
  /** Candidates that do not make a valid scenario (a diagnosis fix the loader refuses), and why. */
  readonly invalid: readonly { readonly actions: readonly RawAction[]; readonly reason: string }[];
  /**
   * The default fix times tried before `at`, where no candidate drained: the search starts at the
   * first symptom and moves {@link FIX_TIME_STEP_TICKS} on while nothing drains (not with `--at`).
   */
  readonly earlier: readonly EarlierAttempt[];
  /** Worker threads used; 1: in-process. */
  readonly workers: number;
  readonly note?: string;
}

/**
 * Searches fixes for an incident: runs the scenario once to find the first symptom (or takes
 * `at`), builds the baseline (the scenario without the admin's remedies from then on) and the
 * candidates ({@link buildCandidates}), replays each from the same seed on worker threads, and
 * ranks them.
 *
 * @throws {ScenarioError} when the scenario cannot be used.
 * @throws {SweepRunError} when a replay fails with an mqsim error.
 */
export async function searchFixes(
  input: FixesInput,
  options: RunSweepOptions = {},
): Promise<FixesResult> {
  const scenario = loadScenario(input.text, input.file);
  const seed = input.seed ?? scenario.seed;
  const limit = input.limit ?? MAX_CANDIDATES;
  const watch = createSymptomWatch();
  const first = runScenario(scenario, { seed, trace: watch.sink });
  const symptoms = watch.report(first.endedAt);
  const at =
    input.at ??
    (symptoms.first === undefined
      ? null
      : Math.min(
          scenario.duration,
          Math.ceil(symptoms.first.t / TICKS.perSecond) * TICKS.perSecond,
        ));
  const empty = {
    scenario,
    seed,
    symptom: symptoms.first,
    limit,
    workers: 1,
    cut: 0,
    invalid: [],
  };
  if (at === null)
    return { ...empty, at, removed: [], baseline: undefined, candidates: [], earlier: [] };

  const written = readTimeline(input.text, input.file, scenario);
  const msmqHosts = first.hosts.filter((host) => host.service !== 'none').map((host) => host.name);
  const involved = involvedHosts(scenario, symptoms.senders, msmqHosts);
  const context: SearchContext = {
    input,
    scenario,
    seed,
    limit,
    written,
    msmqHosts,
    involved,
    runningAt: symptoms.runningAt,
    diagnosis: first.diagnosis,
    options,
  };
  // An explicit --at is replayed as asked; the default moves on while nothing drains.
  const times =
    input.at !== undefined
      ? [at]
      : Array.from({ length: MAX_FIX_TIMES }, (_, step) => at + step * FIX_TIME_STEP_TICKS).filter(
          (time, step) => step === 0 || time < scenario.duration,
        );
  const earlier: EarlierAttempt[] = [];
  let found: AttemptResult | undefined;
  for (const time of times) {
    found = await replayAt(context, at, time);
    const drains = [found.baseline, ...found.candidates].some(
      (replay) => replay !== undefined && replay.summary.outcome.drainedAt !== null,
    );
    if (drains || time === times.at(-1)) break;
    earlier.push({ at: time, replayed: found.candidates.length });
  }
  const result = found as AttemptResult;
  return { ...empty, ...result, earlier };
}

/** How far `mqsim fixes` moves the fix time when no candidate drains: 10 minutes. */
export const FIX_TIME_STEP_TICKS = 10 * 60 * TICKS.perSecond;

/** The most fix times the default search tries (the first symptom, then every 10 minutes). */
export const MAX_FIX_TIMES = 6;

/** A default fix time at which nothing drained, so the search moved on. */
export interface EarlierAttempt {
  readonly at: number;
  /** Candidates replayed there. */
  readonly replayed: number;
}

interface SearchContext {
  readonly input: FixesInput;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly limit: number;
  readonly written: WrittenTimeline;
  readonly msmqHosts: readonly string[];
  readonly involved: { readonly senders: readonly string[]; readonly hosts: readonly string[] };
  readonly runningAt: (host: string, t: number) => boolean | undefined;
  readonly diagnosis: readonly Finding[];
  readonly options: RunSweepOptions;
}

type AttemptResult = Pick<
  FixesResult,
  'at' | 'removed' | 'baseline' | 'candidates' | 'cut' | 'invalid' | 'workers' | 'note'
>;

/**
 * The baseline (no remedy from `from` on, the first fix time) and every candidate at fix time
 * `at`, replayed and ranked.
 */
async function replayAt(context: SearchContext, from: number, at: number): Promise<AttemptResult> {
  const { input, scenario, seed, written } = context;
  const removedIndices = new Set<number>();
  scenario.timeline.forEach((action, index) => {
    const item = written.indexOf[index] ?? -1;
    if (item !== -1 && isRemovedFromBaseline(action.do, action.at, from)) removedIndices.add(item);
  });
  const kept = written.items.filter((_, index) => !removedIndices.has(index));
  const removed = written.items.filter((_, index) => removedIndices.has(index));
  const atText = formatDuration(at);
  const textOf = (actions: readonly RawAction[]) =>
    withTimeline(input.text, input.file, [
      ...kept,
      ...actions.map((action) => ({ at: atText, ...action })),
    ]);
  // The baseline is the user's scenario minus some actions: it loads, or the user's file is wrong.
  const baselineText = textOf([]);
  const baselineScenario = loadScenario(baselineText, input.file);
  // Its diagnosis names what is still wrong when nobody acts: its fixes are candidates too.
  const baselineRun = runScenario(baselineScenario, { seed });
  // And what it says at the fix time itself: the fix for a cause as it stands then (a cache
  // that still holds an old address until a later moment) comes first.
  // (A minute on: a symptom needs to last before the diagnosis calls it one.)
  const atFix = runScenario(baselineScenario, {
    seed,
    until: Math.min(baselineScenario.duration, at + 60 * TICKS.perSecond),
  });
  const { candidates, cut } = buildCandidates({
    senders: context.involved.senders,
    involved: context.involved.hosts,
    runningAtFix: (host) =>
      context.msmqHosts.includes(host) ? (context.runningAt(host, at) ?? false) : undefined,
    diagnosis: [
      ...atFix.diagnosis.filter((finding) => finding.ongoing),
      ...context.diagnosis,
      ...baselineRun.diagnosis,
    ],
    limit: context.limit,
  });
  const texts: string[] = [baselineText];
  const scenarios: Scenario[] = [baselineScenario];
  const valid: { actions: readonly RawAction[]; source: FixReplay['source'] }[] = [
    { actions: [], source: 'baseline' },
  ];
  const invalid: { actions: readonly RawAction[]; reason: string }[] = [];
  for (const candidate of candidates) {
    const text = textOf(candidate.actions);
    try {
      scenarios.push(loadScenario(text, input.file));
    } catch (error) {
      if (!MqsimError.isInstance(error)) throw error;
      invalid.push({ actions: candidate.actions, reason: error.message.split('\n')[0] ?? '' });
      continue;
    }
    texts.push(text);
    valid.push(candidate);
  }
  const replayed = await runReplays(
    {
      file: input.file,
      texts,
      scenarios,
      seeds: [seed],
      until: undefined,
      describe: (task) => {
        const actions = valid[task.combination]?.actions ?? [];
        return `the replay ${actions.length === 0 ? 'without the remedies' : `with ${actions.map(describeRawAction).join(' + ')}`} at ${atText} (seed ${task.seed})`;
      },
    },
    { ...context.options, workers: replayWorkers(context.options.workers, scenario, texts.length) },
  );
  const replays: FixReplay[] = valid.map((variant, index) => ({
    ...variant,
    summary: replayed.runs[index] as RunSummary,
  }));
  const ranked = replays
    .slice(1)
    .map((replay, order) => ({ ...replay, order }))
    .sort(compareFixes)
    .map(({ order: _, ...replay }) => replay);
  return {
    at,
    removed,
    baseline: replays[0],
    candidates: ranked,
    cut,
    invalid,
    workers: replayed.workers,
    ...(replayed.note === undefined ? {} : { note: replayed.note }),
  };
}

/**
 * The senders that showed a symptom and the receivers of their workload streams, in scenario
 * order; every MSMQ host when no sender with a workload showed one.
 */
function involvedHosts(
  scenario: Scenario,
  symptomatic: readonly string[],
  msmqHosts: readonly string[],
): { senders: string[]; hosts: string[] } {
  const lower = (name: string) => name.toLowerCase();
  const senders = new Set<string>();
  const receivers = new Set<string>();
  for (const stream of scenario.workload) {
    if (!symptomatic.some((host) => lower(host) === lower(stream.from))) continue;
    senders.add(lower(stream.from));
    const receiver =
      stream.to.protocol === 'os'
        ? scenario.hosts.find((host) => lower(host.name) === lower(stream.to.host))
        : scenario.hosts.find((host) =>
            host.interfaces.some((nic) => nic.addresses.includes(stream.to.host)),
          );
    if (receiver !== undefined) receivers.add(lower(receiver.name));
  }
  const inOrder = (set: Set<string>) =>
    scenario.hosts.map((host) => host.name).filter((name) => set.has(lower(name)));
  if (senders.size === 0) return { senders: [...msmqHosts], hosts: [...msmqHosts] };
  return { senders: inOrder(senders), hosts: inOrder(new Set([...senders, ...receivers])) };
}
