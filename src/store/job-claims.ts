/**
 * Leases: claiming items, renewing and releasing leases, and finishing items with their usage
 * and cache entries (store/port/jobs.ts). Every call is a handful of statements whatever the
 * batch (multi-row updates through a VALUES list), because the runner finishes thousands of
 * items a second on SQLite.
 *
 * PostgreSQL claims with `FOR UPDATE SKIP LOCKED`: concurrent workers skip the rows another is
 * claiming instead of waiting for them, and the re-check of the claim condition on the latest
 * row version keeps a live lease from being taken twice. SQLite claims in one BEGIN IMMEDIATE
 * transaction: the write lock makes the read-then-update atomic across processes.
 *
 * Lease times on PostgreSQL are the database's clock (`clock_timestamp()`), never a worker's:
 * workers on several machines with skewed clocks would otherwise take each other's live
 * leases. SQLite serves one machine, whose clock every process shares.
 */
import { type Kysely, sql } from "kysely";
import { chunks, IN_LIST, INSERT_ROWS } from "./bulk.js";
import { jsonOrNull } from "./job-rows.js";
import { jobsTransaction } from "./jobs.js";
import type { ItemOutcome, JobStatus, LeasedItem } from "./port/jobs.js";
import type { Database } from "./schema.js";
import type { StoreContext } from "./transaction.js";

export interface Claim {
  owner: string;
  limit: number;
  leaseMs: number;
  jobId?: string;
  kinds?: readonly string[];
}

/** Jobs a worker looks at per claim when it has no job of its own. */
const CANDIDATE_JOBS = 20;

export async function claimItems(ctx: StoreContext, claim: Claim): Promise<LeasedItem[]> {
  if (claim.limit <= 0) return [];
  if (claim.jobId !== undefined) return claimFromJob(ctx, claim.jobId, claim);
  if (claim.kinds !== undefined && claim.kinds.length === 0) return [];
  let query = ctx.db
    .selectFrom("jobs")
    .select("id")
    .where("status", "in", ["queued", "running"])
    .where((eb) => eb.or([eb("n_pending", ">", 0), eb("n_leased", ">", 0)]))
    .orderBy("created_at")
    .orderBy("id")
    .limit(CANDIDATE_JOBS);
  if (claim.kinds !== undefined) query = query.where("kind", "in", claim.kinds);
  for (const { id } of await query.execute()) {
    const items = await claimFromJob(ctx, id, claim, ["queued", "running"]);
    if (items.length > 0) return items;
  }
  return [];
}

/** The database's clock in epoch milliseconds (PostgreSQL), as lease_expires_at stores time. */
const PG_NOW_MS = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

interface Claimed {
  key: string;
  payload: string;
  attempts: number;
  was: string;
}

async function claimFromJob(
  ctx: StoreContext,
  jobId: string,
  claim: Claim,
  onlyIf?: JobStatus[],
): Promise<LeasedItem[]> {
  const nowMs = Date.now();
  const expires = nowMs + claim.leaseMs;
  const now = new Date(nowMs).toISOString();
  const claimed = await jobsTransaction(ctx, async (tx) => {
    if (onlyIf !== undefined) {
      // A worker's pick may have been cancelled or finished since it looked.
      const job = await tx
        .selectFrom("jobs")
        .select("status")
        .where("id", "=", jobId)
        .executeTakeFirst();
      if (!job || !onlyIf.includes(job.status)) return [];
    }
    const rows =
      ctx.dialect === "postgres"
        ? await claimPostgres(tx, jobId, claim, now)
        : await claimSqlite(tx, jobId, claim, nowMs, expires, now);
    if (rows.length === 0) return rows;
    const fromPending = rows.filter((r) => r.was === "pending").length;
    await tx
      .updateTable("jobs")
      .set({
        n_pending: sql`n_pending - ${fromPending}`,
        n_leased: sql`n_leased + ${fromPending}`,
        status: "running",
        message: sql<string | null>`case when status = 'running' then message else null end`,
        updated_at: now,
      })
      .where("id", "=", jobId)
      .execute();
    return rows;
  });
  return claimed.map((r) => ({
    jobId,
    key: r.key,
    payload: JSON.parse(r.payload) as unknown,
    attempts: Number(r.attempts),
  }));
}

