/**
 * The job runner: runs one job to its end (`jobId`), or, as a worker, any queued or running job
 * of the handlers' kinds until its signal — several workers, on one machine or many, share the
 * queue through the store's leases. What one job's run does is in run-job.ts.
 *
 * Handlers must be idempotent in `complete`: it runs once when the last items commit, and again
 * when a finished job is resumed (which repairs a crash between the last commit and `complete`).
 *
 * @example
 * const controller = new AbortController();
 * process.once("SIGTERM", () => controller.abort());
 * const { ended, job } = await runJobs(store, {
 *   owner: formatLeaseOwner({ host: hostname(), pid: process.pid, nonce: randomUUID() }),
 *   handlers: jobHandlers(),
 *   jobId,
 *   concurrency: 16,
 *   signal: controller.signal,
 * });
 * @throws Error when `jobId` names no job or a job of a kind no handler runs; any error of the
 * store (after the run's leases are given back where possible).
 */
import type { JobsStore } from "../store/port/jobs.js";
import { runJob } from "./run-job.js";
import type { RunOptions, RunResult } from "./types.js";

const DEFAULT_POLL_MS = 1000;

export async function runJobs(store: JobsStore, options: RunOptions): Promise<RunResult> {
  const byKind = new Map(options.handlers.map((h) => [h.kind, h]));
  if (options.jobId !== undefined) {
    const job = await store.getJob(options.jobId);
    if (!job) throw new Error(`no job "${options.jobId}"`);
    const handler = byKind.get(job.kind);
    if (!handler) throw new Error(noHandler(job.kind, [...byKind.keys()]));
    return runJob(store, job, { ...options, handler, worker: false });
  }

  // A worker: claim from any runnable job of our kinds; run that job while it has items here.
  let last: RunResult | undefined;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  while (!options.signal?.aborted) {
    const claimed = await store.claimItems({
      owner: options.owner,
      limit: 2 * concurrency,
      leaseMs: options.leaseMs ?? 60_000,
      kinds: [...byKind.keys()],
    });
    const first = claimed[0];
    if (first === undefined) {
      await sleep(options.pollMs ?? DEFAULT_POLL_MS, options.signal);
      continue;
    }
    const job = await store.getJob(first.jobId);
    const handler = job && byKind.get(job.kind);
    if (!job || !handler) {
      await store.releaseItems(options.owner, first.jobId);
      continue;
    }
    last = await runJob(store, job, { ...options, handler, worker: true, claimed });
    if (last.ended === "signal") break;
  }
  return last?.job === undefined ? { ended: "signal" } : { job: last.job, ended: "signal" };
}

export function noHandler(kind: string, known: readonly string[]): string {
  return `no handler runs jobs of kind "${kind}" in this prefkit (known kinds: ${
    known.length === 0 ? "none" : known.join(", ")
  })`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
