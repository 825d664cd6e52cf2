/**
 * Routed pairs reserved for one annotator at a time (issue 14 review): `routed_pairs.reserved_by`
 * names the annotator the pair was last served to and `reserved_until` (ISO 8601 text, as
 * `served_at`) when that reservation lapses. The queue passes over a pair reserved for someone
 * else until it lapses, so N annotators asking at once get N different routed pairs instead of
 * spending N votes on the top one. Null on both: never served, or released.
 *
 * Columns on routed_pairs rather than a table of their own: a routed pair has at most one holder,
 * and reserving it is one conditional UPDATE of the row the queue reads anyway.
 */
import type { Kysely, Migration } from "kysely";

export const routedPairReservationsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Frozen history (migrations/index.ts): the columns as they are today, spelled out here.
    await db.schema.alterTable("routed_pairs").addColumn("reserved_by", "text").execute();
    await db.schema.alterTable("routed_pairs").addColumn("reserved_until", "text").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("routed_pairs").dropColumn("reserved_until").execute();
    await db.schema.alterTable("routed_pairs").dropColumn("reserved_by").execute();
  },
};
