/**
 * Whether the database takes writes, found by making one and rolling it back: nothing is left
 * behind, and a read-only file, role, session or replica refuses it with the driver's error
 * (SQLITE_READONLY, SQLSTATE 25006). A server checks at start rather than at the first vote.
 */
import { type StoreContext, writeTransaction } from "./transaction.js";

const PROBE = "prefkit:write-probe";

/** Thrown inside the transaction to roll the probe back. */
class RollBack extends Error {}

/** @throws the driver's error when the database refuses to write. */
export async function probeWrite(ctx: StoreContext): Promise<void> {
  try {
    await writeTransaction(ctx, async (tx) => {
      await tx
        .insertInto("secrets")
        .values({ name: PROBE, value: "" })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute();
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
}
