/**
 * SQLite through better-sqlite3. WAL lets readers run while one writer commits;
 * `synchronous=FULL` syncs the WAL at every commit, so an acknowledged write survives power
 * loss and not only a crash of the process (NORMAL, the usual WAL setting, may lose the last
 * commits on power loss); `busy_timeout` makes a second process wait for the write lock
 * instead of failing at once.
 */
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "../schema.js";

export function openSqlite(path: string): Kysely<Database> {
  const database = new BetterSqlite3(path);
  try {
    // First, so that switching to WAL waits for another process's lock instead of failing.
    database.pragma("busy_timeout = 5000");
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = FULL");
    database.pragma("foreign_keys = ON");
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
}

/** Compiled statements kept, by SQL text; the oldest goes first past this many. */
const CACHED_STATEMENTS = 256;

/**
 * Kysely asks better-sqlite3 to `prepare` (compile) every query anew, about a tenth of a
 * request's time under load. Kysely's SQL text is stable for a query's shape, so compiled
 * statements are kept by their text and reused. Safe because the store never streams a query
 * (a statement being iterated could not run again until the iteration ends).
 */
function withStatementCache(database: BetterSqlite3.Database) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (statements.size >= CACHED_STATEMENTS)
          statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
