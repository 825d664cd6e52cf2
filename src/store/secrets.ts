/**
 * A named secret shared by every server on the database: made the first time it is asked for,
 * and only then written — a server on a database that has become read-only keeps reading it.
 */
import { randomBytes } from "node:crypto";
import type { StoreContext } from "./transaction.js";

export async function secret(ctx: StoreContext, name: string): Promise<string> {
  const stored = await read(ctx, name);
  if (stored !== undefined) return stored;
  const made = randomBytes(32).toString("base64url");
  // Two processes asking at once: one insert wins, both read the winner.
  await ctx.db
    .insertInto("secrets")
    .values({ name, value: made })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const winner = await read(ctx, name);
  if (winner === undefined) throw new Error(`internal: secret "${name}" was not stored`);
  return winner;
}

async function read(ctx: StoreContext, name: string): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom("secrets")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.value;
}
