/**
 * Running jobs from a command: the store opened and migrated, a lease owner for this process,
 * SIGINT and SIGTERM turned into a clean stop (running items finish, the rest are given back;
 * a second signal exits at once, and the leases run out), progress on stderr. Shared by
 * `prefkit jobs resume`, `prefkit worker` and the commands that make jobs (`prefkit generate`).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { runJobs } from "../../jobs/runner.js";
import type { JobHandler, RunResult } from "../../jobs/types.js";
import { openStore } from "../../store/open-store.js";
import type { Store } from "../../store/store.js";
import { databaseProblem } from "../database-problem.js";
import { UsageError } from "../errors.js";
import { JobProgress } from "../job-progress.js";

/** Opens and migrates the store a --db URL names; a database the user must fix is a usage error. */
export async function openDatabase(url: string): Promise<Store> {
  let store: Store | undefined;
  try {
    store = await openStore(url);
    await store.migrate();
    return store;
  } catch (error) {
    await store?.close().catch(() => {});
    const problem = databaseProblem(error);
    throw problem === undefined ? error : new UsageError(problem);
  }
}

export interface SessionOptions {
  handlers: readonly JobHandler[];
  /** One job; without it, a worker over the handlers' kinds. */
  jobId?: string;
  concurrency: number;
  pollMs?: number;
  leaseMs?: number;
  /** Progress on stderr even when it is not a terminal. */
  progress?: boolean;
}

/** Runs until the job ends (or, for a worker, until a signal). */
export async function runJobSession(store: Store, options: SessionOptions): Promise<RunResult> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(signal === "SIGINT" ? 130 : 143);
    process.stderr.write(
      `\nprefkit: ${signal}: finishing the items in flight and giving the rest back (again to quit at once)\n`,
    );
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const progress = new JobProgress(options.progress === true || process.stderr.isTTY === true);
  try {
    return await runJobs(store, {
      owner: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
      handlers: options.handlers,
      concurrency: options.concurrency,
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
      ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    });
  } finally {
    progress.done();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Exit codes of a run: 0 when the job finished, 130 after a signal, else 1. */
export function runExitCode(result: RunResult): number {
  if (result.ended === "finished") return 0;
  return result.ended === "signal" ? 130 : 1;
}
