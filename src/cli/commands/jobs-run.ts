/** Runs the `prefkit jobs` subcommands (their definitions: jobs.ts). */
import { jobHandlers } from "../../app/jobs/handlers.js";
import { IssueError } from "../../core/issue.js";
import { noHandler } from "../../jobs/runner.js";
import type { RunResult } from "../../jobs/types.js";
import { publicBaseUrl } from "../../llm/public-url.js";
import type { JobRecord, Store, StoredItem } from "../../store/store.js";
import { openDatabase } from "../open-database.js";
import { textTable } from "../output/text-table.js";
import { runExitCode, runJobSession } from "./job-session.js";
import { judgeBiasAfterRun } from "./judge-bias-after.js";

export interface JobsFlags {
  db: string;
  format: "text" | "json";
}

export interface ResumeFlags extends JobsFlags {
  concurrency: number;
  progress?: boolean;
}

/** Failed items `jobs show` lists. */
const SHOWN_FAILURES = 20;

const out = (text: string): void => {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
};
const json = (value: unknown) => out(JSON.stringify(value, null, 2));
const count = (n: number) => new Intl.NumberFormat("en-US").format(n);
const items = (n: number, noun = "item") => `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
const dollars = (cost: number | null, digits = 2) =>
  cost === null ? "-" : `$${cost.toFixed(digits)}`;

async function withStore<T>(url: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openDatabase(url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function mustGet(store: Store, id: string): Promise<JobRecord> {
  const job = await store.getJob(id);
  if (!job) {
    throw new IssueError({
      code: "not_found",
      message: `no job "${id}" in this store (prefkit jobs list shows its jobs)`,
    });
  }
  return job;
}

export async function listJobsCommand(flags: JobsFlags & { limit: number }): Promise<void> {
  const jobs = await withStore(flags.db, (store) => store.listJobs({ limit: flags.limit }));
  if (flags.format === "json") return json(jobs.map(publicJob));
  if (jobs.length === 0) return out("no jobs in this store");
  out(
    textTable(
      ["id", "kind", "status", "done/total", "failed", "cost", "updated"],
      jobs.map((j) => [
        j.id,
        j.kind,
        j.status,
        `${count(j.counts.done)}/${count(j.counts.total)}`,
        count(j.counts.failed),
        dollars(j.usage.cost),
        j.updatedAt,
      ]),
    ),
  );
}

export async function showJobCommand(id: string, flags: JobsFlags): Promise<void> {
  const { job, failed } = await withStore(flags.db, async (store) => {
    const job = await mustGet(store, id);
    const failed = await store.listItems(id, { status: "failed", limit: SHOWN_FAILURES });
    return { job, failed };
  });
  if (flags.format === "json") {
    return json({ job: publicJob(job), failedItems: failed.map(publicItem) });
  }
  out(renderJob(job, failed));
}

export async function cancelJobCommand(id: string, flags: JobsFlags): Promise<void> {
  const { job, already } = await withStore(flags.db, async (store) => {
    const before = await mustGet(store, id);
    if (before.status === "done" || before.status === "cancelled") {
      return { job: before, already: true };
    }
    return { job: (await store.cancelJob(id)) ?? before, already: false };
  });
  if (flags.format === "json") return json(publicJob(job));
  out(
    already
      ? `job ${id} is already ${job.status}: nothing to cancel`
      : `job ${id} is cancelled: ${items(job.counts.cancelled)} not done, ${count(job.counts.done)} done`,
  );
}

export async function retryJobCommand(id: string, flags: JobsFlags): Promise<void> {
  const retried = await withStore(flags.db, async (store) => {
    await mustGet(store, id);
    return store.retryFailed(id);
  });
  if (flags.format === "json") return json({ id, retried });
  out(
    retried === 0
      ? `job ${id} has no failed items`
      : `${items(retried, "failed item")} of job ${id} ${retried === 1 ? "is" : "are"} pending again: run them with \`prefkit jobs resume ${id}\` or a worker (\`prefkit worker\`)`,
  );
}

