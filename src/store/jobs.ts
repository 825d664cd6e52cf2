/**
 * The jobs store (store/port/jobs.ts) on Kysely, minus the lease work (job-claims.ts): creating
 * and finding jobs, adding items, listing, cancelling, retrying, and the request cache.
 *
 * A job row keeps its item counts per status (migration 0006). Hot paths (claims, finishes) move
 * them by the numbers they changed; the rare whole-job changes (cancel, retry, release) count
 * the items again in the same transaction (`recount`), which cannot drift.
 */
import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { chunks, IN_LIST, INSERT_ROWS } from "./bulk.js";
import { itemFromRow, jobFromRow } from "./job-rows.js";
import type {
  ItemStatus,
  JobRecord,
  JobStatus,
  NewJob,
  NewJobItem,
  StoredItem,
} from "./port/jobs.js";
import type { Database } from "./schema.js";
import { StoreError } from "./store.js";
import { isUniqueViolation, type StoreContext, writeTransaction } from "./transaction.js";

/** Statuses of a job that can still run (the partial unique index's complement). */
const UNFINISHED: JobStatus[] = ["queued", "running", "failed", "stopped"];

/**
 * `writeTransaction`, retried on PostgreSQL deadlocks and serialization failures: a cancel and
 * a finish lock the same items in different orders, and PostgreSQL aborts one of them.
 */
export async function jobsTransaction<T>(
  ctx: StoreContext,
  work: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeTransaction(ctx, work);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= 5 || (code !== "40P01" && code !== "40001")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt * Math.random()));
    }
  }
}

