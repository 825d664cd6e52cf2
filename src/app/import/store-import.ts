/**
 * Stores an import plan in one transaction (`store.addEntries`): prompts, systems, candidates,
 * then judgments, all or none. A refusal comes back at the line of the entry it names.
 */
import type { Store } from "../../store/store.js";
import { StoreError } from "../../store/store.js";
import { ImportError } from "./import-error.js";
import { entryLocation, type ImportPlan } from "./import-plan.js";

export interface ImportSummary {
  format: ImportPlan["format"];
  records: number;
  added: { prompts: number; systems: number; candidates: number; judgments: number };
}

/**
 * @throws ImportError with the store's code (`unknown_reference`, `duplicate_id`, …) at the
 * line of the entry it refuses; anything else the store throws, as it is.
 */
export async function storeImport(
  store: Store,
  projectId: string,
  plan: ImportPlan,
): Promise<ImportSummary> {
  // One transaction: a refused line leaves nothing of the file stored.
  const added = await store
    .addEntries(projectId, {
      prompts: plan.prompts,
      systems: plan.systems,
      candidates: plan.candidates,
      judgments: plan.judgments,
    })
    .catch((error: unknown) => {
      if (!(error instanceof StoreError) || error.index === undefined || !error.part) throw error;
      const location = entryLocation(plan, error.part, error.index);
      throw new ImportError(error.code, location, error.field, error.reason);
    });
  return {
    format: plan.format,
    records: plan.records,
    added: {
      prompts: added.prompts,
      systems: added.systems,
      candidates: added.candidates,
      judgments: added.judgments.filter((s) => s.created).length,
    },
  };
}
