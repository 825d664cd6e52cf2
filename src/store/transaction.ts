/**
 * The store's context and its one way to write: a transaction that has committed before the
 * promise resolves. SQLite transactions start with BEGIN IMMEDIATE, taking the write lock up
 * front: a deferred transaction that reads and then writes fails with SQLITE_BUSY at once when
 * another process wrote in between, whereas an immediate one waits up to `busy_timeout`.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";
import type { Dialect } from "./store.js";

export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Set inside `writeTransaction`: further writes join the open transaction. */
  readonly inTransaction?: boolean;
}

/**
 * Runs `work` in one transaction on one connection and commits; rolls back and rethrows when
 * `work` throws. `work` must use the connection it is given: on SQLite the store's other
 * connection users wait until the transaction ends.
 */
export async function writeTransaction<T>(
  ctx: StoreContext,
  work: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (ctx.inTransaction) return work(ctx.db);
  return ctx.db.connection().execute(async (tx) => {
    await sql.raw(ctx.dialect === "sqlite" ? "begin immediate" : "begin").execute(tx);
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      await rollback(tx);
      throw error;
    }
    try {
      await sql.raw("commit").execute(tx);
    } catch (error) {
      // PostgreSQL ends a transaction whose COMMIT failed; SQLite may keep it open.
      await rollback(tx);
      throw error;
    }
    return result;
  });
}

async function rollback(tx: Kysely<Database>): Promise<void> {
  try {
    await sql.raw("rollback").execute(tx);
  } catch {
    // The transaction is already gone (or the connection is); the first error is the one to report.
  }
}

/** SQLite and PostgreSQL unique-constraint violations (better-sqlite3 and pg error codes). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  const { code } = error as { code: unknown };
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/** Counts come back as numbers from better-sqlite3 and as int8 parsed to numbers from pg. */
export const toCount = (value: string | number | bigint | null | undefined): number =>
  value === null || value === undefined ? 0 : Number(value);
