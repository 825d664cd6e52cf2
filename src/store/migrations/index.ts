/**
 * Every migration, in code: Kysely's Migrator runs them in name order, so names start with a
 * zero-padded number. Nothing is read from disk at run time (a bundled CLI has no directory of
 * migration files).
 *
 * Applied migrations are frozen history: a database that ran one must get the same schema from
 * it forever, so none is edited for style or shared with another. They repeat one another on
 * purpose — the same `createTable(…).addColumn(…)` chains, and each data migration its own row
 * types, page sizes and `Kysely<any>` view of the tables *as they were then* — and a helper
 * shared among them could later change what an old migration does. (`duplicates` lists these
 * pairs; they stay.)
 */
import type { Migration, MigrationProvider } from "kysely";
import type { Dialect } from "../store.js";
import { initialMigration } from "./0001-initial.js";
import { secretsMigration } from "./0002-secrets.js";
import { judgmentVersionMigration } from "./0003-judgment-version.js";
import { judgmentCandidatesMigration } from "./0004-judgment-candidates.js";
import { oncePerTaskMigration } from "./0005-once-per-task.js";
import { jobsMigration } from "./0006-jobs.js";
import { judgeRoutingMigration } from "./0007-judge-routing.js";
import { routedPairReservationsMigration } from "./0008-routed-pair-reservations.js";

export function migrationProvider(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_initial": initialMigration(dialect),
    "0002_secrets": secretsMigration,
    "0003_judgment_version": judgmentVersionMigration,
    "0004_judgment_candidates": judgmentCandidatesMigration,
    "0005_once_per_task": oncePerTaskMigration,
    "0006_jobs": jobsMigration(dialect),
    "0007_judge_routing": judgeRoutingMigration(dialect),
    "0008_routed_pair_reservations": routedPairReservationsMigration,
  };
  return { getMigrations: async () => migrations };
}
