/**
 * One job's run: `concurrency` lanes take leased items from a local queue that claims refill
 * (about twice the concurrency ahead), run the handler on each, and hand outcomes to a group
 * commit. An item counts as done only once its group has committed; after every group the job
 * is read again, and a cancellation elsewhere stops the run. A budget (`maxCost`) is kept by
 * budget.ts: items start only while it leaves room for them, and reaching it stops claiming
 * while the items in flight finish and are recorded (their calls are paid). Leases of every
 * item held and not yet committed are renewed every leaseMs/3.
 *
 * Nothing is kept per item once it is committed (the queue, the held keys and the buffer are
 * bounded by the concurrency), so memory stays flat however large the job.
 */
import type { ItemOutcome, JobRecord, JobsStore, LeasedItem } from "../store/port/jobs.js";
import { BudgetGate } from "./budget.js";
import { GroupCommit } from "./group-commit.js";
import { FatalJobError, type JobHandler, type RunOptions, type RunResult } from "./types.js";

/** Outcomes per group, and how long the first one waits for others. */
const GROUP_SIZE = 100;
const GROUP_DELAY_MS = 50;
const PROGRESS_EVERY_MS = 100;
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_POLL_MS = 1000;
/** How long a signal waits for running items before cutting them short. */
const SIGNAL_GRACE_MS = 30_000;

export interface RunJobOptions extends Omit<RunOptions, "handlers" | "jobId"> {
  handler: JobHandler;
  /** A worker leaves items others hold to them; a single-job run waits for their leases. */
  worker: boolean;
  /** Items already claimed for this job (a worker's first claim). */
  claimed?: readonly LeasedItem[];
}

type Ended = RunResult["ended"];

