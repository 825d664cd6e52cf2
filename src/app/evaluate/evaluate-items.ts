/**
 * Judges and reward models against gold, side by side (`prefkit evaluate`, the server's judge
 * quality): which labellers are gold, which are evaluated, and each one's figures from
 * core/metrics. A labeller whose labels all carry two scores is a reward model (strict ">" on
 * the scores, methods.md §B1); any other is a judge (verdicts in one or both orders).
 */
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import { usageError } from "../../core/issue.js";
import {
  type EvaluateVerdictsOptions,
  evaluateJudges,
  evaluateRewardModel,
  type JudgeEvaluation,
  type JudgeSummaryRow,
  judgeSummary,
  type RewardModelEvaluation,
  type VerdictTable,
} from "../../core/metrics/index.js";
import { labellersOf } from "./labeller-votes.js";
import {
  type GoldCounts,
  goldPreferences,
  isRewardModel,
  rewardModelTable,
  verdictTable,
} from "./verdict-tables.js";

export interface EvaluateItemsOptions extends EvaluateVerdictsOptions {
  /** The labellers whose labels are gold (their majority when several); default: source "gold". */
  readonly gold?: readonly string[];
  /** The labellers to evaluate; default every labeller that is not gold. */
  readonly judges?: readonly string[];
  /** Score reward models' subsets as RewardBench v1 does. */
  readonly rewardBench?: boolean;
}

export interface EvaluationReport {
  readonly labellers: readonly string[];
  readonly gold: { readonly labellers: readonly string[] } & GoldCounts;
  readonly judges: readonly JudgeEvaluation[];
  readonly summary: readonly JudgeSummaryRow[];
  readonly rewardModels: readonly {
    readonly model: string;
    readonly evaluation: RewardModelEvaluation;
  }[];
  /** Labellers asked for that labelled no gold item. */
  readonly unmatched: readonly string[];
}

/** The gold labellers: those asked for, or those whose labels say they are gold. */
function goldLabellers(
  items: readonly JoinedItem[],
  labellers: readonly string[],
  asked?: readonly string[],
): string[] {
  if (asked && asked.length > 0) {
    const missing = asked.filter((g) => !labellers.includes(g));
    if (missing.length > 0)
      throw usageError(
        `--gold: no labels from ${missing.join(", ")} (labellers: ${labellers.join(", ")})`,
      );
    return [...asked];
  }
  const gold = new Set<string>();
  for (const item of items)
    for (const l of item.labels) if (l.source === "gold") gold.add(l.labeller);
  if (gold.size === 0)
    throw usageError(
      `no gold labels: name the labeller(s) that hold them with --gold (labellers: ${labellers.join(", ")})`,
    );
  return [...gold];
}

export function evaluateItems(
  items: readonly JoinedItem[],
  options: EvaluateItemsOptions = {},
): EvaluationReport {
  const labellers = labellersOf(items);
  const gold = goldLabellers(items, labellers, options.gold);
  const asked = options.judges;
  if (asked) {
    const unknown = asked.filter((j) => !labellers.includes(j));
    if (unknown.length > 0)
      throw usageError(
        `--judges: no labels from ${unknown.join(", ")} (labellers: ${labellers.join(", ")})`,
      );
  }
  const evaluated = (asked ?? labellers).filter((l) => !gold.includes(l));
  const { preference, counts } = goldPreferences(items, gold);
  const judges: { judge: string; table: VerdictTable }[] = [];
  const rewardModels: EvaluationReport["rewardModels"][number][] = [];
  const unmatched: string[] = [];
  for (const labeller of evaluated) {
    if (isRewardModel(items, labeller)) {
      const table = rewardModelTable(items, preference, labeller);
      if (!table) unmatched.push(labeller);
      else
        rewardModels.push({
          model: labeller,
          evaluation: evaluateRewardModel(table, {
            ...options,
            rewardBench: options.rewardBench ?? false,
          }),
        });
      continue;
    }
    const table = verdictTable(items, preference, labeller);
    if (table) judges.push({ judge: labeller, table });
    else unmatched.push(labeller);
  }
  const evaluations = evaluateJudges(judges, options);
  return {
    labellers,
    gold: { labellers: gold, ...counts },
    judges: evaluations,
    summary: judgeSummary(evaluations),
    rewardModels,
    unmatched,
  };
}