export async function createJob(
  ctx: StoreContext,
  job: NewJob,
): Promise<{ job: JobRecord; created: boolean }> {
  if (job.id === "") throw new StoreError("invalid", "id", "expected a non-empty id");
  const now = new Date().toISOString();
  const id = job.id ?? randomBytes(6).toString("hex");
  return jobsTransaction(ctx, async (tx) => {
    const existing = await unfinished(tx, job.kind, job.fingerprint);
    if (existing === undefined) {
      const inserted = await tx
        .insertInto("jobs")
        .values({
          id,
          kind: job.kind,
          fingerprint: job.fingerprint,
          status: "queued",
          spec: JSON.stringify(job.spec ?? null),
          project_id: job.projectId ?? null,
          max_cost: job.maxCost ?? null,
          message: null,
          created_at: now,
          updated_at: now,
          cost: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { job: jobFromRow(inserted), created: true };
      // Another process made it between our look-up and our insert (PostgreSQL), or the id
      // is taken by another job.
      const raced = await unfinished(tx, job.kind, job.fingerprint);
      if (raced === undefined) {
        throw new StoreError("duplicate_id", "id", `job "${id}" already exists`);
      }
      return { job: await resume(tx, raced.id, job, now), created: false };
    }
    return { job: await resume(tx, existing.id, job, now), created: false };
  });
}

async function unfinished(tx: Kysely<Database>, kind: string, fingerprint: string) {
  return tx
    .selectFrom("jobs")
    .select("id")
    .where("kind", "=", kind)
    .where("fingerprint", "=", fingerprint)
    .where("status", "in", UNFINISHED)
    .executeTakeFirst();
}

/** The budget given now replaces the old one; a stopped or failed job may run again. */
async function resume(tx: Kysely<Database>, id: string, job: NewJob, now: string) {
  const row = await tx
    .updateTable("jobs")
    .set({
      max_cost: job.maxCost ?? null,
      status: sql<JobStatus>`case when status in ('stopped', 'failed') then 'queued' else status end`,
      message: sql<
        string | null
      >`case when status in ('stopped', 'failed') then null else message end`,
      updated_at: now,
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return jobFromRow(row);
}

export async function addJobItems(
  ctx: StoreContext,
  jobId: string,
  items: readonly NewJobItem[],
): Promise<{ added: number }> {
  const now = new Date().toISOString();
  return jobsTransaction(ctx, async (tx) => {
    const job = await tx
      .selectFrom("jobs")
      .select("status")
      .where("id", "=", jobId)
      .executeTakeFirst();
    if (!job) throw new StoreError("not_found", "jobId", `no job "${jobId}"`);
    let added = 0;
    for (const piece of chunks(items, INSERT_ROWS)) {
      const rows = await tx
        .insertInto("job_items")
        .values(
          piece.map((item) => ({
            job_id: jobId,
            key: item.key,
            status: "pending" as const,
            payload: JSON.stringify(item.payload ?? null),
            result: null,
            error: null,
            lease_owner: null,
            lease_expires_at: null,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(["job_id", "key"]).doNothing())
        .returning("key")
        .execute();
      added += rows.length;
    }
    if (added > 0) {
      await tx
        .updateTable("jobs")
        .set({
          n_total: sql`n_total + ${added}`,
          n_pending: sql`n_pending + ${added}`,
          status: sql<JobStatus>`case when status = 'done' then 'queued' else status end`,
          updated_at: now,
        })
        .where("id", "=", jobId)
        .execute();
    }
    return { added };
  });
}

export async function getJob(ctx: StoreContext, id: string): Promise<JobRecord | undefined> {
  const row = await ctx.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  return row && jobFromRow(row);
}

export async function listJobs(
  ctx: StoreContext,
  options: { status?: JobStatus; limit?: number } = {},
): Promise<JobRecord[]> {
  let query = ctx.db
    .selectFrom("jobs")
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit ?? 100);
  if (options.status !== undefined) query = query.where("status", "=", options.status);
  return (await query.execute()).map(jobFromRow);
}

export async function setJobStatus(
  ctx: StoreContext,
  id: string,
  status: JobStatus,
  message?: string,
): Promise<void> {
  await ctx.db
    .updateTable("jobs")
    .set({ status, message: message ?? null, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export async function cancelJob(ctx: StoreContext, id: string): Promise<JobRecord | undefined> {
  const now = new Date().toISOString();
  return jobsTransaction(ctx, async (tx) => {
    const job = await tx
      .selectFrom("jobs")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirst();
    if (!job) return undefined;
    await tx
      .updateTable("job_items")
      .set({ status: "cancelled", lease_owner: null, lease_expires_at: null, updated_at: now })
      .where("job_id", "=", id)
      .where("status", "in", ["pending", "leased"])
      .execute();
    await recount(tx, id, { status: "cancelled", message: null, updated_at: now });
    return getJob({ ...ctx, db: tx, inTransaction: true }, id);
  });
}

export async function retryFailed(ctx: StoreContext, id: string): Promise<number> {
  const now = new Date().toISOString();
  try {
    return await jobsTransaction(ctx, async (tx) => {
      const job = await tx
        .selectFrom("jobs")
        .select("status")
        .where("id", "=", id)
        .executeTakeFirst();
      if (!job) throw new StoreError("not_found", "jobId", `no job "${id}"`);
      const rows = await tx
        .updateTable("job_items")
        .set({ status: "pending", error: null, result: null, updated_at: now })
        .where("job_id", "=", id)
        .where("status", "=", "failed")
        .returning("key")
        .execute();
      if (rows.length > 0) {
        await recount(tx, id, {
          status: job.status === "running" ? "running" : "queued",
          message: null,
          updated_at: now,
        });
      }
      return rows.length;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new StoreError(
      "invalid",
      "jobId",
      `job "${id}" cannot run again: another unfinished job does the same work`,
    );
  }
}

/** Sets the job's counts from its items (and any other columns given), in `tx`. */
export async function recount(
  tx: Kysely<Database>,
  id: string,
  also: { status?: JobStatus; message?: string | null; updated_at: string },
): Promise<void> {
  const rows = await tx
    .selectFrom("job_items")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("job_id", "=", id)
    .groupBy("status")
    .execute();
  const n = (status: ItemStatus) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  await tx
    .updateTable("jobs")
    .set({
      ...also,
      n_total: rows.reduce((sum, r) => sum + Number(r.n), 0),
      n_pending: n("pending"),
      n_leased: n("leased"),
      n_done: n("done"),
      n_failed: n("failed"),
      n_cancelled: n("cancelled"),
    })
    .where("id", "=", id)
    .execute();
}

export async function listItems(
  ctx: StoreContext,
  jobId: string,
  options: { status?: ItemStatus; after?: string; limit?: number } = {},
): Promise<StoredItem[]> {
  let query = ctx.db
    .selectFrom("job_items")
    .select(["key", "status", "payload", "result", "error", "attempts", "updated_at"])
    .where("job_id", "=", jobId)
    .orderBy("key")
    .limit(options.limit ?? 1000);
  if (options.status !== undefined) query = query.where("status", "=", options.status);
  if (options.after !== undefined) query = query.where("key", ">", options.after);
  return (await query.execute()).map(itemFromRow);
}

export async function cacheGet(
  ctx: StoreContext,
  keys: readonly string[],
): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  for (const piece of chunks([...new Set(keys)], IN_LIST)) {
    const rows = await ctx.db
      .selectFrom("llm_cache")
      .select(["key", "value"])
      .where("key", "in", piece)
      .execute();
    for (const row of rows) found.set(row.key, JSON.parse(row.value) as unknown);
  }
  return found;
}