async function claimPostgres(
  tx: Kysely<Database>,
  jobId: string,
  claim: Claim,
  now: string,
): Promise<Claimed[]> {
  const { rows } = await sql<Claimed>`
    with clock as (select ${PG_NOW_MS} as ms),
    picked as (
      select job_id, key, status from job_items
      where job_id = ${jobId}
        and (status = 'pending'
          or (status = 'leased' and lease_expires_at < (select ms from clock)))
      limit ${claim.limit}
      for update skip locked
    )
    update job_items set
      status = 'leased', lease_owner = ${claim.owner},
      lease_expires_at = (select ms from clock) + ${claim.leaseMs},
      attempts = job_items.attempts + 1, updated_at = ${now}
    from picked
    where job_items.job_id = picked.job_id and job_items.key = picked.key
    returning job_items.key, job_items.payload, job_items.attempts, picked.status as was`.execute(
    tx,
  );
  return rows;
}

async function claimSqlite(
  tx: Kysely<Database>,
  jobId: string,
  claim: Claim,
  nowMs: number,
  expires: number,
  now: string,
): Promise<Claimed[]> {
  // Two index range scans rather than one OR, which SQLite's planner may turn into a scan.
  const pending = await tx
    .selectFrom("job_items")
    .select(["key", "payload", "attempts", "status as was"])
    .where("job_id", "=", jobId)
    .where("status", "=", "pending")
    .limit(claim.limit)
    .execute();
  const expired =
    pending.length < claim.limit
      ? await tx
          .selectFrom("job_items")
          .select(["key", "payload", "attempts", "status as was"])
          .where("job_id", "=", jobId)
          .where("status", "=", "leased")
          .where("lease_expires_at", "<", nowMs)
          .orderBy("lease_expires_at")
          .limit(claim.limit - pending.length)
          .execute()
      : [];
  const rows = [...pending, ...expired];
  for (const piece of chunks(rows, IN_LIST)) {
    await tx
      .updateTable("job_items")
      .set({
        status: "leased",
        lease_owner: claim.owner,
        lease_expires_at: expires,
        attempts: sql`attempts + 1`,
        updated_at: now,
      })
      .where("job_id", "=", jobId)
      .where(
        "key",
        "in",
        piece.map((r) => r.key),
      )
      .execute();
  }
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) + 1 }));
}

export async function renewLeases(
  ctx: StoreContext,
  owner: string,
  jobId: string,
  keys: readonly string[],
  leaseMs: number,
): Promise<string[]> {
  const held: string[] = [];
  const expires =
    ctx.dialect === "postgres" ? sql<number>`${PG_NOW_MS} + ${leaseMs}` : Date.now() + leaseMs;
  for (const piece of chunks(keys, IN_LIST)) {
    const rows = await ctx.db
      .updateTable("job_items")
      .set({ lease_expires_at: expires })
      .where("job_id", "=", jobId)
      .where("status", "=", "leased")
      .where("lease_owner", "=", owner)
      .where("key", "in", piece)
      .returning("key")
      .execute();
    for (const row of rows) held.push(row.key);
  }
  return held;
}

export async function releaseItems(
  ctx: StoreContext,
  owner: string,
  jobId: string,
): Promise<number> {
  const now = new Date().toISOString();
  return jobsTransaction(ctx, async (tx) => {
    const rows = await tx
      .updateTable("job_items")
      .set({
        status: "pending",
        lease_owner: null,
        lease_expires_at: null,
        attempts: sql`attempts - 1`,
        updated_at: now,
      })
      .where("job_id", "=", jobId)
      .where("status", "=", "leased")
      .where("lease_owner", "=", owner)
      .returning("key")
      .execute();
    if (rows.length > 0) {
      await tx
        .updateTable("jobs")
        .set({
          n_pending: sql`n_pending + ${rows.length}`,
          n_leased: sql`n_leased - ${rows.length}`,
          updated_at: now,
        })
        .where("id", "=", jobId)
        .execute();
    }
    return rows.length;
  });
}

