/** Opening the store a `--db` URL names, for every command that takes one. */
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { databaseProblem } from "./database-problem.js";
import { UsageError } from "./errors.js";

/** Opens and migrates the store; a database the user must fix is a usage error. */
export async function openDatabase(url: string): Promise<Store> {
  let store: Store | undefined;
  try {
    store = await openStore(url);
    await store.migrate();
    return store;
  } catch (error) {
    await store?.close().catch(() => {});
    const problem = databaseProblem(error);
    throw problem === undefined ? error : new UsageError(problem);
  }
}
