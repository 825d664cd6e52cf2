/**
 * Running jobs from a command: the store opened and migrated, a lease owner for this process
 * (`<hostname>:<pid>:<random>`, jobs/lease-owner.ts), the leases of this machine's stopped runs
 * taken back before starting (a run killed with SIGKILL resumes at once, not when its leases
 * expire), SIGINT and SIGTERM turned into a clean stop (running items finish, the rest are given
 * back; a second signal exits at once, and the leases run out), progress on stderr. Shared by
 * `prefkit jobs resume`, `prefkit worker` and the commands that make jobs (`prefkit generate`).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { formatLeaseOwner, stoppedLocalOwners } from "../../jobs/lease-owner.js";
import { runJobs } from "../../jobs/runner.js";
import type { JobHandler, RunResult } from "../../jobs/types.js";
import type { Store } from "../../store/store.js";
import { JobProgress } from "../job-progress.js";

export interface SessionOptions {
  handlers: readonly JobHandler[];
  /** One job; without it, a worker over the handlers' kinds. */
  jobId?: string;
  concurrency: number;
  pollMs?: number;
  leaseMs?: number;
  /** Progress on stderr even when it is not a terminal. */
  progress?: boolean;
  /** Where notices go (leases taken back, leases held elsewhere); default: a line on stderr. */
  say?: (line: string) => void;
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
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const progress = new JobProgress(options.progress === true || process.stderr.isTTY === true);
  try {
    await takeBackBeforeRun(store, options, say);
    return await runJobs(store, {
      owner: formatLeaseOwner({
        host: hostname(),
        pid: process.pid,
        nonce: randomBytes(4).toString("hex"),
      }),
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

/**
 * Before a run: takes back the stopped local runs' leases of the job (a worker: of the running
 * jobs of its kinds), and says when items stay leased by a live process or another machine.
 */
async function takeBackBeforeRun(
  store: Store,
  options: SessionOptions,
  say: (line: string) => void,
): Promise<void> {
  if (options.jobId === undefined) {
    const kinds = new Set(options.handlers.map((h) => h.kind));
    const running = await store.listJobs({ status: "running" });
    for (const job of running)
      if (kinds.has(job.kind)) await takeBackStoppedLeases(store, job.id, say);
    return;
  }
  await takeBackStoppedLeases(store, options.jobId, say);
  const job = await store.getJob(options.jobId);
  const leased = job?.counts.leased ?? 0;
  if (leased > 0) {
    const seconds = (options.leaseMs ?? 60_000) / 1000;
    say(
      `${leased} items are leased by another process (running, or on another machine): this run takes over any whose lease expires (leases last ${seconds} s)`,
    );
  }
}

/**
 * Gives back the leased items of a job whose owner ran on this machine and is no longer alive,
 * saying so ("took back 37 items from a stopped run (pid 1234)"); resolves to how many items.
 * Owners on other machines and live processes are never touched.
 */
export async function takeBackStoppedLeases(
  store: Store,
  jobId: string,
  say: (line: string) => void,
): Promise<number> {
  const stopped = stoppedLocalOwners(await store.leaseOwners(jobId), {
    host: hostname(),
    selfPid: process.pid,
    isAlive: processAlive,
  });
  let total = 0;
  for (const { owner, pid } of stopped) {
    const n = await store.releaseItems(owner, jobId);
    if (n > 0) say(`took back ${n} ${n === 1 ? "item" : "items"} from a stopped run (pid ${pid})`);
    total += n;
  }
  return total;
}

/** Whether a local process is alive: signal 0 checks without sending (EPERM: alive, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Exit codes of a run: 0 when the job finished, 130 after a signal, else 1. */
export function runExitCode(result: RunResult): number {
  if (result.ended === "finished") return 0;
  return result.ended === "signal" ? 130 : 1;
}
