/** Why the database a --db URL names cannot be used, when it is the user's to fix. */

/** Error codes of a database that is absent, unreachable or refuses the user (pg and Node). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "28P01", "3D000"]);

/** The message for a database the user must fix, or undefined for any other error. */
export function databaseProblem(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !UNREACHABLE.has(code)) return undefined;
  const reason = (error as Error).message || code;
  return `cannot open the database given by --db: ${reason}`;
}
