/** Runs `prefkit generate` (its definition: generate.ts). */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import {
  type DiversityOptions,
  estimateGeneration,
  GENERATE_KIND,
  type GenerateOutput,
  type GenerateSpec,
  type GenerationEstimate,
  JobFingerprint,
  type PlannedItem,
  type PromptSet,
  planGeneration,
  readProjectPrompts,
  readPromptFiles,
} from "../../app/generate/index.js";
import type { Prompt } from "../../core/types.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";
import { datasetFileKind } from "../../formats/dataset/read-file-kind.js";
import { checkWritableTarget } from "../../formats/dataset/write-target.js";
import { checkApiKeys, missingApiKeys } from "../../llm/config.js";
import type { LlmSystem } from "../../llm/types.js";
import type { Store } from "../../store/store.js";
import { UsageError } from "../errors.js";
import { openDatabase } from "../open-database.js";
import {
  addItems,
  allFailed,
  checkPriced,
  count,
  databaseExists,
  exitStatus,
  type JobSummary,
  jobAdviceLines,
  jobStateLines,
  jobSummary,
  jobsUrl,
  list,
  loadSystems,
  money,
  redact,
  report,
  runJob,
} from "./job-command.js";

/** The parsed command-line flags of `prefkit generate`. */
export interface Flags {
  systems: string;
  n: number;
  temperatures?: number[];
  seeds?: number[];
  nc?: number;
  ncSequential?: number;
  out?: string;
  db?: string;
  project?: string;
  fromProject?: boolean;
  jobsDb?: string;
  inputFormat?: DatasetFormat;
  dryRun?: boolean;
  maxCost?: number;
  fresh?: boolean;
  concurrency: number;
  /** False with --no-run. */
  run: boolean;
  format: "text" | "json";
  quiet?: boolean;
}

export async function runGenerate(files: string[], flags: Flags): Promise<void> {
  const output = checkFlags(files, flags);
  const systems = await loadSystems(flags.systems);
  checkPriced(systems, flags.maxCost, "system");
  const diversity: DiversityOptions = {
    n: flags.n,
    ...(flags.temperatures ? { temperatures: flags.temperatures } : {}),
    ...(flags.seeds ? { seeds: flags.seeds } : {}),
    ...(flags.nc !== undefined ? { nc: { k: flags.nc, sequential: false } } : {}),
    ...(flags.ncSequential !== undefined
      ? { nc: { k: flags.ncSequential, sequential: true } }
      : {}),
  };
  const spec: GenerateSpec = {
    version: 1,
    systems,
    diversity,
    output,
    ...(flags.fresh ? { freshNonce: randomUUID() } : {}),
  };
  const url = jobsUrl(flags);
  // A dry run creates no database: it reads the cache only when the jobs database exists.
  const store = flags.dryRun && !databaseExists(url) ? undefined : await openDatabase(url);
  try {
    const prompts = await readPrompts(files, flags, store);
    const plan = () => plannedItems(prompts.prompts, systems, diversity);
    if (flags.dryRun) {
      const estimate = await estimateGeneration(plan(), systems, {
        ...(store && !flags.fresh
          ? { cacheGet: (keys: readonly string[]) => store.cacheGet(keys) }
          : {}),
      });
      report(
        flags,
        {
          prompts: promptSummary(prompts),
          ...estimate,
          missingKeys: missingApiKeys(systems, process.env),
        },
        renderEstimate,
      );
      return;
    }
    // Before any call, and before the job exists: every unset key variable, at once.
    checkApiKeys(systems, process.env);
    if (!store) throw new Error("unreachable: the store is open unless this is a dry run");
    if (output.kind === "project" && !(await store.getProject(output.projectId))) {
      throw new UsageError(
        `the store has no project "${output.projectId}": create it first (prefkit import --create, or the web UI)`,
      );
    }
    const fingerprint = new JobFingerprint(spec);
    let total = 0;
    for (const item of plan()) {
      fingerprint.add(item.key, item.payload);
      total++;
    }
    const { job, created } = await store.createJob({
      kind: GENERATE_KIND,
      fingerprint: fingerprint.digest(),
      spec,
      ...(output.kind === "project" ? { projectId: output.projectId } : {}),
      ...(flags.maxCost === undefined ? {} : { maxCost: flags.maxCost }),
    });
    await addItems(store, job.id, plan());
    const say = (text: string) => {
      if (!flags.quiet || flags.format === "text") process.stderr.write(`${text}\n`);
    };
    if (created)
      say(
        `job ${job.id}: ${total} items (${promptSummary(prompts).used} prompts × ${systems.length} systems)`,
      );
    else say(`resuming job ${job.id}: ${job.counts.done} of ${job.counts.total} done`);
    if (!flags.run) {
      say(
        `enqueued only (--no-run): run it with \`prefkit worker --db ${redact(url)}\` or \`prefkit jobs resume ${job.id} --db ${redact(url)}\``,
      );
      if (flags.format === "json")
        process.stdout.write(`${JSON.stringify({ job: job.id, items: total, created })}\n`);
      return;
    }
    const started = Date.now();
    const result = await runJob(store, job, flags, say);
    const summary = jobSummary(
      result,
      job.id,
      (Date.now() - started) / 1000,
      output.kind === "file" ? output.path : `project ${output.projectId}`,
    );
    report(flags, summary, renderSummary);
    process.exitCode = exitStatus(result);
  } finally {
    await store?.close();
  }
}

