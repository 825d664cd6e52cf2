/**
 * The job runner's contract. A handler does one item; the runner claims items, runs handlers
 * with bounded concurrency, finishes items in groups (one transaction for many, so durable
 * writes keep up with fast servers), renews leases, stops at the budget, and reports progress.
 * The runner knows nothing about models: handlers are given to it (app/ registers them).
 */
import type { ItemOutcome, JobRecord, LeasedItem } from "../store/port/jobs.js";

/** What a handler's item came to: an outcome without its key (the runner adds it). */
export type HandlerOutcome = Omit<ItemOutcome, "key">;

/**
 * Thrown by a handler to stop the whole job (a rejected key, an unknown model): the runner
 * gives back every lease, marks the job failed with this message, and stops.
 */
export class FatalJobError extends Error {
  override name = "FatalJobError";
}

export interface JobContext {
  job: JobRecord;
  /** Aborted when the run stops (a signal, a fatal error, the budget). */
  signal: AbortSignal;
}

/**
 * Does one item. `costBound`, when the handler knows prices, estimates what the item may cost
 * in US dollars (null: unknown); a run with a budget reserves it before the item starts
 * (budget.ts), so that the budget holds within one item rather than within the concurrency.
 */
export type ItemRunner = ((item: LeasedItem, ctx: JobContext) => Promise<HandlerOutcome>) & {
  costBound?: (item: LeasedItem) => number | null;
};

export interface JobHandler {
  kind: string;
  /**
   * Prepares a job's run (e.g. reads API keys from the environment, once) and returns the
   * function that does one item. Throws FatalJobError when the job cannot run at all.
   */
  open(job: JobRecord): Promise<ItemRunner>;
  /** Called once when a job has no item left pending or leased (e.g. writes its output). */
  complete?(job: JobRecord): Promise<void>;
}

export interface RunProgress {
  job: JobRecord;
  /** Items finished per second over the run so far. */
  rate: number;
  /** Seconds left at that rate; null before the first item. */
  etaSeconds: number | null;
}

export interface RunOptions {
  /**
   * Identifies this process's leases: `<hostname>:<pid>:<random>` (formatLeaseOwner in
   * lease-owner.ts), which lets a later run on the same machine see that this process is gone
   * and take its leases back at once; any other string works, its leases only expiring.
   */
  owner: string;
  handlers: readonly JobHandler[];
  /** Run this job only; without it, any queued or running job of the handlers' kinds (a worker). */
  jobId?: string;
  /** Items in flight at once (the systems' own limits apply inside the handler too). */
  concurrency: number;
  /** How long a claim holds; renewed while the item runs. Default 60 s. */
  leaseMs?: number;
  /** A worker with no job waits this long between polls; a single-job run ends instead. */
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunResult {
  /** The job's state when the run ended (undefined for a worker that ran none). */
  job?: JobRecord;
  /** Why the run ended. */
  ended: "finished" | "signal" | "fatal" | "budget" | "cancelled";
}
