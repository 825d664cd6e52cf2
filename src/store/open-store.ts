/** Opening a store from a URL: the one place that knows which dialects exist. */
import { openPostgres, parsePostgresUrl } from "./postgres/open-postgres.js";
import { SqlStore } from "./sql-store.js";
import { openSqlite } from "./sqlite/open-sqlite.js";
import type { Store } from "./store.js";

const ACCEPTED =
  "sqlite:PATH, sqlite::memory: or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME] (also postgresql://)";

/**
 * Opens a store; call `migrate()` before first use.
 * @example const store = await openStore("sqlite:prefkit.db"); await store.migrate();
 * @example await openStore("postgres://prefkit@localhost:5432/prefkit?schema=team_a");
 * @throws RangeError for any other URL, or a PostgreSQL schema that is not a plain identifier.
 */
export async function openStore(url: string): Promise<Store> {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length);
    if (path === "") throw new RangeError(`store URL "sqlite:" names no file: use ${ACCEPTED}`);
    return new SqlStore(openSqlite(path), "sqlite");
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const target = parsePostgresUrl(url);
    const store = new SqlStore(openPostgres(target), "postgres", {
      ...(target.schema === undefined ? {} : { schema: target.schema }),
    });
    return store;
  }
  throw new RangeError(`unsupported store URL "${redact(url)}": use ${ACCEPTED}`);
}

/** The URL without a password, for messages. */
const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