function checkFlags(files: string[], flags: Flags): GenerateOutput {
  if (flags.nc !== undefined && flags.ncSequential !== undefined) {
    throw new UsageError("give --nc or --nc-sequential, not both");
  }
  const k = flags.nc ?? flags.ncSequential;
  if (k !== undefined && (k < 2 || k > 16)) throw new UsageError("NC takes k from 2 to 16");
  if (flags.temperatures?.some((t) => t < 0 || t > 2)) {
    throw new UsageError("--temperatures must be between 0 and 2");
  }
  if (flags.fromProject) {
    if (files.length > 0) throw new UsageError("give prompt files or --from-project, not both");
    if (flags.project === undefined)
      throw new UsageError("--from-project takes the prompts of --project");
  } else if (files.length === 0) {
    throw new UsageError("name the prompt files, or use --from-project with --db and --project");
  }
  if (flags.project !== undefined && flags.db === undefined) {
    throw new UsageError("--project needs --db: the store that holds the project");
  }
  if (flags.out !== undefined && flags.project !== undefined && !flags.fromProject) {
    throw new UsageError("give --out FILE or --project ID, not both");
  }
  if (flags.db !== undefined && flags.jobsDb !== undefined) {
    throw new UsageError("--jobs-db is for runs without --db (with --db, the job lives there)");
  }
  if (flags.out !== undefined) {
    // Checked before any call is paid for: the candidates are canonical records, whose
    // messages and metadata are nested values that a CSV cell cannot hold.
    const kind = datasetFileKind(flags.out, "write");
    if (kind === "csv") {
      throw new UsageError(
        `--out ${flags.out}: candidates hold nested values (messages, metadata) that CSV cannot hold; write .jsonl, .json or .parquet`,
      );
    }
    checkWritableTarget(resolve(flags.out));
    return { kind: "file", path: resolve(flags.out) };
  }
  if (flags.project !== undefined) return { kind: "project", projectId: flags.project };
  throw new UsageError("say where the candidates go: --out FILE, or --db URL --project ID");
}

async function readPrompts(
  files: string[],
  flags: Flags,
  store: Store | undefined,
): Promise<PromptSet> {
  if (!flags.fromProject) {
    return readPromptFiles(
      files,
      flags.inputFormat === undefined ? {} : { format: flags.inputFormat },
    );
  }
  const projectId = flags.project!;
  const source = store ?? (await openDatabase(flags.db!));
  try {
    if (!(await source.getProject(projectId))) {
      throw new UsageError(`the store has no project "${projectId}"`);
    }
    return await readProjectPrompts(source, projectId);
  } finally {
    if (source !== store) await source.close();
  }
}

function plannedItems(
  prompts: readonly Prompt[],
  systems: readonly LlmSystem[],
  diversity: DiversityOptions,
): Generator<PlannedItem> {
  if (prompts.length === 0) throw new UsageError("no prompts to generate for");
  try {
    return planGeneration(prompts, systems, diversity);
  } catch (error) {
    throw error instanceof RangeError ? new UsageError(error.message) : error;
  }
}

function renderSummary(s: JobSummary): string {
  const lines = jobStateLines(s);
  if (s.ended === "finished")
    lines.push(
      allFailed(s)
        ? `no candidates to write (${s.output} holds none)`
        : `candidates written to ${s.output}`,
    );
  lines.push(...jobAdviceLines(s));
  return `${lines.join("\n")}\n`;
}

function promptSummary(p: PromptSet) {
  return {
    read: p.read,
    used: p.prompts.length,
    duplicates: p.duplicates,
    conflicting: p.conflicting,
    empty: p.empty,
  };
}

function renderEstimate(
  e: GenerationEstimate & {
    prompts: ReturnType<typeof promptSummary>;
    missingKeys: { system: string; variable: string }[];
  },
): string {
  const lines = [
    `dry run: ${count(e.prompts.used)} prompts (${count(e.prompts.read)} read; ${e.prompts.duplicates} duplicate ids and ${e.prompts.empty} without text left out)`,
    `${count(e.items)} items → ${count(e.candidates)} candidates; ${count(e.calls)} calls, ${count(e.cachedCalls)} answered by the cache`,
  ];
  for (const s of e.systems) {
    const bound = s.outputTokensMax === null ? "" : ` (at most ${count(s.outputTokensMax)})`;
    const costBound = s.costMax === null ? "" : ` (at most ${money(s.costMax)})`;
    lines.push(
      `  ${s.system} (${s.model}): ${count(s.calls - s.cachedCalls)} calls to send · ${count(s.inputTokens)} input tokens [${s.tokenizer}] · ~${count(s.outputTokens)} output tokens${bound} · ${money(s.cost)}${costBound}`,
    );
  }
  const bound = e.costMax === null ? "" : ` (at most ${money(e.costMax)})`;
  // Unpriced systems cost something too: a total without them is a lower bound, and says so.
  const total =
    e.cost !== null && e.unpriced.length > 0
      ? `≥ ${money(e.cost)} (${list(e.unpriced)} ${e.unpriced.length === 1 ? "has" : "have"} no price)`
      : `${money(e.cost)}${bound}`;
  lines.push(
    `total: ~${count(e.inputTokens)} input + ~${count(e.outputTokens)} output tokens · ${total}`,
  );
  lines.push(
    "output tokens expect max_tokens or 512 per answer, whichever is smaller; '[estimate]' inputs are ceil(UTF-8 bytes / 4)",
  );
  for (const m of e.missingKeys)
    lines.push(
      `warning: $${m.variable} (system ${m.system}) is not set: a real run would stop before any call`,
    );
  return `${lines.join("\n")}\n`;
}
