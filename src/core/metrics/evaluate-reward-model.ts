// Reward-model accuracy (methods.md §B1, RewardBench scripts/run_rm.py): a comparison is right
// when the gold-preferred response scores strictly higher; equal scores are wrong (and reported
// as the tie rate). Intervals: percentile bootstrap over comparisons, stratified by subset, by
// multinomial counts of the four outcomes (right, tie, wrong, unscored) per subset. The
// RewardBench score's interval comes from the same resamples.
import { createRandom } from "../random/xoshiro128.js";
import { bootstrapSettings, patternBootstrap, percentileInterval } from "./pattern-bootstrap.js";
import { type RewardBenchScore, rewardBenchScore } from "./rewardbench-score.js";
import type { RewardBenchSections } from "./rewardbench-v1.js";
import type { BootstrapOptions, Estimate } from "./types.js";
import { CLASS_A, CLASS_TIE, classOf } from "./verdict-patterns.js";

export interface RewardModelTable {
  /** Scores of `a` and `b`; NaN: the model gave none (counted wrong, reported as unscored). */
  readonly scoreA: Float64Array;
  readonly scoreB: Float64Array;
  /** Gold preference for `a` in [0, 1]; ties (0.5) are left out and counted. */
  readonly gold: Float64Array;
  /** Index into subsetNames, -1 none. */
  readonly subset: Int32Array;
  readonly subsetNames: readonly string[];
}

export interface RewardModelOptions extends BootstrapOptions {
  /** Also score the subsets as RewardBench does (with these sections, or v1's when true). */
  readonly rewardBench?: boolean | RewardBenchSections;
}

export interface RewardModelMetrics {
  /** Comparisons with a decisive gold label. */
  readonly n: number;
  readonly goldTies: number;
  readonly unscored: number;
  readonly accuracy: Estimate | null;
  /** Comparisons whose two scores are equal (counted wrong in accuracy). */
  readonly tieRate: Estimate | null;
}

export interface RewardModelEvaluation {
  readonly settings: {
    readonly rounds: number;
    readonly seed: number;
    readonly confidence: number;
  };
  readonly overall: RewardModelMetrics;
  readonly subsets: readonly (RewardModelMetrics & { readonly subset: string })[];
  /** Point scores, with `intervals` from the bootstrap (null entries when rounds = 0). */
  readonly rewardBench:
    | (RewardBenchScore & {
        readonly intervals: {
          readonly overall: Estimate["ci"];
          readonly sections: readonly Estimate["ci"][];
        };
      })
    | null;
}

const RIGHT = 0;
const TIE = 1;
const UNSCORED = 3;

/**
 * @example evaluateRewardModel({ scoreA, scoreB, gold, subset, subsetNames }, { rewardBench: true })
 * @throws RangeError on arrays of unequal length, gold outside [0, 1], a bad subset index or options.
 * Complexity: O(n + rounds · subsets).
 */
