/**
 * The quality suite on PostgreSQL, in a fresh schema. Skipped with the reason when no server is
 * reachable — unless PREFKIT_REQUIRE_POSTGRES=1 (CI), where a missing server fails the run.
 */
import { it } from "vitest";
import { postgresAbsent, postgresTarget } from "./helpers.js";
import { describeQuality } from "./quality-suite.js";

const absent = await postgresAbsent();
if (absent !== undefined && process.env.PREFKIT_REQUIRE_POSTGRES === "1") {
  it("PostgreSQL is required (PREFKIT_REQUIRE_POSTGRES=1)", () => {
    throw new Error(absent);
  });
}
describeQuality(postgresTarget, absent);
