/**
 * Durable jobs: long work cut into items (one model call each, usually), kept in the database so
 * that a killed process loses nothing. Items are leased: a worker claims a batch for a while,
 * and finishes each item only while its lease is still its own; an expired lease lets another
 * worker take the item over. On PostgreSQL claims use `FOR UPDATE SKIP LOCKED`, so workers on
 * many machines share one queue; on SQLite a claim is one immediate transaction.
 *
 * The request cache lives beside the jobs: a successful model answer is stored under the hash
 * of its request (llm/request-key.ts) in the same transaction that finishes its item, so an
 * answer once paid for is never requested again, in this job or any later one.
 */

export type JobStatus =
  /** Created; no worker has claimed an item yet (or it was made runnable again). */
  | "queued"
  | "running"
  /** Every item is done or failed. */
  | "done"
  /** Stopped by a fatal error (a bad key, an unknown model); `message` says what to fix. */
  | "failed"
  | "cancelled"
  /** Stopped at its budget (`maxCost`); resumable with a higher budget. */
  | "stopped";

export type ItemStatus = "pending" | "leased" | "done" | "failed" | "cancelled";

export interface NewJob {
  /** Generated when absent. */
  id?: string;
  /** Which handler runs its items ("generate", later "judge"). */
  kind: string;
  /**
   * A hash of what the job does (its spec and inputs): running the same command again finds
   * the job it started, unfinished, and resumes it instead of starting another.
   */
  fingerprint: string;
  /** Everything a worker needs to run the items; JSON, and never a secret. */
  spec: unknown;
  projectId?: string;
  /** Stop when the job's recorded cost reaches this many US dollars. */
  maxCost?: number;
}

export interface JobCounts {
  total: number;
  pending: number;
  leased: number;
  done: number;
  failed: number;
  cancelled: number;
}

export interface JobUsage {
  inputTokens: number;
  outputTokens: number;
  /** US dollars; null when no system of the job has a price. */
  cost: number | null;
  /** Answers taken from the request cache (no call made, nothing paid). */
  cached: number;
  /** Calls made, retries included. */
  calls: number;
}

export interface JobRecord {
  id: string;
  kind: string;
  fingerprint: string;
  status: JobStatus;
  spec: unknown;
  projectId?: string;
  maxCost?: number;
  /** Why the job failed or stopped. */
  message?: string;
  createdAt: string;
  updatedAt: string;
  counts: JobCounts;
  usage: JobUsage;
}

export interface NewJobItem {
  /** Unique within its job, and stable: the same plan makes the same keys. */
  key: string;
  payload: unknown;
}

export interface LeasedItem {
  jobId: string;
  key: string;
  payload: unknown;
  /** Claims so far, this one included. */
  attempts: number;
}

export interface ItemOutcome {
  key: string;
  status: "done" | "failed";
  result?: unknown;
  /** For a failed item: what went wrong, with the raw answer when there was one. */
  error?: string;
  usage?: {
    inputTokens: number;
    outputTokens: number;
    cost: number | null;
    calls: number;
    cached: boolean;
  };
  /** Cache entries to write in the same transaction (successful answers only). */
  cache?: readonly { key: string; value: unknown }[];
}

export interface StoredItem {
  key: string;
  status: ItemStatus;
  payload: unknown;
  result?: unknown;
  error?: string;
  attempts: number;
  updatedAt: string;
}

export interface JobsStore {
  /**
   * Creates the job, or finds the unfinished one (any status but done and cancelled) with the
   * same kind and fingerprint: `created` tells which. Items are added separately, in batches.
   */
  createJob(job: NewJob): Promise<{ job: JobRecord; created: boolean }>;
  /** Adds items in one transaction; keys already in the job are skipped (a resumed plan). */
  addJobItems(jobId: string, items: readonly NewJobItem[]): Promise<{ added: number }>;
  getJob(id: string): Promise<JobRecord | undefined>;
  /** Newest first. */
  listJobs(options?: { status?: JobStatus; limit?: number }): Promise<JobRecord[]>;
  /**
   * Leases up to `limit` runnable items — pending, or leased with an expired lease — of the job
   * (or of any queued or running job of the given kinds), counting an attempt on each and
   * marking the job running. Never hands one item to two owners whose leases both hold.
   */
  claimItems(claim: {
    owner: string;
    limit: number;
    leaseMs: number;
    jobId?: string;
    kinds?: readonly string[];
  }): Promise<LeasedItem[]>;
  /** Extends the owner's leases on these items; returns the keys whose lease it still held. */
  renewLeases(
    owner: string,
    jobId: string,
    keys: readonly string[],
    leaseMs: number,
  ): Promise<string[]>;
  /**
   * Finishes items in one transaction, with their cache entries and usage; only items whose
   * lease `owner` still holds are finished (`accepted` counts them; the rest belong to someone
   * else now). Marks the job done when no item is left pending or leased; `finished` is true
   * for the one call that did so (its caller runs the handler's `complete`). Calls, tokens, cost
   * and cache entries are recorded for every outcome, accepted or not: the calls were made and
   * paid for. `cached` counts accepted outcomes only (the item's new owner counts its own).
   */
  finishItems(
    owner: string,
    jobId: string,
    outcomes: readonly ItemOutcome[],
  ): Promise<{ accepted: number; finished: boolean }>;
  /**
   * Gives the owner's leased items back (pending, attempt not counted) and resolves to how many:
   * a clean stop, or an admin taking back the items of a process known to be dead (any owner's).
   */
  releaseItems(owner: string, jobId: string): Promise<number>;
  /**
   * The distinct owners holding leased items of the job now, expired leases included (an owner
   * is `<hostname>:<pid>:<random>`, jobs/lease-owner.ts), in no particular order.
   */
  leaseOwners(jobId: string): Promise<string[]>;
  setJobStatus(id: string, status: JobStatus, message?: string): Promise<void>;
  /** Pending and leased items become cancelled; the job becomes cancelled. */
  cancelJob(id: string): Promise<JobRecord | undefined>;
  /** Failed items become pending again and the job queued; resolves to how many. */
  retryFailed(id: string): Promise<number>;
  /** A job's items in key order, `after` a key (keyset paging), optionally of one status. */
  listItems(
    jobId: string,
    options?: { status?: ItemStatus; after?: string; limit?: number },
  ): Promise<StoredItem[]>;
  /** Cached answers for these request keys (absent keys are not in the map). */
  cacheGet(keys: readonly string[]): Promise<Map<string, unknown>>;
}
