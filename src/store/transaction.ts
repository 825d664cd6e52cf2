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

/** Rows one call must insert for PostgreSQL to refresh the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 1000;

/**
 * After a bulk load, refreshes PostgreSQL's statistics of the table (SQLite's planner does not
 * depend on them the same way). Until autovacuum gets to a freshly loaded table, the planner
 * believes it nearly empty and picks nested loops that scan every row per row: nextPairTask
 * took minutes instead of milliseconds right after loading 100,000 judgments. Runs after the
 * commit; a failure is ignored, since the write is already durable and only the plan suffers.
 */
export async function analyzeAfterBulk(
  ctx: StoreContext,
  table: keyof Database,
  inserted: number,
): Promise<void> {
  if (ctx.dialect !== "postgres" || inserted < ANALYZE_AFTER_ROWS) return;
  try {
    await sql`analyze ${sql.table(table)}`.execute(ctx.db);
  } catch {
    // See above: statistics are an optimisation.
  }
}

/** Rows per multi-row INSERT: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export const INSERT_ROWS = 400;
/** Values per `IN (…)` list. */
export const IN_LIST = 500;

/**
 * `chunks`, one per turn of the event loop. better-sqlite3 runs every statement synchronously,
 * so a transaction of 50,000 rows would otherwise hold the process for seconds — no health
 * check, no static file, no vote answered (queries of other requests still wait for the
 * connection, but the rest of the server goes on). On PostgreSQL each chunk is a round trip
 * anyway; the extra turn costs nothing measurable.
 */
export async function* inTurns<T>(items: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    yield items.slice(i, i + size);
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
