/** Opening a store from a URL: the one place that knows which dialects exist. */
import { IssueError } from "../core/issue.js";
import { loadOptional } from "../core/optional-package.js";
import { parsePostgresUrl } from "./postgres/postgres-url.js";
import { sqlStore } from "./sql-store.js";
import { openSqlite } from "./sqlite/open-sqlite.js";
import type { Store } from "./store.js";

const ACCEPTED =
  "sqlite:PATH, sqlite::memory: or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME] (also postgresql://)";

/** The PostgreSQL opener, which alone loads the optional pg package; a seam for tests. */
export const loadPostgres = () => import("./postgres/open-postgres.js");

/**
 * Opens a store; call `migrate()` before first use.
 * @example const store = await openStore("sqlite:prefkit.db"); await store.migrate();
 * @example await openStore("postgres://prefkit@localhost:5432/prefkit?schema=team_a");
 * @throws IssueError `usage` for any other URL, a PostgreSQL schema that is not a plain
 * identifier, or a PostgreSQL URL when the pg package is not installed.
 */
export async function openStore(
  url: string,
  load: { postgres: typeof loadPostgres } = { postgres: loadPostgres },
): Promise<Store> {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length);
    if (path === "") throw usage(`store URL "sqlite:" names no file: use ${ACCEPTED}`);
    return sqlStore(openSqlite(path), "sqlite");
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const target = parsePostgresUrl(url);
    const { openPostgres } = await loadOptional(
      { feature: "PostgreSQL support", packages: ["pg"] },
      load.postgres,
    );
    return sqlStore(openPostgres(target), "postgres", {
      ...(target.schema === undefined ? {} : { schema: target.schema }),
    });
  }
  throw usage(`unsupported store URL "${redact(url)}": use ${ACCEPTED}`);
}

const usage = (message: string) => new IssueError({ code: "usage", message });

/** The URL without a password, for messages. */
const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
