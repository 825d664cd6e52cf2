/** Runs `prefkit worker` (its definition: worker.ts). */
import { JOB_KINDS, jobHandlers } from "../../app/jobs/handlers.js";
import { JUDGE_KIND } from "../../app/judge/types.js";
import type { JobRecord } from "../../store/store.js";
import { UsageError } from "../errors.js";
import { openDatabase } from "../open-database.js";
import { runJobSession } from "./job-session.js";
import { renderEnd } from "./jobs-run.js";

export interface WorkerFlags {
  db: string;
  concurrency: number;
  kinds?: string;
  poll: number;
  progress?: boolean;
  format: "text" | "json";
}

export async function runWorker(flags: WorkerFlags): Promise<void> {
  const known = [...JOB_KINDS];
  const kinds =
    flags.kinds
      ?.split(",")
      .map((k) => k.trim())
      .filter(Boolean) ?? known;
  const unknown = kinds.filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new UsageError(
      `--kinds: no handler runs jobs of kind ${unknown.map((k) => `"${k}"`).join(", ")} (known kinds: ${known.join(", ") || "none"})`,
    );
  }
  if (known.length === 0) throw new UsageError("this prefkit has no job handlers: nothing to run");
  const store = await openDatabase(flags.db);
  const all = jobHandlers({ store, env: process.env });
  try {
    if (flags.format === "text") {
      process.stderr.write(
        `worker: running jobs of kind ${kinds.join(", ")} until SIGINT or SIGTERM\n`,
      );
    }
    const result = await runJobSession(store, {
      handlers: all.filter((h) => kinds.includes(h.kind)),
      concurrency: flags.concurrency,
      pollMs: flags.poll,
      ...leaseOption(),
      ...(flags.progress === undefined ? {} : { progress: flags.progress }),
    });
    if (flags.format === "json") {
      process.stdout.write(
        `${JSON.stringify({ ended: result.ended, lastJob: result.job?.id ?? null })}\n`,
      );
    } else
      process.stderr.write(
        `worker stopped${result.job ? `; last job: ${renderEnd(result)}` : ""}${judgePointer(result.job)}\n`,
      );
  } finally {
    await store.close();
  }
}

/** PREFKIT_JOB_LEASE_MS: a shorter lease, for tests that kill a worker (default: the runner's 60 s). */
function leaseOption(): { leaseMs?: number } {
  const value = Number(process.env.PREFKIT_JOB_LEASE_MS);
  return Number.isSafeInteger(value) && value >= 100 ? { leaseMs: value } : {};
}

/**
 * A worker runs job after job and prints no report per job; for a judge job it names the command
 * that prints its bias report (a resume of a finished job runs nothing and prints it).
 */
function judgePointer(job: JobRecord | undefined): string {
  return job?.kind === JUDGE_KIND
    ? `\nits bias report: \`prefkit jobs resume ${job.id} --db …\` (runs nothing once the job is done)`
    : "";
}
