/**
 * Server secrets that every process on the database must share, made once: the key of the
 * candidate handles annotators see in tasks (server/candidate-handles.ts).
 */
import type { Kysely, Migration } from "kysely";

export const secretsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("secrets")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("secrets").execute();
  },
};
