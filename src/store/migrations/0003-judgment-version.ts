/**
 * A per-project change counter, raised in the same transaction as every judgment insert and
 * delete: the leaderboard cache key, read in O(1) and exact under concurrent writers (a
 * count and max of rows can repeat on PostgreSQL, where ids are assigned before commit).
 */
import type { Kysely, Migration } from "kysely";

export const judgmentVersionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable("projects")
      .addColumn("judgment_version", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("projects").dropColumn("judgment_version").execute();
  },
};