export async function resumeJobCommand(id: string, flags: ResumeFlags): Promise<void> {
  const result = await withStore(flags.db, async (store) => {
    const job = await mustGet(store, id);
    const handlers = jobHandlers({ store, env: process.env });
    if (!handlers.some((h) => h.kind === job.kind)) {
      throw new IssueError({
        code: "invalid",
        message: noHandler(
          job.kind,
          handlers.map((h) => h.kind),
        ),
      });
    }
    const result = await runJobSession(store, {
      handlers,
      jobId: id,
      concurrency: flags.concurrency,
      ...(flags.progress === undefined ? {} : { progress: flags.progress }),
    });
    // A judge job's bias report after every run, as `prefkit judge` prints it.
    return { ...result, bias: await judgeBiasAfterRun(store, result.job) };
  });
  if (flags.format === "json")
    json({
      ended: result.ended,
      job: result.job && publicJob(result.job),
      ...(result.bias ? { bias: result.bias.json } : {}),
    });
  else {
    process.stderr.write(`${renderEnd(result)}\n`);
    if (result.bias && result.bias.lines.length > 0)
      process.stderr.write(`${result.bias.lines.join("\n")}\n`);
  }
  process.exitCode = runExitCode(result);
}

/** One line on how a run ended, with what to do next. */
export function renderEnd(result: RunResult): string {
  const job = result.job;
  if (!job) return "no job ran";
  const { counts } = job;
  const tally = `${count(counts.done)}/${count(counts.total)} done, ${count(counts.failed)} failed, ${dollars(job.usage.cost, 4)}`;
  switch (result.ended) {
    case "finished":
      return counts.failed > 0
        ? `job ${job.id} finished: ${tally} (\`prefkit jobs show ${job.id}\` lists the failures; \`prefkit jobs retry ${job.id}\` runs them again)`
        : `job ${job.id} finished: ${tally}`;
    case "budget":
      return `job ${job.id} stopped: ${job.message ?? "budget reached"} (${tally}); run it again with a higher --max-cost to go on`;
    case "fatal":
      return `job ${job.id} failed: ${job.message ?? "a fatal error"} (${tally}); fix that and run \`prefkit jobs resume ${job.id}\``;
    case "cancelled":
      return `job ${job.id} is cancelled (${tally})`;
    case "signal":
      return `job ${job.id} interrupted (${tally}); \`prefkit jobs resume ${job.id}\` goes on where it stopped`;
  }
}

function renderJob(job: JobRecord, failed: readonly StoredItem[]): string {
  const { counts, usage } = job;
  const lines = [
    `job ${job.id} (${job.kind}): ${job.status}`,
    `items: ${count(counts.total)} — ${count(counts.done)} done, ${count(counts.failed)} failed, ${count(counts.pending)} pending, ${count(counts.leased)} running, ${count(counts.cancelled)} cancelled`,
    `usage: ${count(usage.inputTokens)} input + ${count(usage.outputTokens)} output tokens, ${count(usage.calls)} calls, ${count(usage.cached)} cached, cost ${dollars(usage.cost, 4)}${job.maxCost === undefined ? "" : ` of a $${job.maxCost} budget`}`,
  ];
  if (job.projectId !== undefined) lines.push(`project: ${job.projectId}`);
  if (job.message !== undefined) lines.push(`message: ${job.message}`);
  lines.push(`created ${job.createdAt}, updated ${job.updatedAt}`);
  lines.push(`spec: ${summary(job.spec)}`);
  if (failed.length > 0) {
    lines.push(
      `failed items (${failed.length < counts.failed ? `first ${failed.length} of ${count(counts.failed)}` : count(counts.failed)}):`,
    );
    for (const item of failed) lines.push(`  ${item.key}: ${oneLine(item.error ?? "")}`);
  }
  return lines.join("\n");
}

/** Names that may hold a secret; a spec holds none by contract, and this makes sure of it. */
const SECRET_NAME = /(api[-_]?key|token|secret|password|authorization)$/i;

/**
 * The spec without anything under a secret-looking name (names of variables stay), and base URLs
 * without credentials or query.
 */
function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v !== "string"
        ? redacted(v)
        : SECRET_NAME.test(k)
          ? "[redacted]"
          : k === "baseUrl"
            ? publicBaseUrl(v)
            : v,
    ]),
  );
}

function summary(spec: unknown): string {
  const text = JSON.stringify(redacted(spec));
  return text.length <= 400 ? text : `${text.slice(0, 400)}… (${count(text.length)} characters)`;
}

const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= 300 ? flat : `${flat.slice(0, 300)}…`;
};

const publicJob = (job: JobRecord): JobRecord => ({ ...job, spec: redacted(job.spec) });
const publicItem = (item: StoredItem) => ({
  key: item.key,
  error: item.error,
  attempts: item.attempts,
});