export async function leaseOwners(ctx: StoreContext, jobId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom("job_items")
    .select("lease_owner")
    .distinct()
    .where("job_id", "=", jobId)
    .where("status", "=", "leased")
    .where("lease_owner", "is not", null)
    .execute();
  return rows.flatMap((r) => (r.lease_owner === null ? [] : [r.lease_owner]));
}

/** Rows per multi-row finish: four parameters each. */
const FINISH_ROWS = INSERT_ROWS;

export async function finishItems(
  ctx: StoreContext,
  owner: string,
  jobId: string,
  outcomes: readonly ItemOutcome[],
): Promise<{ accepted: number; finished: boolean }> {
  if (outcomes.length === 0) return { accepted: 0, finished: false };
  const now = new Date().toISOString();
  const usage = totalUsage(outcomes);
  const cache = new Map<string, string>();
  for (const o of outcomes)
    for (const e of o.cache ?? []) cache.set(e.key, JSON.stringify(e.value));

  return jobsTransaction(ctx, async (tx) => {
    let done = 0;
    let failed = 0;
    const accepted = new Set<string>();
    for (const piece of chunks(outcomes, FINISH_ROWS)) {
      const values = sql.join(
        piece.map(
          (o) =>
            sql`(${o.key}, ${o.status}, ${jsonOrNull(o.result)}, ${o.status === "failed" ? (o.error ?? "failed") : null})`,
        ),
      );
      const { rows } = await sql<{ key: string; status: string }>`
        with v(key, status, result, error) as (values ${values})
        update job_items set
          status = v.status, result = v.result, error = v.error,
          lease_owner = null, lease_expires_at = null, updated_at = ${now}
        from v
        where job_items.job_id = ${jobId} and job_items.key = v.key
          and job_items.status = 'leased' and job_items.lease_owner = ${owner}
        returning job_items.key, job_items.status`.execute(tx);
      for (const row of rows) {
        accepted.add(row.key);
        if (row.status === "done") done++;
        else failed++;
      }
    }
    for (const piece of chunks([...cache], INSERT_ROWS)) {
      await tx
        .insertInto("llm_cache")
        .values(piece.map(([key, value]) => ({ key, value, created_at: now })))
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
    }
    // Calls, tokens and cost count for every outcome (they were paid); an answer from the cache
    // only for an item this owner finished, or a taken-over item would count it twice.
    let cached = 0;
    for (const o of outcomes) if (o.usage?.cached && accepted.has(o.key)) cached++;
    const row = await tx
      .updateTable("jobs")
      .set({
        n_leased: sql`n_leased - ${accepted.size}`,
        n_done: sql`n_done + ${done}`,
        n_failed: sql`n_failed + ${failed}`,
        input_tokens: sql`input_tokens + ${usage.inputTokens}`,
        output_tokens: sql`output_tokens + ${usage.outputTokens}`,
        calls: sql`calls + ${usage.calls}`,
        cached: sql`cached + ${cached}`,
        ...(usage.cost === null ? {} : { cost: sql`coalesce(cost, 0) + ${usage.cost}` }),
        status: sql<JobStatus>`case when status in ('queued', 'running') and n_pending = 0
          and n_leased - ${accepted.size} = 0 then 'done' else status end`,
        updated_at: now,
      })
      .where("id", "=", jobId)
      .returning("status")
      .executeTakeFirst();
    return { accepted: accepted.size, finished: accepted.size > 0 && row?.status === "done" };
  });
}

function totalUsage(outcomes: readonly ItemOutcome[]) {
  let inputTokens = 0;
  let outputTokens = 0;
  let calls = 0;
  let cost: number | null = null;
  for (const { usage } of outcomes) {
    if (!usage) continue;
    inputTokens += usage.inputTokens;
    outputTokens += usage.outputTokens;
    calls += usage.calls;
    if (usage.cost !== null) cost = (cost ?? 0) + usage.cost;
  }
  return { inputTokens, outputTokens, calls, cost };
}
