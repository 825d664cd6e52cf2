/** Runs `prefkit generate` (its definition: generate.ts). */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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
import { jobHandlers } from "../../app/jobs/handlers.js";
import { type Issue, IssueError } from "../../core/issue.js";
import type { Prompt } from "../../core/types.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";
import { datasetFileKind } from "../../formats/dataset/read-file-kind.js";
import { checkWritableTarget } from "../../formats/dataset/write-target.js";
import type { RunResult } from "../../jobs/types.js";
import { checkApiKeys, loadLlmConfig, missingApiKeys } from "../../llm/config.js";
import type { LlmSystem } from "../../llm/types.js";
import type { JobRecord } from "../../store/port/jobs.js";
import type { Store } from "../../store/store.js";
import { UsageError } from "../errors.js";
import { openDatabase } from "../open-database.js";
import { runJobSession } from "./job-session.js";

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

/** Exit status of a job stopped before its end (budget, signal, cancel): resumable (EX_TEMPFAIL). */
export const EXIT_STOPPED = 75;
const ITEM_BATCH = 1000;

export async function runGenerate(files: string[], flags: Flags): Promise<void> {
  const output = checkFlags(files, flags);
  const systems = await loadSystems(flags.systems);
  const unpriced = systems.filter((s) => s.price === undefined).map((s) => s.id);
  if (flags.maxCost !== undefined && unpriced.length > 0) {
    throw new UsageError(
      `--max-cost needs a price for every system, and ${list(unpriced)} ${unpriced.length === 1 ? "has" : "have"} none: add price: { input, output } (US dollars per million tokens), or drop --max-cost`,
    );
  }
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
    const result = await run(store, job, flags, say);
    const summary = summaryOf(result, job.id, (Date.now() - started) / 1000, output);
    report(flags, summary, renderSummary);
    process.exitCode = exitStatus(result);
  } finally {
    await store?.close();
  }
}

/**
 * The --systems file; a malformed one is a usage error (exit 2, as the help says), with every
 * issue and its line kept. A file that cannot be read stays an I/O error.
 */
async function loadSystems(path: string): Promise<LlmSystem[]> {
  try {
    return await loadLlmConfig(path);
  } catch (error) {
    if (!(error instanceof IssueError) || error.code === "io") throw error;
    const [first, ...rest] = error.issues.map((issue): Issue => ({ ...issue, code: "usage" }));
    throw new IssueError(first!, ...rest);
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

/**
 * How long a claim holds (60 s; PREFKIT_JOB_LEASE_MS for tests that kill a worker on "another
 * machine"). A killed run's items are taken back at once by a run on the same machine
 * (job-session.ts); a process on another machine takes them over when their leases expire.
 */
function leaseMs(): number {
  const value = Number(process.env.PREFKIT_JOB_LEASE_MS);
  return Number.isSafeInteger(value) && value >= 100 ? value : 60_000;
}

/** --db, else --jobs-db, else a SQLite file beside the output. */
function jobsUrl(flags: Flags): string {
  if (flags.db !== undefined) return flags.db;
  if (flags.jobsDb !== undefined) return flags.jobsDb;
  return `sqlite:${join(dirname(resolve(flags.out ?? ".")), ".prefkit-jobs.db")}`;
}

function databaseExists(url: string): boolean {
  return !url.startsWith("sqlite:") || existsSync(url.slice("sqlite:".length));
}

/** A URL with its password hidden, for messages. */
const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

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

async function addItems(store: Store, jobId: string, items: Iterable<PlannedItem>): Promise<void> {
  let batch: PlannedItem[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= ITEM_BATCH) {
      await store.addJobItems(jobId, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await store.addJobItems(jobId, batch);
}

/** Runs the job (first taking back the items of this machine's stopped runs: job-session.ts). */
function run(
  store: Store,
  job: JobRecord,
  flags: Flags,
  say: (line: string) => void,
): Promise<RunResult> {
  return runJobSession(store, {
    handlers: jobHandlers({ store, env: process.env }),
    jobId: job.id,
    concurrency: flags.concurrency,
    leaseMs: leaseMs(),
    progress: !flags.quiet,
    say,
  });
}

interface Summary {
  job: string;
  status: string;
  ended: RunResult["ended"];
  message?: string;
  items: number;
  done: number;
  failed: number;
  candidatesExpected?: number;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
  cached: number;
  calls: number;
  seconds: number;
  output: string;
}

function summaryOf(
  result: RunResult,
  jobId: string,
  seconds: number,
  output: GenerateOutput,
): Summary {
  const job = result.job;
  return {
    job: jobId,
    status: job?.status ?? "unknown",
    ended: result.ended,
    ...(job?.message === undefined ? {} : { message: job.message }),
    items: job?.counts.total ?? 0,
    done: job?.counts.done ?? 0,
    failed: job?.counts.failed ?? 0,
    inputTokens: job?.usage.inputTokens ?? 0,
    outputTokens: job?.usage.outputTokens ?? 0,
    cost: job?.usage.cost ?? null,
    cached: job?.usage.cached ?? 0,
    calls: job?.usage.calls ?? 0,
    seconds: Math.round(seconds * 10) / 10,
    output: output.kind === "file" ? output.path : `project ${output.projectId}`,
  };
}

/** 0 every item done; 1 items failed or the job failed; 75 stopped before its end. */
function exitStatus(result: RunResult): number {
  if (result.ended === "fatal") return 1;
  if (result.ended !== "finished") return EXIT_STOPPED;
  return (result.job?.counts.failed ?? 0) > 0 ? 1 : 0;
}

function report<T>(flags: Flags, value: T, render: (value: T) => string): void {
  if (flags.format === "json") process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stderr.write(render(value));
}

const money = (usd: number | null) =>
  usd === null ? "unknown (no price)" : `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
const count = (n: number) => n.toLocaleString("en-US");
const list = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(", ");

function renderSummary(s: Summary): string {
  // A job whose every item failed is "done" in the database (nothing left to run), not a success.
  const allFailed = s.ended === "finished" && s.done === 0 && s.failed > 0;
  const state = allFailed ? "every item failed" : `${s.status} (${s.ended})`;
  const lines = [
    `job ${s.job}: ${state} — ${count(s.done)} of ${count(s.items)} items done, ${count(s.failed)} failed, ${count(s.cached)} from the cache`,
    `${count(s.calls)} calls · ${count(s.inputTokens)} input + ${count(s.outputTokens)} output tokens · ${money(s.cost)} · ${s.seconds} s`,
  ];
  if (s.message) lines.push(s.message);
  if (s.ended === "finished")
    lines.push(
      allFailed
        ? `no candidates to write (${s.output} holds none)`
        : `candidates written to ${s.output}`,
    );
  if (s.failed > 0)
    lines.push(
      `the failed items and their errors: prefkit jobs show ${s.job}; retry them: prefkit jobs retry ${s.job}`,
    );
  if (s.ended === "budget")
    lines.push(
      "stopped at the budget: raise or drop --max-cost to go on (the same command with a higher --max-cost resumes the job)",
    );
  else if (s.ended !== "finished" && s.ended !== "fatal")
    lines.push("stopped before the end: run the same command again to resume");
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
