/**
 * A token's annotator and a project, as seen at most this long ago: the only staleness is a
 * few seconds' delay after a change. Annotator routes that change a token, role or projects
 * drop the annotator's entries at once (`services.forgetAnnotator`), and a project's change its
 * entry (`services.forgetProject`), on this process only.
 */
import type { Project, Store } from "../../store/store.js";
import type { Principal } from "../auth.js";
import { ExpiringCache } from "../lru-cache.js";

const LOOKUP_TTL_MS = 5_000;
const LOOKUP_ENTRIES = 10_000;

export interface Lookups {
  /** Principals by token hash. */
  principals: ExpiringCache<Principal>;
  /** Projects by id. */
  projects: ExpiringCache<Project>;
}

// By store, not by app: every app on one store in this process sees the same forgetting.
const lookups = new WeakMap<Store, Lookups>();

export function lookupsOf(store: Store): Lookups {
  let found = lookups.get(store);
  if (!found) {
    found = {
      principals: new ExpiringCache(LOOKUP_ENTRIES, LOOKUP_TTL_MS),
      projects: new ExpiringCache(LOOKUP_ENTRIES, LOOKUP_TTL_MS),
    };
    lookups.set(store, found);
  }
  return found;
}
