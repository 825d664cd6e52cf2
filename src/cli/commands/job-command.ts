/**
 * What the commands that make durable jobs (`prefkit generate`, `prefkit judge`) share: where the
 * job lives (--db, --jobs-db, or a SQLite file beside --out), adding a plan's items in batches,
 * running the job in this process (job-session.ts), the run's summary and exit status, and the
 * config file of models as a usage error. One place, so the two commands say the same things the
 * same way.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { jobHandlers } from "../../app/jobs/handlers.js";
import { type Issue, IssueError } from "../../core/issue.js";
import type { JobHandler, RunResult } from "../../jobs/types.js";
import { loadLlmConfig } from "../../llm/config.js";
import type { LlmSystem } from "../../llm/types.js";
import type { JobRecord, NewJobItem } from "../../store/port/jobs.js";
import type { Store } from "../../store/store.js";
import { UsageError } from "../errors.js";
import { runJobSession } from "./job-session.js";

/** Exit status of a job stopped before its end (budget, signal, cancel): resumable (EX_TEMPFAIL). */
export const EXIT_STOPPED = 75;
const ITEM_BATCH = 1000;

/**
 * A config file of models (--systems, --judges); a malformed one is a usage error (exit 2), with
 * every issue and its line kept. A file that cannot be read stays an I/O error.
 */
export async function loadSystems(path: string): Promise<LlmSystem[]> {
  try {
    return await loadLlmConfig(path);
  } catch (error) {
    if (!(error instanceof IssueError) || error.code === "io") throw error;
    const [first, ...rest] = error.issues.map((issue): Issue => ({ ...issue, code: "usage" }));
    throw new IssueError(first!, ...rest);
  }
}

/** --max-cost needs a price for every model the job calls (`what`: "system", "judge"). */
export function checkPriced(
  systems: readonly LlmSystem[],
  maxCost: number | undefined,
  what: string,
) {
  const unpriced = systems.filter((s) => s.price === undefined).map((s) => s.id);
  if (maxCost !== undefined && unpriced.length > 0) {
    throw new UsageError(
      `--max-cost needs a price for every ${what}, and ${list(unpriced)} ${unpriced.length === 1 ? "has" : "have"} none: add price: { input, output } (US dollars per million tokens), or drop --max-cost`,
    );
  }
}

/**
 * How long a claim holds (60 s; PREFKIT_JOB_LEASE_MS for tests that kill a worker on "another
 * machine"). A killed run's items are taken back at once by a run on the same machine
 * (job-session.ts); a process on another machine takes them over when their leases expire.
 */
export function leaseMs(): number {
  const value = Number(process.env.PREFKIT_JOB_LEASE_MS);
  return Number.isSafeInteger(value) && value >= 100 ? value : 60_000;
}

/** --db, else --jobs-db, else a SQLite file beside the output. */
export function jobsUrl(flags: { db?: string; jobsDb?: string; out?: string }): string {
  if (flags.db !== undefined) return flags.db;
  if (flags.jobsDb !== undefined) return flags.jobsDb;
  return `sqlite:${join(dirname(resolve(flags.out ?? ".")), ".prefkit-jobs.db")}`;
}

/** False only for a SQLite file that is not there (a dry run then creates no database). */
export function databaseExists(url: string): boolean {
  return !url.startsWith("sqlite:") || existsSync(url.slice("sqlite:".length));
}

/** A URL with its password hidden, for messages. */
export const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

/** Adds a plan's items in batches of 1,000 (a resumed job skips the keys it has). */
export async function addItems(
  store: Store,
  jobId: string,
  items: Iterable<NewJobItem>,
): Promise<void> {
  let batch: NewJobItem[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= ITEM_BATCH) {
      await store.addJobItems(jobId, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await store.addJobItems(jobId, batch);
}

/**
 * Runs the job (first taking back the items of this machine's stopped runs: job-session.ts),
 * with the handlers `prefkit worker` has, or `handlers` in their place.
 */
export function runJob(
  store: Store,
  job: JobRecord,
  options: { concurrency: number; quiet?: boolean; handlers?: readonly JobHandler[] },
  say: (line: string) => void,
): Promise<RunResult> {
  return runJobSession(store, {
    handlers: options.handlers ?? jobHandlers({ store, env: process.env }),
    jobId: job.id,
    concurrency: options.concurrency,
    leaseMs: leaseMs(),
    progress: !options.quiet,
    say,
  });
}

/** 0 every item done; 1 items failed or the job failed; 75 stopped before its end. */
export function exitStatus(result: RunResult): number {
  if (result.ended === "fatal") return 1;
  if (result.ended !== "finished") return EXIT_STOPPED;
  return (result.job?.counts.failed ?? 0) > 0 ? 1 : 0;
}

/** JSON on stdout with --format json, else the rendered text on stderr. */
export function report<T>(
  flags: { format: "text" | "json" },
  value: T,
  render: (value: T) => string,
): void {
  if (flags.format === "json") process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stderr.write(render(value));
}

export const money = (usd: number | null) =>
  usd === null ? "unknown (no price)" : `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
export const count = (n: number) => n.toLocaleString("en-US");
export const list = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(", ");

/** What a run did, as its summary reports it. */
export interface JobSummary {
  job: string;
  status: string;
  ended: RunResult["ended"];
  message?: string;
  items: number;
  done: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
  cached: number;
  calls: number;
  seconds: number;
  output: string;
}

export function jobSummary(
  result: RunResult,
  jobId: string,
  seconds: number,
  output: string,
): JobSummary {
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
    output,
  };
}

/** A job whose every item failed is "done" in the database (nothing left to run), not a success. */
export const allFailed = (s: JobSummary) => s.ended === "finished" && s.done === 0 && s.failed > 0;

/** The summary's first lines: the state, the counts, the usage, the job's message. */
export function jobStateLines(s: JobSummary): string[] {
  const state = allFailed(s) ? "every item failed" : `${s.status} (${s.ended})`;
  const lines = [
    `job ${s.job}: ${state} — ${count(s.done)} of ${count(s.items)} items done, ${count(s.failed)} failed, ${count(s.cached)} from the cache`,
    `${count(s.calls)} calls · ${count(s.inputTokens)} input + ${count(s.outputTokens)} output tokens · ${money(s.cost)} · ${s.seconds} s`,
  ];
  if (s.message) lines.push(s.message);
  return lines;
}

/** The summary's last lines: what to do about failed items, a budget, a stop. */
export function jobAdviceLines(s: JobSummary): string[] {
  const lines: string[] = [];
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
  return lines;
}