export function evaluateRewardModel(
  table: RewardModelTable,
  options: RewardModelOptions = {},
): RewardModelEvaluation {
  const settings = bootstrapSettings(options);
  const n = table.gold.length;
  if (table.scoreA.length !== n || table.scoreB.length !== n || table.subset.length !== n) {
    throw new RangeError("scoreA, scoreB, gold and subset must have the same length");
  }
  const subsets = table.subsetNames.length;
  const counts = Array.from({ length: subsets + 1 }, () => new Float64Array(4));
  const goldTies = new Float64Array(subsets + 1);
  for (let i = 0; i < n; i++) {
    const g = table.gold[i]!;
    const s = table.subset[i]!;
    if (!(g >= 0 && g <= 1)) throw new RangeError(`gold[${i}] must be in [0, 1], got ${g}`);
    if (!(s >= -1 && s < subsets))
      throw new RangeError(`subset[${i}] must be -1 or below ${subsets}`);
    const stratum = s < 0 ? subsets : s;
    const gold = classOf(g);
    if (gold === CLASS_TIE) {
      goldTies[stratum]! += 1;
      continue;
    }
    const margin = (gold === CLASS_A ? 1 : -1) * (table.scoreA[i]! - table.scoreB[i]!);
    const outcome = Number.isNaN(margin) ? UNSCORED : margin > 0 ? RIGHT : margin === 0 ? TIE : 2;
    counts[stratum]![outcome]! += 1;
  }
  const sections = options.rewardBench === true ? undefined : options.rewardBench || null;
  const wantScore = options.rewardBench !== undefined && options.rewardBench !== false;

  const groups = subsets + 1; // subsets, then overall
  const accuracy = Array.from({ length: groups }, () => new Float64Array(settings.rounds));
  const tieRate = Array.from({ length: groups }, () => new Float64Array(settings.rounds));
  const scoreSamples: { overall: Float64Array; sections: Float64Array[] } = {
    overall: new Float64Array(settings.rounds),
    sections: [],
  };
  const total = new Float64Array(4);
  const perSubset: Record<string, number> = {};
  const rate = (c: Float64Array, k: number) => {
    const m = c[0]! + c[1]! + c[2]! + c[3]!;
    return m > 0 ? c[k]! / m : Number.NaN;
  };
  patternBootstrap(counts, settings.rounds, createRandom(settings.seed), (round, s, c) => {
    if (s === 0) total.fill(0);
    for (let k = 0; k < 4; k++) total[k]! += c[k]!;
    const group = Math.min(s, subsets);
    const t = s < subsets ? c : total;
    accuracy[group]![round] = rate(t, RIGHT);
    tieRate[group]![round] = rate(t, TIE);
    if (wantScore && s < subsets) {
      const a = rate(c, RIGHT);
      if (Number.isNaN(a)) delete perSubset[table.subsetNames[s]!];
      else perSubset[table.subsetNames[s]!] = a;
    }
    if (wantScore && s === subsets) {
      const score = rewardBenchScore(perSubset, sections ?? undefined);
      scoreSamples.overall[round] = score.overall ?? Number.NaN;
      score.sections.forEach((section, k) => {
        scoreSamples.sections[k] ??= new Float64Array(settings.rounds);
        scoreSamples.sections[k]![round] = section.score ?? Number.NaN;
      });
    }
  });

  const interval = (samples: Float64Array | undefined) =>
    settings.rounds > 0 && samples ? percentileInterval(samples, settings.confidence) : null;
  const metrics = (c: Float64Array, group: number, ties: number): RewardModelMetrics => {
    const m = c[0]! + c[1]! + c[2]! + c[3]!;
    const est = (k: number, samples: Float64Array): Estimate | null =>
      m > 0 ? { value: c[k]! / m, n: m, ci: interval(samples) } : null;
    return {
      n: m,
      goldTies: ties,
      unscored: c[UNSCORED]!,
      accuracy: est(RIGHT, accuracy[group]!),
      tieRate: est(TIE, tieRate[group]!),
    };
  };
  const all = new Float64Array(4);
  for (const c of counts) for (let k = 0; k < 4; k++) all[k]! += c[k]!;
  const subsetMetrics = table.subsetNames.map((subset, s) => ({
    subset,
    ...metrics(counts[s]!, s, goldTies[s]!),
  }));
  let rewardBench: RewardModelEvaluation["rewardBench"] = null;
  if (wantScore) {
    const point: Record<string, number> = {};
    for (const m of subsetMetrics) if (m.accuracy) point[m.subset] = m.accuracy.value;
    const score = rewardBenchScore(point, sections ?? undefined);
    rewardBench = {
      ...score,
      intervals: {
        overall: interval(scoreSamples.overall),
        sections: score.sections.map((_, k) => interval(scoreSamples.sections[k])),
      },
    };
  }
  return {
    settings,
    overall: metrics(
      all,
      subsets,
      goldTies.reduce((a, b) => a + b, 0),
    ),
    subsets: subsetMetrics,
    rewardBench,
  };
}
