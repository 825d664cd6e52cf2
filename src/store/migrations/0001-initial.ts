/**
 * The first schema: projects, prompts, systems, candidates, judgments, annotators and their
 * attributes and projects. One definition for both dialects; only the judgments' `seq` and the
 * floating-point type differ. Ids are text chosen by callers, so primary keys are
 * (project_id, id) and references stay inside a project.
 */
import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../store.js";

export function initialMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Frozen history: later migrations repeat these createTable chains on purpose, and tables
      // here share one shape; nothing is factored out (migrations/index.ts).
      const real = dialect === "sqlite" ? "real" : "double precision";

      await db.schema
        .createTable("projects")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("settings", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("prompts")
        .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("messages", "text", (c) => c.notNull())
        .addColumn("category", "text")
        .addColumn("language", "text")
        .addColumn("criterion", "text")
        .addColumn("context", "text")
        .addColumn("metadata", "text")
        .addPrimaryKeyConstraint("prompts_pk", ["project_id", "id"])
        .execute();

      await db.schema
        .createTable("systems")
        .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("model", "text")
        .addColumn("variant", "text")
        .addColumn("config", "text")
        .addPrimaryKeyConstraint("systems_pk", ["project_id", "id"])
        .execute();

      await db.schema
        .createTable("candidates")
        .addColumn("project_id", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("prompt_id", "text", (c) => c.notNull())
        .addColumn("system_id", "text", (c) => c.notNull())
        .addColumn("messages", "text", (c) => c.notNull())
        .addColumn("metadata", "text")
        .addPrimaryKeyConstraint("candidates_pk", ["project_id", "id"])
        .addForeignKeyConstraint("candidates_prompt_fk", ["project_id", "prompt_id"], "prompts", [
          "project_id",
          "id",
        ])
        .addForeignKeyConstraint("candidates_system_fk", ["project_id", "system_id"], "systems", [
          "project_id",
          "id",
        ])
        .execute();
      // nextPairTask joins a prompt's candidates with each other by system.
      await db.schema
        .createIndex("candidates_prompt_system_idx")
        .on("candidates")
        .columns(["project_id", "prompt_id", "system_id"])
        .execute();

      await db.schema
        .createTable("judgments")
        .addColumn("seq", dialect === "sqlite" ? "integer" : "bigint", (c) =>
          dialect === "sqlite"
            ? c.primaryKey().autoIncrement()
            : c.primaryKey().generatedAlwaysAsIdentity(),
        )
        .addColumn("project_id", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("prompt_id", "text", (c) => c.notNull())
        .addColumn("candidate_a", "text")
        .addColumn("candidate_b", "text")
        .addColumn("system_a", "text")
        .addColumn("system_b", "text")
        .addColumn("outcome", "text")
        .addColumn("strength", real)
        .addColumn("body", "text")
        .addColumn("source_kind", "text", (c) => c.notNull())
        .addColumn("annotator_id", "text")
        .addColumn("judge_model", "text")
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("rationale", "text")
        .addColumn("criterion", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("idempotency_key", "text")
        .addUniqueConstraint("judgments_id_unique", ["project_id", "id"])
        .addForeignKeyConstraint("judgments_prompt_fk", ["project_id", "prompt_id"], "prompts", [
          "project_id",
          "id",
        ])
        .addForeignKeyConstraint(
          "judgments_candidate_a_fk",
          ["project_id", "candidate_a"],
          "candidates",
          ["project_id", "id"],
        )
        .addForeignKeyConstraint(
          "judgments_candidate_b_fk",
          ["project_id", "candidate_b"],
          "candidates",
          ["project_id", "id"],
        )
        .addCheckConstraint(
          "judgments_kind_check",
          sql`kind in ('pairwise', 'ranking', 'rating', 'binary')`,
        )
        .addCheckConstraint("judgments_source_kind_check", sql`source_kind in ('human', 'ai')`)
        .addCheckConstraint(
          "judgments_outcome_check",
          sql`outcome is null or outcome in ('a', 'b', 'tie', 'both_bad')`,
        )
        .addCheckConstraint(
          "judgments_shape_check",
          sql`case when kind = 'pairwise'
            then candidate_a is not null and candidate_b is not null and system_a is not null
              and system_b is not null and outcome is not null and body is null
            else body is not null and candidate_a is null and outcome is null end`,
        )
        .execute();
      await db.schema
        .createIndex("judgments_idempotency_unique")
        .unique()
        .on("judgments")
        .columns(["project_id", "idempotency_key"])
        .where(sql.ref("idempotency_key"), "is not", null)
        .execute();
      // Covers battleCounts: the GROUP BY columns in order, then the source filter.
      await db.schema
        .createIndex("judgments_battles_idx")
        .on("judgments")
        .columns(["project_id", "kind", "system_a", "system_b", "outcome", "source_kind"])
        .execute();
      // Progress per annotator, and "has this annotator judged this pair" in nextPairTask
      // (answered from the index alone).
      await db.schema
        .createIndex("judgments_annotator_idx")
        .on("judgments")
        .columns(["project_id", "annotator_id", "prompt_id", "candidate_a", "candidate_b"])
        .execute();

      await db.schema
        .createTable("annotators")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addCheckConstraint("annotators_role_check", sql`role in ('admin', 'annotator', 'viewer')`)
        .execute();

      await db.schema
        .createTable("annotator_attributes")
        .addColumn("annotator_id", "text", (c) => c.notNull().references("annotators.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("annotator_attributes_pk", ["annotator_id", "name"])
        .execute();
      await db.schema
        .createIndex("annotator_attributes_value_idx")
        .on("annotator_attributes")
        .columns(["name", "value", "annotator_id"])
        .execute();

      await db.schema
        .createTable("annotator_projects")
        .addColumn("annotator_id", "text", (c) => c.notNull().references("annotators.id"))
        .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
        .addPrimaryKeyConstraint("annotator_projects_pk", ["annotator_id", "project_id"])
        .execute();
      await db.schema
        .createIndex("annotator_projects_project_idx")
        .on("annotator_projects")
        .columns(["project_id", "annotator_id"])
        .execute();
    },
  };
}
