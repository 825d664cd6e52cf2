/**
 * Bulk writes in pieces: inserts of a few hundred rows, `IN` lists of a few hundred values, one
 * piece per turn of the event loop, and fresh planner statistics after a large load.
 */
import { sql } from "kysely";
import type { Database } from "./schema.js";
import type { StoreContext } from "./transaction.js";

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