/** Runs one job until it has nothing left to do here, or a stop; see runJobs. */
export async function runJob(
  store: JobsStore,
  first: JobRecord,
  o: RunJobOptions,
): Promise<RunResult> {
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  const concurrency = Math.max(1, Math.floor(o.concurrency));
  const jobId = first.id;
  const started = Date.now();
  const finishedAtStart = first.counts.done + first.counts.failed;
  let job = first;
  let stop: { ended: Ended; message?: string } | undefined;
  let failure: unknown;
  let finishedByUs = false;
  let committed = 0;
  let lastProgress = 0;
  const abort = new AbortController();
  const halt = (ended: Ended, message?: string) => {
    stop ??= message === undefined ? { ended } : { ended, message };
    abort.abort();
    gate.wake();
  };
  const gate = new BudgetGate(
    () => job.usage.cost ?? 0,
    () => job.maxCost,
  );
  /** The budget is reached: no new item, and the ones running finish (no abort). */
  const budgetReached = () => {
    stop ??= { ended: "budget" };
    gate.wake();
  };
  // A signal stops claiming and lets running items finish, for a while: then they are cut short.
  let grace: NodeJS.Timeout | undefined;
  const onSignal = () => {
    stop ??= { ended: "signal" };
    gate.wake();
    grace ??= setTimeout(() => abort.abort(), Math.min(leaseMs / 2, SIGNAL_GRACE_MS));
  };
  o.signal?.addEventListener("abort", onSignal, { once: true });
  if (o.signal?.aborted) onSignal();

  const progress = (force: boolean) => {
    const now = Date.now();
    if (!o.onProgress || (!force && now - lastProgress < PROGRESS_EVERY_MS)) return;
    lastProgress = now;
    const seconds = (now - started) / 1000;
    const rate =
      seconds > 0 ? (job.counts.done + job.counts.failed - finishedAtStart) / seconds : 0;
    const left = job.counts.pending + job.counts.leased;
    o.onProgress({ job, rate, etaSeconds: rate > 0 ? left / rate : null });
  };

  /** Reads the job again; `committedCost` is now in its recorded cost (set in the same turn). */
  const reread = async (committedCost = 0) => {
    job = (await store.getJob(jobId)) ?? job;
    gate.committed(committedCost);
    if (job.status === "cancelled") halt("cancelled");
    // A job whose last items reached the budget is done, not stopped.
    else if (job.status !== "done" && gate.reached) budgetReached();
    progress(false);
  };

  /** Keys leased to us and not yet committed: queued, running, or waiting in the buffer. */
  const held = new Set<string>();
  const commit = new GroupCommit({
    size: GROUP_SIZE,
    delayMs: GROUP_DELAY_MS,
    write: async (outcomes) => {
      const { finished } = await store.finishItems(o.owner, jobId, outcomes);
      for (const outcome of outcomes) held.delete(outcome.key);
      committed += outcomes.length;
      if (finished) finishedByUs = true;
      await reread(costOf(outcomes));
    },
    onError: (error) => {
      failure ??= error;
      halt("fatal");
    },
  });
  const renewal = setInterval(() => {
    if (held.size === 0) return;
    store.renewLeases(o.owner, jobId, [...held], leaseMs).catch(() => {
      // A missed renewal only shortens the lease; the next one or the finish tells.
    });
  }, leaseMs / 3);
  renewal.unref();

  const cleanUp = () => {
    clearInterval(renewal);
    clearTimeout(grace);
    o.signal?.removeEventListener("abort", onSignal);
  };
  await reread();
  if (stop) {
    cleanUp();
    return end(stop.ended, stop.message);
  }
  let run: Awaited<ReturnType<JobHandler["open"]>>;
  try {
    run = await o.handler.open(job);
  } catch (error) {
    // A job that cannot run at all (a missing key, say): whatever open() threw is fatal.
    cleanUp();
    return end("fatal", messageOf(error));
  }

  const queue: LeasedItem[] = [...(o.claimed ?? [])];
  for (const item of queue) held.add(item.key);
  let exhausted = false;
  let claiming: Promise<void> | undefined;

  const refill = (): Promise<void> => {
    claiming ??= (async () => {
      try {
        // Claims come in batches (a claim is a transaction, with its sync): the queue is
        // topped up to twice the concurrency once it falls to half of it, never by a few items
        // at a time.
        const limit = 2 * concurrency - queue.length;
        if (limit <= 0) return;
        const items = await store.claimItems({ owner: o.owner, limit, leaseMs, jobId });
        if (items.length === 0) exhausted = true;
        for (const item of items) {
          held.add(item.key);
          queue.push(item);
        }
      } catch (error) {
        failure ??= error;
        halt("fatal");
      } finally {
        claiming = undefined;
      }
    })();
    return claiming;
  };

  const next = async (): Promise<LeasedItem | undefined> => {
    for (;;) {
      if (stop) return undefined;
      const item = queue.shift();
      if (item) {
        if (queue.length <= concurrency / 2 && !exhausted) void refill();
        return item;
      }
      if (exhausted) return undefined;
      await refill();
    }
  };

  const lane = async () => {
    for (;;) {
      // Backpressure: a slow database holds the lanes rather than growing the buffer.
      // (Waiting for the groups in writing, not cutting a small one of our own.)
      while (commit.waiting >= 2 * GROUP_SIZE) await commit.settled();
      const item = await next();
      if (!item) return;
      // (The item stays leased when it does not start: the stop gives it back.)
      const gated = job.maxCost !== undefined;
      const reserved = gated
        ? await gate.reserve(run.costBound?.(item) ?? null, () => stop !== undefined)
        : undefined;
      if (gated && reserved === undefined) {
        if (gate.reached) budgetReached();
        return;
      }
      let cost = 0;
      try {
        const outcome = await run(item, { job, signal: abort.signal });
        cost = outcome.usage?.cost ?? 0;
        commit.add({ ...outcome, key: item.key });
      } catch (error) {
        if (error instanceof FatalJobError) halt("fatal", error.message);
        // An item cut short by a stop is given back, not failed.
        else if (!abort.signal.aborted) {
          commit.add({ key: item.key, status: "failed", error: messageOf(error) });
        }
      } finally {
        gate.finished(reserved, cost);
      }
    }
  };

  try {
    for (;;) {
      await reread();
      if (stop) break;
      exhausted = false;
      await Promise.all(Array.from({ length: concurrency }, lane));
      await commit.flush();
      if (stop) break;
      await reread();
      if (stop) break;
      if (job.counts.pending + job.counts.leased === 0) break;
      if (o.worker) return { job, ended: "finished" };
      // Items held by another process (a killed one, whose leases must run out first).
      await sleep(Math.min(o.pollMs ?? DEFAULT_POLL_MS, leaseMs), o.signal);
    }
  } finally {
    cleanUp();
  }

  // (Set by callbacks: TypeScript cannot see that.)
  const stopped = stop as { ended: Ended; message?: string } | undefined;
  if (stopped) return end(stopped.ended, stopped.message);
  // Nothing left pending or leased: the process that finished the last items completes the
  // job; a run that found it already complete completes it again (handlers are idempotent), so
  // a crash between the last commit and `complete` is repaired by resuming.
  if (job.status !== "done") {
    await store.setJobStatus(jobId, "done");
    finishedByUs = true;
  } else if (committed === 0) finishedByUs = true;
  return completed();

  async function completed(): Promise<RunResult> {
    job = (await store.getJob(jobId)) ?? job;
    if (finishedByUs) await o.handler.complete?.(job);
    progress(true);
    return { job, ended: "finished" };
  }

  async function end(ended: Ended, message?: string): Promise<RunResult> {
    abort.abort();
    await commit.flush();
    await store.releaseItems(o.owner, jobId);
    job = (await store.getJob(jobId)) ?? job;
    // The items that ran on while stopping were the last ones: the job is complete after all.
    if (failure === undefined && finishedByUs && job.status === "done") return completed();
    if (ended === "fatal" && message !== undefined)
      await store.setJobStatus(jobId, "failed", message);
    if (ended === "budget") {
      await store.setJobStatus(
        jobId,
        "stopped",
        `budget of $${job.maxCost} reached after $${(job.usage.cost ?? 0).toFixed(4)}`,
      );
    }
    if (ended === "signal" && job.status === "running" && job.counts.leased === 0) {
      await store.setJobStatus(jobId, "queued");
    }
    job = (await store.getJob(jobId)) ?? job;
    progress(true);
    if (failure !== undefined) throw failure;
    return { job, ended };
  }
}

/** What a group's outcomes cost (unpriced ones count nothing). */
function costOf(outcomes: readonly ItemOutcome[]): number {
  let cost = 0;
  for (const outcome of outcomes) cost += outcome.usage?.cost ?? 0;
  return cost;
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message || error.name : String(error);

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
