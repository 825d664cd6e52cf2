/**
 * Runs `prefkit judge` (its definition: judge.ts): checks the flags (judge-options.ts), reads the
 * input (app/judge/read-inputs.ts), plans the items (app/judge plan.ts), then — as `prefkit
 * generate` does (job-command.ts) — makes or resumes the durable job, runs it, writes the
 * judgments (app/judge/write-output.ts, the handler's `complete`) and reports: the job, the
 * judgments per judge and the bias report per judge (app/judge/bias.ts), text on stderr or one
 * JSON object on stdout.
 */
import { randomUUID } from "node:crypto";
import { jobHandlers } from "../../app/jobs/handlers.js";
import { judgeBiasReports } from "../../app/judge/bias.js";
import {
  biasReportsJson,
  POINTWISE_BIAS_NOTE,
  renderBiasReports,
} from "../../app/judge/bias-render.js";
import {
  emptyPlanCounts,
  estimateJudging,
  JobFingerprint,
  JUDGE_KIND,
  type JudgeSpec,
  MAX_PARSE_ATTEMPTS,
  type PlannedJudgeItem,
  planJudging,
} from "../../app/judge/index.js";
import { type JudgeInputs, judgeQuestions } from "../../app/judge/judge-inputs.js";
import { ProjectTextsError, projectMismatches } from "../../app/judge/project-texts.js";
import { readJudgeInputFiles, readJudgeInputProject } from "../../app/judge/read-inputs.js";
import type { PairSelection } from "../../app/judge/types.js";
import type { JudgeOutputSummary } from "../../app/judge/write-output.js";
import { checkApiKeys, missingApiKeys } from "../../llm/config.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import type { Store } from "../../store/store.js";
import { UsageError } from "../errors.js";
import { openDatabase } from "../open-database.js";
import {
  addItems,
  checkPriced,
  count,
  databaseExists,
  exitStatus,
  jobSummary,
  jobsUrl,
  loadSystems,
  redact,
  report,
  runJob,
} from "./job-command.js";
import type { Flags } from "./judge-flags.js";
import {
  ArenaPairs,
  checkAgainstInputs,
  checkModeFlags,
  checkOutputFlags,
  chooseJudges,
  type ModeOptions,
  resolveTemplate,
} from "./judge-options.js";
import {
  inputSummary,
  renderEstimate,
  renderInput,
  renderPlan,
  renderRun,
} from "./judge-render.js";

