/**
 * Durable jobs (issue 13): `jobs`, their `job_items`, and the `llm_cache` of answers already
 * paid for (store/jobs.ts, store/port/jobs.ts).
 *
 * - A job keeps its item counts per status (`n_*`) and its usage totals in its own row, updated
 *   in the transactions that move items: the runner re-reads a job after every group of
 *   finished items, and counting 100,000 items each time would cost more than the work.
 * - `lease_expires_at` is epoch milliseconds (an integer on both dialects): a claim compares it
 *   with one number, and the claim index (job_id, status, lease_expires_at) orders it.
 * - At most one unfinished job per (kind, fingerprint): a partial unique index, so two
 *   processes starting the same command at once find one job, not two.
 */
import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../store.js";

export function jobsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Frozen history: repeats earlier createTable chains on purpose (migrations/index.ts).
      const real = dialect === "sqlite" ? "real" : "double precision";
      const int = dialect === "sqlite" ? "integer" : "bigint";

      await db.schema
        .createTable("jobs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("spec", "text", (c) => c.notNull())
        .addColumn("project_id", "text")
        .addColumn("max_cost", real)
        .addColumn("message", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("input_tokens", int, (c) => c.notNull().defaultTo(0))
        .addColumn("output_tokens", int, (c) => c.notNull().defaultTo(0))
        .addColumn("cost", real)
        .addColumn("cached", int, (c) => c.notNull().defaultTo(0))
        .addColumn("calls", int, (c) => c.notNull().defaultTo(0))
        .addColumn("n_total", int, (c) => c.notNull().defaultTo(0))
        .addColumn("n_pending", int, (c) => c.notNull().defaultTo(0))
        .addColumn("n_leased", int, (c) => c.notNull().defaultTo(0))
        .addColumn("n_done", int, (c) => c.notNull().defaultTo(0))
        .addColumn("n_failed", int, (c) => c.notNull().defaultTo(0))
        .addColumn("n_cancelled", int, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex("jobs_unfinished_fingerprint")
        .unique()
        .on("jobs")
        .columns(["kind", "fingerprint"])
        .where(sql.ref("status"), "not in", sql`('done', 'cancelled')`)
        .execute();
      await db.schema
        .createIndex("jobs_status_idx")
        .on("jobs")
        .columns(["status", "kind"])
        .execute();
      await db.schema.createIndex("jobs_created_idx").on("jobs").columns(["created_at"]).execute();

      await db.schema
        .createTable("job_items")
        .addColumn("job_id", "text", (c) => c.notNull().references("jobs.id").onDelete("cascade"))
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("result", "text")
        .addColumn("error", "text")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("lease_owner", "text")
        .addColumn("lease_expires_at", int)
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("job_items_pk", ["job_id", "key"])
        .execute();
      // Claims: a job's pending items, then its leased ones in order of expiry.
      await db.schema
        .createIndex("job_items_claim_idx")
        .on("job_items")
        .columns(["job_id", "status", "lease_expires_at"])
        .execute();

      await db.schema
        .createTable("llm_cache")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("llm_cache").execute();
      await db.schema.dropTable("job_items").execute();
      await db.schema.dropTable("jobs").execute();
    },
  };
}
