import { readFileSync } from 'node:fs';
import { parseSetFlag } from '@mqsim/scenario';
import { CliInputError } from '../cli-input.js';
import type { RunSummary } from './run-summary.js';
import { planSweep, type SweepResult, type SweepShard } from './sweep.js';

/** The first line of a shard file: what was swept, so `merge` can plan the same sweep again. */
interface ShardHeader {
  readonly type: 'sweep.shard';
  readonly version: 1;
  readonly shard: number;
  readonly shards: number;
  readonly scenario: string;
  readonly file: string;
  /** The scenario as written, so the merge does not depend on the file still being there. */
  readonly text: string;
  readonly seeds: readonly number[];
  /** The `--set` flags as typed. */
  readonly set: readonly string[];
  readonly until: number | null;
}

const USAGE =
  'K/N with 0 ≤ K < N ≤ 10000 (K defaults to JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)';

/**
 * `--shard K/N`, or `--shard N` with K from the job-array index a scheduler sets: Kubernetes'
 * `JOB_COMPLETION_INDEX` (Indexed Jobs, 0-based), else `SLURM_ARRAY_TASK_ID`.
 *
 * @throws {CliInputError} naming the text and the accepted forms.
 */
export function parseShard(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): SweepShard {
  const match = /^(?:(\d+)\/)?(\d+)$/.exec(text.trim());
  const fromEnv = env.JOB_COMPLETION_INDEX ?? env.SLURM_ARRAY_TASK_ID;
  const indexText = match?.[1] ?? fromEnv;
  const count = Number(match?.[2]);
  const index = Number(indexText);
  if (
    match === null ||
    indexText === undefined ||
    !/^\d+$/.test(indexText) ||
    !(count >= 1 && count <= 10_000) ||
    index >= count
  ) {
    const why =
      match !== null && indexText === undefined
        ? `--shard ${text}: no K, and neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set`
        : `--shard ${JSON.stringify(text)} is not a shard`;
    throw new CliInputError(`${why}; allowed: ${USAGE}`, { value: text, allowed: USAGE });
  }
  return { index, count };
}

/** The shard's runs as NDJSON: a header line, then one line per run summary. */
export function shardFileText(
  result: SweepResult,
  text: string,
  setFlags: readonly string[],
): string {
  const { plan } = result;
  const shard = plan.shard ?? { index: 0, count: 1 };
  const header: ShardHeader = {
    type: 'sweep.shard',
    version: 1,
    shard: shard.index,
    shards: shard.count,
    scenario: plan.scenario.name,
    file: plan.file,
    text,
    seeds: plan.seeds,
    set: setFlags,
    until: plan.until ?? null,
  };
  return [header, ...result.runs.map((run) => ({ type: 'sweep.run', ...run }))]
    .map((line) => JSON.stringify(line))
    .join('\n')
    .concat('\n');
}

/**
 * The sweep the shard files make together, as if it had run on one machine: the same plan
 * (planned again from the first file's header), every run once, in the same order — so the
 * table and the JSON are byte for byte those of the unsharded sweep.
 *
 * @throws {CliInputError} for a file that is not a shard file (named with line:column), files of
 *   different sweeps, a shard missing or given twice, or a run missing or given twice.
 */
export function mergeShards(files: readonly string[]): SweepResult {
  if (files.length === 0)
    throw new CliInputError('sweep merge needs the shard files: mqsim sweep merge part-*.ndjson', {
      allowed: 'one or more files written by mqsim sweep --shard K/N --out FILE',
    });
  const headers: { file: string; header: ShardHeader }[] = [];
  const runs: RunSummary[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliInputError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        {
          value: file,
        },
      );
    }
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${file}:${index + 1}:1`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw bad(where, 'not JSON');
      }
      const type = (value as { type?: unknown } | null)?.type;
      if (index === 0) {
        if (type !== 'sweep.shard' || (value as ShardHeader).version !== 1)
          throw bad(
            where,
            'not the header of a shard file (written by mqsim sweep --shard K/N --out FILE)',
          );
        headers.push({ file, header: value as ShardHeader });
      } else if (type === 'sweep.run') {
        const { type: _type, ...summary } = value as RunSummary & { type: string };
        runs.push(summary as RunSummary);
      } else throw bad(where, 'not a run line of a shard file');
    });
    if (headers.at(-1)?.file !== file) throw bad(`${file}:1:1`, 'empty: no shard header');
  }
  const [first] = headers as [{ file: string; header: ShardHeader }];
  // Shards of one sweep agree on everything but their own index.
  const sweepOf = (header: ShardHeader) =>
    JSON.stringify([
      header.file,
      header.text,
      header.seeds,
      header.set,
      header.until,
      header.shards,
    ]);
  const sweep = sweepOf(first.header);
  const other = headers.find(({ header }) => sweepOf(header) !== sweep);
  if (other !== undefined)
    throw new CliInputError(
      `${other.file} is a shard of another sweep than ${first.file} (scenario, seeds, --set, --until or N differ)`,
      {
        value: other.file,
      },
    );
  const seen = new Map<number, string>();
  for (const { file, header } of headers) {
    const earlier = seen.get(header.shard);
    if (earlier !== undefined)
      throw new CliInputError(
        `${file} and ${earlier} are both shard ${header.shard}/${header.shards}`,
        { value: file },
      );
    seen.set(header.shard, file);
  }
  const missing = Array.from({ length: first.header.shards }, (_, index) => index).filter(
    (index) => !seen.has(index),
  );
  if (missing.length > 0)
    throw new CliInputError(
      `shards ${missing.map((index) => `${index}/${first.header.shards}`).join(', ')} are missing; run them and merge every part`,
      {
        value: files.join(' '),
        allowed: `${first.header.shards} files, shards 0 to ${first.header.shards - 1}`,
      },
    );
  const plan = planSweep({
    text: first.header.text,
    file: first.header.file,
    seeds: first.header.seeds,
    sets: first.header.set.map(parseSetFlag),
    until: first.header.until ?? undefined,
  });
  const expected = plan.combinations.length * plan.seeds.length;
  const sorted = [...runs].sort((a, b) => a.combination - b.combination || a.seed - b.seed);
  const keys = new Set(sorted.map((run) => `${run.combination}:${run.seed}`));
  if (sorted.length !== expected || keys.size !== expected)
    throw new CliInputError(
      `the shards hold ${sorted.length} runs (${keys.size} distinct) where the sweep has ${expected}: a file was cut short or edited`,
      { value: files.join(' ') },
    );
  return { plan, runs: sorted, workers: 1 };
}

function bad(where: string, what: string): CliInputError {
  return new CliInputError(`${where}: ${what}`, {
    value: where,
    allowed: 'a file written by mqsim sweep --shard K/N --out FILE',
  });
}
