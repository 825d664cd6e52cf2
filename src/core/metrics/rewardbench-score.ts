// RewardBench section-weighted score (methods.md §B2; allenai/reward-bench
// rewardbench/utils.py `calculate_scores_per_section`, analysis/get_benchmark_results.py).
import { REWARDBENCH_V1, type RewardBenchSections } from "./rewardbench-v1.js";

export interface RewardBenchScore {
  /** Per section: the count-weighted mean accuracy of its present subsets; null when none is. */
  readonly sections: readonly {
    readonly name: string;
    readonly score: number | null;
    readonly subsets: readonly string[];
  }[];
  /** Plain mean of the prior sets present; null when none is (then it has no weight). */
  readonly priorSets: number | null;
  /** Weighted mean of the present sections (and prior sets); null when nothing is present. */
  readonly overall: number | null;
  /** Subsets given that no section names (reported, not scored). */
  readonly unscoredSubsets: readonly string[];
}

/**
 * Scores per-subset accuracies as RewardBench v1 does. Subsets absent from the input are left
 * out of their section's weighted mean (as upstream); a section with no subset present is null
 * and left out of the overall (upstream would score it 0). With all four sections and no prior
 * sets the overall is their plain mean.
 *
 * @example rewardBenchScore({ "alpacaeval-easy": 0.9, "mt-bench-easy": 0.5 }).overall
 *   // Chat = (0.9·100 + 0.5·28)/128 = 0.8125, the only section, so overall 0.8125
 * @throws RangeError on an accuracy outside [0, 1] or a non-positive count or weight.
 */
export function rewardBenchScore(
  perSubsetAccuracy: Readonly<Record<string, number>>,
  sections: RewardBenchSections = REWARDBENCH_V1,
): RewardBenchScore {
  for (const [name, a] of Object.entries(perSubsetAccuracy)) {
    if (!(a >= 0 && a <= 1))
      throw new RangeError(`accuracy of ${name} must be in [0, 1], got ${a}`);
  }
  const has = (name: string) => Object.hasOwn(perSubsetAccuracy, name);
  const named = new Set<string>(sections.priorSets?.subsets ?? []);
  let weighted = 0;
  let weights = 0;
  const out = sections.sections.map((section) => {
    if (!(section.weight > 0)) throw new RangeError(`weight of ${section.name} must be > 0`);
    let sum = 0;
    let count = 0;
    const present: string[] = [];
    for (const [name, n] of Object.entries(section.subsets)) {
      named.add(name);
      if (!(n > 0)) throw new RangeError(`count of ${name} must be > 0, got ${n}`);
      if (!has(name)) continue;
      present.push(name);
      sum += perSubsetAccuracy[name]! * n;
      count += n;
    }
    const score = count > 0 ? sum / count : null;
    if (score !== null) {
      weighted += section.weight * score;
      weights += section.weight;
    }
    return { name: section.name, score, subsets: present };
  });
  let priorSets: number | null = null;
  const prior = sections.priorSets?.subsets.filter(has) ?? [];
  if (sections.priorSets && prior.length > 0) {
    priorSets = prior.reduce((s, name) => s + perSubsetAccuracy[name]!, 0) / prior.length;
    weighted += sections.priorSets.weight * priorSets;
    weights += sections.priorSets.weight;
  }
  return {
    sections: out,
    priorSets,
    overall: weights > 0 ? weighted / weights : null,
    unscoredSubsets: Object.keys(perSubsetAccuracy).filter((name) => !named.has(name)),
  };
}
