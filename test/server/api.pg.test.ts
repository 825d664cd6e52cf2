/**
 * The API suite on PostgreSQL, in a fresh schema. Skipped with the reason when no server is
 * reachable — unless PREFKIT_REQUIRE_POSTGRES=1 (CI), where a missing server fails the run.
 */
import { it } from "vitest";
import { describeApi } from "./api-suite.js";
import { postgresAbsent, postgresTarget } from "./helpers.js";

const absent = await postgresAbsent();
if (absent !== undefined && process.env.PREFKIT_REQUIRE_POSTGRES === "1") {
  it("PostgreSQL is required (PREFKIT_REQUIRE_POSTGRES=1)", () => {
    throw new Error(absent);
  });
}
describeApi(postgresTarget, absent);
