/**
 * The import hardening suite on PostgreSQL, in a fresh schema; skipped with the reason when no
 * server is reachable, unless PREFKIT_REQUIRE_POSTGRES=1 (CI).
 */
import { it } from "vitest";
import { postgresAbsent, postgresTarget } from "./helpers.js";
import { importHardeningTests } from "./import-hardening.js";

const absent = await postgresAbsent();
if (absent !== undefined && process.env.PREFKIT_REQUIRE_POSTGRES === "1") {
  it("PostgreSQL is required (PREFKIT_REQUIRE_POSTGRES=1)", () => {
    throw new Error(absent);
  });
}
importHardeningTests(postgresTarget, absent);
