/**
 * LLM judges and routing (issue 14):
 *
 * - `judgments.metadata`: the judgment's free metadata as JSON text (null when it has none). A
 *   judge job keeps there what each judgment came from (`metadata.judge`: the games in both
 *   orders, raw outputs, tokens, cost); imported judgments their source record's other fields.
 * - `routed_pairs`: the pairs `prefkit route` sent to humans, one row per (prompt, unordered
 *   pair) — `candidate_a < candidate_b`, so a pair routed twice in either order is one row —
 *   with the route that chose it, its score, the reason (JSON) and whether it is an audit pair
 *   (drawn at random, to measure what routing bought). The pairwise queue serves them first.
 * - `judgments_pair_idx`: "has a human judged this pair" (the queue, `prefkit route`) as an
 *   index look-up by prompt instead of a scan of the project's judgments.
 */
import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../store.js";

export function judgeRoutingMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Frozen history: repeats earlier createTable chains on purpose (migrations/index.ts).
      const real = dialect === "sqlite" ? "real" : "double precision";

      await db.schema.alterTable("judgments").addColumn("metadata", "text").execute();
      await db.schema
        .createIndex("judgments_pair_idx")
        .on("judgments")
        .columns(["project_id", "prompt_id", "candidate_a", "candidate_b"])
        .execute();

      await db.schema
        .createTable("routed_pairs")
        .addColumn("project_id", "text", (c) => c.notNull())
        .addColumn("route_id", "text", (c) => c.notNull())
        .addColumn("prompt_id", "text", (c) => c.notNull())
        .addColumn("candidate_a", "text", (c) => c.notNull())
        .addColumn("candidate_b", "text", (c) => c.notNull())
        .addColumn("score", real, (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        // 0 or 1 on both dialects: one converter, and SQLite has no boolean.
        .addColumn("audit", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("routed_pairs_pk", [
          "project_id",
          "prompt_id",
          "candidate_a",
          "candidate_b",
        ])
        .addForeignKeyConstraint("routed_pairs_prompt_fk", ["project_id", "prompt_id"], "prompts", [
          "project_id",
          "id",
        ])
        .addForeignKeyConstraint(
          "routed_pairs_candidate_a_fk",
          ["project_id", "candidate_a"],
          "candidates",
          ["project_id", "id"],
        )
        .addForeignKeyConstraint(
          "routed_pairs_candidate_b_fk",
          ["project_id", "candidate_b"],
          "candidates",
          ["project_id", "id"],
        )
        // Byte order on both dialects (PostgreSQL's default collation would order by locale):
        // the store normalises pairs by code point (routed-pairs.ts), which UTF-8 bytes keep.
        .addCheckConstraint(
          "routed_pairs_order_check",
          dialect === "sqlite"
            ? sql`candidate_a < candidate_b`
            : sql`candidate_a < candidate_b collate "C"`,
        )
        .addCheckConstraint("routed_pairs_audit_check", sql`audit in (0, 1)`)
        .execute();
      // The queue: a project's routed pairs, highest score first.
      await db.schema
        .createIndex("routed_pairs_score_idx")
        .on("routed_pairs")
        .columns(["project_id", "score"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("routed_pairs").execute();
      await db.schema.dropIndex("judgments_pair_idx").execute();
      await db.schema.alterTable("judgments").dropColumn("metadata").execute();
    },
  };
}
