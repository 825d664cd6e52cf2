/**
 * Bringing a database to the latest schema, safely from several processes at once.
 * PostgreSQL: Kysely's Migrator takes an advisory lock and runs the migrations in one
 * transaction; its bookkeeping tables are pinned to our schema (its existence check would
 * otherwise find them in any schema of the database). SQLite: Kysely runs migrations outside a
 * transaction and takes no lock, so we wrap the whole run in BEGIN IMMEDIATE — another process
 * waits for the write lock, and a crash mid-migration leaves the previous schema intact.
 */
import { type Kysely, Migrator, sql } from "kysely";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { type StoreContext, writeTransaction } from "./transaction.js";

export async function migrateToLatest(ctx: StoreContext, schema?: string): Promise<void> {
  const provider = migrationProvider(ctx.dialect);
  if (ctx.dialect === "postgres") {
    const migrationTableSchema = schema ?? (await currentSchema(ctx.db));
    await run(new Migrator({ db: ctx.db, provider, migrationTableSchema }));
    return;
  }
  await writeTransaction(ctx, (tx) => run(new Migrator({ db: tx, provider })));
}

async function run(migrator: Migrator): Promise<void> {
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  if (!schema) throw new Error("PostgreSQL has no current schema: check search_path");
  return schema;
}
