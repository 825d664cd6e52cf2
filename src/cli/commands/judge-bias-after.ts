/**
 * The bias report a judge job prints after a run that was not `prefkit judge`'s own — `prefkit
 * jobs resume` (issue 14: a report after every run) — as judge-run.ts prints it: over the games
 * done so far, the pointwise note for a pointwise job, nothing when no item is done.
 */
import { judgeBiasReports } from "../../app/judge/bias.js";
import {
  biasReportsJson,
  POINTWISE_BIAS_NOTE,
  renderBiasReports,
} from "../../app/judge/bias-render.js";
import { parseJudgeSpec } from "../../app/judge/spec.js";
import { JUDGE_KIND } from "../../app/judge/types.js";
import type { JobRecord, Store } from "../../store/store.js";

export interface JudgeBiasAfterRun {
  /** As `prefkit judge --format json`'s `bias`. */
  json: Record<string, unknown>;
  /** The text report (stderr), a line saying what it covers first when the job is not done. */
  lines: string[];
}

/** The report of `job` after a run; undefined for a job of another kind or with nothing done. */
export async function judgeBiasAfterRun(
  store: Store,
  job: JobRecord | undefined,
): Promise<JudgeBiasAfterRun | undefined> {
  if (job === undefined || job.kind !== JUDGE_KIND || job.counts.done === 0) return undefined;
  const spec = parseJudgeSpec(job.spec, job.id);
  const bias = await judgeBiasReports(store, job.id, spec);
  const partial =
    job.counts.done < job.counts.total
      ? [`(the bias report below covers the ${job.counts.done} items done so far)`]
      : [];
  const lines =
    bias !== null
      ? renderBiasReports(bias)
      : spec.template.mode === "pointwise"
        ? [POINTWISE_BIAS_NOTE]
        : [];
  return { json: biasReportsJson(bias), lines: lines.length > 0 ? [...partial, ...lines] : [] };
}