export async function runJudge(files: string[], flags: Flags): Promise<void> {
  const output = checkOutputFlags(files, flags);
  if (flags.parseAttempts > MAX_PARSE_ATTEMPTS)
    throw new UsageError(`--parse-attempts is at most ${MAX_PARSE_ATTEMPTS}`);
  const judges = chooseJudges(await loadSystems(flags.judges), flags.only);
  const template = await resolveTemplate(flags.template);
  const mode = checkModeFlags(template, flags, judges);
  checkPriced(judges, flags.maxCost, "judge");
  const spec: JudgeSpec = {
    version: 1,
    judges,
    template,
    orders: mode.orders,
    combine: mode.combine,
    strongWeight: mode.strongWeight,
    permutations: mode.permutations,
    ...(flags.jury === undefined ? {} : { jury: flags.jury }),
    parseAttempts: flags.parseAttempts,
    output,
    ...(flags.fresh ? { freshNonce: randomUUID() } : {}),
  };
  const say = (text: string) => {
    if (!flags.quiet || flags.format === "text") process.stderr.write(`${text}\n`);
  };
  const url = jobsUrl(flags);
  // A dry run creates no database: it reads the cache only when the jobs database exists.
  const store = flags.dryRun && !databaseExists(url) ? undefined : await openDatabase(url);
  try {
    const inputs = await readInputs(files, flags, store);
    const { selection, defaulted } = checkAgainstInputs(inputs, template, flags);
    // Plans are generators, drawn once per use (a large input's items never sit in memory at
    // once): the first pass counts and fingerprints, the later ones plan exactly the same.
    const plan = (counts = emptyPlanCounts()) =>
      countPass(plannedItems(inputs, template, judges, selection, mode, flags, counts));
    const counts = emptyPlanCounts();
    const fingerprint = new JobFingerprint(spec);
    const arena = new ArenaPairs(output, mode.orders);
    for (const item of plan(counts)) {
      fingerprint.add(item.key, item.payload);
      arena.add(item.payload);
    }
    const input = inputSummary(inputs);
    for (const line of renderInput(input)) say(line);
    if (defaulted) say(defaultPairsNotice(selection, inputs));
    for (const line of renderPlan(counts, judges.length)) say(line);
    if (counts.items === 0)
      throw new UsageError("nothing to judge: the plan holds no item (see above)");
    const selfPairs = arena.check();
    if (selfPairs) say(selfPairs);
    if (flags.dryRun) {
      const estimate = await estimateJudging(plan(), judges, template, {
        ...(store && !flags.fresh
          ? { cacheGet: (keys: readonly string[]) => store.cacheGet(keys) }
          : {}),
      });
      const value = {
        input,
        plan: counts,
        ...estimate,
        missingKeys: missingApiKeys(judges, process.env),
      };
      report(flags, value, (v) => `${renderEstimate(v).join("\n")}\n`);
      return;
    }
    // Before any call, and before the job exists: every unset key variable, at once.
    checkApiKeys(judges, process.env);
    if (!store) throw new Error("unreachable: the store is open unless this is a dry run");
    if (output.kind === "project" && !(await store.getProject(output.projectId)))
      throw new UsageError(
        `the store has no project "${output.projectId}": create it first (prefkit import --create, or the web UI)`,
      );
    // Before the job exists: judgments the project cannot hold (its texts under the ids judged
    // differ) are refused now, not after the calls are paid for.
    if (output.kind === "project") {
      const payloads = (function* () {
        for (const item of plan()) yield item.payload;
      })();
      const { mismatches, more } = await projectMismatches(store, output.projectId, payloads);
      if (mismatches.length > 0) throw new ProjectTextsError(output.projectId, mismatches, more);
    }
    const { job, created } = await store.createJob({
      kind: JUDGE_KIND,
      fingerprint: fingerprint.digest(),
      spec,
      ...(output.kind === "project" ? { projectId: output.projectId } : {}),
      ...(flags.maxCost === undefined ? {} : { maxCost: flags.maxCost }),
    });
    await addItems(store, job.id, plan());
    if (created)
      say(
        `job ${job.id}: ${counts.items} items (${counts.questions} questions × ${judges.length} judge${judges.length === 1 ? "" : "s"})`,
      );
    else say(`resuming job ${job.id}: ${job.counts.done} of ${job.counts.total} done`);
    if (!flags.run) {
      say(
        `enqueued only (--no-run): run it with \`prefkit worker --db ${redact(url)}\` or \`prefkit jobs resume ${job.id} --db ${redact(url)}\``,
      );
      if (flags.format === "json")
        process.stdout.write(`${JSON.stringify({ job: job.id, items: counts.items, created })}\n`);
      return;
    }
    let written: JudgeOutputSummary | undefined;
    const handlers = jobHandlers({
      store,
      env: process.env,
      onJudgeOutput: (summary) => {
        written = summary;
      },
    });
    const started = Date.now();
    const result = await runJob(store, job, { ...flags, handlers }, say);
    const where = output.kind === "file" ? output.path : `project ${output.projectId}`;
    const summary = jobSummary(result, job.id, (Date.now() - started) / 1000, where);
    // After every run, finished or not: the report covers the games done so far.
    const bias =
      (result.job?.counts.done ?? 0) > 0 ? await judgeBiasReports(store, job.id, spec) : null;
    const biasLines =
      bias !== null
        ? renderBiasReports(bias)
        : template.mode === "pointwise"
          ? [POINTWISE_BIAS_NOTE]
          : [];
    report(
      flags,
      { ...summary, input, plan: counts, written: written ?? null, bias: biasReportsJson(bias) },
      (s) => renderRun(s, written, biasLines),
    );
    process.exitCode = exitStatus(result);
  } finally {
    await store?.close();
  }
}

async function readInputs(
  files: string[],
  flags: Flags,
  store: Store | undefined,
): Promise<JudgeInputs> {
  if (!flags.fromProject)
    return readJudgeInputFiles(
      files,
      flags.inputFormat === undefined ? {} : { format: flags.inputFormat },
    );
  const projectId = flags.project!;
  const source = store ?? (await openDatabase(flags.db!));
  try {
    if (!(await source.getProject(projectId)))
      throw new UsageError(`the store has no project "${projectId}"`);
    return await readJudgeInputProject(source, projectId);
  } finally {
    if (source !== store) await source.close();
  }
}

function plannedItems(
  inputs: JudgeInputs,
  template: JudgeTemplate,
  judges: readonly { id: string }[],
  selection: PairSelection,
  mode: ModeOptions,
  flags: Flags,
  counts: ReturnType<typeof emptyPlanCounts>,
): Generator<PlannedJudgeItem> {
  try {
    return planJudging(
      judgeQuestions(inputs),
      {
        judges: judges.map((j) => j.id),
        template,
        selection,
        orders: mode.orders,
        permutations: mode.permutations,
        seed: flags.seed ?? 0,
        ...(flags.referenceSystem === undefined ? {} : { referenceSystem: flags.referenceSystem }),
      },
      counts,
    );
  } catch (error) {
    throw error instanceof RangeError ? new UsageError(error.message) : error;
  }
}

/** Drains a plan (a generator throws its RangeError when first drawn, not when made). */
function* countPass(items: Generator<PlannedJudgeItem>): Generator<PlannedJudgeItem> {
  try {
    yield* items;
  } catch (error) {
    throw error instanceof RangeError ? new UsageError(error.message) : error;
  }
}

function defaultPairsNotice(selection: PairSelection, inputs: JudgeInputs): string {
  return selection.kind === "given"
    ? `pairs: given — the ${count(inputs.givenPairs.length)} pairs the input's judgments name (--pairs all for every pair of different systems)`
    : "pairs: all — the input's judgments name no pair, so every pair of candidates of different systems is judged (--pairs baseline:SYSTEM or sample:K for fewer)";
}
