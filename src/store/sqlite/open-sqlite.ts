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
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = FULL");
    database.pragma("foreign_keys = ON");
    database.pragma("busy_timeout = 5000");
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}
