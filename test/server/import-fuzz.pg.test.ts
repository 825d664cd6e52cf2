/**
 * The import fuzz suite on PostgreSQL, in a fresh schema; skipped with the reason when no
 * server is reachable, unless PREFKIT_REQUIRE_POSTGRES=1 (CI).
 */
import { it } from "vitest";
import { postgresAbsent, postgresTarget } from "./helpers.js";
import { importFuzzTests } from "./import-fuzz.js";

const absent = await postgresAbsent();
if (absent !== undefined && process.env.PREFKIT_REQUIRE_POSTGRES === "1") {
  it("PostgreSQL is required (PREFKIT_REQUIRE_POSTGRES=1)", () => {
    throw new Error(absent);
  });
}
importFuzzTests(postgresTarget, absent);
