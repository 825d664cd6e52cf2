/** A named secret shared by every server on the database: made the first time it is asked for. */
import { randomBytes } from "node:crypto";
import type { StoreContext } from "./transaction.js";

export async function secret(ctx: StoreContext, name: string): Promise<string> {
  const made = randomBytes(32).toString("base64url");
  // Two processes asking at once: one insert wins, both read the winner.
  await ctx.db
    .insertInto("secrets")
    .values({ name, value: made })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom("secrets")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.value;
}
