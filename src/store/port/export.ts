/** A project as a dataset: what `prefkit export` and the export route write out. */
import type { CanonicalEntry } from "../../core/dataset/canonical.js";

export interface ExportStore {
  /** Every entry of a project in canonical order (prompts, systems, candidates, judgments). */
  exportEntries(projectId: string): AsyncIterable<CanonicalEntry>;
}
