/**
 * A project's pairwise judgments joined into labelled items (core/dataset/join-comparisons.ts):
 * what the server's agreement and judge-quality reports are computed from. Read in canonical
 * order (prompts and candidates before the judgments that name them), keeping only each
 * candidate's messages and each prompt's category, so memory follows the project's content,
 * not its judgments.
 */
import { ComparisonJoin } from "../../core/dataset/join-comparisons.js";
import { comparisonOfJudgment } from "../../core/dataset/judgment-comparison.js";
import type { Candidate } from "../../core/types.js";
import type { ExportStore } from "../../store/port/export.js";

export interface ProjectComparisons {
  readonly join: ComparisonJoin;
  /** Judgments that are not pairwise (rankings, ratings, thumbs): not part of these reports. */
  readonly otherJudgments: number;
}

export async function projectComparisons(
  store: ExportStore,
  projectId: string,
): Promise<ProjectComparisons> {
  const join = new ComparisonJoin("id");
  const categories = new Map<string, string>();
  const candidates = new Map<string, Candidate>();
  let otherJudgments = 0;
  for await (const entry of store.exportEntries(projectId)) {
    switch (entry.type) {
      case "prompt":
        if (entry.prompt.category !== undefined)
          categories.set(entry.prompt.id, entry.prompt.category);
        break;
      case "candidate":
        candidates.set(entry.candidate.id, entry.candidate);
        break;
      case "judgment": {
        const j = entry.judgment;
        if (j.kind !== "pairwise") {
          otherJudgments++;
          break;
        }
        join.add(
          comparisonOfJudgment(
            j,
            candidates.get(j.a),
            candidates.get(j.b),
            categories.get(j.promptId),
          ),
        );
        break;
      }
      case "system":
        break;
    }
  }
  return { join, otherJudgments };
}
